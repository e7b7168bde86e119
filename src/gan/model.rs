//! The networks: MLPs (any data), and the `Generator`/`Discriminator` enums over MLP
//! and the TF tutorial's DCGAN.

use crate::gan::data::GanRng;
use burn::module::Param;
use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation;

use rand::RngExt as _;

use super::config::{Activation, ConfigError, ModelConfig, ModelKind};
use super::data::normal;
use super::mnist::dcgan::{DcganDiscriminator, DcganGenerator, IMAGE_PIXELS};

/// Slope of LeakyReLU for negative inputs.
const LEAKY_SLOPE: f64 = 0.2;

/// A plain MLP: `hidden` affine layers each followed by the activation, then a
/// linear output layer.
#[derive(Module, Debug)]
pub struct Mlp {
    /// Hidden layers, input side first.
    pub hidden: Vec<Linear>,
    /// The linear output layer.
    pub output: Linear,
    /// Whether the hidden activation is LeakyReLU (otherwise ReLU).
    leaky: bool,
    /// Whether the output goes through tanh (images in [−1, 1]).
    tanh_output: bool,
}

impl Mlp {
    /// Builds an MLP `inputs → [neurons]×layers → outputs` with LeCun-normal weights
    /// (σ = 1/√fan_in, as GAN Lab) and zero biases, drawn from `rng` so that the same
    /// seed always gives the same network on every backend.
    pub fn new(
        inputs: usize,
        layers: usize,
        neurons: usize,
        outputs: usize,
        activation: Activation,
        rng: &mut GanRng,
        device: &Device,
    ) -> Self {
        let mut fan_in = inputs;
        let hidden = (0..layers)
            .map(|_| {
                let layer = linear(fan_in, neurons, rng, device);
                fan_in = neurons;
                layer
            })
            .collect();
        Self {
            hidden,
            output: linear(fan_in, outputs, rng, device),
            leaky: activation == Activation::LeakyRelu,
            tanh_output: false,
        }
    }

    /// The same network with a tanh on its output.
    pub fn with_tanh_output(mut self) -> Self {
        self.tanh_output = true;
        self
    }

    /// Applies the network: `[batch, inputs]` → `[batch, outputs]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let mut x = input;
        for layer in &self.hidden {
            x = layer.forward(x);
            x = if self.leaky {
                // max(x, 0.2·x): two passes, where burn's leaky_relu takes three.
                x.clone().max_pair(x.mul_scalar(LEAKY_SLOPE))
            } else {
                activation::relu(x)
            };
        }
        let out = self.output.forward(x);
        if self.tanh_output {
            // tanh(x) = 2·σ(2x) − 1: glibc's tanhf (via expm1f) was a fifth of an MNIST
            // step; σ uses one expf.
            activation::sigmoid(out.mul_scalar(2.0))
                .mul_scalar(2.0)
                .sub_scalar(1.0)
        } else {
            out
        }
    }
}

impl Mlp {
    /// Applies the network and also returns the gradient of its (single) output with
    /// respect to its input, `([batch, 1], [batch, inputs])`, as tensor expressions
    /// that autodiff can differentiate again: WGAN-GP's penalty trains the weights
    /// through this gradient, which burn's autodiff cannot take twice by itself.
    ///
    /// Backpropagation by hand: `g = W_out`, then for each hidden layer from the top
    /// `g ← (g ⊙ act′(a)) · Wᵀ`; the activation's derivative is a 0/1 (ReLU) or
    /// 0.2/1 (LeakyReLU) mask, constant almost everywhere.
    pub fn forward_with_input_gradient(&self, input: Tensor<2>) -> (Tensor<2>, Tensor<2>) {
        let [batch, _] = input.dims();
        let mut x = input;
        let mut masks = Vec::with_capacity(self.hidden.len());
        for layer in &self.hidden {
            let a = layer.forward(x); // [B, n]
            let positive = a.clone().detach().greater_elem(0.0).float(); // [B, n]
            let slope = if self.leaky { LEAKY_SLOPE } else { 0.0 };
            let mask = positive.mul_scalar(1.0 - slope).add_scalar(slope);
            x = a * mask.clone();
            masks.push(mask);
        }
        let out = self.output.forward(x); // [B, 1]
        let w_out = self.output.weight.val(); // [n, 1]
        let [fan_in, _] = w_out.dims();
        let mut grad = w_out.transpose().expand([batch, fan_in]); // [B, n]
        for (layer, mask) in self.hidden.iter().zip(masks).rev() {
            grad = (grad * mask).matmul(layer.weight.val().transpose()); // [B, fan_in]
        }
        (out, grad)
    }
}

/// The generator network of either family.
#[derive(Module, Debug)]
#[allow(clippy::large_enum_variant)] // two per trainer, moved once per update: boxing buys nothing
pub enum Generator {
    /// An MLP (tanh output for images).
    Mlp(Mlp),
    /// The TF tutorial's DCGAN generator.
    Dcgan(DcganGenerator),
}

/// The discriminator network of either family.
#[derive(Module, Debug)]
#[allow(clippy::large_enum_variant)] // as for `Generator`
pub enum Discriminator {
    /// An MLP.
    Mlp(Mlp),
    /// The TF tutorial's DCGAN discriminator.
    Dcgan(DcganDiscriminator),
}

impl Generator {
    /// Noise `[batch, noise_dim]` → samples `[batch, data_dim]`.
    pub fn forward(&self, z: Tensor<2>) -> Tensor<2> {
        match self {
            Self::Mlp(m) => m.forward(z),
            Self::Dcgan(g) => g.forward(z),
        }
    }

    /// A copy that shares nothing mutable with `self` (the DCGAN's batch-norm running
    /// statistics are copied; everything else is immutable and shared): what
    /// checkpoints hold.
    pub fn independent_copy(&self) -> Self {
        match self {
            Self::Mlp(m) => Self::Mlp(m.clone()),
            Self::Dcgan(g) => Self::Dcgan(g.independent_copy()),
        }
    }

    /// Whether the network normalises over the batch (then its fakes for the D step
    /// must come from training mode, as in the TF tutorial).
    pub fn has_batch_norm(&self) -> bool {
        matches!(self, Self::Dcgan(_))
    }

    /// Overwrites the first value of the first parameter (tests inject NaNs with it).
    pub fn poke(self, value: f32) -> Self {
        poke_first(self, value)
    }
}

impl Discriminator {
    /// Samples `[batch, data_dim]` → logits `[batch, 1]`.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        match self {
            Self::Mlp(m) => m.forward(x),
            Self::Dcgan(d) => d.forward(x),
        }
    }

    /// Overwrites the first value of the first parameter (tests inject NaNs with it).
    pub fn poke(self, value: f32) -> Self {
        poke_first(self, value)
    }

    /// Logits `[batch, 1]` and their gradient with respect to the input
    /// `[batch, data_dim]`, differentiable with respect to the weights (WGAN-GP).
    /// `None` for the DCGAN, whose input gradient is not built by hand.
    pub fn forward_with_input_gradient(&self, x: Tensor<2>) -> Option<(Tensor<2>, Tensor<2>)> {
        match self {
            Self::Mlp(m) => Some(m.forward_with_input_gradient(x)),
            Self::Dcgan(_) => None,
        }
    }
}

/// Sum of every parameter: non-finite exactly when some weight is NaN or infinite.
pub fn parameter_sum<M: Module>(module: &M) -> f32 {
    flat_parameters(module).iter().sum()
}

/// Every parameter of a module flattened into one vector, in visiting order.
pub fn flat_parameters<M: Module>(module: &M) -> Vec<f32> {
    struct Collect(Vec<f32>);
    impl burn::module::ModuleVisitor for Collect {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            self.0.extend(to_vec(param.val()));
        }
    }
    let mut collect = Collect(Vec::new());
    module.visit(&mut collect);
    collect.0
}

/// Sets the first value of a module's first float parameter.
fn poke_first<M: Module>(module: M, value: f32) -> M {
    struct Poke(Option<f32>);
    impl burn::module::ModuleMapper for Poke {
        fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            let Some(value) = self.0.take() else {
                return param;
            };
            let tensor = param.val();
            let (shape, device) = (tensor.shape(), tensor.device());
            let mut values = to_vec(tensor);
            values[0] = value;
            Param::from_tensor(Tensor::from_data(TensorData::new(values, shape), &device))
        }
    }
    module.map(&mut Poke(Some(value)))
}

/// Builds the generator `noise_dim → … → data_dim` and discriminator
/// `data_dim → … → 1` of a config; images get a tanh on an MLP generator's output.
/// The DCGAN takes 28×28 digits only.
pub fn build_pair(
    config: &ModelConfig,
    data_dim: usize,
    images: bool,
    rng: &mut GanRng,
    device: &Device,
) -> Result<(Generator, Discriminator), ConfigError> {
    if config.kind == ModelKind::Dcgan {
        if !images || data_dim != IMAGE_PIXELS {
            return Err(ConfigError {
                field: "model",
                reason: "the DCGAN generates 28×28 digits: pick MNIST data".into(),
            });
        }
        // burn's layer initialisers draw from the device's generator.
        device.seed(rng.random());
        return Ok((
            Generator::Dcgan(DcganGenerator::new(config.noise_dim, device)),
            Discriminator::Dcgan(DcganDiscriminator::new(device)),
        ));
    }
    let generator = Mlp::new(
        config.noise_dim,
        config.g_layers,
        config.g_neurons,
        data_dim,
        config.activation,
        rng,
        device,
    );
    let generator = if images {
        generator.with_tanh_output()
    } else {
        generator
    };
    let discriminator = Mlp::new(
        data_dim,
        config.d_layers,
        config.d_neurons,
        1,
        config.activation,
        rng,
        device,
    );
    Ok((Generator::Mlp(generator), Discriminator::Mlp(discriminator)))
}

fn linear(fan_in: usize, fan_out: usize, rng: &mut GanRng, device: &Device) -> Linear {
    let std = 1.0 / (fan_in as f32).sqrt();
    let weights: Vec<f32> = (0..fan_in * fan_out).map(|_| std * normal(rng)).collect();
    let weight = Tensor::<2>::from_data(TensorData::new(weights, [fan_in, fan_out]), device);
    let bias = Tensor::<1>::zeros([fan_out], device);
    Linear {
        weight: Param::from_tensor(weight),
        bias: Some(Param::from_tensor(bias)),
    }
}

/// Copies a tensor's values to the host.
pub fn to_vec<const D: usize>(tensor: Tensor<D>) -> Vec<f32> {
    tensor.into_data().try_into_vec::<f32>().unwrap_or_default()
}
