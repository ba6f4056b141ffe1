import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Transaction } from "./bindings";
import { transactionTable } from "./transactionTable";

function history(count: number): Transaction[] {
  const rows: Transaction[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      booked: "2020-09-04",
      amount: i % 2 === 0 ? -1000 - i : 500,
      description: i === 7 ? "<img src=x onerror=alert(1)>" : `ROW ${i}`,
      normalized: `ROW ${i}`,
      balance: 1_000_000 - i,
      kind: null,
      sourceId: { type: "fingerprint", value: String(i) },
      line: i + 2,
    });
  }
  return rows;
}

/** jsdom lays nothing out: the scroll box gets a height and a scroll position by hand. */
function laidOut(node: HTMLElement, height: number): (top: number) => void {
  Object.defineProperty(node, "clientHeight", { configurable: true, get: () => height });
  let top = 0;
  Object.defineProperty(node, "scrollTop", { configurable: true, get: () => top, set: (v: number) => (top = v) });
  return (next) => {
    top = next;
    node.dispatchEvent(new Event("scroll"));
  };
}

function spacerHeights(node: HTMLElement): number {
  return [...node.querySelectorAll<HTMLTableCellElement>("tr.spacer:not([hidden]) td")].reduce(
    (sum, td) => sum + Number.parseFloat(td.style.height),
    0,
  );
}

describe("the transaction table", () => {
  beforeEach(() => {
    vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => {
      callback(0);
      return 0;
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("puts only the rows near the view in the page, however long the history", () => {
    const rows = history(100_000);
    const table = transactionTable(rows);
    const rendered = table.rendered();
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(100);
    expect(rendered[0]).toBe(0);
    // The spacer below stands in for every other row, so the scroll bar is true to the whole.
    expect(spacerHeights(table.node)).toBe((100_000 - rendered.length) * 40);
    expect(table.table.getAttribute("aria-rowcount")).toBe("100001");
  });

  it("shows the rows scrolled to, numbered for screen readers as in the whole table", () => {
    const table = transactionTable(history(100_000));
    const scrollTo = laidOut(table.node, 600);
    scrollTo(50_000 * 40);
    const rendered = table.rendered();
    expect(rendered).toContain(50_000);
    expect(rendered).toContain(50_010);
    expect(rendered.length).toBeLessThan(100);
    const first = table.node.querySelector<HTMLTableRowElement>("tr[data-row]")!;
    expect(first.getAttribute("aria-rowindex")).toBe(String(rendered[0]! + 2));
    expect(first.querySelector(".description")?.textContent).toBe(`ROW ${rendered[0]}`);
    expect(spacerHeights(table.node)).toBe((100_000 - rendered.length) * 40);
  });

  it("keeps the rows still in view when scrolling a little, and makes only the new ones", () => {
    const table = transactionTable(history(10_000));
    const scrollTo = laidOut(table.node, 600);
    scrollTo(2_000 * 40);
    const before = table.node.querySelector<HTMLTableRowElement>('tr[data-row="2005"]')!;
    scrollTo(2_003 * 40);
    expect(table.node.querySelector('tr[data-row="2005"]')).toBe(before);
    const rendered = table.rendered();
    // In order, without holes, and the spacers still add up to the rows not in the page.
    expect(rendered).toEqual(rendered.map((_, i) => rendered[0]! + i));
    expect(spacerHeights(table.node)).toBe((10_000 - rendered.length) * 40);
  });

  it("shows only the rows asked for, from the top", () => {
    const table = transactionTable(history(1_000));
    const scrollTo = laidOut(table.node, 600);
    scrollTo(20_000);
    table.show([3, 7, 999]);
    expect(table.rendered()).toEqual([3, 7, 999]);
    expect(table.node.scrollTop).toBe(0);
    expect(table.node.querySelectorAll("tr.spacer:not([hidden])")).toHaveLength(0);
    expect(table.table.getAttribute("aria-rowcount")).toBe("4");
  });

  it("sets statement text as text", () => {
    const table = transactionTable(history(20));
    const cell = table.node.querySelector<HTMLTableRowElement>('tr[data-row="7"] .description')!;
    expect(cell.textContent).toBe("<img src=x onerror=alert(1)>");
    expect(cell.querySelector("img")).toBeNull();
    expect(table.node.querySelector("img")).toBeNull();
  });
});
