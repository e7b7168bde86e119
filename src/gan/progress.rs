//! What training reports: progress counters, latest losses, and the errors that stop
//! it (including divergence).

use serde::{Deserialize, Serialize};

use super::backend::BackendUnavailable;
use super::config::ConfigError;
use super::data::DataError;

/// Which of the two networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Network {
    /// The generator G.
    Generator,
    /// The discriminator D.
    Discriminator,
}

impl Network {
    /// Lower-case name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Generator => "generator",
            Self::Discriminator => "discriminator",
        }
    }
}

/// Training went numerically wrong; both networks were rolled back to finite weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error(
    "training diverged at iteration {iteration}: the {} {what}; weights restored from iteration {restored_from}",
    network.name()
)]
pub struct Divergence {
    /// The iteration during which it happened (1-based, as the counter will read).
    pub iteration: u64,
    /// The network whose loss or weights became non-finite.
    pub network: Network,
    /// What became non-finite, e.g. "loss became NaN".
    pub what: String,
    /// The iteration whose weights (and optimizer state) were restored.
    pub restored_from: u64,
}

/// Anything that stops the trainer from being built or from stepping.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TrainError {
    /// An invalid configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A data source without samples.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A backend missing from this build.
    #[error(transparent)]
    Backend(#[from] BackendUnavailable),
    /// Training diverged; change a hyper-parameter or reset to go on.
    #[error(transparent)]
    Diverged(#[from] Divergence),
}

/// How far training has gone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// Completed iterations (a step, a D-only step or a G-only step each count one).
    pub iteration: u64,
    /// Discriminator updates applied.
    pub d_updates: u64,
    /// Generator updates applied.
    pub g_updates: u64,
}

/// The most recent loss of each network (`None` before its first update).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Losses {
    /// Discriminator loss of its latest update.
    pub loss_d: Option<f32>,
    /// Generator loss of its latest update.
    pub loss_g: Option<f32>,
}

/// How a non-finite loss value reads in a message.
pub(crate) fn describe(value: f32) -> &'static str {
    if value.is_nan() {
        "NaN"
    } else if value > 0.0 {
        "+∞"
    } else {
        "−∞"
    }
}

/// One iteration's figures; the history stream carries every one of them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryPoint {
    /// The iteration this point closes.
    pub iteration: u64,
    /// Discriminator loss of its latest update.
    pub loss_d: Option<f32>,
    /// Generator loss of its latest update.
    pub loss_g: Option<f32>,
    /// Discriminator learning rate used.
    pub lr_d: f64,
    /// Generator learning rate used.
    pub lr_g: f64,
    /// KL divergence, on iterations where a snapshot was taken.
    pub kl: Option<f64>,
    /// JS divergence, on iterations where a snapshot was taken.
    pub js: Option<f64>,
    /// Modes covered (mixtures with known modes) or digit classes covered (MNIST), on
    /// snapshot iterations.
    pub modes_covered: Option<u32>,
    /// Share of fakes near some mode (mixtures) or mean top-class confidence (MNIST),
    /// on snapshot iterations: sample quality for the mode-collapse meter.
    #[serde(default)]
    pub quality: Option<f32>,
}
