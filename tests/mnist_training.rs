//! GANs on MNIST through the same trainer as the 2D mode.

use burn::tensor::Device;
use ganvas::gan::mnist::classifier::DigitClassifier;
use ganvas::gan::mnist::{generate, recommended_config};
use ganvas::gan::{Backend, DataSource, ModelKind, Trainer};

fn mnist() -> DataSource {
    DataSource::Mnist { dir: None }
}

#[test]
fn a_short_mlp_run_makes_at_least_8_of_10_digit_classes() {
    let mut t = Trainer::new(
        Backend::Flex,
        recommended_config(ModelKind::Mlp),
        mnist(),
        1,
    )
    .expect("bundled digits load");
    for _ in 0..1500 {
        t.step().expect("finite");
    }
    let pixels = generate::generate_pixels(&t, 500, 7);
    let device = Device::flex();
    let stats = DigitClassifier::bundled(&device)
        .expect("bundled classifier")
        .stats(&pixels, &device);
    assert!(
        stats.classes_covered() >= 8,
        "classes: {:?}",
        stats.histogram
    );
    assert!(
        stats.mean_confidence > 0.5,
        "confidence {}",
        stats.mean_confidence
    );
}

#[test]
fn the_dcgan_trains_through_the_same_trainer() {
    let mut config = recommended_config(ModelKind::Dcgan);
    config.hyper.batch_size = 4; // a smoke test, not a benchmark
    let mut t = Trainer::new(Backend::Flex, config, mnist(), 2).expect("valid");
    let before = ganvas::gan::model::flat_parameters(t.generator());
    for _ in 0..2 {
        t.step().expect("finite");
    }
    let losses = t.losses();
    assert!(losses.loss_d.is_some_and(f32::is_finite) && losses.loss_g.is_some_and(f32::is_finite));
    assert_ne!(ganvas::gan::model::flat_parameters(t.generator()), before);
    let pixels = generate::generate_pixels(&t, 3, 0);
    assert_eq!(pixels.len(), 3 * 784);
    assert!(pixels.iter().all(|p| (-1.0..=1.0).contains(p)));
}

#[test]
fn the_dcgan_refuses_2d_data_with_a_clear_error() {
    let mut config = recommended_config(ModelKind::Dcgan);
    config.hyper.batch_size = 4;
    let error = Trainer::new(Backend::Flex, config, DataSource::default(), 0)
        .err()
        .expect("DCGAN on points is refused");
    assert!(error.to_string().contains("MNIST"), "{error}");
}

#[test]
fn switching_between_points_and_digits_rebuilds_the_networks() {
    let mut t = Trainer::new(
        Backend::Flex,
        recommended_config(ModelKind::Mlp),
        DataSource::default(),
        3,
    )
    .expect("valid");
    t.step().expect("finite");
    t.set_data(mnist()).expect("digits load");
    t.step().expect("finite on digits");
    t.set_data(DataSource::default()).expect("points");
    t.step().expect("finite on points");
    let bad = DataSource::Mnist {
        dir: Some("/nonexistent/mnist".into()),
    };
    let error = t.set_data(bad).expect_err("missing directory");
    assert!(error.to_string().contains("/nonexistent/mnist"), "{error}");
    t.step().expect("still training on points");
}
