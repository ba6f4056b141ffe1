// End-to-end: a statement no layout reads opens the mapping step instead of a dead end. The
// person describes its columns in the real window, the account is reviewed, and after a restart
// the same bank's next file is read without asking. The store is protected by a passphrase (no
// keychain here), so the test needs no keyring. The step is also checked with axe-core (WCAG 2.1
// AA) in Japanese and, in a consultation, in English at the largest text.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { displayForTests, newHome, openApp, removeHome, screenshot, tableCells } from "./harness.mjs";

const display = displayForTests();
const fixtures = join(import.meta.dirname, "../fixtures/app");
const SEPTEMBER = join(fixtures, "mirai-shinkin-2020-09.csv");
const OCTOBER = join(fixtures, "mirai-shinkin-2020-10.csv");
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/bus" };
const PASSPHRASE = "mapping e2e passphrase";
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

async function violations(browser) {
  await browser.execute(axeSource);
  return browser.execute(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }).then((result) =>
      result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ),
  );
}

test("an unknown export is mapped in the window, reviewed, and the bank's next file reads without asking", async () => {
  const home = newHome();
  try {
    let app = await openApp(display(), { args: [SEPTEMBER], home, env: NO_KEYCHAIN });
    try {
      const { browser } = app;
      await browser.setWindowSize(1100, 1900);
      await browser.$("#passphrase").waitForExist({ timeout: 15_000 });
      await browser.$("#passphrase").setValue(PASSPHRASE);
      await browser.$("#passphrase-again").setValue(PASSPHRASE);
      await browser.$("#create-store").click();

      // No layout fits: the mapping step, not an error.
      const mapping = await browser.$("#mapping");
      await mapping.waitForExist({ timeout: 15_000 });
      assert.equal(await browser.$(".problem").isExisting(), false, "no dead-end error");
      const heads = await browser.execute(() => [...document.querySelectorAll("#mapping thead th")].map((th) => th.textContent));
      assert.deepEqual(heads, ["処理日", "お取引内容", "お引落し額", "お預け入れ額", "差引残高"]);
      assert.deepEqual(await tableCells(browser), [
        ["2020/09/01", "ｷﾕｳﾖ ﾐﾗｲｼﾖｳｼﾞ", "", "250000", "1250000"],
        ["2020/09/04", "ﾄﾞｺﾓｺｳｻﾞ", "100000", "", "1150000"],
        ["2020/09/04", "ﾄﾞｺﾓｺｳｻﾞ", "100000", "", "1050000"],
        ["2020/09/10", "ﾃﾞﾝｷﾀﾞｲ", "8000", "", "1042000"],
      ]);
      assert.match(await browser.$("#mapping-preview-caption").getText(), /Shift_JIS/);
      // The guesses from what each column holds.
      assert.equal(await browser.$("#mapping-date").getValue(), "処理日");
      assert.equal(await browser.$("#mapping-withdrawal").getValue(), "お引落し額");
      assert.equal(await browser.$("#mapping-deposit").getValue(), "お預け入れ額");
      assert.equal(await browser.$("#mapping-balance").getValue(), "差引残高");
      assert.deepEqual(await violations(browser), [], "the mapping step meets WCAG 2.1 AA");
      await browser.execute(() => {
        document.documentElement.dataset.textSize = "largest";
      });
      assert.deepEqual(await violations(browser), [], "and at the largest text");
      await browser.execute(() => {
        delete document.documentElement.dataset.textSize;
      });

      // A description that does not read the file says where, and keeps nothing.
      await browser.$("#mapping-bank").setValue("Mirai Shinkin");
      await browser.$("#mapping-amount-one").click();
      await browser.$("#mapping-signed").selectByAttribute("value", "お取引内容");
      await browser.$("#mapping-import").click();
      await browser.waitUntil(async () => (await browser.$("#mapping-problem").getText()) !== "", {
        timeout: 10_000,
        timeoutMsg: "the failed import said nothing",
      });
      assert.match(await browser.$("#mapping-problem").getText(), /^⚠?\s*この指定では読み込めませんでした。.*line 4, field お取引内容/s);
      assert.equal(await browser.$("#mapping").isExisting(), true, "still on the mapping step");

      // By keyboard: back to two columns, then Enter in the bank's name submits the form.
      await browser.$("#mapping-amount-two").click();
      await browser.$("#mapping-bank").click();
      await screenshot(browser, "mapping.png");
      await browser.keys("Enter");

      // The account is reviewed as after any import.
      await browser.$(".import-result").waitForExist({ timeout: 15_000 });
      assert.match(await browser.$(".import-result").getText(), /mirai-shinkin-2020-09\.csv/);
      await browser.$("[data-testid=answer]").waitForExist({ timeout: 10_000 });
      assert.equal((await tableCells(browser)).length, 4);
      assert.match(await browser.$("body").getText(), /ドコモ口座/);
    } finally {
      await app.close();
    }

    // A restart with the bank's next file: read through the saved mapping, no question asked.
    app = await openApp(display(), { args: [OCTOBER], home, env: NO_KEYCHAIN });
    try {
      const { browser } = app;
      await browser.$("#unlock-store").waitForExist({ timeout: 15_000 });
      await browser.$("#passphrase").setValue(PASSPHRASE);
      await browser.$("#unlock-store").click();
      await browser.$(".import-result").waitForExist({ timeout: 15_000 });
      assert.equal(await browser.$("#mapping").isExisting(), false, "no mapping step for a known bank");
      assert.match(await browser.$(".import-result").getText(), /mirai-shinkin-2020-10\.csv/);
      assert.equal((await tableCells(browser)).length, 6, "both months in one account");
    } finally {
      await app.close();
    }
  } finally {
    removeHome(home);
  }
});

test("the mapping step in English, at the largest text, in a consultation: axe-core clean, and giving up keeps nothing", async () => {
  const home = newHome();
  try {
    const app = await openApp(display(), { args: ["--consultation", OCTOBER], home, env: { LC_MESSAGES: "en_US.UTF-8" } });
    try {
      const { browser } = app;
      await browser.setWindowSize(1100, 1000);
      await browser.$("#mapping").waitForExist({ timeout: 15_000 });
      await browser.execute(() => {
        document.documentElement.dataset.textSize = "largest";
      });
      assert.match(await browser.$("#mapping-title").getText(), /^Tell the app this statement's columns/);
      assert.deepEqual(await violations(browser), [], "English, largest text");
      await screenshot(browser, "mapping-english-largest.png");
      await browser.$("#mapping-give-up").click();
      await browser.$("#home").waitForExist({ timeout: 10_000 });
      assert.equal((await browser.$$(".account")).length, 0);
    } finally {
      await app.close();
    }
  } finally {
    removeHome(home);
  }
});
