//! An import whose rows come one at a time, so a file of a million rows goes into the store
//! without ever being held whole: the reader has gone through the file once already (so its rows
//! are known to read, how many there are, and in which order they are listed) and now hands its
//! rows over as it reads them again. Every file of one import goes in one transaction: all of
//! them, or, when anything fails or the person stops, none.
//!
//! The store lists an account's rows by day, then by id, and a statement lists the rows of one
//! day in their true order (a file listing the newest first is turned round). So each row's id
//! is given here, counting down through the file's ids when it lists the newest first: the rows
//! of a day come out in the order a statement of the file would give them.

use chrono::NaiveDate;

use super::{accounts, imports, label_for, mappings, now, transactions};
use super::{ImportOutcome, Store, StoreError};
use crate::{Account, Transaction};

/// What the first reading of a file found, before its rows are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// The file, as statements name it.
    pub source: String,
    /// The layout recognised.
    pub layout: String,
    /// The account the file names.
    pub account: Option<Account>,
    /// The first and last booked days.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// Its rows.
    pub rows: usize,
    /// Whether it lists the newest row first.
    pub newest_first: bool,
    /// What the reader had to work out and the person should know.
    pub notes: Vec<crate::ImportNote>,
}

/// An import under way: committed by [`Importing::commit`], rolled back when dropped.
pub struct Importing<'s> {
    tx: rusqlite::Transaction<'s>,
    now: String,
    outcomes: Vec<ImportOutcome>,
}

/// One file's rows going in.
pub struct FileRows {
    facts: FileFacts,
    label: String,
    account_id: i64,
    import_id: i64,
    /// The first id the file's rows take.
    first_id: i64,
    /// Rows handed over so far.
    handed: usize,
    added: usize,
}

impl Store {
    /// Starts an import of rows handed over one at a time (see [`Importing`]).
    pub fn begin_import(&mut self) -> Result<Importing<'_>, StoreError> {
        Ok(Importing {
            tx: self.conn.transaction()?,
            now: now(),
            outcomes: Vec::new(),
        })
    }
}

impl Importing<'_> {
    /// Starts the file of `facts`, going to the account named `label`, else to the one the file
    /// names (see [`label_for`]).
    pub fn file(&mut self, facts: FileFacts, label: Option<&str>) -> Result<FileRows, StoreError> {
        let label = label_for(label, facts.account.as_ref());
        let account_id =
            accounts::find_or_create(&self.tx, &label, facts.account.as_ref(), &self.now)?;
        let import_id = imports::begin(
            &self.tx,
            &imports::ImportRecord {
                account_id,
                source: &facts.source,
                layout: &facts.layout,
                period: facts.period,
                // A passbook check's lines say which pages were looked at.
                pages: facts.notes.iter().find_map(|note| match note {
                    crate::ImportNote::PassbookLines { from, to } => Some((*from, *to)),
                    _ => None,
                }),
                rows: facts.rows,
                now: &self.now,
            },
        )?;
        let first_id: i64 = self.tx.query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM transactions",
            [],
            |row| row.get(0),
        )?;
        Ok(FileRows {
            facts,
            label,
            account_id,
            import_id,
            first_id,
            handed: 0,
            added: 0,
        })
    }

    /// Stores the file's next row in file order, unless the account has it already. A file
    /// that gives more rows than its first reading found has changed since: refused.
    pub fn row(&mut self, file: &mut FileRows, row: &Transaction) -> Result<(), StoreError> {
        if file.handed >= file.facts.rows {
            return Err(StoreError::Changed(file.facts.source.clone()));
        }
        let place = match file.facts.newest_first {
            true => file.facts.rows - 1 - file.handed,
            false => file.handed,
        };
        let id = file.first_id + place as i64;
        file.handed += 1;
        if transactions::insert_at(&self.tx, id, file.account_id, file.import_id, row)? {
            file.added += 1;
        }
        Ok(())
    }

    /// Ends the file: every row its first reading found must have come.
    pub fn end_file(&mut self, file: FileRows) -> Result<(), StoreError> {
        if file.handed != file.facts.rows {
            return Err(StoreError::Changed(file.facts.source));
        }
        imports::finish(&self.tx, file.import_id, file.added)?;
        self.outcomes.push(ImportOutcome {
            account: file.label,
            source: file.facts.source,
            layout: file.facts.layout,
            rows: file.facts.rows,
            period: file.facts.period,
            added: file.added,
            known: file.facts.rows - file.added,
            notes: file.facts.notes,
        });
        Ok(())
    }

    /// Stores a whole statement (its rows oldest first), as one file.
    pub fn statement(
        &mut self,
        statement: &crate::Statement,
        label: Option<&str>,
    ) -> Result<(), StoreError> {
        let facts = FileFacts {
            source: statement.source.clone(),
            layout: statement.layout.clone(),
            account: statement.account.clone(),
            period: statement.period(),
            rows: statement.transactions.len(),
            newest_first: false,
            notes: statement.notes.clone(),
        };
        let mut file = self.file(facts, label)?;
        for row in &statement.transactions {
            self.row(&mut file, row)?;
        }
        self.end_file(file)
    }

    /// The transaction the import writes in, for what goes in with it (a sync's state).
    pub(super) fn transaction(&self) -> &rusqlite::Transaction<'_> {
        &self.tx
    }

    /// Keeps everything imported, and the person's `mapping` for their bank when the files were
    /// read through one.
    pub fn commit(
        self,
        mapping: Option<&crate::import::mapping::Mapping>,
    ) -> Result<Vec<ImportOutcome>, StoreError> {
        if let Some(mapping) = mapping {
            mappings::save(&self.tx, mapping, &self.now)?;
        }
        self.tx.commit()?;
        for outcome in &self.outcomes {
            tracing::info!(
                file = %crate::logs::redact_digits(&outcome.source),
                rows = outcome.rows,
                added = outcome.added,
                "imported into the store"
            );
        }
        Ok(self.outcomes)
    }
}
