//! The mapping step's commands: the preview of a file no layout fits, and its import through the
//! person's description of it. Each is one line over [`kouza_guard::session`]; the file itself
//! is the one the stopped import was given, never a path from the page.

use kouza_guard::import::preview::Preview;
use kouza_guard::session::{MappedImport, PreviewChoice};
use kouza_guard::store::ImportOutcome;
use tauri::{AppHandle, Manager, State};

use crate::ipc::{ErrorCode, IpcError};
use crate::state::{today, AppState};

/// The first rows of the file waiting to be described, decoded and split as `choice` says.
#[tauri::command]
pub fn mapping_preview(
    state: State<'_, AppState>,
    choice: PreviewChoice,
) -> Result<Preview, IpcError> {
    state.with_session(|session| session.mapping_preview(&choice))
}

/// Imports the files waiting, the one to describe read through the person's mapping, and saves
/// the mapping for its bank. On a thread of its own: the window stays responsive meanwhile.
#[tauri::command]
pub async fn import_mapped(
    app: AppHandle,
    request: MappedImport,
) -> Result<Vec<ImportOutcome>, IpcError> {
    tauri::async_runtime::spawn_blocking(move || {
        (app.state::<AppState>())
            .with_session(|session| session.import_with_mapping(request, today()))
    })
    .await
    .unwrap_or_else(|error| {
        Err(IpcError {
            code: ErrorCode::Internal,
            message: format!("the import stopped unexpectedly: {error}"),
        })
    })
}

/// Gives up on the file waiting to be described; nothing of its import was kept.
#[tauri::command]
pub fn forget_file_to_map(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.with_session(|session| {
        session.forget_file_to_map();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use kouza_guard::import::{HeaderFound, ImportError, Location, Problem};
    use kouza_guard::session::SessionError;

    use crate::ipc::{ErrorCode, IpcError};

    fn code(error: SessionError) -> ErrorCode {
        IpcError::from(error).code
    }

    #[test]
    fn a_file_no_layout_reads_asks_for_a_mapping_and_other_import_errors_do_not() {
        let unknown = Problem::UnknownLayout(Box::new(HeaderFound {
            header: Some((1, "when,what".into())),
            closest: None,
            missing: Vec::new(),
            unrecognised: vec!["when".into(), "what".into()],
        }));
        let error =
            |problem| SessionError::Import(ImportError::new("a.csv", Location::File, problem));
        assert_eq!(code(error(unknown)), ErrorCode::NeedsMapping);
        let undecodable = Problem::Encoding {
            encoding: "Shift_JIS (CP932)",
        };
        assert_eq!(code(error(undecodable)), ErrorCode::NeedsMapping);
        assert_eq!(code(error(Problem::NotAFile)), ErrorCode::Import);
        assert_eq!(code(SessionError::NothingToMap), ErrorCode::Mapping);
        assert_eq!(
            code(SessionError::Mapping("`bank` is empty".into())),
            ErrorCode::Mapping
        );
    }
}
