//! The Kouza Guard desktop app: opens the window, prepares the data folder, and serves the
//! commands in [`commands`]. Everything a command does is done by the `kouza-guard` core.
#![deny(missing_docs)]
// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod commands;
mod ipc;
mod startup;

fn main() {
    let options = startup::LaunchOptions::from_args(std::env::args().skip(1));
    let result = tauri::Builder::default()
        .setup(move |app| {
            let status = startup::prepare(app.handle(), options);
            if let ipc::StorageStatus::Unavailable { error } = &status.storage {
                // Also on stderr, for whoever started the app from a terminal or a script.
                eprintln!("kouza-guard-app: {}", error.message);
            }
            tauri::Manager::manage(app, status);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::demo_statement
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("kouza-guard-app: the window could not be opened: {error}");
        std::process::exit(1);
    }
}
