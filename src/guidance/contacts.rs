//! The contact directory: public numbers, each with the source it was taken from. The shipped
//! file holds only numbers that can be cited; a branch or a user adds theirs the same way, and an
//! entry without a source is refused rather than shown to a worried person.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One place to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// A stable id (`fsa-desk`).
    pub id: String,
    /// The name in Japanese.
    pub name_ja: String,
    /// The name in English.
    pub name_en: String,
    /// The number to dial, as written.
    pub phone: String,
    /// Hours and other numbers, in Japanese.
    pub phone_note_ja: Option<String>,
    /// Hours and other numbers, in English.
    pub phone_note_en: Option<String>,
    /// Where the number was found: a public page, or a note such as the branch's own notice.
    pub source: String,
}

/// A contacts file that cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ContactError {
    /// Not valid TOML, or a field missing or of the wrong type.
    #[error("{file}: {problem}")]
    Malformed {
        /// The file.
        file: String,
        /// What the parser said, with the line.
        problem: String,
    },
    /// An entry has no source: its number cannot be shown.
    #[error("{file}: contact {id}: a source is required (where the number was found), so that no unsourced number is ever shown")]
    NoSource {
        /// The file.
        file: String,
        /// The entry.
        id: String,
    },
    /// An entry has no number.
    #[error("{file}: contact {id}: the phone number is empty")]
    NoPhone {
        /// The file.
        file: String,
        /// The entry.
        id: String,
    },
    /// Two entries share an id.
    #[error("{file}: contact {id} is listed twice")]
    Duplicate {
        /// The file.
        file: String,
        /// The id.
        id: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactsFile {
    #[allow(
        dead_code,
        reason = "read for the file's shape; the steps file carries the version shown"
    )]
    version: Option<String>,
    #[serde(default)]
    contact: Vec<RawContact>,
}

/// An entry as written in a file; checked before it becomes a [`Contact`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    id: String,
    name_ja: String,
    name_en: String,
    phone: String,
    phone_note_ja: Option<String>,
    phone_note_en: Option<String>,
    #[serde(default)]
    source: String,
}

/// Reads a contacts file; `file` names it in errors.
pub(super) fn parse(text: &str, file: &str) -> Result<Vec<Contact>, ContactError> {
    let parsed: ContactsFile = toml::from_str(text).map_err(|error| ContactError::Malformed {
        file: file.to_owned(),
        problem: error.to_string(),
    })?;
    let mut seen = std::collections::HashSet::new();
    let mut contacts = Vec::with_capacity(parsed.contact.len());
    for raw in parsed.contact {
        let id = raw.id.clone();
        if raw.source.trim().is_empty() {
            return Err(ContactError::NoSource {
                file: file.to_owned(),
                id,
            });
        }
        if raw.phone.trim().is_empty() {
            return Err(ContactError::NoPhone {
                file: file.to_owned(),
                id,
            });
        }
        if !seen.insert(id.clone()) {
            return Err(ContactError::Duplicate {
                file: file.to_owned(),
                id,
            });
        }
        contacts.push(Contact {
            id: raw.id,
            name_ja: raw.name_ja,
            name_en: raw.name_en,
            phone: raw.phone,
            phone_note_ja: raw.phone_note_ja,
            phone_note_en: raw.phone_note_en,
            source: raw.source,
        });
    }
    Ok(contacts)
}

#[cfg(test)]
mod tests {
    use super::{parse, ContactError};
    use crate::guidance::GuidanceData;

    const BRANCH: &str = r#"
[[contact]]
id = "branch-desk"
name_ja = "中央支店 窓口"
name_en = "Central branch desk"
phone = "03-0000-0000"
source = "支店掲示 2026-11 (branch notice)"
"#;

    #[test]
    fn a_branch_adds_its_own_sourced_contact() {
        let mut data = GuidanceData::builtin();
        let before = data.contacts().len();
        data.add_contacts(BRANCH, "branch.toml").unwrap();
        assert_eq!(data.contacts().len(), before + 1);
        assert_eq!(data.contacts().last().unwrap().phone, "03-0000-0000");
    }

    #[test]
    fn a_contact_without_a_source_is_refused_with_its_id() {
        let unsourced = BRANCH.replace(
            "source = \"支店掲示 2026-11 (branch notice)\"",
            "source = \" \"",
        );
        assert_eq!(
            parse(&unsourced, "branch.toml"),
            Err(ContactError::NoSource {
                file: "branch.toml".into(),
                id: "branch-desk".into()
            })
        );
        let missing = BRANCH.replace("source = \"支店掲示 2026-11 (branch notice)\"", "");
        assert!(matches!(
            parse(&missing, "branch.toml"),
            Err(ContactError::NoSource { .. })
        ));
        let malformed = BRANCH.replace("phone = ", "phone_number = ");
        let error = parse(&malformed, "branch.toml").unwrap_err();
        assert!(error.to_string().starts_with("branch.toml: "), "{error}");
        assert!(error.to_string().contains("phone_number"), "{error}");
        let twice = format!("{BRANCH}{BRANCH}");
        assert!(matches!(
            parse(&twice, "b.toml"),
            Err(ContactError::Duplicate { .. })
        ));
    }
}
