// End-to-end: connecting an account to a bank in the real app, against the sandbox bank over
// real HTTP on 127.0.0.1, with the real keychain: the Connect screen, the first sync with its
// progress bar, the flags, and the periodic check that raises a desktop notification when the
// fraudster comes back. The token is kept in the keychain only.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { displayForTests, filesUnder, newHome, openApp, removeHome, screenshot, startSandbox, watchNotifications } from "./harness.mjs";

const TOKEN = "sandbox-jp-token-9a41";
const PSD2_TOKEN = "sandbox-psd2-token-7d3f";
const HOSTILE = `ﾄﾞｺﾓｺｳｻﾞ<img src=x onerror="document.title='pwned'">`;
const PSD2_CONSENT = "consent-sbx-51c2";

const display = displayForTests();

test("connect a bank, sync with progress, and be notified when a new withdrawal is flagged", async () => {
  const bank = await startSandbox();
  const notifications = watchNotifications();
  const home = newHome();
  try {
    const app = await openApp(display(), { args: ["--check-every=3s"], home });
    try {
      const { browser } = app;
      const create = await browser.$("#create-store");
      await create.waitForExist({ timeout: 10_000 });
      await create.click();
      await browser.$("#phrase-written").click();

      await browser.$("#connect-bank").click();
      await browser.$("#connect").waitForExist({ timeout: 10_000 });
      await browser.$("#bank-profile").selectByAttribute("value", "sandbox");
      // A wrong token first: the bank's refusal is said in words, and nothing is connected.
      await browser.$("#japan-token").setValue("not-the-token");
      await browser.$(".advanced summary").click();
      await browser.$("#japan-base-url").setValue(bank.japanUrl);
      await screenshot(browser, "connect.png");
      await browser.$("#test-connection").click();
      const refusal = await browser.$(".connect .form-problem");
      await browser.waitUntil(async () => (await refusal.getText()) !== "", { timeout: 10_000 });
      assert.match(await refusal.getText(), /did not accept the token/);

      await browser.$("#japan-token").setValue(TOKEN);
      await browser.$("#test-connection").click();
      const label = await browser.$("#account-label");
      await label.waitForExist({ timeout: 10_000 });
      assert.match(await browser.$("#connect").getText(), /\*\*\*4321/);
      await screenshot(browser, "connect-choose.png");
      await label.setValue("年金の口座");
      await browser.$("#connect-account").click();

      // The first sync brings the history; the burst is flagged.
      const result = await browser.$(".import-result");
      await result.waitForExist({ timeout: 20_000 });
      assert.match(await result.getText(), /銀行から取り込みました/);
      assert.match(await result.getText(), /新たに確認が必要な出金が4件/);
      assert.equal(
        await browser.$("[data-testid=answer]").getText(),
        "確認が必要な出金が4件あります。 4 withdrawals need your attention.",
      );
      await screenshot(browser, "synced.png");

      await browser.$("#back-home").click();
      const card = await browser.$('.account[data-label="年金の口座"]');
      await card.waitForExist({ timeout: 10_000 });
      assert.match(await card.getText(), /銀行と連携中/);

      // The fraudster comes back; the periodic check finds it and raises a notification.
      const before = notifications.seen();
      // Its statement text, as the bank's API sends it, carries markup: it must show as text.
      await bank.book(20_000, HOSTILE);
      const notice = await browser.$(".new-flags");
      await notice.waitForExist({ timeout: 30_000, timeoutMsg: "the periodic check did not report the new withdrawal" });
      assert.match(await notice.getText(), /新たに確認が必要な出金が1件/);
      await browser.waitUntil(() => notifications.seen().length > before.length && notifications.seen().includes("Kouza Guard"), {
        timeout: 10_000,
        timeoutMsg: "no desktop notification was sent",
      });
      assert.match(notifications.seen(), /20,000/);
      await screenshot(browser, "new-flag-notice.png");
      await browser.$("#see-new-flags").click();
      await card.waitForExist({ timeout: 10_000 });
      assert.match(await browser.$('.account[data-label="年金の口座"]').getText(), /5件/);
      await browser.$('.account[data-label="年金の口座"] button').click();
      await browser.$("[data-testid=answer]").waitForExist({ timeout: 10_000 });
      assert.match(await browser.$("body").getText(), /ﾄﾞｺﾓｺｳｻﾞ<img src=x onerror=/);
      assert.equal(await browser.execute(() => document.querySelectorAll("img").length), 0);
      assert.notEqual(await browser.getTitle(), "pwned");
      await browser.$("#back-home").click();

      // The same account through the other two APIs the sandbox serves: PSD2, then SimpleFIN.
      const viaOther = async (kind, fill, name) => {
        await browser.$("#connect-bank").click();
        await browser.$("#connect").waitForExist({ timeout: 10_000 });
        await browser.$(`#provider-${kind}`).click();
        await fill();
        await browser.$("#test-connection").click();
        const accountLabel = await browser.$("#account-label");
        await accountLabel.waitForExist({ timeout: 10_000 });
        await accountLabel.setValue(name);
        await browser.$("#connect-account").click();
        await browser.$(".import-result").waitForExist({ timeout: 20_000 });
        assert.match(await browser.$("[data-testid=answer]").getText(), /確認が必要な出金が5件あります。/, name);
        await browser.$("#back-home").click();
      };
      await viaOther(
        "psd2",
        async () => {
          await browser.$("#psd2-base-url").setValue(bank.psd2Url);
          await browser.$("#psd2-token").setValue(PSD2_TOKEN);
          await browser.$("#psd2-consent").setValue(PSD2_CONSENT);
        },
        "PSD2の口座",
      );
      await viaOther("simpleFin", () => browser.$("#simplefin-token").setValue(bank.simpleFinSetupToken), "SimpleFINの口座");
      await browser.$('.account[data-label="SimpleFINの口座"]').waitForExist({ timeout: 10_000 });
      await screenshot(browser, "connected-home.png");
    } finally {
      await app.close();
    }
    // The token went to the keychain only: not in any file the app or WebKit wrote.
    for (const file of filesUnder(home)) {
      const bytes = readFileSync(file);
      for (const secret of [TOKEN, PSD2_TOKEN, PSD2_CONSENT, "sfin-secret-6f0a"]) {
        assert.ok(!bytes.includes(secret), `a secret is in ${file}`);
      }
    }
  } finally {
    await notifications.stop();
    await bank.stop();
    removeHome(home);
  }
});
