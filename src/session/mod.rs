//! What one run of the app holds: the store once it is open, how far it is from open, and the
//! statement files that wait for it (given at launch, or dropped on the window before the store
//! was unlocked). Everything the window can do with the store is a method here, so all of it is
//! tested without a window; the Tauri shell only forwards.
//!
//! File paths never come from the web view: the shell hands over paths it got itself (launch
//! arguments, the native file dialog, a drop on the window), so no script in the page can make
//! the app read a file the person did not choose.

mod bank;
mod declared;
pub mod importing;
mod mapping;
pub mod passbook;
mod progress;
pub mod reading;

use std::path::PathBuf;

use serde::Serialize;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::catalog::Catalog;
use crate::detect::{Answer, Holder};
use crate::guidance::GuidanceData;
use crate::import::ImportError;
use crate::review::Review;
use crate::sheet::ConsultationSheet;
use crate::store::keychain;
use crate::store::{ImportOutcome, Protection, Store, StoreError, StoreKey, Unlock};
use crate::{Account, SourceId};

pub use bank::{BankChoice, ConnectRequest, ConnectionSummary, ProfileChoice};
pub use declared::DeclaredService;
pub use mapping::{MappedImport, PreviewChoice};
pub use progress::ImportProgress;
pub use reading::needs_mapping;

/// How far the store is from open, for the window to show the right screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum StoreState {
    /// There is no store yet. `keychain` says whether the OS keychain can keep its key; when it
    /// cannot, the person is asked for a passphrase instead.
    NotCreated {
        /// Whether the keychain answers.
        keychain: bool,
    },
    /// The store is protected by a passphrase that has not been given yet.
    NeedsPassphrase,
    /// The keychain no longer holds the key: the recovery phrase opens the store, or it is set
    /// aside and a new one started.
    KeyLost,
    /// The store is open.
    Open {
        /// Its accounts, with the answer at a glance.
        accounts: Vec<AccountSummary>,
    },
    /// The store cannot be used; the message says why and where.
    Unavailable {
        /// What is wrong.
        message: String,
    },
}

/// One account on the home screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AccountSummary {
    /// The name the person knows it by.
    pub label: String,
    /// The bank and masked number, when a statement gave them.
    pub account: Option<Account>,
    /// Transactions stored.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: usize,
    /// When it was last imported into (RFC 3339).
    pub last_import: Option<String>,
    /// Withdrawals that need the holder's attention now.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub flagged: usize,
    /// For lines found in a paper passbook, the pages looked at: the glance speaks of them only,
    /// never of "nothing unfamiliar". Empty for a file or a bank.
    pub pages: Vec<crate::passbook::Period>,
    /// The bank connection, when the account is connected to one.
    pub connection: Option<ConnectionSummary>,
}

/// Why a session action could not be done. Nothing was changed.
#[derive(Debug, Error)]
pub enum SessionError {
    /// A statement file could not be read.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The store could not do it.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The store is not open yet.
    #[error("the store is not open yet")]
    NotOpen,
    /// The data folder cannot be used, so nothing can be stored.
    #[error("{0}")]
    NoDataFolder(String),
    /// A consultation keeps nothing: there is no store on disk to make, open or delete.
    #[error("a consultation keeps nothing on this computer")]
    Consultation,
    /// Only a consultation can be ended.
    #[error("this is not a consultation")]
    NotConsultation,
    /// The recovery phrase was not accepted.
    #[error(transparent)]
    Phrase(#[from] crate::store::key::PhraseError),
    /// A bank connection or sync could not be done.
    #[error(transparent)]
    Bank(#[from] crate::bank::sync::SyncError),
    /// A service id the catalog does not have.
    #[error("no service {0:?} in the catalog")]
    UnknownService(String),
    /// The person stopped the import; nothing of it was kept.
    #[error("the import was cancelled; nothing from it was kept")]
    Cancelled,
    /// A file the person asked for (a sheet, a backup) may not, or could not, be written.
    #[error(transparent)]
    Output(#[from] crate::output::files::OutputError),
    /// No import is waiting for a mapping.
    #[error("no file is waiting to be described; import it again")]
    NothingToMap,
    /// A passbook check's line or period cannot be used; the error names the line and field.
    #[error(transparent)]
    Passbook(#[from] crate::passbook::PassbookError),
    /// The person's mapping cannot be used; the message says why.
    #[error("the description of the file cannot be used: {0}")]
    Mapping(String),
}

/// What one run of the app holds.
#[derive(Debug)]
pub struct Session {
    /// A consultation at a branch: the store is in memory, and nothing is written anywhere.
    consultation: bool,
    dir: Option<PathBuf>,
    store: Option<Store>,
    problem: Option<String>,
    waiting: Vec<PathBuf>,
    /// Every statement file read in this run: nothing the app saves may take its place.
    read: Vec<PathBuf>,
    catalog: Catalog,
    bank: bank::BankState,
    /// An import stopped at a file no layout fits, waiting for the person's mapping.
    unmapped: Option<mapping::Unmapped>,
}

impl Session {
    /// Starts with the store in `dir` (or the reason the data folder is unusable). The store is
    /// opened by the first [`Session::state`], with its key from the keychain when it is there.
    /// `files` wait for the store.
    pub fn start(dir: Result<PathBuf, String>, files: Vec<PathBuf>) -> Session {
        let mut session = Session {
            consultation: false,
            dir: None,
            store: None,
            problem: None,
            waiting: files,
            read: Vec::new(),
            catalog: Catalog::builtin(),
            bank: bank::BankState::default(),
            unmapped: None,
        };
        match dir {
            Ok(dir) => session.dir = Some(dir),
            Err(why) => session.problem = Some(why),
        }
        session
    }

    /// Starts a consultation: a store held in memory only, open at once, with `files` waiting.
    /// Nothing of the customer's reaches the disk; [`Session::end_consultation`] forgets it all.
    pub fn consultation(files: Vec<PathBuf>) -> Result<Session, SessionError> {
        Ok(Session {
            consultation: true,
            dir: None,
            store: Some(Store::in_memory()?),
            problem: None,
            waiting: files,
            read: Vec::new(),
            catalog: Catalog::builtin(),
            bank: bank::BankState::default(),
            unmapped: None,
        })
    }

    /// The catalog judged with now.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Judges and explains with `catalog` from now on (the built-in one extended by a branch's or
    /// user's file).
    pub fn use_catalog(&mut self, catalog: Catalog) {
        self.catalog = catalog;
    }

    /// "What is this line?": one passbook line explained in both languages; `None` when it is
    /// empty or far longer than any passbook line.
    pub fn explain(&self, line: &str) -> Option<crate::explain::LineAnswer> {
        crate::explain::answer(&self.catalog, line)
    }

    /// Whether this is a consultation, which keeps nothing.
    pub fn is_consultation(&self) -> bool {
        self.consultation
    }

    /// Ends a consultation: every statement, answer and waiting file is dropped from memory and
    /// a fresh, empty store takes its place for the next customer.
    pub fn end_consultation(&mut self) -> Result<(), SessionError> {
        if !self.consultation {
            return Err(SessionError::NotConsultation);
        }
        self.waiting.clear();
        self.read.clear();
        self.unmapped = None;
        self.store = None;
        self.store = Some(Store::in_memory()?);
        tracing::info!("consultation ended; its data is gone from memory");
        Ok(())
    }

    /// How far the store is from open. A store that was locked is tried with the keychain again
    /// (the person may have unlocked their keychain meanwhile).
    pub fn state(&mut self) -> StoreState {
        if let Some(message) = &self.problem {
            return StoreState::Unavailable {
                message: message.clone(),
            };
        }
        if self.consultation {
            // Its store is made at the start and again at each end; if that ever failed, say so.
            let Some(store) = self.store.as_ref() else {
                return StoreState::Unavailable {
                    message: "the consultation's memory could not be prepared; restart the app"
                        .into(),
                };
            };
            return match self.summaries(store) {
                Ok(accounts) => StoreState::Open { accounts },
                Err(error) => StoreState::Unavailable {
                    message: error.to_string(),
                },
            };
        }
        let Some(dir) = self.dir.clone() else {
            return StoreState::Unavailable {
                message: "there is no data folder".into(),
            };
        };
        if self.store.is_none() {
            if !Store::exists(&dir) {
                return StoreState::NotCreated {
                    keychain: keychain::probe().is_ok(),
                };
            }
            match Store::open(&dir, Unlock::Keychain) {
                Ok(store) => self.store = Some(store),
                Err(StoreError::KeyLost) => return StoreState::KeyLost,
                Err(StoreError::NeedsPassphrase) => return StoreState::NeedsPassphrase,
                Err(error) => {
                    return StoreState::Unavailable {
                        message: error.to_string(),
                    }
                }
            }
        }
        let store = self.store.as_ref().expect("opened above");
        match self.summaries(store) {
            Ok(accounts) => StoreState::Open { accounts },
            Err(error) => StoreState::Unavailable {
                message: error.to_string(),
            },
        }
    }

    fn summaries(&self, store: &Store) -> Result<Vec<AccountSummary>, StoreError> {
        store
            .accounts()?
            .into_iter()
            .map(|account| {
                let review = self.review_in(store, &account.label)?;
                Ok(AccountSummary {
                    rows: review.statement.transactions.len(),
                    flagged: review.findings.iter().filter(|f| f.flagged).count(),
                    pages: crate::passbook::periods_of(&review.statement),
                    last_import: store.last_import(&account.label)?,
                    connection: bank::summary(store, &account.label)?,
                    label: account.label,
                    account: account.account,
                })
            })
            .collect()
    }

    /// Creates the store: its key in the keychain (the recovery phrase is returned, to show once),
    /// or, without a keychain, protected by `passphrase`.
    pub fn create(
        &mut self,
        passphrase: Option<Zeroizing<String>>,
    ) -> Result<Option<String>, SessionError> {
        let dir = self.dir()?;
        let protection = match passphrase {
            Some(passphrase) => Protection::Passphrase(passphrase),
            None => Protection::Keychain,
        };
        let (store, phrase) = Store::create(&dir, protection)?;
        self.store = Some(store);
        Ok(phrase.map(|phrase| phrase.as_str().to_owned()))
    }

    /// Opens a store protected by a passphrase.
    pub fn unlock(&mut self, passphrase: Zeroizing<String>) -> Result<(), SessionError> {
        let dir = self.dir()?;
        self.store = Some(Store::open(&dir, Unlock::Passphrase(passphrase))?);
        Ok(())
    }

    /// Opens a store whose key the keychain lost, with its recovery phrase; the key goes back
    /// into the keychain.
    pub fn recover(&mut self, phrase: &str) -> Result<(), SessionError> {
        let dir = self.dir()?;
        let key = StoreKey::from_recovery_phrase(phrase)?;
        self.store = Some(Store::open(&dir, Unlock::Recovery(key))?);
        Ok(())
    }

    /// Moves an unreadable store aside so a new one can be created; returns where it went.
    pub fn set_aside(&mut self) -> Result<PathBuf, SessionError> {
        let dir = self.dir()?;
        self.store = None;
        Ok(Store::set_aside(&dir)?)
    }

    /// The files waiting to be imported (launch arguments, drops), handed out once.
    pub fn take_waiting(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.waiting)
    }

    /// Adds files to wait for the store (dropped on the window before it was open).
    pub fn wait_for_store(&mut self, files: impl IntoIterator<Item = PathBuf>) {
        self.waiting.extend(files);
    }

    /// How many files are waiting.
    pub fn waiting_count(&self) -> usize {
        self.waiting.len()
    }

    /// Imports the waiting files, each to the account its file names. They wait on while the
    /// store is not open; once tried, they are not tried again, whatever the outcome.
    pub fn import_waiting(
        &mut self,
        today: chrono::NaiveDate,
    ) -> Result<Vec<ImportOutcome>, SessionError> {
        self.import_waiting_with_progress(today, &mut |_| true)
    }

    /// [`Session::import_waiting`], told `progress` as [`Session::import_with_progress`] is.
    pub fn import_waiting_with_progress(
        &mut self,
        today: chrono::NaiveDate,
        progress: &mut (dyn FnMut(&ImportProgress) -> bool + Send),
    ) -> Result<Vec<ImportOutcome>, SessionError> {
        if self.store.is_none() {
            return Err(SessionError::NotOpen);
        }
        let files = self.take_waiting();
        self.import_with_progress(&files, None, today, progress)
    }

    /// Reads `files` and stores them in one transaction: all of them, or, on any error, none.
    /// A row dated after `today` is refused as misread.
    pub fn import(
        &mut self,
        files: &[PathBuf],
        label: Option<&str>,
        today: chrono::NaiveDate,
    ) -> Result<Vec<ImportOutcome>, SessionError> {
        self.import_with_progress(files, label, today, &mut |_| true)
    }

    /// The built-in demo statement, judged with the catalog in use.
    pub fn demo_review(&self) -> Result<Review, SessionError> {
        Ok(crate::demo::review(&self.catalog)?)
    }

    /// The account's whole stored history, judged with what the holder has said.
    pub fn review(&self, label: &str) -> Result<Review, SessionError> {
        let store = self.store.as_ref().ok_or(SessionError::NotOpen)?;
        Ok(self.review_in(store, label)?)
    }

    fn review_in(&self, store: &Store, label: &str) -> Result<Review, StoreError> {
        let statement = passbook::stored_statement(store, label)?;
        let holder: Holder = store.holder(label)?;
        Ok(Review::of(statement, &self.catalog, &holder))
    }

    /// The consultation sheet for the account: its flagged withdrawals and what to do, as of
    /// `today`.
    pub fn sheet(
        &self,
        label: &str,
        guidance: &GuidanceData,
        today: chrono::NaiveDate,
    ) -> Result<ConsultationSheet, SessionError> {
        Ok(ConsultationSheet::of(&self.review(label)?, guidance, today))
    }

    /// Records the holder's answer about one withdrawal and judges the account again.
    pub fn answer(
        &mut self,
        label: &str,
        row: &SourceId,
        answer: Answer,
    ) -> Result<Review, SessionError> {
        let store = self.store.as_mut().ok_or(SessionError::NotOpen)?;
        store.answer(label, row, answer)?;
        self.review(label)
    }

    /// Writes an encrypted copy of the whole store to `path`; it opens with the recovery phrase
    /// (or the passphrase). A consultation keeps nothing, so has nothing to back up. A statement
    /// read in this run is never overwritten.
    pub fn backup_to(&self, path: &std::path::Path) -> Result<(), SessionError> {
        if self.consultation {
            return Err(SessionError::Consultation);
        }
        let store = self.store.as_ref().ok_or(SessionError::NotOpen)?;
        self.outputs().claim(path)?;
        Ok(store.backup_to(path)?)
    }

    /// Saves `bytes` (a consultation sheet) where the person chose: never over a statement read
    /// or waiting in this run, whole, and readable by its owner only.
    pub fn save_file(&self, path: &std::path::Path, bytes: &[u8]) -> Result<(), SessionError> {
        self.outputs().claim(path)?;
        Ok(crate::output::files::write_private(path, bytes)?)
    }

    /// The statement files read or waiting in this run, which no output may take the place of.
    fn outputs(&self) -> crate::output::files::Outputs {
        crate::output::files::Outputs::new(
            self.read.iter().chain(&self.waiting).map(PathBuf::as_path),
        )
    }

    /// Deletes the store and its key; the session starts over with no store. In a consultation,
    /// the same as ending it.
    pub fn delete_everything(&mut self) -> Result<(), SessionError> {
        if self.consultation {
            return self.end_consultation();
        }
        let dir = self.dir()?;
        // Closed first, so its files are not held open while they are removed.
        self.store = None;
        Store::delete_everything(&dir)?;
        Ok(())
    }

    fn dir(&self) -> Result<PathBuf, SessionError> {
        if self.consultation {
            return Err(SessionError::Consultation);
        }
        self.dir.clone().ok_or_else(|| {
            SessionError::NoDataFolder(
                self.problem
                    .clone()
                    .unwrap_or_else(|| "there is no data folder".into()),
            )
        })
    }
}
