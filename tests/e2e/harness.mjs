// Starts the real built app for a test: its own Xvfb display, its own tauri-driver, and a
// throw-away HOME so the app and WebKit write nothing outside a temporary folder.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before } from "node:test";
import { remote } from "webdriverio";

const repo = resolve(import.meta.dirname, "../..");
export const appBinary = process.env.KOUZA_GUARD_APP ?? join(repo, "target/release/kouza-guard-app");
/** The CLI, built by the Rust test step, for reading back what the app wrote. */
export const cliBinary = process.env.KOUZA_GUARD_CLI ?? join(repo, "target/debug/kouza-guard");
export const artifacts = join(import.meta.dirname, "artifacts");
/** The sandbox bank, a test double for a live bank's APIs on 127.0.0.1. */
export const sandboxBinary = process.env.KOUZA_GUARD_SANDBOX ?? join(repo, "target/release/sandbox-bank");

/**
 * Starts the sandbox bank on a free port; resolves once it listens. `stop()` ends it.
 */
export async function startSandbox(args = []) {
  const port = await freePort();
  const child = spawn(sandboxBinary, ["--port", String(port), ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  await new Promise((ready, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("Book a new withdrawal")) ready();
    });
    child.on("exit", (code) => reject(new Error(`sandbox-bank exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    japanUrl: `${base}/jp/personal/v1`,
    psd2Url: `${base}/psd2`,
    /** The SimpleFIN setup token the sandbox printed (it can be claimed once). */
    simpleFinSetupToken: out.match(/setup token (\S+)/)?.[1],
    /** Books a withdrawal today, as a fraudster's next top-up would appear. */
    book: (amount, text = "ﾄﾞｺﾓｺｳｻﾞ") =>
      fetch(`${base}/_sandbox/book?amount=${amount}&text=${encodeURIComponent(text)}`, { method: "POST" }),
    stop: () => stopProcess(child),
  };
}

/**
 * Watches the D-Bus session bus for desktop notifications (org.freedesktop.Notifications.Notify)
 * and keeps what dbus-monitor prints of them. Nothing answers them here: the call is what counts.
 */
export function watchNotifications() {
  const monitor = spawn("dbus-monitor", ["--session", "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let seen = "";
  monitor.stdout.on("data", (chunk) => {
    seen += chunk;
  });
  return { seen: () => seen, stop: () => stopProcess(monitor) };
}

/** Starts Xvfb on a free display and returns it with a stop function. */
export async function startDisplay() {
  const xvfb = spawn("Xvfb", ["-displayfd", "1", "-screen", "0", "1280x2000x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const display = await new Promise((resolveDisplay, reject) => {
    let out = "";
    xvfb.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolveDisplay(`:${out.trim()}`);
    });
    xvfb.on("exit", (code) => reject(new Error(`Xvfb exited with ${code} before giving a display`)));
  });
  return { display, stop: () => stopProcess(xvfb) };
}

/**
 * Opens the app through tauri-driver on `display`. `env` is added to the app's environment, on
 * top of a fresh HOME and XDG folders; `args` are the app's command-line arguments. Pass `home`
 * (from `newHome()`) to start the app again on the same folders, as after a restart; the caller
 * then removes it. `application` is what tauri-driver starts instead of the built app (the
 * installed package's tests start it through its desktop entry).
 */
export async function openApp(display, { args = [], env = {}, home: givenHome, application = appBinary } = {}) {
  const home = givenHome ?? newHome();
  const xdg = {
    XDG_DATA_HOME: join(home, ".local/share"),
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_STATE_HOME: join(home, ".local/state"),
    XDG_RUNTIME_DIR: join(home, "runtime"),
  };
  for (const dir of Object.values(xdg)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const port = await freePort();
  const nativePort = await freePort();
  // Its own process group: the driver, WebKitWebDriver, the app and WebKit's helper processes
  // are stopped together, and the temporary HOME is removed only once all of them are gone.
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    // Japanese unless a test says otherwise: the app follows the locale (LC_ALL, LC_MESSAGES,
    // LANG), Japanese when it is neither Japanese nor English, and tests assert words. C.UTF-8
    // is always installed, so GTK keeps UTF-8 window titles (the file dialog is found by its title).
    env: { ...process.env, LANG: "C.UTF-8", LC_ALL: "", LC_MESSAGES: "", DISPLAY: display, HOME: home, ...xdg, ...env },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const stopAll = async () => {
    await stopGroup(driver.pid);
    if (!givenHome) removeHome(home);
  };
  try {
    await waitForDriver(port);
    const browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryCount: 0,
      capabilities: {
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application, args },
      },
    });
    return {
      browser,
      home,
      close: async () => {
        await browser.deleteSession().catch(() => {});
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A screenshot of what is painted now: WebKit paints a frame after the DOM changes. */
export async function screenshot(browser, name) {
  // The app paints without compositing (src-tauri/src/painting.rs), and then WebKit serves a
  // snapshot at the window's next paint, which a page that stays still never has: the request
  // would hang. So a pixel in a corner changes by one shade just after the snapshot is asked for,
  // and goes again once it is taken.
  await browser.execute(
    () =>
      new Promise((done) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const dot = document.createElement("div");
            dot.id = "snapshot-nudge";
            dot.setAttribute("aria-hidden", "true");
            dot.style.cssText = "position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none";
            document.body.append(dot);
            setTimeout(() => {
              dot.style.background = "rgba(0, 0, 0, 0.004)";
            }, 100);
            done(true);
          }),
        ),
      ),
  );
  const png = await browser.takeScreenshot();
  await browser.execute(() => document.getElementById("snapshot-nudge")?.remove());
  writeFileSync(join(artifacts, name), Buffer.from(png, "base64"));
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** A fresh temporary HOME for the app. */
export function newHome() {
  return mkdtempSync(join(tmpdir(), "kouza-guard-e2e-"));
}

export function removeHome(home) {
  rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

/** Where the app keeps its data under `home`. */
export function dataDir(home) {
  return join(home, ".local/share/jp.kouzaguard.app");
}

async function waitForDriver(port) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not answer on port ${port} within 20 s`);
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** SIGTERM to a whole process group, SIGKILL after 5 s, and wait until none of it is left. */
async function stopGroup(pgid) {
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (name) => {
    try {
      process.kill(-pgid, name);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  for (const [deadline, next] of [
    [Date.now() + 5000, "SIGKILL"],
    [Date.now() + 10000, null],
  ]) {
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (!alive()) return;
    if (next) signal(next);
  }
  throw new Error(`processes of group ${pgid} survived SIGKILL`);
}

function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill("SIGTERM");
  });
}

/** The text of every cell of the statement table, row by row. */
export async function tableCells(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll("table.transactions tbody tr:not(.spacer)")].map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => td.textContent),
    ),
  );
}

/**
 * Answers the system's save dialog titled `title` on `display`: types `path` as the file name and
 * presses Enter, as a person would. (No window manager runs under Xvfb, so the dialog is focused
 * directly.)
 */
export async function answerSaveDialog(display, title, path) {
  const window = await waitForWindow(display, title);
  const xdotool = (...args) => xdo(display, args);
  xdotool("windowfocus", "--sync", window);
  xdotool("key", "--window", window, "ctrl+a");
  xdotool("type", "--window", window, path);
  xdotool("key", "--window", window, "Return");
}

/**
 * Answers the system's open dialog titled `title` on `display`: opens its location field
 * (Ctrl+L), types `path` and presses Enter, as a person would. Name files so that no other file
 * in the folder starts with the whole name: the field completes what it is given.
 */
export async function answerOpenDialog(display, title, path) {
  // GTK may replace the dialog's first window while it sets up; act on the one there now.
  await new Promise((r) => setTimeout(r, 500));
  const window = await waitForWindow(display, title);
  const xdotool = (...args) => xdo(display, args);
  const settle = () => new Promise((r) => setTimeout(r, 300));
  xdotool("windowfocus", "--sync", window);
  xdotool("key", "--window", window, "ctrl+l");
  // The field appears after the key: what is typed before it would be lost.
  await settle();
  xdotool("type", "--window", window, path);
  await settle();
  xdotool("key", "--window", window, "Return");
}

function xdo(display, args) {
  return execFileSync("xdotool", args, { env: { ...process.env, DISPLAY: display } }).toString().trim();
}

/** Waits for a top-level window whose title is `title` (a regular expression); returns its id. */
export async function waitForWindow(display, title) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      return xdo(display, ["search", "--onlyvisible", "--name", title]).split("\n")[0];
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`no window titled ${title} appeared`);
}

/** Closes the system dialog titled `title` as a person would, with Escape, and waits until it is gone. */
export async function dismissDialog(display, title) {
  // GTK may replace the dialog's first window while it sets up; act on the one there now.
  await new Promise((r) => setTimeout(r, 500));
  const window = await waitForWindow(display, title);
  xdo(display, ["windowfocus", "--sync", window]);
  xdo(display, ["key", "Escape"]);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      xdo(display, ["search", "--onlyvisible", "--name", title]);
    } catch {
      return; // gone
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the dialog ${title} did not close`);
}

/**
 * One Xvfb display for the tests of a file: started before them, stopped after; returns a getter
 * of the display's name (":99") for openApp and xdotool.
 */
export function displayForTests() {
  let display;
  before(async () => {
    display = await startDisplay();
    mkdirSync(artifacts, { recursive: true });
  });
  after(async () => {
    await display?.stop();
  });
  return () => display.display;
}
