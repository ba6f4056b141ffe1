import type { ConsultationSheet, Deadline } from "./bindings";
import { deadlineText, renderGuidance } from "./guidanceView";

const docomo = {
  id: "docomo-koza",
  nameJa: "ドコモ口座（d払い）",
  nameEn: "docomo Koza (d Barai)",
  operatorJa: "株式会社NTTドコモ",
  operatorEn: "NTT DOCOMO, INC.",
};

function sheet(deadline: Deadline): ConsultationSheet {
  return {
    prepared: "2020-09-14",
    isDemo: false,
    account: { bank: "ゆうちょ銀行", branch: null, numberMasked: "*********5671" },
    source: "yucho.csv",
    checkedFrom: "2020-07-01",
    checkedTo: "2020-09-14",
    rowsChecked: 19,
    gaps: 0,
    catalog: "2026-11-25",
    dataVersion: { serial: 2026120100, label: "2026-12-01", fromBundle: true },
    withdrawals: [{ date: "2020-09-04", amount: 100000, description: "<b>振替 ﾄﾞｺﾓｺｳｻﾞ</b>", service: docomo }],
    total: 100000,
    guidance: {
      version: "2026-11-25",
      deadline,
      steps: [
        {
          id: "report-police",
          title: { ja: "警察に相談し、受理番号を控える", en: "Report it to the police" },
          detail: { ja: "最寄りの警察署へ。", en: "Go to the nearest station." },
          say: null,
          bring: { ja: "この相談票", en: "This sheet" },
          contacts: [
            {
              id: "police-consultation",
              nameJa: "警察相談専用電話",
              nameEn: "Police consultation line",
              phone: "#9110",
              phoneNoteJa: null,
              phoneNoteEn: null,
              source: "https://www.npa.go.jp/",
            },
          ],
          source: "https://www.npa.go.jp/",
        },
      ],
    },
  };
}

const known: Deadline = {
  type: "known",
  bank: { ja: "ゆうちょ銀行", en: "Japan Post Bank" },
  due: "2020-10-04",
  daysLeft: 20,
  note: { ja: "30日", en: "30 days" },
  source: "https://www.jp-bank.japanpost.jp/crime/crm_sokujifurikae.html",
};

describe("what to do next", () => {
  it("says the deadline plainly, also when it has passed or is unknown", () => {
    expect(deadlineText(known)).toEqual([
      "ゆうちょ銀行への届け出: 2020年10月4日まで（あと20日）",
      "Tell Japan Post Bank by 2020-10-04 (20 days left).",
    ]);
    expect(deadlineText({ ...known, daysLeft: -3 })[0]).toContain("3日過ぎています。それでもすぐに連絡してください。");
    expect(deadlineText({ type: "asSoonAsPossible", bank: "三井住友銀行" })[0]).toBe(
      "できるだけ早く三井住友銀行に連絡してください。補償の期限は銀行が案内します。",
    );
  });

  it("shows each step with a box to tick, the number with its source, and statement text as text", () => {
    const view = renderGuidance(sheet(known), { print: () => {}, save: async () => null });
    document.body.replaceChildren(view);
    expect(view.querySelector("[data-testid=deadline]")?.textContent).toContain("2020年10月4日まで");
    const step = view.querySelector("[data-step=report-police]")!;
    expect(step.querySelector("input[type=checkbox]")).not.toBeNull();
    expect(step.querySelector(".phone")?.textContent).toBe("#9110");
    expect(step.textContent).toContain("出典 Source: https://www.npa.go.jp/");
    expect(view.querySelector("b")).toBeNull();
    expect(view.textContent).toContain("<b>振替 ﾄﾞｺﾓｺｳｻﾞ</b>");
    expect(view.textContent).toContain("警察の受理番号 Police receipt number");
  });

  it("says which data version judged the withdrawals, as the printed sheet does", () => {
    const view = renderGuidance(sheet(known), { print: () => {}, save: async () => null });
    expect(view.querySelector("[data-testid=sheet-data-version]")?.textContent).toBe(
      "データ版 Data version: 2026120100（2026-12-01・署名付きの更新 signed update）",
    );
  });

  it("prints, and saves as PDF or CSV through the app, saying where it went", async () => {
    const calls: string[] = [];
    const view = renderGuidance(sheet(known), {
      print: () => calls.push("print"),
      save: async (format) => {
        calls.push(format);
        return format === "pdf" ? "/home/a/相談票.pdf" : null;
      },
    });
    view.querySelector<HTMLButtonElement>("#print-sheet")!.click();
    view.querySelector<HTMLButtonElement>("#save-pdf")!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(view.querySelector(".export-status")?.textContent).toBe("保存しました Saved: /home/a/相談票.pdf");
    view.querySelector<HTMLButtonElement>("#save-csv")!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toEqual(["print", "pdf", "csv"]);
  });
});
