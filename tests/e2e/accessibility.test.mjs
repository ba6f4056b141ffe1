// End-to-end: every screen a customer meets, checked in the real window with axe-core against
// WCAG 2 A and AA (names and roles for every control, contrast of every text, language of the
// page, ...), in Japanese and in English and at the largest text size; and the review is worked
// by keyboard alone.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { displayForTests, newHome, openApp, removeHome } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const display = displayForTests();

/** The WCAG A/AA violations on the page now, as "rule: the elements" lines. */
async function violations(browser) {
  await browser.execute(axeSource);
  const found = await browser.execute(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }).then((result) =>
      result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ),
  );
  return found;
}

async function checkScreen(browser, name) {
  const found = await violations(browser);
  assert.deepEqual(found, [], `${name}: ${found.join("\n")}`);
}

test("every screen meets WCAG 2.1 AA by axe-core, in both languages and at the largest text", async () => {
  const home = newHome();
  const statement = join(import.meta.dirname, "../../data/demo/yucho-demo.csv");
  try {
    for (const env of [{}, { LC_MESSAGES: "en_US.UTF-8" }]) {
      const app = await openApp(display(), { args: ["--consultation", statement], home, env });
      try {
        const { browser } = app;
        await browser.setWindowSize(1100, 1000);
        await browser.$("[data-testid=answer]").waitForExist({ timeout: 15_000 });
        // The chart draws on its own time: wait for it, so it is checked too.
        await browser.$(".timeline canvas, .timeline-plot[data-error]").waitForExist({ timeout: 10_000 });
        assert.equal(await browser.$(".timeline-plot").getAttribute("data-error"), null, "the chart is drawn");
        await checkScreen(browser, "review");
        await browser.$("#open-guidance").click();
        await browser.$("[data-testid=deadline]").waitForExist({ timeout: 10_000 });
        await checkScreen(browser, "guidance");
        await browser.$("#back-review").click();
        await browser.$("#back-home").waitForExist({ timeout: 10_000 });
        await browser.$("#back-home").click();
        await browser.$("#home").waitForExist({ timeout: 10_000 });
        await checkScreen(browser, "home");
        await browser.$("#open-line").click();
        await browser.$("#line-input").setValue("ﾃﾞｲｰﾊﾞﾗｲ");
        await browser.keys("Enter");
        await browser.$(".line-answer").waitForExist({ timeout: 10_000 });
        await checkScreen(browser, "what is this line");
        await browser.$("#open-settings").click();
        await browser.$("#text-size-largest").waitForExist({ timeout: 10_000 });
        await checkScreen(browser, "settings");
        await browser.$("#text-size-largest").click();
        await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.dataset.textSize)) === "largest");
        await browser.$("#back-home").click();
        await browser.$("#home").waitForExist({ timeout: 10_000 });
        await checkScreen(browser, "home, largest text");
      } finally {
        await app.close();
      }
    }
  } finally {
    removeHome(home);
  }
});

test("the review can be worked by keyboard alone: answer a flag, scroll the table", async () => {
  const home = newHome();
  const statement = join(import.meta.dirname, "../../data/demo/yucho-demo.csv");
  try {
    const app = await openApp(display(), { args: ["--consultation", statement], home });
    try {
      const { browser } = app;
      // Short enough that the table's box scrolls.
      await browser.setWindowSize(1000, 700);
      await browser.$("[data-testid=answer]").waitForExist({ timeout: 15_000 });
      // Tab until the first "this was not me" has the focus, then press Enter.
      let focused = "";
      for (let i = 0; i < 30 && focused !== "notMine"; i++) {
        await browser.keys("Tab");
        focused = await browser.execute(() => document.activeElement?.dataset?.answer ?? "");
      }
      assert.equal(focused, "notMine", "the answer buttons are reached with Tab");
      await browser.keys("Enter");
      await browser.$(".finding .answer-note").waitForExist({ timeout: 10_000 });
      // The table's box takes the focus and scrolls with the keys.
      await browser.execute(() => document.querySelector(".table-scroll").focus());
      await browser.keys("End");
      await browser.waitUntil(async () => (await browser.execute(() => document.querySelector(".table-scroll").scrollTop)) > 0, {
        timeout: 5_000,
        timeoutMsg: "the table did not scroll by keyboard",
      });
    } finally {
      await app.close();
    }
  } finally {
    removeHome(home);
  }
});
