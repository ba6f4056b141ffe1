// End-to-end: the real release app in a real WebKitGTK window under Xvfb.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { answerSaveDialog, cliBinary, dataDir, dismissDialog, displayForTests, filesUnder, newHome, openApp, removeHome, screenshot, tableCells, waitForWindow } from "./harness.mjs";

// The demo statement as a person must see it: date, passbook text exactly as the bank wrote it,
// the e-money service (flagged ones marked in words), withdrawal, deposit, balance. Written from
// data/demo/yucho-demo.csv and the catalog.
const DEMO_ROWS = [
  ["2020年7月1日", "ＡＴＭ", "", "30,000円", "", "382,350円"],
  ["2020年7月6日", "自払 ﾄｳｷﾖｳﾃﾞﾝﾘﾖｸ", "", "8,421円", "", "373,929円"],
  ["2020年7月10日", "自払 NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ", "", "6,380円", "", "367,549円"],
  ["2020年7月12日", "振替 PAYPAY", "PayPay", "3,000円", "", "364,549円"],
  ["2020年7月27日", "自払 ｽｲﾄﾞｳﾘﾖｳｷﾝ", "", "4,210円", "", "360,339円"],
  ["2020年8月3日", "ＡＴＭ", "", "30,000円", "", "330,339円"],
  ["2020年8月6日", "自払 ﾄｳｷﾖｳﾃﾞﾝﾘﾖｸ", "", "9,102円", "", "321,237円"],
  ["2020年8月11日", "自払 NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ", "", "6,380円", "", "314,857円"],
  ["2020年8月12日", "振替 PAYPAY", "PayPay", "3,000円", "", "311,857円"],
  ["2020年8月14日", "入金 ﾈﾝｷﾝ", "", "", "189,750円", "501,607円"],
  ["2020年8月26日", "自払 ﾗｸﾃﾝｶ-ﾄﾞｻ-ﾋﾞｽ", "", "5,400円", "", "496,207円"],
  ["2020年9月1日", "ＡＴＭ", "", "30,000円", "", "466,207円"],
  ["2020年9月4日", "振替 ﾄﾞｺﾓｺｳｻﾞ", "⚠ 要確認 ドコモ口座（d払い）", "100,000円", "", "366,207円"],
  ["2020年9月4日", "振替 ﾄﾞｺﾓｺｳｻﾞ", "⚠ 要確認 ドコモ口座（d払い）", "90,000円", "", "276,207円"],
  ["2020年9月4日", "振替 ﾄﾞｺﾓｺｳｻﾞ", "⚠ 要確認 ドコモ口座（d払い）", "90,000円", "", "186,207円"],
  ["2020年9月4日", "振替 ﾄﾞｺﾓｺｳｻﾞ", "⚠ 要確認 ドコモ口座（d払い）", "20,000円", "", "166,207円"],
  ["2020年9月7日", "自払 ﾄｳｷﾖｳﾃﾞﾝﾘﾖｸ", "", "8,830円", "", "157,377円"],
  ["2020年9月10日", "自払 NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ", "", "6,380円", "", "150,997円"],
  ["2020年9月14日", "振替 PAYPAY", "PayPay", "3,000円", "", "147,997円"],
];

const display = displayForTests();

test("the window opens the demo from its button: the answer, the flagged burst, every row", async () => {
  const app = await openApp(display());
  try {
    const { browser } = app;
    assert.equal(await browser.getTitle(), "Kouza Guard — 口座ガード");
    assert.deepEqual(await tableCells(browser), [], "no statement is shown before one is opened");
    const button = await browser.$("#open-demo");
    assert.equal(await button.getText(), "まずデモデータで試す Try it on demo data first", "offered on the first start");
    await button.click();
    await browser.$("table.transactions tbody tr").waitForExist({ timeout: 10_000 });

    assert.deepEqual(await tableCells(browser), DEMO_ROWS);
    assert.equal(
      await browser.$("[data-testid=answer]").getText(),
      "確認が必要な出金が4件あります。 4 withdrawals need your attention.",
    );
    // The burst is one run: one card, the reason said once, its four withdrawals inside.
    const findings = await browser.execute(() =>
      [...document.querySelectorAll(".flagged-list > li")].map((li) => ({
        title: li.querySelector(".finding-title").textContent,
        reasons: [...li.querySelectorAll(":scope > .reasons .reason-en")].map((r) => r.textContent),
        rows: [...li.querySelectorAll(".run-rows > li")].map((row) => ({ title: row.querySelector(".run-row-title").textContent })),
      })),
    );
    assert.deepEqual(
      findings.map((f) => f.title),
      ["ドコモ口座（d払い）　2020年9月4日　4件　合計300,000円"],
    );
    assert.deepEqual(
      findings[0].rows.map((row) => row.title),
      ["2020年9月4日　100,000円", "2020年9月4日　90,000円", "2020年9月4日　90,000円", "2020年9月4日　20,000円"],
    );
    assert.deepEqual(findings[0].reasons, [
      "First payment ever to docomo Koza (d Barai), followed by 3 more the same day: ¥300,000 in total",
    ]);
    const banner = await browser.$("[data-testid=demo-banner]");
    assert.match(await banner.getText(), /デモデータです.*Demo data — not a real account/);
    const summary = await browser.$(".summary").getText();
    assert.match(summary, /ゆうちょ銀行 \*{9}5671/);
    assert.match(summary, /2020年7月1日 〜 2020年9月14日/);
    assert.match(summary, /19件/);
    assert.doesNotMatch(await browser.$("body").getText(), /12345671/, "the full account number never shows");
    // Only what needs a look: the four top-ups of the burst.
    await browser.$("#filter-show").selectByAttribute("value", "flagged");
    const shown = await browser.execute(
      () => document.querySelectorAll("table.transactions tbody tr:not(.spacer)").length,
    );
    assert.equal(shown, 4);
    assert.equal(await browser.$(".filter-count").getText(), "19件中4件を表示 Showing 4 of 19");
    await browser.$("#filter-show").selectByAttribute("value", "all");
    await browser.execute(() => window.scrollTo(0, 0));
    // Tall enough to show the whole statement, burst included, in one picture for the README.
    await browser.setWindowSize(1100, 1900);
    await browser.waitUntil(async () => (await browser.execute(() => window.innerHeight)) >= 1800, {
      timeout: 5000,
      timeoutMsg: "the window did not grow",
    });
    await browser.execute(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))),
    );
    await screenshot(browser, "demo.png");
  } finally {
    await app.close();
  }
});

test("--demo on the command line opens the demo at once", async () => {
  const app = await openApp(display(), { args: ["--demo"] });
  try {
    const { browser } = app;
    await browser.$("table.transactions tbody tr").waitForExist({ timeout: 10_000 });
    assert.equal((await tableCells(browser)).length, DEMO_ROWS.length);
    assert.ok(await browser.$("[data-testid=demo-banner]").isDisplayed());
  } finally {
    await app.close();
  }
});

test("an unwritable data folder is explained in the window, and the app still works", async () => {
  // A plain file where the data folder should be: even root cannot create a folder inside it.
  const blockerHome = mkdtempSync(join(tmpdir(), "kg-block-"));
  const blocker = join(blockerHome, "not-a-folder");
  writeFileSync(blocker, "");
  const app = await openApp(display(), { env: { XDG_DATA_HOME: blocker } });
  try {
    const { browser } = app;
    const problem = await browser.$(".problem");
    await problem.waitForExist({ timeout: 10_000 });
    assert.equal(await problem.getAttribute("data-code"), "dataDirectory");
    const text = await problem.getText();
    assert.match(text, /データを保存できません。/);
    assert.match(text, /Data cannot be saved: you can still check statements, but nothing will be kept\./);
    assert.match(text, /cannot create the data folder .*not-a-folder/);
    await screenshot(browser, "unwritable-data-folder.png");

    await browser.$("#open-demo").click();
    await browser.$("table.transactions tbody tr").waitForExist({ timeout: 10_000 });
    assert.equal((await tableCells(browser)).length, DEMO_ROWS.length);
  } finally {
    await app.close();
    rmSync(blockerHome, { recursive: true, force: true });
  }
});

test("the window runs no inline script and may call only the app's own commands", async () => {
  const app = await openApp(display());
  try {
    const { browser } = app;
    await browser.$("#open-demo").waitForExist({ timeout: 10_000 });
    // An inline script, as injected markup would try: the CSP must stop it from running.
    const inlineRan = await browser.execute(() => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineScriptRan = true;";
      document.body.append(script);
      return window.__inlineScriptRan === true;
    });
    assert.equal(inlineRan, false, "an inline script ran despite the CSP");

    const call = (command, args) =>
      browser.execute(
        (command, args) =>
          window.__TAURI_INTERNALS__.invoke(command, args).then(
            (value) => ({ ok: true, value }),
            (error) => ({ ok: false, error: String(error?.message ?? error) }),
          ),
        command,
        args,
      );
    const own = await call("review_demo", {});
    assert.equal(own.ok, true, `the app's own command failed: ${own.error}`);
    assert.equal(own.value.statement.transactions.length, 19);

    // Commands of Tauri's own plugins are not in the capability, so they are refused. Tauri raises
    // the refusal outside the promise too, so WebDriver may report it as a script error instead.
    // The dialog and file-system plugins are in the app, but only the app's Rust side may use
    // them: the page can neither open a dialog nor read a file.
    for (const [command, args] of [
      ["plugin:path|resolve_directory", { directory: 1 }],
      ["plugin:dialog|open", { options: {} }],
      ["plugin:fs|read_file", { path: "/etc/passwd" }],
    ]) {
      const foreign = await call(command, args).catch((error) => ({ ok: false, error: String(error.message) }));
      assert.equal(foreign.ok, false, `${command} was allowed`);
      assert.match(foreign.error, new RegExp(`Command ${command.replace("|", "\\|")} not allowed by ACL`));
    }
    // No command takes a path from the page: a path slipped into the arguments is ignored.
    const sneaked = await call("import_waiting", { paths: ["/etc/passwd"], files: ["/etc/passwd"] }).catch(
      (error) => ({ ok: false, error: String(error.message) }),
    );
    assert.equal(sneaked.ok, false, "nothing to import: the store is not even open");
    assert.match(sneaked.error, /not open/);
  } finally {
    await app.close();
  }
});

// A 三井住友 export in CP932, as the bank gives it: a PayPay habit, a hostile description, and a
// burst of three ドコモ口座 (d払い) top-ups on 5 September 2020.
const BURST_FIXTURE = resolve(import.meta.dirname, "../fixtures/app/smbc-burst.csv");
const HOSTILE = "<img src=x onerror=alert(1)>";

async function answerText(browser) {
  return browser.$("[data-testid=answer]").getText();
}

test("a statement opened with the app is kept encrypted: first start, recovery phrase, flags, 'this was me', restart, delete everything", async () => {
  const home = newHome();
  // The branch's own number, with its source, where the app looks for it.
  mkdirSync(join(home, ".config/jp.kouzaguard.app"), { recursive: true });
  writeFileSync(
    join(home, ".config/jp.kouzaguard.app/contacts.toml"),
    '[[contact]]\nid = "branch"\nname_ja = "中央支店"\nname_en = "Central branch"\nphone = "03-0000-0000"\nsource = "支店の案内 (branch notice)"\n',
  );
  let recoveryPhrase = "";
  try {
    // "Open with Kouza Guard": the file arrives as a launch argument.
    let app = await openApp(display(), { args: [BURST_FIXTURE], home });
    try {
      const { browser } = app;
      const create = await browser.$("#create-store");
      await create.waitForExist({ timeout: 10_000 });
      assert.equal(await browser.$("#setup input").isExisting(), false, "the keychain holds the key: no passphrase asked");
      await screenshot(browser, "setup.png");
      await create.click();
      const phrase = await browser.$("[data-testid=recovery-phrase]");
      await phrase.waitForExist({ timeout: 10_000 });
      recoveryPhrase = await phrase.getText();
      assert.match(recoveryPhrase, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){13}$/);
      await screenshot(browser, "recovery-phrase.png");
      await browser.$("#phrase-written").click();

      // The launch file is imported at once, and its account judged.
      await browser.$(".import-result").waitForExist({ timeout: 10_000 });
      assert.match(
        await browser.$(".import-result").getText(),
        /smbc-burst\.csv → 口座 \(Account\): 2020年7月1日〜2020年9月10日、12件のうち新しい取引12件/,
      );
      assert.equal(await answerText(browser), "確認が必要な出金が3件あります。 3 withdrawals need your attention.");
      const cells = await tableCells(browser);
      assert.equal(cells.length, 12);
      assert.equal(cells[3][1], HOSTILE, "statement text shows literally");
      assert.equal(await browser.execute(() => document.querySelectorAll("img").length), 0);

      // The holder recognises the first top-up: it is kept as theirs and no longer flagged.
      await browser.$(".flagged-list > li [data-answer=mine]").click();
      await browser.waitUntil(async () => (await answerText(browser)).includes("2件"), {
        timeout: 10_000,
        timeoutMsg: "the answer did not change the judgement",
      });
      const answered = await browser.$(".finding.answered").getText();
      assert.match(answered, /Your answer: this was me\./);
      await screenshot(browser, "answered.png");

      // What to do next: whom to call, what to say, the deadline, the sheet to print or save.
      await browser.$("#open-guidance").click();
      const deadline = await browser.$("[data-testid=deadline]");
      await deadline.waitForExist({ timeout: 10_000 });
      assert.match(await deadline.getText(), /できるだけ早く銀行に連絡してください。補償の期限は銀行が案内します。/);
      const steps = await browser.execute(() =>
        [...document.querySelectorAll(".step")].map((step) => step.dataset.step),
      );
      assert.deepEqual(steps, [
        "call-bank",
        "call-operator",
        "report-police",
        "change-pin",
        "cancel-links",
        "beware-scams",
        "ask-for-help",
      ]);
      const guidance = await browser.$("#guidance").getText();
      assert.match(guidance, /ドコモ口座（d払い）の運営会社（株式会社NTTドコモ）に連絡する/);
      assert.match(guidance, /届け出る出金: 2件・合計 100,000円 Withdrawals to report: 2, total 100,000円/);
      assert.match(guidance, /#9110/);
      assert.match(await browser.$("[data-step=call-bank]").getText(), /中央支店 Central branch\s*03-0000-0000[\s\S]*支店の案内/);
      assert.match(guidance, /0570-016811/);
      assert.ok(await browser.$("#print-sheet").isExisting());
      await browser.$("[data-step=call-bank] input[type=checkbox]").click();
      assert.equal(await browser.$("[data-step=call-bank] input[type=checkbox]").isSelected(), true);
      await screenshot(browser, "guidance.png");

      // The sheet, saved as PDF through the system's own dialog: real Japanese text in it.
      const saved = join(home, "相談票.pdf");
      await browser.$("#save-pdf").click();
      await answerSaveDialog(display(), "相談票を保存", saved);
      await browser.waitUntil(async () => (await browser.$(".export-status").getText()).includes(saved), {
        timeout: 15_000,
        timeoutMsg: "the sheet was not saved",
      });
      const sheetText = execFileSync("pdftotext", ["-layout", saved, "-"]).toString();
      assert.match(sheetText, /相談票 Consultation sheet/);
      assert.match(sheetText, /ﾃﾞｲｰﾊﾞﾗｲ/);
      assert.match(sheetText, /合計 Total\s+100,000円/);
      rmSync(saved);

      // Printing opens the system's print dialog (the page prints as the sheet).
      await browser.$("#print-sheet").click();
      await waitForWindow(display(), "^Print$");
      await dismissDialog(display(), "^Print$");
    } finally {
      await app.close();
    }

    // Nothing of the statement is on disk in clear: not in the store, not in WebKit's data.
    const files = filesUnder(home);
    assert.ok(files.some((path) => path.endsWith("store.db")), "the store was written");
    for (const path of files) {
      const bytes = readFileSync(path);
      for (const needle of ["ﾃﾞｲｰﾊﾞﾗｲ", "ﾔﾏﾈｺｼﾖｳｼﾞ", HOSTILE]) {
        assert.equal(bytes.includes(Buffer.from(needle)), false, `${path} holds ${needle} in clear`);
      }
      // WebKit keeps plain SQLite files of its own (HSTS, cookies); the store's is encrypted.
      if (path.endsWith("store.db")) assert.equal(bytes.includes(Buffer.from("SQLite format 3")), false);
    }

    // A restart: the store opens from the keychain, the account and the answer are there.
    app = await openApp(display(), { home });
    try {
      const { browser } = app;
      const card = await browser.$(".account");
      await card.waitForExist({ timeout: 10_000 });
      assert.match(await card.getText(), /確認が必要な出金が2件あります。/);
      assert.match(await card.getText(), /12件・最後の読み込み/);
      await screenshot(browser, "home.png");
      await card.$("button").click();
      await browser.$(".finding.answered").waitForExist({ timeout: 10_000 });
      assert.equal(await answerText(browser), "確認が必要な出金が2件あります。 2 withdrawals need your attention.");

      // A backup, saved through the system's dialog: encrypted, and it opens with the phrase.
      await browser.$("#back-home").click();
      await browser.$("#backup-store").waitForExist({ timeout: 10_000 });
      await browser.$("#backup-store").parentElement().$("summary").click();
      const backup = join(home, "kouza-guard.backup");
      await browser.$("#backup-store").click();
      await answerSaveDialog(display(), "Back up the saved data", backup);
      await browser.waitUntil(async () => (await browser.$("#backup-store").parentElement().getText()).includes(backup), {
        timeout: 15_000,
        timeoutMsg: "the backup was not saved",
      });
      assert.equal(readFileSync(backup).includes(Buffer.from("ﾃﾞｲｰﾊﾞﾗｲ")), false, "the backup is encrypted");
      const restored = join(home, "restored");
      execFileSync(cliBinary, ["store", "restore", backup, "--recovery-phrase-stdin", "--store", restored], {
        input: `${recoveryPhrase}\n`,
      });
      const accounts = execFileSync(cliBinary, ["accounts", "--store", restored]).toString();
      assert.match(accounts, /口座 \(Account\)\s+12 rows/);
      execFileSync(cliBinary, ["store", "delete-everything", "--yes", "--store", restored]);
      rmSync(backup);

      // A customer leaving a shared computer: delete everything, and the app starts over.
      await browser.$("#delete-everything").parentElement().$("summary").click();
      await browser.$("#delete-everything").click();
      await browser.$("#create-store").waitForExist({ timeout: 10_000 });
    } finally {
      await app.close();
    }
    const left = filesUnder(dataDir(home)).filter((path) => /store\.(db|json)/.test(path));
    assert.deepEqual(left, [], "no store file is left");
  } finally {
    removeHome(home);
  }
});

test("a broken statement given at launch is refused with its line and field, and nothing is kept", async () => {
  const home = newHome();
  const broken = join(home, "broken.csv");
  writeFileSync(broken, "日付,摘要,出金,入金,残高\n2020/09/01,ﾃﾞﾝｷﾀﾞｲ,5000,,95000\n2020/09/02,ﾄﾞｺﾓｺｳｻﾞ,3OOOO,,65000\n");
  // A contacts file with a number but no source: refused, and the window says so.
  mkdirSync(join(home, ".config/jp.kouzaguard.app"), { recursive: true });
  writeFileSync(
    join(home, ".config/jp.kouzaguard.app/contacts.toml"),
    '[[contact]]\nid = "branch"\nname_ja = "中央支店"\nname_en = "Central branch"\nphone = "03-0000-0000"\n',
  );
  const app = await openApp(display(), { args: [broken], home });
  try {
    const { browser } = app;
    await browser.$("#create-store").waitForExist({ timeout: 10_000 });
    await browser.$("#create-store").click();
    await browser.$("#phrase-written").waitForExist({ timeout: 10_000 });
    await browser.$("#phrase-written").click();
    const problem = await browser.$(".problem[data-code=import]");
    await problem.waitForExist({ timeout: 10_000 });
    assert.match(await problem.getText(), /明細を読み込めませんでした。何も保存していません。/);
    assert.match(await problem.getText(), /broken\.csv: line 3, field 出金: expected an amount in yen such as 1,234, found "3OOOO"/);
    assert.equal(await browser.$(".account").isExisting(), false, "no account was made from half a file");
    assert.ok(await browser.$("#import-file").isExisting(), "the person can go on and pick another file");
    const contacts = await browser.$(".problem[data-code=contacts]").getText();
    assert.match(contacts, /contact branch: a source is required/);
    await screenshot(browser, "import-refused.png");
  } finally {
    await app.close();
    removeHome(home);
  }
});

test("a consultation keeps nothing: no store, nothing in WebKit's folders, temp files or the recent list", async () => {
  const home = newHome();
  const tmp = join(home, "tmp");
  mkdirSync(tmp);
  const outside = mkdtempSync(join(tmpdir(), "kg-usb-"));
  const app = await openApp(display(), { args: ["--consultation", BURST_FIXTURE], home, env: { TMPDIR: tmp } });
  try {
    const { browser } = app;
    const banner = await browser.$("[data-testid=consultation-banner]");
    await banner.waitForExist({ timeout: 10_000 });
    assert.match(await banner.getText(), /相談モード：このパソコンには何も保存されません。/);
    // No store to set up: the customer's file is read at once, into memory.
    await browser.$(".import-result").waitForExist({ timeout: 10_000 });
    assert.equal(await answerText(browser), "確認が必要な出金が3件あります。 3 withdrawals need your attention.");
    await browser.$(".flagged-list > li [data-answer=notMine]").click();
    await browser.$(".finding .answer-note").waitForExist({ timeout: 10_000 });
    await browser.$("#open-guidance").click();
    await browser.$("[data-testid=deadline]").waitForExist({ timeout: 10_000 });
    await screenshot(browser, "consultation.png");

    // The branch saves the sheet for the customer (outside this computer's HOME, as on a stick):
    // the file dialog must not note it in the desktop's recently-used list.
    await browser.$("#save-csv").click();
    await answerSaveDialog(display(), "相談票を保存", join(outside, "sheet.csv"));
    await browser.waitUntil(async () => (await browser.$(".export-status").getText()).includes("sheet.csv"), {
      timeout: 15_000,
      timeoutMsg: "the sheet was not saved",
    });
    assert.match(readFileSync(join(outside, "sheet.csv"), "utf8"), /2020-09-05,50000,ﾃﾞｲｰﾊﾞﾗｲ/);

    await browser.$("#end-consultation").click();
    // The page starts again from nothing, still in consultation mode.
    await browser.waitUntil(async () => (await browser.$("#import-file").isExisting()) && !(await browser.$("#guidance").isExisting()), {
      timeout: 10_000,
      timeoutMsg: "the consultation did not end",
    });
    assert.equal(await browser.$(".account").isExisting(), false);
    assert.doesNotMatch(await browser.$("body").getText(), /ﾃﾞｲｰﾊﾞﾗｲ|ドコモ口座/);
    assert.ok(await browser.$("[data-testid=consultation-banner]").isExisting());
  } finally {
    await app.close();
  }
  try {
    const files = filesUnder(home);
    assert.equal(files.filter((path) => /store\.(db|json)/.test(path)).length, 0, "no store was written");
    assert.equal(filesUnder(dataDir(home)).length, 0, "nothing in the app's data folder");
    assert.deepEqual(filesUnder(tmp), [], "no temporary files");
    for (const path of files) {
      const bytes = readFileSync(path);
      for (const needle of ["ﾃﾞｲｰﾊﾞﾗｲ", "ﾔﾏﾈｺｼﾖｳｼﾞ", "smbc-burst"]) {
        assert.equal(bytes.includes(Buffer.from(needle)), false, `${path} holds ${needle}`);
      }
    }
    // GTK's recently-used list, where a file dialog would have noted the customer's file.
    const recent = join(home, ".local/share/recently-used.xbel");
    if (existsSync(recent)) assert.doesNotMatch(readFileSync(recent, "utf8"), /smbc-burst|sheet\.csv|<bookmark /);
  } finally {
    removeHome(home);
    rmSync(outside, { recursive: true, force: true });
  }
});

test("'What is this line?' explains a passbook line in large type, with the branch's own catalog", async () => {
  const home = newHome();
  mkdirSync(join(home, ".config/jp.kouzaguard.app"), { recursive: true });
  writeFileSync(
    join(home, ".config/jp.kouzaguard.app/services.toml"),
    [
      'version = "branch-1"',
      "[[service]]",
      'id = "acme-pay"',
      'name_ja = "アクメペイ"',
      'name_en = "Acme Pay"',
      'operator_ja = "株式会社アクメ"',
      'operator_en = "Acme Co., Ltd."',
      'about_ja = "テスト用の架空の決済サービスです。"',
      'about_en = "A made-up payment service for this test."',
      'aliases = ["アクメペイ"]',
      "",
    ].join("\n"),
  );
  const app = await openApp(display(), { home });
  try {
    const { browser } = app;
    await browser.$("#open-line").waitForExist({ timeout: 10_000 });
    await browser.$("#open-line").click();
    const ask = async (line) => {
      await browser.$("#line-input").setValue(line);
      await browser.$("#explain-line").click();
      const answer = await browser.$("[data-testid=line-answer] .line-ja");
      await answer.waitForExist({ timeout: 10_000 });
      await browser.waitUntil(async () => (await answer.getText()).includes(line), { timeout: 10_000 });
      return browser.$("[data-testid=line-answer]").getText();
    };
    const docomo = await ask("ﾃﾞｲｰﾊﾞﾗｲ");
    assert.match(docomo, /電子マネーへの入金（チャージ）です。/);
    assert.match(docomo, /「ﾃﾞｲｰﾊﾞﾗｲ」は ドコモ口座（d払い） への入金（チャージ）です。/);
    assert.match(docomo, /運営会社: 株式会社NTTドコモ/);
    await screenshot(browser, "what-is-this-line.png");
    const bill = await ask("NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ");
    assert.match(bill, /電子マネーへの入金ではありません。/);
    const branch = await ask("ｱｸﾒﾍﾟｲ");
    assert.match(branch, /アクメペイ/);
    assert.match(branch, /株式会社アクメ/);
  } finally {
    await app.close();
    removeHome(home);
  }
});
