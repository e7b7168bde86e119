//! Snapshots: everything the views draw, as plain data, computed from the trainer
//! between steps (never on the training path itself).

use crate::gan::data::GanRng;
use burn::prelude::*;
use rand::SeedableRng as _;
use serde::{Deserialize, Serialize};

use super::config::{LossKind, NoiseKind};
use super::data::{DataSource, Mode, sample_noise};
use super::loss::probability_real;
use super::metrics::{self, ModeCoverage};
use super::mnist::classifier::DigitClassifier;
use super::mnist::quality::ClassStats;
pub use super::mnist::view::DigitSnapshot;
use super::model::to_vec;
use super::trainer::{Counters, Losses, Trainer};

/// How much a snapshot computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSpec {
    /// Cells per side of the discriminator heatmap.
    pub heatmap_cells: usize,
    /// Real samples to draw.
    pub shown_reals: usize,
    /// Fake samples to draw (each with its gradient arrow).
    pub shown_fakes: usize,
    /// Fake samples behind KL, JS and mode coverage.
    pub metric_fakes: usize,
    /// Real samples behind the reference histogram.
    pub metric_reals: usize,
    /// Cells per side of the generator manifold lattice.
    pub manifold_cells: usize,
    /// Generated digits shown in the grid (MNIST).
    pub digit_grid: usize,
    /// Generated digits behind the class histogram (MNIST; the grid's come first).
    pub digit_samples: usize,
}

impl Default for SnapshotSpec {
    fn default() -> Self {
        Self {
            heatmap_cells: 40,
            shown_reals: 450,
            shown_fakes: 300,
            metric_fakes: 4096,
            metric_reals: 20_000,
            manifold_cells: 20,
            digit_grid: 16,
            digit_samples: 256,
        }
    }
}

/// The discriminator's probability that a point is real, on a regular grid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Heatmap {
    /// Cells per side.
    pub cells: usize,
    /// `values[i + cells·j]` for the cell with x-index `i` and y-index `j` (from the
    /// bottom), each in `[0, 1]`.
    pub values: Vec<f32>,
}

/// The generator applied to a lattice over noise space: how G folds the noise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Manifold {
    /// Nothing to draw.
    #[default]
    None,
    /// 1D noise: G along a line of evenly spaced noise values.
    Line(Vec<[f32; 2]>),
    /// 2D (or the first two dimensions of higher) noise: G on a `(side+1)²` lattice,
    /// row-major with x fastest.
    Grid {
        /// Cells per side (points per side minus one).
        side: usize,
        /// The transformed lattice points.
        points: Vec<[f32; 2]>,
    },
}

/// Distribution-level metrics of the fakes against the real data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// KL(real ‖ fake) in bits on a 30×30 histogram (2D data only).
    pub kl: Option<f64>,
    /// Jensen–Shannon divergence in bits (2D data only).
    pub js: Option<f64>,
    /// Mode coverage, for data with known modes.
    pub modes: Option<ModeCoverage>,
    /// Digit quality by the bundled classifier, for MNIST.
    pub classes: Option<ClassStats>,
}

/// One frame of what the views show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Progress counters when it was taken.
    pub counters: Counters,
    /// Latest losses.
    pub losses: Losses,
    /// Real samples (fixed set, so they don't flicker).
    pub real: Vec<[f32; 2]>,
    /// Fake samples from a fixed noise set, so they move smoothly between frames.
    pub fake: Vec<[f32; 2]>,
    /// Per fake sample: the gradient of D's output at it, the way G will push it.
    pub fake_gradients: Vec<[f32; 2]>,
    /// Discriminator heatmap.
    pub heatmap: Heatmap,
    /// Generator manifold.
    pub manifold: Manifold,
    /// KL, JS and mode coverage.
    pub metrics: Metrics,
    /// Known modes of the data (drawn as rings).
    pub modes: Vec<Mode>,
    /// Generated and real digits, for MNIST.
    pub digits: Option<DigitSnapshot>,
}

/// Fixed sample sets behind snapshots; rebuilt when the data or noise changes.
pub struct Snapshotter {
    spec: SnapshotSpec,
    seed: u64,
    key: Option<(DataSource, NoiseKind, usize)>,
    real_shown: Vec<[f32; 2]>,
    real_histogram: Vec<f64>,
    fixed_noise: Vec<f32>,
    /// The bundled digit classifier, loaded at the first MNIST snapshot.
    classifier: Option<DigitClassifier>,
}

impl Snapshotter {
    /// A snapshotter whose fixed sets are drawn from `seed` (independent of training).
    pub fn new(spec: SnapshotSpec, seed: u64) -> Self {
        Self {
            spec,
            seed,
            key: None,
            real_shown: Vec::new(),
            real_histogram: Vec::new(),
            fixed_noise: Vec::new(),
            classifier: None,
        }
    }

    /// What it computes.
    pub fn spec(&self) -> SnapshotSpec {
        self.spec
    }

    /// Fakes drawn from the fixed noise: the metric sample for points, the digit
    /// sample (grid first) for images.
    fn fixed_count(&self, images: bool) -> usize {
        if images {
            self.spec.digit_samples
        } else {
            self.spec.metric_fakes
        }
    }

    fn refresh(&mut self, trainer: &Trainer) {
        let model = &trainer.config().model;
        let key = (trainer.data().clone(), model.noise, model.noise_dim);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let mut rng = GanRng::seed_from_u64(self.seed ^ 0x5eed_5eed_5eed_5eed);
        let images = trainer.data().is_images();
        if !images {
            let mut reals = Vec::new();
            let sampler = trainer.sampler();
            sampler.sample_into(&mut rng, self.spec.metric_reals, &mut reals);
            self.real_histogram = metrics::histogram(&reals);
            self.real_shown =
                pairs(&reals[..2 * self.spec.shown_reals.min(self.spec.metric_reals)]);
        }
        self.fixed_noise.clear();
        let count = self.fixed_count(images);
        sample_noise(&mut rng, key.1, count, key.2, &mut self.fixed_noise);
        self.key = Some(key);
    }

    /// Computes a snapshot of the trainer's current state.
    pub fn snapshot(&mut self, trainer: &Trainer) -> Snapshot {
        self.refresh(trainer);
        let spec = self.spec;
        let inner = trainer.device().clone().inner();
        let generator = trainer.generator().valid();
        let discriminator = trainer.discriminator().valid();
        let loss = trainer.config().hyper.loss;
        let noise_dim = trainer.config().model.noise_dim;

        let images = trainer.data().is_images();
        let count = self.fixed_count(images);
        let z = Tensor::<2>::from_data(
            TensorData::new(self.fixed_noise.clone(), [count, noise_dim]),
            &inner,
        );
        let fakes = to_vec(generator.forward(z)); // [count, data_dim]
        if images {
            let mut digits = DigitSnapshot::new(&fakes, trainer.sampler(), spec.digit_grid);
            if self.classifier.is_none() {
                // The asset is compiled in; failing to read it is a build defect, and
                // the view then simply shows no class figures.
                self.classifier = DigitClassifier::bundled(&inner).ok();
            }
            let classes = self.classifier.as_ref().map(|c| c.stats(&fakes, &inner));
            digits.classes = classes.clone();
            return Snapshot {
                counters: trainer.counters(),
                losses: trainer.losses(),
                metrics: Metrics {
                    classes,
                    ..Metrics::default()
                },
                digits: Some(digits),
                ..Snapshot::default()
            };
        }
        let fake_histogram = metrics::histogram(&fakes);
        let modes = trainer.data().modes();
        let metrics = Metrics {
            kl: Some(metrics::kl_divergence(
                &self.real_histogram,
                &fake_histogram,
            )),
            js: Some(metrics::js_divergence(
                &self.real_histogram,
                &fake_histogram,
            )),
            modes: metrics::mode_coverage(&modes, &fakes),
            classes: None,
        };
        let shown = &fakes[..2 * spec.shown_fakes.min(spec.metric_fakes)];
        Snapshot {
            counters: trainer.counters(),
            losses: trainer.losses(),
            real: self.real_shown.clone(),
            fake: pairs(shown),
            fake_gradients: pairs(&input_gradients(trainer, loss, shown)),
            heatmap: heatmap(&discriminator, loss, spec.heatmap_cells, &inner),
            manifold: manifold(&generator, trainer, spec.manifold_cells, &inner),
            metrics,
            modes,
            digits: None,
        }
    }
}

/// Interleaved `x, y` values as points.
fn pairs(values: &[f32]) -> Vec<[f32; 2]> {
    values.chunks_exact(2).map(|p| [p[0], p[1]]).collect()
}

fn heatmap(
    discriminator: &super::model::Discriminator,
    loss: LossKind,
    cells: usize,
    device: &Device,
) -> Heatmap {
    let mut centres = Vec::with_capacity(2 * cells * cells);
    for j in 0..cells {
        for i in 0..cells {
            centres.push((i as f32 + 0.5) / cells as f32);
            centres.push((j as f32 + 0.5) / cells as f32);
        }
    }
    let x = Tensor::<2>::from_data(TensorData::new(centres, [cells * cells, 2]), device);
    let values = to_vec(probability_real(loss, discriminator.forward(x))); // [cells², 1]
    Heatmap { cells, values }
}

/// `d D(x) / d x` at each point: GAN Lab's gradient arrows.
fn input_gradients(trainer: &Trainer, loss: LossKind, points: &[f32]) -> Vec<f32> {
    let n = points.len() / 2;
    if n == 0 {
        return Vec::new();
    }
    let x = Tensor::<2>::from_data(TensorData::new(points.to_vec(), [n, 2]), trainer.device())
        .require_grad();
    let critic = trainer.discriminator().clone().no_grad();
    let probability = probability_real(loss, critic.forward(x.clone())); // [n, 1]
    let grads = probability.sum().backward();
    match x.grad(&grads) {
        Some(g) => to_vec(g),
        None => vec![0.0; 2 * n],
    }
}

fn manifold(
    generator: &super::model::Generator,
    trainer: &Trainer,
    side: usize,
    device: &Device,
) -> Manifold {
    let model = &trainer.config().model;
    // The lattice spans where most noise falls: [-1, 1] for uniform, ±2σ for gaussian.
    let half_width = match model.noise {
        NoiseKind::Uniform => 1.0,
        NoiseKind::Gaussian => 2.0,
    };
    let coord = |i: usize| -half_width + 2.0 * half_width * i as f32 / side as f32;
    let dim = model.noise_dim;
    let mut z = Vec::new();
    let count = if dim == 1 {
        z.extend((0..=side).map(coord));
        side + 1
    } else {
        for j in 0..=side {
            for i in 0..=side {
                let mut row = vec![0.0; dim]; // dimensions past the second held at 0
                row[0] = coord(i);
                row[1] = coord(j);
                z.extend(row);
            }
        }
        (side + 1) * (side + 1)
    };
    let z = Tensor::<2>::from_data(TensorData::new(z, [count, dim]), device);
    let points = pairs(&to_vec(generator.forward(z)));
    if dim == 1 {
        Manifold::Line(points)
    } else {
        Manifold::Grid { side, points }
    }
}
