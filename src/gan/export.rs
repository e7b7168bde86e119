//! Exports: generated samples (CSV points for 2D data; a PNG grid or an IDX3 file for
//! digits) and the metric history as CSV. Files are written atomically.

use std::fmt::Write as _;
use std::path::Path;

use super::Trainer;
use super::mnist::{generate, idx};
use super::progress::HistoryPoint;
use super::session::{SessionError, write_atomically};

/// An export that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file name does not say which format to write.
    #[error("{path}: {expected}")]
    UnknownFormat {
        /// The file asked for.
        path: String,
        /// The names that work.
        expected: &'static str,
    },
    /// Zero samples asked for.
    #[error("the number of samples must be at least 1")]
    NoSamples,
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] SessionError),
    /// The PNG could not be encoded.
    #[error("cannot encode the PNG: {0}")]
    Image(String),
    /// Writing the IDX file failed.
    #[error(transparent)]
    Idx(#[from] super::mnist::idx::IdxError),
}

/// Writes `n` generated samples to `path`, in the format its extension names: `.csv`
/// (2D points, `x,y` per line), `.png` (digit grid) or `.idx` / `.idx.gz` (IDX3
/// digits). Returns a one-line description of what was written.
pub fn export_samples(
    trainer: &Trainer,
    path: &Path,
    n: usize,
    seed: u64,
) -> Result<String, ExportError> {
    if n == 0 {
        return Err(ExportError::NoSamples);
    }
    let name = path.to_string_lossy().to_lowercase();
    let unknown = |expected| ExportError::UnknownFormat {
        path: path.display().to_string(),
        expected,
    };
    if !trainer.data().is_images() {
        if !name.ends_with(".csv") {
            return Err(unknown("2D samples are written as .csv (x,y per line)"));
        }
        let points = generate::generate_pixels(trainer, n, seed); // [n, 2]
        let mut csv = String::from("x,y\n");
        for p in points.chunks_exact(2) {
            let _ = writeln!(csv, "{},{}", p[0], p[1]);
        }
        write_atomically(path, |f| f.write_all(csv.as_bytes()))?;
        return Ok(format!("wrote {n} generated points to {}", path.display()));
    }
    let digits = generate::generate_bytes(trainer, n, seed);
    if name.ends_with(".png") {
        let mut png = Vec::new();
        generate::grid_image(&digits, 2)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(|e| ExportError::Image(e.to_string()))?;
        write_atomically(path, |f| f.write_all(&png))?;
    } else if name.ends_with(".idx") || name.ends_with(".idx.gz") || name.ends_with("-ubyte") {
        idx::write_idx_images(path, n, 28, 28, &digits)?;
    } else {
        return Err(unknown(
            "digits are written as .png (grid) or .idx / .idx.gz (IDX3)",
        ));
    }
    Ok(format!("wrote {n} generated digits to {}", path.display()))
}

/// The metric history as CSV: one row per iteration, empty cells where a figure was
/// not measured.
pub fn history_csv(points: &[HistoryPoint]) -> String {
    let mut csv = String::from("iteration,loss_d,loss_g,lr_d,lr_g,kl,js,modes_covered,quality\n");
    let cell = |v: Option<String>| v.unwrap_or_default();
    for p in points {
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{},{},{}",
            p.iteration,
            cell(p.loss_d.map(|v| v.to_string())),
            cell(p.loss_g.map(|v| v.to_string())),
            p.lr_d,
            p.lr_g,
            cell(p.kl.map(|v| v.to_string())),
            cell(p.js.map(|v| v.to_string())),
            cell(p.modes_covered.map(|v| v.to_string())),
            cell(p.quality.map(|v| v.to_string())),
        );
    }
    csv
}

/// Writes the metric history to `path` as CSV.
pub fn export_history(path: &Path, points: &[HistoryPoint]) -> Result<(), ExportError> {
    let csv = history_csv(points);
    write_atomically(path, |f| f.write_all(csv.as_bytes()))?;
    Ok(())
}
