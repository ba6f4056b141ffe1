// End-to-end: the app as a person gets it, installed from the .deb that scripts/package.sh makes.
// scripts/test.sh installs the package with apt, runs this file with
// KOUZA_GUARD_APP=/usr/bin/kouza-guard-app, and removes the package again. Not part of
// `npm test`: it needs the package installed on the machine.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { appBinary, displayForTests, newHome, openApp, removeHome, screenshot, tableCells } from "../harness.mjs";

const PACKAGE = process.env.KOUZA_GUARD_PACKAGE ?? "kouza-guard";
const CLI = "/usr/bin/kouza-guard";
const repo = resolve(import.meta.dirname, "../../..");
const DEMO = join(repo, "data/demo/yucho-demo.csv");
const FIXTURE = join(repo, "tests/fixtures/app/smbc-burst.csv");
// The statements the desktop entry offers to open (README, "Statement formats read").
const MIME_TYPES = ["text/csv", "application/x-ofx", "application/vnd.intu.qfx", "application/xml", "text/xml", "text/plain"];

/** The files the installed package put on the machine, as dpkg lists them. */
function packageFiles() {
  return execFileSync("dpkg-query", ["-L", PACKAGE]).toString().split("\n").filter(Boolean);
}

function desktopEntry() {
  const entries = packageFiles().filter((path) => path.startsWith("/usr/share/applications/") && path.endsWith(".desktop"));
  assert.equal(entries.length, 1, `one desktop entry in ${PACKAGE}: ${entries.join(", ")}`);
  return entries[0];
}

const display = displayForTests();

test("the package holds the app, the CLI, the icons and a desktop entry for the statements", () => {
  assert.equal(appBinary, "/usr/bin/kouza-guard-app", "run with KOUZA_GUARD_APP=/usr/bin/kouza-guard-app");
  const files = packageFiles();
  for (const path of ["/usr/bin/kouza-guard-app", CLI, "/usr/share/icons/hicolor/128x128/apps/kouza-guard-app.png"]) {
    assert.ok(files.includes(path), `${PACKAGE} installs ${path}`);
  }
  const entry = desktopEntry();
  execFileSync("desktop-file-validate", [entry]);
  const text = readFileSync(entry, "utf8");
  assert.match(text, /^Exec=kouza-guard-app %F$/m, "'Open with' passes the files");
  assert.match(text, /^Icon=kouza-guard-app$/m);
  const declared = text.match(/^MimeType=(.*)$/m)[1].split(";").filter(Boolean);
  assert.deepEqual([...declared].sort(), [...MIME_TYPES].sort());
  // The desktop's MIME cache, updated by dpkg's trigger, offers the app for each type.
  const cache = readFileSync("/usr/share/applications/mimeinfo.cache", "utf8");
  const name = entry.split("/").pop();
  for (const type of MIME_TYPES) {
    const line = cache.split("\n").find((l) => l.startsWith(`${type}=`)) ?? "";
    assert.ok(line.split(/[=;]/).includes(name), `${type} is offered to ${name} in mimeinfo.cache: ${line}`);
  }
});

test("the installed CLI: --version, and scan finds the demo's four flags (exit 1)", () => {
  const version = readFileSync(join(repo, "Cargo.toml"), "utf8").match(/^version = "(.*)"$/m)[1];
  assert.equal(execFileSync(CLI, ["--version"]).toString().trim(), `kouza-guard ${version}`);
  const scan = spawnSync(CLI, ["scan", "--format", "json", DEMO], { encoding: "utf8" });
  assert.equal(scan.status, 1, `exit 1: some flagged (stderr: ${scan.stderr})`);
  const report = JSON.parse(scan.stdout);
  assert.equal(report.flagged.length, 4);
  assert.equal(report.transactions, 19);
});

test("the installed app opens the demo with its four flags", async () => {
  const app = await openApp(display(), { args: ["--demo"] });
  try {
    const { browser } = app;
    await browser.$("table.transactions tbody tr").waitForExist({ timeout: 10_000 });
    assert.equal(
      await browser.$("[data-testid=answer]").getText(),
      "確認が必要な出金が4件あります。 4 withdrawals need your attention.",
    );
    // The four flags are one run: one card with the four withdrawals inside.
    assert.equal(await browser.execute(() => document.querySelectorAll(".flagged-list > li.run").length), 1);
    assert.equal(await browser.execute(() => document.querySelectorAll(".flagged-list .run-rows > li").length), 4);
    assert.equal((await tableCells(browser)).length, 19);
    assert.ok(await browser.$("[data-testid=demo-banner]").isDisplayed());
  } finally {
    await app.close();
  }
});

test("'Open with' through the installed desktop entry: the file is passed, and its review shows", async () => {
  // tauri-driver starts this script in place of the app; the script asks gio to launch the
  // desktop entry with the statement, as a file manager's "Open with" does. The app inherits the
  // driver's environment through gio, so WebDriver still reaches its window. The script stays
  // until the driver ends it: WebKitWebDriver gives up on a browser whose process has exited.
  const scripts = mkdtempSync(join(tmpdir(), "kouza-guard-launch-"));
  const launcher = join(scripts, "open-with.sh");
  writeFileSync(launcher, `#!/bin/sh\ngio launch '${desktopEntry()}' '${FIXTURE}' || exit 1\nexec sleep 3600\n`);
  chmodSync(launcher, 0o755);
  const home = newHome();
  try {
    const app = await openApp(display(), { application: launcher, home });
    try {
      const { browser } = app;
      const create = await browser.$("#create-store");
      await create.waitForExist({ timeout: 15_000 });
      await create.click();
      await browser.$("[data-testid=recovery-phrase]").waitForExist({ timeout: 10_000 });
      await browser.$("#phrase-written").click();
      await browser.$(".import-result").waitForExist({ timeout: 10_000 });
      assert.match(await browser.$(".import-result").getText(), /smbc-burst\.csv → 口座 \(Account\): .*12件のうち新しい取引12件/);
      assert.equal(
        await browser.$("[data-testid=answer]").getText(),
        "確認が必要な出金が3件あります。 3 withdrawals need your attention.",
      );
      assert.equal((await tableCells(browser)).length, 12);
      // Started by the desktop entry's Exec line, with the file in place of %F.
      assert.deepEqual(appsUnder(home).map((app) => app.cmdline), [["kouza-guard-app", FIXTURE]]);
      await screenshot(browser, "installed.png");
    } finally {
      await app.close();
    }
  } finally {
    stopAppsUnder(home);
    removeHome(home);
    rmSync(scripts, { recursive: true, force: true });
  }
});

/** The installed app's processes running on `home`: their ids and command lines. */
function appsUnder(home) {
  return readdirSync("/proc")
    .filter((pid) => /^\d+$/.test(pid))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
        const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
        const ours = (cmdline[0] ?? "").endsWith("kouza-guard-app") && environ.includes(`HOME=${home}`);
        return ours ? [{ pid: Number(pid), cmdline }] : [];
      } catch {
        return []; // gone meanwhile, or not ours to read
      }
    });
}

/**
 * gio starts the app outside the driver's process group; end any installed app still running on
 * this test's HOME (by its process id, only those).
 */
function stopAppsUnder(home) {
  const ours = appsUnder(home);
  for (const { pid } of ours) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 5000;
  while (ours.some(({ pid }) => existsSync(`/proc/${pid}`)) && Date.now() < deadline) execFileSync("sleep", ["0.1"]);
}
