//! The GAN trainer: owns both networks, their optimizers and the data source, and
//! advances training one explicit update at a time.

mod rollback;
mod state;
mod updates;

use rollback::CHECKPOINT_EVERY;
pub use state::TrainState;

use burn::optim::ModuleOptimizer;
use burn::prelude::*;
use std::sync::OnceLock;

use rand::SeedableRng as _;

use super::backend::Backend;
use super::config::{GanConfig, HyperParams, ModelConfig, ModelKind};
use super::data::{DataSource, GanRng};
use super::loss::DiscriminatorTargets;
use super::model::{Discriminator, Generator, build_pair};
use super::optim::{self, OptimizerSpec};
pub use super::progress::{Counters, Divergence, HistoryPoint, Losses, Network, TrainError};
use super::sampler::Sampler;

/// A GAN in training, on 2D points or MNIST digits.
pub struct Trainer {
    backend: Backend,
    device: Device,
    config: GanConfig,
    data: DataSource,
    sampler: Sampler,
    seed: u64,
    rng: GanRng,
    generator: Generator,
    discriminator: Discriminator,
    optim_g: ModuleOptimizer,
    optim_d: ModuleOptimizer,
    counters: Counters,
    losses: Losses,
    targets: DiscriminatorTargets,
    diverged: Option<Divergence>,
    /// The two latest checkpoints (oldest first); a divergence restores the older one,
    /// taken at least [`CHECKPOINT_EVERY`] iterations before it, so weights that were
    /// already exploding (huge but finite) are not kept.
    checkpoints: Vec<TrainState>,
}

impl Trainer {
    /// Builds a trainer with fresh weights drawn from `seed`.
    pub fn new(
        backend: Backend,
        config: GanConfig,
        data: DataSource,
        seed: u64,
    ) -> Result<Self, TrainError> {
        config.validate()?;
        let sampler = Sampler::new(&data)?;
        let device = backend.training_device()?;
        let mut rng = GanRng::seed_from_u64(seed);
        let (generator, discriminator) = build_pair(
            &config.model,
            sampler.dimension(),
            data.is_images(),
            &mut rng,
            &device,
        )?;
        let targets =
            DiscriminatorTargets::new(config.hyper.loss, config.hyper.batch_size, &device);
        let mut trainer = Self {
            backend,
            optim_g: optim::build(OptimizerSpec::of(&config.hyper)),
            optim_d: optim::build(OptimizerSpec::of(&config.hyper)),
            device,
            config,
            data,
            sampler,
            seed,
            rng,
            generator,
            discriminator,
            counters: Counters::default(),
            losses: Losses::default(),
            targets,
            diverged: None,
            checkpoints: Vec::new(),
        };
        trainer.checkpoint();
        Ok(trainer)
    }

    /// The backend this trainer runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The autodiff device of the networks.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The current configuration.
    pub fn config(&self) -> &GanConfig {
        &self.config
    }

    /// The current data source.
    pub fn data(&self) -> &DataSource {
        &self.data
    }

    /// The seed weights and samples are drawn from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Progress counters.
    pub fn counters(&self) -> Counters {
        self.counters
    }

    /// Latest losses.
    pub fn losses(&self) -> Losses {
        self.losses
    }

    /// The history point of the latest iteration: its losses and learning rates (the
    /// snapshot figures are filled in where a snapshot is taken).
    pub fn history_point(&self) -> HistoryPoint {
        let hyper = &self.config.hyper;
        HistoryPoint {
            iteration: self.counters.iteration,
            loss_d: self.losses.loss_d,
            loss_g: self.losses.loss_g,
            lr_d: hyper.lr_d,
            lr_g: hyper.lr_g,
            kl: None,
            js: None,
            modes_covered: None,
            quality: None,
        }
    }

    /// The divergence that stopped training, if any.
    pub fn divergence(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }

    /// The generator network.
    pub fn generator(&self) -> &Generator {
        &self.generator
    }

    /// The discriminator network.
    pub fn discriminator(&self) -> &Discriminator {
        &self.discriminator
    }

    /// One iteration: k_D discriminator updates, then k_G generator updates.
    pub fn step(&mut self) -> Result<Counters, TrainError> {
        self.discriminator_phase()?;
        self.generator_phase()?;
        Ok(self.finish_iteration())
    }

    /// The first half of an iteration: its k_D discriminator updates. Slow motion runs
    /// the phases apart; call [`Self::finish_iteration`] after both.
    pub fn discriminator_phase(&mut self) -> Result<(), TrainError> {
        self.check_not_diverged()?;
        let iteration = self.counters.iteration + 1;
        let k_d = self.config.hyper.k_d;
        self.compute(|t| (0..k_d).try_for_each(|_| t.update_discriminator(iteration)))
    }

    /// The second half of an iteration: its k_G generator updates.
    pub fn generator_phase(&mut self) -> Result<(), TrainError> {
        self.check_not_diverged()?;
        let iteration = self.counters.iteration + 1;
        let k_g = self.config.hyper.k_g;
        self.compute(|t| (0..k_g).try_for_each(|_| t.update_generator(iteration)))
    }

    /// Whether updates run on one thread: the MLP GAN on digits, whose matrices are
    /// too small for two threads to pay off (+20% steps/s, and the other core stays
    /// free for the window). 2D steps are too short to pay for the hop to the pool
    /// (−10%), and the DCGAN's convolutions use every core.
    fn single_threaded(&self) -> bool {
        self.data.is_images() && matches!(self.generator, Generator::Mlp(_))
    }

    /// Runs tensor work on the pool [`Self::single_threaded`] asks for.
    fn compute<R: Send>(&mut self, work: impl FnOnce(&mut Self) -> R + Send) -> R {
        static SINGLE: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
        let pool = SINGLE.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "ganvas-compute".into())
                .build()
                .ok()
        });
        match pool {
            Some(pool) if self.single_threaded() => pool.install(|| work(self)),
            _ => work(self),
        }
    }

    /// Counts the iteration whose phases have run.
    pub fn finish_iteration(&mut self) -> Counters {
        self.counters.iteration += 1;
        if self.counters.iteration.is_multiple_of(CHECKPOINT_EVERY) {
            self.checkpoint();
        }
        self.counters
    }

    /// One iteration that updates only the discriminator, once.
    pub fn step_discriminator(&mut self) -> Result<Counters, TrainError> {
        self.check_not_diverged()?;
        let iteration = self.counters.iteration + 1;
        self.compute(|t| t.update_discriminator(iteration))?;
        self.counters.iteration = iteration;
        Ok(self.counters)
    }

    /// One iteration that updates only the generator, once.
    pub fn step_generator(&mut self) -> Result<Counters, TrainError> {
        self.check_not_diverged()?;
        let iteration = self.counters.iteration + 1;
        self.compute(|t| t.update_generator(iteration))?;
        self.counters.iteration = iteration;
        Ok(self.counters)
    }

    /// Fresh weights and optimizers from the same seed and config; counters back to 0.
    pub fn reset(&mut self) -> Result<(), TrainError> {
        self.rng = GanRng::seed_from_u64(self.seed);
        let (generator, discriminator) = self.build_networks()?;
        self.generator = generator;
        self.discriminator = discriminator;
        self.rebuild_optimizers();
        self.counters = Counters::default();
        self.losses = Losses::default();
        self.diverged = None;
        self.checkpoints.clear();
        self.checkpoint();
        Ok(())
    }

    /// Changes the seed, then resets.
    pub fn reseed(&mut self, seed: u64) -> Result<(), TrainError> {
        self.seed = seed;
        self.reset()
    }

    /// Applies new hyper-parameters from the next update on, keeping weights and (unless
    /// the optimizer kind changes) the optimizer's moment estimates. Clears a divergence,
    /// so training can go on from the last finite weights.
    pub fn set_hyper(&mut self, hyper: HyperParams) -> Result<(), TrainError> {
        GanConfig {
            model: self.config.model.clone(),
            hyper: hyper.clone(),
        }
        .validate()?;
        let rebuild =
            OptimizerSpec::of(&self.config.hyper).needs_rebuild_for(OptimizerSpec::of(&hyper));
        self.config.hyper = hyper;
        if rebuild {
            self.rebuild_optimizers();
        }
        self.diverged = None;
        Ok(())
    }

    /// Changes the architecture or noise: new networks and optimizers, counters kept
    /// running so the charts go on.
    pub fn set_model(&mut self, model: ModelConfig) -> Result<(), TrainError> {
        GanConfig {
            model: model.clone(),
            hyper: self.config.hyper.clone(),
        }
        .validate()?;
        let previous = std::mem::replace(&mut self.config.model, model);
        let (generator, discriminator) = match self.build_networks() {
            Ok(pair) => pair,
            Err(error) => {
                self.config.model = previous;
                return Err(error);
            }
        };
        self.generator = generator;
        self.discriminator = discriminator;
        self.rebuild_optimizers();
        self.diverged = None;
        self.checkpoints.clear();
        self.checkpoint();
        Ok(())
    }

    /// Trains on another data source from the next update on, keeping the weights
    /// when the sample shape stays the same (2D points ↔ 2D points), rebuilding the
    /// networks when it changes (points ↔ digits).
    pub fn set_data(&mut self, data: DataSource) -> Result<(), TrainError> {
        let sampler = Sampler::new(&data)?;
        let reshaped = data.is_images() != self.data.is_images();
        self.sampler = sampler;
        self.data = data;
        if reshaped {
            let mut model = self.config.model.clone();
            if !self.data.is_images() {
                model.kind = ModelKind::Mlp; // the DCGAN only draws digits
            }
            self.set_model(model)?;
        }
        Ok(())
    }

    /// Fresh optimizers for the current hyper-parameters (moment estimates restart).
    fn rebuild_optimizers(&mut self) {
        self.optim_g = optim::build(OptimizerSpec::of(&self.config.hyper));
        self.optim_d = optim::build(OptimizerSpec::of(&self.config.hyper));
    }

    /// The ready sampler of real data.
    pub fn sampler(&self) -> &Sampler {
        &self.sampler
    }

    fn build_networks(&mut self) -> Result<(Generator, Discriminator), TrainError> {
        Ok(build_pair(
            &self.config.model,
            self.sampler.dimension(),
            self.data.is_images(),
            &mut self.rng,
            &self.device,
        )?)
    }

    /// Moves training to another backend, carrying the weights over (optimizer state
    /// restarts).
    pub fn set_backend(&mut self, backend: Backend) -> Result<(), TrainError> {
        let device = backend.training_device()?;
        self.generator = self.generator.clone().to_device(&device);
        self.discriminator = self.discriminator.clone().to_device(&device);
        self.rebuild_optimizers();
        self.targets = DiscriminatorTargets::new(
            self.config.hyper.loss,
            self.config.hyper.batch_size,
            &device,
        );
        self.device = device;
        self.backend = backend;
        self.checkpoints.clear();
        self.checkpoint();
        Ok(())
    }

    /// Overwrites one weight of a network with a value (tests use it to inject a NaN).
    pub fn poke_weight(&mut self, network: Network, value: f32) {
        match network {
            Network::Generator => self.generator = self.generator.clone().poke(value),
            Network::Discriminator => self.discriminator = self.discriminator.clone().poke(value),
        }
    }

    fn check_not_diverged(&self) -> Result<(), TrainError> {
        match &self.diverged {
            Some(d) => Err(d.clone().into()),
            None => Ok(()),
        }
    }
}
