//! Declares the app's own commands so that capabilities can allow exactly these and nothing else.

fn main() {
    let commands = tauri_build::AppManifest::new().commands(&["app_status", "review_demo"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(commands))
        .expect("tauri-build failed: check tauri.conf.json, the icons and the capabilities");
}
