//! The whole state of a training run at one iteration — weights, optimizer moments,
//! random generator, counters, configuration and data — captured and restored as a
//! unit: time travel, divergence rollback and sessions all build on it.

use burn::module::Module as _;
use burn::optim::ModuleOptimizer;

use super::Trainer;
use crate::gan::backend::Backend;
use crate::gan::config::{GanConfig, OptimizerKind};
use crate::gan::data::{DataSource, GanRng};
use crate::gan::model::{Discriminator, Generator};
use crate::gan::progress::{Counters, Losses, TrainError};
use crate::gan::sampler::Sampler;

/// A training run frozen at one iteration. Cloning shares the (immutable) tensors, so
/// capturing is cheap; the memory is held until the state is dropped.
#[derive(Clone)]
pub struct TrainState {
    /// Progress counters at capture time.
    pub counters: Counters,
    /// Latest losses at capture time.
    pub losses: Losses,
    /// The configuration in force.
    pub config: GanConfig,
    /// The data trained on.
    pub data: DataSource,
    /// The backend the tensors live on.
    pub backend: Backend,
    /// The random generator (noise, real samples, interpolation), so replaying from
    /// here draws exactly the same numbers.
    pub rng: GanRng,
    /// The generator network.
    pub generator: Generator,
    /// The discriminator network.
    pub discriminator: Discriminator,
    /// The generator's optimizer with its moment estimates.
    pub optim_g: ModuleOptimizer,
    /// The discriminator's optimizer with its moment estimates.
    pub optim_d: ModuleOptimizer,
}

impl TrainState {
    /// The iteration this state was captured at.
    pub fn iteration(&self) -> u64 {
        self.counters.iteration
    }

    /// Memory the state holds: every parameter once for the weights and, with Adam,
    /// twice more for the moment estimates, at 4 bytes each.
    pub fn memory_bytes(&self) -> usize {
        let params = self.generator.num_params() + self.discriminator.num_params();
        let copies = match self.config.hyper.optimizer {
            OptimizerKind::Sgd => 1,
            OptimizerKind::Adam => 3,
        };
        params * copies * 4
    }
}

impl Trainer {
    /// Captures the whole run at the current iteration.
    pub fn state(&self) -> TrainState {
        TrainState {
            counters: self.counters,
            losses: self.losses,
            config: self.config.clone(),
            data: self.data.clone(),
            backend: self.backend,
            rng: self.rng.clone(),
            generator: self.generator.independent_copy(),
            discriminator: self.discriminator.clone(),
            optim_g: self.optim_g.clone(),
            optim_d: self.optim_d.clone(),
        }
    }

    /// Puts the run back to a captured state: training continues exactly as it did
    /// from there (same weights, moments, random numbers and settings). Clears a
    /// divergence and the rollback checkpoints.
    pub fn restore(&mut self, state: TrainState) -> Result<(), TrainError> {
        if state.data != self.data {
            self.sampler = Sampler::new(&state.data)?;
            self.data = state.data;
        }
        // The state may live on in a timeline: train a copy of its generator.
        let generator = state.generator.independent_copy();
        let (generator, discriminator) = if state.backend == self.backend {
            (generator, state.discriminator)
        } else {
            (
                generator.to_device(&self.device),
                state.discriminator.to_device(&self.device),
            )
        };
        self.counters = state.counters;
        self.losses = state.losses;
        self.config = state.config;
        self.rng = state.rng;
        self.generator = generator;
        self.discriminator = discriminator;
        self.optim_g = state.optim_g;
        self.optim_d = state.optim_d;
        self.diverged = None;
        self.checkpoints.clear();
        self.checkpoint();
        Ok(())
    }
}
