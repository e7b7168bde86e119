//! WGAN-GP and hinge: hand-computed values, the gradient penalty on tiny critics, and
//! the input gradient the penalty is built from against finite differences.

mod common;

use burn::module::Param;
use burn::nn::Linear;
use burn::prelude::*;
use common::{FAKE, REAL, column, device, mean, scalar};
use ganvas::gan::config::{Activation, WGAN_GP_NEEDS_MLP};
use ganvas::gan::data::GanRng;
use ganvas::gan::loss::{
    GRADIENT_PENALTY_WEIGHT, discriminator_loss, generator_loss, gradient_penalty,
};
use ganvas::gan::model::{Mlp, to_vec};
use ganvas::gan::{
    Backend, DataSource, GanConfig, HyperParams, LossKind, ModelConfig, ModelKind, OptimizerKind,
    TrainError, Trainer,
};
use rand::SeedableRng as _;

#[test]
fn wasserstein_critic_loss_is_fake_mean_minus_real_mean() {
    // The critic maximises E[D(x)] − E[D(G(z))]; its loss is the negation.
    let expected =
        mean(FAKE.iter().map(|&l| f64::from(l))) - mean(REAL.iter().map(|&l| f64::from(l)));
    let d = scalar(discriminator_loss(
        LossKind::WganGp,
        column(&REAL),
        column(&FAKE),
    ));
    assert!(
        (d - expected).abs() < 1e-6,
        "D loss {d}, expected {expected}"
    );
    let g = scalar(generator_loss(LossKind::WganGp, column(&FAKE)));
    let expected_g = -mean(FAKE.iter().map(|&l| f64::from(l)));
    assert!(
        (g - expected_g).abs() < 1e-6,
        "G loss {g}, expected {expected_g}"
    );
}

#[test]
fn hinge_loss_counts_only_samples_inside_the_margin() {
    // D: E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))].
    // Real 2, −1, 0.5 → 0, 2, 0.5 (mean 5/6); fake −3, 0, 1.5 → 0, 1, 2.5 (mean 7/6).
    let d = scalar(discriminator_loss(
        LossKind::Hinge,
        column(&REAL),
        column(&FAKE),
    ));
    assert!((d - 2.0).abs() < 1e-6, "D loss {d}, expected 2");
    // G: −E[D(G(z))] = −(−3 + 0 + 1.5)/3 = 0.5.
    let g = scalar(generator_loss(LossKind::Hinge, column(&FAKE)));
    assert!((g - 0.5).abs() < 1e-6, "G loss {g}, expected 0.5");
}

#[test]
fn gradient_penalty_matches_hand_values() {
    // Rows with norms 5 (3,4), 1 (0,1) and 0: λ·mean((5−1)², 0, (0−1)²) = 10·17/3.
    let g = Tensor::<2>::from_data(
        TensorData::new(vec![3.0f32, 4.0, 0.0, 1.0, 0.0, 0.0], [3, 2]),
        &device(),
    );
    let penalty = scalar(gradient_penalty(g));
    let expected = GRADIENT_PENALTY_WEIGHT * 17.0 / 3.0;
    assert!(
        (penalty - expected).abs() < 1e-3,
        "GP {penalty}, expected {expected}"
    );
}

fn linear(weights: Vec<f32>, inputs: usize, outputs: usize, device: &Device) -> Linear {
    let weight = Tensor::<2>::from_data(TensorData::new(weights, [inputs, outputs]), device);
    Linear {
        weight: Param::from_tensor(weight),
        bias: Some(Param::from_tensor(Tensor::zeros([outputs], device))),
    }
}

#[test]
fn penalty_of_a_linear_critic_is_lambda_times_norm_minus_one_squared() {
    // D(x) = w·x with w = (3, 4): ∇D = w everywhere, GP = λ(‖w‖ − 1)² = 10·16.
    let device = device().autodiff();
    let mut critic = Mlp::new(
        2,
        0,
        1,
        1,
        Activation::Relu,
        &mut GanRng::seed_from_u64(0),
        &device,
    );
    critic.output = linear(vec![3.0, 4.0], 2, 1, &device);
    let x = Tensor::<2>::from_data(
        TensorData::new(vec![0.1f32, 0.9, 0.5, 0.5], [2, 2]),
        &device,
    );
    let (_, gradients) = critic.forward_with_input_gradient(x);
    assert_eq!(to_vec(gradients.clone()), vec![3.0, 4.0, 3.0, 4.0]);
    let penalty = gradient_penalty(gradients);
    assert!((scalar(penalty.clone()) - 160.0).abs() < 1e-3);
    // The penalty trains the weights: d/dw λ(‖w‖ − 1)² = 2λ(‖w‖ − 1)·w/‖w‖ = 80·(0.6, 0.8).
    let grads = penalty.backward();
    let dw = to_vec(
        critic
            .output
            .weight
            .grad(&grads)
            .expect("the penalty reaches w"),
    );
    assert!(
        (dw[0] - 48.0).abs() < 1e-2 && (dw[1] - 64.0).abs() < 1e-2,
        "dGP/dw = {dw:?}"
    );
}

#[test]
fn input_gradient_matches_finite_differences() {
    for activation in [Activation::Relu, Activation::LeakyRelu] {
        let device = device();
        let critic = Mlp::new(
            2,
            2,
            16,
            1,
            activation,
            &mut GanRng::seed_from_u64(5),
            &device,
        );
        let points = [0.3f32, 0.7, 0.8, 0.1, 0.45, 0.55];
        let x = Tensor::<2>::from_data(TensorData::new(points.to_vec(), [3, 2]), &device);
        let (_, gradients) = critic.forward_with_input_gradient(x);
        let analytic = to_vec(gradients);
        let eval = |p: [f32; 2]| {
            let x = Tensor::<2>::from_data(TensorData::new(p.to_vec(), [1, 2]), &device);
            f64::from(to_vec(critic.forward(x))[0])
        };
        let h = 1e-3;
        for (row, p) in points.chunks_exact(2).enumerate() {
            for dim in 0..2 {
                let (mut plus, mut minus) = ([p[0], p[1]], [p[0], p[1]]);
                plus[dim] += h;
                minus[dim] -= h;
                let numeric = (eval(plus) - eval(minus)) / (2.0 * f64::from(h));
                let got = f64::from(analytic[2 * row + dim]);
                assert!(
                    (got - numeric).abs() < 2e-2 * numeric.abs().max(1.0),
                    "{activation:?} row {row} dim {dim}: analytic {got}, numeric {numeric}"
                );
            }
        }
    }
}

#[test]
fn choosing_wgan_gp_brings_its_defaults() {
    let hyper = HyperParams::default().with_loss(LossKind::WganGp);
    assert_eq!(hyper.loss, LossKind::WganGp);
    assert_eq!(hyper.optimizer, OptimizerKind::Adam);
    assert_eq!((hyper.k_d, hyper.k_g), (5, 1));
    assert_eq!(LossKind::WganGp.adam_betas(), (0.0, 0.9));
    assert_eq!(LossKind::NonSaturating.adam_betas(), (0.5, 0.999));
    // Other losses leave the rest alone.
    let hinge = HyperParams::default().with_loss(LossKind::Hinge);
    assert_eq!(hinge.k_d, HyperParams::default().k_d);
}

/// GAN Lab's default model and data with WGAN-GP and its defaults.
fn wgan_gp_trainer(seed: u64) -> Trainer {
    let config = GanConfig {
        hyper: HyperParams::default().with_loss(LossKind::WganGp),
        ..GanConfig::default()
    };
    Trainer::new(Backend::Flex, config, DataSource::default(), seed).expect("MLP + WGAN-GP")
}

#[test]
fn wgan_gp_on_the_dcgan_is_refused_with_a_reason() {
    let config = GanConfig {
        model: ModelConfig {
            kind: ModelKind::Dcgan,
            noise_dim: 100,
            ..ModelConfig::default()
        },
        hyper: HyperParams::default().with_loss(LossKind::WganGp),
    };
    let error = config.validate().expect_err("refused");
    assert_eq!(error.field, "loss");
    assert_eq!(error.reason, WGAN_GP_NEEDS_MLP);
    // And a running MLP trainer refuses to switch the DCGAN in under WGAN-GP.
    let mut trainer = wgan_gp_trainer(0);
    let dcgan = ModelConfig {
        kind: ModelKind::Dcgan,
        ..ModelConfig::default()
    };
    assert!(matches!(
        trainer.set_model(dcgan),
        Err(TrainError::Config(_))
    ));
}

#[test]
fn a_wgan_gp_step_moves_the_critic_and_reports_finite_losses() {
    let mut trainer = wgan_gp_trainer(3);
    let before = ganvas::gan::model::flat_parameters(trainer.discriminator());
    trainer.step().expect("finite");
    let after = ganvas::gan::model::flat_parameters(trainer.discriminator());
    assert_ne!(before, after);
    let losses = trainer.losses();
    assert!(losses.loss_d.is_some_and(f32::is_finite));
    assert!(losses.loss_g.is_some_and(f32::is_finite));
    assert_eq!(
        trainer.counters().d_updates,
        5,
        "five critic updates per iteration"
    );
}
