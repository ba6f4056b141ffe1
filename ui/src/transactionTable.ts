// Every row of a statement in a table that stays smooth at ten years of history (100,000 rows and
// more): only the rows in view, and a screenful either side, are in the page; two spacer rows
// keep the scroll bar true to the whole. Rows have one fixed height (measured, so large text
// still lines up), and the header stays in view while scrolling.
// Bank text is always set as text, never as HTML: a statement file is untrusted input.
import { say } from "./i18n";
import type { Transaction } from "./bindings";
import { element } from "./dom";
import { formatDate, formatYen } from "./format";

/** What the table says about an e-money row: its service, and whether it needs a look. */
export type RowMark = { service: string; flagged: boolean };

export type TransactionTable = {
  /** The scrolling box with the table in it. */
  node: HTMLElement;
  table: HTMLTableElement;
  /** Shows only these rows (indexes into the statement, in order); all rows at first. */
  show(indexes: number[]): void;
  /** The rows in the page now, as indexes into the statement. */
  rendered(): number[];
};

const HEADINGS: [string, string][] = [
  [say("日付", "Date"), "date"],
  [say("内容", "Description"), "description"],
  [say("電子マネー", "E-money"), "service"],
  [say("お引出し", "Withdrawal"), "amount"],
  [say("お預入れ", "Deposit"), "amount"],
  [say("残高", "Balance"), "amount"],
];

/** Rows in the page beyond the ones in view, on each side. */
const OVERSCAN = 30;
/** A row's height before one has been measured (and where nothing is laid out, as in tests). */
const ASSUMED_ROW_PX = 40;
/** The view's height when the page has no layout yet. */
const ASSUMED_VIEW_PX = 800;

/** Every row; `marks` (by row index) names the e-money rows and says which need a look. */
export function transactionTable(
  transactions: Transaction[],
  marks: Map<number, RowMark> = new Map(),
): TransactionTable {
  const scroller = element("div", "table-scroll");
  // Focusable, so the arrow and page keys scroll it.
  scroller.tabIndex = 0;
  scroller.setAttribute("role", "region");
  scroller.setAttribute("aria-label", say("入出金明細（スクロールできます）", "Transactions (scrollable)"));
  const table = element("table", "transactions");
  const caption = element("caption", "", say("入出金明細", "Transactions"));
  const head = element("thead");
  const headRow = element("tr");
  headRow.setAttribute("aria-rowindex", "1");
  for (const [label, className] of HEADINGS) {
    const cell = element("th", className, label);
    cell.scope = "col";
    headRow.append(cell);
  }
  head.append(headRow);
  const body = element("tbody");
  table.append(caption, head, body);
  scroller.append(table);

  let indexes: number[] = transactions.map((_, index) => index);
  let rowHeight = ASSUMED_ROW_PX;
  let window: [number, number] | null = null;
  // The rows in the page, by their position among the rows shown; kept across renders, so a
  // scroll step makes only the rows that come into view.
  let inPage = new Map<number, HTMLTableRowElement>();
  const topSpacer = spacer();
  const bottomSpacer = spacer();
  body.append(topSpacer, bottomSpacer);

  const makeRow = (position: number): HTMLTableRowElement => {
    const index = indexes[position]!;
    const tr = row(transactions[index]!, marks.get(index));
    tr.setAttribute("aria-rowindex", String(position + 2));
    tr.dataset.row = String(index);
    return tr;
  };

  const render = (force: boolean) => {
    const started = performance.now();
    const headHeight = head.getBoundingClientRect().height + caption.getBoundingClientRect().height;
    const viewHeight = scroller.clientHeight || ASSUMED_VIEW_PX;
    const top = Math.max(0, scroller.scrollTop - headHeight);
    const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
    const last = Math.min(indexes.length, Math.ceil((top + viewHeight) / rowHeight) + OVERSCAN);
    if (!force && window && window[0] === first && window[1] === last) return;
    window = [first, last];
    for (const [position, tr] of inPage) {
      if (position < first || position >= last) {
        tr.remove();
        inPage.delete(position);
      }
    }
    const kept = [...inPage.keys()];
    const lowestKept = kept.length > 0 ? Math.min(...kept) : last;
    const highestKept = kept.length > 0 ? Math.max(...kept) : last - 1;
    const above: HTMLTableRowElement[] = [];
    for (let position = first; position < Math.min(lowestKept, last); position++) above.push(makeRow(position));
    const below: HTMLTableRowElement[] = [];
    for (let position = Math.max(highestKept + 1, first); position < last; position++) below.push(makeRow(position));
    topSpacer.after(...above);
    bottomSpacer.before(...below);
    for (const [offset, tr] of above.entries()) inPage.set(first + offset, tr);
    for (const [offset, tr] of below.entries()) inPage.set(Math.max(highestKept + 1, first) + offset, tr);
    setHeight(topSpacer, first * rowHeight);
    setHeight(bottomSpacer, (indexes.length - last) * rowHeight);
    table.setAttribute("aria-rowcount", String(indexes.length + 1));
    // Measured once rows are laid out: large text makes rows taller, and the spacers must match.
    // (Measuring lays the page out, so the timing below includes layout.)
    const measured = inPage.get(first)?.getBoundingClientRect().height;
    // For the scroll benchmark (tests/e2e/bench-scroll.mjs), which observes it; not kept.
    performance.measure("table-render", { start: started, end: performance.now() });
    performance.clearMeasures("table-render");
    if (measured && Math.abs(measured - rowHeight) > 0.5) {
      rowHeight = measured;
      render(true);
    }
  };

  const clear = () => {
    for (const tr of inPage.values()) tr.remove();
    inPage = new Map();
    window = null;
  };

  let frameAsked = false;
  scroller.addEventListener(
    "scroll",
    () => {
      if (frameAsked) return;
      frameAsked = true;
      requestAnimationFrame(() => {
        frameAsked = false;
        render(false);
      });
    },
    { passive: true },
  );
  // Text size or window changes change what fits.
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => render(true)).observe(scroller);
  render(true);

  return {
    node: scroller,
    table,
    show(next: number[]) {
      clear();
      indexes = next;
      scroller.scrollTop = 0;
      render(true);
    },
    rendered() {
      return [...body.querySelectorAll<HTMLTableRowElement>("tr[data-row]")].map((tr) => Number(tr.dataset.row));
    },
  };
}

/** A row standing in for the rows not in the page; hidden when there are none. */
function spacer(): HTMLTableRowElement {
  const tr = element("tr", "spacer");
  tr.setAttribute("aria-hidden", "true");
  const td = element("td");
  td.colSpan = HEADINGS.length;
  tr.append(td);
  return tr;
}

function setHeight(spacerRow: HTMLTableRowElement, height: number): void {
  spacerRow.hidden = height === 0;
  spacerRow.querySelector("td")!.style.height = `${height}px`;
}

function row(transaction: Transaction, mark: RowMark | undefined): HTMLTableRowElement {
  const tr = element("tr", mark?.flagged ? "flagged" : "");
  const withdrawal = transaction.amount < 0 ? formatYen(transaction.amount) : "";
  const deposit = transaction.amount > 0 ? formatYen(transaction.amount) : "";
  const balance = transaction.balance === null ? "" : formatYen(transaction.balance);
  // Told in words, not only by colour: the flagged mark is text.
  const service = mark ? `${mark.flagged ? "⚠ 要確認 " : ""}${mark.service}` : "";
  const description = element("td", "description", transaction.description);
  // The whole text on hover, where a narrow window cuts it short.
  description.title = transaction.description;
  tr.append(
    element("td", "date", formatDate(transaction.booked)),
    description,
    element("td", "service", service),
    element("td", "amount", withdrawal),
    element("td", "amount", deposit),
    element("td", "amount", balance),
  );
  return tr;
}
