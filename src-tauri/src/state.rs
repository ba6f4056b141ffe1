//! What the app keeps while it runs: the session with the store, and what startup found out.
//!
//! One command at a time works on the session, under its lock, off the main thread (see
//! `commands`). What the main thread itself does here never waits for that lock: a Cancel sets a
//! flag the long work reads, and files dropped on the window wait in a list of their own until
//! the next command hands them to the session. A command that panics is reported as an
//! `internal` error and the session stays usable: its store work is undone by the unwinding
//! (every write is one SQLite transaction), and the lock is never left poisoned.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use kouza_guard::catalog::Catalog;
use kouza_guard::data_update::{self, DataVersion, SetAside, TrustedKeys};
use kouza_guard::guidance::GuidanceData;
use kouza_guard::preferences::Preferences;
use kouza_guard::session::{ImportProgress, Session, SessionError};
use kouza_guard::sheet::ConsultationSheet;

use crate::ipc::{
    bilingual, AppStatus, BranchContacts, DataStatus, ErrorCode, IpcError, SheetFormat,
    StorageStatus,
};

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

/// Where what the app knows comes from, beside what is built in.
#[derive(Debug, Clone, Default)]
pub struct DataSources {
    /// The app's data folder, where a signed data update is installed.
    pub data_dir: Option<PathBuf>,
    /// A branch's or user's own catalog entries (`services.toml` in the config folder).
    pub catalog_file: Option<PathBuf>,
    /// A branch's or user's own contacts (`contacts.toml` in the config folder).
    pub contacts_file: Option<PathBuf>,
}

/// What the app knows now, beside the session's catalog: replaced whole when a data update is
/// installed.
struct DataLoaded {
    guidance: GuidanceData,
    version: DataVersion,
    /// The update installed earlier that failed its check at this start.
    set_aside: Option<SetAside>,
}

impl DataSources {
    /// The catalog and the guidance: the data in use (an installed signed update, verified again
    /// now, or the built-in data), extended by the branch's files. A branch file that cannot be
    /// used is left out, and named in the problems.
    fn load(&self) -> (Catalog, DataLoaded, Vec<IpcError>) {
        let in_use = match &self.data_dir {
            Some(dir) => {
                let keys =
                    TrustedKeys::with_branch_keys(dir).unwrap_or_else(|_| TrustedKeys::builtin());
                data_update::in_use(dir, &keys)
            }
            None => data_update::DataInUse::builtin(),
        };
        let mut problems = Vec::new();
        let mut catalog = in_use.catalog;
        if let Some(path) = self.catalog_file.as_ref().filter(|path| path.exists()) {
            match catalog.clone().extended_by(path) {
                Ok(extended) => catalog = extended,
                Err(error) => problems.push(IpcError {
                    code: ErrorCode::Catalog,
                    message: error.to_string(),
                }),
            }
        }
        let mut guidance = in_use.guidance;
        if let Some(path) = &self.contacts_file {
            if let Err(error) = guidance.add_contacts_file(path) {
                problems.push(IpcError {
                    code: ErrorCode::Contacts,
                    message: error.to_string(),
                });
            }
        }
        let loaded = DataLoaded {
            guidance,
            version: in_use.version,
            set_aside: in_use.set_aside,
        };
        (catalog, loaded, problems)
    }
}

/// The app's state, managed by Tauri and shared by the commands.
pub struct AppState {
    session: Mutex<Session>,
    /// The guidance and the data version in use. Locked after the session when both are.
    data: Mutex<DataLoaded>,
    /// Where the data comes from.
    sources: DataSources,
    storage: StorageStatus,
    open_demo: bool,
    idle_minutes: Option<u32>,
    notices: Vec<IpcError>,
    preferences: Mutex<Preferences>,
    /// Where the preferences are kept; `None` in a consultation, which writes nothing.
    preferences_file: Option<std::path::PathBuf>,
    /// The import screen's Cancel.
    cancel_import: CancelFlag,
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
        // The built-in data until `use_data` says which is in use.
        let data = DataLoaded {
            guidance: GuidanceData::builtin(),
            version: session.catalog().data_version.clone(),
            set_aside: None,
        };
        AppState {
            session: Mutex::new(session),
            data: Mutex::new(data),
            sources: DataSources::default(),
            notices: Vec::new(),
            storage,
            open_demo,
            idle_minutes,
            preferences: Mutex::new(Preferences::default()),
            preferences_file: None,
            cancel_import: CancelFlag::default(),
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
            file: (self.sources.contacts_file.as_ref()).map(|path| path.display().to_string()),
            contacts: lock_recovering(&self.data).guidance.contacts().to_vec(),
        }
    }

    /// Imports `files` (or, with `None`, the files waiting), telling the window how it goes by
    /// [`IMPORT_PROGRESS`] events, and stopping, with nothing kept, when [`Self::cancel_import`]
    /// is called.
    pub fn import_with_progress(
        &self,
        app: &tauri::AppHandle,
        files: Option<&[std::path::PathBuf]>,
    ) -> Result<Vec<kouza_guard::store::ImportOutcome>, IpcError> {
        use tauri::Emitter;
        self.cancel_import.clear();
        let mut tell = |progress: &ImportProgress| {
            let _ = app.emit(IMPORT_PROGRESS, progress);
            !self.cancel_import.pressed()
        };
        self.with_session(|session| match files {
            Some(files) => session.import_with_progress(files, None, today(), &mut tell),
            None => session.import_waiting_with_progress(today(), &mut tell),
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

    /// Uses the data from `sources`: an installed signed update, verified again now, or the
    /// built-in catalog and guidance, each extended by a branch's or user's file. An update that
    /// fails is set aside, and a branch file that cannot be used is left out; the window says why.
    pub fn use_data(&mut self, sources: DataSources) {
        let (catalog, data, problems) = sources.load();
        self.notices.extend(problems);
        *lock_recovering(&self.data) = data;
        self.sources = sources;
        let _ = self.with_session(|session| {
            session.use_catalog(catalog);
            Ok(())
        });
    }

    /// Installs the signed data update in the file `bundle`, and judges with it from now on:
    /// the next review, sheet or line explained uses its catalog and guidance. Refused, with
    /// nothing changed, when it is tampered, unsigned, signed by a key not trusted, not newer
    /// than the data in use, or when this run keeps nothing (a consultation, no data folder).
    pub fn install_data(&self, bundle: &Path) -> Result<DataStatus, IpcError> {
        let dir = self.data_dir_to_install_in()?;
        let text = data_update::read_file(bundle)?;
        let keys = TrustedKeys::with_branch_keys(dir)?;
        // Under the session's lock: two installs never both find themselves newer, and no review
        // is made halfway through the change.
        self.with_session(|session| {
            Ok(data_update::install(dir, &text, &keys).map(|_| {
                // The branch's files were named at start if they could not be used.
                let (catalog, data, _) = self.sources.load();
                session.use_catalog(catalog);
                *lock_recovering(&self.data) = data;
            }))
        })??;
        Ok(self.data_in_use())
    }

    /// The data folder a data update is installed in; an error when this run keeps nothing.
    fn data_dir_to_install_in(&self) -> Result<&Path, IpcError> {
        let refused = |ja: &str, en: &str| IpcError {
            code: ErrorCode::DataUpdate,
            message: bilingual(|lang| lang.pick(ja, en).to_owned()),
        };
        match (&self.storage, &self.sources.data_dir) {
            (StorageStatus::Ready { .. }, Some(dir)) => Ok(dir),
            (StorageStatus::Consultation, _) => Err(refused(
                "相談中はデータを更新できません（相談では何も保存しません）。相談を終えてから更新してください。",
                "The data cannot be updated during a consultation, which keeps nothing; end it first.",
            )),
            (StorageStatus::Unavailable { error }, _) => Err(error.clone()),
            (StorageStatus::Ready { .. }, None) => Err(refused(
                "データを保存するフォルダーがないため、更新できません。",
                "There is no data folder to install the update in.",
            )),
        }
    }

    /// Which data is in use, an update set aside at this start, and whether one can be installed.
    /// Never waits for the session.
    pub fn data_in_use(&self) -> DataStatus {
        let data = lock_recovering(&self.data);
        DataStatus {
            version: data.version.clone(),
            set_aside: (data.set_aside.as_ref()).map(|why| bilingual(|lang| why.text(lang))),
            can_install: self.data_dir_to_install_in().is_ok(),
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
        self.with_session(|session| {
            let guidance = &lock_recovering(&self.data).guidance;
            match label {
                Some(label) => session.sheet(label, guidance, today()),
                None => Ok(ConsultationSheet::of(
                    &session.demo_review()?,
                    guidance,
                    today(),
                )),
            }
        })
    }

    /// The passbook hand-out as a one-page PDF, with the name to offer when saving it.
    pub fn handout_file(&self) -> Result<(Vec<u8>, String), IpcError> {
        let handout = self
            .with_session(|session| Ok(session.handout(&lock_recovering(&self.data).guidance)))?;
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

    /// Problems found at startup, and an update set aside then (until another is installed).
    fn notices(&self) -> Vec<IpcError> {
        let set_aside = (lock_recovering(&self.data).set_aside.as_ref()).map(|why| IpcError {
            code: ErrorCode::DataSetAside,
            message: bilingual(|lang| why.text(lang)),
        });
        self.notices.iter().cloned().chain(set_aside).collect()
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
                notices: self.notices(),
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

    /// A data update signed by a key made for the test, trusted only as a branch key.
    mod data_update {
        use std::path::Path;

        use kouza_guard::data_update::{TrustedKeys, BUILTIN_SERIAL};
        use kouza_guard::session::Session;

        use crate::ipc::{ErrorCode, IpcError, StorageStatus};
        use crate::state::{AppState, DataSources};

        const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

        /// A bundle with serial `serial` whose catalog knows one more service, ニューペイ.
        fn bundle(keys: &minisign::KeyPair, serial: u64) -> String {
            let read = |path: &str| {
                std::fs::read_to_string(Path::new(REPO).join("data").join(path)).unwrap()
            };
            let catalog = read("catalog/services.toml")
                + "\n[[service]]\nid = \"zz-new-pay\"\nname_ja = \"ニューペイ\"\nname_en = \"New Pay\"\n\
                   operator_ja = \"株式会社ニューペイ\"\noperator_en = \"New Pay Inc.\"\n\
                   about_ja = \"新しい決済サービスです。\"\nabout_en = \"A new payment service.\"\n\
                   aliases = [\"ニユーペイ\"]\nnot = []\n";
            let payload = serde_json::json!({
                "format": 1, "serial": serial, "label": format!("支店更新 {serial}"),
                "catalog": catalog, "steps": read("guidance/steps.toml"),
                "contacts": read("guidance/contacts.toml"), "deadlines": read("guidance/deadlines.toml"),
            })
            .to_string();
            let signature =
                minisign::sign(Some(&keys.pk), &keys.sk, payload.as_bytes(), None, None).unwrap();
            serde_json::json!({"payload": payload, "signature": signature.into_string()})
                .to_string()
        }

        /// The app as it starts on the data folder `dir` (no store needed to update the data).
        fn app_on(dir: &Path) -> AppState {
            let mut state = AppState::new(
                Session::start(Ok(dir.to_owned()), Vec::new()),
                StorageStatus::Ready {
                    path: dir.display().to_string(),
                },
                false,
                None,
            );
            state.use_data(DataSources {
                data_dir: Some(dir.to_owned()),
                ..DataSources::default()
            });
            state
        }

        /// Whether the app recognises ニューペイ in a passbook line now.
        fn knows_new_pay(state: &AppState) -> bool {
            let answer = state
                .with_session(|session| Ok(session.explain("ﾆﾕｰﾍﾟｲ")))
                .unwrap()
                .unwrap();
            format!("{answer:?}").contains("zz-new-pay")
        }

        /// The data version the demo's review and its sheet give.
        fn versions_shown(state: &AppState) -> (u64, u64) {
            let review = state.with_session(|session| session.demo_review()).unwrap();
            let sheet = state.sheet(None).unwrap();
            (review.data_version.serial, sheet.data_version.serial)
        }

        /// A data folder with a branch key added on purpose, a folder for the files a person
        /// chooses, and the key pair.
        fn branch() -> (tempfile::TempDir, tempfile::TempDir, minisign::KeyPair) {
            let data = tempfile::tempdir().unwrap();
            let keys = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
            TrustedKeys::add_branch_key(data.path(), &keys.pk.to_box().unwrap().into_string())
                .unwrap();
            (data, tempfile::tempdir().unwrap(), keys)
        }

        fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        }

        #[test]
        fn a_signed_update_installed_from_the_window_is_used_at_once() {
            let (data, files, keys) = branch();
            let state = app_on(data.path());
            let before = state.data_in_use();
            assert_eq!(
                (before.version.serial, before.version.from_bundle),
                (BUILTIN_SERIAL, false)
            );
            assert!(before.can_install && before.set_aside.is_none());
            assert!(!knows_new_pay(&state));

            let serial = BUILTIN_SERIAL + 1;
            let good = write(files.path(), "update.json", &bundle(&keys, serial));
            let after = state.install_data(&good).unwrap();
            assert_eq!(after.version.serial, serial);
            assert_eq!(after.version.label, format!("支店更新 {serial}"));
            assert!(after.version.from_bundle);
            // Used at once, without a restart: the catalog, the reviews and the sheets.
            assert_eq!(state.data_in_use(), after);
            assert!(knows_new_pay(&state));
            assert_eq!(versions_shown(&state), (serial, serial));
            // And at the next start, verified again.
            let restarted = app_on(data.path());
            assert_eq!(restarted.data_in_use().version, after.version);
            assert!(knows_new_pay(&restarted));
        }

        #[test]
        fn a_tampered_unsigned_older_or_untrusted_update_is_refused_and_nothing_changes() {
            let (data, files, keys) = branch();
            let state = app_on(data.path());
            let installed = write(
                files.path(),
                "first.json",
                &bundle(&keys, BUILTIN_SERIAL + 5),
            );
            let in_use = state.install_data(&installed).unwrap();

            let good = bundle(&keys, BUILTIN_SERIAL + 9);
            let stranger = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
            let unsigned = serde_json::json!({
                "payload": serde_json::from_str::<serde_json::Value>(&good).unwrap()["payload"]
            });
            let refusals = [
                (
                    "tampered",
                    good.replace("ニユーペイ", "ドコモコウザ"),
                    "改ざん",
                    "changed after it was signed",
                ),
                (
                    "unsigned",
                    unsigned.to_string(),
                    "署名がありません",
                    "not signed",
                ),
                (
                    "older",
                    bundle(&keys, BUILTIN_SERIAL + 5),
                    "新しくありません",
                    "is not newer than the data in use",
                ),
                (
                    "untrusted",
                    bundle(&stranger, BUILTIN_SERIAL + 9),
                    "信頼していない鍵",
                    "does not trust",
                ),
            ];
            for (name, text, ja, en) in refusals {
                let path = write(files.path(), &format!("{name}.json"), &text);
                let IpcError { code, message } = state.install_data(&path).unwrap_err();
                assert_eq!(code, ErrorCode::DataUpdate, "{name}");
                // Japanese first, then English.
                let (first, second) = message
                    .split_once('\n')
                    .unwrap_or_else(|| panic!("{name}: {message}"));
                assert!(
                    first.contains(ja) && second.contains(en),
                    "{name}: {message}"
                );
                assert_eq!(state.data_in_use(), in_use, "{name}: nothing changed");
                assert_eq!(
                    versions_shown(&state),
                    (BUILTIN_SERIAL + 5, BUILTIN_SERIAL + 5)
                );
                assert_eq!(
                    std::fs::read_to_string(data.path().join("data-bundle.json")).unwrap(),
                    std::fs::read_to_string(&installed).unwrap(),
                    "{name}: the installed update is the same"
                );
            }
            let missing = state
                .install_data(&files.path().join("no-such.json"))
                .unwrap_err();
            assert_eq!(missing.code, ErrorCode::DataUpdate);
            assert!(
                missing.message.contains("no-such.json"),
                "{}",
                missing.message
            );
        }

        #[test]
        fn an_update_set_aside_at_start_is_told_until_another_is_installed() {
            let (data, files, keys) = branch();
            let first = write(
                files.path(),
                "first.json",
                &bundle(&keys, BUILTIN_SERIAL + 1),
            );
            app_on(data.path()).install_data(&first).unwrap();
            let installed = data.path().join("data-bundle.json");
            let text = std::fs::read_to_string(&installed).unwrap();
            std::fs::write(&installed, text.replace("ニユーペイ", "ニユーヘイ")).unwrap();

            let state = app_on(data.path());
            let status = state.data_in_use();
            assert_eq!(
                status.version.serial, BUILTIN_SERIAL,
                "the built-in data is used"
            );
            let why = status.set_aside.expect("the window says why");
            assert!(
                why.starts_with("取り込んであったデータ更新を使えないため"),
                "{why}"
            );
            assert!(
                why.contains("\nthe installed data bundle was set aside"),
                "{why}"
            );
            let notices = state.status().unwrap().notices;
            assert_eq!(
                notices.iter().map(|n| n.code).collect::<Vec<_>>(),
                [ErrorCode::DataSetAside]
            );
            assert_eq!(notices[0].message, why);

            let second = write(
                files.path(),
                "second.json",
                &bundle(&keys, BUILTIN_SERIAL + 2),
            );
            let status = state.install_data(&second).unwrap();
            assert_eq!(
                (status.version.serial, status.set_aside),
                (BUILTIN_SERIAL + 2, None)
            );
            assert_eq!(state.status().unwrap().notices, []);
        }

        #[test]
        fn a_consultation_installs_no_update() {
            let data = tempfile::tempdir().unwrap();
            let mut state = AppState::new(
                Session::consultation(Vec::new()).unwrap(),
                StorageStatus::Consultation,
                false,
                None,
            );
            state.use_data(DataSources {
                data_dir: Some(data.path().to_owned()),
                ..DataSources::default()
            });
            assert!(!state.data_in_use().can_install);
            let path = write(data.path(), "update.json", "{}");
            let refused = state.install_data(&path).unwrap_err();
            assert_eq!(refused.code, ErrorCode::DataUpdate);
            assert!(refused.message.contains("相談中"), "{}", refused.message);
            assert!(!data.path().join("data-bundle.json").exists());
        }
    }
}
