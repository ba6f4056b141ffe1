//! The app's commands: each one line that calls the core and converts the result for IPC.

use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Holder;
use kouza_guard::review::Review;
use tauri::State;

use crate::ipc::{AppStatus, IpcError};

/// What the UI needs to know when it starts.
#[tauri::command]
pub fn app_status(status: State<'_, AppStatus>) -> AppStatus {
    status.inner().clone()
}

/// The built-in demo statement, judged by the built-in catalog.
#[tauri::command]
pub fn review_demo() -> Result<Review, IpcError> {
    kouza_guard::demo::statement()
        .map(|statement| Review::of(statement, &Catalog::builtin(), &Holder::default()))
        .map_err(Into::into)
}
