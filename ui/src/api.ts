// Typed calls to the app's commands. The types come from ui/src/bindings.ts, generated from Rust.
import { invoke } from "@tauri-apps/api/core";
import type {
  Answer,
  AppStatus,
  BankChoice,
  BranchContacts,
  CheckOutcome,
  ConnectRequest,
  ProfileChoice,
  ConsultationSheet,
  DataStatus,
  DeclaredService,
  FoundLine,
  HandoutService,
  PassbookOutcome,
  Period,
  ImportOutcome,
  IpcError,
  LineAnswer,
  MappedImport,
  Preferences,
  Preview,
  PreviewChoice,
  Review,
  SheetFormat,
  SourceId,
} from "./bindings";

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>("app_status");
}

/** The contacts in use, and the file a branch adds its own to. */
export function branchContacts(): Promise<BranchContacts> {
  return call<BranchContacts>("branch_contacts");
}

/** Which data the app judges with, an update set aside at start, and whether one can be installed. */
export function dataInUse(): Promise<DataStatus> {
  return call<DataStatus>("data_in_use");
}

/**
 * Asks for a signed data update in the system's dialog and installs it; the data now in use, or
 * null when the person cancelled. A refused update (code dataUpdate) changes nothing.
 */
export function installData(): Promise<DataStatus | null> {
  return call<DataStatus | null>("install_data");
}

/** Stops the sync under way before its next request to the bank; it keeps nothing. */
export function cancelSync(): Promise<void> {
  return call<void>("cancel_sync");
}

/** Stops the import under way; it keeps nothing. */
export function cancelImport(): Promise<void> {
  return call<void>("cancel_import");
}

/** Keeps the person's language and text size; returns the app's status with them applied. */
export function setPreferences(preferences: Preferences): Promise<AppStatus> {
  return call<AppStatus>("set_preferences", { preferences });
}

/** Every catalog service with what the holder said about it for the account. */
export function declaredServices(label: string): Promise<DeclaredService[]> {
  return call<DeclaredService[]>("declared_services", { label });
}

/** Records that the holder uses, never uses, or has not said (null) a service. */
export function declareService(label: string, service: string, uses: boolean | null): Promise<DeclaredService[]> {
  return call<DeclaredService[]>("declare_service", { label, service, uses });
}

export function reviewDemo(): Promise<Review> {
  return call<Review>("review_demo");
}

/** Creates the store; returns the recovery phrase when its key went to the keychain. */
export function createStore(passphrase: string | null): Promise<string | null> {
  return call<string | null>("create_store", { passphrase });
}

export function unlockStore(passphrase: string): Promise<void> {
  return call<void>("unlock_store", { passphrase });
}

export function recoverStore(phrase: string): Promise<void> {
  return call<void>("recover_store", { phrase });
}

export function setAsideStore(): Promise<string> {
  return call<string>("set_aside_store");
}

/** Imports the files given at launch or dropped on the window. */
export function importWaiting(): Promise<ImportOutcome[]> {
  return call<ImportOutcome[]>("import_waiting");
}

/** Opens the system's file dialog and imports what is chosen; null when cancelled. */
export function pickAndImport(): Promise<ImportOutcome[] | null> {
  return call<ImportOutcome[] | null>("pick_and_import");
}

export function reviewAccount(label: string): Promise<Review> {
  return call<Review>("review_account", { label });
}

export function answer(label: string, row: SourceId, answer: Answer): Promise<Review> {
  return call<Review>("answer", { label, row, answer });
}

/** What to do next, for a stored account or, with null, the demo. */
export function consultationSheet(label: string | null): Promise<ConsultationSheet> {
  return call<ConsultationSheet>("consultation_sheet", { label });
}

/** Saves the sheet where the person chooses; null when they cancelled. */
export function exportSheet(label: string | null, format: SheetFormat): Promise<string | null> {
  return call<string | null>("export_sheet", { label, format });
}

/** "What is this line?" for one passbook line. */
export function explainLine(line: string): Promise<LineAnswer> {
  return call<LineAnswer>("explain_line", { line });
}

/** Opens the system's print dialog for what is on screen. */
export function printPage(): Promise<void> {
  return call<void>("print_page");
}

/** Ends a consultation: its data is dropped from memory and the window's data cleared. */
export function endConsultation(): Promise<void> {
  return call<void>("end_consultation");
}

/** Backs the store up where the person chooses; null when they cancelled. */
export function backupStore(): Promise<string | null> {
  return call<string | null>("backup_store");
}

/** The bank profiles to choose from on the Connect screen. */
export function bankProfiles(): Promise<ProfileChoice[]> {
  return call<ProfileChoice[]>("bank_profiles");
}

/** Tests what the person typed; the accounts it can read. The secrets are not sent back. */
export function testConnection(request: ConnectRequest): Promise<BankChoice[]> {
  return call<BankChoice[]>("test_connection", { request });
}

/** Connects the chosen account; its label. */
export function connectAccount(choice: number, label: string): Promise<string> {
  return call<string>("connect_account", { choice, label });
}

export function disconnectAccount(label: string): Promise<void> {
  return call<void>("disconnect_account", { label });
}

/** Syncs one account, or every connected one (null), with "sync-progress" events. */
export function syncNow(label: string | null): Promise<CheckOutcome> {
  return call<CheckOutcome>("sync_now", { label });
}

/** The first rows of the file an import stopped at (code needsMapping), as `choice` says. */
export function mappingPreview(choice: PreviewChoice): Promise<Preview> {
  return call<Preview>("mapping_preview", { choice });
}

/** Imports the waiting files with the person's description of the one no layout read. */
export function importMapped(request: MappedImport): Promise<ImportOutcome[]> {
  return call<ImportOutcome[]>("import_mapped", { request });
}

/** Gives up on the file waiting to be described; nothing of it was kept. */
export function forgetFileToMap(): Promise<void> {
  return call<void>("forget_file_to_map");
}

export function deleteEverything(): Promise<void> {
  return call<void>("delete_everything");
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

/** Commands reject with an IpcError; anything else (a broken bridge) is wrapped as one. */
export function toIpcError(error: unknown): IpcError {
  if (isIpcError(error)) return error;
  return { code: "internal", message: String(error) };
}

export function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as IpcError).code === "string" &&
    typeof (value as IpcError).message === "string"
  );
}

/** The services to look for in a passbook, with their printed forms. */
export function passbookForms(): Promise<HandoutService[]> {
  return call<HandoutService[]>("passbook_forms");
}

/** Reads the period looked at as typed (2020/9/1, R2.9.1, …), checked as of today. */
export function passbookPeriod(from: string, to: string): Promise<Period> {
  return call<Period>("passbook_period", { from, to });
}

/** Checks the lines found in a passbook's pages of `period`. */
export function passbookCheck(period: Period, lines: FoundLine[]): Promise<PassbookOutcome> {
  return call<PassbookOutcome>("passbook_check", { period, lines });
}

/** Saves the passbook hand-out (PDF) where the person chooses; null when they cancelled. */
export function exportHandout(): Promise<string | null> {
  return call<string | null>("export_handout");
}
