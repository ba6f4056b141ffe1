// Importing ten years of history into the on-disk store from the real window (issue 18: the app's
// import streams like the CLI, and peaks under 150 MB from the drop to "saved"). The release app
// is given a 1,000,000-row statement (written by examples/bench_data.rs) at launch, as "Open with
// Kouza Guard" would, on a fresh HOME: the store is created (the key in the test keychain), and
// the file is imported once the recovery phrase is shown and confirmed. The app's peak resident
// memory is reset just before that confirmation and read once the import says it is saved. A
// benchmark, not a test: it prints, it does not assert.
//
//   scripts/with-keyring.sh node tests/e2e/bench-import.mjs STATEMENT.csv
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { appBinary, newHome, openApp, removeHome, screenshot, startDisplay } from "./harness.mjs";

const statement = process.argv[2];
if (!statement) throw new Error("usage: bench-import.mjs STATEMENT.csv");

/** The app's own process (not WebKit's helpers): the newest one running the app's binary. */
function appPid() {
  return Number(execFileSync("pgrep", ["-n", "-f", `^${appBinary}`]).toString().trim());
}

/** A line of /proc/PID/status, in MB: VmRSS (resident now) or VmHWM (the peak since reset). */
function memory(pid, field) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith(`${field}:`));
  return Number(line.split(/\s+/)[1]) / 1024;
}

const display = await startDisplay();
const home = newHome();
try {
  const app = await openApp(display.display, { args: [statement], home });
  try {
    const { browser } = app;
    await browser.$("#create-store").waitForExist({ timeout: 30_000 });
    await browser.$("#create-store").click();
    await browser.$("#phrase-written").waitForExist({ timeout: 30_000 });
    const pid = appPid();
    const before = memory(pid, "VmRSS");
    // 5 resets the peak resident size to what is resident now (proc(5), clear_refs).
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    const started = performance.now();
    await browser.$("#phrase-written").click();
    let peakSeen = 0;
    const timeline = [];
    const sampler = setInterval(() => {
      try {
        const now = memory(pid, "VmRSS");
        peakSeen = Math.max(peakSeen, now);
        timeline.push(`${((performance.now() - started) / 1000).toFixed(2)}s ${now.toFixed(0)}MB anon ${memory(pid, "RssAnon").toFixed(0)}MB file ${memory(pid, "RssFile").toFixed(0)}MB`);
      } catch {}
    }, 50);
    await browser.$(".import-result").waitForExist({ timeout: 300_000, interval: 100 });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const peak = memory(pid, "VmHWM");
    const result = await browser.$(".import-result").getText();
    if (process.env.TIMELINE) console.log(timeline.filter((_, i) => i % 10 === 0).join("\n"));
    await screenshot(browser, "import-1m-saved.png");
    console.log(
      `${basename(statement)}: from the confirmation to "saved" ${seconds.toFixed(1)} s; ` +
        `the app's resident memory ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB ` +
        `(sampled every 50 ms: ${peakSeen.toFixed(0)} MB); the app said: ${result.replace(/\s+/g, " ")}`,
    );
  } finally {
    await app.close();
  }
} finally {
  removeHome(home);
  await display.stop();
}
