//! The adversarial losses, in numerically stable forms (softplus, never `log(sigmoid)`).
//!
//! The discriminator sees one batch: `B` real rows followed by `B` fake rows, so one
//! forward pass serves both halves. For the log losses
//! `−log σ(l) = softplus(−l)` and `−log(1 − σ(l)) = softplus(l) = softplus(−l) + l`,
//! so the whole D loss is `(1/B)·Σᵢ [softplus(−lᵢ) + cᵢ·lᵢ]` with a constant per-row
//! coefficient `cᵢ` (0 for real rows, 0.05 for real rows under label smoothing, 1 for
//! fake rows): six tensor operations, whatever the loss.

use burn::prelude::*;
use burn::tensor::activation::softplus;

use super::config::LossKind;

/// Real-sample target of GAN Lab's loss (one-sided label smoothing).
pub const SMOOTHED_REAL_TARGET: f32 = 0.95;

/// Constant per-row tensor a discriminator loss needs for one batch size, built once
/// and reused while the loss and batch size stay the same.
#[derive(Clone, Debug)]
pub struct DiscriminatorTargets {
    loss: LossKind,
    batch: usize,
    /// `cᵢ` for the log losses, the regression target for least squares: `[2B, 1]`.
    rows: Tensor<2>,
}

impl DiscriminatorTargets {
    /// Builds the per-row constants for `batch` real rows followed by `batch` fake rows.
    pub fn new(loss: LossKind, batch: usize, device: &Device) -> Self {
        let (real, fake) = match loss {
            LossKind::Minimax | LossKind::NonSaturating => (0.0, 1.0),
            LossKind::GanLab => (1.0 - SMOOTHED_REAL_TARGET, 1.0),
            LossKind::LeastSquares => (1.0, 0.0),
        };
        let mut values = vec![real; batch];
        values.resize(2 * batch, fake);
        let rows = Tensor::from_data(TensorData::new(values, [2 * batch, 1]), device);
        Self { loss, batch, rows }
    }

    /// Whether these constants fit a loss and batch size.
    pub fn matches(&self, loss: LossKind, batch: usize) -> bool {
        self.loss == loss && self.batch == batch
    }

    /// The discriminator loss for logits `[2B, 1]` (real rows first): what D minimises.
    pub fn loss(&self, logits: Tensor<2>) -> Tensor<1> {
        let scale = 1.0 / self.batch as f64;
        match self.loss {
            LossKind::Minimax | LossKind::NonSaturating | LossKind::GanLab => {
                let per_row = softplus(logits.clone().neg(), 1.0) + logits * self.rows.clone();
                per_row.sum().mul_scalar(scale) // [1]
            }
            LossKind::LeastSquares => {
                let error = logits - self.rows.clone();
                error.square().sum().mul_scalar(0.5 * scale) // [1]
            }
        }
    }
}

/// The generator loss for D's logits on a fake batch `[B, 1]`: what G minimises.
pub fn generator_loss(loss: LossKind, fake_logits: Tensor<2>) -> Tensor<1> {
    match loss {
        // E[log(1 − D(G(z)))] = −E[softplus(l)]
        LossKind::Minimax => softplus(fake_logits, 1.0).mean().neg(),
        // −E[log D(G(z))] = E[softplus(−l)]
        LossKind::NonSaturating | LossKind::GanLab => softplus(fake_logits.neg(), 1.0).mean(),
        LossKind::LeastSquares => fake_logits.sub_scalar(1.0).square().mean().mul_scalar(0.5),
    }
}

/// The discriminator loss from separate real and fake logits (tests and one-off uses).
pub fn discriminator_loss(
    loss: LossKind,
    real_logits: Tensor<2>,
    fake_logits: Tensor<2>,
) -> Tensor<1> {
    let [batch, _] = real_logits.dims();
    let targets = DiscriminatorTargets::new(loss, batch, &real_logits.device());
    targets.loss(Tensor::cat(vec![real_logits, fake_logits], 0))
}

/// What the heatmap shows for a raw discriminator output: the probability that a point
/// is real (σ(l) for the log losses, the clamped regression output for least squares).
pub fn probability_real(loss: LossKind, logits: Tensor<2>) -> Tensor<2> {
    match loss {
        LossKind::LeastSquares => logits.clamp(0.0, 1.0),
        _ => burn::tensor::activation::sigmoid(logits),
    }
}
