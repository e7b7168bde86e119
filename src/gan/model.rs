//! The multilayer perceptrons used as generator and discriminator of 2D GANs.

use burn::module::Param;
use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation;
use rand::rngs::SmallRng;

use super::config::{Activation, ModelConfig};
use super::data::normal;

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
        rng: &mut SmallRng,
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
        }
    }

    /// Applies the network: `[batch, inputs]` → `[batch, outputs]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let mut x = input;
        for layer in &self.hidden {
            x = layer.forward(x);
            x = if self.leaky {
                activation::leaky_relu(x, LEAKY_SLOPE)
            } else {
                activation::relu(x)
            };
        }
        self.output.forward(x)
    }

    /// Sum of every parameter: a cheap probe that is non-finite exactly when some
    /// weight is NaN or infinite (or two infinities cancel, which is non-finite too).
    pub fn parameter_sum(&self) -> f32 {
        let mut total = 0.0f32;
        for layer in self.hidden.iter().chain(std::iter::once(&self.output)) {
            total += layer.weight.val().sum().into_scalar::<f32>();
            if let Some(bias) = &layer.bias {
                total += bias.val().sum().into_scalar::<f32>();
            }
        }
        total
    }

    /// Every weight and bias flattened into one vector (tests and checkpoints compare these).
    pub fn flat_parameters(&self) -> Vec<f32> {
        let mut out = Vec::new();
        for layer in self.hidden.iter().chain(std::iter::once(&self.output)) {
            out.extend(to_vec(layer.weight.val()));
            if let Some(bias) = &layer.bias {
                out.extend(to_vec(bias.val()));
            }
        }
        out
    }
}

/// Builds the generator `noise_dim → … → 2` and discriminator `2 → … → 1` of a config.
pub fn build_pair(config: &ModelConfig, rng: &mut SmallRng, device: &Device) -> (Mlp, Mlp) {
    let generator = Mlp::new(
        config.noise_dim,
        config.g_layers,
        config.g_neurons,
        2,
        config.activation,
        rng,
        device,
    );
    let discriminator = Mlp::new(
        2,
        config.d_layers,
        config.d_neurons,
        1,
        config.activation,
        rng,
        device,
    );
    (generator, discriminator)
}

fn linear(fan_in: usize, fan_out: usize, rng: &mut SmallRng, device: &Device) -> Linear {
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
