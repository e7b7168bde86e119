//! 2D data sources on the unit square: GAN Lab's presets, the mode-collapse
//! benchmarks with known mode centres, and user-drawn points (from the canvas or a CSV file).

use std::f32::consts::TAU;
use std::path::Path;

use rand::RngExt as _;
use serde::{Deserialize, Serialize};

use super::config::{GanConfig, HyperParams, LossKind, ModelConfig, NoiseKind, OptimizerKind};

/// The random generator of training and sampling: xoshiro256++ (what `SmallRng` is on
/// 64-bit targets), whose state can be saved in sessions and checkpoints.
pub type GanRng = rand::rngs::Xoshiro256PlusPlus;

/// Standard deviation of the jitter added around each drawn point (GAN Lab's value).
pub const DRAWN_POINT_SIGMA: f32 = 0.02;

/// A named built-in 2D distribution.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// GAN Lab's noisy diagonal line segment.
    Line,
    /// GAN Lab's default: two gaussians of different shapes.
    #[default]
    Gaussians,
    /// GAN Lab's noisy continuous ring (an ellipse).
    Ring,
    /// GAN Lab's three small disjoint blobs.
    Disjoint,
    /// Eight gaussians on a circle: the classic mode-collapse benchmark.
    Ring8,
    /// A 5×5 grid of gaussians: the harder mode-collapse benchmark.
    Grid25,
}

/// A mixture component with a known centre, used to measure mode coverage.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mode {
    /// Centre of the gaussian in data space.
    pub centre: [f32; 2],
    /// Standard deviation of the gaussian (isotropic).
    pub sigma: f32,
}

const RING8_RADIUS: f32 = 0.35;
const RING8_SIGMA: f32 = 0.02;
const GRID25_SIGMA: f32 = 0.015;

impl Preset {
    /// Every preset, in the order the data picker shows them.
    pub const ALL: [Self; 6] = [
        Self::Gaussians,
        Self::Line,
        Self::Ring,
        Self::Disjoint,
        Self::Ring8,
        Self::Grid25,
    ];

    /// The name used by the CLI (`--data NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Line => "line",
            Self::Gaussians => "gaussians",
            Self::Ring => "ring",
            Self::Disjoint => "disjoint",
            Self::Ring8 => "ring8",
            Self::Grid25 => "grid25",
        }
    }

    /// Looks a preset up by its CLI name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The known mixture components, for presets that are gaussian mixtures.
    pub fn modes(self) -> Vec<Mode> {
        match self {
            Self::Ring8 => (0..8)
                .map(|i| {
                    let angle = i as f32 * TAU / 8.0;
                    Mode {
                        centre: [
                            0.5 + RING8_RADIUS * angle.cos(),
                            0.5 + RING8_RADIUS * angle.sin(),
                        ],
                        sigma: RING8_SIGMA,
                    }
                })
                .collect(),
            Self::Grid25 => (0..25)
                .map(|i| Mode {
                    centre: [0.1 + 0.2 * (i % 5) as f32, 0.1 + 0.2 * (i / 5) as f32],
                    sigma: GRID25_SIGMA,
                })
                .collect(),
            Self::Disjoint => [[0.35, 0.75], [0.75, 0.6], [0.45, 0.35]]
                .into_iter()
                .map(|centre| Mode {
                    centre,
                    sigma: 0.025,
                })
                .collect(),
            Self::Line | Self::Gaussians | Self::Ring => Vec::new(),
        }
    }

    /// A configuration that trains this preset well from scratch (no pre-trained
    /// weights): Adam with a faster discriminator (two time-scale rule), k_D = 2.
    pub fn recommended_config(self) -> GanConfig {
        let model = |neurons| ModelConfig {
            g_layers: 2,
            g_neurons: neurons,
            d_layers: 2,
            d_neurons: neurons,
            noise: NoiseKind::Gaussian,
            ..ModelConfig::default()
        };
        let adam = |lr_d, lr_g| HyperParams {
            lr_d,
            lr_g,
            optimizer: OptimizerKind::Adam,
            loss: LossKind::NonSaturating,
            k_d: 2,
            k_g: 1,
            batch_size: 256,
        };
        match self {
            Self::Gaussians | Self::Line | Self::Ring | Self::Disjoint => GanConfig {
                model: model(32),
                hyper: adam(2e-3, 5e-4),
            },
            // The mode-collapse benchmarks' usual setting (a PyTorch run of this model
            // covered all 8 ring modes in 6 000 steps in three of four seeds).
            Self::Ring8 | Self::Grid25 => GanConfig {
                model: model(64),
                hyper: adam(1e-3, 1e-3),
            },
        }
    }

    /// Draws one sample, exactly as GAN Lab's `sampleFromTrueDistribution` does for its
    /// four presets.
    fn sample(self, rng: &mut GanRng) -> [f32; 2] {
        let r: f32 = rng.random();
        match self {
            Self::Line => [
                0.8 - 0.75 * r + 0.01 * normal(rng),
                0.6 + 0.3 * r + 0.01 * normal(rng),
            ],
            Self::Gaussians if r < 0.5 => [0.3 + 0.1 * normal(rng), 0.7 + 0.1 * normal(rng)],
            Self::Gaussians => [0.7 + 0.05 * normal(rng), 0.4 + 0.2 * normal(rng)],
            Self::Ring => [
                0.5 + 0.3 * (r * TAU).cos() + 0.025 * normal(rng),
                0.45 + 0.25 * (r * TAU).sin() + 0.025 * normal(rng),
            ],
            Self::Disjoint | Self::Ring8 | Self::Grid25 => {
                let modes = self.modes();
                let mode = modes[((r * modes.len() as f32) as usize).min(modes.len() - 1)];
                jitter(rng, mode.centre, mode.sigma)
            }
        }
    }
}

/// Where real samples come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    /// A built-in distribution.
    Preset(Preset),
    /// Points a user placed; each sample is a random point plus gaussian jitter
    /// ([`DRAWN_POINT_SIGMA`]).
    Drawn(Vec<[f32; 2]>),
    /// MNIST digits: the bundled 10 000, or the IDX files of a directory.
    Mnist {
        /// Directory with standard MNIST IDX files (`None` = the bundled digits).
        dir: Option<std::path::PathBuf>,
    },
}

impl Default for DataSource {
    fn default() -> Self {
        Self::Preset(Preset::Gaussians)
    }
}

/// A data source that cannot produce samples.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DataError {
    /// A drawn or loaded point set with no points.
    #[error("no points to train on: draw or load at least one point")]
    NoPoints,
    /// The CSV file could not be read.
    #[error("cannot read {path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
        reason: String,
    },
    /// MNIST files that cannot be read.
    #[error("{0}")]
    Mnist(String),
    /// A CSV file with no point rows.
    #[error("{path} holds no points (expected rows of `x,y`)")]
    Empty {
        /// The file.
        path: String,
    },
    /// A CSV row that is not two finite numbers.
    #[error("{path}, line {line}: {reason}")]
    BadRow {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}

impl DataSource {
    /// Short name for logs and the JSON output.
    pub fn name(&self) -> String {
        match self {
            Self::Preset(p) => p.name().to_owned(),
            Self::Drawn(points) => format!("drawn ({} points)", points.len()),
            Self::Mnist { dir: None } => "mnist".to_owned(),
            Self::Mnist { dir: Some(dir) } => format!("mnist ({})", dir.display()),
        }
    }

    /// Whether samples are 28×28 images rather than 2D points.
    pub fn is_images(&self) -> bool {
        matches!(self, Self::Mnist { .. })
    }

    /// Known mixture modes (empty when unknown).
    pub fn modes(&self) -> Vec<Mode> {
        match self {
            Self::Preset(p) => p.modes(),
            Self::Drawn(_) | Self::Mnist { .. } => Vec::new(),
        }
    }

    /// Checks that samples can be drawn.
    pub fn validate(&self) -> Result<(), DataError> {
        match self {
            Self::Drawn(points) if points.is_empty() => Err(DataError::NoPoints),
            _ => Ok(()),
        }
    }

    /// Appends `n` 2D samples as interleaved `x, y` values to `out` (digits are
    /// sampled by [`super::sampler::Sampler`], which holds them).
    pub(crate) fn sample_points_into(&self, rng: &mut GanRng, n: usize, out: &mut Vec<f32>) {
        out.reserve(2 * n);
        for _ in 0..n {
            let [x, y] = match self {
                Self::Preset(p) => p.sample(rng),
                Self::Drawn(points) if !points.is_empty() => {
                    let i = rng.random_range(0..points.len());
                    jitter(rng, points[i], DRAWN_POINT_SIGMA)
                }
                Self::Drawn(_) | Self::Mnist { .. } => [0.5, 0.5],
            };
            out.push(x);
            out.push(y);
        }
    }

    /// Loads drawn points from a CSV file of `x,y` rows (a header row, blank lines and
    /// `#` comments are skipped). A bad row is reported with its line number.
    pub fn from_csv_file(path: &Path) -> Result<Self, DataError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| DataError::Io {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        let points = parse_points_csv(&text).map_err(|(line, reason)| DataError::BadRow {
            path: shown.clone(),
            line,
            reason,
        })?;
        if points.is_empty() {
            return Err(DataError::Empty { path: shown });
        }
        Ok(Self::Drawn(points))
    }
}

/// Parses `x,y` rows; returns the 1-based line and reason of the first bad row.
///
/// ```
/// use ganvas::gan::data::parse_points_csv;
/// assert_eq!(parse_points_csv("x,y\n0.1,0.2\n0.3,0.4"), Ok(vec![[0.1, 0.2], [0.3, 0.4]]));
/// assert_eq!(parse_points_csv("0.1,0.2\n0.3").map_err(|(line, _)| line), Err(2));
/// ```
pub fn parse_points_csv(text: &str) -> Result<Vec<[f32; 2]>, (usize, String)> {
    let mut points = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let row = raw.trim();
        if row.is_empty() || row.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = row.split([',', ';', '\t']).map(str::trim).collect();
        let parsed: Vec<Option<f32>> = fields.iter().map(|f| f.parse::<f32>().ok()).collect();
        if points.is_empty() && parsed.iter().all(Option::is_none) {
            continue; // a header such as `x,y`
        }
        let [Some(x), Some(y)] = parsed[..] else {
            return Err((line, format!("expected two numbers `x,y`, found `{row}`")));
        };
        if !(x.is_finite() && y.is_finite()) {
            return Err((line, format!("coordinates must be finite, found `{row}`")));
        }
        points.push([x, y]);
    }
    Ok(points)
}

/// A standard normal sample (Box–Muller, as GAN Lab's `randNormal`).
pub fn normal(rng: &mut GanRng) -> f32 {
    let u = 1.0 - rng.random::<f32>(); // (0, 1]: log stays finite
    let v: f32 = rng.random();
    (-2.0 * u.ln()).sqrt() * (TAU * v).cos()
}

fn jitter(rng: &mut GanRng, centre: [f32; 2], sigma: f32) -> [f32; 2] {
    [
        centre[0] + sigma * normal(rng),
        centre[1] + sigma * normal(rng),
    ]
}

/// Appends `n` noise vectors of dimension `dim` to `out`.
pub fn sample_noise(rng: &mut GanRng, kind: NoiseKind, n: usize, dim: usize, out: &mut Vec<f32>) {
    out.reserve(n * dim);
    match kind {
        NoiseKind::Uniform => out.extend((0..n * dim).map(|_| rng.random_range(-1.0f32..1.0))),
        NoiseKind::Gaussian => out.extend((0..n * dim).map(|_| normal(rng))),
    }
}
