import type { Transaction } from "./bindings";
import { filterBar, NO_FILTER, passes, type RowFilter } from "./filters";

function row(booked: string): Transaction {
  return {
    booked,
    amount: -1000,
    description: "x",
    normalized: "x",
    balance: null,
    kind: null,
    sourceId: { type: "bank", value: booked },
    line: 1,
  };
}

describe("narrowing the table", () => {
  const docomo = { serviceId: "docomo-koza", flagged: true };
  const paypay = { serviceId: "paypay", flagged: false };

  it("keeps every row by default, and narrows by kind, service and period", () => {
    expect(passes(row("2020-09-04"), undefined, NO_FILTER)).toBe(true);
    const emoney: RowFilter = { ...NO_FILTER, show: "emoney" };
    expect(passes(row("2020-09-04"), undefined, emoney)).toBe(false);
    expect(passes(row("2020-09-04"), paypay, emoney)).toBe(true);
    const flagged: RowFilter = { ...NO_FILTER, show: "flagged" };
    expect(passes(row("2020-09-04"), paypay, flagged)).toBe(false);
    expect(passes(row("2020-09-04"), docomo, flagged)).toBe(true);
    const onlyPaypay: RowFilter = { ...NO_FILTER, service: "paypay" };
    expect(passes(row("2020-09-04"), docomo, onlyPaypay)).toBe(false);
    const september: RowFilter = { ...NO_FILTER, from: "2020-09-01", to: "2020-09-30" };
    expect(passes(row("2020-08-31"), undefined, september)).toBe(false);
    expect(passes(row("2020-09-30"), undefined, september)).toBe(true);
    expect(passes(row("2020-10-01"), undefined, september)).toBe(false);
  });

  it("reports the whole filter after each change", () => {
    const seen: RowFilter[] = [];
    const bar = filterBar([{ id: "paypay", name: "PayPay" }], (filter) => seen.push(filter));
    const show = bar.querySelector<HTMLSelectElement>("#filter-show")!;
    show.value = "flagged";
    show.dispatchEvent(new Event("change"));
    const from = bar.querySelector<HTMLInputElement>("#filter-from")!;
    from.value = "2020-09-01";
    from.dispatchEvent(new Event("change"));
    expect(seen).toEqual([
      { show: "flagged", service: null, from: null, to: null },
      { show: "flagged", service: null, from: "2020-09-01", to: null },
    ]);
    expect([...bar.querySelectorAll("#filter-service option")].map((o) => o.textContent)).toEqual([
      "すべて All services",
      "PayPay",
    ]);
  });
});
