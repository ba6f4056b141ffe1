// End-to-end: a signed update of the service data, installed from Settings in the real window.
// The test makes its own key, trusted only as a branch key (with `kouza-guard data trust`, as a
// branch would); no private key is in the repository. A tampered update is refused and nothing
// changes; a good one is used at once (its version in the review and on the sheet, its new service
// recognised); the same one again is not newer. An installed update changed on disk is set aside
// at the next start, with a message, and the built-in data is used.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { answerOpenDialog, cliBinary, dataDir, displayForTests, newHome, openApp, removeHome, screenshot } from "./harness.mjs";

const display = displayForTests();
const repo = resolve(import.meta.dirname, "../..");
const DIALOG = "データ更新ファイルを選ぶ";
const SERIAL = 2099010100;
const LABEL = "支店更新 2099-01";

/** A minisign key pair without a password, in `dir`: [public key file, secret key file]. */
function makeKey(dir) {
  const [pub, sec] = [join(dir, "branch.pub"), join(dir, "branch.key")];
  execFileSync("minisign", ["-G", "-W", "-p", pub, "-s", sec], { stdio: "ignore" });
  return [pub, sec];
}

/** A bundle whose catalog also knows ニューペイ, signed with `secret` as scripts/sign-data.sh signs. */
function signedBundle(dir, secret, serial, label) {
  const read = (path) => readFileSync(join(repo, "data", path), "utf8");
  const catalog =
    read("catalog/services.toml") +
    [
      "",
      "[[service]]",
      'id = "zz-new-pay"',
      'name_ja = "ニューペイ"',
      'name_en = "New Pay"',
      'operator_ja = "株式会社ニューペイ"',
      'operator_en = "New Pay Inc."',
      'about_ja = "新しい決済サービスです。"',
      'about_en = "A new payment service."',
      'aliases = ["ニユーペイ"]',
      "not = []",
      "",
    ].join("\n");
  const payload = JSON.stringify({
    format: 1,
    serial,
    label,
    catalog,
    steps: read("guidance/steps.toml"),
    contacts: read("guidance/contacts.toml"),
    deadlines: read("guidance/deadlines.toml"),
  });
  const [payloadFile, signatureFile] = [join(dir, `payload-${serial}.json`), join(dir, `payload-${serial}.minisig`)];
  writeFileSync(payloadFile, payload);
  execFileSync("minisign", ["-S", "-s", secret, "-m", payloadFile, "-x", signatureFile, "-t", `kouza-guard data ${serial}`], { stdio: "ignore" });
  return JSON.stringify({ payload, signature: readFileSync(signatureFile, "utf8") });
}

/** What Settings says of the data in use. */
const versionShown = (browser) => browser.$("#data-version").getText();

/** The review's "data version" line, in its summary. */
async function reviewDataVersion(browser) {
  return browser.execute(() => {
    const term = [...document.querySelectorAll(".summary dt")].find((dt) => dt.textContent === "データ版 Data version");
    return term?.nextElementSibling?.textContent ?? null;
  });
}

async function openSettingsData(browser) {
  await browser.$("#open-settings").click();
  await browser.$("#data-version").waitForExist({ timeout: 10_000 });
}

/** Clicks "update the service data" and answers the dialog with `path`. */
async function install(browser, path) {
  await browser.$("#install-data").click();
  await answerOpenDialog(display(), DIALOG, path);
}

test("a signed update installed from Settings is used at once; a tampered one, or one not newer, changes nothing", async () => {
  const home = newHome();
  const files = join(home, "files");
  mkdirSync(files);
  try {
    const [pub, secret] = makeKey(files);
    // The branch's key, added on purpose with the command line tool, in the app's data folder.
    execFileSync(cliBinary, ["data", "trust", pub], { env: { ...process.env, HOME: home, XDG_DATA_HOME: join(home, ".local/share") } });
    const good = signedBundle(files, secret, SERIAL, LABEL);
    const goodFile = join(files, "update-good.json");
    writeFileSync(goodFile, good);
    const tamperedFile = join(files, "update-tampered.json");
    writeFileSync(tamperedFile, good.replace("ニユーペイ", "ドコモコウザ"));

    let app = await openApp(display(), { args: ["--demo"], home });
    try {
      const { browser } = app;
      await browser.$("[data-testid=answer]").waitForExist({ timeout: 15_000 });
      assert.equal(await reviewDataVersion(browser), "2026113000（2026-11-30・アプリに組み込み built in）");
      await openSettingsData(browser);
      assert.equal(await versionShown(browser), "使っているデータ版 Data version in use: 2026113000（2026-11-30・アプリに組み込み built in）");

      // Tampered after it was signed: refused, with the reason, and the version is as it was.
      await install(browser, tamperedFile);
      const refused = await browser.$(".data-update-refused");
      await refused.waitForExist({ timeout: 15_000 });
      assert.match(await refused.getText(), /更新しませんでした。何も変わっていません。 Not updated: nothing changed\./);
      assert.match(await refused.getText(), /改ざん/);
      assert.match(await refused.getText(), /changed after it was signed/);
      assert.match(await versionShown(browser), /2026113000/);

      // The good one: its version at once.
      await install(browser, goodFile);
      await browser.$(".data-update-done").waitForExist({ timeout: 15_000 });
      assert.equal(await versionShown(browser), `使っているデータ版 Data version in use: ${SERIAL}（${LABEL}・署名付きの更新 signed update）`);
      assert.equal(await browser.$(".data-update-refused").isExisting(), false);
      assert.equal(readFileSync(join(dataDir(home), "data-bundle.json"), "utf8"), good);
      await browser.setWindowSize(1100, 1400);
      await browser.execute(() => document.querySelector(".data-update")?.scrollIntoView({ block: "start" }));
      await screenshot(browser, "data-update.png");

      // The same one again is not newer than the data in use.
      await install(browser, goodFile);
      const again = await browser.$(".data-update-refused");
      await again.waitForExist({ timeout: 15_000 });
      assert.match(await again.getText(), /新しくありません/);
      assert.match(await again.getText(), /is not newer than the data in use/);
      assert.match(await versionShown(browser), new RegExp(String(SERIAL)));

      // Used at once, without a restart: the review, the sheet, and a line the update taught.
      await browser.$("#back-home").click();
      await browser.$("#open-demo").waitForExist({ timeout: 10_000 });
      await browser.$("#open-demo").click();
      await browser.$("[data-testid=answer]").waitForExist({ timeout: 15_000 });
      assert.equal(await reviewDataVersion(browser), `${SERIAL}（${LABEL}・署名付きの更新 signed update）`);
      await browser.$("#open-guidance").click();
      const sheetVersion = await browser.$("[data-testid=sheet-data-version]");
      await sheetVersion.waitForExist({ timeout: 10_000 });
      assert.equal(await sheetVersion.getText(), `データ版 Data version: ${SERIAL}（${LABEL}・署名付きの更新 signed update）`);
      await browser.$("#back-review").click();
      await browser.$("#back-home").waitForExist({ timeout: 10_000 });
      await browser.$("#back-home").click();
      await browser.$("#open-line").waitForExist({ timeout: 10_000 });
      await browser.$("#open-line").click();
      await browser.$("#line-input").setValue("ﾆﾕｰﾍﾟｲ");
      await browser.$("#explain-line").click();
      const answer = await browser.$("[data-testid=line-answer] .line-ja");
      await answer.waitForExist({ timeout: 10_000 });
      assert.match(await browser.$("[data-testid=line-answer]").getText(), /株式会社ニューペイ/);
    } finally {
      await app.close();
    }

    // Changed on disk since: set aside at the next start, with a message; the built-in data is used.
    const installed = join(dataDir(home), "data-bundle.json");
    writeFileSync(installed, readFileSync(installed, "utf8").replace("ニユーペイ", "ニユーヘイ"));
    app = await openApp(display(), { home });
    try {
      const { browser } = app;
      const notice = await browser.$(".problem[data-code=dataSetAside]");
      await notice.waitForExist({ timeout: 15_000 });
      assert.match(await notice.getText(), /取り込んであったデータ更新を使えませんでした。/);
      assert.match(await notice.getText(), /the installed data bundle was set aside: .*changed after it was signed/);
      await browser.$("#open-demo").click();
      await browser.$("[data-testid=answer]").waitForExist({ timeout: 15_000 });
      assert.equal(await reviewDataVersion(browser), "2026113000（2026-11-30・アプリに組み込み built in）");
      await openSettingsData(browser);
      assert.match(await versionShown(browser), /2026113000/);
      assert.match(await browser.$(".data-update .set-aside").getText(), /組み込みのデータで確認します/);
    } finally {
      await app.close();
    }
  } finally {
    removeHome(home);
  }
});
