//! What the app and the CLI give a person: the files they write (sheets, reports, a saved PDF)
//! and the text they print to a terminal. Both come from a statement a stranger may have shaped,
//! and both are checked here, in one place, for every caller:
//!
//! - [`files`]: an output never overwrites a statement that was read, two outputs of one run
//!   never share a file, and each is written whole, readable by its owner only (0600).
//! - [`terminal`]: control characters in printed text are shown escaped, never obeyed.
//! - [`scratch`]: a private folder for a consultation's web view that a killed run does not leave
//!   behind.
//! - [`no_core_dumps`]: a crash writes no core file, which would hold decrypted statements.

pub mod files;
pub mod scratch;
pub mod terminal;

/// Turns core dumps off for this process and every process it starts (WebKit's helpers inherit
/// the limit): a crash in the middle of a consultation must not leave the decrypted store on disk
/// in a core file. Called first thing in the app's and the CLI's `main`. Returns whether the limit
/// is now 0 (always true where there are no core dumps to turn off).
pub fn no_core_dumps() -> bool {
    #[cfg(unix)]
    {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit only reads the struct passed by reference; lowering a limit needs no
        // privilege and affects only this process and its future children.
        unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) == 0 }
    }
    #[cfg(not(unix))]
    {
        true
    }
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn after_no_core_dumps_the_core_limit_is_zero() {
        assert!(super::no_core_dumps());
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: getrlimit writes into the struct passed.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) }, 0);
        assert_eq!((limit.rlim_cur, limit.rlim_max), (0, 0));
    }
}
