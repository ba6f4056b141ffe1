//! The app's commands: each one line that calls the core and converts the result for IPC.
//!
//! Tauri runs a command that is not `async` on the main thread, which also paints the window and
//! takes drops and clicks. So every command that works on the session, asks a dialog, or may take
//! long is `async` and does its work on a thread of its own ([`on_session`],
//! [`off_the_main_thread`]); only a few that never wait stay on the main thread (Cancel, print,
//! the demo), so a Cancel is answered at once even while an import or a sync holds the session.
//!
//! No command takes a file path from the page: files come from the launch arguments, a drop on
//! the window, or the native dialog opened here, so a script in the page cannot make the app read
//! a file the person did not choose.

use kouza_guard::detect::Answer;
use kouza_guard::explain::LineAnswer;
use kouza_guard::periodic_check::CheckOutcome;
use kouza_guard::review::Review;
use kouza_guard::session::{BankChoice, ConnectRequest, ProfileChoice, Session, SessionError};
use kouza_guard::sheet::ConsultationSheet;
use kouza_guard::store::ImportOutcome;
use kouza_guard::SourceId;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use crate::ipc::{AppStatus, DataStatus, IpcError, SheetFormat};
use crate::state::AppState;

/// What the UI needs to know: the data folder, the store, files waiting to be imported.
#[tauri::command]
pub async fn app_status(app: AppHandle) -> Result<AppStatus, IpcError> {
    off_the_main_thread(move || app.state::<AppState>().status()).await
}

/// The built-in demo statement, judged with the catalog in use.
#[tauri::command]
pub async fn review_demo(app: AppHandle) -> Result<Review, IpcError> {
    on_session(app, |session| session.demo_review()).await
}

/// What to do next, with the flagged withdrawals: for a stored account, or the demo (`None`).
#[tauri::command]
pub async fn consultation_sheet(
    app: AppHandle,
    label: Option<String>,
) -> Result<ConsultationSheet, IpcError> {
    off_the_main_thread(move || app.state::<AppState>().sheet(label.as_deref())).await
}

/// Saves the consultation sheet where the person chooses in the system's dialog; returns the path,
/// or `None` when they cancelled. Never over a statement read in this run; readable by its owner
/// only.
#[tauri::command]
pub async fn export_sheet(
    app: AppHandle,
    label: Option<String>,
    format: SheetFormat,
) -> Result<Option<String>, IpcError> {
    off_the_main_thread(move || {
        let state = app.state::<AppState>();
        let (bytes, name) = state.sheet_file(label.as_deref(), format)?;
        let extension = match format {
            SheetFormat::Pdf => "pdf",
            SheetFormat::Csv => "csv",
        };
        let chosen = app
            .dialog()
            .file()
            .set_title("相談票を保存 Save the consultation sheet")
            .set_file_name(name)
            .add_filter(extension.to_uppercase(), &[extension])
            .blocking_save_file();
        let Some(path) = chosen.and_then(|file| file.into_path().ok()) else {
            return Ok(None);
        };
        state
            .with_session(|session| session.save_file(&path, &bytes))
            .map(|()| Some(path.display().to_string()))
    })
    .await
}

/// Creates the store: keyed from the keychain (returns the recovery phrase to show once), or
/// protected by `passphrase` where there is no keychain.
#[tauri::command]
pub async fn create_store(
    app: AppHandle,
    passphrase: Option<String>,
) -> Result<Option<String>, IpcError> {
    on_session(app, move |session| {
        session.create(passphrase.map(Zeroizing::new))
    })
    .await
}

/// Opens a store protected by a passphrase.
#[tauri::command]
pub async fn unlock_store(app: AppHandle, passphrase: String) -> Result<(), IpcError> {
    on_session(app, move |session| {
        session.unlock(Zeroizing::new(passphrase))
    })
    .await
}

/// Opens a store whose key the keychain lost, with its recovery phrase.
#[tauri::command]
pub async fn recover_store(app: AppHandle, phrase: String) -> Result<(), IpcError> {
    on_session(app, move |session| session.recover(&Zeroizing::new(phrase))).await
}

/// Moves an unreadable store aside so a new one can be created; returns where it went.
#[tauri::command]
pub async fn set_aside_store(app: AppHandle) -> Result<String, IpcError> {
    on_session(app, |session| {
        session.set_aside().map(|dir| dir.display().to_string())
    })
    .await
}

/// Imports the files given at launch or dropped on the window.
#[tauri::command]
pub async fn import_waiting(app: AppHandle) -> Result<Vec<ImportOutcome>, IpcError> {
    off_the_main_thread(move || {
        let state = app.state::<AppState>();
        state.import_with_progress(&app, None)
    })
    .await
}

/// Asks for statement files with the system's dialog and imports them; `None` when the person
/// cancelled.
#[tauri::command]
pub async fn pick_and_import(app: AppHandle) -> Result<Option<Vec<ImportOutcome>>, IpcError> {
    off_the_main_thread(move || {
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
        let state = app.state::<AppState>();
        state.import_with_progress(&app, Some(&paths)).map(Some)
    })
    .await
}

/// Stops the import under way, if any; it keeps nothing. On the main thread, at once: it only
/// sets a flag the import reads.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import();
}

/// An account's whole stored history, judged with what the holder has said.
#[tauri::command]
pub async fn review_account(app: AppHandle, label: String) -> Result<Review, IpcError> {
    on_session(app, move |session| session.review(&label)).await
}

/// Records "this was me" or "this was not me" about one withdrawal; returns the new judgement.
#[tauri::command]
pub async fn answer(
    app: AppHandle,
    label: String,
    row: SourceId,
    answer: Answer,
) -> Result<Review, IpcError> {
    on_session(app, move |session| session.answer(&label, &row, answer)).await
}

/// "What is this line?": one passbook line, typed or pasted, explained.
#[tauri::command]
pub async fn explain_line(app: AppHandle, line: String) -> Result<LineAnswer, IpcError> {
    on_session(app, move |session| Ok(session.explain(&line)))
        .await?
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
pub async fn end_consultation(
    app: AppHandle,
    window: tauri::WebviewWindow,
) -> Result<(), IpcError> {
    on_session(app, |session| session.end_consultation()).await?;
    window.clear_all_browsing_data().map_err(|error| IpcError {
        code: crate::ipc::ErrorCode::Internal,
        message: format!("the window's data could not be cleared: {error}"),
    })
}

/// Writes an encrypted backup of the store where the person chooses in the system's dialog;
/// returns the path, or `None` when they cancelled.
#[tauri::command]
pub async fn backup_store(app: AppHandle) -> Result<Option<String>, IpcError> {
    off_the_main_thread(move || {
        let chosen = app
            .dialog()
            .file()
            .set_title("保存データのバックアップ Back up the saved data")
            .set_file_name(format!("kouza-guard-{}.backup", crate::state::today()))
            .blocking_save_file();
        let Some(path) = chosen.and_then(|file| file.into_path().ok()) else {
            return Ok(None);
        };
        app.state::<AppState>()
            .with_session(|session| session.backup_to(&path))
            .map(|()| Some(path.display().to_string()))
    })
    .await
}

/// Deletes the store, its key and everything in it.
#[tauri::command]
pub async fn delete_everything(app: AppHandle) -> Result<(), IpcError> {
    on_session(app, |session| session.delete_everything()).await
}

/// The bank profiles to choose from on the Connect screen.
#[tauri::command]
pub async fn bank_profiles(app: AppHandle) -> Result<Vec<ProfileChoice>, IpcError> {
    on_session(app, |session| Ok(session.bank_profiles())).await
}

/// Tests the credentials the person typed and lists the accounts they can read.
#[tauri::command]
pub async fn test_connection(
    app: AppHandle,
    request: ConnectRequest,
) -> Result<Vec<BankChoice>, IpcError> {
    on_session(app, move |session| session.test_connection(request)).await
}

/// Connects the chosen account; returns its label.
#[tauri::command]
pub async fn connect_account(
    app: AppHandle,
    choice: usize,
    label: Option<String>,
) -> Result<String, IpcError> {
    on_session(app, move |session| session.connect(choice, label)).await
}

/// Disconnects an account: its token leaves the keychain, its history stays.
#[tauri::command]
pub async fn disconnect_account(app: AppHandle, label: String) -> Result<(), IpcError> {
    on_session(app, move |session| session.disconnect(&label)).await
}

/// Syncs now (one account, or all), with progress events; returns what it did.
#[tauri::command]
pub async fn sync_now(app: AppHandle, label: Option<String>) -> Result<CheckOutcome, IpcError> {
    off_the_main_thread(move || crate::check_timer::check(&app, label.as_deref())).await
}

/// Runs `action` on the session, off the main thread (see [`off_the_main_thread`]).
async fn on_session<T: Send + 'static>(
    app: AppHandle,
    action: impl FnOnce(&mut Session) -> Result<T, SessionError> + Send + 'static,
) -> Result<T, IpcError> {
    off_the_main_thread(move || app.state::<AppState>().with_session(action)).await
}

/// Runs work that blocks (the session's lock, bank requests, imports, dialogs) on a thread of its
/// own, and waits for the answer without blocking any thread: the window stays responsive and
/// shows progress meanwhile, and the async runtime's few threads are never tied up.
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
pub async fn set_preferences(
    app: AppHandle,
    preferences: kouza_guard::preferences::Preferences,
) -> Result<AppStatus, IpcError> {
    off_the_main_thread(move || {
        let state = app.state::<AppState>();
        state.set_preferences(preferences)?;
        state.status()
    })
    .await
}

/// Every catalog service with what the holder said about it for the account ("services I use").
#[tauri::command]
pub async fn declared_services(
    app: AppHandle,
    label: String,
) -> Result<Vec<kouza_guard::session::DeclaredService>, IpcError> {
    on_session(app, move |session| session.declared(&label)).await
}

/// Records that the holder uses (`true`), never uses (`false`) or has not said (`null`) a
/// service for the account; returns every service again.
#[tauri::command]
pub async fn declare_service(
    app: AppHandle,
    label: String,
    service: String,
    uses: Option<bool>,
) -> Result<Vec<kouza_guard::session::DeclaredService>, IpcError> {
    on_session(app, move |session| session.declare(&label, &service, uses)).await
}

/// The contacts in use and the file a branch adds its own to. On the main thread: it reads only
/// what startup loaded.
#[tauri::command]
pub fn branch_contacts(state: State<'_, AppState>) -> crate::ipc::BranchContacts {
    state.contacts()
}

/// Stops the sync under way before its next request to the bank; it keeps nothing. On the main
/// thread, at once: it only sets a flag the sync reads.
#[tauri::command]
pub fn cancel_sync(state: State<'_, AppState>) {
    state.cancel_sync();
}

/// Which data the app judges with (built in, or a signed update's), an update set aside at this
/// start, and whether one can be installed. On the main thread: it never waits for the session.
#[tauri::command]
pub fn data_in_use(state: State<'_, AppState>) -> DataStatus {
    state.data_in_use()
}

/// Asks for a signed data update with the system's dialog and installs it; the app judges with it
/// at once. Returns the data now in use, or `None` when the person cancelled. A refused update
/// changes nothing.
#[tauri::command]
pub async fn install_data(app: AppHandle) -> Result<Option<DataStatus>, IpcError> {
    off_the_main_thread(move || {
        let picked = app
            .dialog()
            .file()
            .set_title("データ更新ファイルを選ぶ Choose a data update")
            .add_filter("データ更新 Data update (JSON)", &["json"])
            .blocking_pick_file();
        let Some(path) = picked.and_then(|file| file.into_path().ok()) else {
            return Ok(None);
        };
        app.state::<AppState>().install_data(&path).map(Some)
    })
    .await
}

#[cfg(test)]
mod tests {
    /// The commands Tauri may run on the main thread: none of them waits for the session, a
    /// dialog, a bank or a file.
    const ON_THE_MAIN_THREAD: &[&str] = &[
        "print_page",
        "cancel_import",
        "cancel_sync",
        "branch_contacts",
        "data_in_use",
    ];

    /// Each command in this file: its name, whether it is async, and its text.
    fn commands() -> Vec<(String, bool, String)> {
        let source = include_str!("commands.rs");
        let source = &source[..source.find("#[cfg(test)]").unwrap_or(source.len())];
        source
            .split("#[tauri::command]")
            .skip(1)
            .map(|text| {
                let signature = text
                    .lines()
                    .find(|line| line.starts_with("pub "))
                    .expect("a command's signature");
                let name = signature
                    .split("fn ")
                    .nth(1)
                    .and_then(|rest| rest.split(['(', '<']).next())
                    .expect("a command's name")
                    .to_owned();
                (name, signature.contains("async fn"), text.to_owned())
            })
            .collect()
    }

    #[test]
    fn every_command_that_may_wait_runs_off_the_main_thread() {
        let commands = commands();
        assert!(commands.len() >= 28, "{} commands found", commands.len());
        let mut on_main: Vec<&str> = commands
            .iter()
            .filter(|(_, is_async, _)| !is_async)
            .map(|(name, _, _)| name.as_str())
            .collect();
        on_main.sort_unstable();
        let mut expected = ON_THE_MAIN_THREAD.to_vec();
        expected.sort_unstable();
        assert_eq!(on_main, expected, "not async: {on_main:?}");
        for (name, is_async, text) in &commands {
            if *is_async {
                assert!(
                    !text.contains("state: State"),
                    "{name}: an async command takes the AppHandle and works off the main thread"
                );
            } else {
                for waits in ["with_session", "status()", "blocking_", "sheet("] {
                    assert!(
                        !text.contains(waits),
                        "{name} waits on the main thread: {waits}"
                    );
                }
            }
        }
    }
}

/// The services to look for in a passbook, each with its printed forms and operator.
#[tauri::command]
pub async fn passbook_forms(
    app: AppHandle,
) -> Result<Vec<kouza_guard::sheet::handout::HandoutService>, IpcError> {
    on_session(app, |session| Ok(session.passbook_forms())).await
}

/// Reads the period looked at as typed (2020/9/1, R2.9.1, …), checked as of today.
#[tauri::command]
pub async fn passbook_period(
    app: AppHandle,
    from: String,
    to: String,
) -> Result<kouza_guard::passbook::Period, IpcError> {
    on_session(app, move |_| {
        Ok(kouza_guard::passbook::read_period(
            &from,
            &to,
            crate::state::today(),
        )?)
    })
    .await
}

/// Checks the lines found in a passbook's pages of `period` and keeps them as the passbook
/// account (in memory only, in a consultation).
#[tauri::command]
pub async fn passbook_check(
    app: AppHandle,
    period: kouza_guard::passbook::Period,
    lines: Vec<kouza_guard::passbook::FoundLine>,
) -> Result<kouza_guard::session::passbook::PassbookOutcome, IpcError> {
    on_session(app, move |s| {
        s.passbook_check(period, &lines, crate::state::today())
    })
    .await
}

/// Saves the passbook hand-out (one A4 page, PDF) where the person chooses; returns the path, or
/// `None` when they cancelled.
#[tauri::command]
pub async fn export_handout(app: AppHandle) -> Result<Option<String>, IpcError> {
    off_the_main_thread(move || {
        let state = app.state::<AppState>();
        let (bytes, name) = state.handout_file()?;
        let chosen = app
            .dialog()
            .file()
            .set_title("通帳の見方を保存 Save the passbook hand-out")
            .set_file_name(name)
            .add_filter("PDF", &["pdf"])
            .blocking_save_file();
        let Some(path) = chosen.and_then(|file| file.into_path().ok()) else {
            return Ok(None);
        };
        state
            .with_session(|session| session.save_file(&path, &bytes))
            .map(|()| Some(path.display().to_string()))
    })
    .await
}
