import type { Finding, Review, Statement, Transaction } from "./bindings";
import { answerText, renderReview } from "./reviewView";
import { setLanguage } from "./i18n";

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

const docomo = {
  id: "docomo-koza",
  nameJa: "ドコモ口座（d払い）",
  nameEn: "docomo Koza (d Barai)",
  operatorJa: "株式会社NTTドコモ",
  operatorEn: "NTT DOCOMO, INC.",
};

function finding(row: number, flagged: boolean): Finding {
  return {
    row,
    service: docomo,
    score: flagged ? 0.69 : 0,
    flagged,
    level: flagged ? "flag" : "ordinary",
    reasons: flagged ? [{ ja: "ドコモ口座（d払い）への初めての支払いです", en: "First payment ever to docomo Koza (d Barai)" }] : [],
    answer: null,
  };
}

function review(overrides: Partial<Review>): Review {
  return {
    statement: statement({}),
    findings: [],
    catalog: "2026-11-25",
    dataVersion: { serial: 2026113000, label: "2026-11-30", fromBundle: false },
    gaps: [],
    history: null,
    passbook: null,
    runs: [],
    ...overrides,
  };
}

function cells(section: HTMLElement): string[][] {
  return [...section.querySelectorAll("tbody tr:not(.spacer)")].map((tr) =>
    [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""),
  );
}

describe("renderReview", () => {
  it("answers first: how many withdrawals need a look, or that none do", () => {
    const calm = renderReview(review({}));
    expect(calm.querySelector("[data-testid=answer]")?.textContent).toBe(
      "心当たりのない電子マネーへの出金は見つかりませんでした。 No unfamiliar e-money withdrawals.",
    );
    expect(answerText(1)).toBe("確認が必要な出金が1件あります。 1 withdrawal needs your attention.");
    expect(answerText(4)).toBe("確認が必要な出金が4件あります。 4 withdrawals need your attention.");
  });

  it("lists each flagged withdrawal with service, operator, passbook text and reasons in both languages", () => {
    const section = renderReview(
      review({ statement: statement({ transactions: [transaction({})] }), findings: [finding(0, true)] }),
    );
    const item = section.querySelector(".flagged-list li");
    expect(item?.querySelector(".finding-title")?.textContent).toBe("2020年9月4日　100,000円　ドコモ口座（d払い）");
    expect(item?.querySelector(".finding-detail")?.textContent).toContain("振替 ﾄﾞｺﾓｺｳｻﾞ");
    expect(item?.querySelector(".finding-detail")?.textContent).toContain("株式会社NTTドコモ");
    expect(item?.querySelector(".reason-ja")?.textContent).toBe("ドコモ口座（d払い）への初めての支払いです");
    expect(item?.querySelector(".reason-en")?.textContent).toBe("First payment ever to docomo Koza (d Barai)");
  });

  it("marks e-money rows in the table in words, flagged ones as such", () => {
    const section = renderReview(
      review({
        statement: statement({
          transactions: [
            transaction({}),
            transaction({ booked: "2020-08-14", amount: 189750, description: "入金 ﾈﾝｷﾝ", balance: 501607 }),
            transaction({ booked: "2020-09-12", amount: -3000, description: "振替 PAYPAY", balance: 498607 }),
          ],
        }),
        findings: [finding(0, true), { ...finding(2, false), service: { ...docomo, id: "paypay", nameJa: "PayPay" } }],
      }),
    );
    expect(cells(section)).toEqual([
      ["2020年9月4日", "振替 ﾄﾞｺﾓｺｳｻﾞ", "⚠ 要確認 ドコモ口座（d払い）", "100,000円", "", "366,207円"],
      ["2020年8月14日", "入金 ﾈﾝｷﾝ", "", "", "189,750円", "501,607円"],
      ["2020年9月12日", "振替 PAYPAY", "PayPay", "3,000円", "", "498,607円"],
    ]);
    expect(section.querySelectorAll("tbody tr.flagged")).toHaveLength(1);
  });

  it("labels demo data and only demo data", () => {
    const demo = review({ statement: statement({ isDemo: true }) });
    expect(renderReview(demo).querySelector("[data-testid=demo-banner]")).not.toBeNull();
    expect(renderReview(review({})).querySelector("[data-testid=demo-banner]")).toBeNull();
  });

  it("says what was checked: account, period, rows, catalog and gaps", () => {
    const section = renderReview(
      review({
        statement: statement({ transactions: [transaction({ booked: "2020-07-01" }), transaction({ booked: "2020-09-14" })] }),
      }),
    );
    const summary = section.querySelector(".summary")?.textContent ?? "";
    expect(summary).toContain("ゆうちょ銀行 *********5671");
    expect(summary).toContain("2020年7月1日 〜 2020年9月14日");
    expect(summary).toContain("2件");
    expect(summary).toContain("2026-11-25");
    expect(summary).toContain("なし None");
  });

  it("says which data version judged it: the app's own, or a signed update's", () => {
    const dataVersion = (section: HTMLElement) =>
      [...section.querySelectorAll(".summary dt")].find((dt) => dt.textContent === "データ版 Data version")?.nextElementSibling?.textContent;
    expect(dataVersion(renderReview(review({})))).toBe("2026113000（2026-11-30・アプリに組み込み built in）");
    const updated = review({ dataVersion: { serial: 2026120100, label: "支店更新 12月", fromBundle: true } });
    expect(dataVersion(renderReview(updated))).toBe("2026120100（支店更新 12月・署名付きの更新 signed update）");
    setLanguage("en");
    try {
      const section = renderReview(updated);
      const dt = [...section.querySelectorAll(".summary dt")].find((dt) => dt.textContent === "Data version データ版");
      expect(dt?.nextElementSibling?.textContent).toBe("2026120100 (支店更新 12月, signed update 署名付きの更新)");
    } finally {
      setLanguage("ja");
    }
  });

  it("warns when the balances break, with the lines and the amount", () => {
    const section = renderReview(
      review({
        gaps: [{ afterDate: "2020-09-01", afterLine: 2, beforeDate: "2020-09-20", beforeLine: 3, unexplained: -3000 }],
      }),
    );
    const warning = section.querySelector(".problem")?.textContent ?? "";
    expect(warning).toContain("rows are missing from this file and were not checked");
    expect(warning).toContain("2020年9月1日（2行目 line）〜 2020年9月20日（3行目 line）: 3,000円");
  });

  it("says what the importer worked out rather than read", () => {
    const section = renderReview(
      review({
        statement: statement({
          notes: [{ type: "yearFromPeriod", from: "2020-12-01", to: "2021-01-31" }, { type: "newestFirst" }],
        }),
      }),
    );
    const notes = [...section.querySelectorAll(".notes li")].map((li) => li.textContent);
    expect(notes).toEqual([
      "日付に年がないため、明細の期間（2020年12月1日〜2021年1月31日）から年を補いました。 The dates have no year; it was taken from the statement period.",
      "新しい順の明細を日付順に並べ替えました。 The file lists the newest row first; rows are shown in date order.",
    ]);
  });

  it("renders statement text as text, never as markup, in the table and the flagged list", () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const section = renderReview(
      review({ statement: statement({ transactions: [transaction({ description: hostile })] }), findings: [finding(0, true)] }),
    );
    expect(section.querySelector("img")).toBeNull();
    expect(cells(section)[0]?.[1]).toBe(hostile);
    expect(section.querySelector(".finding-detail")?.textContent).toContain(hostile);
  });

  it("leaves the balance empty when the file gives none", () => {
    const section = renderReview(review({ statement: statement({ transactions: [transaction({ balance: null })] }) }));
    expect(cells(section)[0]?.[5]).toBe("");
  });

  it("offers 'this was me' and 'this was not me' on stored accounts, and keeps answered ones in view", async () => {
    const answered: [number, string][] = [];
    const rows = [transaction({ sourceId: { type: "bank", value: "1" } }), transaction({ sourceId: { type: "bank", value: "2" } })];
    const section = renderReview(
      review({
        statement: statement({ transactions: rows }),
        findings: [finding(0, true), { ...finding(1, false), answer: "mine" }],
      }),
      {
        answer: async (f, a) => {
          answered.push([f.row, a]);
        },
      },
    );
    expect(section.querySelector("[data-testid=answer]")?.textContent).toContain("1件");
    const items = [...section.querySelectorAll(".flagged-list > li")];
    expect(items).toHaveLength(2);
    expect(items[1]?.textContent).toContain("Your answer: this was me.");
    expect(items[1]?.querySelector("[data-answer=mine]")?.getAttribute("aria-pressed")).toBe("true");
    items[0]?.querySelector<HTMLButtonElement>("[data-answer=notMine]")?.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answered).toEqual([[0, "notMine"]]);
  });

  it("offers no answer buttons for the demo", () => {
    const section = renderReview(review({ findings: [finding(0, true)], statement: statement({ transactions: [transaction({})] }) }));
    expect(section.querySelector("[data-answer]")).toBeNull();
  });

  it("narrows the table to what needs a look, and says how many rows show", () => {
    const rows = [transaction({}), transaction({ description: "ATM", amount: -5000 })];
    const section = renderReview(review({ statement: statement({ transactions: rows }), findings: [finding(0, true)] }));
    const show = section.querySelector<HTMLSelectElement>("#filter-show")!;
    show.value = "flagged";
    show.dispatchEvent(new Event("change"));
    const visible = [...section.querySelectorAll<HTMLTableRowElement>("table.transactions tbody tr:not(.spacer)")];
    expect(visible.map((tr) => tr.querySelector(".description")?.textContent)).toEqual(["振替 ﾄﾞｺﾓｺｳｻﾞ"]);
    expect(section.querySelector(".filter-count")?.textContent).toBe("2件中1件を表示 Showing 1 of 2");
  });

  it("asks about a first use kindly, and says when the history is too short to know what is usual", () => {
    const asked = { ...finding(0, true), level: "question" as const };
    const section = renderReview(
      review({
        statement: statement({ transactions: [transaction({ amount: -3000 })] }),
        findings: [asked],
        history: { days: 10, short: true },
      }),
    );
    expect(section.querySelector(".finding.question .finding-kind")?.textContent).toContain("お尋ね");
    expect(section.querySelector("[data-testid=short-history]")?.textContent).toContain("10日分");
    const long = renderReview(review({ history: { days: 90, short: false } }));
    expect(long.querySelector("[data-testid=short-history]")).toBeNull();
  });
});

describe("renderReview of a passbook account", () => {
  const september = { from: "2020-09-01", to: "2020-09-30" };
  const looked = {
    periods: [september],
    forms: [
      { id: "docomo-koza", nameJa: "ドコモ口座（d払い）", nameEn: "docomo Koza", operatorJa: "株式会社NTTドコモ", operatorEn: "NTT DOCOMO, INC.", forms: ["ﾄﾞｺﾓｺｳｻﾞ", "ﾃﾞｲ-ﾊﾞﾗｲ"] },
      { id: "paypay", nameJa: "PayPay", nameEn: "PayPay", operatorJa: "PayPay株式会社", operatorEn: "PayPay Corporation", forms: ["PAYPAY", "ﾍﾟｲﾍﾟｲ"] },
    ],
  };
  const passbook = (findings: Finding[]) =>
    review({
      statement: statement({ layout: "passbook", account: null, transactions: [transaction({ description: "ﾄﾞｺﾓｺｳｻﾞ" })] }),
      findings,
      history: { days: 30, short: true },
      passbook: looked,
    } as Partial<Review>);

  it("never says nothing unfamiliar once every line is answered: it names the period and lists the forms looked for", () => {
    const section = renderReview(passbook([{ ...finding(0, false), answer: "mine" }]));
    const text = section.textContent ?? "";
    expect(text).not.toContain("心当たりのない電子マネーへの出金は見つかりませんでした");
    expect(text).not.toContain("No unfamiliar");
    expect(section.querySelector("[data-testid=answer]")?.textContent).toContain("2020年9月1日〜2020年9月30日");
    const printed = [...section.querySelectorAll(".passbook-forms .passbook-form")].map((span) => span.textContent);
    expect(printed).toEqual(["ﾄﾞｺﾓｺｳｻﾞ", "ﾃﾞｲ-ﾊﾞﾗｲ", "PAYPAY", "ﾍﾟｲﾍﾟｲ"]);
    expect(text).toContain("ほかの期間のページ");
    // Found lines say nothing of habits: no "too short to know what is usual".
    expect(section.querySelector("[data-testid=short-history]")).toBeNull();
  });

  it("with lines to check, still says which pages the check speaks of", () => {
    const section = renderReview(passbook([finding(0, true)]));
    expect(section.querySelector("[data-testid=answer]")?.textContent).toContain("1件");
    expect(section.querySelector("[data-testid=passbook-scope]")?.textContent).toContain("2020年9月1日〜2020年9月30日");
  });
});

describe("renderReview of a flagged run", () => {
  const rows = [
    transaction({ booked: "2020-09-04", amount: -300000, description: "ﾄﾞｺﾓｺｳｻﾞ", sourceId: { type: "fingerprint", value: "a" } }),
    transaction({ booked: "2020-09-05", amount: -50000, description: "ﾄﾞｺﾓｺｳｻﾞ", sourceId: { type: "fingerprint", value: "b" } }),
    transaction({ booked: "2020-09-20", amount: -30000, description: "ﾄﾞｺﾓｺｳｻﾞ", sourceId: { type: "fingerprint", value: "c" } }),
  ];
  const runReason = { ja: "通帳で見つかったドコモ口座（d払い）への出金が2日の間に2件（合計350,000円）あります", en: "2 withdrawals to docomo Koza within 2 days: ¥350,000 in total" };
  const flaggedRow = (row: number, answer: Finding["answer"] = null): Finding => ({
    ...finding(row, true),
    reasons: [runReason, { ja: `切りのよい金額です（${row}）`, en: `A round amount (${row})` }],
    answer,
  });
  const runReview = (findings: Finding[]) =>
    review({
      statement: statement({ transactions: rows }),
      findings,
      runs: [
        {
          service: docomo,
          first: "2020-09-04",
          last: "2020-09-05",
          count: 2,
          total: 350000,
          reasons: [runReason],
          rows: [
            { row: 0, reasons: [{ ja: "切りのよい金額です（0）", en: "A round amount (0)" }] },
            { row: 1, reasons: [{ ja: "切りのよい金額です（1）", en: "A round amount (1)" }] },
          ],
        },
      ],
    });

  it("shows the run as one card: service, days, count, total, the reasons once, and its rows inside", () => {
    const section = renderReview(runReview([flaggedRow(0), flaggedRow(1), flaggedRow(2)]), { answer: async () => {} });
    const cards = [...section.querySelectorAll(".flagged-list > li")];
    expect(cards).toHaveLength(2);
    const run = cards[0]!;
    expect(run.classList.contains("run")).toBe(true);
    expect(run.querySelector(".finding-title")?.textContent).toBe("ドコモ口座（d払い）　2020年9月4日〜2020年9月5日　2件　合計350,000円");
    expect(run.querySelectorAll(":scope > .reasons > li")).toHaveLength(1);
    expect((run.textContent ?? "").split("2日の間に2件").length - 1).toBe(1);
    const inside = [...run.querySelectorAll(".run-rows > li")];
    expect(inside.map((li) => li.querySelector(".run-row-title")?.textContent)).toEqual(["2020年9月4日　300,000円", "2020年9月5日　50,000円"]);
    expect(inside[1]?.querySelector(".reasons")?.textContent).toContain("A round amount (1)");
    expect(inside.every((li) => li.querySelectorAll("[data-answer]").length === 2)).toBe(true);
    // A single flagged withdrawal outside the run stays one card of its own.
    expect(cards[1]?.classList.contains("run")).toBe(false);
    expect(cards[1]?.querySelector(".finding-title")?.textContent).toBe("2020年9月20日　30,000円　ドコモ口座（d払い）");
  });

  it("answers each row inside the run on its own, and keeps an answered row in its run", async () => {
    const answered: [number, string][] = [];
    const section = renderReview(runReview([flaggedRow(0), { ...finding(1, false), answer: "mine" }, flaggedRow(2)]), {
      answer: async (f, a) => {
        answered.push([f.row, a]);
      },
    });
    const inside = [...section.querySelectorAll(".flagged-list > li.run .run-rows > li")];
    expect(inside).toHaveLength(2);
    expect(inside[1]?.textContent).toContain("Your answer: this was me.");
    expect(inside[1]?.querySelector("[data-answer=mine]")?.getAttribute("aria-pressed")).toBe("true");
    const groups = inside.map((li) => li.querySelector("[role=group]")?.getAttribute("aria-label"));
    expect(new Set(groups).size).toBe(2);
    inside[1]?.querySelector<HTMLButtonElement>("[data-answer=notMine]")?.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answered).toEqual([[1, "notMine"]]);
  });
});
