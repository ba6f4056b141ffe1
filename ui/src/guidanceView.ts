// What to do next: the deadline first, then each step with a box to tick, whom to call (every
// number with its source), what to say and bring, and the fields a branch fills in. The same
// screen prints as the consultation sheet; the PDF and CSV are made by the app itself.
import { say } from "./i18n";
import type { ConsultationSheet, Contact, Deadline, SheetFormat, Step } from "./bindings";
import { actionButton, element, saveOnClick } from "./dom";
import { formatDataVersion, formatDate, formatYen } from "./format";
import { demoBanner } from "./statementView";

export type GuidanceActions = {
  print(): void;
  save(format: SheetFormat): Promise<string | null>;
};

export function renderGuidance(sheet: ConsultationSheet, actions: GuidanceActions): HTMLElement {
  const section = element("section", "guidance");
  section.id = "guidance";
  section.setAttribute("aria-label", say("次にすること", "What to do next"));
  section.append(element("h2", "", say("次にすること", "What to do next")));
  if (sheet.isDemo) section.append(demoBanner());
  section.append(deadlineBox(sheet.guidance.deadline));
  section.append(withdrawalSummary(sheet));
  const steps = element("ol", "steps");
  steps.setAttribute("aria-label", say("すること", "Steps"));
  sheet.guidance.steps.forEach((step, index) => steps.append(stepItem(step, index)));
  section.append(steps, fillIn(), dataVersionLine(sheet), exportButtons(actions));
  return section;
}

/** The deadline in one sentence, Japanese then English. */
export function deadlineText(deadline: Deadline): [string, string] {
  switch (deadline.type) {
    case "known":
      if (deadline.daysLeft < 0) {
        return [
          `${deadline.bank.ja}への届け出の期限（${formatDate(deadline.due)}）を${-deadline.daysLeft}日過ぎています。それでもすぐに連絡してください。`,
          `The deadline to tell ${deadline.bank.en} (${deadline.due}) passed ${-deadline.daysLeft} days ago. Tell the bank at once anyway.`,
        ];
      }
      return [
        `${deadline.bank.ja}への届け出: ${formatDate(deadline.due)}まで（あと${deadline.daysLeft}日）`,
        `Tell ${deadline.bank.en} by ${deadline.due} (${deadline.daysLeft} days left).`,
      ];
    case "asSoonAsPossible":
      return [
        `できるだけ早く${deadline.bank ?? "銀行"}に連絡してください。補償の期限は銀行が案内します。`,
        "Tell the bank as soon as possible; it will tell you its own deadline for compensation.",
      ];
    case "nothingDue":
      return ["届け出る出金はありません。", "Nothing needs reporting."];
  }
}

function deadlineBox(deadline: Deadline): HTMLElement {
  const box = element("div", deadline.type === "known" && deadline.daysLeft < 7 ? "deadline urgent" : "deadline");
  box.dataset.testid = "deadline";
  box.setAttribute("role", "note");
  const [ja, en] = deadlineText(deadline);
  box.append(element("p", "deadline-ja", ja), element("p", "deadline-en", en));
  if (deadline.type === "known") {
    box.append(element("p", "", `${deadline.note.ja} ${deadline.note.en}`), element("p", "source", `${say("出典", "Source")}: ${deadline.source}`));
  }
  return box;
}

function withdrawalSummary(sheet: ConsultationSheet): HTMLElement {
  const box = element("div", "sheet-withdrawals");
  box.append(
    element(
      "p",
      "",
      say(`届け出る出金: ${sheet.withdrawals.length}件・合計 ${formatYen(sheet.total)}`, `Withdrawals to report: ${sheet.withdrawals.length}, total ${formatYen(sheet.total)}`),
    ),
  );
  const list = element("ul");
  for (const withdrawal of sheet.withdrawals) {
    list.append(
      element(
        "li",
        "",
        `${formatDate(withdrawal.date)}　${formatYen(withdrawal.amount)}　${withdrawal.description}　${withdrawal.service.nameJa}（${withdrawal.service.operatorJa}）`,
      ),
    );
  }
  box.append(list);
  return box;
}

function stepItem(step: Step, index: number): HTMLElement {
  const item = element("li", "step");
  item.dataset.step = step.id;
  const box = element("input");
  box.type = "checkbox";
  box.id = `step-${index}`;
  const label = element("label", "step-title");
  label.htmlFor = box.id;
  label.append(element("span", "", step.title.ja), element("span", "step-en", step.title.en));
  item.append(box, label, element("p", "", step.detail.ja), element("p", "step-en", step.detail.en));
  if (step.say) {
    const say = element("blockquote", "say");
    say.append(element("p", "", `言うこと: ${step.say.ja}`), element("p", "step-en", `What to say: ${step.say.en}`));
    item.append(say);
  }
  if (step.bring) {
    item.append(element("p", "bring", say(`持ち物: ${step.bring.ja}`, `What to bring: ${step.bring.en}`)));
  }
  for (const contact of step.contacts) item.append(contactLine(contact));
  return item;
}

function contactLine(contact: Contact): HTMLElement {
  const box = element("div", "contact");
  box.append(
    element("p", "contact-name", `${contact.nameJa} ${contact.nameEn}`),
    element("p", "phone", contact.phone),
  );
  const note = [contact.phoneNoteJa, contact.phoneNoteEn].filter(Boolean).join(" / ");
  if (note) box.append(element("p", "", note));
  box.append(element("p", "source", `${say("出典", "Source")}: ${contact.source}`));
  return box;
}

function fillIn(): HTMLElement {
  const box = element("div", "fill-in");
  box.append(element("h3", "", say("記入欄", "To fill in")));
  for (const label of [
    say("気づいた日", "Date noticed"),
    say("警察に届けた日・警察署", "Reported to the police: date, station"),
    say("警察の受理番号", "Police receipt number"),
    say("連絡した運営会社と日時", "Operators contacted, and when"),
    say("担当者（支店）", "Staff member (branch)"),
  ]) {
    box.append(element("p", "fill-line", label));
  }
  return box;
}

/** Which data judged the withdrawals: printed with the sheet, for the branch's records. */
function dataVersionLine(sheet: ConsultationSheet): HTMLElement {
  const line = element("p", "data-version-line muted", `${say("データ版", "Data version")}: ${formatDataVersion(sheet.dataVersion)}`);
  line.dataset.testid = "sheet-data-version";
  return line;
}

function exportButtons(actions: GuidanceActions): HTMLElement {
  const bar = element("div", "export-buttons");
  const status = element("p", "export-status");
  status.setAttribute("role", "status");
  const print = actionButton("primary", say("印刷する", "Print"), "print-sheet", () => actions.print());
  bar.append(print);
  const formats: [SheetFormat, string][] = [
    ["pdf", say("PDFで保存", "Save as PDF")],
    ["csv", say("CSVで保存", "Save as CSV")],
  ];
  for (const [format, text] of formats) {
    const button = actionButton("secondary", text, `save-${format}`);
    saveOnClick(button, status, () => actions.save(format));
    bar.append(button);
  }
  bar.append(status);
  return bar;
}
