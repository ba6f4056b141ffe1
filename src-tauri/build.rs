//! Declares the app's own commands so that capabilities can allow exactly these and nothing else.

/// Every command in `src/commands.rs`.
const COMMANDS: &[&str] = &[
    "app_status",
    "review_demo",
    "create_store",
    "unlock_store",
    "recover_store",
    "set_aside_store",
    "import_waiting",
    "pick_and_import",
    "review_account",
    "answer",
    "delete_everything",
    "consultation_sheet",
    "export_sheet",
    "end_consultation",
    "print_page",
    "explain_line",
    "backup_store",
    "bank_profiles",
    "test_connection",
    "connect_account",
    "disconnect_account",
    "sync_now",
    "set_preferences",
    "declared_services",
    "declare_service",
    "cancel_import",
    "branch_contacts",
    "cancel_sync",
    "data_in_use",
    "install_data",
    "passbook_forms",
    "passbook_period",
    "passbook_check",
    "export_handout",
    // src/mapping.rs
    "mapping_preview",
    "import_mapped",
    "forget_file_to_map",
];

fn main() {
    let commands = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(commands))
        .expect("tauri-build failed: check tauri.conf.json, the icons and the capabilities");
}
