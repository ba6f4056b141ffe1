// "What is this line?": a customer on the phone with the bank, or a clerk, types one passbook
// line and reads, in large type, what it is and what to do when it is not recognised.
import { say } from "./i18n";
import type { LineAnswer } from "./bindings";
import { element } from "./dom";

export function lineScreen(explain: (line: string) => Promise<LineAnswer>): HTMLElement {
  const section = element("section", "screen line-screen");
  section.id = "what-is-this-line";
  section.setAttribute("aria-label", say("この行は何？", "What is this line?"));
  section.append(
    element("h2", "", say("この行は何？", "What is this line?")),
    element(
      "p",
      "lead",
      "通帳や明細の1行をそのまま入力してください（例: ﾃﾞｲｰﾊﾞﾗｲ）。 Type one line from the passbook as it is printed (for example ﾃﾞｲｰﾊﾞﾗｲ).",
    ),
  );
  const form = element("form", "store-form");
  const input = element("input");
  input.id = "line-input";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.maxLength = 200;
  const label = element("label", "", say("通帳の表示", "Passbook text"));
  label.htmlFor = input.id;
  const button = element("button", "primary", say("調べる", "Look it up"));
  button.type = "submit";
  button.id = "explain-line";
  form.append(label, input, button);
  const result = element("div", "line-answer");
  result.setAttribute("aria-live", "polite");
  result.dataset.testid = "line-answer";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    button.disabled = true;
    explain(input.value)
      .then((answer) => result.replaceChildren(...answerParts(answer)))
      .catch((error: { message?: string }) => {
        result.replaceChildren(element("p", "form-problem", String(error?.message ?? error)));
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  section.append(form, result);
  return section;
}

function answerParts(answer: LineAnswer): HTMLElement[] {
  const kind =
    answer.kind === "topUp"
      ? element("p", "line-kind attention", say("電子マネーへの入金（チャージ）です。", "An e-money top-up."))
      : answer.kind === "lookalike"
        ? element("p", "line-kind calm", say("電子マネーへの入金ではありません。", "Not an e-money top-up."))
        : element("p", "line-kind", say("登録されているサービスに当てはまりません。", "Not a service the app knows."));
  const ja = element("div", "line-ja");
  for (const paragraph of answer.text.ja.split("\n")) if (paragraph) ja.append(element("p", "", paragraph));
  const en = element("div", "line-en");
  for (const paragraph of answer.text.en.split("\n")) if (paragraph) en.append(element("p", "", paragraph));
  return [kind, ja, en];
}
