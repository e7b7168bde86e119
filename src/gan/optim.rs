//! Optimizer construction: one [`ModuleOptimizer`] per network, rebuilt only when the
//! optimizer kind or Adam's betas change (learning rates are passed at every step, so
//! changing them keeps Adam's moment estimates).

use burn::optim::{AdamConfig, ModuleOptimizer, SgdConfig};

use super::config::{HyperParams, OptimizerKind};

/// Adam's ε (PyTorch's default).
pub const ADAM_EPSILON: f32 = 1e-8;

/// What an optimizer is built from: its kind and, for Adam, the betas the loss asks
/// for ([`crate::gan::LossKind::adam_betas`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptimizerSpec {
    /// SGD or Adam.
    pub kind: OptimizerKind,
    /// Adam's (β1, β2).
    pub betas: (f32, f32),
}

impl OptimizerSpec {
    /// The optimizer a set of hyper-parameters trains with.
    pub fn of(hyper: &HyperParams) -> Self {
        Self {
            kind: hyper.optimizer,
            betas: hyper.loss.adam_betas(),
        }
    }

    /// Whether switching from `self` to `other` needs new optimizers (SGD ignores betas).
    pub fn needs_rebuild_for(self, other: Self) -> bool {
        self.kind != other.kind || (self.kind == OptimizerKind::Adam && self.betas != other.betas)
    }
}

/// A fresh optimizer (no moment estimates yet).
pub fn build(spec: OptimizerSpec) -> ModuleOptimizer {
    match spec.kind {
        OptimizerKind::Sgd => SgdConfig::new().init(),
        OptimizerKind::Adam => AdamConfig::new()
            .with_beta_1(spec.betas.0)
            .with_beta_2(spec.betas.1)
            .with_epsilon(ADAM_EPSILON)
            .init(),
    }
}
