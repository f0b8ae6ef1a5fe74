//! Running `cms` commands against the test's database, and reading what
//! they print on failure.

use server::cli::{Cli, Command};

use crate::TestApp;

impl TestApp {
    /// The `cms` command line for `command`, over this app's database.
    #[must_use]
    pub fn cli(&self, command: Command) -> Cli {
        Cli {
            database_url: self.database_url.clone(),
            command,
        }
    }
}

/// The message `cms` prints for an error (`error: {err:#}`), checked to be
/// one non-empty line.
pub fn one_line(err: &impl std::fmt::Display, what: &str) -> String {
    let message = format!("{err:#}");
    assert!(!message.trim().is_empty(), "{what}: an empty message");
    assert!(
        !message.contains('\n'),
        "{what}: more than one line: {message:?}"
    );
    message
}
