// The app's screens, one at a time: the store first (make it, unlock it, recover it), then home
// with the accounts, an import's result, and the review of one account or of the demo.
import { mendNavigatorLanguage, say, setLanguage } from "./i18n";
import { listen } from "@tauri-apps/api/event";
import * as api from "./api";
import type { AppStatus, CheckOutcome, ImportOutcome, ImportProgress, IpcError, Review, SyncProgress } from "./bindings";
import { importScreen, type ImportScreen } from "./importView";
import { connectScreen, syncScreen } from "./connectView";
import { actionButton, element } from "./dom";
import { consultationBanner, startIdleTimer } from "./consultation";
import { renderGuidance } from "./guidanceView";
import { homeScreen, importResult } from "./homeView";
import { lineScreen } from "./lineView";
import { accountTitle, passbookScreen } from "./passbookView";
import { openMapping } from "./mappingFlow";
import { renderReview } from "./reviewView";
import { applyTextSize, contactsSection, dataSection, servicesSection, settingsScreen } from "./settingsView";
import { keyLostScreen, recoveryPhraseScreen, setupScreen, unlockScreen } from "./storeViews";

const app = document.querySelector<HTMLElement>("#app")!;
/** Shown above every screen in a consultation. */
let banner: HTMLElement | null = null;
/** The last status the app gave: the preferences the settings screen starts from. */
let lastStatus: AppStatus | null = null;

async function start(): Promise<void> {
  try {
    // Listening first: the first screen may already be an import (files given at launch).
    // Files dropped on the window are taken by the app itself; it tells the page they wait.
    await listen("files-waiting", () => void refresh());
    // The periodic check found withdrawals flagged for the first time: say so on any screen.
    await listen<number>("new-flags", (event) => newFlagsNotice(event.payload));
    await listen<SyncProgress>("sync-progress", (event) => progressShown?.update(event.payload.account, event.payload.progress));
    await listen<ImportProgress>("import-progress", (event) => importShown?.update(event.payload));
    const status = await api.appStatus();
    if (status.consultation) {
      banner = consultationBanner(() => void endConsultation());
      if (status.idleMinutes !== null) startIdleTimer(status.idleMinutes, () => void endConsultation());
    }
    await show(status);
    if (status.openDemo) await openDemo();
  } catch (error) {
    showProblem(api.toIpcError(error));
  }
}

/** Shows the screen the store's state calls for; imports files that wait once it is open. */
async function show(status: AppStatus): Promise<void> {
  usePreferences(status);
  const problems: HTMLElement[] = status.notices.map(problemBox);
  if (status.storage.state === "unavailable") problems.push(problemBox(status.storage.error));
  // A consultation keeps nothing, so there is nothing to delete: ending it is the banner's job.
  const store = status.store;
  switch (store.state) {
    case "notCreated":
      return screen(...problems, setupScreen(store.keychain, createStore, () => void openDemo()), lineButton());
    case "needsPassphrase":
      return screen(...problems, unlockScreen(async (passphrase) => {
        await api.unlockStore(passphrase);
        await refresh();
      }));
    case "keyLost":
      return screen(
        ...problems,
        keyLostScreen(
          async (phrase) => {
            await api.recoverStore(phrase);
            await refresh();
          },
          async () => {
            await api.setAsideStore();
            await refresh();
          },
        ),
      );
    case "unavailable":
      problems.push(problemBox({ code: "store", message: store.message }));
      return screen(...problems, demoOnly());
    case "open":
      if (status.waitingFiles > 0) return importThen(api.importWaiting);
      return screen(
        ...problems,
        homeScreen(store.accounts, {
          open: (label) => void openAccount(label),
          importFiles: () => void importThen(api.pickAndImport),
          openDemo: () => void openDemo(),
          whatIsThisLine: openLine,
          checkPassbook: () => void openPassbook(),
          deleteEverything: status.consultation
            ? undefined
            : async () => {
                await api.deleteEverything();
                await refresh();
              },
          backup: status.consultation ? undefined : api.backupStore,
          connectBank: status.consultation ? undefined : () => void openConnect(),
          syncNow: (label) => void syncThen(label),
          disconnect: async (label) => {
            await api.disconnectAccount(label);
            await refresh();
          },
        }),
      );
  }
}

/** Writes in the person's language, at their text size. */
function usePreferences(status: AppStatus): void {
  lastStatus = status;
  setLanguage(status.language);
  applyTextSize(status.preferences.textSize);
}

/**
 * Settings; each choice is kept and shown at once, the screen redrawn in the chosen language.
 * With the store open, each account's "services I use" follows.
 */
async function openSettings(saved = false, focus: string | null = null, status: AppStatus | null = null): Promise<void> {
  // Fresh, unless a choice just returned it: an import since the last status may have added an
  // account.
  try {
    usePreferences(status ?? (await api.appStatus()));
  } catch (error) {
    showProblem(api.toIpcError(error));
  }
  if (!lastStatus) return;
  const settings = settingsScreen(lastStatus.preferences, saved, async (chosen, changed) => {
    await openSettings(true, changed, await api.setPreferences(chosen));
  });
  const store = lastStatus.store;
  let problem: IpcError | null = null;
  try {
    if (store.state === "open") {
      for (const account of store.accounts) {
        const declared = await api.declaredServices(account.label);
        settings.append(
          servicesSection(account.label, declared, async (service, uses) => {
            await api.declareService(account.label, service, uses);
          }),
        );
      }
    }
    settings.append(dataSection(await api.dataInUse(), api.installData));
    settings.append(contactsSection(await api.branchContacts()));
  } catch (error) {
    problem = api.toIpcError(error);
  }
  screen(backButton(), settings);
  if (problem) showProblem(problem);
  if (focus) document.getElementById(focus)?.focus();
}

/** Forgets the customer: the app drops the data, then the page starts again from nothing. */
async function endConsultation(): Promise<void> {
  app.replaceChildren();
  try {
    await api.endConsultation();
  } finally {
    window.location.reload();
  }
}

async function refresh(): Promise<void> {
  try {
    await show(await api.appStatus());
  } catch (error) {
    showProblem(api.toIpcError(error));
  }
}

async function createStore(passphrase: string | null): Promise<void> {
  const phrase = await api.createStore(passphrase);
  if (phrase === null) return refresh();
  screen(recoveryPhraseScreen(phrase, () => void refresh()));
}

/** The import's progress screen while one runs, updated by "import-progress" events. */
let importShown: ImportScreen | null = null;

/**
 * Imports (files waiting, or picked in the dialog) with the progress on screen and a button to
 * stop, then shows the result and the account.
 */
async function importThen(importer: () => Promise<ImportOutcome[] | null>): Promise<void> {
  let outcomes: ImportOutcome[] | null;
  importShown = importScreen(() => void api.cancelImport());
  screen(importShown.node);
  try {
    outcomes = await importer();
  } catch (error) {
    // A file no layout reads: the person describes it instead of meeting a dead end.
    if (api.toIpcError(error).code === "needsMapping") return openMapping({ screen, imported: showImported, home: refresh, problem: showProblem });
    const status = await api.appStatus();
    await show(status);
    showProblem(api.toIpcError(error));
    return;
  } finally {
    importShown = null;
  }
  if (outcomes === null) return refresh();
  await showImported(outcomes);
}

/** The first account an import added to, with what it added. */
async function showImported(outcomes: ImportOutcome[]): Promise<void> {
  const first = outcomes[0];
  if (!first) return refresh();
  const review = await api.reviewAccount(first.account);
  showAccount(first.account, review, importResult(outcomes));
}

/** The progress screen while a sync runs, updated by "sync-progress" events. */
let progressShown: ReturnType<typeof syncScreen> | null = null;

async function openConnect(): Promise<void> {
  try {
    const profiles = await api.bankProfiles();
    screen(
      backButton(),
      connectScreen(profiles, {
        test: api.testConnection,
        connect: async (choice, label) => {
          const connected = await api.connectAccount(choice, label);
          await syncThen(connected);
        },
      }),
    );
  } catch (error) {
    showProblem(api.toIpcError(error));
  }
}

/** Syncs with the progress bar on screen, then shows the account with what came. */
async function syncThen(label: string): Promise<void> {
  progressShown = syncScreen(() => void api.cancelSync());
  screen(progressShown.node);
  let report: CheckOutcome;
  try {
    report = await api.syncNow(label);
  } catch (error) {
    progressShown = null;
    await refresh();
    showProblem(api.toIpcError(error));
    return;
  } finally {
    progressShown = null;
  }
  const failed = report.failed[0];
  if (failed) {
    await refresh();
    showProblem({ code: failed.cancelled ? "cancelled" : "bank", message: `${failed.account}: ${failed.message}` });
    return;
  }
  const review = await api.reviewAccount(label);
  showAccount(label, review, syncResult(report));
}

function syncResult(report: CheckOutcome): HTMLElement {
  const box = element("div", "import-result");
  box.setAttribute("role", "status");
  box.append(element("h2", "", say("銀行から取り込みました", "Pulled from the bank")));
  const list = element("ul");
  for (const outcome of report.synced) {
    list.append(
      element(
        "li",
        "",
        `${outcome.account}: ${say(`${outcome.import.rows}件のうち新しい取引${outcome.import.added}件`, `${outcome.import.added} new of ${outcome.import.rows} rows`)}`,
      ),
    );
  }
  box.append(list);
  if (report.newlyFlagged.length > 0) {
    box.append(
      element(
        "p",
        "glance",
        say(`新たに確認が必要な出金が${report.newlyFlagged.length}件あります。`, `${report.newlyFlagged.length} newly flagged withdrawal(s).`),
      ),
    );
  }
  return box;
}

function newFlagsNotice(count: number): void {
  const box = element("div", "problem new-flags");
  box.setAttribute("role", "alert");
  box.append(
    element(
      "p",
      "",
      say(`銀行から取り込んだ明細に、新たに確認が必要な出金が${count}件見つかりました。`, `${count} newly flagged withdrawal(s) in what was pulled from the bank.`),
    ),
    actionButton("primary", say("ホームで見る", "See them on home"), "see-new-flags", () => void refresh()),
  );
  app.prepend(box);
}

async function openAccount(label: string): Promise<void> {
  try {
    showAccount(label, await api.reviewAccount(label));
  } catch (error) {
    showProblem(api.toIpcError(error));
  }
}

function showAccount(label: string, review: Review, ...before: HTMLElement[]): void {
  const heading = element("h2", "account-title", accountTitle(label, review.passbook !== null));
  const view = renderReview(review, {
    answer: async (finding, answer) => {
      const row = review.statement.transactions[finding.row];
      if (!row) return;
      const updated = await api.answer(label, row.sourceId, answer);
      showAccount(label, updated);
    },
    guidance: () => void openGuidance(label, () => showAccount(label, review)),
  });
  screen(backButton(), ...before, heading, view);
}

async function openDemo(): Promise<void> {
  try {
    const review = await api.reviewDemo();
    const show = () => screen(backButton(), renderReview(review, { guidance: () => void openGuidance(null, show) }));
    show();
  } catch (error) {
    showProblem(api.toIpcError(error));
  }
}

/** What to do next for an account (or the demo, with null); `back` returns to its review. */
async function openGuidance(label: string | null, back: () => void): Promise<void> {
  try {
    const sheet = await api.consultationSheet(label);
    const toReview = actionButton("back", `← ${say("明細に戻る", "Back to the statement")}`, "back-review", back);
    screen(
      toReview,
      renderGuidance(sheet, {
        print: () => void api.printPage().catch((error) => showProblem(api.toIpcError(error))),
        save: (format) => api.exportSheet(label, format),
      }),
    );
  } catch (error) {
    showProblem(api.toIpcError(error));
  }
}

function demoOnly(): HTMLElement {
  return actionButton("primary", say("デモデータを開く", "Open demo data"), "open-demo", () => void openDemo());
}

function lineButton(): HTMLElement {
  return actionButton("secondary", say("この行は何？", "What is this line?"), "open-line", openLine);
}

function openLine(): void {
  screen(backButton(), lineScreen(api.explainLine));
  document.querySelector<HTMLInputElement>("#line-input")?.focus();
}

/** "Check my passbook": the period, the forms and the lines found, then the account's review. */
async function openPassbook(): Promise<void> {
  try {
    const forms = await api.passbookForms();
    screen(
      backButton(),
      passbookScreen(forms, {
        today: localToday(),
        readPeriod: api.passbookPeriod,
        check: api.passbookCheck,
        openReview: (label) => void openAccount(label),
        saveHandout: api.exportHandout,
      }),
    );
    document.querySelector<HTMLInputElement>("#passbook-from")?.focus();
  } catch (error) {
    showProblem(api.toIpcError(error));
  }
}

/** Today on this computer's calendar, YYYY-MM-DD. */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function backButton(): HTMLElement {
  return actionButton("back", `← ${say("ホームへ戻る", "Back to home")}`, "back-home", () => void refresh());
}

function screen(...parts: HTMLElement[]): void {
  // Not on Settings itself, nor while an import or a sync runs (its screen must stay).
  const busyOrSettings = parts.some((part) => ["settings", "importing", "sync"].includes(part.id));
  const top = element("div", "top-bar");
  if (!busyOrSettings) {
    top.append(actionButton("secondary settings-button", say("文字の大きさ・言語", "Text size & language"), "open-settings", () => void openSettings()));
  }
  app.replaceChildren(...(banner ? [banner, top, ...parts] : [top, ...parts]));
  window.scrollTo(0, 0);
}

function showProblem(error: IpcError): void {
  app.prepend(problemBox(error));
}

function problemBox(error: IpcError): HTMLElement {
  const box = element("p", "problem");
  box.setAttribute("role", "alert");
  box.dataset.code = error.code;
  // A cancel is the person's own doing: the title says all, in both languages.
  box.textContent = error.code === "cancelled" ? problemTitle(error) : `${problemTitle(error)} ${error.message}`;
  return box;
}

function problemTitle(error: IpcError): string {
  switch (error.code) {
    case "dataDirectory":
      return say("データを保存できません。確認はできますが、何も保存されません。", "Data cannot be saved: you can still check statements, but nothing will be kept.");
    case "import":
    case "needsMapping":
      return say("明細を読み込めませんでした。何も保存していません。", "The statement could not be read, and nothing from it was kept:");
    case "mapping":
      return say("列の指定を使えませんでした。何も保存していません。", "The description of the columns cannot be used; nothing was kept:");
    case "keychain":
      return say("鍵束（キーチェーン）が使えません。", "The keychain cannot be used:");
    case "wrongKey":
    case "phrase":
    case "locked":
    case "store":
      return say("保存したデータを扱えませんでした。", "The saved data could not be used:");
    case "contacts":
      return say("支店・ご自身の連絡先ファイルを使えません。組み込みの連絡先だけを表示します。", "The contacts file cannot be used; only the built-in contacts are shown:");
    case "catalog":
      return say("支店・ご自身のサービス一覧ファイルを使えません。組み込みの一覧で確認します。", "The catalog file cannot be used; the built-in catalog is used:");
    case "preferences":
      return say("設定を保存・読み込みできません。標準の設定を使います。", "The settings cannot be read or saved; the defaults are used:");
    case "dataUpdate":
      return say("データを更新しませんでした。何も変わっていません。", "The data was not updated; nothing changed:");
    case "dataSetAside":
      return say("取り込んであったデータ更新を使えませんでした。", "The data update installed earlier could not be used:");
    case "cancelled":
      return say("取り消しました。何も保存していません。", "Cancelled; nothing from it was kept.");
    case "line":
      return "";
    case "passbook":
      return say("通帳の行を確かめられませんでした。何も保存していません。", "The passbook lines could not be checked; nothing was kept:");
    case "export":
      return say("相談票を保存できませんでした。", "The consultation sheet could not be saved:");
    case "bank":
      return say("銀行とのやり取りができませんでした。保存した明細は変わっていません。", "The bank could not be reached or refused; nothing stored was changed:");
    case "internal":
      return say("アプリの内部で問題が起きました。", "Something went wrong inside the app:");
  }
}

mendNavigatorLanguage();
void start();
