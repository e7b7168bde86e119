//! The adversarial losses, in numerically stable forms (softplus, never `log(sigmoid)`).
//!
//! The discriminator sees one batch: `B` real rows followed by `B` fake rows, so one
//! forward pass serves both halves. For the log losses
//! `−log σ(l) = softplus(−l)` and `−log(1 − σ(l)) = softplus(l) = softplus(−l) + l`,
//! so the whole D loss is `(1/B)·Σᵢ [softplus(−lᵢ) + cᵢ·lᵢ]` with a constant per-row
//! coefficient `cᵢ` (0 for real rows, 0.05 for real rows under label smoothing, 1 for
//! fake rows): six tensor operations, whatever the loss. The critic losses use the
//! same rows as signs (−1 real, +1 fake): Wasserstein is `(1/B)·Σᵢ cᵢ·lᵢ`, hinge is
//! `(1/B)·Σᵢ max(0, 1 + cᵢ·lᵢ)`; WGAN-GP adds [`gradient_penalty`].

use burn::prelude::*;
use burn::tensor::activation::{relu, softplus};

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
            LossKind::WganGp | LossKind::Hinge => (-1.0, 1.0),
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
            LossKind::WganGp => (logits * self.rows.clone()).sum().mul_scalar(scale), // [1]
            LossKind::Hinge => {
                let margin = (logits * self.rows.clone()).add_scalar(1.0);
                relu(margin).sum().mul_scalar(scale) // [1]
            }
        }
    }
}

/// Weight λ of WGAN-GP's gradient penalty (the paper's 10).
pub const GRADIENT_PENALTY_WEIGHT: f64 = 10.0;

/// WGAN-GP's gradient penalty `λ·mean((‖g‖₂ − 1)²)` for the critic's input gradients
/// `g` `[B, dim]` at points between real and fake samples.
pub fn gradient_penalty(input_gradients: Tensor<2>) -> Tensor<1> {
    // A tiny floor inside the root keeps its derivative finite at g = 0.
    let norms = input_gradients.square().sum_dim(1).add_scalar(1e-12).sqrt(); // [B, 1]
    norms
        .sub_scalar(1.0)
        .square()
        .mean()
        .mul_scalar(GRADIENT_PENALTY_WEIGHT) // [1]
}

/// The generator loss for D's logits on a fake batch `[B, 1]`: what G minimises.
pub fn generator_loss(loss: LossKind, fake_logits: Tensor<2>) -> Tensor<1> {
    match loss {
        // E[log(1 − D(G(z)))] = −E[softplus(l)]
        LossKind::Minimax => softplus(fake_logits, 1.0).mean().neg(),
        // −E[log D(G(z))] = E[softplus(−l)]
        LossKind::NonSaturating | LossKind::GanLab => softplus(fake_logits.neg(), 1.0).mean(),
        LossKind::LeastSquares => fake_logits.sub_scalar(1.0).square().mean().mul_scalar(0.5),
        // −E[D(G(z))]
        LossKind::WganGp | LossKind::Hinge => fake_logits.mean().neg(),
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

/// What the heatmap shows for a batch of raw discriminator outputs: the probability
/// that a point is real (σ(l) for the log and hinge losses, the clamped regression
/// output for least squares); for the Wasserstein critic, whose scores have no fixed
/// scale, the score rescaled so the batch spans 0 (least real) to 1 (most real).
pub fn probability_real(loss: LossKind, logits: Tensor<2>) -> Tensor<2> {
    match loss {
        LossKind::LeastSquares => logits.clamp(0.0, 1.0),
        LossKind::WganGp => {
            let low = logits.clone().min().into_scalar::<f32>();
            let high = logits.clone().max().into_scalar::<f32>();
            let span = (high - low).max(1e-12);
            logits.sub_scalar(low).div_scalar(span)
        }
        _ => burn::tensor::activation::sigmoid(logits),
    }
}
