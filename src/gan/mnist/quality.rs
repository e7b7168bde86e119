//! Digit quality from a classifier's predictions: which classes the generator makes
//! (mode collapse shows as missing classes), how confidently, and an
//! Inception-Score-like figure.

use serde::{Deserialize, Serialize};

/// A class counts as covered when at least this share of samples is predicted as it.
pub const CLASS_COVERED_SHARE: f32 = 0.02;

/// Class statistics of a set of generated digits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassStats {
    /// How many samples were predicted as each digit 0–9.
    pub histogram: [u32; 10],
    /// Mean probability of the predicted (top) class.
    pub mean_confidence: f32,
    /// `exp(E_x[KL(p(y|x) ‖ p(y))])`: 1 (all alike or all unsure) to 10 (confident and
    /// evenly spread over the ten digits), as the Inception Score with a digit classifier.
    pub score: f32,
}

impl ClassStats {
    /// Statistics from per-sample class probabilities (`n × 10` values, rows sum to 1).
    pub fn from_probabilities(probabilities: &[f32]) -> Self {
        let rows: Vec<&[f32]> = probabilities.chunks_exact(10).collect();
        let n = rows.len().max(1) as f32;
        let mut histogram = [0u32; 10];
        let mut marginal = [0f32; 10];
        let mut confidence = 0.0;
        for row in &rows {
            let (top, p) = row
                .iter()
                .copied()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, 0.0));
            histogram[top] += 1;
            confidence += p;
            for (m, v) in marginal.iter_mut().zip(row.iter()) {
                *m += v / n;
            }
        }
        let eps = 1e-12f32;
        let mean_kl: f32 = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&marginal)
                    .map(|(&p, &q)| {
                        if p > 0.0 {
                            p * ((p + eps).ln() - (q + eps).ln())
                        } else {
                            0.0
                        }
                    })
                    .sum::<f32>()
            })
            .sum::<f32>()
            / n;
        Self {
            histogram,
            mean_confidence: confidence / n,
            score: mean_kl.exp(),
        }
    }

    /// Classes predicted for at least [`CLASS_COVERED_SHARE`] of the samples.
    pub fn classes_covered(&self) -> usize {
        let total: u32 = self.histogram.iter().sum();
        self.histogram
            .iter()
            .filter(|&&c| total > 0 && c as f32 / total as f32 >= CLASS_COVERED_SHARE)
            .count()
    }
}
