//! Rolling back a divergence: the trainer keeps the two latest checkpoints of both
//! networks and optimizers and restores the older one when a loss or weight goes
//! non-finite.

use burn::optim::ModuleOptimizer;

use super::Trainer;
use crate::gan::model::{Discriminator, Generator, parameter_sum};
use crate::gan::progress::{Divergence, Network, TrainError, describe};

/// Iterations between two rollback checkpoints.
pub(super) const CHECKPOINT_EVERY: u64 = 10;

/// Both networks and optimizers at one iteration, for rolling back a divergence.
#[derive(Clone)]
pub(super) struct Checkpoint {
    pub(super) iteration: u64,
    pub(super) generator: Generator,
    pub(super) discriminator: Discriminator,
    pub(super) optim_g: ModuleOptimizer,
    pub(super) optim_d: ModuleOptimizer,
}

impl Trainer {
    /// Records the current state as the newest checkpoint.
    pub(super) fn checkpoint(&mut self) {
        if self.checkpoints.len() >= 2 {
            self.checkpoints.remove(0);
        }
        self.checkpoints.push(Checkpoint {
            iteration: self.counters.iteration,
            generator: self.generator.clone(),
            discriminator: self.discriminator.clone(),
            optim_g: self.optim_g.clone(),
            optim_d: self.optim_d.clone(),
        });
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
            Some(c) => {
                self.generator = c.generator;
                self.discriminator = c.discriminator;
                self.optim_g = c.optim_g;
                self.optim_d = c.optim_d;
                self.checkpoints.truncate(1);
                c.iteration
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
