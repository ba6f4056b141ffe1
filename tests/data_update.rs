//! Signed data updates: a good bundle from a trusted branch key is installed and used; a
//! tampered, unsigned, older or untrusted one is refused and nothing changes; an installed bundle
//! that no longer verifies at start is set aside and the built-in data is used.

use std::path::Path;

use kouza_guard::catalog::Catalog;
use kouza_guard::data_update::{self, BundleError, SetAside, TrustedKeys, BUILTIN_SERIAL};
use kouza_guard::lang::Lang;
use kouza_guard::normalize::normalize;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn data(path: &str) -> String {
    std::fs::read_to_string(Path::new(REPO).join("data").join(path)).unwrap()
}

/// The payload of a bundle with serial `serial`, whose catalog knows one more service.
fn payload(serial: u64) -> String {
    let catalog = data("catalog/services.toml")
        + "\n[[service]]\nid = \"zz-new-pay\"\nname_ja = \"ニューペイ\"\nname_en = \"New Pay\"\n\
           operator_ja = \"株式会社ニューペイ\"\noperator_en = \"New Pay Inc.\"\n\
           about_ja = \"新しい決済サービスです。\"\nabout_en = \"A new payment service.\"\n\
           aliases = [\"ニユーペイ\"]\nnot = []\n";
    serde_json::json!({
        "format": 1,
        "serial": serial,
        "label": format!("bundle {serial}"),
        "catalog": catalog,
        "steps": data("guidance/steps.toml"),
        "contacts": data("guidance/contacts.toml"),
        "deadlines": data("guidance/deadlines.toml"),
    })
    .to_string()
}

struct Signer {
    keys: minisign::KeyPair,
}

impl Signer {
    fn new() -> Signer {
        Signer {
            keys: minisign::KeyPair::generate_unencrypted_keypair().unwrap(),
        }
    }

    fn public_key_file(&self) -> String {
        self.keys.pk.to_box().unwrap().into_string()
    }

    fn bundle(&self, payload: &str) -> String {
        let signature = minisign::sign(
            Some(&self.keys.pk),
            &self.keys.sk,
            payload.as_bytes(),
            Some("kouza-guard data"),
            None,
        )
        .unwrap();
        serde_json::json!({"payload": payload, "signature": signature.into_string()}).to_string()
    }
}

fn knows_new_pay(catalog: &Catalog) -> bool {
    catalog.service_for(&normalize("ﾆﾕｰﾍﾟｲ")).is_some()
}

#[test]
fn a_bundle_signed_by_a_branch_key_added_on_purpose_is_installed_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let signer = Signer::new();
    let bundle = signer.bundle(&payload(BUILTIN_SERIAL + 1));

    // Not yet trusted: refused, nothing installed.
    let keys = TrustedKeys::with_branch_keys(dir.path()).unwrap();
    assert!(matches!(
        data_update::install(dir.path(), &bundle, &keys),
        Err(BundleError::UntrustedKey(_))
    ));
    assert!(!knows_new_pay(
        &data_update::in_use(dir.path(), &keys).catalog
    ));

    TrustedKeys::add_branch_key(dir.path(), &signer.public_key_file()).unwrap();
    let keys = TrustedKeys::with_branch_keys(dir.path()).unwrap();
    let installed = data_update::install(dir.path(), &bundle, &keys).unwrap();
    assert_eq!(installed.serial, BUILTIN_SERIAL + 1);

    // At the next start it is verified again and used.
    let in_use = data_update::in_use(dir.path(), &keys);
    assert!(in_use.version.from_bundle);
    assert_eq!(
        in_use.version.label,
        format!("bundle {}", BUILTIN_SERIAL + 1)
    );
    // Its catalog says which data it is, for every review and sheet made with it.
    assert_eq!(in_use.catalog.data_version, in_use.version);
    assert!(knows_new_pay(&in_use.catalog));
    assert!(in_use.set_aside.is_none());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("data-bundle.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn a_tampered_unsigned_or_older_bundle_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let signer = Signer::new();
    TrustedKeys::add_branch_key(dir.path(), &signer.public_key_file()).unwrap();
    let keys = TrustedKeys::with_branch_keys(dir.path()).unwrap();

    let good = signer.bundle(&payload(BUILTIN_SERIAL + 5));
    let tampered = good.replace("ニユーペイ", "ドコモコウザ");
    assert_ne!(tampered, good);
    assert_eq!(
        data_update::install(dir.path(), &tampered, &keys).err(),
        Some(BundleError::Tampered)
    );
    let unsigned = serde_json::json!({"payload": payload(BUILTIN_SERIAL + 5)}).to_string();
    assert_eq!(
        data_update::install(dir.path(), &unsigned, &keys).err(),
        Some(BundleError::Unsigned)
    );
    let older = signer.bundle(&payload(BUILTIN_SERIAL));
    assert!(matches!(
        data_update::install(dir.path(), &older, &keys),
        Err(BundleError::NotNewer { .. })
    ));
    assert!(
        !dir.path().join("data-bundle.json").exists(),
        "nothing installed"
    );

    // Once one is installed, one with the same serial is not newer either.
    data_update::install(dir.path(), &good, &keys).unwrap();
    let same = signer.bundle(&payload(BUILTIN_SERIAL + 5));
    assert_eq!(
        data_update::install(dir.path(), &same, &keys).err(),
        Some(BundleError::NotNewer {
            offered: BUILTIN_SERIAL + 5,
            in_use: BUILTIN_SERIAL + 5
        })
    );
}

#[test]
fn a_bundle_with_bad_data_is_refused_though_its_signature_holds() {
    let dir = tempfile::tempdir().unwrap();
    let signer = Signer::new();
    TrustedKeys::add_branch_key(dir.path(), &signer.public_key_file()).unwrap();
    let keys = TrustedKeys::with_branch_keys(dir.path()).unwrap();
    let bad = payload(BUILTIN_SERIAL + 1).replace("aliases = [\\\"ニユーペイ\\\"]", "aliases = 3");
    assert!(matches!(
        data_update::install(dir.path(), &signer.bundle(&bad), &keys),
        Err(BundleError::InvalidData(_))
    ));
}

#[test]
fn a_bundle_whose_label_cannot_stand_on_a_sheet_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let signer = Signer::new();
    TrustedKeys::add_branch_key(dir.path(), &signer.public_key_file()).unwrap();
    let keys = TrustedKeys::with_branch_keys(dir.path()).unwrap();
    let labelled = |label: &str| {
        let mut payload: serde_json::Value =
            serde_json::from_str(&payload(BUILTIN_SERIAL + 1)).unwrap();
        payload["label"] = label.into();
        signer.bundle(&payload.to_string())
    };
    for (label, why) in [
        ("", "the label is empty"),
        ("a\u{1b}[2Jb", "the label holds a control character"),
        (&"長".repeat(65), "the label is longer than 64 characters"),
    ] {
        assert_eq!(
            data_update::install(dir.path(), &labelled(label), &keys).err(),
            Some(BundleError::InvalidData(why.into()))
        );
    }
    assert!(data_update::install(dir.path(), &labelled(&"長".repeat(64)), &keys).is_ok());
}

#[test]
fn a_refusal_reads_in_japanese_and_in_english() {
    let refusals = [
        (BundleError::Unsigned, "署名がありません", "not signed"),
        (
            BundleError::Tampered,
            "改ざん",
            "changed after it was signed",
        ),
        (
            BundleError::UntrustedKey("5240B8AD4528A0D8".into()),
            "信頼していない鍵（5240B8AD4528A0D8）",
            "(key 5240B8AD4528A0D8)",
        ),
        (
            BundleError::NotNewer {
                offered: 1,
                in_use: 2,
            },
            "この更新（1）は、使っているデータ（2）より新しくありません",
            "(1) is not newer than the data in use (2)",
        ),
    ];
    for (error, ja, en) in refusals {
        assert!(
            error.text(Lang::Ja).contains(ja),
            "{}",
            error.text(Lang::Ja)
        );
        assert!(
            error.text(Lang::En).contains(en),
            "{}",
            error.text(Lang::En)
        );
    }
}

#[test]
fn an_installed_bundle_that_fails_at_start_is_set_aside_for_the_built_in_data() {
    let dir = tempfile::tempdir().unwrap();
    let signer = Signer::new();
    TrustedKeys::add_branch_key(dir.path(), &signer.public_key_file()).unwrap();
    let keys = TrustedKeys::with_branch_keys(dir.path()).unwrap();
    data_update::install(
        dir.path(),
        &signer.bundle(&payload(BUILTIN_SERIAL + 1)),
        &keys,
    )
    .unwrap();
    let path = dir.path().join("data-bundle.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("ニユーペイ", "ニユーヘイ")).unwrap();

    let in_use = data_update::in_use(dir.path(), &keys);
    assert!(!in_use.version.from_bundle);
    assert!(!knows_new_pay(&in_use.catalog));
    let why = in_use.set_aside.expect("a message says why");
    assert_eq!(why, SetAside::Refused(BundleError::Tampered));
    assert!(
        why.text(Lang::En).contains("does not match its contents"),
        "{why:?}"
    );
    assert!(why.text(Lang::Ja).contains("組み込みのデータで確認します"));
    assert!(!path.exists());
    assert!(dir.path().join("data-bundle.json.rejected").exists());

    // A bundle signed by a key no longer trusted is set aside the same way.
    data_update::install(
        dir.path(),
        &signer.bundle(&payload(BUILTIN_SERIAL + 2)),
        &keys,
    )
    .unwrap();
    let in_use = data_update::in_use(dir.path(), &TrustedKeys::builtin());
    assert!(in_use
        .set_aside
        .unwrap()
        .text(Lang::En)
        .contains("does not trust"));
}

#[test]
fn scripts_sign_data_makes_a_bundle_the_app_installs() {
    if std::process::Command::new("minisign")
        .arg("-v")
        .output()
        .is_err()
    {
        panic!("minisign is not installed: scripts/setup.sh test installs it");
    }
    let dir = tempfile::tempdir().unwrap();
    let keys = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let secret = keys.sk.to_box(None).unwrap().into_string();
    TrustedKeys::add_branch_key(dir.path(), &keys.pk.to_box().unwrap().into_string()).unwrap();
    let out = dir.path().join("bundle.json");
    let status = std::process::Command::new(Path::new(REPO).join("scripts/sign-data.sh"))
        .arg(&out)
        .arg("test-label")
        .env("KOUZA_GUARD_DATA_KEY", secret)
        .env("SERIAL", (BUILTIN_SERIAL + 7).to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let keys = TrustedKeys::with_branch_keys(dir.path()).unwrap();
    let bundle = std::fs::read_to_string(&out).unwrap();
    let installed = data_update::install(dir.path(), &bundle, &keys).unwrap();
    assert_eq!(
        (installed.serial, installed.label.as_str()),
        (BUILTIN_SERIAL + 7, "test-label")
    );
}

#[test]
fn a_chosen_file_is_read_only_when_it_is_a_small_regular_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("photo.json");
    std::fs::write(&picture, [0x89, b'P', b'N', b'G', 0xff, 0xfe]).unwrap();
    assert!(matches!(
        data_update::read_file(&picture),
        Err(BundleError::NotABundle(why)) if why.contains("photo.json is not UTF-8 text")
    ));
    let missing = dir.path().join("missing.json");
    assert!(matches!(
        data_update::read_file(&missing),
        Err(BundleError::Io(why)) if why.contains("missing.json")
    ));
    assert!(matches!(
        data_update::read_file(dir.path()),
        Err(BundleError::Io(why)) if why.contains("not a regular file")
    ));
    let large = dir.path().join("large.json");
    let file = std::fs::File::create(&large).unwrap();
    file.set_len(16 * 1024 * 1024 + 1).unwrap();
    assert!(matches!(
        data_update::read_file(&large),
        Err(BundleError::Io(why)) if why.contains("too large")
    ));
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.json");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        // Refused at once, not waited on for a writer that never comes.
        assert!(matches!(
            data_update::read_file(&fifo),
            Err(BundleError::Io(why)) if why.contains("not a regular file")
        ));
    }
}
