// Scrolling ten years of history in the real window (issue 10: the review screen with 100,000
// transactions scrolls without dropped frames). The release app opens a 100,000-row statement
// (written by examples/bench_data.rs) in a consultation, so nothing is stored; then the table is
// scrolled a little every frame for a few seconds, as a wheel or a held arrow key would, and the
// time between frames is recorded in the page. A benchmark, not a test: it prints, it does not
// assert.
//
//   [WINDOW=1280x900] scripts/with-keyring.sh node tests/e2e/bench-scroll.mjs STATEMENT.csv [SECONDS]
import { newHome, openApp, removeHome, screenshot, startDisplay } from "./harness.mjs";

const statement = process.argv[2];
if (!statement) throw new Error("usage: bench-scroll.mjs STATEMENT.csv [SECONDS]");
const seconds = Number(process.argv[3] ?? 5);
const display = await startDisplay();
const home = newHome();
try {
  const started = performance.now();
  const app = await openApp(display.display, { args: ["--consultation", statement], home });
  try {
    const { browser } = app;
    const [width, height] = (process.env.WINDOW ?? "1280x900").split("x").map(Number);
    await browser.setWindowSize(width, height);
    await browser.$("table.transactions tbody tr[data-row]").waitForExist({ timeout: 120_000 });
    const shown = (performance.now() - started) / 1000;
    const rows = await browser.execute(() => document.querySelector("table.transactions")?.getAttribute("aria-rowcount"));
    // The window's own frame rhythm with nothing changing, as the yardstick: under Xvfb WebKit
    // paints in software, so a frame is slower than on a desktop's display.
    const idle = await browser.execute(
      () =>
        new Promise((done) => {
          const intervals = [];
          let previous = performance.now();
          const step = (now) => {
            intervals.push(now - previous);
            previous = now;
            if (intervals.length < 60) requestAnimationFrame(step);
            else done(intervals.slice(1).sort((a, b) => a - b)[29]);
          };
          requestAnimationFrame(step);
        }),
    );
    const frames = await browser.execute(
      (durationMs) =>
        new Promise((done) => {
          const box = document.querySelector(".table-scroll");
          box.scrollIntoView();
          // The table's own work per step (making rows, and the layout that measuring forces).
          const work = [];
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntriesByName("table-render")) work.push(entry.duration);
          });
          observer.observe({ entryTypes: ["measure"] });
          const intervals = [];
          let previous = performance.now();
          const start = previous;
          const step = (now) => {
            intervals.push(now - previous);
            previous = now;
            // About twelve rows a frame: a brisk wheel.
            box.scrollTop += 480;
            if (now - start < durationMs) requestAnimationFrame(step);
            else {
              observer.disconnect();
              done({ intervals, work, scrolledTo: box.scrollTop, rendered: document.querySelectorAll("tr[data-row]").length });
            }
          };
          requestAnimationFrame(step);
        }),
      seconds * 1000,
    );
    await screenshot(browser, "scroll-100k.png");
    const intervals = frames.intervals.slice(1).sort((a, b) => a - b);
    const at = (q) => intervals[Math.min(intervals.length - 1, Math.floor(q * intervals.length))];
    const median = at(0.5);
    // A frame is dropped when it took longer than one and a half frames of a 60 Hz display
    // (25 ms: it missed its refresh), or of the window's idle rhythm where that is slower.
    const budget = Math.max(1000 / 60, idle) * 1.5;
    const dropped = intervals.filter((ms) => ms > budget).length;
    const work = frames.work.sort((a, b) => a - b);
    const workAt = (q) => work[Math.min(work.length - 1, Math.floor(q * work.length))] ?? 0;
    console.log(
      `${Number(rows) - 1} rows shown ${shown.toFixed(1)} s after launch (import and review included); ` +
        `scrolled ${frames.scrolledTo} px in ${intervals.length} frames: median ${median.toFixed(1)} ms, ` +
        `p95 ${at(0.95).toFixed(1)} ms, worst ${intervals[intervals.length - 1].toFixed(1)} ms, ` +
        `${dropped} dropped, over ${budget.toFixed(1)} ms (${((100 * dropped) / intervals.length).toFixed(1)}%); ` +
        `${frames.rendered} rows in the page; idle frame ${idle.toFixed(1)} ms; ` +
        `the table's own work per step (${work.length} steps): median ${workAt(0.5).toFixed(1)} ms, ` +
        `p95 ${workAt(0.95).toFixed(1)} ms, worst ${(work[work.length - 1] ?? 0).toFixed(1)} ms`,
    );
  } finally {
    await app.close();
  }
} finally {
  removeHome(home);
  await display.stop();
}
