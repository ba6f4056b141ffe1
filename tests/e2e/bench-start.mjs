// The app's cold start, for the README (issue 10: ≤ 1.5 s to the first rendered screen under
// Xvfb): from asking tauri-driver for a session, which launches the release app, to the first
// screen's element being in the page. Each run starts on a fresh HOME, so nothing is warm but
// the operating system's file cache. A benchmark, not a test: it prints, it does not assert.
//
//   scripts/with-keyring.sh node tests/e2e/bench-start.mjs [RUNS]
import { newHome, openApp, removeHome, startDisplay } from "./harness.mjs";

const runs = Number(process.argv[2] ?? 5);
const display = await startDisplay();
const times = [];
try {
  for (let run = 0; run < runs; run++) {
    const home = newHome();
    const started = performance.now();
    const app = await openApp(display.display, { home });
    try {
      await app.browser.$("#setup, #home").waitForExist({ timeout: 20_000 });
      // The frame after the DOM change is the one a person sees.
      await app.browser.execute(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))),
      );
      times.push((performance.now() - started) / 1000);
    } finally {
      await app.close();
      removeHome(home);
    }
  }
} finally {
  await display.stop();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `cold start to the first rendered screen: median ${median.toFixed(2)} s over ${times.length} runs ` +
    `(${times.map((t) => t.toFixed(2)).join(", ")} s), tauri-driver's own start included`,
);
