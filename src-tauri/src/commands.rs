//! The app's commands: each one line that calls the core and converts the result for IPC.

use kouza_guard::Statement;
use tauri::State;

use crate::ipc::{AppStatus, IpcError};

/// What the UI needs to know when it starts.
#[tauri::command]
pub fn app_status(status: State<'_, AppStatus>) -> AppStatus {
    status.inner().clone()
}

/// The built-in demo statement.
#[tauri::command]
pub fn demo_statement() -> Result<Statement, IpcError> {
    kouza_guard::demo::statement().map_err(Into::into)
}
