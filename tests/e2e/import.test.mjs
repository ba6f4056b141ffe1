// End-to-end: a large statement's import shows its progress and can be cancelled, keeping
// nothing. The file (600,000 rows, about 27 MB) is written by the test and given at launch, as
// "Open with Kouza Guard" would; a consultation, so no keychain is needed.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { displayForTests, newHome, openApp, removeHome, screenshot } from "./harness.mjs";

const display = displayForTests();

function largeStatement(path, rows) {
  const lines = ["年月日,お引出し,お預入れ,お取り扱い内容,残高"];
  let balance = 900_000_000;
  const start = Date.UTC(2012, 0, 1);
  for (let i = 0; i < rows; i++) {
    balance -= 100;
    const day = new Date(start + Math.floor(i / 200) * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "/");
    lines.push(`${day},100,,ﾃﾞﾝｷﾀﾞｲ,${balance}`);
  }
  writeFileSync(path, lines.join("\n") + "\n");
}

test("a large import shows how far it has read, and Cancel stops it with nothing kept", async () => {
  const home = newHome();
  const statement = join(home, "ten-years.csv");
  largeStatement(statement, 600_000);
  try {
    const app = await openApp(display(), { args: ["--consultation", statement], home });
    try {
      const { browser } = app;
      const cancel = await browser.$("#cancel-import");
      await cancel.waitForExist({ timeout: 15_000 });
      await browser.waitUntil(async () => (await browser.$("#importing [role=status]").getText()).includes("ten-years.csv"), {
        timeout: 10_000,
        timeoutMsg: "the import did not say which file it reads",
      });
      // While the file is read, the bar shows how far (a fraction, not only movement). The bar
      // and the words are read together, so the fraction is the reading's, not the saving's.
      await browser.waitUntil(
        async () => {
          const shown = await browser.execute(() => {
            const bar = document.querySelector("#import-progress");
            return {
              fraction: bar.hasAttribute("value") ? bar.position : null,
              words: document.querySelector("#importing [role=status]").textContent,
            };
          });
          return shown.words.includes("読んでいます") && shown.fraction > 0 && shown.fraction < 1;
        },
        { timeout: 10_000, interval: 20, timeoutMsg: "the bar did not show how far the file was read" },
      );
      await screenshot(browser, "import-progress.png");
      await cancel.click();
      const problem = await browser.$(".problem[data-code=cancelled]");
      await problem.waitForExist({ timeout: 30_000 });
      assert.equal(await problem.getText(), "取り消しました。何も保存していません。 Cancelled; nothing from it was kept.");
      // Home, with no account: nothing of the file was kept.
      await browser.$("#home").waitForExist({ timeout: 10_000 });
      assert.equal(await browser.$$(".account").length, 0);
    } finally {
      await app.close();
    }
  } finally {
    removeHome(home);
  }
});
