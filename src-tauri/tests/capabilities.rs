//! Every command the window is handed (`generate_handler!` in `src/main.rs`) is declared in
//! `build.rs` and allowed by the main window's capability; and nothing else is allowed. A command
//! left out is refused by Tauri's ACL at run time, on the screen that calls it.

use std::collections::BTreeSet;

fn source(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The commands handed to `generate_handler!`, by name.
fn handled() -> BTreeSet<String> {
    let main = source("src/main.rs");
    let start = main
        .find("generate_handler![")
        .expect("main.rs hands commands to generate_handler!");
    let list = &main[start + "generate_handler![".len()..];
    let list = &list[..list.find(']').expect("the handler list ends")];
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| entry.rsplit("::").next().unwrap_or(entry).to_owned())
        .collect()
}

/// The commands `build.rs` declares.
fn declared() -> BTreeSet<String> {
    let build = source("build.rs");
    let start = build
        .find("const COMMANDS")
        .expect("build.rs lists COMMANDS");
    let list = &build[start..];
    let list = &list[list.find('[').unwrap() + 1..list.find("];").unwrap()];
    list.lines()
        .map(str::trim)
        .filter(|line| line.starts_with('"'))
        .map(|line| line.trim_end_matches(',').trim_matches('"').to_owned())
        .collect()
}

/// The app's own commands the main window's capability allows (its `"allow-…"` entries).
fn allowed() -> BTreeSet<String> {
    source("capabilities/default.json")
        .split('"')
        .filter_map(|text| text.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect()
}

#[test]
fn every_handled_command_is_declared_and_allowed_and_no_other() {
    let handled = handled();
    assert!(handled.contains("app_status"), "{handled:?}");
    assert_eq!(declared(), handled, "build.rs COMMANDS and main.rs differ");
    assert_eq!(
        allowed(),
        handled,
        "capabilities/default.json and main.rs differ"
    );
}
