//! The service catalog: which e-money and payment services top up from a bank account, how their
//! top-ups are written on statements, and which look-alike texts are not top-ups.
//!
//! It is data (`data/catalog/services.toml`, embedded in the binary), so a branch can extend it
//! with a file of the same shape without a new build. Raw entries are compiled into checked ones
//! at load: a bad entry fails then, naming its file and id, never at match time.
//!
//! A service's name is written as parts, each with its spellings in every script
//! (`[ドコモ|DOCOMO][コウザ|口座|KOZA]`, see [`pattern`]), and every alias keeps the source where
//! the spelling was seen. Matching finds any combination anywhere in the normalised text, in one
//! Aho-Corasick pass; a name a bank's column cut short is read at the end of the text (see
//! [`tails`]). A near miss (`not`: a card bill, a bank) beats a name, whole or cut.

pub mod pattern;
pub mod tails;

use std::collections::HashSet;

use serde::Deserialize;
use thiserror::Error;

use crate::data_update::DataVersion;
use crate::normalize::normalize;

const BUILTIN: &str = include_str!("../data/catalog/services.toml");
const BUILTIN_NAME: &str = "built-in catalog (data/catalog/services.toml)";

/// A catalog entry or file that cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{file}: {problem}")]
pub struct CatalogError {
    /// The catalog file.
    pub file: String,
    /// What is wrong, naming the entry.
    pub problem: String,
}

/// An e-money or payment service whose top-ups can appear on a bank statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// A stable id such as `docomo-koza`.
    pub id: String,
    /// Its name in Japanese.
    pub name_ja: String,
    /// Its name in English.
    pub name_en: String,
    /// The company that runs it, in Japanese.
    pub operator_ja: String,
    /// The company that runs it, in English.
    pub operator_en: String,
    /// What it is, in plain Japanese.
    pub about_ja: String,
    /// What it is, in plain English.
    pub about_en: String,
    /// Every spelling of every name: each combination of one spelling per part, as written.
    pub aliases: Vec<String>,
    /// The names as the catalog writes them, with their parts and sources.
    pub names: Vec<Name>,
    /// The near misses (`not`) as the catalog writes them.
    pub near_misses: Vec<Name>,
    /// How its top-ups are printed in a paper passbook, each with its source (checked at load to be
    /// recognised as this service). A branch's or bundle's entry may have none.
    pub passbook: Vec<PassbookForm>,
    matchers: Vec<Matcher>,
    exclusions: Vec<String>,
}

/// One catalog entry: a name (or a near miss) as parts, each part with its spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The entry as the catalog writes it, such as `[LINE|ライン][PAY|ペイ]`.
    pub pattern: String,
    /// Its parts in order, each with its spellings as written.
    pub parts: Vec<Vec<String>>,
    /// Where this notation was seen or documented; built-in entries all have one.
    pub source: Option<String>,
}

impl Name {
    /// Every combination of one spelling per part, each as its parts.
    pub fn combinations(&self) -> Vec<Vec<&str>> {
        pattern::combinations(&self.parts)
    }
}

/// One way a service's top-up is printed in a paper passbook, such as `ﾄﾞｺﾓｺｳｻﾞ`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassbookForm {
    /// The text as a passbook prints it (half-width, the bank character set).
    pub text: String,
    /// Where this form, or the notation it is printed from, was seen.
    pub source: String,
}

/// One spelling of a name, ready for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Matcher {
    normalized: String,
    first_part_chars: usize,
    parts: usize,
}

/// What a normalised text was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recognition<'c> {
    /// The service it tops up.
    pub service: &'c Service,
    /// Whether only the start of its name was found, at the end of the text, as a bank's column
    /// cuts it.
    pub cut: bool,
}

/// A kind of text that looks like a top-up but is not one (a card bill, a phone bill).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookalike {
    /// A stable id such as `phone-bill`.
    pub id: String,
    /// What it is, in Japanese.
    pub what_ja: String,
    /// What it is, in English.
    pub what_en: String,
    patterns: Vec<String>,
}

/// The catalog in force: the built-in one, perhaps extended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// The version of the catalog, reported with every scan. Extended catalogs add `+` and the file's version.
    pub version: String,
    /// The data this catalog came with: the app's own, or a signed bundle's (set by
    /// [`crate::data_update`]). A branch's file that extends the catalog leaves it as it is.
    pub data_version: DataVersion,
    services: Vec<Service>,
    lookalikes: Vec<Lookalike>,
    /// What to tell someone who does not recognise a top-up, in Japanese.
    pub unrecognised_ja: String,
    /// The same in English.
    pub unrecognised_en: String,
    /// Every alias and exclusion of every service in one automaton, made from `services`.
    matcher: ServiceMatcher,
}

/// One pass over a text finds every service's aliases and exclusions in it (Aho-Corasick),
/// instead of one search per alias: matching is most of a scan's work on a long history.
#[derive(Debug, Clone)]
struct ServiceMatcher {
    automaton: aho_corasick::AhoCorasick,
    /// For each pattern: its service's index, and the alias's length, or `None` for an exclusion.
    patterns: Vec<(usize, Option<usize>)>,
    /// Names cut short at the end of a text.
    tails: tails::Tails,
}

impl ServiceMatcher {
    fn new(services: &[Service]) -> ServiceMatcher {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        for (index, service) in services.iter().enumerate() {
            for matcher in &service.matchers {
                texts.push(matcher.normalized.as_str());
                patterns.push((index, Some(matcher.normalized.len())));
            }
            for exclusion in &service.exclusions {
                texts.push(exclusion.as_str());
                patterns.push((index, None));
            }
        }
        let automaton = aho_corasick::AhoCorasick::new(&texts)
            .expect("catalog texts are short and few, within the automaton's limits");
        let tails = tails::Tails::new(services.iter().map(|service| {
            let names = service
                .matchers
                .iter()
                .map(|m| tails::NameForm {
                    normalized: &m.normalized,
                    first_part_chars: m.first_part_chars,
                    has_parts: m.parts > 1,
                })
                .collect();
            let exclusions = service.exclusions.iter().map(String::as_str).collect();
            (names, exclusions)
        }));
        ServiceMatcher {
            automaton,
            patterns,
            tails,
        }
    }
}

/// Made from the services, so equal when they are.
impl PartialEq for ServiceMatcher {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

impl Eq for ServiceMatcher {}

impl Catalog {
    /// The catalog embedded in the binary.
    pub fn builtin() -> Catalog {
        // The embedded file is checked by this crate's tests; failing here is a build defect.
        let catalog =
            Catalog::from_toml(BUILTIN_NAME, BUILTIN).expect("the built-in catalog is valid");
        debug_assert!(
            catalog.services_without_passbook_forms().is_empty(),
            "every built-in service lists its passbook forms"
        );
        catalog
    }

    /// Reads a catalog file. Every entry is checked; the first bad one is named in the error.
    pub fn from_toml(file: &str, text: &str) -> Result<Catalog, CatalogError> {
        let error = |problem: String| CatalogError {
            file: file.to_owned(),
            problem,
        };
        let raw: RawCatalog = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        let mut seen = HashSet::new();
        let mut services = Vec::with_capacity(raw.service.len());
        for entry in raw.service {
            if !seen.insert(entry.id.clone()) {
                return Err(error(format!("service {:?} appears twice", entry.id)));
            }
            services.push(entry.compile().map_err(error)?);
        }
        let mut lookalikes = Vec::with_capacity(raw.lookalike.len());
        for entry in raw.lookalike {
            if !seen.insert(entry.id.clone()) {
                return Err(error(format!("id {:?} appears twice", entry.id)));
            }
            lookalikes.push(entry.compile().map_err(error)?);
        }
        let advice = raw.advice.unwrap_or_default();
        let catalog = Catalog {
            // Read from a file, a catalog is described as the app's own data until a signed
            // bundle's verification says otherwise.
            data_version: DataVersion::builtin(&raw.version),
            version: raw.version,
            matcher: ServiceMatcher::new(&services),
            services,
            lookalikes,
            unrecognised_ja: advice.unrecognised_ja,
            unrecognised_en: advice.unrecognised_en,
        };
        catalog.check_passbook_forms().map_err(error)?;
        Ok(catalog)
    }

    /// Every passbook form is recognised by this catalog as its own service: a form the matcher
    /// reads as another service, or as none, would teach a person to look for the wrong text.
    fn check_passbook_forms(&self) -> Result<(), String> {
        for service in &self.services {
            for form in &service.passbook {
                let found = self
                    .service_for(&normalize(&form.text))
                    .map(|s| s.id.as_str());
                if found != Some(service.id.as_str()) {
                    return Err(format!(
                        "{}: passbook form \"{}\" is recognised as {}, not as this service",
                        service.id,
                        form.text,
                        found.unwrap_or("no service")
                    ));
                }
            }
        }
        Ok(())
    }

    /// The services that list no passbook form. The built-in catalog has none; a branch's file
    /// may add a service without one, which the passbook check then shows by its name alone.
    pub fn services_without_passbook_forms(&self) -> Vec<&str> {
        self.services
            .iter()
            .filter(|s| s.passbook.is_empty())
            .map(|s| s.id.as_str())
            .collect()
    }

    /// This catalog extended by the catalog file at `path` (a branch's or user's own).
    pub fn extended_by(mut self, path: &std::path::Path) -> Result<Catalog, CatalogError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| CatalogError {
            file: file.clone(),
            problem: error.to_string(),
        })?;
        self.extend(Catalog::from_toml(&file, &text)?);
        Ok(self)
    }

    /// Adds a branch's or user's catalog: an entry with a known id replaces the built-in one.
    pub fn extend(&mut self, other: Catalog) {
        for service in other.services {
            match self.services.iter_mut().find(|s| s.id == service.id) {
                Some(existing) => *existing = service,
                None => self.services.push(service),
            }
        }
        for lookalike in other.lookalikes {
            match self.lookalikes.iter_mut().find(|l| l.id == lookalike.id) {
                Some(existing) => *existing = lookalike,
                None => self.lookalikes.push(lookalike),
            }
        }
        if !other.unrecognised_ja.is_empty() {
            self.unrecognised_ja = other.unrecognised_ja;
        }
        if !other.unrecognised_en.is_empty() {
            self.unrecognised_en = other.unrecognised_en;
        }
        self.version = format!("{}+{}", self.version, other.version);
        self.matcher = ServiceMatcher::new(&self.services);
    }

    /// Every service, in catalog order.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The service a normalised statement text tops up, if any: the one with the longest matching
    /// name, unless the text is one of that service's near misses; or, when no whole name is
    /// found, the one whose name the text ends with the start of (see [`Catalog::recognise`]).
    pub fn service_for(&self, normalized: &str) -> Option<&Service> {
        self.recognise(normalized).map(|found| found.service)
    }

    /// What a normalised statement text tops up, and whether its name was cut short.
    ///
    /// In order: a near miss cut short at the end of the text (`PAYPAYカ`) is no top-up; else
    /// the service with the longest whole name found anywhere, unless the text holds one of that
    /// service's near misses; else, when the text holds no near miss and no look-alike at all,
    /// the one service whose name the end of the text begins, kept long enough ([`tails`]).
    pub fn recognise(&self, normalized: &str) -> Option<Recognition<'_>> {
        // Per service: excluded, and its longest alias found. Most texts hold no pattern at all.
        let mut found: Vec<(usize, bool, usize)> = Vec::new();
        for hit in self.matcher.automaton.find_overlapping_iter(normalized) {
            let (service, length) = self.matcher.patterns[hit.pattern().as_usize()];
            let entry = match found.iter_mut().find(|(index, _, _)| *index == service) {
                Some(entry) => entry,
                None => {
                    found.push((service, false, 0));
                    found.last_mut().expect("just pushed")
                }
            };
            match length {
                Some(length) => entry.2 = entry.2.max(length),
                None => entry.1 = true,
            }
        }
        let tail = self.matcher.tails.at_end(normalized);
        if tail == Some(tails::Tail::NearMiss) {
            return None;
        }
        let any_near_miss = found.iter().any(|(_, excluded, _)| *excluded);
        // The longest alias wins; among equals the service later in the catalog, as before.
        found.sort_by_key(|(index, _, _)| *index);
        let whole = found
            .into_iter()
            .filter(|(_, excluded, longest)| !excluded && *longest > 0)
            .max_by_key(|(_, _, longest)| *longest)
            .map(|(index, _, _)| Recognition {
                service: &self.services[index],
                cut: false,
            });
        if whole.is_some() {
            return whole;
        }
        match tail {
            Some(tails::Tail::Service(index))
                if !any_near_miss && self.lookalike_for(normalized).is_none() =>
            {
                Some(Recognition {
                    service: &self.services[index],
                    cut: true,
                })
            }
            _ => None,
        }
    }

    /// The look-alike a normalised text is, when it is no service's top-up.
    pub fn lookalike_for(&self, normalized: &str) -> Option<&Lookalike> {
        self.lookalikes
            .iter()
            .find(|l| l.patterns.iter().any(|p| normalized.contains(p.as_str())))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    version: String,
    #[serde(default)]
    service: Vec<RawService>,
    #[serde(default)]
    lookalike: Vec<RawLookalike>,
    advice: Option<RawAdvice>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdvice {
    #[serde(default)]
    unrecognised_ja: String,
    #[serde(default)]
    unrecognised_en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: String,
    name_ja: String,
    name_en: String,
    operator_ja: String,
    operator_en: String,
    about_ja: String,
    about_en: String,
    aliases: Vec<RawName>,
    #[serde(default)]
    not: Vec<RawName>,
    #[serde(default)]
    passbook: Vec<RawPassbookForm>,
}

/// A passbook form must name its source: the hand-out tells people to look for it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPassbookForm {
    text: String,
    source: String,
}

/// A name or near miss: a plain text (a branch's file may write just that), or a table with the
/// source where the notation was seen.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawName {
    Plain(String),
    Sourced(SourcedName),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcedName {
    text: String,
    source: String,
}

impl RawName {
    /// Parses the parts; the error names the service and field.
    fn compile(self, id: &str, field: &str) -> Result<Name, String> {
        let (text, source) = match self {
            RawName::Plain(text) => (text, None),
            RawName::Sourced(SourcedName { text, source }) => {
                if source.trim().is_empty() {
                    return Err(format!("{id}: {field} entry {text:?} has an empty source"));
                }
                (text, Some(source))
            }
        };
        let parts =
            pattern::parse(&text).map_err(|problem| format!("{id}: {field} entry {problem}"))?;
        Ok(Name {
            pattern: text,
            parts,
            source,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLookalike {
    id: String,
    what_ja: String,
    what_en: String,
    patterns: Vec<String>,
}

/// Ids are lower-case words joined by hyphens, so they read the same in JSON, URLs and files.
fn check_id(id: &str) -> Result<(), String> {
    let well_formed = !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "id {id:?} must be lower-case letters and digits joined by hyphens"
        ))
    }
}

/// Normalises each text; one that normalises to nothing would match every statement line.
fn compile_texts(id: &str, field: &str, texts: &[String]) -> Result<Vec<String>, String> {
    texts
        .iter()
        .map(|text| {
            let normalized = normalize(text);
            if normalized.is_empty() {
                // Debug quoting, so that invisible whitespace shows as an escape.
                Err(format!(
                    "{id}: {field} entry {text:?} is empty once normalised"
                ))
            } else {
                Ok(normalized)
            }
        })
        .collect()
}

/// Every spelling of the names, normalised, each once; one that normalises to nothing would match
/// every statement line.
fn compile_names(id: &str, field: &str, names: &[Name]) -> Result<Vec<(String, Matcher)>, String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for name in names {
        for combination in name.combinations() {
            let written = combination.concat();
            let normalized = normalize(&written);
            if normalized.is_empty() {
                // Debug quoting, so that invisible whitespace shows as an escape.
                return Err(format!(
                    "{id}: {field} entry {written:?} is empty once normalised"
                ));
            }
            if seen.insert(normalized.clone()) {
                let first_part_chars = normalize(combination[0]).chars().count();
                out.push((
                    written,
                    Matcher {
                        normalized,
                        first_part_chars,
                        parts: combination.len(),
                    },
                ));
            }
        }
    }
    Ok(out)
}

impl RawService {
    fn compile(self) -> Result<Service, String> {
        check_id(&self.id)?;
        if self.aliases.is_empty() {
            return Err(format!("{}: a service needs at least one alias", self.id));
        }
        let id = self.id.as_str();
        let names = self
            .aliases
            .into_iter()
            .map(|n| n.compile(id, "aliases"))
            .collect::<Result<Vec<_>, _>>()?;
        let near_misses = self
            .not
            .into_iter()
            .map(|n| n.compile(id, "not"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut passbook = Vec::with_capacity(self.passbook.len());
        for form in self.passbook {
            if form.text.trim().is_empty() {
                return Err(format!("{id}: a passbook form is empty"));
            }
            if form.source.trim().is_empty() {
                return Err(format!(
                    "{id}: passbook form \"{}\" has an empty source",
                    form.text
                ));
            }
            passbook.push(PassbookForm {
                text: form.text,
                source: form.source,
            });
        }
        let (aliases, matchers): (Vec<String>, Vec<Matcher>) =
            compile_names(id, "aliases", &names)?.into_iter().unzip();
        let exclusions: Vec<String> = compile_names(id, "not", &near_misses)?
            .into_iter()
            .map(|(_, m)| m.normalized)
            .collect();
        if let Some((alias, _)) = aliases
            .iter()
            .zip(&matchers)
            .find(|(_, m)| exclusions.iter().any(|x| m.normalized.contains(x.as_str())))
        {
            return Err(format!(
                "{}: alias \"{alias}\" is itself excluded by `not`, so it could never match",
                self.id
            ));
        }
        Ok(Service {
            id: self.id,
            name_ja: self.name_ja,
            name_en: self.name_en,
            operator_ja: self.operator_ja,
            operator_en: self.operator_en,
            about_ja: self.about_ja,
            about_en: self.about_en,
            aliases,
            names,
            near_misses,
            passbook,
            matchers,
            exclusions,
        })
    }
}

impl RawLookalike {
    fn compile(self) -> Result<Lookalike, String> {
        check_id(&self.id)?;
        let patterns = compile_texts(&self.id, "patterns", &self.patterns)?;
        Ok(Lookalike {
            id: self.id,
            what_ja: self.what_ja,
            what_en: self.what_en,
            patterns,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Catalog, CatalogError};

    #[test]
    fn builtin_ids_are_sorted_and_cover_the_required_services() {
        let catalog = Catalog::builtin();
        let ids: Vec<&str> = catalog.services().iter().map(|s| s.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "services must be sorted by id");
        for required in [
            "docomo-koza",
            "paypay",
            "kyash",
            "line-pay",
            "paypal",
            "wellnet",
            "rakuten-edy",
            "billing-system",
            "merpay",
            "au-pay",
            "fami-pay",
            "pring",
            "yumeca",
            "rakuten-pay",
        ] {
            assert!(catalog.service(required).is_some(), "missing {required}");
        }
        assert!(!catalog.unrecognised_ja.is_empty() && !catalog.unrecognised_en.is_empty());
    }

    #[test]
    fn every_alias_finds_its_own_service() {
        let catalog = Catalog::builtin();
        for service in catalog.services() {
            for (alias, matcher) in service.aliases.iter().zip(&service.matchers) {
                let found = catalog
                    .service_for(&matcher.normalized)
                    .map(|s| s.id.as_str());
                assert_eq!(
                    found,
                    Some(service.id.as_str()),
                    "alias {alias:?} of {}",
                    service.id
                );
            }
        }
    }

    #[test]
    fn bad_entries_are_refused_with_their_id() {
        let service = |id: &str, aliases: &str, not: &str| {
            format!(
                "version = \"t\"\n[[service]]\nid = \"{id}\"\nname_ja = \"a\"\nname_en = \"a\"\noperator_ja = \"a\"\n\
                 operator_en = \"a\"\nabout_ja = \"a\"\nabout_en = \"a\"\naliases = [{aliases}]\nnot = [{not}]\n"
            )
        };
        let refuse = |text: String| Catalog::from_toml("branch.toml", &text).unwrap_err();
        assert_eq!(
            refuse(service("Bad Id", "\"X\"", "")),
            CatalogError {
                file: "branch.toml".into(),
                problem: "id \"Bad Id\" must be lower-case letters and digits joined by hyphens"
                    .into()
            }
        );
        assert_eq!(
            refuse(service("x-pay", "", "")).problem,
            "x-pay: a service needs at least one alias"
        );
        assert_eq!(
            refuse(service("x-pay", "\"　\"", "")).problem,
            "x-pay: aliases entry \"\\u{3000}\" is empty once normalised"
        );
        assert_eq!(
            refuse(service("x-pay", "\"ｴｯｸｽﾍﾟｲ\"", "\"エックス\"")).problem,
            "x-pay: alias \"ｴｯｸｽﾍﾟｲ\" is itself excluded by `not`, so it could never match"
        );
        let twice = format!(
            "{}{}",
            service("x-pay", "\"X\"", ""),
            service("x-pay", "\"Y\"", "").replace("version = \"t\"\n", "")
        );
        assert_eq!(refuse(twice).problem, "service \"x-pay\" appears twice");
        assert!(
            refuse("version = 1".into())
                .problem
                .contains("invalid type"),
            "toml errors say where and what"
        );
    }

    #[test]
    fn every_builtin_service_lists_passbook_forms_recognised_as_itself() {
        let catalog = Catalog::builtin();
        assert_eq!(
            catalog.services_without_passbook_forms(),
            Vec::<&str>::new()
        );
        for service in catalog.services() {
            for form in &service.passbook {
                assert!(
                    !form.source.trim().is_empty(),
                    "{} {:?}",
                    service.id,
                    form.text
                );
                let found = catalog
                    .service_for(&crate::normalize::normalize(&form.text))
                    .map(|s| s.id.as_str());
                assert_eq!(found, Some(service.id.as_str()), "form {:?}", form.text);
            }
        }
        let docomo = catalog.service("docomo-koza").unwrap();
        assert!(docomo.passbook.iter().any(|f| f.text == "ﾄﾞｺﾓｺｳｻﾞ"));
    }

    #[test]
    fn a_passbook_form_of_another_service_or_without_source_is_refused() {
        let service = |passbook: &str| {
            format!(
                "version = \"t\"\n[[service]]\nid = \"x-pay\"\nname_ja = \"a\"\nname_en = \"a\"\noperator_ja = \"a\"\n\
                 operator_en = \"a\"\nabout_ja = \"a\"\nabout_en = \"a\"\naliases = [\"ｴｯｸｽﾍﾟｲ\"]\npassbook = [{passbook}]\n"
            )
        };
        let refuse = |text: String| {
            Catalog::from_toml("branch.toml", &text)
                .unwrap_err()
                .problem
        };
        assert_eq!(
            refuse(service("{ text = \"ﾜｲﾍﾟｲ\", source = \"s\" }")),
            "x-pay: passbook form \"ﾜｲﾍﾟｲ\" is recognised as no service, not as this service"
        );
        assert_eq!(
            refuse(service("{ text = \"ｴｯｸｽﾍﾟｲ\", source = \" \" }")),
            "x-pay: passbook form \"ｴｯｸｽﾍﾟｲ\" has an empty source"
        );
        assert!(
            refuse(service("{ text = \"ｴｯｸｽﾍﾟｲ\" }")).contains("source"),
            "a form without a source names the missing field"
        );
        let ok = Catalog::from_toml(
            "branch.toml",
            &service("{ text = \"ﾌﾘｶｴ ｴｯｸｽﾍﾟｲ\", source = \"s\" }"),
        )
        .unwrap();
        assert_eq!(ok.service("x-pay").unwrap().passbook[0].text, "ﾌﾘｶｴ ｴｯｸｽﾍﾟｲ");
    }

    #[test]
    fn a_branch_file_adds_and_replaces_services() {
        let mut catalog = Catalog::builtin();
        let branch = Catalog::from_toml(
            "branch.toml",
            "version = \"branch-1\"\n[[service]]\nid = \"x-pay\"\nname_ja = \"Xペイ\"\nname_en = \"X Pay\"\n\
             operator_ja = \"X\"\noperator_en = \"X\"\nabout_ja = \"a\"\nabout_en = \"a\"\naliases = [\"ｴｯｸｽﾍﾟｲ\"]\n",
        )
        .unwrap();
        catalog.extend(branch);
        assert_eq!(
            catalog
                .service_for("フリカエエツクスペイ")
                .map(|s| s.id.as_str()),
            Some("x-pay")
        );
        assert!(catalog.version.ends_with("+branch-1"));
        assert!(
            catalog.service("docomo-koza").is_some(),
            "built-in services stay"
        );
    }
}
