//! Ready-made experiments that show one GAN failure and the knob that fixes it.

use super::config::{GanConfig, HyperParams, LossKind, ModelConfig, NoiseKind, OptimizerKind};
use super::data::Preset;

/// Mode collapse on demand: the eight-gaussian ring with a non-saturating GAN whose
/// generator learns as fast as its discriminator, one D step per G step. The
/// generator keeps chasing whichever modes the discriminator currently favours and
/// covers only a few of them at a time (watch the meter hop).
pub struct ModeCollapseDemo;

impl ModeCollapseDemo {
    /// The data it runs on.
    pub const DATA: Preset = Preset::Ring8;

    /// The configuration that collapses.
    pub fn config() -> GanConfig {
        GanConfig {
            model: ModelConfig {
                g_layers: 2,
                g_neurons: 64,
                d_layers: 2,
                d_neurons: 64,
                noise: NoiseKind::Gaussian,
                ..ModelConfig::default()
            },
            hyper: HyperParams {
                lr_d: 1e-3,
                lr_g: 1e-3,
                optimizer: OptimizerKind::Adam,
                loss: LossKind::NonSaturating,
                k_d: 1,
                k_g: 1,
                batch_size: 64,
            },
        }
    }

    /// The knob that fixes it, in words.
    pub const FIX: &str = "Switch the loss to WGAN-GP (5 critic steps per G step): the critic's gradients point every fake towards the nearest real mass, so all modes get covered.";

    /// The fixed hyper-parameters: the same run with WGAN-GP and its defaults.
    pub fn fix(hyper: HyperParams) -> HyperParams {
        hyper.with_loss(LossKind::WganGp)
    }
}
