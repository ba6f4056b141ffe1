//! What to do next, for the withdrawals found: whom to call, what to say, what to bring, and the
//! deadline that matters. The steps, the contacts and the banks' deadlines are data embedded in
//! the binary (`data/guidance/`), each with its source; a branch adds its own contacts from a file.
//! Made from values only, like the review, so the consultation sheet never needs the store.

mod contacts;
mod deadline;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use contacts::{Contact, ContactError};
pub use deadline::Deadline;

use crate::review::{Bilingual, ServiceLabel};

const STEPS: &str = include_str!("../../data/guidance/steps.toml");
const CONTACTS: &str = include_str!("../../data/guidance/contacts.toml");
const DEADLINES: &str = include_str!("../../data/guidance/deadlines.toml");

/// The guidance for one account's flagged withdrawals.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Guidance {
    /// The steps, in the order to take them.
    pub steps: Vec<Step>,
    /// When the bank must be told.
    pub deadline: Deadline,
    /// The version of the guidance data used.
    pub version: String,
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// The step's id in the data (`call-operator` repeats, once per service).
    pub id: String,
    /// What to do, in a few words.
    pub title: Bilingual,
    /// How.
    pub detail: Bilingual,
    /// What to say, when it helps to have the words ready.
    pub say: Option<Bilingual>,
    /// What to bring.
    pub bring: Option<Bilingual>,
    /// Whom to call, with a source for every number.
    pub contacts: Vec<Contact>,
    /// Where the advice comes from.
    pub source: String,
}

/// The guidance data: steps, contacts and deadlines.
#[derive(Debug, Clone)]
pub struct GuidanceData {
    version: String,
    steps: Vec<StepEntry>,
    contacts: Vec<Contact>,
    /// Ids of contacts a branch or user added: they are shown with the bank step, as the
    /// branch's own number.
    added: Vec<String>,
    deadlines: Vec<deadline::Rule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepsFile {
    version: String,
    step: Vec<StepEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
enum StepKind {
    Bank,
    Operator,
    Police,
    General,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepEntry {
    id: String,
    kind: StepKind,
    title_ja: String,
    title_en: String,
    detail_ja: String,
    detail_en: String,
    say_ja: Option<String>,
    say_en: Option<String>,
    bring_ja: Option<String>,
    bring_en: Option<String>,
    #[serde(default)]
    contacts: Vec<String>,
    source: String,
}

/// One flagged withdrawal, as guidance needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Flagged {
    /// The day it was booked: the day of the loss.
    pub date: NaiveDate,
    /// The service it topped up.
    pub service: ServiceLabel,
}

impl GuidanceData {
    /// The guidance shipped in the binary.
    pub fn builtin() -> GuidanceData {
        // The embedded files are checked by this crate's tests; failing here is a build defect.
        GuidanceData::from_texts(STEPS, CONTACTS, DEADLINES)
            .unwrap_or_else(|e| panic!("the built-in guidance: {e}"))
    }

    /// Guidance from the texts of its three files (as a signed data update brings them): the
    /// steps, the contacts and the banks' deadlines, each checked, and checked together.
    pub fn from_texts(
        steps: &str,
        contacts: &str,
        deadlines: &str,
    ) -> Result<GuidanceData, String> {
        let steps: StepsFile = toml::from_str(steps).map_err(|e| format!("steps.toml: {e}"))?;
        let data = GuidanceData {
            version: steps.version,
            steps: steps.step,
            contacts: contacts::parse(contacts, "contacts.toml").map_err(|e| e.to_string())?,
            added: Vec::new(),
            deadlines: deadline::parse(deadlines).map_err(|e| format!("deadlines.toml: {e}"))?,
        };
        data.check()?;
        Ok(data)
    }

    /// Adds a branch's or user's contacts (a file like `data/guidance/contacts.toml`); every
    /// entry must name its source, and an id already known replaces the earlier entry. New ones
    /// are shown with the step "call the bank".
    pub fn add_contacts(&mut self, text: &str, file: &str) -> Result<(), ContactError> {
        for contact in contacts::parse(text, file)? {
            let shipped = self
                .steps
                .iter()
                .any(|step| step.contacts.contains(&contact.id));
            if !shipped && !self.added.contains(&contact.id) {
                self.added.push(contact.id.clone());
            }
            self.contacts.retain(|known| known.id != contact.id);
            self.contacts.push(contact);
        }
        Ok(())
    }

    /// Adds the contacts in `path`, when that file exists: where a branch or a user keeps their
    /// own numbers (the app reads `contacts.toml` in its config folder). Nothing is added when
    /// any entry is refused.
    pub fn add_contacts_file(&mut self, path: &std::path::Path) -> Result<(), ContactError> {
        match std::fs::read_to_string(path) {
            Ok(text) => self.add_contacts(&text, &path.display().to_string()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(ContactError::Malformed {
                file: path.display().to_string(),
                problem: error.to_string(),
            }),
        }
    }

    /// Every contact, shipped and added.
    pub fn contacts(&self) -> &[Contact] {
        &self.contacts
    }

    /// Each step's contacts exist and every step has a source.
    fn check(&self) -> Result<(), String> {
        for step in &self.steps {
            if step.source.trim().is_empty() {
                return Err(format!("step {} has no source", step.id));
            }
            for id in &step.contacts {
                if !self.contacts.iter().any(|c| &c.id == id) {
                    return Err(format!(
                        "step {} names contact {id}, which does not exist",
                        step.id
                    ));
                }
            }
        }
        Ok(())
    }

    /// The guidance for `flagged` withdrawals of an account at `bank` (as the statement names it)
    /// read with `layout`, as of `today`.
    pub fn for_flagged(
        &self,
        bank: Option<&str>,
        layout: &str,
        flagged: &[Flagged],
        today: NaiveDate,
    ) -> Guidance {
        let mut services: Vec<&ServiceLabel> = Vec::new();
        for withdrawal in flagged {
            if !services.iter().any(|s| s.id == withdrawal.service.id) {
                services.push(&withdrawal.service);
            }
        }
        let mut steps = Vec::new();
        for entry in &self.steps {
            if entry.kind == StepKind::Operator {
                for service in &services {
                    steps.push(self.step(entry, Some(service)));
                }
            } else {
                steps.push(self.step(entry, None));
            }
        }
        let first_loss = flagged.iter().map(|w| w.date).min();
        Guidance {
            steps,
            deadline: deadline::for_account(&self.deadlines, bank, layout, first_loss, today),
            version: self.version.clone(),
        }
    }

    fn step(&self, entry: &StepEntry, service: Option<&ServiceLabel>) -> Step {
        let title = match service {
            Some(service) => Bilingual {
                ja: format!(
                    "{}の運営会社（{}）に連絡する",
                    service.name_ja, service.operator_ja
                ),
                en: format!(
                    "Contact the operator of {} ({})",
                    service.name_en, service.operator_en
                ),
            },
            None => Bilingual {
                ja: entry.title_ja.clone(),
                en: entry.title_en.clone(),
            },
        };
        let pair = |ja: &Option<String>, en: &Option<String>| match (ja, en) {
            (Some(ja), Some(en)) => Some(Bilingual {
                ja: ja.clone(),
                en: en.clone(),
            }),
            _ => None,
        };
        Step {
            id: entry.id.clone(),
            title,
            detail: Bilingual {
                ja: entry.detail_ja.clone(),
                en: entry.detail_en.clone(),
            },
            say: pair(&entry.say_ja, &entry.say_en),
            bring: pair(&entry.bring_ja, &entry.bring_en),
            contacts: entry
                .contacts
                .iter()
                .chain(self.added.iter().filter(|_| entry.kind == StepKind::Bank))
                .filter_map(|id| self.contacts.iter().find(|c| &c.id == id).cloned())
                .collect(),
            source: entry.source.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docomo() -> ServiceLabel {
        ServiceLabel {
            id: "docomo-koza".into(),
            name_ja: "ドコモ口座（d払い）".into(),
            name_en: "docomo Koza (d Barai)".into(),
            operator_ja: "株式会社NTTドコモ".into(),
            operator_en: "NTT DOCOMO, INC.".into(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 9, d).unwrap()
    }

    #[test]
    fn the_built_in_data_loads_and_every_contact_has_a_source() {
        let data = GuidanceData::builtin();
        assert!(data.contacts().len() >= 3);
        for contact in data.contacts() {
            assert!(contact.source.starts_with("https://"), "{}", contact.id);
        }
    }

    #[test]
    fn the_operator_step_is_repeated_once_per_service_in_the_order_found() {
        let data = GuidanceData::builtin();
        let flagged = [
            Flagged {
                date: day(4),
                service: docomo(),
            },
            Flagged {
                date: day(4),
                service: docomo(),
            },
        ];
        let guidance = data.for_flagged(Some("ゆうちょ銀行"), "yucho", &flagged, day(10));
        let ids: Vec<&str> = guidance.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "call-bank",
                "call-operator",
                "report-police",
                "change-pin",
                "cancel-links",
                "beware-scams",
                "ask-for-help"
            ]
        );
        assert_eq!(
            guidance.steps[1].title.ja,
            "ドコモ口座（d払い）の運営会社（株式会社NTTドコモ）に連絡する"
        );
        let police = &guidance.steps[2];
        assert_eq!(police.contacts[0].phone, "#9110");
    }
}
