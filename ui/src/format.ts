// How money and dates are written for a person: Japanese first, as a passbook would.

const yen = new Intl.NumberFormat("ja-JP");

/** `-100000` → `100,000円`; the sign is shown by the column, not by a minus a person can miss. */
export function formatYen(amount: number): string {
  return `${yen.format(Math.abs(amount))}円`;
}

/** `2020-09-04` → `2020年9月4日`. Anything not in that form is shown unchanged. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match;
  return `${year}年${Number(month)}月${Number(day)}日`;
}
