//! MNIST digits: the bundled 10 000 real digits and a loader for the standard
//! IDX files (gzipped or not), so a user with the full 60 000-digit set can
//! point ganvas at it.

pub mod dcgan;
mod error;
pub mod idx;
pub mod quality;
pub mod view;
