// End-to-end: "通帳で確認する Check my passbook" in the real window. A person with ドコモ口座 lines
// in a paper passbook goes from home to the consultation sheet by keyboard alone, at the largest
// text: the period looked at, the lines typed, the flagged run as one card, what to do next, the
// sheet saved as PDF. And axe-core finds no WCAG 2.1 AA violation on each new screen, in Japanese
// and in English.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { answerSaveDialog, displayForTests, newHome, openApp, removeHome, screenshot } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const display = displayForTests();

/** The element with the focus: its id, or its tag and text for one without. */
function focused(browser) {
  return browser.execute(() => {
    const active = document.activeElement;
    return active?.id || `${active?.tagName?.toLowerCase()}:${active?.textContent?.slice(0, 30)}`;
  });
}

/** Presses Tab until `selector` has the focus, as a person without a mouse would. */
async function tabTo(browser, selector, most = 60) {
  for (let i = 0; i < most; i++) {
    if (await browser.execute((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await browser.keys("Tab");
  }
  assert.fail(`Tab never reached ${selector}; the focus is on ${await focused(browser)}`);
}

/** Tab to `selector`, then Enter. */
async function press(browser, selector) {
  await tabTo(browser, selector);
  await browser.keys("Enter");
}

/**
 * Types `text` into the field that has the focus, one key at a time (keys sent in one array are
 * pressed together, and the same key twice would count once).
 */
async function type(browser, text) {
  for (const character of text) await browser.keys(character);
}

/** The WCAG 2.1 A/AA violations on the page now, as "rule: the elements" lines. */
async function violations(browser) {
  await browser.execute(axeSource);
  return browser.execute(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }).then((result) =>
      result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ),
  );
}

async function checkScreen(browser, name) {
  const found = await violations(browser);
  assert.deepEqual(found, [], `${name}: ${found.join("\n")}`);
}

const rootFontSize = (browser) => browser.execute(() => getComputedStyle(document.documentElement).fontSize);

test("from home to the consultation sheet by keyboard alone, at the largest text, with ドコモ口座 lines from a passbook", async () => {
  const home = newHome();
  try {
    const app = await openApp(display(), { args: ["--consultation"], home });
    try {
      const { browser } = app;
      await browser.setWindowSize(1100, 1400);
      await browser.$("#home").waitForExist({ timeout: 15_000 });

      // The largest text, chosen in Settings with Tab and the arrow keys.
      await press(browser, "#open-settings");
      await browser.$("#settings").waitForExist({ timeout: 10_000 });
      await tabTo(browser, "input[name=text-size]");
      for (let i = 0; i < 5 && (await focused(browser)) !== "text-size-largest"; i++) {
        await browser.keys("ArrowDown");
        await browser.waitUntil(async () => (await browser.$(".settings-status").getText()) !== "", { timeout: 10_000 });
      }
      assert.equal(await focused(browser), "text-size-largest");
      await browser.waitUntil(async () => (await rootFontSize(browser)) === "27px", {
        timeout: 10_000,
        timeoutMsg: "the text did not grow",
      });
      await press(browser, "#back-home");
      await browser.$("#home").waitForExist({ timeout: 10_000 });

      // 通帳で確認する: first the period whose pages were looked at.
      await press(browser, "#open-passbook");
      await browser.$("[data-step=period]").waitForExist({ timeout: 10_000 });
      assert.equal(await focused(browser), "passbook-from", "the first field has the focus");
      await type(browser, "2020/9/1");
      await browser.keys("Tab");
      assert.equal(await focused(browser), "passbook-to");
      // Today is already there: select it and type over it.
      await browser.keys(["Control", "a"]);
      await browser.keys(["Control"]);
      await type(browser, "R2.9.30");
      assert.equal(await browser.$("#passbook-to").getValue(), "R2.9.30");
      await screenshot(browser, "passbook-period.png");
      await press(browser, "#passbook-period-next");

      // The forms, large, and the lines found: one typed with its 西暦 date, one with 和暦.
      await browser.$("[data-step=lines]").waitForExist({ timeout: 10_000 });
      const lead = await browser.$("[data-step=lines] .lead").getText();
      assert.match(lead, /2020年9月1日〜2020年9月30日/);
      assert.ok(await browser.$(".passbook-forms").getText().then((t) => t.includes("ﾄﾞｺﾓｺｳｻﾞ")), "the forms are shown");
      const lineCount = async () => (await browser.$$(".passbook-lines li")).length;
      for (const [date, amount, chosen] of [
        ["2020/9/4", "300,000", false],
        ["R2.9.5", "50,000", true],
      ]) {
        await tabTo(browser, "#passbook-date");
        await type(browser, date);
        await browser.keys("Tab");
        assert.equal(await focused(browser), "passbook-amount");
        await type(browser, amount);
        await browser.keys("Tab");
        assert.equal(await focused(browser), "passbook-text");
        const before = await lineCount();
        if (chosen) {
          // Chosen from the list of forms: the start typed, the suggestion taken with ↓ and Enter.
          await type(browser, "ﾄﾞｺ");
          await browser.keys("ArrowDown");
          await browser.keys("Enter");
          assert.equal(await browser.$("#passbook-text").getValue(), "ﾄﾞｺﾓｺｳｻﾞ", "the form was chosen from the list");
        } else {
          await type(browser, "ﾄﾞｺﾓｺｳｻﾞ");
        }
        // Enter adds the line; while the list of suggestions is open, the first Enter closes it.
        for (let i = 0; i < 2 && (await lineCount()) === before; i++) {
          await browser.keys("Enter");
          await browser.pause(300);
        }
        assert.equal(await lineCount(), before + 1, "Enter added the line");
        assert.equal(await focused(browser), "passbook-date", "the next line starts at its date");
      }
      const entered = await browser.$$(".passbook-lines li").map((li) => li.getText());
      assert.equal(entered.length, 2, entered.join("\n"));
      assert.match(entered[0], /2020\/9\/4\s+300,000\s+ﾄﾞｺﾓｺｳｻﾞ/);
      assert.match(entered[1], /R2\.9\.5\s+50,000\s+ﾄﾞｺﾓｺｳｻﾞ/);
      await screenshot(browser, "passbook-lines.png");
      await press(browser, "#passbook-check");

      // The review: the two lines are one run, one card, each row answerable inside it.
      const run = await browser.$(".flagged-list > li.run");
      await run.waitForExist({ timeout: 15_000 });
      assert.equal(await browser.$("[data-testid=answer]").getText(), "確認が必要な出金が2件あります。 2 withdrawals need your attention.");
      // Called by what it holds, not by the label the app stores it under.
      assert.equal(await browser.$(".account-title").getText(), "通帳で見つけた行 Lines found in a paper passbook");
      assert.match(await browser.$("[data-testid=passbook-scope]").getText(), /2020年9月1日〜2020年9月30日/);
      assert.equal(
        await run.$(".finding-title").getText(),
        "ドコモ口座（d払い）　2020年9月4日〜2020年9月5日　2件　合計350,000円",
      );
      assert.equal(await browser.$$(".flagged-list > li").length, 1, "one card, not one per withdrawal");
      const reasons = await run.$$(":scope > .reasons > li").map((li) => li.getText());
      assert.equal(reasons.length, 1, reasons.join("\n"));
      assert.doesNotMatch(reasons[0], /初めて|first/i, "found lines never say 'first'");
      assert.equal(await run.$$(".run-rows > li").length, 2);
      await browser.execute(() => document.querySelector(".flagged-list").scrollIntoView());
      await screenshot(browser, "passbook-review-run.png");

      // "This was not me" for the first row, by keyboard, inside the run.
      await press(browser, ".run-rows > li [data-answer=notMine]");
      await browser.$(".run-rows .answer-note").waitForExist({ timeout: 10_000 });
      assert.match(await browser.$(".run-rows .answer-note").getText(), /身に覚えがありません/);

      // What to do next, then the consultation sheet saved as PDF: one entry per withdrawal.
      await press(browser, "#open-guidance");
      await browser.$("[data-testid=deadline]").waitForExist({ timeout: 10_000 });
      assert.match(await browser.$("#guidance").getText(), /350,000円/);
      await screenshot(browser, "passbook-guidance.png");
      const saved = join(home, "相談票.pdf");
      await press(browser, "#save-pdf");
      await answerSaveDialog(display(), "相談票を保存", saved);
      await browser.waitUntil(async () => (await browser.$(".export-status").getText()).includes(saved), {
        timeout: 15_000,
        timeoutMsg: "the sheet was not saved",
      });
      const sheet = execFileSync("pdftotext", ["-layout", saved, "-"]).toString();
      assert.match(sheet, /相談票 Consultation sheet/);
      assert.equal(sheet.match(/ﾄﾞｺﾓｺｳｻﾞ/g)?.length, 2, sheet);
      assert.match(sheet, /合計 Total\s+350,000円/);
      rmSync(saved);
    } finally {
      await app.close();
    }
  } finally {
    removeHome(home);
  }
});

test("the passbook screens meet WCAG 2.1 AA by axe-core, in Japanese and in English", async () => {
  const home = newHome();
  try {
    for (const [env, tag] of [
      [{}, "ja"],
      [{ LC_MESSAGES: "en_US.UTF-8" }, "en"],
    ]) {
      const app = await openApp(display(), { args: ["--consultation"], home, env });
      try {
        const { browser } = app;
        await browser.setWindowSize(1100, 1400);
        await browser.$("#home").waitForExist({ timeout: 15_000 });
        await browser.$("#open-passbook").click();
        await browser.$("[data-step=period]").waitForExist({ timeout: 10_000 });
        // A wrong period says so, in the alert, checked too.
        await browser.execute(() => {
          document.querySelector("#passbook-from").value = "2020/9/30";
          document.querySelector("#passbook-to").value = "2020/9/1";
        });
        await browser.$("#passbook-period-next").click();
        await browser.waitUntil(async () => (await browser.$("[data-step=period] .form-problem").getText()) !== "", { timeout: 10_000 });
        await checkScreen(browser, `${tag}: passbook period, with its problem`);
        await browser.execute(() => {
          document.querySelector("#passbook-from").value = "2020/9/1";
          document.querySelector("#passbook-to").value = "2020/9/30";
        });
        await browser.$("#passbook-period-next").click();
        await browser.$("[data-step=lines]").waitForExist({ timeout: 10_000 });
        await checkScreen(browser, `${tag}: passbook forms and lines`);
        // A line with a wrong amount: the app's error, named with its line and field.
        for (const [date, amount] of [
          ["2020/9/4", "300,000"],
          ["R2.9.5", "五万"],
        ]) {
          await browser.$("#passbook-date").setValue(date);
          await browser.$("#passbook-amount").setValue(amount);
          await browser.$("#passbook-text").setValue("ﾄﾞｺﾓｺｳｻﾞ");
          await browser.$("#passbook-add-line").click();
        }
        await browser.$("#passbook-check").click();
        await browser.waitUntil(async () => (await browser.$(".passbook-problem").getText()) !== "", { timeout: 10_000 });
        assert.match(await browser.$(".passbook-problem").getText(), tag === "ja" ? /2行目の金額/ : /Line 2: the amount/);
        await checkScreen(browser, `${tag}: passbook lines, with an error`);
        if (tag === "en") await screenshot(browser, "passbook-lines-english.png");

        // Nothing found: the result lists what was looked for, in that period only.
        await browser.$("#passbook-remove-1").click();
        await browser.$("#passbook-remove-0").click();
        await browser.$("#passbook-check").click();
        await browser.$("[data-step=result]").waitForExist({ timeout: 10_000 });
        const result = await browser.$("[data-step=result]").getText();
        assert.doesNotMatch(result, /No unfamiliar|心当たりのない/);
        assert.match(result, tag === "ja" ? /2020年9月1日〜2020年9月30日/ : /Sep 1, 2020 to Sep 30, 2020/);
        await checkScreen(browser, `${tag}: passbook result, nothing found`);
        await browser.execute(() => window.scrollTo(0, 0));
        await screenshot(browser, `passbook-result-${tag}.png`);

        // Lines found: the review with the run as one card.
        await browser.$("#back-home").click();
        await browser.$("#open-passbook").click();
        await browser.$("[data-step=period]").waitForExist({ timeout: 10_000 });
        await browser.execute(() => {
          document.querySelector("#passbook-from").value = "2020/9/1";
          document.querySelector("#passbook-to").value = "2020/9/30";
        });
        await browser.$("#passbook-period-next").click();
        await browser.$("[data-step=lines]").waitForExist({ timeout: 10_000 });
        for (const [date, amount] of [
          ["2020/9/4", "300,000"],
          ["R2.9.5", "50,000"],
        ]) {
          await browser.$("#passbook-date").setValue(date);
          await browser.$("#passbook-amount").setValue(amount);
          await browser.$("#passbook-text").setValue("ﾄﾞｺﾓｺｳｻﾞ");
          await browser.$("#passbook-add-line").click();
        }
        await browser.$("#passbook-check").click();
        await browser.$(".flagged-list > li.run").waitForExist({ timeout: 15_000 });
        await browser.$(".timeline canvas, .timeline-plot[data-error]").waitForExist({ timeout: 10_000 });
        await checkScreen(browser, `${tag}: review with the run card`);
        if (tag === "en") await screenshot(browser, "passbook-review-run-english.png");

        // Every line answered "this was me": still the period and the forms, never an all-clear.
        // The first answer keeps the run (its other row is still flagged), the second ends it.
        await browser.$(".run-rows > li:not(.answered) [data-answer=mine]").click();
        await browser.waitUntil(async () => (await browser.$$(".run-rows > li.answered").length) === 1, { timeout: 10_000 });
        await browser.$(".run-rows > li:not(.answered) [data-answer=mine]").click();
        await browser.waitUntil(async () => (await browser.$$(".flagged-list > li.run").length) === 0, { timeout: 10_000 });
        const calm = await browser.$("[data-testid=answer]").getText();
        assert.doesNotMatch(calm, /No unfamiliar|心当たりのない/);
        assert.match(calm, tag === "ja" ? /2020年9月1日〜2020年9月30日/ : /Sep 1, 2020 to Sep 30, 2020/);
        assert.ok(await browser.$(".passbook-forms").isExisting(), "the forms looked for are listed");
        await checkScreen(browser, `${tag}: review with every line answered`);
        await screenshot(browser, `passbook-review-answered-${tag}.png`);
      } finally {
        await app.close();
      }
    }
  } finally {
    removeHome(home);
  }
});
