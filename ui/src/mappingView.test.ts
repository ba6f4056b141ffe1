import { vi } from "vitest";
import type { MappedImport, Preview } from "./bindings";
import { mappingScreen, type MappingActions } from "./mappingView";

const preview: Preview = {
  file: "mirai-shinkin-2020-09.csv",
  encoding: "Shift_JIS",
  undecodableLine: null,
  firstRows: [
    { line: 1, cells: ["ミライ信用金庫 お取引明細"] },
    { line: 3, cells: ["処理日", "お取引内容", "お引落し額", "お預け入れ額", "差引残高"] },
  ],
  header: { line: 3, cells: ["処理日", "お取引内容", "お引落し額", "お預け入れ額", "差引残高"] },
  rows: [
    { line: 4, cells: ["2020/09/01", "ｷﾕｳﾖ", "", "250000", "1250000"] },
    { line: 5, cells: ["2020/09/04", "ﾄﾞｺﾓｺｳｻﾞ", "100000", "", "1150000"] },
  ],
  columns: [
    { header: "処理日", holds: "date" },
    { header: "お取引内容", holds: "text" },
    { header: "お引落し額", holds: "amount" },
    { header: "お預け入れ額", holds: "amount" },
    { header: "差引残高", holds: "amount" },
  ],
  datesLackYear: false,
};

function actions(): MappingActions & { sent: MappedImport[] } {
  const sent: MappedImport[] = [];
  return {
    sent,
    preview: vi.fn(async () => preview),
    importWith: vi.fn(async (request: MappedImport) => {
      sent.push(request);
    }),
    giveUp: vi.fn(),
  };
}

function set(screen: HTMLElement, id: string, value: string): void {
  const input = screen.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event("change"));
}

function submit(screen: HTMLElement): void {
  screen.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the mapping step", () => {
  it("shows the first rows under their header and guesses each column from what it holds", async () => {
    const done = actions();
    const screen = mappingScreen(preview, done);
    const heads = [...screen.querySelectorAll("thead th")].map((th) => th.textContent);
    expect(heads).toEqual(preview.header.cells);
    expect(screen.querySelectorAll("tbody tr").length).toBe(2);
    expect(screen.querySelector<HTMLSelectElement>("#mapping-date")!.value).toBe("処理日");
    // Dates the importer reads by itself: no form is asked; no year either.
    expect(screen.querySelector<HTMLElement>("#mapping-date-format")!.parentElement!.hidden).toBe(true);
    expect(screen.querySelector<HTMLElement>("#mapping-first-year")!.parentElement!.hidden).toBe(true);
    expect(screen.querySelector<HTMLInputElement>("#mapping-amount-two")!.checked).toBe(true);
    set(screen, "mapping-bank", "ミライ信用金庫");
    submit(screen);
    await settle();
    expect(done.sent).toEqual([
      {
        mapping: {
          bank: "ミライ信用金庫",
          date: "処理日",
          date_format: null,
          description: ["お取引内容"],
          amount: { withdrawal: "お引落し額", deposit: "お預け入れ額" },
          balance: "差引残高",
        },
        encoding: null,
        firstYear: null,
      },
    ]);
  });

  it("asks for what is missing, the year when dates have none, and shows why an import failed", async () => {
    const done = actions();
    const yearless: Preview = { ...preview, datesLackYear: true, columns: preview.columns.map((c, i) => (i === 0 ? { ...c, holds: "dateWithoutYear" } : c)) };
    const screen = mappingScreen(yearless, done);
    const problem = screen.querySelector("#mapping-problem")!;
    submit(screen);
    expect(problem.textContent).toBe("銀行の名前を入力してください。 Enter the bank's name.");
    set(screen, "mapping-bank", "ミライ信用金庫");
    submit(screen);
    expect(problem.textContent).toContain("最初の行の年");
    expect(screen.querySelector<HTMLElement>("#mapping-first-year")!.parentElement!.hidden).toBe(false);
    set(screen, "mapping-first-year", "2020");
    screen.querySelector<HTMLInputElement>("#mapping-amount-one")!.click();
    set(screen, "mapping-signed", "お引落し額");
    set(screen, "mapping-sign", "positive");
    done.importWith = vi.fn(async () => {
      throw { code: "needsMapping", message: "no header row of a known bank layout was found" };
    });
    submit(screen);
    await settle();
    expect(problem.textContent).toBe(
      "この指定では読み込めませんでした。何も保存していません。 These columns do not read the file; nothing was kept: no header row of a known bank layout was found",
    );
    expect(done.importWith).toHaveBeenCalledWith(
      expect.objectContaining({
        firstYear: 2020,
        mapping: expect.objectContaining({ amount: { signed: "お引落し額", withdrawals: "positive" } }),
      }),
    );
  });

  it("reads the file again with another header row or encoding, and offers one when text does not decode", async () => {
    const done = actions();
    const broken: Preview = { ...preview, undecodableLine: 4 };
    const host = document.createElement("div");
    const screen = mappingScreen(broken, done);
    host.append(screen);
    expect(screen.querySelector("[role=alert].problem")!.textContent).toContain("4行目から");
    set(screen, "mapping-encoding", "EUC-JP");
    await settle();
    expect(done.preview).toHaveBeenCalledWith({ encoding: "EUC-JP", headerLine: null });
    const redrawn = host.querySelector<HTMLElement>("#mapping")!;
    expect(redrawn).not.toBe(screen);
    expect(redrawn.querySelector<HTMLSelectElement>("#mapping-encoding")!.value).toBe("EUC-JP");
    set(redrawn, "mapping-header", "1");
    await settle();
    expect(done.preview).toHaveBeenLastCalledWith({ encoding: "EUC-JP", headerLine: 1 });
    host.querySelector<HTMLButtonElement>("#mapping-give-up")!.click();
    expect(done.giveUp).toHaveBeenCalled();
  });
});
