import type { Statement, Transaction } from "./bindings";
import { renderStatement } from "./statementView";

function transaction(overrides: Partial<Transaction>): Transaction {
  return {
    booked: "2020-09-04",
    amount: -100000,
    description: "振替 ﾄﾞｺﾓｺｳｻﾞ",
    normalized: "振替ドコモコウザ",
    balance: 366207,
    kind: null,
    sourceId: { type: "bank", value: "1" },
    line: 8,
    ...overrides,
  };
}

function statement(overrides: Partial<Statement>): Statement {
  return {
    source: "test.csv",
    layout: "yucho",
    account: { bank: "ゆうちょ銀行", branch: null, numberMasked: "*********5671" },
    isDemo: false,
    notes: [],
    transactions: [],
    ...overrides,
  };
}

function cells(section: HTMLElement): string[][] {
  return [...section.querySelectorAll("tbody tr")].map((tr) =>
    [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""),
  );
}

describe("renderStatement", () => {
  it("shows withdrawals and deposits in their own columns", () => {
    const section = renderStatement(
      statement({
        transactions: [
          transaction({}),
          transaction({ booked: "2020-08-14", amount: 189750, description: "入金 ﾈﾝｷﾝ", balance: 501607 }),
        ],
      }),
    );
    expect(cells(section)).toEqual([
      ["2020年9月4日", "振替 ﾄﾞｺﾓｺｳｻﾞ", "100,000円", "", "366,207円"],
      ["2020年8月14日", "入金 ﾈﾝｷﾝ", "", "189,750円", "501,607円"],
    ]);
  });

  it("labels demo data and only demo data", () => {
    expect(renderStatement(statement({ isDemo: true })).querySelector("[data-testid=demo-banner]")).not.toBeNull();
    expect(renderStatement(statement({ isDemo: false })).querySelector("[data-testid=demo-banner]")).toBeNull();
  });

  it("says what was read: account, period and row count", () => {
    const section = renderStatement(
      statement({ transactions: [transaction({ booked: "2020-07-01" }), transaction({ booked: "2020-09-14" })] }),
    );
    const summary = section.querySelector(".summary")?.textContent ?? "";
    expect(summary).toContain("ゆうちょ銀行 *********5671");
    expect(summary).toContain("2020年7月1日 〜 2020年9月14日");
    expect(summary).toContain("2件");
  });

  it("renders statement text as text, never as markup", () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const section = renderStatement(statement({ transactions: [transaction({ description: hostile })] }));
    expect(section.querySelector("img")).toBeNull();
    expect(cells(section)[0]?.[1]).toBe(hostile);
  });

  it("says what the importer worked out rather than read", () => {
    const section = renderStatement(
      statement({
        notes: [{ type: "yearFromPeriod", from: "2020-12-01", to: "2021-01-31" }, { type: "newestFirst" }],
      }),
    );
    const notes = [...section.querySelectorAll(".notes li")].map((li) => li.textContent);
    expect(notes).toEqual([
      "日付に年がないため、明細の期間（2020年12月1日〜2021年1月31日）から年を補いました。 The dates have no year; it was taken from the statement period.",
      "新しい順の明細を日付順に並べ替えました。 The file lists the newest row first; rows are shown in date order.",
    ]);
  });

  it("leaves the balance empty when the file gives none", () => {
    const section = renderStatement(statement({ transactions: [transaction({ balance: null })] }));
    expect(cells(section)[0]?.[4]).toBe("");
  });
});
