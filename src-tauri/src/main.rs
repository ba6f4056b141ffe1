//! The Kouza Guard desktop app: checks the data folder, opens the window, and serves the commands
//! in [`commands`]. Everything a command does is done by the `kouza-guard` core.
#![deny(missing_docs)]
// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod check_timer;
mod commands;
mod ipc;
mod mapping;
mod painting;
mod startup;
mod state;

use kouza_guard::output::terminal::escape_lines;
use tauri::{DragDropEvent, Emitter, Manager, WindowEvent};

/// The event that tells the page that files wait to be imported (dropped on the window).
const FILES_WAITING: &str = "files-waiting";

fn main() {
    // First of all, before WebKit's processes start (they inherit it): a crash must not write the
    // decrypted store, or a consultation's statements, into a core file.
    kouza_guard::output::no_core_dumps();
    painting::paint_directly();
    kouza_guard::logs::init();
    let options = startup::LaunchOptions::from_args(std::env::args().skip(1));
    let check_every = options.check_every.unwrap_or(check_timer::DEFAULT_EVERY);
    let consultation = options.consultation;
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            let mut state = startup::prepare(app.handle(), options);
            let config = app.path().app_config_dir().ok();
            // What the app knows: a signed data update installed in its data folder, or its own;
            // then a branch's own catalog entries (new services, more aliases) and its own
            // numbers, each with its source, beside the built-in ones.
            state.use_data(state::DataSources {
                data_dir: app.path().app_data_dir().ok(),
                catalog_file: config.as_ref().map(|config| config.join("services.toml")),
                contacts_file: config.as_ref().map(|config| config.join("contacts.toml")),
            });
            if let Some(config) = &config {
                state.use_preferences_file(&config.join("preferences.toml"));
                // And bank profiles for its own bank's account-information API.
                state.use_bank_profiles(&config.join("banks"));
            }
            let storage = state.storage().clone();
            if let ipc::StorageStatus::Unavailable { error } = &storage {
                // Also on stderr, for whoever started the app from a terminal or a script.
                eprintln!("kouza-guard-app: {}", escape_lines(&error.message));
            }
            app.manage(state);
            let scratch =
                startup::open_main_window(app.handle(), &storage).unwrap_or_else(|error| {
                    eprintln!(
                        "kouza-guard-app: the window could not be opened: {}",
                        escape_lines(&error.to_string())
                    );
                    std::process::exit(1);
                });
            app.manage(scratch);
            // A consultation connects no bank, so there is nothing to check.
            if !consultation {
                check_timer::spawn(app.handle().clone(), check_every);
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            // Dropped files are taken here, on the Rust side, so their paths never come from the page.
            // On the main thread, so without waiting for the session (an import may hold it).
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                let state = window.state::<state::AppState>();
                state.wait_for_store(paths.clone());
                let _ = window.emit(FILES_WAITING, paths.len());
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::review_demo,
            commands::create_store,
            commands::unlock_store,
            commands::recover_store,
            commands::set_aside_store,
            commands::import_waiting,
            commands::pick_and_import,
            commands::review_account,
            commands::answer,
            commands::delete_everything,
            commands::consultation_sheet,
            commands::export_sheet,
            commands::end_consultation,
            commands::print_page,
            commands::explain_line,
            commands::backup_store,
            commands::bank_profiles,
            commands::test_connection,
            commands::connect_account,
            commands::disconnect_account,
            commands::sync_now,
            commands::set_preferences,
            commands::declared_services,
            commands::declare_service,
            commands::cancel_import,
            commands::branch_contacts,
            commands::cancel_sync,
            commands::data_in_use,
            commands::install_data,
            commands::passbook_forms,
            commands::passbook_period,
            commands::passbook_check,
            commands::export_handout,
            mapping::mapping_preview,
            mapping::import_mapped,
            mapping::forget_file_to_map
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!(
                "kouza-guard-app: the app could not start: {}",
                escape_lines(&error.to_string())
            );
            std::process::exit(1);
        });
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            handle.state::<startup::ScratchWebviewData>().remove();
        }
    });
}
