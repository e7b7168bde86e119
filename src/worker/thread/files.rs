//! Sessions and exports on the worker: files are written and read here, off the UI
//! thread.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use super::{Recipe, Worker, panic_message};
use crate::gan::{Snapshotter, export, session};
use crate::worker::protocol::{Event, HistoryPoint};

impl Worker {
    pub(super) fn save_session(&mut self, path: &Path, history: &[HistoryPoint]) {
        let Some(trainer) = self.trainer.as_ref() else {
            return;
        };
        let event = match session::save(path, trainer, history) {
            Ok(()) => Event::Done(format!(
                "session saved to {} (iteration {})",
                path.display(),
                trainer.counters().iteration
            )),
            Err(error) => Event::Rejected(format!("session not saved: {error}")),
        };
        self.send_event(event);
    }

    pub(super) fn load_session(&mut self, path: PathBuf) {
        self.finish_partial_iteration();
        let loaded = catch_unwind(AssertUnwindSafe(|| session::load(&path, None)));
        match loaded {
            Ok(Ok(loaded)) => {
                let trainer = loaded.trainer;
                self.recipe = Recipe::of(&trainer);
                self.snapshotter = Snapshotter::new(self.snapshotter.spec(), trainer.seed());
                self.trainer = Some(trainer);
                self.playing = false;
                self.stage = None;
                self.present = None;
                self.pending_history.clear();
                self.restart_timeline();
                self.run += 1;
                self.send_event(Event::Loaded {
                    path,
                    history: loaded.history,
                    run: self.run,
                });
            }
            Ok(Err(error)) => self.send_event(Event::Rejected(format!(
                "{} not loaded: {error}",
                path.display()
            ))),
            Err(panic) => self.send_event(Event::Rejected(format!(
                "{} not loaded: {}",
                path.display(),
                panic_message(panic.as_ref())
            ))),
        }
    }

    /// Writes generated samples to `path`.
    pub(super) fn export_samples(&mut self, path: &Path, count: usize) {
        let seed = self.recipe.seed ^ 0xe4b0;
        let written = self
            .trainer
            .as_ref()
            .map(|t| export::export_samples(t, path, count, seed));
        match written {
            Some(Ok(message)) => self.send_event(Event::Done(message)),
            Some(Err(error)) => self.send_event(Event::Rejected(error.to_string())),
            None => {}
        }
    }
}
