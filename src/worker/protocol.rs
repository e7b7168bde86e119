//! The worker protocol: commands in; frames (newest wins), history (lossless) and
//! events out. Plain data only: no tensors, no egui.

use serde::{Deserialize, Serialize};

use crate::gan::{
    Backend, DataSource, Divergence, GanConfig, HyperParams, ModelConfig, Snapshot, Trainer,
};

/// Which networks a manual step updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepKind {
    /// A full iteration: k_D discriminator updates then k_G generator updates.
    Both,
    /// One discriminator update.
    Discriminator,
    /// One generator update.
    Generator,
}

/// The part of an iteration running now, for slow motion (GAN Lab's walk-through).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// D scores a batch of real samples.
    DiscriminateReal,
    /// G turns noise into fakes and D scores them.
    DiscriminateFake,
    /// D's loss, gradients and update.
    UpdateDiscriminator,
    /// G turns noise into fakes, D scores them for G's loss.
    GeneratorForward,
    /// G's loss, gradients and update.
    UpdateGenerator,
}

impl Stage {
    /// The stages of one iteration, in order.
    pub const ALL: [Self; 5] = [
        Self::DiscriminateReal,
        Self::DiscriminateFake,
        Self::UpdateDiscriminator,
        Self::GeneratorForward,
        Self::UpdateGenerator,
    ];

    /// What happens in this stage, for the UI.
    pub fn description(self) -> &'static str {
        match self {
            Self::DiscriminateReal => "Discriminator classifies real samples",
            Self::DiscriminateFake => {
                "Generator derives samples from noise; discriminator classifies them"
            }
            Self::UpdateDiscriminator => "Discriminator loss, gradients and update",
            Self::GeneratorForward => {
                "Generator derives samples; discriminator classifies fake samples only"
            }
            Self::UpdateGenerator => "Generator loss, gradients and update",
        }
    }
}

/// Below this speed cap (iterations per second) an iteration is walked through stage
/// by stage.
pub const SLOW_MOTION_MAX_SPEED: f64 = 5.0;

/// An instruction to the training thread.
pub enum Command {
    /// Train continuously.
    Play,
    /// Stop after the current iteration.
    Pause,
    /// Exactly one step of the given kind, even while paused; a frame follows at once.
    Step(StepKind),
    /// New weights from the same seed and config; counters back to 0.
    Reset,
    /// New hyper-parameters from the very next update; weights and moments kept.
    SetHyper(HyperParams),
    /// New architecture or noise: the networks are rebuilt.
    SetModel(ModelConfig),
    /// Train on other data, keeping the weights.
    SetData(DataSource),
    /// Move training to another backend, keeping the weights.
    SetBackend(Backend),
    /// Cap the speed in iterations per second (`None` = as fast as the CPU allows).
    SetSpeed(Option<f64>),
    /// Rebuild the trainer after a crash, from the last good configuration.
    Restart,
    /// Run a function on the trainer inside the worker, between two steps (tests and
    /// tools; the UI never needs it).
    WithTrainer(Box<dyn FnOnce(&mut Trainer) + Send>),
    /// Stop the thread.
    Shutdown,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Play => write!(f, "Play"),
            Self::Pause => write!(f, "Pause"),
            Self::Step(kind) => write!(f, "Step({kind:?})"),
            Self::Reset => write!(f, "Reset"),
            Self::SetHyper(h) => write!(f, "SetHyper({h:?})"),
            Self::SetModel(m) => write!(f, "SetModel({m:?})"),
            Self::SetData(d) => write!(f, "SetData({})", d.name()),
            Self::SetBackend(b) => write!(f, "SetBackend({})", b.name()),
            Self::SetSpeed(s) => write!(f, "SetSpeed({s:?})"),
            Self::Restart => write!(f, "Restart"),
            Self::WithTrainer(_) => write!(f, "WithTrainer(..)"),
            Self::Shutdown => write!(f, "Shutdown"),
        }
    }
}

/// Everything the views draw, published newest-wins.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// What the canvas and metrics show.
    pub snapshot: Snapshot,
    /// Whether training is running.
    pub playing: bool,
    /// The configuration in force.
    pub config: GanConfig,
    /// The data trained on.
    pub data: DataSource,
    /// The backend trained on.
    pub backend: Backend,
    /// Measured training speed over the last second, iterations per second.
    pub steps_per_sec: f64,
    /// The speed cap, if any.
    pub speed_cap: Option<f64>,
    /// The slow-motion stage running now.
    pub stage: Option<Stage>,
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
}

/// Something the UI must tell the person.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Training diverged and was paused; the weights are the last finite ones.
    Diverged(Divergence),
    /// A command could not be applied (bad value); nothing changed.
    Rejected(String),
    /// The training code panicked; the worker waits for [`Command::Restart`].
    Crashed(String),
    /// The worker was rebuilt after a crash.
    Restarted,
}
