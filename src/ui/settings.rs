//! What the window remembers across launches (eframe persistence).

use serde::{Deserialize, Serialize};

use crate::gan::{Backend, DataSource, GanConfig, Preset};

/// Which canvas layers are visible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Layers {
    /// Real samples (green dots).
    pub real: bool,
    /// Fake samples (purple dots).
    pub fake: bool,
    /// The discriminator's probability heatmap.
    pub heatmap: bool,
    /// The generator manifold (transformed noise lattice).
    pub manifold: bool,
    /// Generator gradient arrows on fake samples.
    pub gradients: bool,
    /// Rings at 3σ around known modes, coloured by coverage.
    pub modes: bool,
}

impl Default for Layers {
    fn default() -> Self {
        Self {
            real: true,
            fake: true,
            heatmap: true,
            manifold: false, // GAN Lab hides it by default
            gradients: true,
            modes: true,
        }
    }
}

/// Where the training data comes from, as the picker shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataChoice {
    /// A built-in preset.
    Preset(Preset),
    /// The user's drawn points.
    Drawn,
    /// MNIST digits (bundled, or from `mnist_dir`).
    Mnist,
}

/// Chart display options.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartOptions {
    /// Plot losses on a log₁₀ axis.
    pub log_scale: bool,
    /// TensorBoard-style exponential smoothing weight, 0 (raw) to 0.999.
    pub smoothing: f32,
}

impl Default for ChartOptions {
    fn default() -> Self {
        Self {
            log_scale: false,
            smoothing: 0.6,
        }
    }
}

/// Everything persisted between launches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The training data.
    pub data: DataChoice,
    /// The points drawn in draw-your-own mode.
    pub drawn_points: Vec<[f32; 2]>,
    /// A directory of standard MNIST IDX files (empty = the bundled digits).
    pub mnist_dir: String,
    /// Model and hyper-parameters.
    pub config: GanConfig,
    /// Compute backend.
    pub backend: Backend,
    /// Seed of weights and sampling.
    pub seed: u64,
    /// Visible canvas layers.
    pub layers: Layers,
    /// Speed cap in iterations per second (`None` = uncapped).
    pub speed_cap: Option<f64>,
    /// Chart options.
    pub charts: ChartOptions,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data: DataChoice::Preset(Preset::Gaussians),
            drawn_points: Vec::new(),
            mnist_dir: String::new(),
            config: GanConfig::default(), // GAN Lab's default
            backend: Backend::default(),
            seed: 0,
            layers: Layers::default(),
            speed_cap: None,
            charts: ChartOptions::default(),
        }
    }
}

impl Settings {
    /// Points the data choice at `data` (a loaded session's).
    pub fn adopt_data(&mut self, data: &DataSource) {
        match data {
            DataSource::Preset(preset) => self.data = DataChoice::Preset(*preset),
            DataSource::Drawn(points) => {
                self.data = DataChoice::Drawn;
                self.drawn_points = points.clone();
            }
            DataSource::Mnist { dir } => {
                self.data = DataChoice::Mnist;
                self.mnist_dir = dir
                    .as_ref()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default();
            }
        }
    }

    /// The data source these settings train on.
    pub fn data_source(&self) -> DataSource {
        match self.data {
            DataChoice::Drawn if !self.drawn_points.is_empty() => {
                DataSource::Drawn(self.drawn_points.clone())
            }
            DataChoice::Preset(p) => DataSource::Preset(p),
            DataChoice::Drawn => DataSource::default(),
            DataChoice::Mnist => DataSource::Mnist {
                dir: (!self.mnist_dir.trim().is_empty())
                    .then(|| std::path::PathBuf::from(self.mnist_dir.trim())),
            },
        }
    }
}
