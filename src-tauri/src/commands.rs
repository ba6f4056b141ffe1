//! The app's commands: each one line that calls the core and converts the result for IPC.
//!
//! No command takes a file path from the page: files come from the launch arguments, a drop on
//! the window, or the native dialog opened here, so a script in the page cannot make the app read
//! a file the person did not choose.

use kouza_guard::detect::Answer;
use kouza_guard::explain::LineAnswer;
use kouza_guard::review::Review;
use kouza_guard::session::{BankChoice, ConnectRequest, ProfileChoice};
use kouza_guard::sheet::ConsultationSheet;
use kouza_guard::store::ImportOutcome;
use kouza_guard::watch::CheckReport;
use kouza_guard::SourceId;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use crate::ipc::{AppStatus, IpcError, SheetFormat};
use crate::state::AppState;

/// What the UI needs to know: the data folder, the store, files waiting to be imported.
#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    state.status()
}

/// The built-in demo statement, judged by the built-in catalog.
#[tauri::command]
pub fn review_demo() -> Result<Review, IpcError> {
    kouza_guard::demo::review().map_err(Into::into)
}

/// What to do next, with the flagged withdrawals: for a stored account, or the demo (`None`).
#[tauri::command]
pub fn consultation_sheet(
    state: State<'_, AppState>,
    label: Option<String>,
) -> Result<ConsultationSheet, IpcError> {
    state.sheet(label.as_deref())
}

/// Saves the consultation sheet where the person chooses in the system's dialog; returns the path,
/// or `None` when they cancelled.
#[tauri::command]
pub async fn export_sheet(
    app: AppHandle,
    state: State<'_, AppState>,
    label: Option<String>,
    format: SheetFormat,
) -> Result<Option<String>, IpcError> {
    let sheet = state.sheet(label.as_deref())?;
    let (bytes, extension) = match format {
        SheetFormat::Pdf => (
            kouza_guard::sheet::find_japanese_font()
                .map_err(IpcError::export)
                .and_then(|font| {
                    kouza_guard::sheet::pdf::to_pdf(&sheet, &font).map_err(IpcError::export)
                })?,
            "pdf",
        ),
        SheetFormat::Csv => (kouza_guard::sheet::csv::to_csv(&sheet), "csv"),
    };
    let chosen = app
        .dialog()
        .file()
        .set_title("相談票を保存 Save the consultation sheet")
        .set_file_name(format!("相談票-{}.{extension}", sheet.prepared))
        .add_filter(extension.to_uppercase(), &[extension])
        .blocking_save_file();
    let Some(path) = chosen.and_then(|file| file.into_path().ok()) else {
        return Ok(None);
    };
    std::fs::write(&path, bytes)
        .map(|()| Some(path.display().to_string()))
        .map_err(|error| IpcError::export(format!("{}: {error}", path.display())))
}

/// Creates the store: keyed from the keychain (returns the recovery phrase to show once), or
/// protected by `passphrase` where there is no keychain.
#[tauri::command]
pub fn create_store(
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> Result<Option<String>, IpcError> {
    state.with_session(|session| session.create(passphrase.map(Zeroizing::new)))
}

/// Opens a store protected by a passphrase.
#[tauri::command]
pub fn unlock_store(state: State<'_, AppState>, passphrase: String) -> Result<(), IpcError> {
    state.with_session(|session| session.unlock(Zeroizing::new(passphrase)))
}

/// Opens a store whose key the keychain lost, with its recovery phrase.
#[tauri::command]
pub fn recover_store(state: State<'_, AppState>, phrase: String) -> Result<(), IpcError> {
    state.with_session(|session| session.recover(&Zeroizing::new(phrase)))
}

/// Moves an unreadable store aside so a new one can be created; returns where it went.
#[tauri::command]
pub fn set_aside_store(state: State<'_, AppState>) -> Result<String, IpcError> {
    state.with_session(|session| session.set_aside().map(|dir| dir.display().to_string()))
}

/// Imports the files given at launch or dropped on the window.
#[tauri::command]
pub async fn import_waiting(app: AppHandle) -> Result<Vec<ImportOutcome>, IpcError> {
    off_the_main_thread(move || {
        let state = app.state::<AppState>();
        state.import_watched(&app, None)
    })
    .await
}

/// Asks for statement files with the system's dialog and imports them; `None` when the person
/// cancelled.
#[tauri::command]
pub async fn pick_and_import(app: AppHandle) -> Result<Option<Vec<ImportOutcome>>, IpcError> {
    let picked = app
        .dialog()
        .file()
        .set_title("明細ファイルを選ぶ Choose statement files")
        .add_filter(
            "明細 Statements (CSV, Zengin, OFX, camt.053)",
            &["csv", "txt", "dat", "ofx", "qfx", "xml"],
        )
        .blocking_pick_files();
    let Some(picked) = picked else {
        return Ok(None);
    };
    let paths: Vec<_> = picked
        .into_iter()
        .filter_map(|file| file.into_path().ok())
        .collect();
    off_the_main_thread(move || {
        let state = app.state::<AppState>();
        state.import_watched(&app, Some(&paths))
    })
    .await
    .map(Some)
}

/// Stops the import under way, if any; it keeps nothing.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import();
}

/// An account's whole stored history, judged with what the holder has said.
#[tauri::command]
pub fn review_account(state: State<'_, AppState>, label: String) -> Result<Review, IpcError> {
    state.with_session(|session| session.review(&label))
}

/// Records "this was me" or "this was not me" about one withdrawal; returns the new judgement.
#[tauri::command]
pub fn answer(
    state: State<'_, AppState>,
    label: String,
    row: SourceId,
    answer: Answer,
) -> Result<Review, IpcError> {
    state.with_session(|session| session.answer(&label, &row, answer))
}

/// "What is this line?": one passbook line, typed or pasted, explained.
#[tauri::command]
pub fn explain_line(state: State<'_, AppState>, line: String) -> Result<LineAnswer, IpcError> {
    state
        .with_session(|session| Ok(session.explain(&line)))?
        .ok_or_else(|| IpcError {
            code: crate::ipc::ErrorCode::Line,
            message: format!(
                "type one line from the passbook, up to {} characters",
                kouza_guard::explain::MAX_LINE_CHARS
            ),
        })
}

/// Opens the system's print dialog for the page on screen (the guidance prints as the sheet).
/// The page's own `window.print()` does nothing in WebKitGTK; the web view's print does.
#[tauri::command]
pub fn print_page(window: tauri::WebviewWindow) -> Result<(), IpcError> {
    window.print().map_err(IpcError::export)
}

/// Ends a consultation: its data is dropped from memory and the web view's data is cleared; the
/// page then reloads empty for the next customer.
#[tauri::command]
pub fn end_consultation(
    window: tauri::WebviewWindow,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    state.with_session(|session| session.end_consultation())?;
    window.clear_all_browsing_data().map_err(|error| IpcError {
        code: crate::ipc::ErrorCode::Internal,
        message: format!("the window's data could not be cleared: {error}"),
    })
}

/// Writes an encrypted backup of the store where the person chooses in the system's dialog;
/// returns the path, or `None` when they cancelled.
#[tauri::command]
pub async fn backup_store(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, IpcError> {
    let chosen = app
        .dialog()
        .file()
        .set_title("保存データのバックアップ Back up the saved data")
        .set_file_name(format!("kouza-guard-{}.backup", crate::state::today()))
        .blocking_save_file();
    let Some(path) = chosen.and_then(|file| file.into_path().ok()) else {
        return Ok(None);
    };
    state
        .with_session(|session| session.backup_to(&path))
        .map(|()| Some(path.display().to_string()))
}

/// Deletes the store, its key and everything in it.
#[tauri::command]
pub fn delete_everything(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.with_session(|session| session.delete_everything())
}

/// The bank profiles to choose from on the Connect screen.
#[tauri::command]
pub fn bank_profiles(state: State<'_, AppState>) -> Result<Vec<ProfileChoice>, IpcError> {
    state.with_session(|session| Ok(session.bank_profiles()))
}

/// Tests the credentials the person typed and lists the accounts they can read.
#[tauri::command]
pub async fn test_connection(
    app: AppHandle,
    request: ConnectRequest,
) -> Result<Vec<BankChoice>, IpcError> {
    off_the_main_thread(move || {
        app.state::<AppState>()
            .with_session(|session| session.test_connection(request))
    })
    .await
}

/// Connects the chosen account; returns its label.
#[tauri::command]
pub fn connect_account(
    state: State<'_, AppState>,
    choice: usize,
    label: Option<String>,
) -> Result<String, IpcError> {
    state.with_session(|session| session.connect(choice, label))
}

/// Disconnects an account: its token leaves the keychain, its history stays.
#[tauri::command]
pub fn disconnect_account(state: State<'_, AppState>, label: String) -> Result<(), IpcError> {
    state.with_session(|session| session.disconnect(&label))
}

/// Syncs now (one account, or all), with progress events; returns what it did.
#[tauri::command]
pub async fn sync_now(app: AppHandle, label: Option<String>) -> Result<CheckReport, IpcError> {
    off_the_main_thread(move || crate::watcher::check(&app, label.as_deref())).await
}

/// Runs work that blocks (bank requests, imports) on a thread of its own, and waits for the
/// answer: the window stays responsive and shows progress meanwhile.
async fn off_the_main_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    let (send, mut receive) = tauri::async_runtime::channel(1);
    std::thread::spawn(move || {
        let _ = send.blocking_send(work());
    });
    receive.recv().await.unwrap_or_else(|| {
        Err(IpcError {
            code: crate::ipc::ErrorCode::Internal,
            message: "the work stopped unexpectedly".into(),
        })
    })
}

/// Keeps the person's choice of language and text size (on disk, except in a consultation) and
/// returns what the window needs now.
#[tauri::command]
pub fn set_preferences(
    state: State<'_, AppState>,
    preferences: kouza_guard::preferences::Preferences,
) -> Result<AppStatus, IpcError> {
    state.set_preferences(preferences)?;
    state.status()
}

/// Every catalog service with what the holder said about it for the account ("services I use").
#[tauri::command]
pub fn declared_services(
    state: State<'_, AppState>,
    label: String,
) -> Result<Vec<kouza_guard::session::DeclaredService>, IpcError> {
    state.with_session(|session| session.declared(&label))
}

/// Records that the holder uses (`true`), never uses (`false`) or has not said (`null`) a
/// service for the account; returns every service again.
#[tauri::command]
pub fn declare_service(
    state: State<'_, AppState>,
    label: String,
    service: String,
    uses: Option<bool>,
) -> Result<Vec<kouza_guard::session::DeclaredService>, IpcError> {
    state.with_session(|session| session.declare(&label, &service, uses))
}

/// The contacts in use and the file a branch adds its own to.
#[tauri::command]
pub fn branch_contacts(state: State<'_, AppState>) -> crate::ipc::BranchContacts {
    state.contacts()
}

/// Stops the sync under way before its next request to the bank; it keeps nothing.
#[tauri::command]
pub fn cancel_sync(state: State<'_, AppState>) {
    state.cancel_sync();
}
