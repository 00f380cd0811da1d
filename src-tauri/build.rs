// Declares the app's one command so that capabilities can grant exactly it.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["api"])),
    )
    .unwrap_or_else(|e| panic!("tauri-build failed: {e}"));
}
