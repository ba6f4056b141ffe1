//! The TypeScript declarations of everything that crosses IPC, generated from the Rust types.
//!
//! `ui/src/bindings.ts` is this module's output, committed. The test below fails when it is stale;
//! `UPDATE_BINDINGS=1 cargo test -p kouza-guard-app bindings` rewrites it.

#[cfg(test)]
mod tests {
    use std::path::Path;

    use kouza_guard::bank::sync::SyncOutcome;
    use kouza_guard::bank::{Progress, Provider};
    use kouza_guard::detect::Answer;
    use kouza_guard::explain::{LineAnswer, LineKind};
    use kouza_guard::gaps::BalanceGap;
    use kouza_guard::guidance::{Contact, Deadline, Guidance, Step};
    use kouza_guard::periodic_check::{CheckOutcome, NewFlag, SyncFailure};
    use kouza_guard::review::{Bilingual, Finding, Review, ServiceLabel};
    use kouza_guard::session::{
        AccountSummary, BankChoice, ConnectRequest, ConnectionSummary, ProfileChoice, StoreState,
    };
    use kouza_guard::sheet::{ConsultationSheet, SheetWithdrawal};
    use kouza_guard::store::ImportOutcome;
    use kouza_guard::{Account, ImportNote, SourceId, Statement, Transaction, TransactionKind};
    use ts_rs::TS;

    use crate::check_timer::SyncProgress;
    use crate::ipc::{
        AppStatus, BranchContacts, DataStatus, ErrorCode, IpcError, SheetFormat, StorageStatus,
    };

    fn declaration<T: TS>() -> String {
        format!("export {}\n", T::decl())
    }

    fn render() -> String {
        let mut out = String::from(
            "// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:\n\
             // run `UPDATE_BINDINGS=1 cargo test -p kouza-guard-app bindings`.\n\n",
        );
        for declaration in [
            declaration::<Review>(),
            declaration::<Finding>(),
            declaration::<kouza_guard::review::FindingRun>(),
            declaration::<kouza_guard::review::RunRow>(),
            declaration::<kouza_guard::detect::Level>(),
            declaration::<kouza_guard::detect::HistoryLength>(),
            declaration::<ServiceLabel>(),
            declaration::<Bilingual>(),
            declaration::<BalanceGap>(),
            declaration::<Statement>(),
            declaration::<ImportNote>(),
            declaration::<Account>(),
            declaration::<Transaction>(),
            declaration::<TransactionKind>(),
            declaration::<SourceId>(),
            declaration::<IpcError>(),
            declaration::<ErrorCode>(),
            declaration::<AppStatus>(),
            declaration::<kouza_guard::preferences::Preferences>(),
            declaration::<kouza_guard::preferences::Language>(),
            declaration::<kouza_guard::preferences::TextSize>(),
            declaration::<kouza_guard::session::DeclaredService>(),
            declaration::<kouza_guard::session::ImportProgress>(),
            declaration::<BranchContacts>(),
            declaration::<DataStatus>(),
            declaration::<kouza_guard::data_update::DataVersion>(),
            declaration::<kouza_guard::sheet::handout::HandoutService>(),
            declaration::<kouza_guard::passbook::Period>(),
            declaration::<kouza_guard::passbook::PassbookScope>(),
            declaration::<kouza_guard::passbook::FoundLine>(),
            declaration::<kouza_guard::session::passbook::PassbookOutcome>(),
            declaration::<StorageStatus>(),
            declaration::<StoreState>(),
            declaration::<AccountSummary>(),
            declaration::<ImportOutcome>(),
            declaration::<Answer>(),
            declaration::<ConsultationSheet>(),
            declaration::<SheetWithdrawal>(),
            declaration::<Guidance>(),
            declaration::<Step>(),
            declaration::<Contact>(),
            declaration::<Deadline>(),
            declaration::<SheetFormat>(),
            declaration::<LineAnswer>(),
            declaration::<LineKind>(),
            declaration::<ConnectRequest>(),
            declaration::<BankChoice>(),
            declaration::<ProfileChoice>(),
            declaration::<ConnectionSummary>(),
            declaration::<Provider>(),
            declaration::<CheckOutcome>(),
            declaration::<SyncOutcome>(),
            declaration::<SyncFailure>(),
            declaration::<NewFlag>(),
            declaration::<Progress>(),
            declaration::<SyncProgress>(),
            declaration::<kouza_guard::import::preview::Preview>(),
            declaration::<kouza_guard::import::preview::PreviewRow>(),
            declaration::<kouza_guard::import::preview::ColumnLook>(),
            declaration::<kouza_guard::import::preview::CellKind>(),
            declaration::<kouza_guard::session::PreviewChoice>(),
            declaration::<kouza_guard::session::MappedImport>(),
            declaration::<kouza_guard::import::mapping::Mapping>(),
            declaration::<kouza_guard::import::mapping::MappedAmount>(),
            declaration::<kouza_guard::import::mapping::Sign>(),
        ] {
            out.push_str(&declaration);
            out.push('\n');
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    #[test]
    fn bindings_are_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let fresh = render();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).expect("write ui/src/bindings.ts");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/bindings.ts is stale; run `UPDATE_BINDINGS=1 cargo test -p kouza-guard-app bindings`"
        );
    }
}
