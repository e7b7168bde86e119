//! Distribution metrics on the unit square: KL and JS divergence on a histogram grid,
//! and mode coverage for mixtures with known centres.

use serde::{Deserialize, Serialize};

use super::data::Mode;

/// Cells per side of the divergence histogram (GAN Lab's 30 × 30).
pub const HISTOGRAM_CELLS: usize = 30;
/// Added to every probability so empty cells keep the logarithms finite (GAN Lab's ε).
pub const EPSILON: f64 = 1e-4;
/// A mode counts as covered when at least this share of fakes lie within 3σ of it.
pub const MODE_COVERED_SHARE: f32 = 0.01;

/// Normalised 30×30 histogram of points (interleaved `x, y`) over `[0, 1]²`.
/// Points outside the square are clamped into the border cells, so no mass is lost.
pub fn histogram(points: &[f32]) -> Vec<f64> {
    let n = HISTOGRAM_CELLS;
    let mut cells = vec![0.0f64; n * n];
    let count = points.len() / 2;
    if count == 0 {
        return cells;
    }
    let cell = |v: f32| ((v * n as f32).floor().max(0.0) as usize).min(n - 1);
    for p in points.chunks_exact(2) {
        let (x, y) = (p[0], p[1]);
        if !(x.is_finite() && y.is_finite()) {
            continue; // a diverged generator: its mass simply goes missing
        }
        cells[cell(x) + n * cell(y)] += 1.0;
    }
    let total = count as f64;
    cells.iter_mut().for_each(|c| *c /= total);
    cells
}

/// `KL(P‖Q)` in bits, with ε added to every cell as GAN Lab does.
pub fn kl_divergence(p: &[f64], q: &[f64]) -> f64 {
    p.iter()
        .zip(q)
        .map(|(&p, &q)| (p + EPSILON) * ((p + EPSILON) / (q + EPSILON)).log2())
        .sum()
}

/// Jensen–Shannon divergence in bits (0 = same distribution, 1 = disjoint).
pub fn js_divergence(p: &[f64], q: &[f64]) -> f64 {
    let m: Vec<f64> = p.iter().zip(q).map(|(a, b)| 0.5 * (a + b)).collect();
    0.5 * (kl_divergence(p, &m) + kl_divergence(q, &m))
}

/// How well the fakes cover a mixture's known modes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModeCoverage {
    /// Per mode: whether at least 1% of fakes lie within 3σ of it.
    pub covered: Vec<bool>,
    /// Per mode: share of fakes within 3σ of it.
    pub shares: Vec<f32>,
    /// Share of fakes within 3σ of some mode (sample quality).
    pub quality: f32,
}

impl ModeCoverage {
    /// Number of covered modes.
    pub fn covered_count(&self) -> usize {
        self.covered.iter().filter(|c| **c).count()
    }

    /// Number of modes.
    pub fn total(&self) -> usize {
        self.covered.len()
    }
}

/// Measures mode coverage of fake points (interleaved `x, y`); `None` without modes.
pub fn mode_coverage(modes: &[Mode], fakes: &[f32]) -> Option<ModeCoverage> {
    if modes.is_empty() {
        return None;
    }
    let count = fakes.len() / 2;
    let mut hits = vec![0usize; modes.len()];
    let mut near_any = 0usize;
    for p in fakes.chunks_exact(2) {
        let nearest = modes
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let (dx, dy) = (p[0] - m.centre[0], p[1] - m.centre[1]);
                (i, (dx * dx + dy * dy).sqrt() / m.sigma)
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, distance_in_sigmas)) = nearest
            && distance_in_sigmas <= 3.0
        {
            hits[i] += 1;
            near_any += 1;
        }
    }
    let total = count.max(1) as f32;
    let shares: Vec<f32> = hits.iter().map(|&h| h as f32 / total).collect();
    Some(ModeCoverage {
        covered: shares.iter().map(|&s| s >= MODE_COVERED_SHARE).collect(),
        shares,
        quality: near_any as f32 / total,
    })
}
