//! [`IdxError`]: everything that can be wrong with an IDX file or a directory
//! of them, each message naming the file and the problem.

use super::idx::{IMAGES_MAGIC, LABELS_MAGIC};

/// An IDX file (or pair of files) that cannot be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdxError {
    /// The file or directory could not be read or written.
    #[error("{path}: {reason}")]
    Io {
        /// The file or directory.
        path: String,
        /// The operating system's message.
        reason: String,
    },
    /// The first four bytes are not the expected magic number.
    #[error("{name}: wrong magic number {found} ({found:#010x}{}), expected {expected} ({})",
        kind_note(*.found), kind_name(*.expected))]
    BadMagic {
        /// The file.
        name: String,
        /// The magic number found.
        found: u32,
        /// The magic number expected.
        expected: u32,
    },
    /// The data ends before the header or the payload does.
    #[error("{name}: truncated: expected {expected} bytes{}, found {found}", gz_note(*.gzipped))]
    Truncated {
        /// The file.
        name: String,
        /// Length the header implies (or the header's own length).
        expected: u64,
        /// Length found.
        found: u64,
        /// Whether the lengths are counted after gzip decompression.
        gzipped: bool,
    },
    /// Bytes follow the payload the header declares.
    #[error("{name}: {} unexpected trailing bytes: expected {expected} bytes{}, found {found}",
        .found - .expected, gz_note(*.gzipped))]
    TrailingBytes {
        /// The file.
        name: String,
        /// Length the header implies.
        expected: u64,
        /// Length found (counting stops [`MAX_PAYLOAD`](super::idx::MAX_PAYLOAD) bytes past `expected`).
        found: u64,
        /// Whether the lengths are counted after gzip decompression.
        gzipped: bool,
    },
    /// The data starts like gzip but cannot be decompressed.
    #[error("{name}: corrupt gzip data: {reason}")]
    Gzip {
        /// The file.
        name: String,
        /// The decompressor's message.
        reason: String,
    },
    /// The header declares a zero-sized or absurdly large dimension.
    #[error("{name}: header declares dimensions {dims:?}: {problem}")]
    BadDims {
        /// The file.
        name: String,
        /// The declared dimensions.
        dims: Vec<usize>,
        /// What is wrong with them.
        problem: &'static str,
    },
    /// A label that is not a digit.
    #[error("{name}: label {label} at index {index} is not a digit 0-9")]
    BadLabel {
        /// The file.
        name: String,
        /// Position of the label.
        index: usize,
        /// The label found.
        label: u8,
    },
    /// The images and labels files disagree on the number of digits.
    #[error("{images} holds {n_images} images but {labels} holds {n_labels} labels")]
    CountMismatch {
        /// The images file.
        images: String,
        /// Number of images.
        n_images: usize,
        /// The labels file.
        labels: String,
        /// Number of labels.
        n_labels: usize,
    },
    /// No complete MNIST file pair in a directory.
    #[error("no MNIST files in {dir}: looked for {looked_for}")]
    NotFound {
        /// The directory.
        dir: String,
        /// The file names looked for.
        looked_for: String,
    },
    /// Data to write that does not fit the IDX format or its dimensions.
    #[error("{path}: cannot write: {reason}")]
    InvalidWrite {
        /// The file to write.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

fn kind_name(magic: u32) -> &'static str {
    match magic {
        IMAGES_MAGIC => "IDX unsigned-byte images",
        LABELS_MAGIC => "IDX unsigned-byte labels",
        _ => "IDX",
    }
}

fn kind_note(found: u32) -> &'static str {
    match found {
        IMAGES_MAGIC => ", an images file",
        LABELS_MAGIC => ", a labels file",
        0x1f8b_0000..=0x1f8b_ffff => ", gzip inside gzip?",
        _ => "",
    }
}

fn gz_note(gzipped: bool) -> &'static str {
    if gzipped { " after gunzip" } else { "" }
}
