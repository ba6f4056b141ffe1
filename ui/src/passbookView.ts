// "通帳で確認する Check my passbook": for a person with a paper passbook and no file. First the
// pages looked at (the period), then how each service is printed in passbooks, large, grouped by
// service with its operator, and the lines found: date, amount, text chosen from the forms or
// typed. The review, guidance and sheet follow as for an import. When nothing is found, the
// screen lists the forms that were looked for, for that period only — never "nothing unfamiliar".
import { language, say } from "./i18n";
import type { FoundLine, HandoutService, PassbookOutcome, Period } from "./bindings";
import { actionButton, element, saveOnClick } from "./dom";
import { formatDate } from "./format";

export type PassbookActions = {
  /** Reads the period as typed (2020/9/1, R2.9.1, …); rejects with the app's error. */
  readPeriod(from: string, to: string): Promise<Period>;
  /** Checks the lines found in the pages of `period`. */
  check(period: Period, lines: FoundLine[]): Promise<PassbookOutcome>;
  /** Opens the review of the account the lines went into (then guidance and the sheet). */
  openReview(label: string): void;
  /** Saves the hand-out; null when the person cancelled. */
  saveHandout(): Promise<string | null>;
  /** Today, YYYY-MM-DD, the latest day the period may end. */
  today: string;
};

/** The whole check, starting with the period. */
export function passbookScreen(forms: HandoutService[], actions: PassbookActions): HTMLElement {
  const section = element("section", "screen passbook");
  section.id = "passbook";
  section.setAttribute("aria-label", say("通帳で確認する", "Check my passbook"));
  section.append(periodStep(forms, actions, section));
  return section;
}

function show(section: HTMLElement, step: HTMLElement): void {
  section.replaceChildren(step);
  step.querySelector<HTMLElement>("h2")?.focus();
}

function heading(ja: string, en: string): HTMLHeadingElement {
  const h = element("h2", "", say(ja, en));
  h.tabIndex = -1;
  return h;
}

/** Step 1: which pages were looked at. */
export function periodStep(forms: HandoutService[], actions: PassbookActions, section: HTMLElement): HTMLElement {
  const step = element("div", "passbook-step");
  step.dataset.step = "period";
  const form = element("form", "store-form");
  // Typed as a passbook prints dates, like the lines: a date picker is hard to work by keyboard.
  const from = textInput("passbook-from", "2020/9/1");
  const to = textInput("passbook-to", "2020/9/30");
  to.value = actions.today.replaceAll("-", "/");
  const problem = element("p", "form-problem");
  problem.setAttribute("role", "alert");
  const next = element("button", "primary", say("次へ", "Next"));
  next.type = "submit";
  next.id = "passbook-period-next";
  form.append(
    label(from, "見たページの最初の日（例 2020/9/1、R2.9.1）", "First day on the pages you looked at (e.g. 2020/9/1, R2.9.1)"),
    from,
    label(to, "見たページの最後の日", "Last day on the pages you looked at"),
    to,
    problem,
    next,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!from.value.trim() || !to.value.trim()) {
      problem.textContent = say("最初の日と最後の日を入れてください。", "Enter the first and the last day.");
      (from.value.trim() ? to : from).focus();
      return;
    }
    next.disabled = true;
    actions
      .readPeriod(from.value.trim(), to.value.trim())
      .then((period) => {
        const wrong = periodProblem(period, actions.today);
        problem.textContent = wrong ?? "";
        if (wrong) {
          from.focus();
          return;
        }
        show(section, linesStep(forms, period, actions, section));
      })
      .catch((error: { message?: string }) => {
        problem.textContent = String(error?.message ?? error);
        from.focus();
      })
      .finally(() => {
        next.disabled = false;
      });
  });
  step.append(
    heading("通帳で確認する", "Check my passbook"),
    element(
      "p",
      "lead",
      say(
        "まず、通帳のどの期間のページを見たかを教えてください。確かめるのはその期間だけです。",
        "First, which period's pages did you look at? The check speaks only of that period.",
      ),
    ),
    form,
  );
  return step;
}

/** Why a period cannot be used, or null. */
export function periodProblem(period: Period, today: string): string | null {
  if (!period.from || !period.to) return say("最初の日と最後の日を入れてください。", "Enter the first and the last day.");
  if (period.to < period.from) return say("最後の日が最初の日より前です。", "The last day is before the first.");
  if (period.to > today) return say("最後の日が今日より後です。", "The last day is after today.");
  return null;
}

function label(input: HTMLInputElement, ja: string, en: string): HTMLLabelElement {
  const node = element("label", "", say(ja, en));
  node.htmlFor = input.id;
  return node;
}

/**
 * What an account is called on screen: the lines found in a paper passbook are kept under an
 * account of their own, whose stored label is a name for the app, not for a person.
 */
export function accountTitle(label: string, foundInPassbook: boolean): string {
  return foundInPassbook ? say("通帳で見つけた行", "Lines found in a paper passbook") : label;
}

/** The pages looked at, each period as first day〜last day. */
export function pagesText(periods: Period[]): string {
  const en = language() === "en";
  return periods.map((p) => `${formatDate(p.from)}${en ? " to " : "〜"}${formatDate(p.to)}`).join(en ? ", " : "、");
}

/** The forms to look for, large, grouped by service with the operator. */
export function formsList(forms: HandoutService[]): HTMLElement {
  const list = element("ul", "passbook-forms");
  list.setAttribute("aria-label", say("通帳に印字される文字", "How they are printed in passbooks"));
  for (const service of forms) {
    const item = element("li", "passbook-service");
    item.append(element("h3", "", say(service.nameJa, service.nameEn)));
    const printed = element("p", "passbook-printed");
    for (const form of service.forms) {
      const span = element("span", "passbook-form", form);
      span.lang = "ja";
      printed.append(span, " ");
    }
    item.append(printed, element("p", "hint", `${say("運営", "Operator")}: ${say(service.operatorJa, service.operatorEn)}`));
    list.append(item);
  }
  return list;
}

/** Step 2: the forms, and the lines found. */
export function linesStep(forms: HandoutService[], period: Period, actions: PassbookActions, section: HTMLElement): HTMLElement {
  const step = element("div", "passbook-step");
  step.dataset.step = "lines";
  const lines: FoundLine[] = [];
  const periodText = pagesText([period]);
  step.append(
    heading("通帳にこの文字はありますか", "Are any of these in your passbook?"),
    element(
      "p",
      "lead",
      say(
        `${periodText}のページの「お引出し」の欄に、次の文字がないか見てください。`,
        `Look in the withdrawals column of the pages ${periodText} for any of these texts.`,
      ),
    ),
    formsList(forms),
  );

  const form = element("form", "store-form passbook-line-form");
  const date = textInput("passbook-date", "2020/9/4");
  const amount = textInput("passbook-amount", "100,000");
  amount.inputMode = "numeric";
  const text = textInput("passbook-text", "ﾄﾞｺﾓｺｳｻﾞ");
  text.maxLength = 200;
  const choices = element("datalist");
  choices.id = "passbook-form-choices";
  for (const service of forms) for (const printed of service.forms) choices.append(new Option(printed, printed));
  text.setAttribute("list", choices.id);
  const problem = element("p", "form-problem");
  problem.setAttribute("role", "alert");
  const add = element("button", "secondary", say("この行を加える", "Add this line"));
  add.type = "submit";
  add.id = "passbook-add-line";
  form.append(
    element("h3", "", say("見つけた行を入れてください", "Enter each line you found")),
    label(date, "日付（例 2020/9/4、令和2年9月4日、R2.9.4、02-09-04）", "Date (e.g. 2020/9/4, 令和2年9月4日, R2.9.4, 02-09-04)"),
    date,
    label(amount, "金額（例 100,000）", "Amount (e.g. 100,000)"),
    amount,
    label(text, "通帳の文字（一覧から選ぶか、そのまま入力）", "Passbook text (choose from the list or type it)"),
    text,
    choices,
    problem,
    add,
  );
  const added = element("ul", "passbook-lines");
  added.setAttribute("aria-label", say("入れた行", "Lines entered"));
  added.setAttribute("aria-live", "polite");
  const redraw = () => {
    added.replaceChildren(
      ...lines.map((line, index) => {
        const item = element("li", "", `${line.date}　${line.amount}　${line.text}`);
        item.append(
          " ",
          actionButton("secondary", say("消す", "Remove"), `passbook-remove-${index}`, () => {
            lines.splice(index, 1);
            // What was said of the lines before no longer holds.
            result.textContent = "";
            redraw();
            date.focus();
          }),
        );
        return item;
      }),
    );
    check.textContent =
      lines.length === 0
        ? say("どれも見つからなかった", "I found none of these")
        : say(`${lines.length}行を確かめる`, `Check ${lines.length === 1 ? "this line" : `these ${lines.length} lines`}`);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const missing = [date, amount, text].find((input) => !input.value.trim());
    if (missing) {
      problem.textContent = say("日付・金額・通帳の文字をすべて入れてください。", "Enter the date, the amount and the text.");
      missing.focus();
      return;
    }
    problem.textContent = "";
    lines.push({ date: date.value.trim(), amount: amount.value.trim(), text: text.value.trim() });
    date.value = "";
    amount.value = "";
    text.value = "";
    redraw();
    date.focus();
  });

  const result = element("div", "passbook-problem");
  result.setAttribute("role", "alert");
  const check = actionButton("primary", "", "passbook-check", () => {
    check.disabled = true;
    actions
      .check(period, [...lines])
      .then((outcome) => {
        if (outcome.review.findings.some((f) => f.flagged)) actions.openReview(outcome.label);
        else show(section, emptyResult(forms, outcome, actions));
      })
      .catch((error: { message?: string }) => {
        result.textContent = String(error?.message ?? error);
        date.focus();
      })
      .finally(() => {
        check.disabled = false;
      });
  });
  redraw();
  step.append(form, added, result, check, handoutButton(actions));
  return step;
}

function textInput(id: string, placeholder: string): HTMLInputElement {
  const input = element("input");
  input.id = id;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.placeholder = placeholder;
  return input;
}

/**
 * No line was found, or none is any service's: what was looked for, in which period. Lines whose
 * text is no service are listed as unknown. It never says the passbook holds "nothing unfamiliar":
 * only the forms listed were looked for, in those pages.
 */
export function emptyResult(forms: HandoutService[], outcome: PassbookOutcome, actions: PassbookActions): HTMLElement {
  const step = element("div", "passbook-step");
  step.dataset.step = "result";
  const periodText = pagesText([outcome.period]);
  step.append(
    heading("確かめた範囲", "What was looked for"),
    element(
      "p",
      "lead",
      say(
        `${periodText}のページで、次の文字は見つからなかったとのことです。ほかの期間のページや、ここにない文字については分かりません。`,
        `You found none of the texts below in the pages ${periodText}. Other periods, and texts not listed here, were not checked.`,
      ),
    ),
  );
  const rows = outcome.review.statement.transactions;
  const known = new Set(outcome.review.findings.map((f) => f.row));
  const unknown = rows.filter((_, index) => !known.has(index));
  if (unknown.length > 0) {
    const list = element("ul", "passbook-unknown");
    list.setAttribute("aria-label", say("サービスが分からない行", "Lines whose service is unknown"));
    for (const row of unknown) {
      list.append(element("li", "", `${formatDate(row.booked)}　${row.description}　${say("（どのサービスか分かりません）", "(unknown service)")}`));
    }
    step.append(
      element("p", "", say("次の行は、どのサービスのものか分かりませんでした。心当たりがなければ銀行に聞いてください。", "These lines are no service the app knows; if you do not recognise one, ask your bank.")),
      list,
    );
  }
  step.append(formsList(forms), handoutButton(actions));
  return step;
}

function handoutButton(actions: PassbookActions): HTMLElement {
  const zone = element("div", "handout-zone");
  const status = element("p", "hint");
  status.setAttribute("aria-live", "polite");
  const button = actionButton("secondary", say("見方の紙を保存（PDF）", "Save the hand-out (PDF)"), "save-handout");
  saveOnClick(button, status, actions.saveHandout);
  zone.append(button, status);
  return zone;
}
