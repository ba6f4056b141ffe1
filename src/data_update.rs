//! Signed updates of what the app knows — the service catalog, the guidance and its contacts —
//! without a new build: when a new e-money service is abused, a data bundle can teach the app
//! its name before the next release.
//!
//! A bundle is one JSON file: `{"payload": "…", "signature": "…"}`. The payload is itself JSON
//! text (`format`, `serial`, `label`, and the texts of `catalog`, `steps`, `contacts` and
//! `deadlines`); the signature is a minisign signature (Ed25519 over the BLAKE2b hash) of the
//! payload's bytes. A bundle is accepted only when it is signed by a key built into the app or
//! by a branch key the person added on purpose ([`TrustedKeys`]), when every file in it passes
//! the same checks as the built-in data, and when its serial is newer than the data in use.
//! An installed bundle is verified again at every start ([`in_use`]); one that fails is set
//! aside with a message and the built-in data is used. `scripts/sign-data.sh` makes a bundle.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::guidance::GuidanceData;
use crate::lang::Lang;

/// The serial of the data built into this binary: a bundle must be newer to be installed.
/// Written as YYYYMMDDNN, as scripts/sign-data.sh writes bundles' serials by default.
#[allow(clippy::inconsistent_digit_grouping)]
pub const BUILTIN_SERIAL: u64 = 2026_11_30_00;

/// The keys whose bundles every copy of the app accepts: minisign public keys. The secret key is
/// held by whoever releases the app; none is in this repository.
const BUILTIN_KEYS: &[&str] = &["RWTYoChFrbhAUulXF3V/NlGOd2bXc+z8vmDoEcPew7iH3RmWBcDFIAcH"];

/// The bundle installed in a data folder.
const INSTALLED: &str = "data-bundle.json";
/// The folder of branch keys in a data folder, one minisign public key file each.
const BRANCH_KEYS: &str = "trusted-keys";

/// Why a bundle was refused. Nothing changes when one is.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum BundleError {
    /// The file is not a data bundle at all.
    #[error("this is not a Kouza Guard data bundle: {0}")]
    NotABundle(String),
    /// The bundle carries no signature.
    #[error("the bundle is not signed; only signed bundles are installed")]
    Unsigned,
    /// The signature is by a key the app does not trust.
    #[error("the bundle is signed by a key this app does not trust (key {0}); a branch key must be added on purpose first")]
    UntrustedKey(String),
    /// The signature does not match the contents: the bundle was changed after it was signed.
    #[error(
        "the bundle's signature does not match its contents: it was changed after it was signed"
    )]
    Tampered,
    /// A file inside the bundle fails the checks the built-in data passes.
    #[error("the bundle's data is not valid: {0}")]
    InvalidData(String),
    /// The bundle is not newer than the data in use.
    #[error(
        "the bundle ({offered}) is not newer than the data in use ({in_use}); nothing was changed"
    )]
    NotNewer {
        /// The bundle's serial.
        offered: u64,
        /// The serial of the data in use.
        in_use: u64,
    },
    /// A file could not be read or written.
    #[error("{0}")]
    Io(String),
}

impl BundleError {
    /// The refusal in `lang`: what was wrong with the bundle, in words a person reads. Nothing
    /// was changed.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (BundleError::NotABundle(why), Lang::Ja) => {
                format!("口座ガードのデータ更新ファイルではありません: {why}")
            }
            (BundleError::Unsigned, Lang::Ja) => {
                "署名がありません。署名付きの更新だけを取り込みます。".to_owned()
            }
            (BundleError::UntrustedKey(id), Lang::Ja) => format!(
                "このアプリが信頼していない鍵（{id}）で署名されています。支店の鍵は、あらかじめ意図して追加したものだけを信頼します。"
            ),
            (BundleError::Tampered, Lang::Ja) => {
                "署名と中身が合いません。署名の後で書き換えられています（改ざん）。".to_owned()
            }
            (BundleError::InvalidData(why), Lang::Ja) => {
                format!("更新の中のデータが正しくありません: {why}")
            }
            (BundleError::NotNewer { offered, in_use }, Lang::Ja) => format!(
                "この更新（{offered}）は、使っているデータ（{in_use}）より新しくありません。何も変えていません。"
            ),
            (BundleError::Io(why), Lang::Ja) => format!("ファイルを読み書きできません: {why}"),
            (error, Lang::En) => error.to_string(),
        }
    }
}

/// Why an installed bundle was set aside at this start, while the built-in data is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetAside {
    /// It no longer verifies: changed on disk, or signed by a key no longer trusted.
    Refused(BundleError),
    /// It verifies, but is older than the data built into this version of the app.
    Older {
        /// The bundle's label.
        label: String,
    },
}

impl SetAside {
    /// What the person is told, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (SetAside::Refused(error), Lang::Ja) => format!(
                "取り込んであったデータ更新を使えないため、別にして、組み込みのデータで確認します: {}",
                error.text(Lang::Ja)
            ),
            (SetAside::Refused(error), Lang::En) => {
                format!("the installed data bundle was set aside: {error}")
            }
            (SetAside::Older { label }, Lang::Ja) => format!(
                "取り込んであったデータ更新（{label}）は、このアプリに組み込みのデータより古いため、別にしました。"
            ),
            (SetAside::Older { label }, Lang::En) => format!(
                "the installed data bundle ({label}) is older than this version's own data"
            ),
        }
    }
}

/// The keys bundles may be signed with.
pub struct TrustedKeys {
    keys: Vec<TrustedKey>,
}

struct TrustedKey {
    /// The key's id as minisign writes it (16 hex digits).
    id: String,
    key: minisign_verify::PublicKey,
}

impl TrustedKeys {
    /// Only the keys built into the app.
    pub fn builtin() -> TrustedKeys {
        let keys = (BUILTIN_KEYS.iter())
            .map(|text| key(text).unwrap_or_else(|e| panic!("a built-in data key: {e}")))
            .collect();
        TrustedKeys { keys }
    }

    /// The built-in keys and the branch keys added in `data_dir`. A branch key file that cannot
    /// be read as a key is an error naming it, not silently skipped.
    pub fn with_branch_keys(data_dir: &Path) -> Result<TrustedKeys, BundleError> {
        let mut keys = TrustedKeys::builtin();
        let folder = data_dir.join(BRANCH_KEYS);
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return Ok(keys);
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| BundleError::Io(format!("{}: {e}", path.display())))?;
            let added = key(&text).map_err(|e| {
                BundleError::Io(format!(
                    "{}: not a minisign public key: {e}",
                    path.display()
                ))
            })?;
            keys.keys.push(added);
        }
        Ok(keys)
    }

    /// Adds a branch's public key (the text of a minisign `.pub` file, or its base64 line) to
    /// `data_dir`, so that bundles it signs are accepted from now on. Gives the key's id.
    pub fn add_branch_key(data_dir: &Path, text: &str) -> Result<String, BundleError> {
        let added = key(text).map_err(|e| BundleError::NotABundle(format!("key: {e}")))?;
        let folder = data_dir.join(BRANCH_KEYS);
        std::fs::create_dir_all(&folder).map_err(|e| BundleError::Io(e.to_string()))?;
        let base64 = key_line(text).unwrap_or_default();
        write_private(&folder.join(format!("{}.pub", added.id)), base64.as_bytes())?;
        Ok(added.id)
    }

    fn find(&self, id: &str) -> Option<&TrustedKey> {
        self.keys.iter().find(|key| key.id == id)
    }
}

/// The base64 line of a minisign public key file (or the line itself).
fn key_line(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with("untrusted comment:"))
}

fn key(text: &str) -> Result<TrustedKey, String> {
    let line = key_line(text).ok_or("empty")?;
    let key = minisign_verify::PublicKey::from_base64(line).map_err(|e| e.to_string())?;
    let id = key_id(line).ok_or("too short")?;
    Ok(TrustedKey { id, key })
}

/// A minisign key's (or signature's) id: bytes 2..10 of its base64 body, little-endian, in hex.
fn key_id(base64_line: &str) -> Option<String> {
    let bytes = data_encoding::BASE64
        .decode(base64_line.trim().as_bytes())
        .ok()?;
    let id = bytes.get(2..10)?;
    Some(id.iter().rev().map(|b| format!("{b:02X}")).collect())
}

/// The outer file of a bundle.
#[derive(Deserialize)]
struct RawBundle {
    payload: String,
    signature: Option<String>,
}

/// What a bundle carries, once its signature holds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPayload {
    format: u32,
    serial: u64,
    label: String,
    catalog: String,
    steps: String,
    contacts: String,
    deadlines: String,
}

/// A bundle whose signature and data were checked.
pub struct DataBundle {
    /// Orders bundles: a newer one has a larger serial.
    pub serial: u64,
    /// What the person sees, e.g. `2026-12-01`.
    pub label: String,
    /// The id of the key that signed it.
    pub signed_by: String,
    /// The catalog it brings.
    pub catalog: Catalog,
    /// The guidance and contacts it brings.
    pub guidance: GuidanceData,
}

/// Checks a bundle's signature against `keys`, then every file in it.
pub fn verify(text: &str, keys: &TrustedKeys) -> Result<DataBundle, BundleError> {
    let raw: RawBundle = serde_json::from_str(text)
        .map_err(|e| BundleError::NotABundle(crate::import::excerpt(&e.to_string())))?;
    let signature_text = raw.signature.filter(|s| !s.trim().is_empty());
    let signature_text = signature_text.ok_or(BundleError::Unsigned)?;
    let signature =
        minisign_verify::Signature::decode(&signature_text).map_err(|_| BundleError::Unsigned)?;
    let signature_line = (signature_text.lines().map(str::trim))
        .find(|line| !line.is_empty() && !line.starts_with("untrusted comment:"))
        .unwrap_or_default();
    let id = key_id(signature_line).unwrap_or_default();
    let trusted = keys
        .find(&id)
        .ok_or(BundleError::UntrustedKey(id.clone()))?;
    (trusted.key)
        .verify(raw.payload.as_bytes(), &signature, false)
        .map_err(|_| BundleError::Tampered)?;
    let payload: RawPayload =
        serde_json::from_str(&raw.payload).map_err(|e| BundleError::InvalidData(e.to_string()))?;
    if payload.format != 1 {
        return Err(BundleError::InvalidData(format!(
            "format {} is not one this version reads",
            payload.format
        )));
    }
    check_label(&payload.label)?;
    let mut catalog = Catalog::from_toml("catalog (bundle)", &payload.catalog)
        .map_err(|e| BundleError::InvalidData(e.to_string()))?;
    catalog.data_version = DataVersion {
        serial: payload.serial,
        label: payload.label.clone(),
        from_bundle: true,
    };
    let guidance = GuidanceData::from_texts(&payload.steps, &payload.contacts, &payload.deadlines)
        .map_err(BundleError::InvalidData)?;
    Ok(DataBundle {
        serial: payload.serial,
        label: payload.label,
        signed_by: trusted.id.clone(),
        catalog,
        guidance,
    })
}

/// The longest label a bundle may carry: it is printed on every sheet.
const MAX_LABEL_CHARS: usize = 64;

/// A bundle's label is shown in every review and on every sheet: one short line of visible text.
fn check_label(label: &str) -> Result<(), BundleError> {
    let problem = if label.trim().is_empty() {
        "is empty"
    } else if label.chars().count() > MAX_LABEL_CHARS {
        "is longer than 64 characters"
    } else if label.chars().any(char::is_control) {
        "holds a control character"
    } else {
        return Ok(());
    };
    Err(BundleError::InvalidData(format!("the label {problem}")))
}

/// Installs the bundle `text` in `data_dir` when it is signed by a trusted key, valid, and newer
/// than the data in use; otherwise nothing changes.
pub fn install(data_dir: &Path, text: &str, keys: &TrustedKeys) -> Result<DataBundle, BundleError> {
    let bundle = verify(text, keys)?;
    let in_use = in_use(data_dir, keys).version.serial;
    if bundle.serial <= in_use {
        return Err(BundleError::NotNewer {
            offered: bundle.serial,
            in_use,
        });
    }
    std::fs::create_dir_all(data_dir).map_err(|e| BundleError::Io(e.to_string()))?;
    write_private(&data_dir.join(INSTALLED), text.as_bytes())?;
    Ok(bundle)
}

/// Writes `bytes` to `path` whole and readable by its owner only (see
/// [`crate::output::files::write_private`]).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), BundleError> {
    crate::output::files::write_private(path, bytes).map_err(|e| BundleError::Io(e.to_string()))
}

/// Which data is in use: the data built into the app, or a signed bundle. Every review and every
/// consultation sheet says which, so that a clerk knows what a judgement was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DataVersion {
    /// The serial bundles are compared by (YYYYMMDDNN).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub serial: u64,
    /// What the person sees: the bundle's label, or the built-in catalog's version.
    pub label: String,
    /// Whether it came from an installed bundle.
    pub from_bundle: bool,
}

impl DataVersion {
    /// The data built into this binary, labelled `label` (the built-in catalog's version).
    pub fn builtin(label: &str) -> DataVersion {
        DataVersion {
            serial: BUILTIN_SERIAL,
            label: label.to_owned(),
            from_bundle: false,
        }
    }

    /// The version as a person and a clerk read it, in `lang`:
    /// `2026120100（2026-12-01・署名付きの更新）` or `2026113000 (2026-11-30, built in)`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => format!("{}（{}・{}）", self.serial, self.label, self.whence(lang)),
            Lang::En => format!("{} ({}, {})", self.serial, self.label, self.whence(lang)),
        }
    }

    /// The version in both languages, Japanese first, as the sheet writes it:
    /// `2026120100（2026-12-01・署名付きの更新 signed update）`.
    pub fn bilingual(&self) -> String {
        format!(
            "{}（{}・{} {}）",
            self.serial,
            self.label,
            self.whence(Lang::Ja),
            self.whence(Lang::En)
        )
    }

    fn whence(&self, lang: Lang) -> &'static str {
        if self.from_bundle {
            lang.pick("署名付きの更新", "signed update")
        } else {
            lang.pick("アプリに組み込み", "built in")
        }
    }
}

/// The data the app uses now: an installed bundle verified again, or the built-in data.
pub struct DataInUse {
    /// The service catalog.
    pub catalog: Catalog,
    /// The guidance and contacts.
    pub guidance: GuidanceData,
    /// Which data this is.
    pub version: DataVersion,
    /// An installed bundle that failed its check at this start and was set aside, and why.
    pub set_aside: Option<SetAside>,
}

impl DataInUse {
    /// The data built into the app.
    pub fn builtin() -> DataInUse {
        let catalog = Catalog::builtin();
        DataInUse {
            version: catalog.data_version.clone(),
            catalog,
            guidance: GuidanceData::builtin(),
            set_aside: None,
        }
    }
}

/// The data in use for `data_dir`: the installed bundle when it still verifies, else the
/// built-in data, with the failing bundle moved aside (`data-bundle.json.rejected`).
pub fn in_use(data_dir: &Path, keys: &TrustedKeys) -> DataInUse {
    let path = data_dir.join(INSTALLED);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return DataInUse::builtin();
    };
    let why = match verify(&text, keys) {
        Ok(bundle) if bundle.serial > BUILTIN_SERIAL => {
            return DataInUse {
                version: bundle.catalog.data_version.clone(),
                catalog: bundle.catalog,
                guidance: bundle.guidance,
                set_aside: None,
            }
        }
        Ok(bundle) => SetAside::Older {
            label: bundle.label,
        },
        Err(error) => SetAside::Refused(error),
    };
    let _ = std::fs::rename(&path, path.with_extension("json.rejected"));
    tracing::warn!("{}", why.text(Lang::En));
    DataInUse {
        set_aside: Some(why),
        ..DataInUse::builtin()
    }
}

/// The largest bundle or key file read: a bundle is a few hundred kilobytes.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a bundle or key file the person chose: a regular file (a FIFO is never waited on) of at
/// most 16 MB, as UTF-8 text. The error names the file.
pub fn read_file(path: &Path) -> Result<String, BundleError> {
    use std::io::Read;
    let failed = |why: String| BundleError::Io(format!("{}: {why}", path.display()));
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Without O_NONBLOCK, opening a FIFO waits for a writer that may never come.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(|e| failed(e.to_string()))?;
    let metadata = file.metadata().map_err(|e| failed(e.to_string()))?;
    if !metadata.is_file() {
        return Err(failed("not a regular file".into()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(failed(format!(
            "{} bytes is too large for a data bundle or key",
            metadata.len()
        )));
    }
    let mut bytes = Vec::new();
    (file.take(MAX_FILE_BYTES + 1))
        .read_to_end(&mut bytes)
        .map_err(|e| failed(e.to_string()))?;
    // A picture or a PDF chosen by mistake is no bundle, rather than a file that cannot be read.
    String::from_utf8(bytes)
        .map_err(|_| BundleError::NotABundle(format!("{} is not UTF-8 text", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_keys_load_and_carry_their_ids() {
        let keys = TrustedKeys::builtin();
        assert_eq!(keys.keys.len(), BUILTIN_KEYS.len());
        assert_eq!(keys.keys[0].id, "5240B8AD4528A0D8");
    }

    #[test]
    fn a_file_that_is_no_bundle_or_has_no_signature_is_refused() {
        let keys = TrustedKeys::builtin();
        assert!(matches!(
            verify("not json", &keys),
            Err(BundleError::NotABundle(_))
        ));
        assert_eq!(
            verify(r#"{"payload": "{}"}"#, &keys).err(),
            Some(BundleError::Unsigned)
        );
        assert_eq!(
            verify(r#"{"payload": "{}", "signature": "nonsense"}"#, &keys).err(),
            Some(BundleError::Unsigned)
        );
    }
}
