//! Kouza Guard's core: everything a user can do, without a window.
//!
//! The layers speak in domain types ([`Transaction`], [`Statement`]): importers turn a bank's file
//! into a `Statement`, and everything after that works on values. The Tauri shell (`src-tauri/`)
//! and the `kouza-guard` CLI are thin callers of this crate; it has no tauri dependency.
#![deny(missing_docs)]

pub mod bank;
pub mod catalog;
pub mod data_dir;
pub mod data_update;
pub mod demo;
pub mod detect;
pub mod explain;
pub mod gaps;
pub mod guidance;
pub mod import;
pub mod lang;
pub mod logs;
pub mod normalize;
pub mod output;
pub mod passbook;
pub mod periodic_check;
pub mod preferences;
pub mod review;
pub mod scan;
pub mod session;
pub mod sheet;
pub mod statement;
pub mod store;
pub mod transaction;

pub use statement::{Account, ImportNote, Statement};
pub use transaction::{SourceId, Transaction, TransactionKind};
