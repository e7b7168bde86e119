//! Configuration of a GAN run: model shape, training hyper-parameters and backend.
//!
//! Everything here is plain data (serde), so the CLI, the worker protocol, the window
//! and session files all speak the same types.

use serde::{Deserialize, Serialize};

/// Hidden-layer activation of both networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// `max(0, x)`, GAN Lab's choice.
    Relu,
    /// `max(0.2·x, x)`: keeps a small gradient for negative inputs.
    LeakyRelu,
}

/// Distribution the generator's noise `z` is drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum NoiseKind {
    /// Uniform on `[-1, 1]` in every dimension.
    Uniform,
    /// Standard normal in every dimension.
    Gaussian,
}

/// The adversarial loss pair used for both networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// The original minimax game `min_G max_D E[log D(x)] + E[log(1 − D(G(z)))]`;
    /// G minimises `E[log(1 − D(G(z)))]`, which saturates when D wins.
    Minimax,
    /// Non-saturating: D as in minimax, G maximises `log D(G(z))` (BCE with logits,
    /// G's target = ones), as in the TensorFlow DCGAN tutorial.
    NonSaturating,
    /// GAN Lab's log loss: non-saturating with one-sided label smoothing (real
    /// targets 0.95).
    GanLab,
    /// Least squares (LSGAN): D regresses its raw output to 1 on real and 0 on fake,
    /// G pulls D's output on fakes towards 1.
    LeastSquares,
    /// Wasserstein with gradient penalty (WGAN-GP): D is a critic scoring realness
    /// without a sigmoid, trained to widen `E[D(x)] − E[D(G(z))]` while a penalty
    /// `λ·E[(‖∇D(x̂)‖ − 1)²]` on points between real and fake keeps it 1-Lipschitz.
    /// Needs an MLP critic.
    WganGp,
    /// Hinge loss (SNGAN, BigGAN): D minimises `E[max(0, 1 − D(x))] +
    /// E[max(0, 1 + D(G(z)))]`, G maximises `E[D(G(z))]`.
    Hinge,
}

impl LossKind {
    /// Every loss, in the order the UI lists them.
    pub const ALL: [Self; 6] = [
        Self::Minimax,
        Self::NonSaturating,
        Self::GanLab,
        Self::LeastSquares,
        Self::WganGp,
        Self::Hinge,
    ];

    /// Short human name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Minimax => "Minimax (log)",
            Self::NonSaturating => "Non-saturating",
            Self::GanLab => "GAN Lab log loss",
            Self::LeastSquares => "Least squares",
            Self::WganGp => "Wasserstein (WGAN-GP)",
            Self::Hinge => "Hinge",
        }
    }

    /// One line on what the loss does to training.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Minimax => {
                "The textbook game. G's gradient vanishes when D confidently rejects fakes, so early training can stall."
            }
            Self::NonSaturating => {
                "G maximises log D(G(z)) instead: strong gradients early on. What most GANs (and the TF tutorial) use."
            }
            Self::GanLab => {
                "Non-saturating with real labels smoothed to 0.95, which keeps D from becoming over-confident."
            }
            Self::LeastSquares => {
                "LSGAN: squared error on D's raw output. Penalises fakes by their distance from the real side, smoother gradients."
            }
            Self::WganGp => {
                "D becomes a critic estimating the Wasserstein distance; a gradient penalty keeps it smooth. Useful gradients everywhere, fights mode collapse. Train the critic 5× per G step, Adam β = (0, 0.9)."
            }
            Self::Hinge => {
                "D only learns from samples inside its margin (|D| < 1); G pushes D's score on fakes up. Stable, used by SNGAN and BigGAN."
            }
        }
    }

    /// Whether this loss can train a model of `kind` (WGAN-GP's penalty needs an MLP
    /// critic: [`WGAN_GP_NEEDS_MLP`]).
    pub fn fits(self, kind: ModelKind) -> bool {
        !(self == Self::WganGp && kind == ModelKind::Dcgan)
    }

    /// Adam's (β1, β2) for this loss: WGAN-GP's paper uses (0, 0.9), the others the
    /// usual GAN setting (0.5, 0.999).
    pub fn adam_betas(self) -> (f32, f32) {
        match self {
            Self::WganGp => (0.0, 0.9),
            _ => (0.5, 0.999),
        }
    }
}

/// Gradient-descent rule used for both networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum OptimizerKind {
    /// Plain stochastic gradient descent.
    Sgd,
    /// Adam with β1 = 0.5, β2 = 0.999 (the usual GAN setting).
    Adam,
}

/// Which family of networks G and D are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Multilayer perceptrons shaped by the layer and neuron counts (any data).
    #[default]
    Mlp,
    /// The TensorFlow tutorial's DCGAN (MNIST digits only; layers and neurons fixed).
    Dcgan,
}

/// Shape of the two networks and of the noise: changing any of it rebuilds the models.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelConfig {
    /// Network family: MLPs, or the DCGAN for digits.
    pub kind: ModelKind,
    /// Number of hidden layers of the generator (0 = a single affine map).
    pub g_layers: usize,
    /// Neurons in each hidden layer of the generator.
    pub g_neurons: usize,
    /// Number of hidden layers of the discriminator (0 = logistic regression).
    pub d_layers: usize,
    /// Neurons in each hidden layer of the discriminator.
    pub d_neurons: usize,
    /// Hidden activation of both networks.
    pub activation: Activation,
    /// Dimension of the noise vector `z`.
    pub noise_dim: usize,
    /// Distribution of the noise vector `z`.
    pub noise: NoiseKind,
}

impl Default for ModelConfig {
    fn default() -> Self {
        // GAN Lab's default two-gaussians model, layers counted plainly: its UI says
        // "1 hidden layer" but its code builds two ReLU layers of 8; 2D gaussian noise.
        Self {
            kind: ModelKind::Mlp,
            g_layers: 2,
            g_neurons: 8,
            d_layers: 2,
            d_neurons: 8,
            activation: Activation::Relu,
            noise_dim: 2,
            noise: NoiseKind::Gaussian,
        }
    }
}

/// Training knobs that can change between any two steps, keeping weights and
/// optimizer state (switching the optimizer kind restarts its moments).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HyperParams {
    /// Learning rate of the discriminator.
    pub lr_d: f64,
    /// Learning rate of the generator.
    pub lr_g: f64,
    /// Optimizer of both networks.
    pub optimizer: OptimizerKind,
    /// Adversarial loss.
    pub loss: LossKind,
    /// Discriminator updates per iteration (k_D).
    pub k_d: usize,
    /// Generator updates per iteration (k_G).
    pub k_g: usize,
    /// Samples per batch (real and fake each).
    pub batch_size: usize,
}

impl HyperParams {
    /// These hyper-parameters switched to `loss`, with the settings it is meant to be
    /// trained with: WGAN-GP takes Adam and five critic updates per generator update
    /// (Gulrajani et al., 2017); the other losses keep the rest as it is.
    pub fn with_loss(mut self, loss: LossKind) -> Self {
        if loss == LossKind::WganGp && self.loss != LossKind::WganGp {
            self.optimizer = OptimizerKind::Adam;
            self.k_d = 5;
            self.k_g = 1;
        }
        self.loss = loss;
        self
    }

    /// Falls back to the non-saturating loss (the TF tutorial's) when the loss cannot
    /// train a model of `kind`; returns whether it did.
    pub fn fit_to(&mut self, kind: ModelKind) -> bool {
        let misfit = !self.loss.fits(kind);
        if misfit {
            self.loss = LossKind::NonSaturating;
        }
        misfit
    }
}

impl Default for HyperParams {
    fn default() -> Self {
        // GAN Lab's default two-gaussians training: SGD, lr 0.1 (D) and 0.03 (G),
        // k_D = 2, k_G = 1, its log loss, batch 150.
        Self {
            lr_d: 0.1,
            lr_g: 0.03,
            optimizer: OptimizerKind::Sgd,
            loss: LossKind::GanLab,
            k_d: 2,
            k_g: 1,
            batch_size: 150,
        }
    }
}

/// Largest accepted batch size, neurons per layer, layer count and noise dimension:
/// beyond these a step takes seconds and the window would crawl.
pub const LIMITS: Limits = Limits {
    max_batch: 4096,
    max_neurons: 1024,
    max_layers: 16,
    max_noise_dim: 256,
    max_k: 100,
};

/// Upper bounds checked by [`GanConfig::validate`].
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest batch size.
    pub max_batch: usize,
    /// Largest number of neurons in a hidden layer.
    pub max_neurons: usize,
    /// Largest number of hidden layers.
    pub max_layers: usize,
    /// Largest noise dimension.
    pub max_noise_dim: usize,
    /// Largest k_D or k_G.
    pub max_k: usize,
}

/// A whole GAN configuration: model shape plus hyper-parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GanConfig {
    /// Network and noise shape.
    pub model: ModelConfig,
    /// Live-changeable training knobs.
    pub hyper: HyperParams,
}

/// A configuration value outside what ganvas can train.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid {field}: {reason}")]
pub struct ConfigError {
    /// The offending field, as the CLI flag names it.
    pub field: &'static str,
    /// What is wrong and what is allowed.
    pub reason: String,
}

/// Why the DCGAN cannot train with WGAN-GP.
pub const WGAN_GP_NEEDS_MLP: &str = "WGAN-GP's gradient penalty needs an MLP critic (the DCGAN's input gradient is not built): pick the MLP model or another loss";

impl GanConfig {
    /// Checks every field against sane bounds, naming the first bad one, and that the
    /// loss fits the model.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.model.validate()?;
        self.hyper.validate()?;
        if !self.hyper.loss.fits(self.model.kind) {
            return Err(ConfigError {
                field: "loss",
                reason: WGAN_GP_NEEDS_MLP.into(),
            });
        }
        Ok(())
    }
}

fn check_range(
    field: &'static str,
    value: usize,
    min: usize,
    max: usize,
) -> Result<(), ConfigError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError {
            field,
            reason: format!("{value} is outside {min}..={max}"),
        })
    }
}

impl ModelConfig {
    /// Checks layer counts, widths and noise dimension.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("g-layers", self.g_layers, 0, LIMITS.max_layers)?;
        check_range("d-layers", self.d_layers, 0, LIMITS.max_layers)?;
        check_range("g-neurons", self.g_neurons, 1, LIMITS.max_neurons)?;
        check_range("d-neurons", self.d_neurons, 1, LIMITS.max_neurons)?;
        check_range("noise-dim", self.noise_dim, 1, LIMITS.max_noise_dim)
    }
}

impl HyperParams {
    /// Checks learning rates, k and batch size.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (field, lr) in [("lr-d", self.lr_d), ("lr-g", self.lr_g)] {
            if !(lr.is_finite() && lr > 0.0 && lr <= 100.0) {
                return Err(ConfigError {
                    field,
                    reason: format!("{lr} must be a number in (0, 100]"),
                });
            }
        }
        check_range("k", self.k_d, 0, LIMITS.max_k)?;
        check_range("k-g", self.k_g, 0, LIMITS.max_k)?;
        if self.k_d + self.k_g == 0 {
            return Err(ConfigError {
                field: "k",
                reason: "k_D and k_G are both 0: an iteration would train nothing".into(),
            });
        }
        check_range("batch", self.batch_size, 1, LIMITS.max_batch)
    }
}
