//! The passbook check in a session: the lines a person found go into the account
//! [`PASSBOOK_ACCOUNT`] of the store in use — the encrypted store on disk, or, in a consultation,
//! the store held in memory that ending the consultation forgets, so nothing is kept — and are
//! then reviewed, answered and put on the sheet like any account. Detection reads that account as
//! found lines only ([`crate::detect::Known::FoundLines`]).

use chrono::NaiveDate;
use serde::Serialize;

use super::{Session, SessionError};
use crate::detect::Holder;
use crate::passbook::{self, FoundLine, Period};
use crate::review::Review;
use crate::sheet::handout::{Handout, HandoutService};
use crate::Statement;

/// The account a passbook check's lines are kept in.
pub const PASSBOOK_ACCOUNT: &str = "passbook";

/// What a passbook check found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PassbookOutcome {
    /// The account the lines are in, to answer and make the sheet for.
    pub label: String,
    /// The period looked at.
    pub period: Period,
    /// The judgement on the lines entered this time (those kept before are in the account's
    /// review).
    pub review: Review,
    /// Whether the lines are kept in the encrypted store (false in a consultation).
    pub kept: bool,
}

impl Session {
    /// The services to look for in a passbook, each with its printed forms and operator.
    pub fn passbook_forms(&self) -> Vec<HandoutService> {
        passbook::forms(self.catalog())
    }

    /// The one-page hand-out of the catalog in force and `guidance`'s contacts.
    pub fn handout(&self, guidance: &crate::guidance::GuidanceData) -> Handout {
        Handout::of(self.catalog(), guidance)
    }

    /// Checks the lines found in the pages of `period` and adds them to [`PASSBOOK_ACCOUNT`]:
    /// all of them or, on the first wrong line (named with its field), none.
    pub fn passbook_check(
        &mut self,
        period: Period,
        lines: &[FoundLine],
        today: NaiveDate,
    ) -> Result<PassbookOutcome, SessionError> {
        let statement = passbook::statement(period, lines, today)?;
        let store = self.store.as_mut().ok_or(SessionError::NotOpen)?;
        // Nothing found keeps nothing: with no account yet, the holder has said nothing either.
        let holder = if statement.transactions.is_empty() {
            match store.holder(PASSBOOK_ACCOUNT) {
                Err(crate::store::StoreError::NoSuchAccount(_)) => Holder::default(),
                other => other?,
            }
        } else {
            store.import(&statement, Some(PASSBOOK_ACCOUNT))?;
            store.holder(PASSBOOK_ACCOUNT)?
        };
        Ok(PassbookOutcome {
            label: PASSBOOK_ACCOUNT.to_owned(),
            period,
            review: Review::of(statement, self.catalog(), &holder),
            kept: !self.consultation,
        })
    }
}

/// The account's stored history as the app and `kouza-guard scan --store` judge it: the
/// [`PASSBOOK_ACCOUNT`] as found lines, not as a whole history.
pub fn stored_statement(
    store: &crate::store::Store,
    label: &str,
) -> Result<Statement, crate::store::StoreError> {
    let mut statement = store.statement(label)?;
    if label == PASSBOOK_ACCOUNT {
        statement.layout = passbook::LAYOUT.to_owned();
    }
    Ok(statement)
}
