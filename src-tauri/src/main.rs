//! The Kouza Guard desktop app: checks the data folder, opens the window, and serves the commands
//! in [`commands`]. Everything a command does is done by the `kouza-guard` core.
#![deny(missing_docs)]
// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod commands;
mod ipc;
mod startup;

use tauri::Manager;

fn main() {
    let options = startup::LaunchOptions::from_args(std::env::args().skip(1));
    let app = tauri::Builder::default()
        .setup(move |app| {
            let status = startup::prepare(app.handle(), options);
            if let ipc::StorageStatus::Unavailable { error } = &status.storage {
                // Also on stderr, for whoever started the app from a terminal or a script.
                eprintln!("kouza-guard-app: {}", error.message);
            }
            let scratch =
                startup::open_main_window(app.handle(), &status).unwrap_or_else(|error| {
                    eprintln!("kouza-guard-app: the window could not be opened: {error}");
                    std::process::exit(1);
                });
            app.manage(scratch);
            app.manage(status);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::review_demo
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("kouza-guard-app: the app could not start: {error}");
            std::process::exit(1);
        });
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            handle.state::<startup::ScratchWebviewData>().remove();
        }
    });
}
