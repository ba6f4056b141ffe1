// Shows one statement: what it is, what was read, and every row in a table.
// Bank text is always set as text, never as HTML: a statement file is untrusted input.
import type { ImportNote, Statement, Transaction } from "./bindings";
import { formatDate, formatYen } from "./format";

export function renderStatement(statement: Statement): HTMLElement {
  const section = element("section", "statement");
  section.setAttribute("aria-label", "明細 Statement");
  if (statement.isDemo) section.append(demoBanner());
  section.append(summary(statement));
  if (statement.notes.length > 0) section.append(notes(statement.notes));
  section.append(table(statement.transactions));
  return section;
}

function notes(items: ImportNote[]): HTMLElement {
  const list = element("ul", "notes");
  list.setAttribute("aria-label", "読み込みについて About this import");
  for (const note of items) list.append(element("li", "", noteText(note)));
  return list;
}

export function noteText(note: ImportNote): string {
  switch (note.type) {
    case "yearFromPeriod":
      return `日付に年がないため、明細の期間（${formatDate(note.from)}〜${formatDate(note.to)}）から年を補いました。 The dates have no year; it was taken from the statement period.`;
    case "yearFromOrder":
      return `日付に年がないため、最初の行を${note.firstYear}年として並び順から年を補いました。 The dates have no year; the first row was taken as ${note.firstYear} and the rest follow the row order.`;
    case "newestFirst":
      return "新しい順の明細を日付順に並べ替えました。 The file lists the newest row first; rows are shown in date order.";
  }
}

function demoBanner(): HTMLElement {
  const banner = element("p", "demo-banner");
  banner.setAttribute("role", "note");
  banner.dataset.testid = "demo-banner";
  banner.textContent = "デモデータです。実在の口座ではありません。 Demo data — not a real account.";
  return banner;
}

function summary(statement: Statement): HTMLElement {
  const list = element("dl", "summary");
  const rows = statement.transactions;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const items: [string, string][] = [];
  if (statement.account) {
    items.push(["口座 Account", `${statement.account.bank} ${statement.account.numberMasked}`]);
  }
  if (first && last) {
    items.push(["期間 Period", `${formatDate(first.booked)} 〜 ${formatDate(last.booked)}`]);
  }
  items.push(["件数 Rows", `${rows.length}件`]);
  for (const [term, detail] of items) {
    list.append(element("dt", "", term), element("dd", "", detail));
  }
  return list;
}

export function table(transactions: Transaction[]): HTMLTableElement {
  const tableElement = element("table", "transactions");
  const caption = element("caption", "", "入出金明細 Transactions");
  const head = element("thead");
  const headRow = element("tr");
  for (const [label, className] of HEADINGS) {
    const cell = element("th", className, label);
    cell.scope = "col";
    headRow.append(cell);
  }
  head.append(headRow);
  const body = element("tbody");
  for (const transaction of transactions) body.append(row(transaction));
  tableElement.append(caption, head, body);
  return tableElement;
}

const HEADINGS: [string, string][] = [
  ["日付 Date", "date"],
  ["内容 Description", "description"],
  ["お引出し Withdrawal", "amount"],
  ["お預入れ Deposit", "amount"],
  ["残高 Balance", "amount"],
];

function row(transaction: Transaction): HTMLTableRowElement {
  const tr = element("tr");
  const withdrawal = transaction.amount < 0 ? formatYen(transaction.amount) : "";
  const deposit = transaction.amount > 0 ? formatYen(transaction.amount) : "";
  const balance = transaction.balance === null ? "" : formatYen(transaction.balance);
  tr.append(
    element("td", "date", formatDate(transaction.booked)),
    element("td", "description", transaction.description),
    element("td", "amount", withdrawal),
    element("td", "amount", deposit),
    element("td", "amount", balance),
  );
  return tr;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
