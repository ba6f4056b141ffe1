// The answer for one statement: first whether anything needs a look, then each withdrawal that
// does with its reasons, then what was checked, then every row.
import { language, say } from "./i18n";
import type { Answer, Bilingual, Finding, FindingRun, PassbookScope, Review } from "./bindings";
import { actionButton, element } from "./dom";
import { formatDataVersion, formatDate, formatYen } from "./format";
import { filterBar, passes, type FilterMark, type RowFilter } from "./filters";
import { formsList, pagesText } from "./passbookView";
import { demoBanner, notes, summary } from "./statementView";
import { timelineChart } from "./timeline";
import { transactionTable, type RowMark, type TransactionTable } from "./transactionTable";

/** What the review can do beyond showing: answer about a withdrawal (stored accounts only). */
export type ReviewActions = {
  answer?: (finding: Finding, answer: Answer) => Promise<void>;
  /** Opens what to do next; offered when something needs the holder's attention. */
  guidance?: () => void;
};

export function renderReview(review: Review, actions: ReviewActions = {}): HTMLElement {
  const section = element("section", "statement");
  section.setAttribute("aria-label", say("確認結果", "Result"));
  const { statement } = review;
  if (statement.isDemo) section.append(demoBanner());
  const flagged = review.findings.filter((finding) => finding.flagged);
  const { passbook } = review;
  if (passbook) {
    // Found lines speak of the pages looked at only, and say nothing of habits.
    section.append(...passbookAnswer(flagged.length, passbook));
  } else {
    section.append(answer(flagged.length));
    if (review.history?.short) section.append(shortHistoryNote(review.history.days));
  }
  const openGuidance = actions.guidance;
  if (flagged.length > 0 && openGuidance) {
    const next = actionButton("primary", say("次にすること（連絡先・相談票）", "What to do next"), "open-guidance", () => openGuidance());
    section.append(next);
  }
  // Answered ones stay in view, so "this was me" can be taken back.
  const listed = review.findings.filter((finding) => finding.flagged || finding.answer !== null);
  if (listed.length > 0) section.append(flaggedList(review, listed, actions));
  section.append(summary(statement, checkedItems(review), passbook?.periods));
  if (passbook && flagged.length === 0) section.append(formsList(passbook.forms));
  if (review.gaps.length > 0) section.append(gapWarning(review));
  if (statement.notes.length > 0) section.append(notes(statement.notes));
  const marks = new Map<number, RowMark>(
    review.findings.map((finding) => [finding.row, { service: finding.service.nameJa, flagged: finding.flagged }]),
  );
  if (statement.transactions.length > 0) section.append(timelineChart(review));
  const rows = transactionTable(statement.transactions, marks);
  section.append(rowFilter(review, rows), rows.node);
  return section;
}

/** The filter bar over the table: the table shows the rows that pass, and it says how many. */
function rowFilter(review: Review, rows: TransactionTable): HTMLElement {
  const marks = new Map<number, FilterMark>(
    review.findings.map((finding) => [finding.row, { serviceId: finding.service.id, flagged: finding.flagged }]),
  );
  const services = new Map(review.findings.map((finding) => [finding.service.id, finding.service.nameJa]));
  const count = element("p", "filter-count");
  count.setAttribute("role", "status");
  const transactions = review.statement.transactions;
  const apply = (filter: RowFilter) => {
    const shown: number[] = [];
    transactions.forEach((transaction, index) => {
      if (passes(transaction, marks.get(index), filter)) shown.push(index);
    });
    rows.show(shown);
    const total = transactions.length;
    count.textContent =
      shown.length === total ? "" : say(`${total}件中${shown.length}件を表示`, `Showing ${shown.length} of ${total}`);
  };
  const wrapper = element("div", "filters");
  wrapper.append(
    filterBar(
      [...services].map(([id, name]) => ({ id, name })),
      apply,
    ),
    count,
  );
  return wrapper;
}

export function answerText(flaggedCount: number): string {
  return flaggedCount === 0
    ? say("心当たりのない電子マネーへの出金は見つかりませんでした。", "No unfamiliar e-money withdrawals.")
    : say(`確認が必要な出金が${flaggedCount}件あります。`, `${flaggedCount} withdrawal${flaggedCount === 1 ? " needs" : "s need"} your attention.`);
}

/**
 * The answer for lines found in a passbook: how many need a look, or, when none does, the pages
 * looked at — never "nothing unfamiliar", for other pages and other texts were not seen — and
 * then which pages the check speaks of, and (below) the forms that were looked for.
 */
function passbookAnswer(flaggedCount: number, passbook: PassbookScope): HTMLElement[] {
  const pages = pagesText(passbook.periods);
  const heading =
    flaggedCount === 0
      ? element("h2", "answer calm", say(`確かめた範囲: 通帳の${pages}のページ`, `What was looked at: the passbook pages ${pages}`))
      : element("h2", "answer attention", answerText(flaggedCount));
  heading.dataset.testid = "answer";
  const scope = element(
    "p",
    "lead",
    flaggedCount === 0
      ? say(
          "そのページで見つけた行に、いま確認が必要な出金はありません。確かめたのは下の一覧の文字だけで、ほかの期間のページや、一覧にない文字については分かりません。",
          "Nothing you found in those pages needs a look now. Only the texts listed below were looked for; other periods' pages, and texts not listed, were not checked.",
        )
      : say(
          `通帳の${pages}のページで見つけた行だけを確かめています。ほかの期間のページについては分かりません。`,
          `This speaks only of the lines you found in the passbook pages ${pages}; other periods' pages were not checked.`,
        ),
  );
  scope.dataset.testid = "passbook-scope";
  return [heading, scope];
}

/** Says that the statement is too short to know the holder's habits, so nothing here is "as usual". */
export function shortHistoryNote(days: number): HTMLElement {
  const note = element(
    "p",
    "short-history",
    say(
      `明細が${days}日分と短いため、いつもの使い方が分かりません。初めて見るサービスへの大きな出金はお尋ねします。`,
      `The statement covers only ${days} days: too little to know what is usual, so large top-ups to services seen for the first time are asked about.`,
    ),
  );
  note.dataset.testid = "short-history";
  return note;
}

function answer(flaggedCount: number): HTMLElement {
  const heading = element("h2", flaggedCount === 0 ? "answer calm" : "answer attention", answerText(flaggedCount));
  heading.dataset.testid = "answer";
  return heading;
}

function flaggedList(review: Review, findings: Finding[], actions: ReviewActions): HTMLElement {
  const list = element("ol", "flagged-list");
  list.setAttribute("aria-label", say("確認が必要な出金", "Withdrawals to check"));
  // A flagged run is one card, at the place of its first row; its rows go inside it.
  const runOf = new Map<number, FindingRun>();
  for (const run of review.runs) for (const inside of run.rows) runOf.set(inside.row, run);
  const shown = new Set<FindingRun>();
  const byRow = new Map(review.findings.map((finding) => [finding.row, finding]));
  for (const finding of findings) {
    const run = runOf.get(finding.row);
    if (run) {
      if (shown.has(run)) continue;
      shown.add(run);
      list.append(runCard(review, run, byRow, actions));
      continue;
    }
    const transaction = review.statement.transactions[finding.row];
    if (!transaction) continue;
    const item = element("li", finding.flagged ? "finding" : "finding answered");
    // A first use is asked about kindly, apart from what is probably not the holder's.
    if (finding.level === "question") {
      item.classList.add("question");
      item.append(element("p", "finding-kind", say("お尋ね: ご自分で始めたものですか？", "A question: did you start this?")));
    }
    const title = element(
      "p",
      "finding-title",
      `${formatDate(transaction.booked)}　${formatYen(transaction.amount)}　${finding.service.nameJa}`,
    );
    const detail = element(
      "p",
      "finding-detail",
      `${say("通帳の表示", "Passbook text")}: ${transaction.description} ・ ${say("運営会社", "Operator")}: ${finding.service.operatorJa} (${finding.service.operatorEn})`,
    );
    item.append(title, detail, reasonList(finding.reasons));
    if (finding.answer !== null) item.append(element("p", "answer-note", answerNote(finding.answer)));
    const answerWith = actions.answer;
    if (answerWith) item.append(answerButtons(finding, answerWith, say("この出金について", "About this withdrawal")));
    list.append(item);
  }
  return list;
}

/**
 * One flagged run: the service, the days, the count and the total, what is said of the run once,
 * then each withdrawal in it with what is its own, each answerable on its own.
 */
function runCard(review: Review, run: FindingRun, byRow: Map<number, Finding>, actions: ReviewActions): HTMLElement {
  const card = element("li", "finding run");
  const days = run.first === run.last ? formatDate(run.first) : pagesText([{ from: run.first, to: run.last }]);
  const total = formatYen(run.total);
  const counted = language() === "en" ? `${run.count} withdrawals, ${total} in total` : `${run.count}件　合計${total}`;
  card.append(
    element("p", "finding-title", `${run.service.nameJa}　${days}　${counted}`),
    element("p", "finding-detail", `${say("運営会社", "Operator")}: ${run.service.operatorJa} (${run.service.operatorEn})`),
    reasonList(run.reasons),
  );
  const rows = element("ol", "run-rows");
  rows.setAttribute("aria-label", say("この中の出金", "The withdrawals in it"));
  for (const inside of run.rows) {
    const finding = byRow.get(inside.row);
    const transaction = review.statement.transactions[inside.row];
    if (!finding || !transaction) continue;
    // Each row is a finding of its own, answered on its own.
    const item = element("li", finding.flagged ? "finding run-row" : "finding run-row answered");
    const when = `${formatDate(transaction.booked)}　${formatYen(transaction.amount)}`;
    item.append(
      element("p", "run-row-title", when),
      element("p", "finding-detail", `${say("通帳の表示", "Passbook text")}: ${transaction.description}`),
    );
    if (inside.reasons.length > 0) item.append(reasonList(inside.reasons));
    if (finding.answer !== null) item.append(element("p", "answer-note", answerNote(finding.answer)));
    const answerWith = actions.answer;
    if (answerWith) item.append(answerButtons(finding, answerWith, `${say("この出金について", "About this withdrawal")}: ${when}`));
    rows.append(item);
  }
  card.append(rows);
  return card;
}

/** Reasons, each in the reader's language first and the other below it, smaller. */
function reasonList(items: Bilingual[]): HTMLElement {
  const reasons = element("ul", "reasons");
  for (const reason of items) {
    const li = element("li");
    const ja = element("span", "reason-ja", reason.ja);
    ja.lang = "ja";
    const en = element("span", "reason-en", reason.en);
    en.lang = "en";
    li.append(...(language() === "en" ? [en, ja] : [ja, en]));
    reasons.append(li);
  }
  return reasons;
}

export function answerNote(answer: Answer): string {
  return answer === "mine"
    ? `✓ ${say("あなたの回答: 自分の取引です。", "Your answer: this was me.")}`
    : `✗ ${say("あなたの回答: 身に覚えがありません。", "Your answer: this was not me.")}`;
}

function answerButtons(finding: Finding, answerWith: NonNullable<ReviewActions["answer"]>, label: string): HTMLElement {
  const group = element("div", "answer-buttons");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", label);
  const problem = element("p", "form-problem");
  problem.setAttribute("role", "alert");
  const choices: [Answer, string][] = [
    ["mine", say("自分の取引です", "This was me")],
    ["notMine", say("身に覚えがありません", "This was not me")],
  ];
  for (const [choice, text] of choices) {
    const button = element("button", choice === "notMine" ? "primary" : "secondary", text);
    button.type = "button";
    button.dataset.answer = choice;
    button.setAttribute("aria-pressed", String(finding.answer === choice));
    button.addEventListener("click", () => {
      button.disabled = true;
      answerWith(finding, choice).catch((error: { message?: string }) => {
        problem.textContent = String(error?.message ?? error);
        button.disabled = false;
      });
    });
    group.append(button);
  }
  group.append(problem);
  return group;
}

function checkedItems(review: Review): [string, string][] {
  const gaps = review.gaps.length === 0 ? say("なし", "None") : say(`${review.gaps.length}か所`, `${review.gaps.length} found`);
  return [
    [say("カタログ", "Catalog"), review.catalog],
    [say("データ版", "Data version"), formatDataVersion(review.dataVersion)],
    [say("残高の抜け", "Balance gaps"), gaps],
  ];
}

function gapWarning(review: Review): HTMLElement {
  const box = element("div", "problem");
  box.setAttribute("role", "alert");
  box.append(
    element(
      "p",
      "",
      say("残高がつながらない箇所があります。その間の取引はこのファイルに含まれていないため、確認できていません。", "The balances break: rows are missing from this file and were not checked."),
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
