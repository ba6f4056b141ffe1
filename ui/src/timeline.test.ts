import { describe, expect, it } from "vitest";
import type { Finding, Review, Transaction } from "./bindings";
import { timelineChart, timelineData, timelineText } from "./timeline";

function row(booked: string, amount: number, description: string): Transaction {
  return {
    booked,
    amount,
    description,
    normalized: description,
    balance: null,
    kind: null,
    sourceId: { type: "fingerprint", value: `${booked}${amount}${description}` },
    line: null,
  };
}

const service = (id: string, nameJa: string) => ({ id, nameJa, nameEn: `${id} (en)`, operatorJa: "", operatorEn: "" });

function finding(rowIndex: number, id: string, nameJa: string, flagged: boolean): Finding {
  return {
    row: rowIndex,
    service: service(id, nameJa),
    score: flagged ? 0.8 : 0,
    flagged,
    level: flagged ? "flag" : "ordinary",
    reasons: [],
    answer: null,
  };
}

function review(): Review {
  const transactions = [
    row("2020-08-30", -3000, "ﾍﾟｲﾍﾟｲ"),
    row("2020-08-30", -5000, "ATM"),
    row("2020-09-01", 200000, "ﾈﾝｷﾝ"),
    row("2020-09-04", -100000, "ﾄﾞｺﾓｺｳｻﾞ"),
    row("2020-09-04", -90000, "ﾄﾞｺﾓｺｳｻﾞ"),
  ];
  return {
    statement: { source: "t.csv", layout: "yucho", account: null, isDemo: false, notes: [], transactions },
    findings: [finding(0, "paypay", "PayPay", false), finding(3, "docomo-koza", "ドコモ口座", true), finding(4, "docomo-koza", "ドコモ口座", true)],
    catalog: "2026-11-25",
    dataVersion: { serial: 2026113000, label: "2026-11-30", fromBundle: false },
    gaps: [],
    history: null,
    passbook: null,
    runs: [],
  };
}

describe("the timeline", () => {
  it("adds up each day's withdrawals, each service's top-ups and the flagged ones, with every day in between", () => {
    const data = timelineData(review());
    expect(data.days).toEqual(["2020-08-30", "2020-08-31", "2020-09-01", "2020-09-02", "2020-09-03", "2020-09-04"]);
    // Deposits are not withdrawals; days without any are empty, not zero.
    expect(data.withdrawals).toEqual([8000, null, null, null, null, 190000]);
    expect(data.services.map((s) => [s.id, s.values])).toEqual([
      ["paypay", [3000, null, null, null, null, null]],
      ["docomo-koza", [null, null, null, null, null, 190000]],
    ]);
    expect(data.flagged).toEqual([null, null, null, null, null, 190000]);
  });

  it("says in words what it shows", () => {
    const text = timelineText(timelineData(review()));
    expect(text).toContain("2020年8月30日〜2020年9月4日");
    expect(text).toBe(
      "2020年8月30日〜2020年9月4日の日ごとの出金。電子マネー: PayPay 1日、ドコモ口座 1日。要確認の出金がある日: 1日。 " +
        "Withdrawals by day, 2020年8月30日 to 2020年9月4日. E-money: paypay (en) on 1 day, docomo-koza (en) on 1 day. " +
        "Days with withdrawals that need a look: 1.",
    );
  });

  it("gives a page without layout the words, and no canvas", () => {
    const figure = timelineChart(review());
    expect(figure.querySelector("[role=img]")?.getAttribute("aria-label")).toContain("Withdrawals by day");
    expect(figure.querySelector("canvas")).toBeNull();
  });
});
