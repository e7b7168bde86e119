//! Time travel on the worker: the checkpoint timeline, scrubbing through it and
//! rewinding the run to one of its checkpoints.

use super::{Recipe, Worker};
use crate::gan::{TrainState, Trainer};
use crate::worker::protocol::Event;

impl Worker {
    /// Starts a new timeline from the trainer's current state.
    pub(super) fn restart_timeline(&mut self) {
        self.timeline.clear();
        if let Some(trainer) = self.trainer.as_ref() {
            self.timeline.record(trainer.state());
        }
    }

    /// Shows the run as it was at the checkpoint at or before `iteration`, keeping the
    /// present aside.
    pub(super) fn scrub(&mut self, iteration: u64) {
        let Some(state) = self.pause_at_checkpoint(iteration) else {
            return;
        };
        if self.present.is_none() {
            self.present = self.trainer.as_ref().map(Trainer::state);
        }
        self.guarded(|t| t.restore(state));
    }

    /// Pauses (completing a slow-motion iteration) and finds the checkpoint at or
    /// before `iteration`, telling the person when there is none.
    fn pause_at_checkpoint(&mut self, iteration: u64) -> Option<TrainState> {
        self.finish_partial_iteration();
        self.playing = false;
        let state = self.timeline.at_or_before(iteration).cloned();
        if state.is_none() {
            self.send_event(Event::Rejected(format!(
                "no checkpoint at or before iteration {iteration}"
            )));
        }
        state
    }

    /// Leaves scrubbing: the trainer goes back to the present.
    pub(super) fn return_to_present(&mut self) {
        if let Some(present) = self.present.take() {
            self.guarded(|t| t.restore(present));
        }
    }

    /// Resumes from the checkpoint at or before `iteration`, abandoning the future.
    pub(super) fn rewind(&mut self, iteration: u64) {
        let Some(state) = self.pause_at_checkpoint(iteration) else {
            return;
        };
        let from = match self.present.take() {
            Some(present) => present.iteration(),
            None => self.trainer.as_ref().map_or(0, |t| t.counters().iteration),
        };
        let to = state.iteration();
        if self.guarded(|t| t.restore(state)) {
            // The run now goes on with the checkpoint's settings: a restart after a
            // crash must rebuild those, not the abandoned future's.
            self.recipe = self
                .trainer
                .as_ref()
                .map_or(self.recipe.clone(), Recipe::of);
            self.timeline.truncate_after(to);
            self.flush_history();
            self.pending_history.retain(|p| p.iteration <= to);
            self.pending_rewind = Some(to);
            self.flush_history();
            self.run += 1;
            self.send_event(Event::Rewound {
                from,
                to,
                run: self.run,
            });
        }
    }
}
