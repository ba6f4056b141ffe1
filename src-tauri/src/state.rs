//! What the app keeps while it runs: the session with the store, and what startup found out.
//!
//! One command at a time works on the session, under its lock, off the main thread (see
//! `commands`). What the main thread itself does here never waits for that lock: a Cancel sets a
//! flag the long work reads, and files dropped on the window wait in a list of their own until
//! the next command hands them to the session. A command that panics is reported as an
//! `internal` error and the session stays usable: its store work is undone by the unwinding
//! (every write is one SQLite transaction), and the lock is never left poisoned.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use kouza_guard::guidance::GuidanceData;
use kouza_guard::preferences::Preferences;
use kouza_guard::session::{ImportProgress, Session, SessionError};
use kouza_guard::sheet::ConsultationSheet;

use crate::ipc::{AppStatus, BranchContacts, ErrorCode, IpcError, SheetFormat, StorageStatus};

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
    /// Files dropped on the window, until a command hands them to the session: the drop is
    /// taken on the main thread, which must not wait for a session busy with long work.
    dropped: Mutex<Vec<PathBuf>>,
}

/// The lock on `mutex`, also after a command panicked while holding it. What it guards stays
/// consistent by construction (the session's writes are transactions undone by the unwinding;
/// the preferences and the dropped files are replaced or extended whole), so an app that goes on
/// is better than one whose every later command fails until a restart.
fn lock_recovering<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| {
        tracing::error!("a command failed inside the app earlier; going on with its state");
        mutex.clear_poison();
        poisoned.into_inner()
    })
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
            dropped: Mutex::new(Vec::new()),
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

    fn lock_preferences(&self) -> Result<MutexGuard<'_, Preferences>, IpcError> {
        Ok(lock_recovering(&self.preferences))
    }

    /// Runs `action` on the session; one command at a time, so an import and an answer never
    /// interleave. Files dropped meanwhile are handed to the session first. A panic inside
    /// `action` is caught and reported as an `internal` error; the next command works.
    pub fn with_session<T>(
        &self,
        action: impl FnOnce(&mut Session) -> Result<T, SessionError>,
    ) -> Result<T, IpcError> {
        let mut session = lock_recovering(&self.session);
        let dropped = std::mem::take(&mut *lock_recovering(&self.dropped));
        if !dropped.is_empty() {
            session.wait_for_store(dropped);
        }
        // Caught inside the lock, so the guard is dropped normally and never poisons it.
        let session = &mut *session;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| action(session))) {
            Ok(result) => result.map_err(Into::into),
            Err(_) => {
                // The panic's own message went to stderr through the panic hook; it is not
                // repeated to the page, where it could quote a statement's text.
                tracing::error!("a command panicked; its store work was undone");
                Err(IpcError {
                    code: ErrorCode::Internal,
                    message: "something went wrong inside the app, and what was being done was \
                              undone; nothing else changed, and the app can go on"
                        .into(),
                })
            }
        }
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

    /// Uses the data in use for the data folder `dir`: an installed signed bundle, verified again
    /// now, or the built-in catalog and guidance; a bundle that fails is set aside and the window
    /// says why.
    pub fn use_data(&mut self, dir: &std::path::Path) {
        use kouza_guard::data_update::{self, TrustedKeys};
        let keys = TrustedKeys::with_branch_keys(dir).unwrap_or_else(|_| TrustedKeys::builtin());
        let in_use = data_update::in_use(dir, &keys);
        if let Some(why) = in_use.set_aside {
            self.notices.push(IpcError {
                code: ErrorCode::Catalog,
                message: why,
            });
        }
        self.guidance = in_use.guidance;
        let catalog = in_use.catalog;
        let _ = self.with_session(|session| {
            session.use_catalog(catalog);
            Ok(())
        });
    }

    /// Extends the catalog in use with a branch's or user's file; when it cannot be used, the
    /// catalog stays as it was and the window says why.
    pub fn use_catalog_file(&mut self, path: &std::path::Path) {
        if !path.exists() {
            return;
        }
        let current = self.with_session(|session| Ok(session.catalog().clone()));
        let extended = match current {
            Ok(catalog) => catalog.extended_by(path),
            Err(_) => kouza_guard::catalog::Catalog::builtin_extended_by(path),
        };
        match extended {
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

    /// The passbook hand-out as a one-page PDF, with the name to offer when saving it.
    pub fn handout_file(&self) -> Result<(Vec<u8>, String), IpcError> {
        let handout = self.with_session(|session| Ok(session.handout(&self.guidance)))?;
        let font = kouza_guard::sheet::find_japanese_font().map_err(IpcError::export)?;
        let pdf = kouza_guard::sheet::handout::to_pdf(&handout, &font, kouza_guard::lang::Lang::Ja)
            .map_err(IpcError::export)?;
        Ok((pdf, "通帳のここを見てください.pdf".to_owned()))
    }

    /// What startup found of the data folder.
    pub fn storage(&self) -> &StorageStatus {
        &self.storage
    }

    /// Files dropped on the window wait for the page to import them. Never waits for the
    /// session: called on the main thread, while an import or sync may hold it.
    pub fn wait_for_store(&self, files: Vec<PathBuf>) {
        lock_recovering(&self.dropped).extend(files);
    }

    /// The consultation sheet as a file: its bytes in `format`, and the name the save dialog
    /// suggests.
    pub fn sheet_file(
        &self,
        label: Option<&str>,
        format: SheetFormat,
    ) -> Result<(Vec<u8>, String), IpcError> {
        let sheet = self.sheet(label)?;
        let (bytes, extension) = match format {
            SheetFormat::Pdf => {
                let font = kouza_guard::sheet::find_japanese_font().map_err(IpcError::export)?;
                let pdf =
                    kouza_guard::sheet::pdf::to_pdf(&sheet, &font).map_err(IpcError::export)?;
                (pdf, "pdf")
            }
            SheetFormat::Csv => (kouza_guard::sheet::csv::to_csv(&sheet), "csv"),
        };
        Ok((bytes, format!("相談票-{}.{extension}", sheet.prepared)))
    }

    /// What the UI needs to know now (files dropped meanwhile counted as waiting).
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

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use kouza_guard::session::{Session, SessionError};

    use super::AppState;
    use crate::ipc::{ErrorCode, StorageStatus};

    fn consultation() -> AppState {
        AppState::new(
            Session::consultation(Vec::new()).unwrap(),
            StorageStatus::Consultation,
            false,
            None,
        )
    }

    #[test]
    fn a_command_that_panics_is_reported_and_the_next_command_works() {
        let state = consultation();
        let error = state
            .with_session(|_| -> Result<(), SessionError> { panic!("an overflow in a sync") })
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::Internal);
        assert!(!error.message.contains("overflow"), "{}", error.message);
        assert_eq!(
            state.with_session(|session| Ok(session.is_consultation())),
            Ok(true)
        );
        assert!(state.status().is_ok());
    }

    #[test]
    fn a_lock_poisoned_by_a_panic_elsewhere_is_recovered() {
        let state = consultation();
        std::thread::scope(|scope| {
            let _ = scope
                .spawn(|| {
                    let _session = state.session.lock();
                    let _preferences = state.preferences.lock();
                    panic!("a panic while holding both");
                })
                .join();
        });
        assert!(state.session.is_poisoned() && state.preferences.is_poisoned());
        assert!(state.status().is_ok(), "{:?}", state.status());
        assert_eq!(
            state.with_session(|session| Ok(session.is_consultation())),
            Ok(true)
        );
        assert!(!state.session.is_poisoned());
    }

    #[test]
    fn a_drop_and_a_cancel_answer_at_once_while_long_work_holds_the_session() {
        let state = consultation();
        let (started, wait) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                state.with_session(|_| {
                    started.send(()).unwrap();
                    std::thread::sleep(Duration::from_secs(3));
                    Ok(())
                })
            });
            wait.recv().unwrap();
            let asked = Instant::now();
            state.cancel_import();
            state.cancel_sync();
            state.wait_for_store(vec!["dropped.csv".into()]);
            assert!(
                asked.elapsed() < Duration::from_millis(500),
                "{:?}",
                asked.elapsed()
            );
            assert!(state.cancel_import.pressed() && state.cancel_sync.pressed());
        });
        // The dropped file reached the session with the next command.
        assert_eq!(state.status().unwrap().waiting_files, 1);
    }
}
