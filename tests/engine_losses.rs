//! The losses against hand-computed values, including huge logits.

mod common;

use common::{FAKE, REAL, column, mean, scalar};
use ganvas::gan::LossKind;
use ganvas::gan::loss::{discriminator_loss, generator_loss};

fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[test]
fn minimax_matches_the_seed_formula() {
    // D maximises E[log D(x)] + E[log(1 − D(G(z)))]; its loss is the negation.
    let value = mean(REAL.iter().map(|&l| sigmoid(l.into()).ln()))
        + mean(FAKE.iter().map(|&l| (1.0 - sigmoid(l.into())).ln()));
    let d = scalar(discriminator_loss(
        LossKind::Minimax,
        column(&REAL),
        column(&FAKE),
    ));
    assert!((d + value).abs() < 1e-5, "D loss {d}, expected {}", -value);
    // G minimises E[log(1 − D(G(z)))].
    let expected_g = mean(FAKE.iter().map(|&l| (1.0 - sigmoid(l.into())).ln()));
    let g = scalar(generator_loss(LossKind::Minimax, column(&FAKE)));
    assert!(
        (g - expected_g).abs() < 1e-5,
        "G loss {g}, expected {expected_g}"
    );
}

#[test]
fn non_saturating_is_bce_with_logits() {
    let bce = |l: f64, target: f64| {
        -(target * sigmoid(l).ln() + (1.0 - target) * (1.0 - sigmoid(l)).ln())
    };
    let expected_d = mean(REAL.iter().map(|&l| bce(l.into(), 1.0)))
        + mean(FAKE.iter().map(|&l| bce(l.into(), 0.0)));
    let d = scalar(discriminator_loss(
        LossKind::NonSaturating,
        column(&REAL),
        column(&FAKE),
    ));
    assert!(
        (d - expected_d).abs() < 1e-5,
        "D loss {d}, expected {expected_d}"
    );
    let expected_g = mean(FAKE.iter().map(|&l| bce(l.into(), 1.0)));
    let g = scalar(generator_loss(LossKind::NonSaturating, column(&FAKE)));
    assert!(
        (g - expected_g).abs() < 1e-5,
        "G loss {g}, expected {expected_g}"
    );
}

#[test]
fn gan_lab_loss_smooths_real_labels_to_0_95() {
    let bce = |l: f64, target: f64| {
        -(target * sigmoid(l).ln() + (1.0 - target) * (1.0 - sigmoid(l)).ln())
    };
    let expected_d = mean(REAL.iter().map(|&l| bce(l.into(), 0.95)))
        + mean(FAKE.iter().map(|&l| bce(l.into(), 0.0)));
    let d = scalar(discriminator_loss(
        LossKind::GanLab,
        column(&REAL),
        column(&FAKE),
    ));
    assert!(
        (d - expected_d).abs() < 1e-5,
        "D loss {d}, expected {expected_d}"
    );
    let g = scalar(generator_loss(LossKind::GanLab, column(&FAKE)));
    let expected_g = mean(FAKE.iter().map(|&l| bce(l.into(), 1.0)));
    assert!((g - expected_g).abs() < 1e-5);
}

#[test]
fn least_squares_regresses_raw_outputs() {
    let expected_d = 0.5 * mean(REAL.iter().map(|&l| (f64::from(l) - 1.0).powi(2)))
        + 0.5 * mean(FAKE.iter().map(|&l| f64::from(l).powi(2)));
    let d = scalar(discriminator_loss(
        LossKind::LeastSquares,
        column(&REAL),
        column(&FAKE),
    ));
    assert!(
        (d - expected_d).abs() < 1e-5,
        "D loss {d}, expected {expected_d}"
    );
    let expected_g = 0.5 * mean(FAKE.iter().map(|&l| (f64::from(l) - 1.0).powi(2)));
    let g = scalar(generator_loss(LossKind::LeastSquares, column(&FAKE)));
    assert!((g - expected_g).abs() < 1e-5);
}

#[test]
fn huge_logits_stay_finite_and_exact() {
    let real = [200.0f32, -200.0];
    let fake = [-300.0f32, 300.0];
    for loss in [LossKind::Minimax, LossKind::NonSaturating, LossKind::GanLab] {
        let d = scalar(discriminator_loss(loss, column(&real), column(&fake)));
        let smoothing = if loss == LossKind::GanLab { 0.05 } else { 0.0 };
        // Real rows: softplus(−l) + c·l; fake rows: softplus(l).
        let expected = mean(
            real.iter()
                .map(|&l| softplus(-f64::from(l)) + smoothing * f64::from(l)),
        ) + mean(fake.iter().map(|&l| softplus(f64::from(l))));
        assert!(d.is_finite(), "{loss:?}: D loss is {d}");
        assert!(
            (d - expected).abs() / expected < 1e-4,
            "{loss:?}: {d} vs {expected}"
        );
        let g = scalar(generator_loss(loss, column(&fake)));
        assert!(g.is_finite(), "{loss:?}: G loss is {g}");
    }
    // Confident wrong answers cost ~|logit|: 200 for the real row at −200, 300 for the fake at +300.
    let d = scalar(discriminator_loss(
        LossKind::NonSaturating,
        column(&real),
        column(&fake),
    ));
    assert!((d - 250.0).abs() < 1e-3, "got {d}");
}
