// The answer for one statement: first whether anything needs a look, then each withdrawal that
// does with its reasons, then what was checked, then every row.
import type { Finding, Review } from "./bindings";
import { element } from "./dom";
import { formatDate, formatYen } from "./format";
import { demoBanner, notes, summary, table, type RowMark } from "./statementView";

export function renderReview(review: Review): HTMLElement {
  const section = element("section", "statement");
  section.setAttribute("aria-label", "確認結果 Result");
  const { statement } = review;
  if (statement.isDemo) section.append(demoBanner());
  const flagged = review.findings.filter((finding) => finding.flagged);
  section.append(answer(flagged.length));
  if (flagged.length > 0) section.append(flaggedList(review, flagged));
  section.append(summary(statement, checkedItems(review)));
  if (review.gaps.length > 0) section.append(gapWarning(review));
  if (statement.notes.length > 0) section.append(notes(statement.notes));
  const marks = new Map<number, RowMark>(
    review.findings.map((finding) => [finding.row, { service: finding.service.nameJa, flagged: finding.flagged }]),
  );
  section.append(table(statement.transactions, marks));
  return section;
}

export function answerText(flaggedCount: number): string {
  return flaggedCount === 0
    ? "心当たりのない電子マネーへの出金は見つかりませんでした。 No unfamiliar e-money withdrawals."
    : `確認が必要な出金が${flaggedCount}件あります。 ${flaggedCount} withdrawal${flaggedCount === 1 ? " needs" : "s need"} your attention.`;
}

function answer(flaggedCount: number): HTMLElement {
  const heading = element("h2", flaggedCount === 0 ? "answer calm" : "answer attention", answerText(flaggedCount));
  heading.dataset.testid = "answer";
  return heading;
}

function flaggedList(review: Review, flagged: Finding[]): HTMLElement {
  const list = element("ol", "flagged-list");
  list.setAttribute("aria-label", "確認が必要な出金 Withdrawals to check");
  for (const finding of flagged) {
    const transaction = review.statement.transactions[finding.row];
    if (!transaction) continue;
    const item = element("li", "finding");
    const title = element(
      "p",
      "finding-title",
      `${formatDate(transaction.booked)}　${formatYen(transaction.amount)}　${finding.service.nameJa}`,
    );
    const detail = element(
      "p",
      "finding-detail",
      `通帳の表示 Passbook text: ${transaction.description} ・ 運営会社 Operator: ${finding.service.operatorJa} (${finding.service.operatorEn})`,
    );
    const reasons = element("ul", "reasons");
    for (const reason of finding.reasons) {
      const li = element("li");
      li.append(element("span", "reason-ja", reason.ja), element("span", "reason-en", reason.en));
      reasons.append(li);
    }
    item.append(title, detail, reasons);
    list.append(item);
  }
  return list;
}

function checkedItems(review: Review): [string, string][] {
  const gaps = review.gaps.length === 0 ? "なし None" : `${review.gaps.length}か所 ${review.gaps.length} found`;
  return [
    ["カタログ Catalog", review.catalog],
    ["残高の抜け Balance gaps", gaps],
  ];
}

function gapWarning(review: Review): HTMLElement {
  const box = element("div", "problem");
  box.setAttribute("role", "alert");
  box.append(
    element(
      "p",
      "",
      "残高がつながらない箇所があります。その間の取引はこのファイルに含まれていないため、確認できていません。 The balances break: rows are missing from this file and were not checked.",
    ),
  );
  const list = element("ul");
  for (const gap of review.gaps) {
    list.append(
      element(
        "li",
        "",
        `${formatDate(gap.afterDate)}（${gap.afterLine ?? "?"}行目 line）〜 ${formatDate(gap.beforeDate)}（${gap.beforeLine ?? "?"}行目 line）: ${formatYen(gap.unexplained)}`,
      ),
    );
  }
  box.append(list);
  return box;
}
