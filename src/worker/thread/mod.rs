//! The training loop that runs on the worker thread.

mod files;
mod publish;
mod travel;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use super::WorkerInit;
use super::protocol::{
    Command, Event, Frame, HistoryBatch, HistoryPoint, SLOW_MOTION_MAX_SPEED, Stage, StepKind,
};
use crate::gan::timeline::Timeline;
use crate::gan::{Backend, DataSource, GanConfig, Snapshotter, TrainError, TrainState, Trainer};

/// Longest the loop sleeps without looking at the stop flag.
const IDLE_POLL: Duration = Duration::from_millis(100);

/// The channels the loop talks through.
pub(super) struct Links {
    pub commands: Receiver<Command>,
    pub frames_tx: Sender<Frame>,
    /// The loop's own end of the frame channel, used to discard an unread frame so the
    /// newest always wins.
    pub frames_rx: Receiver<Frame>,
    pub history: Sender<HistoryBatch>,
    pub events: Sender<Event>,
    pub wake: Box<dyn Fn() + Send>,
    pub stop: Arc<AtomicBool>,
}

/// What is needed to rebuild the trainer after a crash.
#[derive(Clone)]
struct Recipe {
    backend: Backend,
    config: GanConfig,
    data: DataSource,
    seed: u64,
}

impl Recipe {
    /// The recipe of a trainer as it is now.
    fn of(trainer: &Trainer) -> Self {
        Self {
            backend: trainer.backend(),
            config: trainer.config().clone(),
            data: trainer.data().clone(),
            seed: trainer.seed(),
        }
    }
}

struct Worker {
    links: Links,
    trainer: Option<Trainer>,
    recipe: Recipe,
    snapshotter: Snapshotter,
    frame_interval: Duration,
    playing: bool,
    speed_cap: Option<f64>,
    next_due: Instant,
    /// Slow motion: the stage of the iteration in progress.
    stage: Option<usize>,
    last_frame_at: Instant,
    pending_history: Vec<HistoryPoint>,
    /// A rewind the next history batch must carry.
    pending_rewind: Option<u64>,
    rate_window: (Instant, u64),
    steps_per_sec: f64,
    /// Time travel: checkpoints of the run.
    timeline: Timeline,
    /// While scrubbing: the present, to return to.
    present: Option<TrainState>,
    /// Rewinds and session loads so far ([`Frame::run`]).
    run: u64,
}

/// Runs the worker until shutdown, stop flag or a closed command channel.
pub(super) fn run(init: WorkerInit, trainer: Trainer, links: Links) {
    let now = Instant::now();
    let mut worker = Worker {
        recipe: Recipe::of(&trainer),
        snapshotter: Snapshotter::new(init.snapshot, init.seed),
        trainer: Some(trainer),
        links,
        frame_interval: init.frame_interval,
        playing: init.playing,
        speed_cap: init.speed_cap,
        next_due: now,
        stage: None,
        last_frame_at: now,
        pending_history: Vec::new(),
        pending_rewind: None,
        rate_window: (now, 0),
        steps_per_sec: 0.0,
        timeline: Timeline::new(init.timeline_budget_bytes, init.timeline_max_checkpoints),
        present: None,
        run: 0,
    };
    worker.restart_timeline();
    worker.publish_frame();
    while !worker.links.stop.load(Ordering::Relaxed) {
        if !worker.handle_commands() {
            break;
        }
        if worker.playing && worker.trainer.is_some() && Instant::now() >= worker.next_due {
            worker.advance();
        }
    }
}

impl Worker {
    /// Drains pending commands (waiting for one when there is nothing to train now).
    /// Returns `false` on shutdown.
    fn handle_commands(&mut self) -> bool {
        let busy = self.playing && self.trainer.is_some();
        let wait = if busy {
            self.next_due.saturating_duration_since(Instant::now())
        } else {
            IDLE_POLL
        };
        let first = if wait.is_zero() {
            self.links.commands.try_recv().ok()
        } else {
            match self.links.commands.recv_timeout(wait.min(IDLE_POLL)) {
                Ok(command) => Some(command),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return false,
            }
        };
        let Some(first) = first else {
            return true;
        };
        let mut next = Some(first);
        let mut changed = false;
        while let Some(command) = next {
            if matches!(command, Command::Shutdown) {
                return false;
            }
            changed |= self.apply(command);
            next = self.links.commands.try_recv().ok();
        }
        // One frame for a whole burst of commands. While playing uncapped the next
        // iteration publishes on the frame schedule anyway.
        let playing_uncapped = self.playing && self.speed_cap.is_none();
        if changed && !playing_uncapped {
            self.publish_frame();
        } else if changed {
            self.last_frame_at = Instant::now() - self.frame_interval;
        }
        true
    }

    /// Applies one command; returns whether the views need a new frame.
    fn apply(&mut self, command: Command) -> bool {
        let mut changed = true;
        if !matches!(
            command,
            Command::Scrub(_) | Command::Rewind(_) | Command::SetSpeed(_) | Command::WithTrainer(_)
        ) {
            self.return_to_present();
        }
        match command {
            Command::Play => {
                self.playing = self.trainer.is_some() && self.trainer_ok_to_play();
                self.next_due = Instant::now();
            }
            Command::Pause => {
                self.finish_partial_iteration();
                self.playing = false;
            }
            Command::Step(kind) => {
                self.finish_partial_iteration();
                self.playing = false;
                self.manual_step(kind);
            }
            Command::Reset => {
                self.stage = None;
                self.guarded(Trainer::reset);
                self.restart_timeline();
            }
            Command::SetHyper(hyper) => {
                self.recipe.config.hyper = hyper.clone();
                self.guarded(|t| t.set_hyper(hyper));
            }
            Command::SetModel(model) => {
                self.finish_partial_iteration();
                self.recipe.config.model = model.clone();
                self.guarded(|t| t.set_model(model));
            }
            Command::SetData(data) => {
                self.recipe.data = data.clone();
                self.guarded(|t| t.set_data(data));
            }
            Command::SetBackend(backend) => {
                self.recipe.backend = backend;
                self.guarded(|t| t.set_backend(backend));
            }
            Command::SetSpeed(cap) => {
                self.finish_partial_iteration();
                self.speed_cap = cap.filter(|c| c.is_finite() && *c > 0.0);
                self.next_due = Instant::now();
            }
            Command::Restart => self.restart(),
            Command::Scrub(Some(iteration)) => self.scrub(iteration),
            Command::Scrub(None) => self.return_to_present(),
            Command::Rewind(iteration) => self.rewind(iteration),
            Command::SaveSession { path, history } => {
                changed = false;
                self.finish_partial_iteration();
                self.save_session(&path, &history);
            }
            Command::LoadSession(path) => self.load_session(path),
            Command::ExportSamples { path, count } => {
                changed = false;
                self.export_samples(&path, count);
            }
            Command::WithTrainer(f) => {
                changed = false;
                self.guarded(|t| {
                    f(t);
                    Ok(())
                });
            }
            Command::Shutdown => {}
        }
        changed
    }

    fn trainer_ok_to_play(&self) -> bool {
        match self.trainer.as_ref().and_then(Trainer::divergence) {
            Some(divergence) => {
                self.send_event(Event::Diverged(divergence.clone()));
                false
            }
            None => true,
        }
    }

    /// Runs `f` on the trainer, turning a panic into a crash event and an error into a
    /// rejection or divergence event.
    fn guarded(&mut self, f: impl FnOnce(&mut Trainer) -> Result<(), TrainError>) -> bool {
        let Some(trainer) = self.trainer.as_mut() else {
            self.send_event(Event::Rejected(
                "the training worker crashed: restart it first".into(),
            ));
            return false;
        };
        match catch_unwind(AssertUnwindSafe(|| f(trainer))) {
            Ok(Ok(())) => true,
            Ok(Err(TrainError::Diverged(divergence))) => {
                self.playing = false;
                self.stage = None;
                self.send_event(Event::Diverged(divergence));
                false
            }
            Ok(Err(error)) => {
                self.send_event(Event::Rejected(error.to_string()));
                false
            }
            Err(panic) => {
                let message = panic_message(panic.as_ref());
                self.trainer = None;
                self.playing = false;
                self.stage = None;
                self.send_event(Event::Crashed(message));
                false
            }
        }
    }

    fn restart(&mut self) {
        let Recipe {
            backend,
            config,
            data,
            seed,
        } = self.recipe.clone();
        let built = catch_unwind(AssertUnwindSafe(|| {
            Trainer::new(backend, config, data, seed)
        }));
        match built {
            Ok(Ok(trainer)) => {
                self.trainer = Some(trainer);
                self.stage = None;
                self.present = None;
                self.restart_timeline();
                self.send_event(Event::Restarted);
            }
            Ok(Err(error)) => self.send_event(Event::Rejected(error.to_string())),
            Err(panic) => self.send_event(Event::Crashed(panic_message(panic.as_ref()))),
        }
    }

    /// A manual step; its frame is published once the command burst is applied.
    fn manual_step(&mut self, kind: StepKind) {
        let done = self.guarded(|t| {
            match kind {
                StepKind::Both => t.step(),
                StepKind::Discriminator => t.step_discriminator(),
                StepKind::Generator => t.step_generator(),
            }
            .map(|_| ())
        });
        if done {
            self.record_iteration(false);
        }
    }

    /// Runs one iteration (or, in slow motion, one stage of one) while playing.
    fn advance(&mut self) {
        let now = Instant::now();
        match self.speed_cap {
            Some(cap) if cap <= SLOW_MOTION_MAX_SPEED => {
                let stage = self.stage.map_or(0, |s| (s + 1) % Stage::ALL.len());
                self.stage = Some(stage);
                self.next_due =
                    now + Duration::from_secs_f64(1.0 / (cap * Stage::ALL.len() as f64));
                let publish = match Stage::ALL[stage] {
                    Stage::UpdateDiscriminator => self.guarded(Trainer::discriminator_phase),
                    Stage::UpdateGenerator => {
                        if self.guarded(Trainer::generator_phase) {
                            self.finish_iteration_and_record(true); // publishes the frame
                        }
                        false
                    }
                    _ => true,
                };
                if publish {
                    self.publish_frame();
                }
            }
            cap => {
                if let Some(cap) = cap {
                    // Catch up at most one interval, so a stall doesn't cause a burst.
                    self.next_due = (self.next_due + Duration::from_secs_f64(1.0 / cap)).max(now);
                }
                if self.guarded(|t| t.step().map(|_| ())) {
                    let frame_due =
                        cap.is_some() || now >= self.last_frame_at + self.frame_interval;
                    self.record_iteration(frame_due);
                } else {
                    self.publish_frame();
                }
            }
        }
    }

    /// In slow motion, completes an iteration whose D phase already ran.
    fn finish_partial_iteration(&mut self) {
        let Some(stage) = self.stage.take() else {
            return;
        };
        let d_done = (2..4).contains(&stage);
        if d_done && self.guarded(Trainer::generator_phase) {
            self.finish_iteration_and_record(false);
        }
    }

    fn finish_iteration_and_record(&mut self, with_frame: bool) {
        if let Some(trainer) = self.trainer.as_mut() {
            trainer.finish_iteration();
        }
        self.record_iteration(with_frame);
    }

    /// Adds the latest iteration to the history; with a frame, also publishes one.
    fn record_iteration(&mut self, with_frame: bool) {
        let Some(trainer) = self.trainer.as_ref() else {
            return;
        };
        self.pending_history.push(trainer.history_point());
        self.rate_window.1 += 1;
        let iteration = trainer.counters().iteration;
        if self.timeline.is_due(iteration) {
            self.timeline.record(trainer.state());
        }
        if with_frame {
            self.publish_frame();
        }
    }

    pub(super) fn send_event(&self, event: Event) {
        self.links.events.try_send(event).ok(); // only a UI that never reads loses events
        (self.links.wake)();
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "the training code panicked".to_owned()
    }
}
