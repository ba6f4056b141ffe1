// The page's language. Every text is written in both Japanese and English, because a customer
// and whoever helps them (a clerk, a family member, a foreign resident's friend) may read
// different ones; the reader's language comes first. The language is the person's choice, else
// the system locale's, else Japanese (the app says which in AppStatus).
import type { Language } from "./bindings";

let current: Language = "ja";

/** Makes `language` the reader's: texts put it first, and the page says so to screen readers. */
export function setLanguage(language: Language): void {
  current = language;
  document.documentElement.lang = language;
}

export function language(): Language {
  return current;
}

/** A text in both languages, the reader's first. */
export function say(ja: string, en: string): string {
  return current === "en" ? `${en} ${ja}` : `${ja} ${en}`;
}

/**
 * WebKitGTK gives the POSIX locale ("C", "POSIX") as the page's language tag, which `Intl`
 * refuses, and libraries that format with `navigator.language` (uPlot, as it loads) then fail on
 * such a computer. The page's language becomes a tag `Intl` takes instead: the app's own.
 */
export function mendNavigatorLanguage(): void {
  try {
    new Intl.NumberFormat(navigator.language);
  } catch {
    Object.defineProperty(navigator, "language", {
      configurable: true,
      get: () => (current === "en" ? "en-US" : "ja-JP"),
    });
  }
}
