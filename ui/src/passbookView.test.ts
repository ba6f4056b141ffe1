import { describe, expect, it } from "vitest";
import type { FoundLine, HandoutService, PassbookOutcome, Period } from "./bindings";
import { passbookScreen, periodProblem } from "./passbookView";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const forms: HandoutService[] = [
  { id: "docomo-koza", nameJa: "ドコモ口座（d払い）", nameEn: "docomo Koza", operatorJa: "株式会社NTTドコモ", operatorEn: "NTT DOCOMO, INC.", forms: ["ﾄﾞｺﾓｺｳｻﾞ", "ﾃﾞｲ-ﾊﾞﾗｲ"] },
  { id: "paypay", nameJa: "PayPay", nameEn: "PayPay", operatorJa: "PayPay株式会社", operatorEn: "PayPay Corporation", forms: ["PAYPAY", "ﾍﾟｲﾍﾟｲ"] },
];

function outcome(period: Period, lines: FoundLine[], flagged: boolean): PassbookOutcome {
  return {
    label: "passbook",
    period,
    kept: true,
    review: {
      statement: {
        source: "passbook",
        layout: "passbook",
        account: null,
        isDemo: false,
        notes: [],
        transactions: lines.map((line, index) => ({
          booked: "2020-09-04",
          amount: -1000,
          description: line.text,
          normalized: line.text,
          balance: null,
          kind: null,
          sourceId: { type: "fingerprint", value: String(index) },
          line: index + 1,
        })),
      },
      findings: flagged
        ? [{ row: 0, service: { id: "docomo-koza", nameJa: "", nameEn: "", operatorJa: "", operatorEn: "" }, score: 0.65, flagged: true, level: "flag", reasons: [], answer: null }]
        : [],
      catalog: "t",
      dataVersion: { serial: 2026113000, label: "2026-11-30", fromBundle: false },
      gaps: [],
      history: null,
      passbook: { periods: [period], forms },
      runs: [],
    },
  } as PassbookOutcome;
}

function setup(flagged: boolean) {
  const checked: { period: Period; lines: FoundLine[] }[] = [];
  const opened: string[] = [];
  const screen = passbookScreen(forms, {
    today: "2020-10-01",
    // The app reads the typed days; here, ISO days or a refusal of anything else.
    readPeriod: async (from, to) => {
      if (![from, to].every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))) throw { code: "passbook", message: `見た期間: 「${from}」は日付として読めません` };
      return { from, to };
    },
    check: async (period, lines) => {
      checked.push({ period, lines });
      return outcome(period, lines, flagged);
    },
    openReview: (label) => opened.push(label),
    saveHandout: async () => null,
  });
  document.body.replaceChildren(screen);
  return { screen, checked, opened };
}

function fill(screen: HTMLElement, id: string, value: string) {
  screen.querySelector<HTMLInputElement>(`#${id}`)!.value = value;
}

describe("check my passbook", () => {
  it("asks the period first, then shows every form grouped by service with its operator", async () => {
    const { screen } = setup(true);
    expect(screen.querySelector("[data-step]")?.getAttribute("data-step")).toBe("period");
    expect(screen.querySelector(".passbook-form")).toBeNull();
    fill(screen, "passbook-from", "2020-09-01");
    fill(screen, "passbook-to", "2020-10-02");
    screen.querySelector("form")!.requestSubmit();
    await flush();
    expect(screen.querySelector("[role=alert]")?.textContent).toContain("after today");
    fill(screen, "passbook-from", "2020-09-01");
    fill(screen, "passbook-to", "2020-09-30");
    screen.querySelector("form")!.requestSubmit();
    await flush();
    expect(screen.querySelector("[data-step]")?.getAttribute("data-step")).toBe("lines");
    const services = [...screen.querySelectorAll(".passbook-service")];
    expect(services.map((s) => [...s.querySelectorAll(".passbook-form")].map((f) => f.textContent))).toEqual([
      ["ﾄﾞｺﾓｺｳｻﾞ", "ﾃﾞｲ-ﾊﾞﾗｲ"],
      ["PAYPAY", "ﾍﾟｲﾍﾟｲ"],
    ]);
    expect(services[0]!.textContent).toContain("株式会社NTTドコモ");
    const choices = [...screen.querySelectorAll("#passbook-form-choices option")].map((o) => (o as HTMLOptionElement).value);
    expect(choices).toEqual(["ﾄﾞｺﾓｺｳｻﾞ", "ﾃﾞｲ-ﾊﾞﾗｲ", "PAYPAY", "ﾍﾟｲﾍﾟｲ"]);
  });

  it("sends the lines as typed with the period and opens the review when one is flagged", async () => {
    const { screen, checked, opened } = setup(true);
    fill(screen, "passbook-from", "2020-09-01");
    fill(screen, "passbook-to", "2020-09-30");
    screen.querySelector("form")!.requestSubmit();
    await flush();
    const lineForm = screen.querySelector<HTMLFormElement>(".passbook-line-form")!;
    lineForm.requestSubmit();
    expect(screen.querySelector(".passbook-line-form [role=alert]")?.textContent).toContain("Enter the date");
    for (const [date, amount] of [["R2.9.4", "100,000"], ["02-09-04", "¥90,000"]] as const) {
      fill(screen, "passbook-date", date);
      fill(screen, "passbook-amount", amount);
      fill(screen, "passbook-text", "ﾄﾞｺﾓｺｳｻﾞ");
      lineForm.requestSubmit();
    }
    expect(screen.querySelectorAll(".passbook-lines li")).toHaveLength(2);
    screen.querySelector<HTMLButtonElement>("#passbook-check")!.click();
    await flush();
    expect(checked).toEqual([
      {
        period: { from: "2020-09-01", to: "2020-09-30" },
        lines: [
          { date: "R2.9.4", amount: "100,000", text: "ﾄﾞｺﾓｺｳｻﾞ" },
          { date: "02-09-04", amount: "¥90,000", text: "ﾄﾞｺﾓｺｳｻﾞ" },
        ],
      },
    ]);
    expect(opened).toEqual(["passbook"]);
  });

  it("when nothing is found, lists the forms looked for in that period and never says nothing is unfamiliar", async () => {
    const { screen, opened } = setup(false);
    fill(screen, "passbook-from", "2020-09-01");
    fill(screen, "passbook-to", "2020-09-30");
    screen.querySelector("form")!.requestSubmit();
    await flush();
    fill(screen, "passbook-date", "2020/9/5");
    fill(screen, "passbook-amount", "3000");
    fill(screen, "passbook-text", "ﾅｿﾉﾓｼﾞ");
    screen.querySelector<HTMLFormElement>(".passbook-line-form")!.requestSubmit();
    screen.querySelector<HTMLButtonElement>("#passbook-check")!.click();
    await flush();
    expect(opened).toEqual([]);
    expect(screen.querySelector("[data-step]")?.getAttribute("data-step")).toBe("result");
    const text = screen.textContent ?? "";
    expect(text).not.toMatch(/unfamiliar|見つかりませんでした|心当たりのない/);
    expect(text).toContain("2020年9月1日〜2020年9月30日");
    expect([...screen.querySelectorAll(".passbook-form")].map((f) => f.textContent)).toEqual(["ﾄﾞｺﾓｺｳｻﾞ", "ﾃﾞｲ-ﾊﾞﾗｲ", "PAYPAY", "ﾍﾟｲﾍﾟｲ"]);
    expect(screen.querySelector(".passbook-unknown")?.textContent).toContain("ﾅｿﾉﾓｼﾞ");
  });

  it("says what is wrong with a period the app cannot read, and stays on the period", async () => {
    const { screen } = setup(true);
    expect(screen.querySelector<HTMLInputElement>("#passbook-to")?.value).toBe("2020/10/01");
    fill(screen, "passbook-from", "九月");
    screen.querySelector("form")!.requestSubmit();
    await flush();
    expect(screen.querySelector("[role=alert]")?.textContent).toContain("「九月」は日付として読めません");
    expect(screen.querySelector("[data-step]")?.getAttribute("data-step")).toBe("period");
  });

  it("refuses a backwards period", () => {
    expect(periodProblem({ from: "2020-09-30", to: "2020-09-01" }, "2020-10-01")).toContain("before the first");
    expect(periodProblem({ from: "2020-09-01", to: "2020-09-30" }, "2020-10-01")).toBeNull();
  });
});
