import { vi } from "vitest";
import type { BankChoice, ConnectRequest } from "./bindings";
import { connectScreen, fraction, missingField, syncScreen } from "./connectView";

const profiles = [
  { id: "gmo-aozora", name: "GMO あおぞらネット銀行", baseUrl: "https://api.gmo-aozora.com/ganb/api/personal/v1" },
  { id: "sandbox", name: "サンドボックス銀行", baseUrl: "http://127.0.0.1:8765/jp/personal/v1" },
];

const choice: BankChoice = {
  index: 0,
  name: "普通預金",
  bank: "サンドボックス銀行 本店",
  numberMasked: "***4321",
  currency: "JPY",
  label: "サンドボックス銀行 本店 ***4321",
};

function type(screen: HTMLElement, id: string, value: string): void {
  const input = screen.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event("change"));
}

function submit(screen: HTMLElement): void {
  screen.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("connect", () => {
  it("shows only the chosen kind's fields, and the profile's address as the default", () => {
    const screen = connectScreen(profiles, { test: async () => [], connect: async () => {} });
    const visible = () =>
      [...screen.querySelectorAll<HTMLElement>(".provider-panel")].filter((p) => !p.hidden).map((p) => p.dataset.provider);
    expect(visible()).toEqual(["japan"]);
    expect(screen.querySelector<HTMLInputElement>("#japan-base-url")!.placeholder).toBe(profiles[0]!.baseUrl);
    type(screen, "bank-profile", "sandbox");
    expect(screen.querySelector<HTMLInputElement>("#japan-base-url")!.placeholder).toBe(profiles[1]!.baseUrl);
    const psd2 = screen.querySelector<HTMLInputElement>("#provider-psd2")!;
    psd2.checked = true;
    psd2.dispatchEvent(new Event("change"));
    expect(visible()).toEqual(["psd2"]);
  });

  it("says what is missing before asking the bank", async () => {
    const asked: ConnectRequest[] = [];
    const screen = connectScreen(profiles, { test: async (r) => (asked.push(r), []), connect: async () => {} });
    submit(screen);
    await settle();
    expect(asked).toEqual([]);
    expect(screen.querySelector('[role="alert"]')!.textContent).toContain("Enter the access token");
    expect(missingField({ provider: "psd2", baseUrl: "https://x", token: "t", consentId: " ", frequencyPerDay: null })).toContain("consent");
    expect(missingField({ provider: "simpleFin", setupToken: "abc" })).toBeNull();
  });

  it("sends what was typed once, forgets it, then connects the chosen account by its name", async () => {
    const asked: ConnectRequest[] = [];
    const connected: [number, string][] = [];
    const screen = connectScreen(profiles, {
      test: async (request) => {
        asked.push(request);
        return [choice];
      },
      connect: async (index, label) => {
        connected.push([index, label]);
      },
    });
    type(screen, "bank-profile", "sandbox");
    type(screen, "japan-token", "secret-token");
    const token = screen.querySelector<HTMLInputElement>("#japan-token")!;
    submit(screen);
    await settle();
    expect(asked).toEqual([{ provider: "japan", profile: "sandbox", baseUrl: null, token: "secret-token" }]);
    expect(token.value).toBe("");
    expect(screen.textContent).toContain("***4321");
    expect(screen.querySelector<HTMLInputElement>("#account-label")!.value).toBe(choice.label);
    type(screen, "account-label", "年金の口座");
    submit(screen);
    await settle();
    expect(connected).toEqual([[0, "年金の口座"]]);
  });

  it("shows the bank's refusal in words", async () => {
    const screen = connectScreen(profiles, {
      test: async () => Promise.reject({ code: "bank", message: "did not accept the token" }),
      connect: async () => {},
    });
    type(screen, "japan-token", "wrong");
    submit(screen);
    await settle();
    expect(screen.querySelector('[role="alert"]')!.textContent).toContain("did not accept the token");
  });

  it("measures progress through the period asked for", () => {
    const progress = { pages: 2, rows: 100, reached: null, from: "2026-01-01", until: "2026-01-11" };
    expect(fraction(progress)).toBe(0);
    expect(fraction({ ...progress, reached: "2026-01-06" })).toBeCloseTo(0.5);
    expect(fraction({ ...progress, reached: "2026-02-01" })).toBe(1);
  });
});

describe("the sync screen", () => {
  it("offers Cancel, which asks once and says it is stopping", () => {
    const cancel = vi.fn();
    const shown = syncScreen(cancel);
    const button = shown.node.querySelector<HTMLButtonElement>("#cancel-sync")!;
    expect(button.textContent).toBe("取り消す（何も保存しません） Cancel (nothing is kept)");
    button.click();
    button.click();
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(button.textContent).toBe("取り消しています… Cancelling…");
  });
});
