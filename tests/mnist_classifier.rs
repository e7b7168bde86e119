//! The bundled digit classifier: accuracy on held-out digits, class statistics of
//! real digits, one repeated digit and noise, its file format, and training.

use burn::tensor::Device;
use ganvas::gan::data::GanRng;
use ganvas::gan::mnist::classifier::{
    CLASSES, ClassifierError, DigitClassifier, FORMAT_VERSION, HEADER_LEN, INPUTS, TRAIN_COUNT,
};
use ganvas::gan::mnist::idx::{self, Digits};
use rand::{RngExt as _, SeedableRng as _};

const ASSET: &[u8] = include_bytes!("../assets/mnist/classifier.bin");

fn digits() -> Digits {
    idx::bundled().expect("bundled digits")
}

fn classifier() -> DigitClassifier {
    DigitClassifier::bundled(&Device::flex()).expect("bundled classifier")
}

fn pixels(digits: &Digits, range: std::ops::Range<usize>) -> Vec<f32> {
    range.flat_map(|i| digits.pixels_pm1(i)).collect()
}

#[test]
fn bundled_classifier_scores_95_percent_on_held_out_digits() {
    let digits = digits();
    assert_eq!(digits.len(), TRAIN_COUNT + 1_000);
    let accuracy = classifier().accuracy(&digits, TRAIN_COUNT..digits.len());
    println!("held-out accuracy {accuracy:.4}");
    assert!(accuracy >= 0.95, "held-out accuracy {accuracy}");
}

/// The first 500 digits, 50 of each class (the held-out tail has no 5 at all: the
/// round-robin order runs out of fives after 8 630 digits).
#[test]
fn real_digits_cover_all_classes_confidently() {
    let digits = digits();
    let stats = classifier().stats(&pixels(&digits, 0..500), &Device::flex());
    println!("{stats:?}");
    assert_eq!(stats.histogram.iter().sum::<u32>(), 500);
    assert_eq!(stats.classes_covered(), 10, "{stats:?}");
    assert!(stats.mean_confidence > 0.9, "{stats:?}");
    assert!(stats.score > 7.0, "{stats:?}");
}

#[test]
fn copies_of_one_digit_cover_one_class_with_score_one() {
    let digits = digits();
    let one: Vec<f32> = digits.pixels_pm1(9_003).collect();
    let copies: Vec<f32> = one.iter().copied().cycle().take(500 * INPUTS).collect();
    let stats = classifier().stats(&copies, &Device::flex());
    println!("{stats:?}");
    assert_eq!(stats.classes_covered(), 1, "{stats:?}");
    assert_eq!(stats.histogram[usize::from(digits.label(9_003))], 500);
    assert!((stats.score - 1.0).abs() < 1e-3, "{stats:?}");
}

#[test]
fn noise_is_classified_less_confidently_than_real_digits() {
    let digits = digits();
    let device = Device::flex();
    let model = classifier();
    let real = model.stats(&pixels(&digits, 9_000..9_500), &device);
    let mut rng = GanRng::seed_from_u64(3);
    let noise: Vec<f32> = (0..500 * INPUTS)
        .map(|_| rng.random_range(-1.0..=1.0))
        .collect();
    let noisy = model.stats(&noise, &device);
    println!("real {real:?}\nnoise {noisy:?}");
    assert!(
        noisy.mean_confidence < real.mean_confidence - 0.15,
        "noise {noisy:?} vs real {real:?}"
    );
}

#[test]
fn probabilities_are_rows_summing_to_one() {
    let digits = digits();
    let device = Device::flex();
    let data = burn::tensor::TensorData::new(pixels(&digits, 0..4), [4, INPUTS]);
    let x = burn::tensor::Tensor::<2>::from_data(data, &device);
    let p = classifier().probabilities(x); // [4, 10]
    assert_eq!(p.dims(), [4, CLASSES]);
    let values = p.into_data().try_into_vec::<f32>().expect("f32");
    for row in values.chunks_exact(CLASSES) {
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4, "{row:?}");
    }
}

#[test]
fn bytes_round_trip_exactly() {
    let model = classifier();
    let bytes = model.to_bytes();
    assert_eq!(bytes, ASSET, "to_bytes of the bundled classifier");
    let again = DigitClassifier::from_bytes(&bytes, &Device::flex()).expect("round trip");
    assert_eq!(again.to_bytes(), bytes);
    let on_autodiff = DigitClassifier::from_bytes(&bytes, &Device::flex().autodiff());
    assert_eq!(on_autodiff.expect("autodiff device").to_bytes(), bytes);
}

fn rejected(bytes: &[u8]) -> (ClassifierError, String) {
    let err = DigitClassifier::from_bytes(bytes, &Device::flex()).expect_err("corrupt bytes");
    let message = err.to_string();
    println!("{message}");
    (err, message)
}

#[test]
fn from_bytes_rejects_corrupt_data_with_clear_errors() {
    let good = ASSET.to_vec();

    let mut magic = good.clone();
    magic[..4].copy_from_slice(b"GIF8");
    let (err, message) = rejected(&magic);
    assert!(matches!(err, ClassifierError::BadMagic { .. }));
    assert!(
        message.contains("magic") && message.contains("GIF8"),
        "{message}"
    );

    let mut version = good.clone();
    version[4..8].copy_from_slice(&2u32.to_le_bytes());
    let (err, message) = rejected(&version);
    assert_eq!(
        err,
        ClassifierError::UnsupportedVersion {
            found: 2,
            expected: FORMAT_VERSION
        }
    );
    assert!(message.contains("version 2"), "{message}");

    let (err, message) = rejected(&good[..good.len() - 1]);
    let expected = good.len();
    let found = expected - 1;
    assert_eq!(err, ClassifierError::Truncated { expected, found });
    assert!(message.contains("truncated"), "{message}");

    for cut in [0, 3, 7, HEADER_LEN - 1] {
        let (err, _) = rejected(&good[..cut]);
        let expected = HEADER_LEN;
        assert_eq!(
            err,
            ClassifierError::Truncated {
                expected,
                found: cut
            }
        );
    }

    let mut trailing = good.clone();
    trailing.push(0);
    let (err, message) = rejected(&trailing);
    assert!(matches!(err, ClassifierError::TrailingBytes { .. }));
    assert!(message.contains("1 unexpected trailing bytes"), "{message}");

    let mut sizes = good.clone();
    sizes[8..12].copy_from_slice(&785u32.to_le_bytes());
    let (err, message) = rejected(&sizes);
    assert!(matches!(err, ClassifierError::BadSizes { inputs: 785, .. }));
    assert!(message.contains("785"), "{message}");

    let mut huge = good.clone();
    huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(
        rejected(&huge).0,
        ClassifierError::BadSizes { .. }
    ));

    let mut nan = good;
    nan[HEADER_LEN + 8..HEADER_LEN + 12].copy_from_slice(&f32::NAN.to_le_bytes());
    let (err, message) = rejected(&nan);
    assert_eq!(err, ClassifierError::NonFinite { index: 2 });
    assert!(message.contains("not finite"), "{message}");
}

#[test]
fn training_is_deterministic_and_learns() {
    let digits = digits();
    let device = Device::flex().autodiff();
    let (a, accuracy) = DigitClassifier::train(&digits, 2_000, 3, 7, &device);
    let (b, again) = DigitClassifier::train(&digits, 2_000, 3, 7, &device);
    let (c, _) = DigitClassifier::train(&digits, 2_000, 3, 8, &device);
    println!("accuracy after three epochs on 2 000 digits: {accuracy:.4}");
    assert_eq!(a.to_bytes(), b.to_bytes());
    assert_eq!(accuracy, again);
    assert_ne!(a.to_bytes(), c.to_bytes());
    assert!(accuracy > 0.8, "accuracy {accuracy}");
    let trained = a.accuracy(&digits, 2_000..10_000);
    assert_eq!(trained, accuracy);
    let (_, none_held_out) = DigitClassifier::train(&digits, 10_000, 0, 7, &device);
    assert!(none_held_out.is_nan());
}

/// Regenerates `assets/mnist/classifier.bin`:
/// `cargo test --release --test mnist_classifier -- --ignored regenerate`.
#[test]
#[ignore = "rewrites the bundled asset (about 10 s)"]
fn regenerate_bundled_classifier() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/mnist/classifier.bin");
    let start = std::time::Instant::now();
    let accuracy = DigitClassifier::train_and_save(&out, 0).expect("train and save");
    println!(
        "held-out accuracy {accuracy:.4} in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(accuracy >= 0.95, "held-out accuracy {accuracy}");
}
