//! Rolling back a divergence: the trainer keeps the two latest checkpoints of its
//! state and restores the older one's networks and optimizers when a loss or weight
//! goes non-finite.

use super::Trainer;
use super::state::TrainState;
use crate::gan::model::parameter_sum;
use crate::gan::progress::{Divergence, Network, TrainError, describe};

/// Iterations between two rollback checkpoints.
pub(super) const CHECKPOINT_EVERY: u64 = 10;

impl Trainer {
    /// Records the current state as the newest rollback checkpoint.
    pub(super) fn checkpoint(&mut self) {
        if self.checkpoints.len() >= 2 {
            self.checkpoints.remove(0);
        }
        let state = self.state();
        self.checkpoints.push(state);
    }

    /// Records a divergence and rolls both networks and optimizers back to the older
    /// checkpoint. A non-finite loss comes either from weights an earlier update pushed
    /// to NaN/∞ (that network is blamed) or from finite weights whose outputs overflow
    /// (the network whose loss it was is blamed).
    pub(super) fn diverge(&mut self, iteration: u64, during: Network, loss: f32) -> TrainError {
        let (network, what) = if !parameter_sum(&self.generator).is_finite() {
            (Network::Generator, "weights became non-finite".to_owned())
        } else if !parameter_sum(&self.discriminator).is_finite() {
            (
                Network::Discriminator,
                "weights became non-finite".to_owned(),
            )
        } else {
            (during, format!("loss became {}", describe(loss)))
        };
        let restored_from = match self.checkpoints.first().cloned() {
            Some(TrainState {
                counters,
                generator,
                discriminator,
                optim_g,
                optim_d,
                ..
            }) => {
                self.generator = generator;
                self.discriminator = discriminator;
                self.optim_g = optim_g;
                self.optim_d = optim_d;
                self.checkpoints.truncate(1);
                counters.iteration
            }
            None => self.counters.iteration,
        };
        let divergence = Divergence {
            iteration,
            network,
            what,
            restored_from,
        };
        self.diverged = Some(divergence.clone());
        divergence.into()
    }
}
