// End-to-end: a consultation killed outright (power cut, kill -9) cannot remove its web view's
// folder, which holds the customer's pages. The folder is the owner's only (0700), and the next
// start of the app removes it. The app is started directly (no driver): it is killed, not closed.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { appBinary, displayForTests, newHome, removeHome } from "./harness.mjs";

const display = displayForTests();
const fixture = resolve(import.meta.dirname, "../fixtures/app/smbc-burst.csv");

/** Starts the app in its own process group, on `home`'s folders. */
function start(home, runtime) {
  const xdg = {
    XDG_DATA_HOME: join(home, ".local/share"),
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_STATE_HOME: join(home, ".local/state"),
    XDG_RUNTIME_DIR: runtime,
  };
  for (const dir of Object.values(xdg)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return spawn(appBinary, ["--consultation", fixture], {
    env: { ...process.env, LANG: "C.UTF-8", DISPLAY: display(), HOME: home, ...xdg },
    stdio: "ignore",
    detached: true,
  });
}

const folders = (runtime) => readdirSync(runtime).filter((name) => name.startsWith("kouza-guard-webview-"));

async function until(check, what) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** SIGKILL to the app's whole group (WebKit's helpers too), and wait until it is gone. */
async function kill(child) {
  const gone = new Promise((done) => child.once("exit", done));
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
  await gone;
}

test("a killed consultation's web view folder is private and gone at the next start", async () => {
  const home = newHome();
  const runtime = join(home, "runtime");
  try {
    const first = start(home, runtime);
    await until(() => existsSync(runtime) && folders(runtime).length === 1, "the first run's folder");
    const [left] = folders(runtime);
    assert.equal(statSync(join(runtime, left)).mode & 0o777, 0o700, "the folder is the owner's only");
    // Let WebKit write into it, then kill the app without a chance to clean up.
    await new Promise((r) => setTimeout(r, 3000));
    await kill(first);
    assert.deepEqual(folders(runtime), [left], "a killed run leaves its folder behind");

    const second = start(home, runtime);
    try {
      await until(() => !folders(runtime).includes(left) && folders(runtime).length === 1, "the next start to remove it");
    } finally {
      await kill(second);
    }
  } finally {
    removeHome(home);
  }
});
