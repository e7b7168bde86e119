//! The TensorFlow tutorial's DCGAN: layer shapes, parameter counts equal to
//! Keras', TensorFlow's `'same'` padding, and that one Adam step trains each
//! network. `step_time_batch_64` (ignored) times one full D + G step.

use std::time::Instant;

use burn::module::{Module, ModuleVisitor, Param};
use burn::nn::PaddingConfig2d;
use burn::nn::conv::{Conv2dConfig, ConvTranspose2dConfig};
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::prelude::*;
use burn::tensor::Distribution;
use burn::tensor::activation::softplus;
use ganvas::gan::mnist::dcgan::{
    DcganDiscriminator, DcganGenerator, KERAS_DISCRIMINATOR_TOTAL, KERAS_GENERATOR_TOTAL,
    KERAS_GENERATOR_TRAINABLE, SameConvTranspose2d,
};

const NOISE: usize = 100;

fn noise(batch: usize, device: &Device) -> Tensor<2> {
    Tensor::random([batch, NOISE], Distribution::Normal(0.0, 1.0), device)
}

fn digits(batch: usize, device: &Device) -> Tensor<2> {
    Tensor::random([batch, 784], Distribution::Uniform(-1.0, 1.0), device)
}

fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().try_into_vec::<f32>().unwrap()
}

/// Every float tensor of a module (parameters and running statistics), flattened.
fn flat<M: Module>(m: &M) -> Vec<f32> {
    struct Collect(Vec<f32>);
    impl ModuleVisitor for Collect {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            self.0.extend(values(param.val()));
        }
    }
    let mut c = Collect(Vec::new());
    m.visit(&mut c);
    c.0
}

/// Elements of the float tensors that require a gradient (on an autodiff device).
fn requiring_grad<M: Module>(m: &M) -> usize {
    struct Count(usize);
    impl ModuleVisitor for Count {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if param.val().is_require_grad() {
                self.0 += param.lazy_shape().num_elements();
            }
        }
    }
    let mut c = Count(0);
    m.visit(&mut c);
    c.0
}

fn adam() -> ModuleOptimizer {
    AdamConfig::new().with_beta_1(0.5).init()
}

/// Non-saturating losses with logits, as the tutorial's `BinaryCrossentropy(from_logits=True)`.
fn d_loss(d: &DcganDiscriminator, real: Tensor<2>, fake: Tensor<2>) -> Tensor<1> {
    let real_term = softplus(-d.forward(real), 1.0).mean(); // [1]
    let fake_term = softplus(d.forward(fake), 1.0).mean(); // [1]
    real_term + fake_term
}

fn g_loss(d: &DcganDiscriminator, fake: Tensor<2>) -> Tensor<1> {
    softplus(-d.forward(fake), 1.0).mean() // [1]
}

#[test]
fn generator_maps_noise_to_digits_through_the_tutorials_shapes() {
    let dev = Device::flex();
    let g = DcganGenerator::new(NOISE, &dev);
    assert_eq!(
        g.forward_shapes(noise(3, &dev)),
        vec![
            [3, 256, 7, 7],
            [3, 128, 7, 7],
            [3, 64, 14, 14],
            [3, 1, 28, 28]
        ]
    );
    let out = g.forward(noise(3, &dev));
    assert_eq!(out.dims(), [3, 784]);
    let v = values(out);
    assert!(v.iter().all(|x| x.is_finite() && (-1.0..=1.0).contains(x)));
    assert!(v.iter().any(|x| *x != v[0]), "a constant image");

    // With batch statistics (training mode on an autodiff device) too.
    let dev = Device::flex().autodiff();
    let g = DcganGenerator::new(NOISE, &dev);
    let out = g.forward(noise(5, &dev));
    assert_eq!(out.dims(), [5, 784]);
    assert!(values(out).iter().all(|x| (-1.0..=1.0).contains(x)));
}

#[test]
fn discriminator_maps_digits_to_one_logit() {
    let dev = Device::flex();
    let d = DcganDiscriminator::new(&dev);
    assert_eq!(
        d.forward_shapes(digits(3, &dev)),
        vec![[3, 1, 28, 28], [3, 64, 14, 14], [3, 128, 7, 7]]
    );
    let out = d.forward(digits(3, &dev));
    assert_eq!(out.dims(), [3, 1]);
    assert!(values(out).iter().all(|x| x.is_finite()));
}

/// Keras' `model.summary()` counts BatchNormalization's moving mean and variance as
/// non-trainable parameters. burn keeps them in `RunningState`s, which
/// `Module::num_params` also counts (it visits every float tensor) but which never
/// require a gradient: so burn's `num_params` equals Keras' *total*, and the
/// tensors requiring a gradient equal Keras' *trainable* count.
#[test]
fn parameter_counts_equal_keras() {
    let dev = Device::flex();
    let g = DcganGenerator::new(NOISE, &dev);
    let d = DcganDiscriminator::new(&dev);
    assert_eq!(g.num_params(), KERAS_GENERATOR_TOTAL);
    assert_eq!(g.trainable_parameters(), KERAS_GENERATOR_TRAINABLE);
    assert_eq!(d.num_params(), KERAS_DISCRIMINATOR_TOTAL);
    assert_eq!(
        KERAS_GENERATOR_TOTAL - KERAS_GENERATOR_TRAINABLE,
        2 * (7 * 7 * 256 + 128 + 64)
    );

    let dev = Device::flex().autodiff();
    let g = DcganGenerator::new(NOISE, &dev);
    let d = DcganDiscriminator::new(&dev);
    assert_eq!(requiring_grad(&g), KERAS_GENERATOR_TRAINABLE);
    assert_eq!(requiring_grad(&d), KERAS_DISCRIMINATOR_TOTAL);
}

/// Keras' initial state: zero biases, Glorot-uniform kernels within ±√(6 / (fan_in + fan_out)).
#[test]
fn initialisation_is_keras() {
    let dev = Device::flex();
    let g = DcganGenerator::new(NOISE, &dev);
    let d = DcganDiscriminator::new(&dev);
    for bias in [&d.conv1.bias, &d.conv2.bias, &d.dense.bias] {
        let b = bias.as_ref().map(|b| values(b.val())).unwrap();
        assert!(b.iter().all(|x| *x == 0.0));
    }
    assert!(g.dense.bias.is_none() && g.deconv1.conv.bias.is_none());
    let check = |w: Vec<f32>, fans: f32| {
        let limit = (6.0 / fans).sqrt();
        let max = w.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(
            // The bound is computed in f64 by burn and in f32 here: allow one ulp.
            max <= limit * (1.0 + f32::EPSILON) && max > 0.9 * limit,
            "max {max}, limit {limit}"
        );
    };
    check(values(g.dense.weight.val()), (100 + 12544) as f32);
    check(
        values(g.deconv2.conv.weight.val()),
        (25 * (128 + 64)) as f32,
    );
    check(values(d.conv2.weight.val()), (25 * (64 + 128)) as f32);
    check(values(d.dense.weight.val()), (6272 + 1) as f32);
}

/// TensorFlow's stride-2 `Conv2DTranspose(padding='same')` is the adjoint of its
/// `Conv2D(padding='same')` (padding 1 before, 2 after, which burn's
/// `PaddingConfig2d::Same` reproduces): ⟨conv(x), y⟩ = ⟨x, conv_transpose(y)⟩ with the
/// same kernel. A symmetric (PyTorch-style) padding would shift the image by a pixel.
#[test]
fn transposed_convolution_is_the_adjoint_of_tensorflows_same_convolution() {
    let dev = Device::flex();
    let conv = Conv2dConfig::new([1, 64], [5, 5])
        .with_stride([2, 2])
        .with_padding(PaddingConfig2d::Same)
        .with_bias(false)
        .init(&dev);
    let mut up = SameConvTranspose2d::new(64, 1, 2, &dev);
    up.conv.weight = conv.weight.clone(); // both [64, 1, 5, 5]
    let x = Tensor::<4>::random([2, 1, 28, 28], Distribution::Normal(0.0, 1.0), &dev);
    let y = Tensor::<4>::random([2, 64, 14, 14], Distribution::Normal(0.0, 1.0), &dev);
    let lhs: f32 = (conv.forward(x.clone()) * y.clone()).sum().into_scalar();
    let rhs: f32 = (x.clone() * up.forward(y.clone())).sum().into_scalar();
    // The control: PyTorch's symmetric choice (padding 2, output padding 1) is one pixel off.
    let mut torch_style = ConvTranspose2dConfig::new([64, 1], [5, 5])
        .with_stride([2, 2])
        .with_padding([2, 2])
        .with_padding_out([1, 1])
        .with_bias(false)
        .init(&dev);
    torch_style.weight = conv.weight.clone();
    let off: f32 = (x * torch_style.forward(y)).sum().into_scalar();
    assert!(
        (lhs - off).abs() > 1e-2 * lhs.abs().max(1.0),
        "{lhs} vs {off}"
    );
    assert!(
        (lhs - rhs).abs() <= 1e-3 * lhs.abs().max(1.0),
        "{lhs} vs {rhs}"
    );
}

#[test]
fn one_adam_step_trains_the_discriminator_and_gradients_reach_the_generator() {
    let dev = Device::flex().autodiff();
    dev.seed(7);
    let g = DcganGenerator::new(NOISE, &dev);
    let d = DcganDiscriminator::new(&dev);
    let mut opt_d = adam();
    let mut opt_g = adam();

    // D step on real digits and detached fakes.
    let before = flat(&d);
    let fake = g.forward(noise(4, &dev)).detach(); // [4, 784]
    let loss = d_loss(&d, digits(4, &dev), fake);
    let grads = GradientsParams::from_grads(loss.backward(), &d);
    let d = opt_d.step(1e-4, d, grads);
    let after = flat(&d);
    assert_eq!(before.len(), after.len());
    assert!(after.iter().all(|x| x.is_finite()));
    let moved = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    assert!(
        moved > after.len() / 2,
        "only {moved} of {} moved",
        after.len()
    );

    // G step through a frozen D: gradients reach G's first layer, none reach D.
    let frozen = d.clone().no_grad();
    let loss = g_loss(&frozen, g.forward(noise(4, &dev)));
    let grads = loss.backward();
    let gw = g.dense.weight.val().grad(&grads).map(values).unwrap();
    assert!(gw.iter().all(|x| x.is_finite()) && gw.iter().any(|x| *x != 0.0));
    assert!(frozen.conv1.weight.val().grad(&grads).is_none());
    assert!(d.conv1.weight.val().grad(&grads).is_none());
    let grads = GradientsParams::from_grads(grads, &g);
    let g_before = flat(&g.dense);
    let g = opt_g.step(1e-4, g, grads);
    let g_after = flat(&g.dense);
    assert!(g_after.iter().all(|x| x.is_finite()));
    assert_ne!(g_before, g_after);
    // D itself is untouched by the G step.
    assert_eq!(flat(&d), after);
}

/// One full training step (a D update, then a G update) at batch 64, timed by hand:
/// `cargo test --release --test mnist_dcgan -- --ignored --nocapture`.
#[test]
#[ignore]
fn step_time_batch_64() {
    let dev = Device::flex().autodiff();
    dev.seed(1);
    let batch = 64;
    let mut g = DcganGenerator::new(NOISE, &dev);
    let mut d = DcganDiscriminator::new(&dev);
    let mut opt_d = adam();
    let mut opt_g = adam();
    let real = digits(batch, &dev);
    let steps = 6;
    let mut times = Vec::new();
    for _ in 0..steps {
        let start = Instant::now();
        let fake = g.forward(noise(batch, &dev)).detach();
        let loss = d_loss(&d, real.clone(), fake);
        let grads = GradientsParams::from_grads(loss.backward(), &d);
        d = opt_d.step(1e-4, d, grads);

        let frozen = d.clone().no_grad();
        let loss = g_loss(&frozen, g.forward(noise(batch, &dev)));
        let grads = GradientsParams::from_grads(loss.backward(), &g);
        g = opt_g.step(1e-4, g, grads);
        let _: f32 = loss.into_scalar(); // wait for the work to finish
        times.push(start.elapsed().as_secs_f64());
    }
    let warm = &times[1..];
    let mean = warm.iter().sum::<f64>() / warm.len() as f64;
    println!(
        "DCGAN b{batch} flex autodiff: first step {:.3} s, then mean {:.3} s/step ({:.2} steps/s), all {:?}",
        times[0],
        mean,
        1.0 / mean,
        times
    );
}
