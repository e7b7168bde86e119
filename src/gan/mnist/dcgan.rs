//! The TensorFlow DCGAN tutorial's generator and discriminator, layer for layer.
//!
//! Generator: Dense `noise_dim → 7·7·256` (no bias) → BatchNorm → LeakyReLU →
//! reshape `[B, 256, 7, 7]` → ConvTranspose 128 5×5 s1 → BN → LReLU →
//! ConvTranspose 64 5×5 s2 → BN → LReLU → ConvTranspose 1 5×5 s2 → tanh.
//! Discriminator: Conv 64 5×5 s2 → LReLU → Dropout 0.3 → Conv 128 5×5 s2 →
//! LReLU → Dropout 0.3 → flatten → Dense 1 (a logit).
//!
//! What is copied from Keras, beyond the layer list:
//! - kernels are Glorot-uniform and biases zero (Keras' defaults; burn's
//!   `Conv2dConfig`/`LinearConfig` would draw the biases from the kernel's
//!   initializer, so they are reset to zero here);
//! - LeakyReLU's negative slope is 0.3 and Dropout's rate 0.3;
//! - BatchNorm has ε = 1e-3 and Keras' momentum 0.99, which is burn's 0.01
//!   (burn weighs the *new* batch statistics by its momentum);
//! - `padding='same'` is TensorFlow's: when the total padding is odd the extra
//!   row/column goes at the bottom/right (burn's `PaddingConfig2d::Same` does
//!   exactly this), and the stride-2 transposed convolutions are the adjoints of
//!   such convolutions (see [`SameConvTranspose2d`]).
//!
//! Images are channels-first (`[B, C, H, W]`); the Dense layer's 12 544 outputs
//! are read as `[256, 7, 7]` rather than Keras' `(7, 7, 256)`, a mere
//! relabelling of units that are all initialised alike.

use burn::module::{Param, RunningState};
use burn::nn::conv::{Conv2d, Conv2dConfig, ConvTranspose2d, ConvTranspose2dConfig};
use burn::nn::{
    BatchNorm, BatchNormConfig, Dropout, DropoutConfig, Initializer, Linear, LinearConfig,
    PaddingConfig2d,
};
use burn::prelude::*;
use burn::tensor::activation;

/// Side of a generated digit, in pixels.
pub const IMAGE_SIDE: usize = 28;
/// Pixels of a digit (`28 · 28`), the width of the generator's output rows.
pub const IMAGE_PIXELS: usize = IMAGE_SIDE * IMAGE_SIDE;
/// Side of the generator's first feature map (and of the discriminator's last).
const SEED_SIDE: usize = 7;
/// Channels of the generator's first feature map.
const SEED_CHANNELS: usize = 256;
/// Kernel side of every convolution.
const KERNEL: usize = 5;
/// Keras' default LeakyReLU slope for negative inputs.
pub const LEAKY_SLOPE: f64 = 0.3;
/// The tutorial's dropout rate in the discriminator.
pub const DROPOUT: f64 = 0.3;
/// Keras' BatchNormalization ε.
const BN_EPSILON: f64 = 1e-3;
/// Keras' BatchNormalization momentum 0.99, in burn's convention (weight of the new batch).
const BN_MOMENTUM: f64 = 0.01;

/// Parameters Keras reports as trainable for [`DcganGenerator`] with a noise of 100:
/// Dense 100·12 544 = 1 254 400, BN γ,β 2·12 544 = 25 088, ConvT 5·5·256·128 =
/// 819 200, BN 2·128 = 256, ConvT 5·5·128·64 = 204 800, BN 2·64 = 128,
/// ConvT 5·5·64·1 = 1 600.
pub const KERAS_GENERATOR_TRAINABLE: usize = 2_305_472;
/// All parameters Keras reports for [`DcganGenerator`] (noise 100): the trainable
/// ones plus the BatchNorm moving means and variances, 2·(12 544 + 128 + 64) = 25 472.
pub const KERAS_GENERATOR_TOTAL: usize = 2_330_944;
/// All parameters Keras reports for [`DcganDiscriminator`] (all trainable):
/// Conv 5·5·1·64 + 64 = 1 664, Conv 5·5·64·128 + 128 = 204 928, Dense 6 272 + 1 = 6 273.
pub const KERAS_DISCRIMINATOR_TOTAL: usize = 212_865;

/// Keras' default kernel initializer, Glorot (Xavier) uniform.
fn glorot() -> Initializer {
    Initializer::XavierUniform { gain: 1.0 }
}

/// A zero bias of `n` values, as Keras starts every bias.
fn zero_bias(n: usize, device: &Device) -> Param<Tensor<1>> {
    Initializer::Zeros.init([n], device)
}

/// Keras' BatchNormalization over `features` channels.
fn batch_norm(features: usize, device: &Device) -> BatchNorm {
    BatchNormConfig::new(features)
        .with_epsilon(BN_EPSILON)
        .with_momentum(BN_MOMENTUM)
        .init(device)
}

/// A Keras `Conv2D(c_out, 5, strides=2, padding='same')` with zero bias.
fn same_conv_s2(c_in: usize, c_out: usize, device: &Device) -> Conv2d {
    let mut conv = Conv2dConfig::new([c_in, c_out], [KERNEL, KERNEL])
        .with_stride([2, 2])
        .with_padding(PaddingConfig2d::Same)
        .with_initializer(glorot())
        .init(device);
    conv.bias = Some(zero_bias(c_out, device));
    conv
}

/// A Keras `Conv2DTranspose(c_out, 5, strides, padding='same', use_bias=False)`:
/// the output is exactly `stride` times the input's side.
///
/// TensorFlow computes it as the adjoint of a `'same'` convolution from the
/// output size to the input size, whose padding puts the odd extra row at the
/// bottom. burn's transposed convolution crops the same amount from both sides,
/// so this layer asks burn for the top crop only and cuts the surplus at the
/// bottom/right itself.
#[derive(Module, Debug)]
pub struct SameConvTranspose2d {
    /// The underlying transposed convolution (weight `[c_in, c_out, 5, 5]`, no bias).
    pub conv: ConvTranspose2d,
    /// The upsampling factor (1 or 2 here).
    pub stride: usize,
}

impl SameConvTranspose2d {
    /// A layer `c_in → c_out` with Glorot-uniform weights.
    pub fn new(c_in: usize, c_out: usize, stride: usize, device: &Device) -> Self {
        // TensorFlow's total padding of the adjoint convolution is k − s; it puts
        // the smaller half first.
        let pad_before = KERNEL.saturating_sub(stride) / 2;
        // burn's ConvTranspose2dConfig hands the initializer no fan-out, so
        // XavierUniform would panic at first use: draw Glorot's bound by hand.
        // (Keras' kernel is (5, 5, c_out, c_in): fan_in + fan_out = 25·(c_in + c_out).)
        let fans = (KERNEL * KERNEL * (c_in + c_out)) as f64;
        let limit = (6.0 / fans).sqrt();
        let conv = ConvTranspose2dConfig::new([c_in, c_out], [KERNEL, KERNEL])
            .with_stride([stride, stride])
            .with_padding([pad_before, pad_before])
            .with_bias(false)
            .with_initializer(Initializer::Uniform {
                min: -limit,
                max: limit,
            })
            .init(device);
        Self { conv, stride }
    }

    /// `[B, c_in, h, w]` → `[B, c_out, stride·h, stride·w]`.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let [_, _, h, w] = x.dims();
        let y = self.conv.forward(x); // [B, c_out, stride·h + (1 if stride is even), …]
        let [_, _, yh, yw] = y.dims();
        let (oh, ow) = (self.stride * h, self.stride * w);
        if (yh, yw) == (oh, ow) {
            y
        } else {
            y.narrow(2, 0, oh).narrow(3, 0, ow) // [B, c_out, stride·h, stride·w]
        }
    }
}

/// The tutorial's generator: noise `[B, noise_dim]` → digits `[B, 784]` in [−1, 1].
#[derive(Module, Debug)]
pub struct DcganGenerator {
    /// Dense `noise_dim → 12 544`, no bias.
    pub dense: Linear,
    /// BatchNorm over the 12 544 dense outputs.
    pub bn0: BatchNorm,
    /// ConvTranspose 256 → 128, 5×5, stride 1 (7×7 → 7×7).
    pub deconv1: SameConvTranspose2d,
    /// BatchNorm over 128 channels.
    pub bn1: BatchNorm,
    /// ConvTranspose 128 → 64, 5×5, stride 2 (7×7 → 14×14).
    pub deconv2: SameConvTranspose2d,
    /// BatchNorm over 64 channels.
    pub bn2: BatchNorm,
    /// ConvTranspose 64 → 1, 5×5, stride 2 (14×14 → 28×28), followed by tanh.
    pub deconv3: SameConvTranspose2d,
}

impl DcganGenerator {
    /// A copy with batch-norm running statistics of its own: burn's `RunningState`
    /// clones share one buffer, which training updates in place, so a checkpoint
    /// taken by plain cloning would follow the live network's statistics.
    pub fn independent_copy(&self) -> Self {
        let mut copy = self.clone();
        for bn in [&mut copy.bn0, &mut copy.bn1, &mut copy.bn2] {
            bn.running_mean = RunningState::new(bn.running_mean.value());
            bn.running_var = RunningState::new(bn.running_var.value());
        }
        copy
    }

    /// A freshly initialised generator for noise vectors of `noise_dim` (100 in the tutorial).
    pub fn new(noise_dim: usize, device: &Device) -> Self {
        let seed = SEED_CHANNELS * SEED_SIDE * SEED_SIDE;
        Self {
            dense: LinearConfig::new(noise_dim, seed)
                .with_bias(false)
                .with_initializer(glorot())
                .init(device),
            bn0: batch_norm(seed, device),
            deconv1: SameConvTranspose2d::new(SEED_CHANNELS, 128, 1, device),
            bn1: batch_norm(128, device),
            deconv2: SameConvTranspose2d::new(128, 64, 2, device),
            bn2: batch_norm(64, device),
            deconv3: SameConvTranspose2d::new(64, 1, 2, device),
        }
    }

    /// Generates digits: `[B, noise_dim]` → `[B, 784]`, rows of a 28×28 image in
    /// row-major order, values in [−1, 1].
    pub fn forward(&self, z: Tensor<2>) -> Tensor<2> {
        self.forward_traced(z, |_| {})
    }

    /// The shapes of the feature maps after each stage of [`forward`](Self::forward):
    /// `[B, 256, 7, 7]`, `[B, 128, 7, 7]`, `[B, 64, 14, 14]`, `[B, 1, 28, 28]`.
    pub fn forward_shapes(&self, z: Tensor<2>) -> Vec<[usize; 4]> {
        let mut shapes = Vec::new();
        let _ = self.forward_traced(z, |x| shapes.push(x.dims()));
        shapes
    }

    /// Parameters an optimizer trains: [`Module::num_params`] minus the BatchNorm
    /// running means and variances, which burn counts as parameters (they are
    /// `RunningState`s, visited as float tensors) but never differentiates.
    pub fn trainable_parameters(&self) -> usize {
        let running = [&self.bn0, &self.bn1, &self.bn2]
            .iter()
            .map(|bn| 2 * bn.gamma.lazy_shape().num_elements())
            .sum::<usize>();
        self.num_params() - running
    }

    /// The one forward pass, calling `trace` on each stage's feature map.
    fn forward_traced(&self, z: Tensor<2>, mut trace: impl FnMut(&Tensor<4>)) -> Tensor<2> {
        let [batch, _] = z.dims();
        let x = self.dense.forward(z); // [B, 12544]
        let x = self.bn0.forward(x); // [B, 12544]
        let x = activation::leaky_relu(x, LEAKY_SLOPE); // [B, 12544]
        let x: Tensor<4> = x.reshape([batch, SEED_CHANNELS, SEED_SIDE, SEED_SIDE]); // [B, 256, 7, 7]
        trace(&x);
        let x = self.deconv1.forward(x); // [B, 128, 7, 7]
        let x = self.bn1.forward(x); // [B, 128, 7, 7]
        let x = activation::leaky_relu(x, LEAKY_SLOPE); // [B, 128, 7, 7]
        trace(&x);
        let x = self.deconv2.forward(x); // [B, 64, 14, 14]
        let x = self.bn2.forward(x); // [B, 64, 14, 14]
        let x = activation::leaky_relu(x, LEAKY_SLOPE); // [B, 64, 14, 14]
        trace(&x);
        let x = self.deconv3.forward(x); // [B, 1, 28, 28]
        let x = activation::tanh(x); // [B, 1, 28, 28]
        trace(&x);
        x.reshape([batch, IMAGE_PIXELS]) // [B, 784]
    }
}

/// The tutorial's discriminator: digits `[B, 784]` in [−1, 1] → logits `[B, 1]`.
#[derive(Module, Debug)]
pub struct DcganDiscriminator {
    /// Conv 1 → 64, 5×5, stride 2, `'same'` (28×28 → 14×14).
    pub conv1: Conv2d,
    /// Conv 64 → 128, 5×5, stride 2, `'same'` (14×14 → 7×7).
    pub conv2: Conv2d,
    /// Dropout 0.3 after each convolution (active on autodiff devices only).
    pub dropout: Dropout,
    /// Dense 6 272 → 1, with bias.
    pub dense: Linear,
}

impl DcganDiscriminator {
    /// A freshly initialised discriminator.
    pub fn new(device: &Device) -> Self {
        let flat = 128 * SEED_SIDE * SEED_SIDE;
        let mut dense = LinearConfig::new(flat, 1)
            .with_initializer(glorot())
            .init(device);
        dense.bias = Some(zero_bias(1, device));
        Self {
            conv1: same_conv_s2(1, 64, device),
            conv2: same_conv_s2(64, 128, device),
            dropout: DropoutConfig::new(DROPOUT).init(),
            dense,
        }
    }

    /// Scores digits: `[B, 784]` → logits `[B, 1]` (positive: "real").
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        self.forward_traced(x, |_| {})
    }

    /// The shapes of the feature maps of [`forward`](Self::forward): the input image
    /// `[B, 1, 28, 28]`, then `[B, 64, 14, 14]` and `[B, 128, 7, 7]`.
    pub fn forward_shapes(&self, x: Tensor<2>) -> Vec<[usize; 4]> {
        let mut shapes = Vec::new();
        let _ = self.forward_traced(x, |t| shapes.push(t.dims()));
        shapes
    }

    /// The one forward pass, calling `trace` on each stage's feature map.
    fn forward_traced(&self, x: Tensor<2>, mut trace: impl FnMut(&Tensor<4>)) -> Tensor<2> {
        let [batch, _] = x.dims();
        let x: Tensor<4> = x.reshape([batch, 1, IMAGE_SIDE, IMAGE_SIDE]); // [B, 1, 28, 28]
        trace(&x);
        let x = self.conv1.forward(x); // [B, 64, 14, 14]
        let x = activation::leaky_relu(x, LEAKY_SLOPE); // [B, 64, 14, 14]
        let x = self.dropout.forward(x); // [B, 64, 14, 14]
        trace(&x);
        let x = self.conv2.forward(x); // [B, 128, 7, 7]
        let x = activation::leaky_relu(x, LEAKY_SLOPE); // [B, 128, 7, 7]
        let x = self.dropout.forward(x); // [B, 128, 7, 7]
        trace(&x);
        let x: Tensor<2> = x.flatten(1, 3); // [B, 6272]
        self.dense.forward(x) // [B, 1]
    }
}
