// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p kouza-guard-app bindings`.

export type Statement = { 
/**
 * Where the rows came from: a file name, or "demo".
 */
source: string, 
/**
 * The layout that was recognised, e.g. `yucho`.
 */
layout: string, 
/**
 * The account, when the file names it.
 */
account: Account | null, 
/**
 * True for the built-in demo statement, which belongs to nobody and must say so wherever it shows.
 */
isDemo: boolean, 
/**
 * What the importer had to work out and the person should know.
 */
notes: Array<ImportNote>, 
/**
 * The rows, oldest first.
 */
transactions: Array<Transaction>, };

export type ImportNote = { "type": "yearFromPeriod", 
/**
 * The period's first day.
 */
from: string, 
/**
 * The period's last day.
 */
to: string, } | { "type": "yearFromOrder", 
/**
 * The year of the first row.
 */
firstYear: number, } | { "type": "newestFirst" };

export type Account = { 
/**
 * The bank's name, e.g. ゆうちょ銀行.
 */
bank: string, 
/**
 * The branch, when known.
 */
branch: string | null, 
/**
 * The account number with all but the last four digits hidden, e.g. `******4321`.
 */
numberMasked: string, };

export type Transaction = { 
/**
 * The day the bank booked it.
 */
booked: string, 
/**
 * Yen; withdrawals are negative, deposits positive.
 */
amount: number, 
/**
 * The statement text exactly as decoded from the file.
 */
description: string, 
/**
 * `description` normalised for matching.
 */
normalized: string, 
/**
 * The balance after this transaction, when the file gives it.
 */
balance: number | null, 
/**
 * What kind of transaction the file says it is, when it says.
 */
kind: TransactionKind | null, 
/**
 * What identifies this transaction across re-imports.
 */
sourceId: SourceId, 
/**
 * The 1-based line of the file it came from, so an error or a flag can point at it.
 */
line: number | null, };

export type TransactionKind = "accountDebit" | "card" | "atm" | "transfer" | "deposit";

export type SourceId = { "type": "bank", "value": string } | { "type": "fingerprint", "value": string };

export type IpcError = { 
/**
 * What kind of problem, for the UI to decide what to offer.
 */
code: ErrorCode, 
/**
 * A sentence a person can read: the file, the line, the field, what was expected.
 */
message: string, };

export type ErrorCode = "import" | "dataDirectory" | "internal";

export type AppStatus = { 
/**
 * Whether the data folder is ready.
 */
storage: StorageStatus, 
/**
 * The app was started with `--demo`: open the demo statement at once.
 */
openDemo: boolean, };

export type StorageStatus = { "state": "ready", 
/**
 * Where it is.
 */
path: string, } | { "state": "unavailable", 
/**
 * What went wrong.
 */
error: IpcError, };
