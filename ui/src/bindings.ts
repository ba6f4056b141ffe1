// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p kouza-guard-app bindings`.

export type Review = { 
/**
 * The statement as imported.
 */
statement: Statement, 
/**
 * Every e-money withdrawal, in statement order.
 */
findings: Array<Finding>, 
/**
 * Each run of two or more withdrawals to one service, judged together, with a flagged one
 * among them, by its first day.
 */
runs: Array<FindingRun>, 
/**
 * The catalog version used.
 */
catalog: string, 
/**
 * The data the judgement was made with: the app's own, or a signed update's.
 */
dataVersion: DataVersion, 
/**
 * Breaks in the balances: rows missing from the file, which nothing can be said about.
 */
gaps: Array<BalanceGap>, 
/**
 * How many days the statement covers, and whether that is too few to know what is usual.
 */
history: HistoryLength | null, 
/**
 * For lines found in a paper passbook: the pages looked at and the forms looked for, which
 * is all the review may speak of.
 */
passbook: PassbookScope | null, };

export type Finding = { 
/**
 * Its index in `statement.transactions`.
 */
row: number, 
/**
 * The service it tops up.
 */
service: ServiceLabel, 
/**
 * From 0 (ordinary) to 1.
 */
score: number, 
/**
 * Whether the holder should look at it.
 */
flagged: boolean, 
/**
 * How much it asks of the holder: a kind question (a first use) apart from a flag.
 */
level: Level, 
/**
 * Why, strongest first.
 */
reasons: Array<Bilingual>, 
/**
 * What the holder said about it, if anything.
 */
answer: Answer | null, };

export type FindingRun = { 
/**
 * The service they top up.
 */
service: ServiceLabel, 
/**
 * The first day of the run.
 */
first: string, 
/**
 * The last day of the run.
 */
last: string, 
/**
 * Withdrawals in the run.
 */
count: number, 
/**
 * Yen taken by them (positive).
 */
total: number, 
/**
 * What is said of the run as a whole, once, strongest first.
 */
reasons: Array<Bilingual>, 
/**
 * The withdrawals in the run, in date order, each with what is said of it alone.
 */
rows: Array<RunRow>, };

export type RunRow = { 
/**
 * Its index in `statement.transactions`.
 */
row: number, 
/**
 * What is said of this withdrawal alone (its amount, the holder's answer), not of the run.
 */
reasons: Array<Bilingual>, };

export type Level = "ordinary" | "question" | "flag";

export type HistoryLength = { 
/**
 * Days from the first booked date to the last, both counted.
 */
days: number, 
/**
 * Fewer than [`SHORT_HISTORY_DAYS`]: little history is not "as usual".
 */
short: boolean, };

export type ServiceLabel = { 
/**
 * The catalog id.
 */
id: string, 
/**
 * The name in Japanese.
 */
nameJa: string, 
/**
 * The name in English.
 */
nameEn: string, 
/**
 * The operator in Japanese.
 */
operatorJa: string, 
/**
 * The operator in English.
 */
operatorEn: string, };

export type Bilingual = { 
/**
 * Japanese.
 */
ja: string, 
/**
 * English.
 */
en: string, };

export type BalanceGap = { 
/**
 * The last row before the break: its date and line.
 */
afterDate: string, 
/**
 * Its line in the file, when known.
 */
afterLine: number | null, 
/**
 * The first row after the break.
 */
beforeDate: string, 
/**
 * Its line in the file, when known.
 */
beforeLine: number | null, 
/**
 * Yen that moved in rows the app did not see: negative when money left the account.
 */
unexplained: number, };

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
firstYear: number, } | { "type": "newestFirst" } | { "type": "unreadableCharacters", 
/**
 * How many.
 */
count: number, 
/**
 * The first line with one.
 */
firstLine: number, } | { "type": "passbookLines", 
/**
 * The first day looked at.
 */
from: string, 
/**
 * The last day looked at.
 */
to: string, } | { "type": "pendingLeftOut", 
/**
 * How many.
 */
count: number, };

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

export type ErrorCode = "import" | "needsMapping" | "mapping" | "dataDirectory" | "wrongKey" | "phrase" | "keychain" | "locked" | "store" | "export" | "contacts" | "catalog" | "preferences" | "dataUpdate" | "dataSetAside" | "cancelled" | "line" | "passbook" | "bank" | "internal";

export type AppStatus = { 
/**
 * Whether the data folder is ready.
 */
storage: StorageStatus, 
/**
 * The app was started with `--demo`: open the demo statement at once.
 */
openDemo: boolean, 
/**
 * How far the store is from open.
 */
store: StoreState, 
/**
 * Statement files given at launch or dropped on the window, waiting to be imported.
 */
waitingFiles: number, 
/**
 * A consultation at a branch: nothing is written to disk, and it can be ended.
 */
consultation: boolean, 
/**
 * In a consultation, the minutes without input after which it ends by itself.
 */
idleMinutes: number | null, 
/**
 * Problems found at startup that the person should know of (a contacts file refused).
 */
notices: Array<IpcError>, 
/**
 * What the person chose for language and text size.
 */
preferences: Preferences, 
/**
 * The language to write in: the one chosen, else the system locale's, else Japanese.
 */
language: Language, };

export type Preferences = { 
/**
 * The language chosen; `None` follows the system locale.
 */
language: Language | null, 
/**
 * The text size.
 */
textSize: TextSize, };

export type Language = "ja" | "en";

export type TextSize = "standard" | "large" | "largest";

export type DeclaredService = { 
/**
 * The service.
 */
service: ServiceLabel, 
/**
 * `true`: uses it; `false`: never uses it; `None`: has not said.
 */
uses: boolean | null, };

export type ImportProgress = { "stage": "reading", 
/**
 * Which file, counting from 1.
 */
file: number, 
/**
 * How many files in all.
 */
files: number, 
/**
 * The file's name.
 */
name: string, 
/**
 * Bytes of the file's text read.
 */
read: number, 
/**
 * Bytes of the file's text in all.
 */
total: number, } | { "stage": "saving", 
/**
 * Rows saved so far.
 */
saved: number, 
/**
 * Rows to save.
 */
rows: number, };

export type BranchContacts = { 
/**
 * The file a branch or user adds contacts to (`contacts.toml` in the config folder).
 */
file: string | null, 
/**
 * Every contact in use, each with its source.
 */
contacts: Array<Contact>, };

export type DataStatus = { 
/**
 * The data in use: the built-in data, or an installed signed update's.
 */
version: DataVersion, 
/**
 * The installed update set aside at this start, and why, in Japanese and then English.
 */
setAside: string | null, 
/**
 * Whether an update can be installed here: not in a consultation, which writes nothing, and
 * not without a data folder.
 */
canInstall: boolean, };

export type DataVersion = { 
/**
 * The serial bundles are compared by (YYYYMMDDNN).
 */
serial: number, 
/**
 * What the person sees: the bundle's label, or the built-in catalog's version.
 */
label: string, 
/**
 * Whether it came from an installed bundle.
 */
fromBundle: boolean, };

export type HandoutService = { 
/**
 * The catalog id.
 */
id: string, 
/**
 * Its name in Japanese.
 */
nameJa: string, 
/**
 * Its name in English.
 */
nameEn: string, 
/**
 * The company that runs it, in Japanese.
 */
operatorJa: string, 
/**
 * The company that runs it, in English.
 */
operatorEn: string, 
/**
 * How a passbook prints its top-ups; empty for a branch's service that lists none.
 */
forms: Array<string>, };

export type Period = { 
/**
 * The first day looked at.
 */
from: string, 
/**
 * The last day looked at.
 */
to: string, };

export type PassbookScope = { 
/**
 * Each period of pages looked at, earliest first.
 */
periods: Array<Period>, 
/**
 * The services looked for, each with its printed forms, in catalog order.
 */
forms: Array<HandoutService>, };

export type FoundLine = { 
/**
 * The date, in any form [`date::parse`] reads.
 */
date: string, 
/**
 * The amount withdrawn, in any form [`amount::parse`] reads.
 */
amount: string, 
/**
 * The text printed beside it, chosen from the forms or typed.
 */
text: string, };

export type PassbookOutcome = { 
/**
 * The account the lines are in, to answer and make the sheet for.
 */
label: string, 
/**
 * The period looked at.
 */
period: Period, 
/**
 * The judgement on the lines entered this time (those kept before are in the account's
 * review).
 */
review: Review, 
/**
 * Whether the lines are kept in the encrypted store (false in a consultation).
 */
kept: boolean, };

export type StorageStatus = { "state": "ready", 
/**
 * Where it is.
 */
path: string, } | { "state": "unavailable", 
/**
 * What went wrong.
 */
error: IpcError, } | { "state": "consultation" };

export type StoreState = { "state": "notCreated", 
/**
 * Whether the keychain answers.
 */
keychain: boolean, } | { "state": "needsPassphrase" } | { "state": "keyLost" } | { "state": "open", 
/**
 * Its accounts, with the answer at a glance.
 */
accounts: Array<AccountSummary>, } | { "state": "unavailable", 
/**
 * What is wrong.
 */
message: string, };

export type AccountSummary = { 
/**
 * The name the person knows it by.
 */
label: string, 
/**
 * The bank and masked number, when a statement gave them.
 */
account: Account | null, 
/**
 * Transactions stored.
 */
rows: number, 
/**
 * When it was last imported into (RFC 3339).
 */
lastImport: string | null, 
/**
 * Withdrawals that need the holder's attention now.
 */
flagged: number, 
/**
 * For lines found in a paper passbook, the pages looked at: the glance speaks of them only,
 * never of "nothing unfamiliar". Empty for a file or a bank.
 */
pages: Array<Period>, 
/**
 * The bank connection, when the account is connected to one.
 */
connection: ConnectionSummary | null, };

export type ImportOutcome = { 
/**
 * The account the rows went to.
 */
account: string, 
/**
 * The file, as the statement names it.
 */
source: string, 
/**
 * The layout recognised.
 */
layout: string, 
/**
 * Rows in the file.
 */
rows: number, 
/**
 * The first and last booked dates in the file.
 */
period: [string, string] | null, 
/**
 * Rows the store did not have.
 */
added: number, 
/**
 * Rows it already had.
 */
known: number, 
/**
 * What the reader had to work out and the person should know (years taken from a period,
 * a file listing the newest row first …).
 */
notes: Array<ImportNote>, };

export type Answer = "mine" | "notMine";

export type ConsultationSheet = { 
/**
 * The day the sheet was made.
 */
prepared: string, 
/**
 * True when made from the built-in demo: the sheet says so on every page.
 */
isDemo: boolean, 
/**
 * The account, masked, when the statement names it.
 */
account: Account | null, 
/**
 * The statement file (or `store: …`) the rows came from.
 */
source: string, 
/**
 * The first day checked (for lines found in a passbook, of the pages looked at).
 */
checkedFrom: string | null, 
/**
 * The last day checked.
 */
checkedTo: string | null, 
/**
 * Rows checked.
 */
rowsChecked: number, 
/**
 * Breaks in the balances: rows that were not seen.
 */
gaps: number, 
/**
 * The catalog version used.
 */
catalog: string, 
/**
 * The data the judgement was made with: the app's own, or a signed update's.
 */
dataVersion: DataVersion, 
/**
 * The withdrawals the holder should report, oldest first.
 */
withdrawals: Array<SheetWithdrawal>, 
/**
 * Their total, in yen (positive).
 */
total: number, 
/**
 * What to do, with the deadline.
 */
guidance: Guidance, };

export type SheetWithdrawal = { 
/**
 * The booked date.
 */
date: string, 
/**
 * Yen taken (positive).
 */
amount: number, 
/**
 * The statement text exactly as the bank wrote it.
 */
description: string, 
/**
 * The service and its operator.
 */
service: ServiceLabel, };

export type Guidance = { 
/**
 * The steps, in the order to take them.
 */
steps: Array<Step>, 
/**
 * When the bank must be told.
 */
deadline: Deadline, 
/**
 * The version of the guidance data used.
 */
version: string, };

export type Step = { 
/**
 * The step's id in the data (`call-operator` repeats, once per service).
 */
id: string, 
/**
 * What to do, in a few words.
 */
title: Bilingual, 
/**
 * How.
 */
detail: Bilingual, 
/**
 * What to say, when it helps to have the words ready.
 */
say: Bilingual | null, 
/**
 * What to bring.
 */
bring: Bilingual | null, 
/**
 * Whom to call, with a source for every number.
 */
contacts: Array<Contact>, 
/**
 * Where the advice comes from.
 */
source: string, };

export type Contact = { 
/**
 * A stable id (`fsa-desk`).
 */
id: string, 
/**
 * The name in Japanese.
 */
nameJa: string, 
/**
 * The name in English.
 */
nameEn: string, 
/**
 * The number to dial, as written.
 */
phone: string, 
/**
 * Hours and other numbers, in Japanese.
 */
phoneNoteJa: string | null, 
/**
 * Hours and other numbers, in English.
 */
phoneNoteEn: string | null, 
/**
 * Where the number was found: a public page, or a note such as the branch's own notice.
 */
source: string, };

export type Deadline = { "type": "known", 
/**
 * The bank.
 */
bank: Bilingual, 
/**
 * The last day to tell it, counted from the first flagged withdrawal.
 */
due: string, 
/**
 * Days from today to `due`; negative when it has passed.
 */
daysLeft: number, 
/**
 * The rule, as the bank states it.
 */
note: Bilingual, 
/**
 * Where the rule is published.
 */
source: string, } | { "type": "asSoonAsPossible", 
/**
 * The bank, when the statement names it.
 */
bank: string | null, } | { "type": "nothingDue" };

export type SheetFormat = "pdf" | "csv";

export type LineAnswer = { 
/**
 * The line as typed.
 */
line: string, 
/**
 * `topUp`, `lookalike` or `unknown`.
 */
kind: LineKind, 
/**
 * The service, for a top-up.
 */
service: ServiceLabel | null, 
/**
 * The explanation.
 */
text: Bilingual, };

export type LineKind = "topUp" | "lookalike" | "unknown";

export type ConnectRequest = { "provider": "japan", 
/**
 * The profile's id.
 */
profile: string, 
/**
 * Another address for the profile's API (a branch's test server).
 */
baseUrl: string | null, 
/**
 * The access token.
 */
token: string, } | { "provider": "psd2", 
/**
 * The base URL, before `/v1`.
 */
baseUrl: string, 
/**
 * The bearer token.
 */
token: string, 
/**
 * The consent id.
 */
consentId: string, 
/**
 * The consent's `frequencyPerDay`, when not the default 4.
 */
frequencyPerDay: number | null, } | { "provider": "simpleFin", 
/**
 * The setup token, claimed once.
 */
setupToken: string, };

export type BankChoice = { 
/**
 * Its place in the list, to choose it by.
 */
index: number, 
/**
 * The account's name or type.
 */
name: string, 
/**
 * The bank, when known.
 */
bank: string | null, 
/**
 * The masked number, when known.
 */
numberMasked: string | null, 
/**
 * The currency.
 */
currency: string, 
/**
 * The label it would get in the store.
 */
label: string, };

export type ProfileChoice = { 
/**
 * Its id.
 */
id: string, 
/**
 * The bank's name.
 */
name: string, 
/**
 * The API's address.
 */
baseUrl: string, };

export type ConnectionSummary = { 
/**
 * The kind of API.
 */
provider: Provider, 
/**
 * The last booked date pulled.
 */
lastBooked: string | null, 
/**
 * When the last sync finished (RFC 3339).
 */
lastSyncedAt: string | null, };

export type Provider = "psd2" | "simpleFin" | "japan";

export type CheckOutcome = { 
/**
 * The accounts synced.
 */
synced: Array<SyncOutcome>, 
/**
 * The accounts whose sync failed; their history is as it was.
 */
failed: Array<SyncFailure>, 
/**
 * Withdrawals flagged for the first time, in any account.
 */
newlyFlagged: Array<NewFlag>, };

export type SyncOutcome = { 
/**
 * The account's label.
 */
account: string, 
/**
 * The provider's name.
 */
provider: string, 
/**
 * The first day asked for.
 */
from: string, 
/**
 * The last day asked for.
 */
to: string, 
/**
 * What the store made of the rows.
 */
import: ImportOutcome, };

export type SyncFailure = { 
/**
 * The account's label.
 */
account: string, 
/**
 * What went wrong.
 */
message: string, 
/**
 * The person cancelled the sync.
 */
cancelled: boolean, };

export type NewFlag = { 
/**
 * The account's label.
 */
account: string, 
/**
 * The booking day.
 */
booked: string, 
/**
 * Yen, negative.
 */
amount: number, 
/**
 * The statement text.
 */
description: string, 
/**
 * The service's name in Japanese.
 */
serviceJa: string, 
/**
 * The service's name in English.
 */
serviceEn: string, };

export type Progress = { 
/**
 * Pages read so far.
 */
pages: number, 
/**
 * Booked rows read so far.
 */
rows: number, 
/**
 * The last booked date read, when any.
 */
reached: string | null, 
/**
 * The first day asked for.
 */
from: string, 
/**
 * The last day asked for.
 */
until: string, };

export type SyncProgress = { 
/**
 * The account being synced.
 */
account: string, 
/**
 * The core's count of pages and rows so far.
 */
progress: Progress, };

export type Preview = { 
/**
 * The file's name.
 */
file: string, 
/**
 * The encoding the text was decoded in (`UTF-8`, `Shift_JIS`, `UTF-16LE` …).
 */
encoding: string, 
/**
 * The first line whose bytes are not text in [`Preview::encoding`]; its text is shown with
 * replacement characters, and another encoding may read it.
 */
undecodableLine: number | null, 
/**
 * The first rows of the file, to choose the header among.
 */
firstRows: Array<PreviewRow>, 
/**
 * The header row.
 */
header: PreviewRow, 
/**
 * Up to [`PREVIEW_ROWS`] rows under the header.
 */
rows: Array<PreviewRow>, 
/**
 * What each column of the header seems to hold, in the rows shown.
 */
columns: Array<ColumnLook>, 
/**
 * Dates are written without a year (`9/4`, `9月4日`): the first row's year is needed.
 */
datesLackYear: boolean, };

export type PreviewRow = { 
/**
 * Its line in the file.
 */
line: number, 
/**
 * Its cells as decoded, trimmed, each cut to the length an error message quotes.
 */
cells: Array<string>, };

export type ColumnLook = { 
/**
 * The header cell.
 */
header: string, 
/**
 * What its cells under the header seem to be.
 */
holds: CellKind, };

export type CellKind = "date" | "dateWithoutYear" | "amount" | "signedAmount" | "text" | "empty";

export type PreviewChoice = { 
/**
 * The encoding to decode it in (`Shift_JIS`, `UTF-8`, `EUC-JP` …), instead of detecting it.
 */
encoding: string | null, 
/**
 * The line of the header row, instead of the row most like one.
 */
headerLine: number | null, };

export type MappedImport = { 
/**
 * Its columns.
 */
mapping: Mapping, 
/**
 * The encoding chosen, if any.
 */
encoding: string | null, 
/**
 * The year of the first row, for dates written without one.
 */
firstYear: number | null, };

export type Mapping = { 
/**
 * The bank the export comes from; the mapping is saved under this name.
 */
bank: string, 
/**
 * The header of the booked-date column.
 */
date: string, 
/**
 * The date's form in chrono's notation (`%d.%m.%Y`); without it, every form the importer
 * knows is tried (`2020/9/4`, `20200904`, `R02.09.04` …).
 */
date_format?: string | null, 
/**
 * The headers of the text columns, joined by one space.
 */
description: Array<string>, 
/**
 * Where the amount is.
 */
amount: MappedAmount, 
/**
 * The header of the balance column, if there is one.
 */
balance?: string | null, };

export type MappedAmount = { 
/**
 * The header of the money-out column.
 */
withdrawal: string, 
/**
 * The header of the money-in column.
 */
deposit: string, } | { 
/**
 * The header of the amount column.
 */
signed: string, 
/**
 * The sign money out has in it.
 */
withdrawals: Sign, };

export type Sign = "negative" | "positive";
