//! MNIST digits: the bundled 10 000 real digits and a loader for the standard
//! IDX files (gzipped or not), so a user with the full 60 000-digit set can
//! point ganvas at it.

pub mod dcgan;
mod error;
pub mod generate;
pub mod idx;
pub mod quality;
pub mod view;

use super::config::{
    Activation, GanConfig, HyperParams, LossKind, ModelConfig, ModelKind, NoiseKind, OptimizerKind,
};

/// The configuration that trains each model family on MNIST: the TF tutorial's
/// (noise 100, non-saturating BCE, Adam β1 = 0.5; lr 1e-4 and batch 256 for the
/// DCGAN) and, for the fast interactive MLP GAN (100 → 256 → 784 / 784 → 256 → 1,
/// ReLU: as good digits as LeakyReLU here, 15% more steps per second), lr 2e-4 at
/// batch 64.
pub fn recommended_config(kind: ModelKind) -> GanConfig {
    let (lr, batch_size) = match kind {
        ModelKind::Mlp => (2e-4, 64),
        ModelKind::Dcgan => (1e-4, 256),
    };
    GanConfig {
        model: ModelConfig {
            kind,
            g_layers: 1,
            g_neurons: 256,
            d_layers: 1,
            d_neurons: 256,
            activation: Activation::Relu,
            noise_dim: 100,
            noise: NoiseKind::Gaussian,
        },
        hyper: HyperParams {
            lr_d: lr,
            lr_g: lr,
            optimizer: OptimizerKind::Adam,
            loss: LossKind::NonSaturating,
            k_d: 1,
            k_g: 1,
            batch_size,
        },
    }
}
pub mod classifier;
