import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "./i18n";
import { answerText } from "./reviewView";
import { applyTextSize, contactsSection, servicesSection, settingsScreen } from "./settingsView";

describe("settings", () => {
  afterEach(() => setLanguage("ja"));

  it("shows what is chosen, and keeps a new choice with the other left as it was", async () => {
    const choose = vi.fn().mockResolvedValue(undefined);
    const screen = settingsScreen({ language: null, textSize: "large" }, false, choose);
    document.body.replaceChildren(screen);
    expect(screen.querySelector<HTMLInputElement>("#language-auto")!.checked).toBe(true);
    expect(screen.querySelector<HTMLInputElement>("#text-size-large")!.checked).toBe(true);
    // Chosen by keyboard or click alike: the radio's change is what counts.
    const english = screen.querySelector<HTMLInputElement>("#language-en")!;
    english.checked = true;
    english.dispatchEvent(new Event("change"));
    expect(choose).toHaveBeenCalledWith({ language: "en", textSize: "large" }, "language-en");
    const largest = screen.querySelector<HTMLInputElement>("#text-size-largest")!;
    largest.checked = true;
    largest.dispatchEvent(new Event("change"));
    expect(choose).toHaveBeenLastCalledWith({ language: null, textSize: "largest" }, "text-size-largest");
    // Each group is named for screen readers by its legend.
    expect([...screen.querySelectorAll("legend")].map((l) => l.textContent)).toEqual(["言語 Language", "文字の大きさ Text size"]);
  });

  it("says when a choice could not be kept", async () => {
    const screen = settingsScreen({ language: null, textSize: "standard" }, false, () =>
      Promise.reject({ code: "preferences", message: "preferences.toml: Permission denied" }),
    );
    const large = screen.querySelector<HTMLInputElement>("#text-size-large")!;
    large.checked = true;
    large.dispatchEvent(new Event("change"));
    await vi.waitFor(() => expect(screen.querySelector(".form-problem")?.textContent).toContain("Permission denied"));
  });

  it("writes English first once English is chosen, and sizes the text from the root", () => {
    setLanguage("en");
    const screen = settingsScreen({ language: "en", textSize: "standard" }, true, vi.fn());
    expect(screen.querySelector("h2")?.textContent).toBe("Settings 設定");
    expect(screen.querySelector(".settings-status")?.textContent).toBe("Saved. 保存しました。");
    expect(answerText(3)).toBe("3 withdrawals need your attention. 確認が必要な出金が3件あります。");
    applyTextSize("largest");
    expect(document.documentElement.dataset.textSize).toBe("largest");
  });
});

describe("services I use", () => {
  const paypay = { id: "paypay", nameJa: "PayPay", nameEn: "PayPay", operatorJa: "PayPay株式会社", operatorEn: "PayPay Corporation" };
  const docomo = { id: "docomo-koza", nameJa: "ドコモ口座（d払い）", nameEn: "docomo Koza (d Barai)", operatorJa: "", operatorEn: "" };

  it("shows each service with what the holder said, and records a change", async () => {
    const declare = vi.fn().mockResolvedValue(undefined);
    const section = servicesSection(
      "年金口座",
      [
        { service: paypay, uses: true },
        { service: docomo, uses: null },
      ],
      declare,
    );
    const selects = [...section.querySelectorAll<HTMLSelectElement>("select")];
    expect(selects.map((s) => [s.dataset.service, s.value])).toEqual([
      ["paypay", "yes"],
      ["docomo-koza", ""],
    ]);
    // Each choice is labelled with the service's name.
    expect(section.querySelector(`label[for="${selects[1]!.id}"]`)?.textContent).toContain("ドコモ口座（d払い） (docomo Koza (d Barai))");
    selects[1]!.value = "no";
    selects[1]!.dispatchEvent(new Event("change"));
    expect(declare).toHaveBeenCalledWith("docomo-koza", false);
    await vi.waitFor(() => expect(section.querySelector(".settings-status")?.textContent).toContain("保存しました。"));
    selects[0]!.value = "";
    selects[0]!.dispatchEvent(new Event("change"));
    expect(declare).toHaveBeenLastCalledWith("paypay", null);
  });
});

describe("contacts", () => {
  it("lists each contact with its number and source, and names the branch's file", () => {
    const section = contactsSection({
      file: "/home/clerk/.config/jp.kouzaguard.app/contacts.toml",
      contacts: [
        {
          id: "police-consultation",
          nameJa: "警察相談専用電話",
          nameEn: "Police consultation line",
          phone: "#9110",
          phoneNoteJa: null,
          phoneNoteEn: null,
          source: "https://www.gov-online.go.jp/",
        },
      ],
    });
    expect(section.querySelector(".contact-name")?.textContent).toBe("警察相談専用電話（Police consultation line）: #9110");
    expect(section.querySelector(".source")?.textContent).toBe("出典 Source: https://www.gov-online.go.jp/");
    expect(section.querySelector(".hint")?.textContent).toContain("/home/clerk/.config/jp.kouzaguard.app/contacts.toml");
  });
});
