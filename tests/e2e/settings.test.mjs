// End-to-end: the language and the text size in the real window. The app follows the system
// locale (English here), a person switches to Japanese and the largest text in Settings, and the
// choice is still there when the app is opened again; the timeline and the table show on the way.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { displayForTests, newHome, openApp, removeHome, screenshot } from "./harness.mjs";

const display = displayForTests();

const rootFontSize = (browser) => browser.execute(() => getComputedStyle(document.documentElement).fontSize);

test("English from the locale, then Japanese and the largest text from Settings, kept for next time", async () => {
  const home = newHome();
  // Only the messages' locale: GTK keeps C.UTF-8 for characters, which every machine has.
  const english = { LC_MESSAGES: "en_US.UTF-8" };
  try {
    let app = await openApp(display(), { args: ["--demo"], home, env: english });
    try {
      const { browser } = app;
      const answer = await browser.$("[data-testid=answer]");
      await answer.waitForExist({ timeout: 15_000 });
      assert.equal(await answer.getText(), "4 withdrawals need your attention. 確認が必要な出金が4件あります。");
      assert.equal(await browser.execute(() => document.documentElement.lang), "en");
      // Money and dates in the English way, in the table the review scrolls.
      const first = await browser.execute(() =>
        [...document.querySelectorAll("table.transactions tbody tr[data-row] td")].slice(0, 4).map((td) => td.textContent),
      );
      assert.deepEqual(first, ["Jul 1, 2020", "ＡＴＭ", "", "¥30,000"]);
      // The timeline is drawn (uPlot's canvas), and says in words what it shows.
      await browser.$(".timeline canvas").waitForExist({ timeout: 10_000 });
      const label = await browser.$(".timeline-plot").getAttribute("aria-label");
      assert.match(label, /^Withdrawals by day, Jul 1, 2020 to Sep 14, 2020\. E-money: PayPay on 3 days, docomo Koza \(d Barai\) on 1 day\./);
      assert.match(label, /Days with withdrawals that need a look: 1\./);
      await browser.setWindowSize(1100, 1400);
      await screenshot(browser, "review-english.png");

      await browser.$("#open-settings").click();
      await browser.$("#settings").waitForExist({ timeout: 10_000 });
      assert.ok(await browser.$("#language-auto").isSelected(), "the locale is followed until a person chooses");
      assert.equal(await rootFontSize(browser), "18px");
      // By keyboard, as a person without a mouse would.
      await browser.$("#language-ja").click();
      await browser.waitUntil(async () => (await browser.$("#settings h2").getText()) === "設定 Settings", {
        timeout: 10_000,
        timeoutMsg: "the settings did not turn Japanese",
      });
      assert.equal(await browser.execute(() => document.activeElement?.id), "language-ja");
      await browser.$("#text-size-largest").click();
      await browser.waitUntil(async () => (await rootFontSize(browser)) === "27px", {
        timeout: 10_000,
        timeoutMsg: "the text did not grow",
      });
      assert.equal(await browser.$(".settings-status").getText(), "保存しました。 Saved.");
      await screenshot(browser, "settings-largest.png");
    } finally {
      await app.close();
    }
    const saved = join(home, ".config/jp.kouzaguard.app/preferences.toml");
    assert.ok(existsSync(saved), "the choice is kept in the config folder");
    assert.match(readFileSync(saved, "utf8"), /language = "ja"/);

    // Opened again, still in an English locale: the person's choice wins.
    app = await openApp(display(), { args: ["--demo"], home, env: english });
    try {
      const { browser } = app;
      const answer = await browser.$("[data-testid=answer]");
      await answer.waitForExist({ timeout: 15_000 });
      assert.equal(await answer.getText(), "確認が必要な出金が4件あります。 4 withdrawals need your attention.");
      assert.equal(await rootFontSize(browser), "27px");
      await browser.setWindowSize(1100, 1400);
      await screenshot(browser, "review-largest-text.png");
    } finally {
      await app.close();
    }
  } finally {
    removeHome(home);
  }
});

test("services I use: saying PayPay is never used flags its top-ups, in a consultation that keeps no settings", async () => {
  const home = newHome();
  const statement = join(import.meta.dirname, "../../data/demo/yucho-demo.csv");
  try {
    const app = await openApp(display(), { args: ["--consultation", statement], home });
    try {
      const { browser } = app;
      const answer = await browser.$("[data-testid=answer]");
      await answer.waitForExist({ timeout: 15_000 });
      assert.equal(await answer.getText(), "確認が必要な出金が4件あります。 4 withdrawals need your attention.");
      await browser.$("#open-settings").click();
      const paypay = await browser.$("select[data-service=paypay]");
      await paypay.waitForExist({ timeout: 10_000 });
      assert.equal(await paypay.getValue(), "");
      await paypay.selectByAttribute("value", "no");
      await browser.waitUntil(async () => (await browser.$(".declared .settings-status").getText()).includes("保存しました"), {
        timeout: 10_000,
        timeoutMsg: "the answer about PayPay was not kept",
      });
      // The contacts the sheet gives, each with its number and source.
      const contacts = await browser.$$(".contacts .contact-name").map((c) => c.getText());
      assert.ok(contacts.some((c) => c.includes("#9110")), contacts.join("\n"));
      assert.equal(await browser.$$(".contacts .source").length, contacts.length);
      await browser.$("#text-size-large").click();
      await browser.waitUntil(async () => (await rootFontSize(browser)) === "22px", { timeout: 10_000 });
      await screenshot(browser, "settings-services.png");
      await browser.$("#back-home").click();
      const card = await browser.$(".account");
      await card.waitForExist({ timeout: 10_000 });
      assert.match(await card.getText(), /確認が必要な出金が7件あります/);
    } finally {
      await app.close();
    }
    assert.ok(!existsSync(join(home, ".config/jp.kouzaguard.app/preferences.toml")), "a consultation keeps no settings");
  } finally {
    removeHome(home);
  }
});
