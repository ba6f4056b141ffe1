//! How the window paints on Linux.
//!
//! WebKitGTK's accelerated compositing draws every frame through OpenGL. Without a GPU (a branch's
//! thin client, a virtual machine, a remote desktop) that OpenGL is emulated in software, and
//! scrolling ten years of history in the review drops every frame: 49 ms a frame at 1280 × 900
//! under Xvfb. Painted straight into the window instead, the same scroll takes 14 ms a frame with
//! none dropped (`tests/e2e/bench-scroll.mjs`). The app is plain pages and one chart, with no
//! animation that needs a GPU, so it paints directly everywhere.

/// The WebKitGTK setting that turns compositing off.
#[cfg(target_os = "linux")]
const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Turns WebKitGTK's compositing off, unless whoever started the app set the variable
/// themselves. Runs first in `main`, before any thread starts: changing the environment while
/// another thread reads it is not safe.
pub fn paint_directly() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(DISABLE_COMPOSITING).is_none() {
        std::env::set_var(DISABLE_COMPOSITING, "1");
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::{paint_directly, DISABLE_COMPOSITING};

    // One test, as the environment is the process's: no other test here reads this variable.
    #[test]
    fn compositing_is_turned_off_unless_the_person_chose() {
        std::env::set_var(DISABLE_COMPOSITING, "0");
        paint_directly();
        assert_eq!(std::env::var(DISABLE_COMPOSITING).unwrap(), "0");
        std::env::remove_var(DISABLE_COMPOSITING);
        paint_directly();
        assert_eq!(std::env::var(DISABLE_COMPOSITING).unwrap(), "1");
    }
}
