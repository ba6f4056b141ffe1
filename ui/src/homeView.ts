// Home: each account with the answer at a glance, and one clear action — import a statement.
import { say } from "./i18n";
import type { AccountSummary, ConnectionSummary, ImportOutcome, Provider } from "./bindings";
import { actionButton, element, saveOnClick } from "./dom";
import { formatDate } from "./format";
import { notes } from "./statementView";
import { accountTitle, pagesText } from "./passbookView";

export type HomeActions = {
  open(label: string): void;
  importFiles(): void;
  openDemo(): void;
  whatIsThisLine(): void;
  /** "Check my passbook": for a paper passbook, with no file. */
  checkPassbook?: () => void;
  /** Absent in a consultation, which connects no bank. */
  connectBank?: () => void;
  syncNow?: (label: string) => void;
  disconnect?: (label: string) => Promise<void>;
  /** Absent in a consultation, which keeps nothing to back up or delete. */
  deleteEverything?: () => Promise<void>;
  backup?: () => Promise<string | null>;
};

export function homeScreen(accounts: AccountSummary[], actions: HomeActions): HTMLElement {
  const section = element("section", "screen home");
  section.id = "home";
  section.setAttribute("aria-label", say("ホーム", "Home"));
  if (accounts.length === 0) {
    section.append(
      element(
        "p",
        "lead",
        say("銀行の明細ファイル（CSVなど）を読み込むと、身に覚えのない電子マネーへの出金がないか確かめます。", "Import a statement file from your bank (CSV and others) to check it for e-money withdrawals you did not make."),
      ),
    );
  } else {
    section.append(element("h2", "", say("口座", "Accounts")));
    const list = element("ul", "accounts");
    for (const account of accounts) list.append(accountCard(account, actions));
    section.append(list);
  }
  section.append(
    actionButton("primary", say("明細ファイルを読み込む", "Import a statement file"), "import-file", () => actions.importFiles()),
    element("p", "hint", say("ファイルをこの画面にドラッグしても読み込めます。", "You can also drop files on this window.")),
    ...(actions.connectBank
      ? [actionButton("secondary", say("銀行とつなぐ", "Connect a bank"), "connect-bank", () => actions.connectBank?.())]
      : []),
    ...(actions.checkPassbook
      ? [actionButton("secondary", say("通帳で確認する", "Check my passbook"), "open-passbook", () => actions.checkPassbook?.())]
      : []),
    actionButton("secondary", say("この行は何？", "What is this line?"), "open-line", () => actions.whatIsThisLine()),
    actionButton("secondary", say("デモデータを開く", "Open demo data"), "open-demo", () => actions.openDemo()),
  );
  const { deleteEverything, backup } = actions;
  if (accounts.length > 0 && backup) section.append(backupZone(backup));
  if (accounts.length > 0 && deleteEverything) section.append(deleteZone(deleteEverything));
  return section;
}

/** The answer at a glance for one account. */
export function glance(account: AccountSummary): string {
  // Lines found in a passbook speak of the pages looked at, never of "nothing unfamiliar".
  if (account.flagged === 0 && account.pages.length > 0) {
    const pages = pagesText(account.pages);
    return say(
      `通帳の${pages}のページで見つけた行に、いま確認が必要な出金はありません。ほかのページは確かめていません。`,
      `Nothing you found in the passbook pages ${pages} needs a look now; other pages were not checked.`,
    );
  }
  return account.flagged === 0
    ? say("心当たりのない電子マネーへの出金は見つかりませんでした。", "No unfamiliar e-money withdrawals.")
    : say(`確認が必要な出金が${account.flagged}件あります。`, `${account.flagged} withdrawal${account.flagged === 1 ? " needs" : "s need"} your attention.`);
}

function accountCard(account: AccountSummary, actions: HomeActions): HTMLElement {
  const item = element("li", account.flagged === 0 ? "account calm" : "account attention");
  item.dataset.label = account.label;
  const name = accountTitle(account.label, account.pages.length > 0);
  const title = element("h3", "", name);
  const number =
    account.account && `${account.account.bank} ${account.account.numberMasked}` !== account.label
      ? element("p", "muted", `${account.account.bank} ${account.account.numberMasked}`)
      : null;
  const answer = element("p", "glance", glance(account));
  const last = account.lastImport ? formatDate(account.lastImport.slice(0, 10)) : "—";
  const facts = element("p", "muted", say(`${account.rows}件・最後の読み込み ${last}`, `${account.rows} rows, last import ${last}`));
  const open = actionButton(account.flagged === 0 ? "secondary" : "primary", say("詳しく見る", "View details"));
  // The visible words first, then which account: a voice user says what they see (WCAG 2.5.3).
  open.setAttribute("aria-label", `${say("詳しく見る", "View details")}: ${name}`);
  open.addEventListener("click", () => actions.open(account.label));
  item.append(title);
  if (number) item.append(number);
  item.append(answer, facts, open);
  if (account.connection) item.append(connectionBox(account.label, account.connection, actions));
  return item;
}

const PROVIDER_NAMES: Record<Provider, string> = {
  japan: say("銀行API", "Bank API"),
  psd2: "PSD2",
  simpleFin: "SimpleFIN",
};

/** What a connected account's card says of its bank, with "sync now" and "disconnect". */
export function connectionLine(connection: ConnectionSummary): string {
  const synced = connection.lastSyncedAt ? formatDate(connection.lastSyncedAt.slice(0, 10)) : say("まだ", "not yet");
  return say(`銀行と連携中（${PROVIDER_NAMES[connection.provider]}）・最終同期 ${synced}`, `Connected (${PROVIDER_NAMES[connection.provider]}), last sync ${synced}`);
}

function connectionBox(label: string, connection: ConnectionSummary, actions: HomeActions): HTMLElement {
  const box = element("div", "connection");
  box.append(element("p", "muted", connectionLine(connection)));
  const { syncNow, disconnect } = actions;
  if (syncNow) {
    const sync = actionButton("secondary", say("今すぐ同期", "Sync now"));
    sync.classList.add("sync-now");
    sync.setAttribute("aria-label", `${say("今すぐ同期", "Sync now")}: ${label}`);
    sync.addEventListener("click", () => syncNow(label));
    box.append(sync);
  }
  if (disconnect) {
    const details = element("details", "danger-zone");
    details.append(
      element("summary", "", say("連携を解除", "Disconnect")),
      element(
        "p",
        "",
        say("鍵束からトークンを削除します。取り込んだ明細は残ります。", "Removes the token from the keychain; the history stays."),
      ),
    );
    const button = actionButton("danger", say("連携を解除する", "Disconnect"));
    button.classList.add("disconnect");
    const problem = element("p", "form-problem");
    problem.setAttribute("role", "alert");
    button.addEventListener("click", () => {
      button.disabled = true;
      disconnect(label).catch((error: { message?: string }) => {
        problem.textContent = String(error?.message ?? error);
        button.disabled = false;
      });
    });
    details.append(button, problem);
    box.append(details);
  }
  return box;
}

function backupZone(backup: () => Promise<string | null>): HTMLElement {
  const zone = element("details", "danger-zone");
  zone.append(
    element("summary", "", say("バックアップ", "Back up the saved data")),
    element(
      "p",
      "",
      say("保存データを暗号化したまま1つのファイルに書き出します。開くには回復用フレーズ（またはパスフレーズ）が必要です。", "Writes all saved data, still encrypted, to one file. It opens with the recovery phrase (or the passphrase)."),
    ),
  );
  const status = element("p", "export-status");
  status.setAttribute("role", "status");
  const button = actionButton("secondary", say("バックアップを保存", "Save a backup"), "backup-store");
  saveOnClick(button, status, backup);
  zone.append(button, status);
  return zone;
}

function deleteZone(deleteEverything: () => Promise<void>): HTMLElement {
  const zone = element("details", "danger-zone");
  zone.append(element("summary", "", say("このパソコンからすべて削除", "Delete everything from this computer")));
  zone.append(
    element(
      "p",
      "",
      say("保存した口座・明細・回答と暗号の鍵をすべて削除します。元に戻せません。", "Deletes every account, statement and answer kept here, and the key. This cannot be undone."),
    ),
  );
  const button = actionButton("danger", say("すべて削除する", "Delete everything"), "delete-everything");
  const problem = element("p", "form-problem");
  problem.setAttribute("role", "alert");
  button.addEventListener("click", () => {
    button.disabled = true;
    deleteEverything().catch((error: { message?: string }) => {
      problem.textContent = String(error?.message ?? error);
      button.disabled = false;
    });
  });
  zone.append(button, problem);
  return zone;
}

/** What an import did, file by file. */
export function importResult(outcomes: ImportOutcome[]): HTMLElement {
  const box = element("div", "import-result");
  box.setAttribute("role", "status");
  box.append(element("h2", "", say("読み込みました", "Imported")));
  const list = element("ul");
  for (const outcome of outcomes) {
    const line = element("li", "", importLine(outcome));
    // What the reader worked out (years, order …), said where the import is reported.
    if (outcome.notes.length > 0) line.append(notes(outcome.notes));
    list.append(line);
  }
  box.append(list);
  return box;
}

export function importLine(outcome: ImportOutcome): string {
  const period = outcome.period ? `${formatDate(outcome.period[0])}〜${formatDate(outcome.period[1])}、` : "";
  return say(`${outcome.source} → ${outcome.account}: ${period}${outcome.rows}件のうち新しい取引${outcome.added}件（保存済み${outcome.known}件）`, `${outcome.added} new of ${outcome.rows} rows, ${outcome.known} already kept`);
}
