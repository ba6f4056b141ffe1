// Shows what one statement is and what was read; its rows are in transactionTable.ts.
import { say } from "./i18n";
import type { ImportNote, Period, Statement } from "./bindings";
import { element } from "./dom";
import { formatDate } from "./format";

export function demoBanner(): HTMLElement {
  const banner = element("p", "demo-banner");
  banner.setAttribute("role", "note");
  banner.dataset.testid = "demo-banner";
  banner.textContent = say("デモデータです。実在の口座ではありません。", "Demo data — not a real account.");
  return banner;
}

/** What was read; `pages`, for lines found in a passbook, stand for the period instead of the rows'. */
export function summary(statement: Statement, extra: [string, string][] = [], pages?: Period[]): HTMLElement {
  const list = element("dl", "summary");
  const rows = statement.transactions;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const items: [string, string][] = [];
  if (statement.account) {
    items.push([say("口座", "Account"), `${statement.account.bank} ${statement.account.numberMasked}`]);
  }
  if (pages && pages.length > 0) {
    const looked = pages.map((p) => `${formatDate(p.from)} 〜 ${formatDate(p.to)}`).join(say("、", ", "));
    items.push([say("見たページ", "Pages looked at"), looked]);
  } else if (first && last) {
    items.push([say("期間", "Period"), `${formatDate(first.booked)} 〜 ${formatDate(last.booked)}`]);
  }
  items.push([say("件数", "Rows"), `${rows.length}件`], ...extra);
  for (const [term, detail] of items) {
    list.append(element("dt", "", term), element("dd", "", detail));
  }
  return list;
}

export function notes(items: ImportNote[]): HTMLElement {
  const list = element("ul", "notes");
  list.setAttribute("aria-label", say("読み込みについて", "About this import"));
  for (const note of items) list.append(element("li", "", noteText(note)));
  return list;
}

export function noteText(note: ImportNote): string {
  switch (note.type) {
    case "yearFromPeriod":
      return say(`日付に年がないため、明細の期間（${formatDate(note.from)}〜${formatDate(note.to)}）から年を補いました。`, `The dates have no year; it was taken from the statement period.`);
    case "yearFromOrder":
      return say(`日付に年がないため、最初の行を${note.firstYear}年として並び順から年を補いました。`, `The dates have no year; the first row was taken as ${note.firstYear} and the rest follow the row order.`);
    case "newestFirst":
      return say("新しい順の明細を日付順に並べ替えました。", "The file lists the newest row first; rows are shown in date order.");
    case "unreadableCharacters":
      return say(`${note.firstLine}行目以降の${note.count}文字を読めず、代わりの記号で表示しています（Shift_JIS-2004のファイルかもしれません）。金額・日付・カタカナには影響しません。`, `${note.count} characters from line ${note.firstLine} could not be read and show as placeholders; amounts, dates and katakana are unaffected.`);
    case "passbookLines":
      return say(`通帳の${formatDate(note.from)}〜${formatDate(note.to)}のページで見つかった行だけを入れたものです。ほかの行は分かりません。`, `Only the lines found in the passbook pages from ${formatDate(note.from)} to ${formatDate(note.to)} were entered; nothing is known of the other rows.`);
    case "pendingLeftOut":
      return say(`まだ確定していない取引${note.count}件は含めていません。`, `${note.count} entries not yet booked were left out.`);
  }
}
