//! The worker protocol: commands in; frames (newest wins), history (lossless) and
//! events out. Plain data only: no tensors, no egui.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use crate::gan::progress::HistoryPoint;
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
    /// Time travel: show every view as the run was at the latest checkpoint at or
    /// before this iteration (training pauses); `None` returns to the present.
    Scrub(Option<u64>),
    /// Resume from the latest checkpoint at or before this iteration: the run is
    /// rewound there (weights, optimizer state, random numbers, settings) and the
    /// checkpoints after it are forgotten; the charts keep the abandoned future dimmed.
    Rewind(u64),
    /// Save the whole session (the run and this metric history) to a file.
    SaveSession {
        /// The file to write (atomically).
        path: PathBuf,
        /// The metric history the window holds.
        history: Vec<HistoryPoint>,
    },
    /// Replace the run with a saved session (training pauses).
    LoadSession(PathBuf),
    /// Write generated samples: `.csv` for 2D points, `.png` or `.idx` for digits.
    ExportSamples {
        /// The file to write.
        path: PathBuf,
        /// How many samples.
        count: usize,
    },
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
            Self::Scrub(at) => write!(f, "Scrub({at:?})"),
            Self::Rewind(at) => write!(f, "Rewind({at})"),
            Self::SaveSession { path, history } => {
                write!(
                    f,
                    "SaveSession({}, {} points)",
                    path.display(),
                    history.len()
                )
            }
            Self::LoadSession(path) => write!(f, "LoadSession({})", path.display()),
            Self::ExportSamples { path, count } => {
                write!(f, "ExportSamples({}, {count})", path.display())
            }
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
    /// Time travel: the checkpoints that can be visited, and which one is shown.
    pub timeline: TimelineInfo,
    /// Counts the rewinds and session loads so far: a frame with a higher number
    /// shows the run after them.
    pub run: u64,
}

/// What the scrubber needs to know about the checkpoint history.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineInfo {
    /// Iterations of the kept checkpoints, oldest first.
    pub checkpoints: Vec<u64>,
    /// Memory they hold, bytes.
    pub memory_bytes: usize,
    /// The memory budget, bytes.
    pub budget_bytes: usize,
    /// The checkpoint iteration shown while scrubbing (`None` = the present).
    pub viewing: Option<u64>,
    /// The newest iteration of the run (the present), also while scrubbing.
    pub present: u64,
}

/// A batch of history points; a rewind travels in the same stream, so points before
/// and after it are never confused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryBatch {
    /// The run was rewound to this iteration before the batch's points: the history
    /// after it becomes an abandoned branch.
    pub rewound_to: Option<u64>,
    /// Points in iteration order.
    pub points: Vec<HistoryPoint>,
}

/// Something the UI must tell the person.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A save or export finished; the message says what was written where.
    Done(String),
    /// A session was loaded; the views start over from its history.
    Loaded {
        /// The file read.
        path: PathBuf,
        /// Its metric history.
        history: Vec<HistoryPoint>,
        /// The [`Frame::run`] of frames that show the loaded run.
        run: u64,
    },
    /// Training diverged and was paused; the weights are the last finite ones.
    Diverged(Divergence),
    /// A command could not be applied (bad value); nothing changed.
    Rejected(String),
    /// The training code panicked; the worker waits for [`Command::Restart`].
    Crashed(String),
    /// The worker was rebuilt after a crash.
    Restarted,
    /// The run was rewound from iteration `from` to the checkpoint at `to`.
    Rewound {
        /// The newest iteration before the rewind.
        from: u64,
        /// The checkpoint training resumes from.
        to: u64,
        /// The [`Frame::run`] of frames that show the rewound run.
        run: u64,
    },
}
