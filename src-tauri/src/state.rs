//! What the app keeps while it runs: the session with the store, and what startup found out.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use kouza_guard::guidance::GuidanceData;
use kouza_guard::preferences::Preferences;
use kouza_guard::session::{ImportProgress, Session, SessionError};
use kouza_guard::sheet::ConsultationSheet;

use crate::ipc::{AppStatus, BranchContacts, ErrorCode, IpcError, StorageStatus};

/// A person's Cancel of long work (an import, a sync): cleared as the work starts, set from the
/// window, read by the work between its steps. Outside the session's lock, which the work holds;
/// shared, so that the session's bank client can read it too.
#[derive(Default)]
struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    fn clear(&self) {
        self.0.store(false, Ordering::SeqCst);
    }

    fn press(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    fn pressed(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The event that tells the window how an import goes ([`ImportProgress`]).
pub const IMPORT_PROGRESS: &str = "import-progress";

/// The app's state, managed by Tauri and shared by the commands.
pub struct AppState {
    session: Mutex<Session>,
    guidance: GuidanceData,
    storage: StorageStatus,
    open_demo: bool,
    idle_minutes: Option<u32>,
    notices: Vec<IpcError>,
    preferences: Mutex<Preferences>,
    /// Where the preferences are kept; `None` in a consultation, which writes nothing.
    preferences_file: Option<std::path::PathBuf>,
    /// The import screen's Cancel.
    cancel_import: CancelFlag,
    /// Where a branch's or user's own contacts are read from.
    contacts_file: Option<std::path::PathBuf>,
    /// The sync screen's Cancel; the session's bank client checks it before each request.
    cancel_sync: CancelFlag,
}

impl AppState {
    /// The state after startup.
    pub fn new(
        session: Session,
        storage: StorageStatus,
        open_demo: bool,
        idle_minutes: Option<u32>,
    ) -> Self {
        AppState {
            session: Mutex::new(session),
            guidance: GuidanceData::builtin(),
            notices: Vec::new(),
            storage,
            open_demo,
            idle_minutes,
            preferences: Mutex::new(Preferences::default()),
            preferences_file: None,
            cancel_import: CancelFlag::default(),
            contacts_file: None,
            cancel_sync: CancelFlag::default(),
        }
        .stopping_syncs()
    }

    /// Hands the sync's Cancel flag to the session's bank client.
    fn stopping_syncs(self) -> Self {
        let stop = self.cancel_sync.0.clone();
        let _ = self.with_session(|session| {
            session.use_sync_stop(stop);
            Ok(())
        });
        self
    }

    /// A sync is starting: a Cancel pressed before it no longer counts.
    pub fn sync_starting(&self) {
        self.cancel_sync.clear();
    }

    /// Asks the sync under way to stop before its next request; it keeps nothing.
    pub fn cancel_sync(&self) {
        self.cancel_sync.press();
    }

    /// The contacts the guidance and the sheet give (built in, then the branch's), and the file
    /// a branch adds its own to.
    pub fn contacts(&self) -> BranchContacts {
        BranchContacts {
            file: self
                .contacts_file
                .as_ref()
                .map(|path| path.display().to_string()),
            contacts: self.guidance.contacts().to_vec(),
        }
    }

    /// Imports `files` (or, with `None`, the files waiting), telling the window how it goes by
    /// [`IMPORT_PROGRESS`] events, and stopping, with nothing kept, when [`Self::cancel_import`]
    /// is called.
    pub fn import_watched(
        &self,
        app: &tauri::AppHandle,
        files: Option<&[std::path::PathBuf]>,
    ) -> Result<Vec<kouza_guard::store::ImportOutcome>, IpcError> {
        use tauri::Emitter;
        self.cancel_import.clear();
        let mut watch = |progress: &ImportProgress| {
            let _ = app.emit(IMPORT_PROGRESS, progress);
            !self.cancel_import.pressed()
        };
        self.with_session(|session| match files {
            Some(files) => session.import_watched(files, None, today(), &mut watch),
            None => session.import_waiting_watched(today(), &mut watch),
        })
    }

    /// Asks the import under way to stop.
    pub fn cancel_import(&self) {
        self.cancel_import.press();
    }

    /// Reads and keeps the person's preferences in `path` (not in a consultation: its choices
    /// last as long as it does). A damaged file is named in the window, and the defaults used
    /// until a choice is saved over it.
    pub fn use_preferences_file(&mut self, path: &std::path::Path) {
        if self.with_session(|session| Ok(session.is_consultation())) != Ok(false) {
            return;
        }
        self.preferences_file = Some(path.to_owned());
        match Preferences::load(path) {
            Ok(preferences) => self.preferences = Mutex::new(preferences),
            Err(error) => self.notices.push(IpcError {
                code: ErrorCode::Preferences,
                message: error.to_string(),
            }),
        }
    }

    /// Keeps what the person chose, on disk unless in a consultation.
    pub fn set_preferences(&self, chosen: Preferences) -> Result<(), IpcError> {
        if let Some(path) = &self.preferences_file {
            chosen.save(path).map_err(|error| IpcError {
                code: ErrorCode::Preferences,
                message: error.to_string(),
            })?;
        }
        *self.lock_preferences()? = chosen;
        Ok(())
    }

    fn lock_preferences(&self) -> Result<std::sync::MutexGuard<'_, Preferences>, IpcError> {
        self.preferences.lock().map_err(|_| IpcError {
            code: ErrorCode::Internal,
            message: "an earlier command failed inside the app; restart it".into(),
        })
    }

    /// Runs `action` on the session; one command at a time, so an import and an answer never
    /// interleave.
    pub fn with_session<T>(
        &self,
        action: impl FnOnce(&mut Session) -> Result<T, SessionError>,
    ) -> Result<T, IpcError> {
        let mut session = self.session.lock().map_err(|_| IpcError {
            code: ErrorCode::Internal,
            message: "an earlier command failed inside the app; restart it".into(),
        })?;
        action(&mut session).map_err(Into::into)
    }

    /// Uses a branch's or user's contacts file; when it cannot be used, the built-in contacts stay
    /// and the window says why.
    pub fn use_contacts_file(&mut self, path: &std::path::Path) {
        self.contacts_file = Some(path.to_owned());
        if let Err(error) = self.guidance.add_contacts_file(path) {
            self.notices.push(IpcError {
                code: ErrorCode::Contacts,
                message: error.to_string(),
            });
        }
    }

    /// Extends the catalog with a branch's or user's file; when it cannot be used, the built-in
    /// catalog stays and the window says why.
    pub fn use_catalog_file(&mut self, path: &std::path::Path) {
        if !path.exists() {
            return;
        }
        match kouza_guard::catalog::Catalog::builtin_extended_by(path) {
            Ok(catalog) => {
                let _ = self.with_session(|session| {
                    session.use_catalog(catalog);
                    Ok(())
                });
            }
            Err(error) => self.notices.push(IpcError {
                code: ErrorCode::Catalog,
                message: error.to_string(),
            }),
        }
    }

    /// Adds a branch's or user's bank profiles; one that cannot be used is named in the window.
    pub fn use_bank_profiles(&mut self, dir: &std::path::Path) {
        let added = self.with_session(|session| {
            session
                .add_bank_profiles(dir)
                .map_err(|error| kouza_guard::bank::sync::SyncError::Bank(error).into())
        });
        if let Err(error) = added {
            self.notices.push(error);
        }
    }

    /// The consultation sheet for a stored account, or for the demo when `label` is `None`.
    pub fn sheet(&self, label: Option<&str>) -> Result<ConsultationSheet, IpcError> {
        match label {
            Some(label) => {
                self.with_session(|session| session.sheet(label, &self.guidance, today()))
            }
            None => kouza_guard::demo::review()
                .map(|review| ConsultationSheet::of(&review, &self.guidance, today()))
                .map_err(Into::into),
        }
    }

    /// What startup found of the data folder.
    pub fn storage(&self) -> &StorageStatus {
        &self.storage
    }

    /// Files dropped on the window wait for the page to import them.
    pub fn wait_for_store(&self, files: Vec<std::path::PathBuf>) -> Result<(), IpcError> {
        self.with_session(|session| {
            session.wait_for_store(files);
            Ok(())
        })
    }

    /// What the UI needs to know now.
    pub fn status(&self) -> Result<AppStatus, IpcError> {
        let preferences = *self.lock_preferences()?;
        self.with_session(|session| {
            Ok(AppStatus {
                storage: self.storage.clone(),
                open_demo: self.open_demo,
                store: session.state(),
                waiting_files: session.waiting_count(),
                consultation: session.is_consultation(),
                idle_minutes: self.idle_minutes,
                notices: self.notices.clone(),
                language: preferences.language().into(),
                preferences,
            })
        })
    }
}

/// Today on this computer: the core never reads the clock itself.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
