import { afterEach } from "vitest";
import { mendNavigatorLanguage, say, setLanguage } from "./i18n";
import { formatDate, formatYen } from "./format";

describe("formatYen", () => {
  it("writes yen with separators and no sign", () => {
    expect(formatYen(-100000)).toBe("100,000円");
    expect(formatYen(189750)).toBe("189,750円");
    expect(formatYen(0)).toBe("0円");
  });
});

describe("formatDate", () => {
  it("writes ISO dates the Japanese way", () => {
    expect(formatDate("2020-09-04")).toBe("2020年9月4日");
    expect(formatDate("2020-12-31")).toBe("2020年12月31日");
  });

  it("leaves anything else as it is", () => {
    expect(formatDate("not a date")).toBe("not a date");
  });
});

describe("in English", () => {
  afterEach(() => setLanguage("ja"));

  it("writes yen and dates the English way, and puts English first", () => {
    setLanguage("en");
    expect(formatYen(-100000)).toBe("¥100,000");
    expect(formatDate("2020-09-04")).toBe("Sep 4, 2020");
    expect(say("確認結果", "Result")).toBe("Result 確認結果");
    expect(document.documentElement.lang).toBe("en");
    setLanguage("ja");
    expect(say("確認結果", "Result")).toBe("確認結果 Result");
    expect(document.documentElement.lang).toBe("ja");
  });
});

describe("a computer in the POSIX locale", () => {
  it("gets a language tag Intl takes, so formatting libraries load", () => {
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, "language")!;
    Object.defineProperty(Navigator.prototype, "language", { configurable: true, get: () => "C" });
    try {
      expect(() => new Intl.NumberFormat(navigator.language)).toThrow(RangeError);
      mendNavigatorLanguage();
      expect(navigator.language).toBe("ja-JP");
      expect(() => new Intl.NumberFormat(navigator.language)).not.toThrow();
    } finally {
      delete (navigator as unknown as Record<string, unknown>).language;
      Object.defineProperty(Navigator.prototype, "language", original);
    }
  });
});
