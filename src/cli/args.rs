//! Command-line arguments (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::gan::{Activation, Backend, LossKind, ModelKind, NoiseKind, OptimizerKind, Preset};

/// ganvas — a desktop laboratory for generative adversarial networks.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// What to do; without a subcommand the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Window options (used when no subcommand is given).
    #[command(flatten)]
    pub window: WindowArgs,
}

/// Options of the desktop window.
#[derive(Debug, Args, Default, Clone)]
pub struct WindowArgs {
    /// Render the window, train `--steps` iterations, save a PNG here and exit.
    #[arg(long, value_name = "PATH")]
    pub screenshot: Option<PathBuf>,
    /// Iterations to train before the screenshot.
    #[arg(long, default_value_t = 0, requires = "screenshot")]
    pub steps: u64,
    /// Preset to start on (default: GAN Lab's two gaussians, or the last session's).
    #[arg(long, value_enum)]
    pub data: Option<Preset>,
    /// Start with a scene prepared for a screenshot: `recommended` (the preset's
    /// recommended settings), `draw` (drawn points), `diverge` (an absurd learning
    /// rate) or `mnist` (digits with the MLP GAN).
    #[arg(long, value_name = "SCENE", requires = "screenshot")]
    pub scene: Option<String>,
    /// Ignore the settings saved by the last session.
    #[arg(long)]
    pub fresh: bool,
    /// Open this saved session (see File → Save session…, or `ganvas train --save`).
    #[arg(long, value_name = "FILE")]
    pub load: Option<PathBuf>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum Command {
    /// Train the small digit classifier behind the MNIST quality figures on the
    /// bundled digits and write its weights (`assets/mnist/classifier.bin`).
    TrainClassifier {
        /// Where to write the weights.
        #[arg(long, default_value = "assets/mnist/classifier.bin")]
        out: PathBuf,
        /// Seed of weights and shuffling.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Train headless and print metrics (a progress bar on a terminal; with `--json` the
    /// last line of stdout is one JSON object).
    Train(TrainArgs),
}

/// What `--data` names: a 2D preset, or MNIST digits (`None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataArg(pub Option<Preset>);

impl Default for DataArg {
    fn default() -> Self {
        Self(Some(Preset::default()))
    }
}

impl DataArg {
    /// The 2D preset, unless MNIST.
    pub fn preset(self) -> Option<Preset> {
        self.0
    }
}

/// Accepts every preset name and `mnist`, listing them in `--help`.
fn data_parser() -> impl clap::builder::TypedValueParser<Value = DataArg> {
    use clap::builder::TypedValueParser as _;
    let names = Preset::ALL.map(Preset::name).into_iter().chain(["mnist"]);
    clap::builder::PossibleValuesParser::new(names).map(|name| DataArg(Preset::from_name(&name)))
}

/// `ganvas train` options. Every hyper-parameter flag overrides the data's
/// recommended config and `--config`.
#[derive(Debug, Args, Clone, Default)]
pub struct TrainArgs {
    /// Data: line, gaussians, ring, disjoint, ring8, grid25 or mnist.
    #[arg(long, default_value = "gaussians", value_parser = data_parser())]
    pub data: DataArg,
    /// Network family: mlp, or dcgan (the TF tutorial's, MNIST only).
    #[arg(long, value_enum)]
    pub model: Option<ModelKind>,
    /// Train on the standard MNIST IDX files of this directory (gzipped or not)
    /// instead of the bundled 10 000 digits.
    #[arg(long, value_name = "DIR")]
    pub mnist_dir: Option<PathBuf>,
    /// After training, write generated samples here: for digits a PNG grid (`.png`)
    /// or IDX3 unsigned-byte images (`.idx`, or `.idx.gz` gzipped); for 2D data a CSV
    /// file of `x,y` rows (`.csv`).
    #[arg(long, value_name = "FILE")]
    pub export_samples: Option<PathBuf>,
    /// How many samples `--export-samples` writes.
    #[arg(long, default_value_t = 1000)]
    pub samples: usize,
    /// Start from a saved session (its configuration, data, weights, optimizer state
    /// and history) and train `--steps` more iterations. Training flags (`--loss`,
    /// `--lr-d`, `--lr-g`, `--optimizer`, `--k`, `--k-g`, `--batch`) and `--backend`
    /// apply to the loaded run; data and architecture flags are ignored.
    #[arg(long, value_name = "FILE")]
    pub load: Option<PathBuf>,
    /// After training, save the whole session here (written atomically).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// After training, write the metric history (one row per iteration) as CSV here.
    #[arg(long, value_name = "FILE")]
    pub export_history: Option<PathBuf>,
    /// Train on the points of a CSV file of `x,y` rows instead of a preset.
    #[arg(long, value_name = "FILE")]
    pub data_file: Option<PathBuf>,
    /// Iterations to train.
    #[arg(long, default_value_t = 1000)]
    pub steps: u64,
    /// Random seed (weights, noise and data sampling).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Print the final metrics as one JSON object on the last line of stdout.
    #[arg(long)]
    pub json: bool,
    /// A JSON file with a whole configuration (`{"model": {..}, "hyper": {..}}`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Compute backend (`wgpu` only in builds with the cargo feature `wgpu`).
    #[arg(long, value_enum, default_value = "flex")]
    pub backend: Backend,
    /// Discriminator learning rate.
    #[arg(long, allow_negative_numbers = true)]
    pub lr_d: Option<f64>,
    /// Generator learning rate.
    #[arg(long, allow_negative_numbers = true)]
    pub lr_g: Option<f64>,
    /// Optimizer of both networks.
    #[arg(long, value_enum)]
    pub optimizer: Option<OptimizerKind>,
    /// Adversarial loss.
    #[arg(long, value_enum)]
    pub loss: Option<LossKind>,
    /// Discriminator updates per iteration (k_D).
    #[arg(long)]
    pub k: Option<usize>,
    /// Generator updates per iteration (k_G).
    #[arg(long)]
    pub k_g: Option<usize>,
    /// Batch size.
    #[arg(long)]
    pub batch: Option<usize>,
    /// Generator hidden layers.
    #[arg(long)]
    pub g_layers: Option<usize>,
    /// Generator neurons per hidden layer.
    #[arg(long)]
    pub g_neurons: Option<usize>,
    /// Discriminator hidden layers.
    #[arg(long)]
    pub d_layers: Option<usize>,
    /// Discriminator neurons per hidden layer.
    #[arg(long)]
    pub d_neurons: Option<usize>,
    /// Noise dimension.
    #[arg(long)]
    pub noise_dim: Option<usize>,
    /// Noise distribution.
    #[arg(long, value_enum)]
    pub noise: Option<NoiseKind>,
    /// Hidden activation.
    #[arg(long, value_enum)]
    pub activation: Option<Activation>,
}
