//! The trainer's step API, live hyper-parameters, determinism and divergence guard.

use ganvas::gan::model::flat_parameters;
use ganvas::gan::{
    Backend, DataSource, GanConfig, HyperParams, LossKind, Network, OptimizerKind, Preset,
    SnapshotSpec, Snapshotter, TrainError, Trainer,
};

fn trainer(config: GanConfig, seed: u64) -> Trainer {
    Trainer::new(
        Backend::Flex,
        config,
        DataSource::Preset(Preset::Gaussians),
        seed,
    )
    .expect("valid config")
}

fn weights(t: &Trainer) -> (Vec<f32>, Vec<f32>) {
    (
        flat_parameters(t.generator()),
        flat_parameters(t.discriminator()),
    )
}

fn adam_config() -> GanConfig {
    Preset::Gaussians.recommended_config()
}

#[test]
fn discriminator_step_changes_only_d_and_generator_step_only_g() {
    let mut t = trainer(adam_config(), 7);
    let (g0, d0) = weights(&t);
    let c = t.step_discriminator().expect("finite");
    assert_eq!((c.iteration, c.d_updates, c.g_updates), (1, 1, 0));
    let (g1, d1) = weights(&t);
    assert_eq!(g0, g1, "a D step must not touch G");
    assert_ne!(d0, d1, "a D step must change D");

    let c = t.step_generator().expect("finite");
    assert_eq!((c.iteration, c.d_updates, c.g_updates), (2, 1, 1));
    let (g2, d2) = weights(&t);
    assert_eq!(d1, d2, "a G step must not touch D");
    assert_ne!(g1, g2, "a G step must change G");

    let mut config = adam_config();
    config.hyper.k_d = 3;
    config.hyper.k_g = 2;
    let mut t = trainer(config, 7);
    let c = t.step().expect("finite");
    assert_eq!((c.iteration, c.d_updates, c.g_updates), (1, 3, 2));
}

#[test]
fn same_seed_gives_identical_numbers_and_another_seed_does_not() {
    let run = |seed| {
        let mut t = trainer(adam_config(), seed);
        for _ in 0..50 {
            t.step().expect("finite");
        }
        let snapshot = Snapshotter::new(SnapshotSpec::default(), seed).snapshot(&t);
        (t.losses(), snapshot.metrics, weights(&t))
    };
    let a = run(3);
    assert_eq!(a, run(3));
    assert_ne!(a.2, run(4).2);
}

/// With identical gradients, Adam's update scales exactly with the learning rate —
/// but only if its moment estimates were kept; restarted moments give a different step.
#[test]
fn changing_the_learning_rate_keeps_adam_moments() {
    let mut a = trainer(adam_config(), 11);
    for _ in 0..20 {
        a.step().expect("finite");
    }
    let mut b = trainer(adam_config(), 11);
    for _ in 0..20 {
        b.step().expect("finite");
    }
    assert_eq!(weights(&a), weights(&b));
    let before = flat_parameters(a.discriminator());

    let mut hyper = a.config().hyper.clone();
    hyper.lr_d *= 2.0;
    b.set_hyper(hyper.clone()).expect("valid");
    a.step_discriminator().expect("finite");
    b.step_discriminator().expect("finite");
    let delta_a: Vec<f32> = flat_parameters(a.discriminator())
        .iter()
        .zip(&before)
        .map(|(x, y)| x - y)
        .collect();
    let delta_b: Vec<f32> = flat_parameters(b.discriminator())
        .iter()
        .zip(&before)
        .map(|(x, y)| x - y)
        .collect();
    for (da, db) in delta_a.iter().zip(&delta_b) {
        assert!(
            (2.0 * da - db).abs() <= 1e-6 + 1e-3 * db.abs(),
            "{da} ×2 ≠ {db}"
        );
    }

    // Control: switching to SGD and back restarts the moments, and the step differs.
    let mut c = trainer(adam_config(), 11);
    for _ in 0..20 {
        c.step().expect("finite");
    }
    let mut sgd = hyper.clone();
    sgd.optimizer = OptimizerKind::Sgd;
    c.set_hyper(sgd).expect("valid");
    c.set_hyper(hyper).expect("valid");
    c.step_discriminator().expect("finite");
    assert_ne!(
        flat_parameters(c.discriminator()),
        flat_parameters(b.discriminator())
    );
}

#[test]
fn an_absurd_sgd_learning_rate_stops_with_a_clear_error_and_finite_weights() {
    let mut config = adam_config();
    config.hyper = HyperParams {
        optimizer: OptimizerKind::Sgd,
        loss: LossKind::LeastSquares,
        lr_d: 100.0,
        lr_g: 100.0,
        ..config.hyper
    };
    let mut t = trainer(config, 5);
    let mut error = None;
    for _ in 0..200 {
        if let Err(e) = t.step() {
            error = Some(e);
            break;
        }
    }
    let Some(TrainError::Diverged(divergence)) = error else {
        panic!("lr 100 with least squares must diverge, got {error:?}");
    };
    let message = divergence.to_string();
    assert!(
        message.contains(&format!("iteration {}", divergence.iteration)),
        "{message}"
    );
    assert!(message.contains(divergence.network.name()), "{message}");
    let (g, d) = weights(&t);
    assert!(
        g.iter().chain(&d).all(|w| w.is_finite()),
        "weights kept must be finite"
    );
    // Stays stopped until something changes.
    assert!(matches!(t.step(), Err(TrainError::Diverged(_))));
    t.reset().expect("same config");
    assert_eq!(t.counters().iteration, 0);
}

#[test]
fn an_injected_nan_weight_is_reported_and_rolled_back() {
    let mut t = trainer(adam_config(), 9);
    for _ in 0..5 {
        t.step().expect("finite");
    }
    let before = flat_parameters(t.discriminator());
    t.poke_weight(Network::Discriminator, f32::NAN);
    let error = t.step().expect_err("a NaN weight must stop training");
    let TrainError::Diverged(divergence) = error else {
        panic!("expected a divergence, got {error:?}");
    };
    assert_eq!(divergence.network, Network::Discriminator);
    assert_eq!(divergence.iteration, 6);
    let after = flat_parameters(t.discriminator());
    assert!(after.iter().all(|w| w.is_finite()));
    assert_eq!(after.len(), before.len());
}

#[test]
fn bad_hyper_parameters_are_rejected_without_touching_training() {
    let mut t = trainer(adam_config(), 1);
    t.step().expect("finite");
    let mut hyper = t.config().hyper.clone();
    hyper.lr_d = f64::NAN;
    let error = t.set_hyper(hyper).expect_err("NaN lr");
    assert!(error.to_string().contains("lr-d"), "{error}");
    let mut hyper = t.config().hyper.clone();
    hyper.batch_size = 0;
    assert!(t.set_hyper(hyper).is_err());
    assert!(t.step().is_ok());
}

#[test]
fn the_discriminator_keeps_learning_after_generator_steps() {
    // The G step freezes a copy of D; the original must keep taking gradients.
    let mut t = trainer(adam_config(), 2);
    for _ in 0..3 {
        t.step().expect("finite");
    }
    let (g0, d0) = weights(&t);
    t.step_discriminator().expect("finite");
    let (g1, d1) = weights(&t);
    assert_eq!(g0, g1);
    assert_ne!(d0, d1, "D stopped learning after a G step");
    t.step_generator().expect("finite");
    assert_ne!(weights(&t).0, g1, "G stopped learning");
}
