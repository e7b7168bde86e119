//! Why a session could not be saved or read.

use std::path::PathBuf;

use crate::gan::progress::TrainError;

/// A session that cannot be written or read back.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The file could not be read or written.
    #[error("{}: {message}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        message: String,
    },
    /// The file does not start with a session's magic bytes.
    #[error("not a ganvas session file (wrong magic bytes)")]
    NotASession,
    /// Written by a newer ganvas in a format this build cannot read.
    #[error(
        "this session was written by a newer ganvas (format {found}; this build reads up to format {supported}): update ganvas to open it"
    )]
    Newer {
        /// The file's format version.
        found: u32,
        /// The newest format this build reads.
        supported: u32,
    },
    /// The file ends early.
    #[error("session file truncated: it ends inside the {what}")]
    Truncated {
        /// The part being read when the bytes ran out.
        what: &'static str,
    },
    /// The contents do not make sense.
    #[error("corrupt session file: {0}")]
    Corrupt(String),
    /// The saved run cannot be rebuilt (its configuration or data are not usable here).
    #[error("the saved run cannot be rebuilt: {0}")]
    Rebuild(#[from] TrainError),
}
