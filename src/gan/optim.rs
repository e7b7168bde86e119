//! Optimizer construction: one [`ModuleOptimizer`] per network, rebuilt only when the
//! optimizer kind changes (learning rates are passed at every step, so changing them
//! keeps Adam's moment estimates).

use burn::optim::{AdamConfig, ModuleOptimizer, SgdConfig};

use super::config::OptimizerKind;

/// Adam's β1: 0.5 is the usual GAN setting (DCGAN paper), calmer than 0.9.
pub const ADAM_BETA1: f32 = 0.5;
/// Adam's β2.
pub const ADAM_BETA2: f32 = 0.999;
/// Adam's ε (PyTorch's default).
pub const ADAM_EPSILON: f32 = 1e-8;

/// A fresh optimizer of the given kind (no moment estimates yet).
pub fn build(kind: OptimizerKind) -> ModuleOptimizer {
    match kind {
        OptimizerKind::Sgd => SgdConfig::new().init(),
        OptimizerKind::Adam => AdamConfig::new()
            .with_beta_1(ADAM_BETA1)
            .with_beta_2(ADAM_BETA2)
            .with_epsilon(ADAM_EPSILON)
            .init(),
    }
}
