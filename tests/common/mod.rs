//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test binary uses a different part")]

pub mod corpus;
pub mod keychain;
pub mod written;

/// Every file under `dir`, at any depth.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// How a person describes ミライ信用金庫's export (`tests/fixtures/app/mirai-shinkin-*.csv`), whose layout no
/// built-in reader knows: in the app's mapping step, or in a TOML file for the CLI.
pub fn mirai_mapping() -> kouza_guard::import::mapping::Mapping {
    use kouza_guard::import::mapping::{MappedAmount, Mapping};
    Mapping {
        bank: "ミライ信用金庫".into(),
        date: "処理日".into(),
        date_format: None,
        description: vec!["お取引内容".into()],
        amount: MappedAmount::Separate {
            withdrawal: "お引落し額".into(),
            deposit: "お預け入れ額".into(),
        },
        balance: Some("差引残高".into()),
    }
}
