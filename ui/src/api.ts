// Typed calls to the app's commands. The types come from ui/src/bindings.ts, generated from Rust.
import { invoke } from "@tauri-apps/api/core";
import type {
  Answer,
  AppStatus,
  ConsultationSheet,
  ImportOutcome,
  IpcError,
  LineAnswer,
  Review,
  SheetFormat,
  SourceId,
} from "./bindings";

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>("app_status");
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
