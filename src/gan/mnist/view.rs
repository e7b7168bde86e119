//! What the window shows of MNIST training: a grid of digits generated from fixed
//! noise (so each cell morphs smoothly as training goes) beside real digits.

use serde::{Deserialize, Serialize};

use super::quality::ClassStats;
use crate::gan::sampler::{DIGIT_PIXELS, Sampler};

/// Real digits shown beside the generated grid.
pub const REAL_SHOWN: usize = 8;

/// Generated and real digits as 28×28 grey bytes (0 = black, 255 = white ink).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DigitSnapshot {
    /// Generated digits from the fixed noise, row-major 28×28 each.
    pub fake: Vec<Vec<u8>>,
    /// A few real digits.
    pub real: Vec<Vec<u8>>,
    /// Class histogram, confidence and score by the bundled classifier.
    pub classes: Option<ClassStats>,
}

impl DigitSnapshot {
    /// Builds the grid from generated pixels in [−1, 1] (`n × 784` values).
    pub fn new(fakes: &[f32], sampler: &Sampler, grid: usize) -> Self {
        let fake = fakes
            .chunks_exact(DIGIT_PIXELS)
            .take(grid)
            .map(pm1_to_bytes)
            .collect();
        let real = sampler
            .digits()
            .map(|d| {
                (0..REAL_SHOWN.min(d.len()))
                    .map(|i| d.image(i).to_vec())
                    .collect()
            })
            .unwrap_or_default();
        Self {
            fake,
            real,
            classes: None,
        }
    }
}

/// Pixels in [−1, 1] to grey bytes.
pub fn pm1_to_bytes(pixels: &[f32]) -> Vec<u8> {
    pixels
        .iter()
        .map(|&v| ((v.clamp(-1.0, 1.0) + 1.0) * 127.5).round() as u8)
        .collect()
}
