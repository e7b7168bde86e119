//! The training worker: a background thread that owns the trainer and talks to the UI
//! only through crossbeam channels — commands in; frames (newest wins), history
//! (lossless) and events out. No egui: the UI passes a plain wake-up closure.

pub mod protocol;
mod thread;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, bounded, unbounded};

pub use protocol::{
    Command, Event, Frame, HistoryBatch, HistoryPoint, Stage, StepKind, TimelineInfo,
};

use crate::gan::timeline::{DEFAULT_BUDGET_BYTES, DEFAULT_MAX_CHECKPOINTS};
use crate::gan::{Backend, DataSource, GanConfig, SnapshotSpec, TrainError, Trainer};

/// Capacity of the history channel, in batches; while it is full the worker keeps
/// accumulating and sends everything in its next batch.
const HISTORY_BATCHES: usize = 256;
/// Capacity of the event channel.
const EVENT_CAPACITY: usize = 1024;

/// How to start a worker.
#[derive(Clone, Debug)]
pub struct WorkerInit {
    /// Backend to train on.
    pub backend: Backend,
    /// Model and hyper-parameters.
    pub config: GanConfig,
    /// Data to train on.
    pub data: DataSource,
    /// Seed of weights, noise and sampling.
    pub seed: u64,
    /// Start playing at once.
    pub playing: bool,
    /// Iterations-per-second cap (`None` = uncapped).
    pub speed_cap: Option<f64>,
    /// Least time between two frames while playing (the UI's frame rate).
    pub frame_interval: Duration,
    /// What snapshots compute.
    pub snapshot: SnapshotSpec,
    /// Memory budget of the time-travel checkpoints, bytes.
    pub timeline_budget_bytes: usize,
    /// Most time-travel checkpoints kept.
    pub timeline_max_checkpoints: usize,
}

impl Default for WorkerInit {
    fn default() -> Self {
        Self {
            backend: Backend::default(),
            config: GanConfig::default(),
            data: DataSource::default(),
            seed: 0,
            playing: false,
            speed_cap: None,
            frame_interval: Duration::from_millis(33),
            snapshot: SnapshotSpec::default(),
            timeline_budget_bytes: DEFAULT_BUDGET_BYTES,
            timeline_max_checkpoints: DEFAULT_MAX_CHECKPOINTS,
        }
    }
}

/// The UI's side of the worker. Dropping it stops and joins the thread.
pub struct WorkerHandle {
    commands: Sender<Command>,
    frames: Receiver<Frame>,
    history: Receiver<HistoryBatch>,
    events: Receiver<Event>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl WorkerHandle {
    /// Builds the trainer and starts the thread `ganvas-trainer`. `wake` is called
    /// whenever new frames, history or events are ready (e.g. egui's `request_repaint`).
    pub fn spawn(init: WorkerInit, wake: impl Fn() + Send + 'static) -> Result<Self, TrainError> {
        let trainer = Trainer::new(
            init.backend,
            init.config.clone(),
            init.data.clone(),
            init.seed,
        )?;
        Ok(Self::spawn_with(init, trainer, Box::new(wake)))
    }

    fn spawn_with(init: WorkerInit, trainer: Trainer, wake: Box<dyn Fn() + Send>) -> Self {
        let (commands_tx, commands_rx) = unbounded();
        let (frames_tx, frames_rx) = bounded(1);
        let (history_tx, history_rx) = bounded(HISTORY_BATCHES);
        let (events_tx, events_rx) = bounded(EVENT_CAPACITY);
        let stop = Arc::new(AtomicBool::new(false));
        let links = thread::Links {
            commands: commands_rx,
            frames_tx,
            frames_rx: frames_rx.clone(),
            history: history_tx,
            events: events_tx,
            wake,
            stop: Arc::clone(&stop),
        };
        let thread = std::thread::Builder::new()
            .name("ganvas-trainer".into())
            .spawn(move || thread::run(init, trainer, links))
            .ok();
        Self {
            commands: commands_tx,
            frames: frames_rx,
            history: history_rx,
            events: events_rx,
            stop,
            thread,
        }
    }

    /// Sends a command; it takes effect before the next training step.
    pub fn send(&self, command: Command) {
        self.commands.send(command).ok(); // fails only once the worker has stopped
    }

    /// The newest frame published since the last call, if any (never blocks).
    pub fn latest_frame(&self) -> Option<Frame> {
        self.frames.try_iter().last()
    }

    /// Every history point published since the last call, in order (never blocks);
    /// rewinds are left out (see [`Self::drain_history_batches`]).
    pub fn drain_history(&self) -> Vec<HistoryPoint> {
        self.history.try_iter().flat_map(|b| b.points).collect()
    }

    /// Every history batch published since the last call, rewinds included, in order
    /// (never blocks).
    pub fn drain_history_batches(&self) -> Vec<HistoryBatch> {
        self.history.try_iter().collect()
    }

    /// Every event published since the last call (never blocks).
    pub fn drain_events(&self) -> Vec<Event> {
        self.events.try_iter().collect()
    }

    /// Whether the thread is still running.
    pub fn is_alive(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.commands.send(Command::Shutdown).ok();
        if let Some(thread) = self.thread.take() {
            thread.join().ok();
        }
    }
}
