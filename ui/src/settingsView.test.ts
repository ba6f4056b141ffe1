import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "./i18n";
import { answerText } from "./reviewView";
import type { DataStatus } from "./bindings";
import { applyTextSize, contactsSection, dataSection, servicesSection, settingsScreen } from "./settingsView";

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

describe("the service data", () => {
  const builtin: DataStatus = {
    version: { serial: 2026113000, label: "2026-11-30", fromBundle: false },
    setAside: null,
    canInstall: true,
  };
  const updated: DataStatus = {
    version: { serial: 2026120100, label: "2026-12-01", fromBundle: true },
    setAside: null,
    canInstall: true,
  };
  const versionShown = (section: HTMLElement) => section.querySelector("#data-version")?.textContent;

  afterEach(() => document.body.replaceChildren());

  it("shows the version in use, and after an update the new one", async () => {
    const install = vi.fn().mockResolvedValue(updated);
    const section = dataSection(builtin, install);
    document.body.replaceChildren(section);
    expect(versionShown(section)).toBe("使っているデータ版 Data version in use: 2026113000（2026-11-30・アプリに組み込み built in）");
    // One clear action, named for screen readers by the section's title.
    const buttons = section.querySelectorAll("button");
    expect([...buttons].map((b) => b.textContent)).toEqual(["データを更新する Update the service data"]);
    expect(section.getAttribute("aria-labelledby")).toBe("data-update-title");
    buttons[0]!.click();
    expect(install).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(section.querySelector(".data-update-done")).not.toBeNull());
    expect(versionShown(section)).toBe("使っているデータ版 Data version in use: 2026120100（2026-12-01・署名付きの更新 signed update）");
    expect(section.querySelector("[role=status]")?.textContent).toBe(
      "更新しました。これからの確認と相談票には、このデータ版を使います。 Updated: from now on, reviews and sheets use this data version.",
    );
    expect(document.activeElement?.id).toBe("install-data");
  });

  it("says why an update was refused, and that nothing changed", async () => {
    const refusal = {
      code: "dataUpdate",
      message: "署名と中身が合いません。署名の後で書き換えられています（改ざん）。\nthe bundle's signature does not match its contents",
    };
    const section = dataSection(builtin, vi.fn().mockRejectedValue(refusal));
    const button = section.querySelector<HTMLButtonElement>("#install-data")!;
    button.click();
    expect(button.disabled).toBe(true);
    await vi.waitFor(() => expect(section.querySelector(".data-update-refused")).not.toBeNull());
    const box = section.querySelector<HTMLElement>(".data-update-refused")!;
    expect(box.dataset.code).toBe("dataUpdate");
    expect(box.textContent).toBe(`更新しませんでした。何も変わっていません。 Not updated: nothing changed.\n${refusal.message}`);
    expect(versionShown(section)).toContain("2026113000");
    expect(button.disabled).toBe(false);
  });

  it("changes nothing when the person cancels the dialog", async () => {
    const section = dataSection(builtin, vi.fn().mockResolvedValue(null));
    const button = section.querySelector<HTMLButtonElement>("#install-data")!;
    button.click();
    await vi.waitFor(() => expect(button.disabled).toBe(false));
    expect(section.querySelector(".data-update-result")?.textContent).toBe("");
    expect(versionShown(section)).toContain("2026113000");
  });

  it("says when an installed update was set aside at start, and offers no update where none can be kept", () => {
    const why = "取り込んであったデータ更新を使えないため、別にして、組み込みのデータで確認します: 改ざん\nthe installed data bundle was set aside: tampered";
    const section = dataSection({ ...builtin, setAside: why, canInstall: false }, vi.fn());
    const alert = section.querySelector("[role=alert]");
    expect(alert?.textContent).toBe(why);
    expect(section.querySelector("#install-data")).toBeNull();
    expect(section.textContent).toContain("ここではデータを更新できません");
  });

  it("writes English first once English is chosen", () => {
    setLanguage("en");
    const section = dataSection(updated, vi.fn());
    expect(versionShown(section)).toBe("Data version in use 使っているデータ版: 2026120100 (2026-12-01, signed update 署名付きの更新)");
    expect(section.querySelector("#install-data")?.textContent).toBe("Update the service data データを更新する");
    setLanguage("ja");
  });
});
