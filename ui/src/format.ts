// How money and dates are written for a person, in the reader's language: `100,000円` and
// `2020年9月4日` in Japanese, as a passbook would; `¥100,000` and `Sep 4, 2020` in English.
import type { DataVersion } from "./bindings";
import { language } from "./i18n";

const yenJa = new Intl.NumberFormat("ja-JP");
const yenEn = new Intl.NumberFormat("en-US", { style: "currency", currency: "JPY" });
const dateEn = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

/** `-100000` → `100,000円`; the sign is shown by the column, not by a minus a person can miss. */
export function formatYen(amount: number): string {
  const yen = Math.abs(amount);
  return language() === "en" ? yenEn.format(yen) : `${yenJa.format(yen)}円`;
}

/** `2020-09-04` → `2020年9月4日`. Anything not in that form is shown unchanged. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match;
  if (language() === "en") return dateEn.format(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return `${year}年${Number(month)}月${Number(day)}日`;
}

/**
 * Which data judged a statement, as a person and a clerk read it: the serial that orders updates,
 * the label, and whether it is the app's own data or a signed update's, in both languages:
 * `2026113000（2026-11-30・アプリに組み込み built in）`.
 */
export function formatDataVersion(version: DataVersion): string {
  const [ja, en] = version.fromBundle ? ["署名付きの更新", "signed update"] : ["アプリに組み込み", "built in"];
  return language() === "en"
    ? `${version.serial} (${version.label}, ${en} ${ja})`
    : `${version.serial}（${version.label}・${ja} ${en}）`;
}
