import type { AccountSummary } from "./bindings";
import { connectionLine, glance, homeScreen, importLine, importResult } from "./homeView";

function account(overrides: Partial<AccountSummary>): AccountSummary {
  return {
    label: "年金口座",
    account: { bank: "ゆうちょ銀行", branch: null, numberMasked: "*********5671" },
    rows: 19,
    lastImport: "2026-11-25T21:06:52Z",
    flagged: 4,
    pages: [],
    connection: null,
    ...overrides,
  };
}

const noActions = {
  open: () => {},
  importFiles: () => {},
  openDemo: () => {},
  whatIsThisLine: () => {},
  deleteEverything: async () => {},
};

describe("home", () => {
  it("gives each account's answer at a glance, in words, not only colour", () => {
    const screen = homeScreen([account({}), account({ label: "家計", flagged: 0 })], noActions);
    const cards = [...screen.querySelectorAll<HTMLElement>(".account")];
    expect(cards.map((card) => card.dataset.label)).toEqual(["年金口座", "家計"]);
    expect(cards[0]!.textContent).toContain("確認が必要な出金が4件あります。");
    expect(cards[0]!.textContent).toContain("19件・最後の読み込み");
    expect(cards[0]!.textContent).toContain("2026年11月25日");
    expect(cards[1]!.textContent).toContain("No unfamiliar e-money withdrawals.");
    expect(glance(account({ flagged: 1 }))).toContain("1 withdrawal needs");
  });

  it("never gives a passbook account a silent all-clear: it names the pages looked at", () => {
    const passbook = account({ label: "passbook", account: null, flagged: 0, pages: [{ from: "2020-09-01", to: "2020-09-30" }] });
    expect(glance(passbook)).not.toContain("No unfamiliar");
    expect(glance(passbook)).not.toContain("心当たりのない");
    expect(glance(passbook)).toContain("2020年9月1日〜2020年9月30日");
    expect(glance({ ...passbook, flagged: 2 })).toContain("確認が必要な出金が2件あります。");
  });

  it("calls the passbook account by what it holds, not by its stored label", () => {
    const passbook = account({ label: "passbook", account: null, flagged: 1, pages: [{ from: "2020-09-01", to: "2020-09-30" }] });
    const card = homeScreen([passbook, account({ label: "年金口座" })], noActions).querySelectorAll<HTMLElement>(".account");
    expect(card[0]!.querySelector("h3")!.textContent).toBe("通帳で見つけた行 Lines found in a paper passbook");
    expect(card[0]!.querySelector("button")!.getAttribute("aria-label")).toContain("通帳で見つけた行");
    expect(card[1]!.querySelector("h3")!.textContent).toBe("年金口座");
  });

  it("opens an account, imports, and deletes everything only from behind a disclosure", () => {
    const calls: string[] = [];
    const screen = homeScreen([account({})], {
      open: (label) => calls.push(`open ${label}`),
      importFiles: () => calls.push("import"),
      openDemo: () => calls.push("demo"),
      whatIsThisLine: () => calls.push("line"),
      deleteEverything: async () => {
        calls.push("delete");
      },
    });
    screen.querySelector<HTMLButtonElement>(".account button")!.click();
    screen.querySelector<HTMLButtonElement>("#import-file")!.click();
    screen.querySelector<HTMLButtonElement>("#open-demo")!.click();
    expect(screen.querySelector<HTMLDetailsElement>(".danger-zone")!.open).toBe(false);
    screen.querySelector<HTMLButtonElement>("#delete-everything")!.click();
    expect(calls).toEqual(["open 年金口座", "import", "demo", "delete"]);
  });

  it("backs up behind a disclosure and says where the file went", async () => {
    const screen = homeScreen([account({})], { ...noActions, backup: async () => "/media/usb/kouza-guard.backup" });
    document.body.replaceChildren(screen);
    screen.querySelector<HTMLButtonElement>("#backup-store")!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.querySelector(".export-status")?.textContent).toBe("保存しました Saved: /media/usb/kouza-guard.backup");
    expect(homeScreen([account({})], noActions).querySelector("#backup-store")).toBeNull();
  });

  it("with no account yet, says what to do and offers no delete", () => {
    const screen = homeScreen([], noActions);
    expect(screen.textContent).toContain("明細ファイル");
    expect(screen.querySelector("#delete-everything")).toBeNull();
  });

  it("says what an import added and what was already kept", () => {
    expect(
      importLine({
        account: "年金口座",
        source: "yucho.csv",
        layout: "yucho",
        rows: 19,
        period: ["2020-07-01", "2020-09-14"],
        added: 3,
        known: 16,
        notes: [],
      }),
    ).toBe(
      "yucho.csv → 年金口座: 2020年7月1日〜2020年9月14日、19件のうち新しい取引3件（保存済み16件） 3 new of 19 rows, 16 already kept",
    );
  });
});

describe("an import's notes", () => {
  it("are said under the file they are about", () => {
    const result = importResult([
      { account: "a", source: "jabank.csv", layout: "jabank", rows: 2, period: null, added: 2, known: 0, notes: [{ type: "newestFirst" }] },
      { account: "a", source: "yucho.csv", layout: "yucho", rows: 2, period: null, added: 2, known: 0, notes: [] },
    ]);
    const first = result.querySelector("ul > li");
    expect(first?.textContent).toContain("jabank.csv");
    expect(first?.textContent).toContain("新しい順の明細を日付順に並べ替えました。");
    expect(result.querySelectorAll(".notes").length).toBe(1);
  });
});

describe("text from files and the store is always text", () => {
  const hostile = '<img src=x onerror="window.hacked=1">';

  it("in every field of the home screen and an import's result", () => {
    const screen = homeScreen(
      [
        account({
          label: hostile,
          account: { bank: hostile, branch: hostile, numberMasked: hostile },
          lastImport: hostile,
        }),
      ],
      noActions,
    );
    const result = importResult([
      { account: hostile, source: hostile, layout: hostile, rows: 1, period: [hostile, hostile], added: 1, known: 0, notes: [] },
    ]);
    document.body.replaceChildren(screen, result);
    expect(document.querySelector("img")).toBeNull();
    expect(screen.textContent).toContain(hostile);
    expect(result.textContent).toContain(hostile);
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
  });

  it("shows a connected account's bank and last sync, with sync and disconnect", () => {
    const synced: string[] = [];
    const connected = account({
      connection: { provider: "japan", lastBooked: "2026-11-24", lastSyncedAt: "2026-11-25T09:00:00Z" },
    });
    const screen = homeScreen([connected, account({ label: "家計" })], {
      ...noActions,
      syncNow: (label) => synced.push(label),
      disconnect: async () => {},
    });
    const cards = [...screen.querySelectorAll<HTMLElement>(".account")];
    expect(cards[0]!.textContent).toContain("銀行と連携中");
    expect(cards[0]!.textContent).toContain("2026年11月25日");
    expect(cards[1]!.querySelector(".sync-now")).toBeNull();
    cards[0]!.querySelector<HTMLButtonElement>(".sync-now")!.click();
    expect(synced).toEqual(["年金口座"]);
    expect(connectionLine({ provider: "psd2", lastBooked: null, lastSyncedAt: null })).toContain("not yet");
  });
});
