// The screens that stand between the person and an open store: making it the first time, the
// recovery phrase shown once, the passphrase, and a key the keychain lost. Each has one action.
import { say } from "./i18n";
import { actionButton, element } from "./dom";

/** A form's action: resolves when done, rejects with a message to show under the form. */
type Action<T> = (value: T) => Promise<void>;

export const MIN_PASSPHRASE = 8;

/** First start: explain what is kept and where, then make the store. The demo stays at hand. */
export function setupScreen(keychain: boolean, create: Action<string | null>, openDemo?: () => void): HTMLElement {
  const section = screen("setup", say("はじめに", "Getting started"));
  section.append(
    element(
      "p",
      "lead",
      say("読み込んだ明細とあなたの回答は、このパソコンの中に暗号化して保存します。外部には送りません。", "The statements you import and your answers are kept on this computer, encrypted. Nothing is sent anywhere."),
    ),
  );
  if (keychain) {
    section.append(
      element(
        "p",
        "",
        say("暗号の鍵はパソコンの鍵束（キーチェーン）に保管します。", "The key is kept in this computer's keychain."),
      ),
    );
    const button = primary("create-store", say("保存を始める", "Start keeping my data"));
    const problem = formProblem();
    button.addEventListener("click", () => void run(button, problem, () => create(null)));
    section.append(button, problem);
    if (openDemo) section.append(demoButton(openDemo));
    return section;
  }
  section.append(
    element(
      "p",
      "problem",
      say("このパソコンでは鍵束（キーチェーン）が使えません。代わりにパスフレーズで守ります。忘れると誰にも開けません。", "This computer has no keychain, so a passphrase protects the data instead. If it is forgotten, nobody can open the data."),
    ),
  );
  const form = element("form", "store-form");
  const first = passwordField(form, "passphrase", say("パスフレーズ（8文字以上）", "Passphrase (8 characters or more)"));
  const second = passwordField(form, "passphrase-again", say("もう一度", "Once more"));
  const button = primary("create-store", say("パスフレーズで保存を始める", "Start with this passphrase"));
  button.type = "submit";
  const problem = formProblem();
  form.append(button, problem);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const reason = passphraseProblem(first.value, second.value);
    if (reason) return void (problem.textContent = reason);
    void run(button, problem, () => create(first.value));
  });
  section.append(form);
  if (openDemo) section.append(demoButton(openDemo));
  return section;
}

/** Why a new passphrase cannot be used, or null when it can. */
export function passphraseProblem(passphrase: string, again: string): string | null {
  if (passphrase.length < MIN_PASSPHRASE) {
    return say(`${MIN_PASSPHRASE}文字以上にしてください。`, `Use at least ${MIN_PASSPHRASE} characters.`);
  }
  if (passphrase !== again) return say("2つの入力が違います。", "The two entries differ.");
  return null;
}

/** Shown once after the store is made with the keychain: the phrase to write down. */
export function recoveryPhraseScreen(phrase: string, done: () => void): HTMLElement {
  const section = screen("recovery-phrase", say("回復用フレーズ", "Recovery phrase"));
  section.append(
    element(
      "p",
      "lead",
      say("紙に書き写して、パソコンとは別の場所に保管してください。パソコンの鍵束が失われたとき、保存したデータを開く唯一の方法です。この画面は一度しか表示されません。", "Write this down on paper and keep it away from this computer. If the keychain is ever lost, it is the only way to open your data. It is shown only now."),
    ),
  );
  const code = element("p", "phrase", phrase);
  code.dataset.testid = "recovery-phrase";
  code.setAttribute("aria-label", `${say("回復用フレーズ", "Recovery phrase")}: ${phrase.split("").join(" ")}`);
  const button = primary("phrase-written", say("書き写しました", "I have written it down"));
  button.addEventListener("click", done);
  section.append(code, button);
  return section;
}

/** A store protected by a passphrase: ask for it. */
export function unlockScreen(unlock: Action<string>): HTMLElement {
  const section = screen("unlock", say("パスフレーズ", "Passphrase"));
  section.append(
    element("p", "lead", say("保存したデータはパスフレーズで守られています。", "Your data is protected by a passphrase.")),
  );
  const form = element("form", "store-form");
  const field = passwordField(form, "passphrase", say("パスフレーズ", "Passphrase"));
  const button = primary("unlock-store", say("開く", "Open"));
  button.type = "submit";
  const problem = formProblem();
  form.append(button, problem);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void run(button, problem, () => unlock(field.value));
  });
  section.append(form);
  return section;
}

/** The keychain lost the key: the recovery phrase, or start again with the old data set aside. */
export function keyLostScreen(recover: Action<string>, setAside: Action<void>): HTMLElement {
  const section = screen("key-lost", say("鍵が見つかりません", "The key is missing"));
  section.append(
    element(
      "p",
      "lead",
      say("保存したデータの鍵が、このパソコンの鍵束にありません。書き写した回復用フレーズを入力してください。", "The key to your saved data is no longer in this computer's keychain. Enter the recovery phrase you wrote down."),
    ),
  );
  const form = element("form", "store-form");
  const field = element("input");
  field.id = "recovery-phrase-input";
  field.autocomplete = "off";
  field.spellcheck = false;
  const label = element("label", "", say("回復用フレーズ", "Recovery phrase"));
  label.htmlFor = field.id;
  const button = primary("recover-store", say("開く", "Open"));
  button.type = "submit";
  const problem = formProblem();
  form.append(label, field, button, problem);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void run(button, problem, () => recover(field.value));
  });
  const other = element("details", "danger-zone");
  other.append(
    element("summary", "", say("回復用フレーズがない場合", "Without the recovery phrase")),
    element(
      "p",
      "",
      say("フレーズがなければ、誰にもこのデータは開けません。古いデータを別のフォルダーに移して、新しく始められます。", "Without it, nobody can open this data. You can move the old data to a separate folder and start again."),
    ),
  );
  const aside = actionButton("secondary", say("古いデータを移して新しく始める", "Move the old data aside and start again"), "set-aside-store");
  const asideProblem = formProblem();
  aside.addEventListener("click", () => void run(aside, asideProblem, () => setAside()));
  other.append(aside, asideProblem);
  section.append(form, other);
  return section;
}

function demoButton(openDemo: () => void): HTMLElement {
  return actionButton("secondary demo-first", say("まずデモデータで試す", "Try it on demo data first"), "open-demo", openDemo);
}

function screen(id: string, title: string): HTMLElement {
  const section = element("section", "screen");
  section.id = id;
  const heading = element("h2", "", title);
  section.setAttribute("aria-label", title);
  section.append(heading);
  return section;
}

function primary(id: string, text: string): HTMLButtonElement {
  const button = element("button", "primary", text);
  button.type = "button";
  button.id = id;
  return button;
}

function passwordField(form: HTMLFormElement, id: string, text: string): HTMLInputElement {
  const input = element("input");
  input.type = "password";
  input.id = id;
  input.autocomplete = "off";
  const label = element("label", "", text);
  label.htmlFor = id;
  form.append(label, input);
  return input;
}

function formProblem(): HTMLElement {
  const problem = element("p", "form-problem");
  problem.setAttribute("role", "alert");
  return problem;
}

/** Runs an action with its button disabled; shows its error under the form. */
async function run(button: HTMLButtonElement, problem: HTMLElement, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  problem.textContent = "";
  try {
    await action();
  } catch (error) {
    problem.textContent = errorText(error);
  } finally {
    button.disabled = false;
  }
}

function errorText(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && "message" in error) {
    const { code, message } = error as { code: string; message: string };
    if (code === "wrongKey") return say("開けませんでした。入力を確かめてください。", "That does not open the data; check what you typed.");
    if (code === "phrase") return `${say("回復用フレーズが正しくありません。", "The recovery phrase is not right:")} ${message}`;
    return String(message);
  }
  return String(error);
}
