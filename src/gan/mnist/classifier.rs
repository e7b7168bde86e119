//! A small digit classifier, the judge of generated digits: an MLP
//! `784 → 128 (ReLU) → 10` over pixels in [−1, 1] (the scaling of the GAN
//! generators' tanh output), trained once on the bundled digits and shipped as
//! `assets/mnist/classifier.bin`.
//!
//! # File format (version 1)
//!
//! All numbers little-endian:
//!
//! | bytes | contents |
//! |---|---|
//! | 4 | magic `b"GVCL"` |
//! | 4 | `u32` format version, 1 |
//! | 4 × 3 | `u32` inputs (784), hidden units, classes (10) |
//! | 4 × inputs·hidden | `f32` hidden weights, `[inputs, hidden]` row-major |
//! | 4 × hidden | `f32` hidden biases |
//! | 4 × hidden·classes | `f32` output weights, `[hidden, classes]` row-major |
//! | 4 × classes | `f32` output biases |
//!
//! Nothing follows the last bias. [`DigitClassifier::from_bytes`] rejects a wrong
//! magic or version, unsupported sizes, truncated or overlong data and
//! non-finite weights with a [`ClassifierError`], never a panic.

use std::ops::Range;
use std::path::Path;

use crate::gan::data::GanRng;
use burn::module::Param;
use burn::nn::Linear;
use burn::optim::{AdamConfig, GradientsParams};
use burn::prelude::*;
use burn::tensor::activation;
use rand::seq::SliceRandom as _;
use rand::{RngExt as _, SeedableRng as _};

use super::dcgan::{IMAGE_PIXELS, IMAGE_SIDE};
use super::idx::{self, Digits, IdxError};
use super::quality::ClassStats;
use crate::gan::data::normal;
use crate::gan::model::to_vec;

/// Pixels per input digit (`28 · 28`).
pub const INPUTS: usize = IMAGE_PIXELS;
/// Hidden units of a freshly trained classifier.
pub const HIDDEN: usize = 128;
/// Output classes: the digits 0–9.
pub const CLASSES: usize = 10;
/// Most hidden units a classifier file may declare.
pub const MAX_HIDDEN: usize = 4096;
/// The first four bytes of a classifier file.
pub const MAGIC: [u8; 4] = *b"GVCL";
/// The file format version written and read.
pub const FORMAT_VERSION: u32 = 1;
/// Bytes before the weights: magic, version and three sizes.
pub const HEADER_LEN: usize = 20;
/// Adam's learning rate.
pub const LEARNING_RATE: f64 = 1e-3;
/// Digits per training step.
pub const BATCH: usize = 128;
/// Bundled digits [`DigitClassifier::train_and_save`] trains on; the rest are held out.
pub const TRAIN_COUNT: usize = 9_000;
/// Passes over the training digits made by [`DigitClassifier::train_and_save`].
pub const EPOCHS: usize = 30;
/// Digits per forward pass when evaluating.
const EVAL_BATCH: usize = 1_000;

const BUNDLED: &[u8] = include_bytes!("../../../assets/mnist/classifier.bin");

/// A classifier file (or bytes) that cannot be read, or an asset that cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassifierError {
    /// The data does not start with `GVCL`.
    #[error("not a ganvas digit classifier: magic bytes \"{}\", expected \"GVCL\"", .found.escape_ascii())]
    BadMagic {
        /// The first four bytes found.
        found: [u8; 4],
    },
    /// A format version this build cannot read.
    #[error(
        "unsupported digit classifier format version {found} (this build reads version {expected})"
    )]
    UnsupportedVersion {
        /// The version found.
        found: u32,
        /// The version supported.
        expected: u32,
    },
    /// Layer sizes other than `784 → 1..=4096 → 10`.
    #[error(
        "unsupported digit classifier sizes {inputs} → {hidden} → {classes} \
        (expected {INPUTS} inputs, 1 to {MAX_HIDDEN} hidden units, {CLASSES} classes)"
    )]
    BadSizes {
        /// Declared inputs.
        inputs: u32,
        /// Declared hidden units.
        hidden: u32,
        /// Declared classes.
        classes: u32,
    },
    /// The data ends before the header or the weights do.
    #[error("digit classifier data truncated: expected {expected} bytes, found {found}")]
    Truncated {
        /// Length the header implies (or the header's own length).
        expected: usize,
        /// Length found.
        found: usize,
    },
    /// Bytes follow the last bias.
    #[error("digit classifier data has {} unexpected trailing bytes: expected {expected} bytes, found {found}",
        .found - .expected)]
    TrailingBytes {
        /// Length the header implies.
        expected: usize,
        /// Length found.
        found: usize,
    },
    /// A weight or bias that is NaN or infinite.
    #[error("digit classifier parameter {index} is not finite")]
    NonFinite {
        /// Position of the parameter in file order.
        index: usize,
    },
    /// The bundled digits could not be read.
    #[error("cannot read the bundled digits: {0}")]
    Digits(#[from] IdxError),
    /// The asset could not be written.
    #[error("{path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
        reason: String,
    },
}

/// The digit classifier: `[n, 784]` pixels in [−1, 1] → `[n, 10]` logits.
#[derive(Module, Debug)]
pub struct DigitClassifier {
    /// The hidden layer, `784 → hidden`, followed by ReLU.
    pub hidden: Linear,
    /// The output layer, `hidden → 10` logits.
    pub output: Linear,
}

impl DigitClassifier {
    /// A fresh classifier with He-normal weights (σ = √(2/fan_in)) and zero biases,
    /// drawn from `rng` so that a seed gives the same network on every backend.
    pub fn new(hidden: usize, rng: &mut GanRng, device: &Device) -> Self {
        let mut random = |fan_in: usize, fan_out: usize| {
            let std = (2.0 / fan_in as f32).sqrt();
            let weights: Vec<f32> = (0..fan_in * fan_out).map(|_| std * normal(rng)).collect();
            linear(weights, vec![0.0; fan_out], fan_in, fan_out, device)
        };
        let hidden_layer = random(INPUTS, hidden);
        Self {
            hidden: hidden_layer,
            output: random(hidden, CLASSES),
        }
    }

    /// Logits: `[n, 784]` pixels in [−1, 1] → `[n, 10]`.
    pub fn forward(&self, pixels_pm1: Tensor<2>) -> Tensor<2> {
        let h = activation::relu(self.hidden.forward(pixels_pm1)); // [n, hidden]
        self.output.forward(h) // [n, 10]
    }

    /// Class probabilities (softmax of the logits): `[n, 784]` → `[n, 10]`.
    pub fn probabilities(&self, pixels_pm1: Tensor<2>) -> Tensor<2> {
        activation::softmax(self.forward(pixels_pm1), 1) // [n, 10]
    }

    /// Class statistics of `n` digits given as `n × 784` pixels in [−1, 1], computed
    /// without a graph on `device` (a plain one such as `Device::flex()`). A trailing
    /// partial row is ignored.
    pub fn stats(&self, pixels_pm1: &[f32], device: &Device) -> ClassStats {
        let device = device.clone().inner();
        let model = self.valid().to_device(&device);
        let mut probabilities = Vec::with_capacity(pixels_pm1.len() / INPUTS * CLASSES);
        for chunk in pixels_pm1.chunks(EVAL_BATCH * INPUTS) {
            let n = chunk.len() / INPUTS;
            if n == 0 {
                continue;
            }
            let data = TensorData::new(chunk[..n * INPUTS].to_vec(), [n, INPUTS]);
            let x = Tensor::<2>::from_data(data, &device); // [n, 784]
            probabilities.extend(to_vec(model.probabilities(x))); // [n, 10]
        }
        ClassStats::from_probabilities(&probabilities)
    }

    /// Trains a fresh classifier on `digits[..train_count]` for `epochs` passes
    /// (Adam, learning rate 1e-3, batches of 128, softmax cross-entropy, each digit
    /// shifted by a random −1, 0 or +1 pixel on each axis), and returns it with its
    /// accuracy on the held-out `digits[train_count..]` (NaN when none is held out).
    ///
    /// Deterministic given `seed`: weights, shuffling and shifts all come from one
    /// seeded [`GanRng`]. `device` is used with autodiff (added if missing). Digits
    /// that are not 28×28 cannot be used: the network is returned untrained with a
    /// NaN accuracy.
    pub fn train(
        digits: &Digits,
        train_count: usize,
        epochs: usize,
        seed: u64,
        device: &Device,
    ) -> (Self, f32) {
        let device = device.clone().autodiff();
        let mut rng = GanRng::seed_from_u64(seed);
        let mut model = Self::new(HIDDEN, &mut rng, &device);
        if digits.rows != IMAGE_SIDE || digits.cols != IMAGE_SIDE {
            return (model, f32::NAN);
        }
        let train_count = train_count.min(digits.len());
        let mut optim = AdamConfig::new().init();
        let mut order: Vec<usize> = (0..train_count).collect();
        let mut pixels = Vec::with_capacity(BATCH * INPUTS);
        let mut targets = Vec::with_capacity(BATCH * CLASSES);
        for _ in 0..epochs {
            order.shuffle(&mut rng);
            for chunk in order.chunks(BATCH) {
                pixels.clear();
                targets.clear();
                for &i in chunk {
                    let (dx, dy) = (rng.random_range(-1..=1), rng.random_range(-1..=1));
                    push_shifted(digits.image(i), dx, dy, &mut pixels);
                    let mut one_hot = [0.0f32; CLASSES];
                    one_hot[usize::from(digits.label(i))] = 1.0;
                    targets.extend_from_slice(&one_hot);
                }
                let n = chunk.len();
                let x =
                    Tensor::<2>::from_data(TensorData::new(pixels.clone(), [n, INPUTS]), &device);
                let y =
                    Tensor::<2>::from_data(TensorData::new(targets.clone(), [n, CLASSES]), &device);
                let log_p = activation::log_softmax(model.forward(x), 1); // [n, 10]
                let loss = (log_p * y).sum_dim(1).mean().neg(); // [1]
                let grads = GradientsParams::from_grads(loss.backward(), &model);
                model = optim.step(LEARNING_RATE, model, grads);
            }
        }
        let accuracy = model.accuracy(digits, train_count..digits.len());
        (model, accuracy)
    }

    /// The share of `digits[range]` whose top class is their label (NaN for an empty
    /// range or digits that are not 28×28).
    pub fn accuracy(&self, digits: &Digits, range: Range<usize>) -> f32 {
        let range = range.start.min(digits.len())..range.end.min(digits.len());
        if range.is_empty() || digits.pixels_per_image() != INPUTS {
            return f32::NAN;
        }
        let device = self.hidden.weight.val().device().inner();
        let model = self.valid();
        let indices: Vec<usize> = range.collect();
        let mut correct = 0usize;
        for chunk in indices.chunks(EVAL_BATCH) {
            let pixels: Vec<f32> = chunk.iter().flat_map(|&i| digits.pixels_pm1(i)).collect();
            let data = TensorData::new(pixels, [chunk.len(), INPUTS]);
            let logits = to_vec(model.forward(Tensor::<2>::from_data(data, &device))); // [n, 10]
            correct += chunk
                .iter()
                .zip(logits.chunks_exact(CLASSES))
                .filter(|&(&i, row)| argmax(row) == usize::from(digits.label(i)))
                .count();
        }
        correct as f32 / indices.len() as f32
    }

    /// The weights in the documented format (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let [inputs, hidden] = self.hidden.weight.dims();
        let classes = self.output.weight.dims()[1];
        let params = [
            to_vec(self.hidden.weight.val()),
            self.hidden
                .bias
                .as_ref()
                .map(|b| to_vec(b.val()))
                .unwrap_or_else(|| vec![0.0; hidden]),
            to_vec(self.output.weight.val()),
            self.output
                .bias
                .as_ref()
                .map(|b| to_vec(b.val()))
                .unwrap_or_else(|| vec![0.0; classes]),
        ];
        let count: usize = params.iter().map(Vec::len).sum();
        let mut bytes = Vec::with_capacity(HEADER_LEN + 4 * count);
        bytes.extend_from_slice(&MAGIC);
        for word in [FORMAT_VERSION, inputs as u32, hidden as u32, classes as u32] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        for value in params.iter().flatten() {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    /// Reads weights in the documented format onto `device`.
    pub fn from_bytes(bytes: &[u8], device: &Device) -> Result<Self, ClassifierError> {
        let word = |at: usize| -> Result<u32, ClassifierError> {
            bytes
                .get(at..at + 4)
                .and_then(|w| w.try_into().ok())
                .map(u32::from_le_bytes)
                .ok_or(ClassifierError::Truncated {
                    expected: HEADER_LEN,
                    found: bytes.len(),
                })
        };
        let magic = word(0)?.to_le_bytes();
        if magic != MAGIC {
            return Err(ClassifierError::BadMagic { found: magic });
        }
        let version = word(4)?;
        if version != FORMAT_VERSION {
            let expected = FORMAT_VERSION;
            return Err(ClassifierError::UnsupportedVersion {
                found: version,
                expected,
            });
        }
        let (inputs, hidden, classes) = (word(8)?, word(12)?, word(16)?);
        let hidden_ok = (1..=MAX_HIDDEN).contains(&(hidden as usize));
        if inputs as usize != INPUTS || classes as usize != CLASSES || !hidden_ok {
            return Err(ClassifierError::BadSizes {
                inputs,
                hidden,
                classes,
            });
        }
        let h = hidden as usize;
        let count = INPUTS * h + h + h * CLASSES + CLASSES;
        let expected = HEADER_LEN + 4 * count;
        let found = bytes.len();
        if found < expected {
            return Err(ClassifierError::Truncated { expected, found });
        }
        if found > expected {
            return Err(ClassifierError::TrailingBytes { expected, found });
        }
        let mut values = Vec::with_capacity(count);
        for (index, chunk) in bytes[HEADER_LEN..].chunks_exact(4).enumerate() {
            let value = f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
            if !value.is_finite() {
                return Err(ClassifierError::NonFinite { index });
            }
            values.push(value);
        }
        // File order: hidden weights, hidden biases, output weights, output biases.
        let output_b = values.split_off(INPUTS * h + h + h * CLASSES);
        let output_w = values.split_off(INPUTS * h + h);
        let hidden_b = values.split_off(INPUTS * h);
        Ok(Self {
            hidden: linear(values, hidden_b, INPUTS, h, device),
            output: linear(output_w, output_b, h, CLASSES, device),
        })
    }

    /// The classifier shipped with ganvas (`assets/mnist/classifier.bin`), on `device`.
    pub fn bundled(device: &Device) -> Result<Self, ClassifierError> {
        Self::from_bytes(BUNDLED, device)
    }

    /// Trains a classifier on the first [`TRAIN_COUNT`] bundled digits for [`EPOCHS`]
    /// epochs on flex, writes it to `out`, and returns its accuracy on the last
    /// 1 000 (held out). `ganvas train-classifier` runs this.
    pub fn train_and_save(out: &Path, seed: u64) -> Result<f32, ClassifierError> {
        let digits = idx::bundled()?;
        let device = Device::flex().autodiff();
        let (model, accuracy) = Self::train(&digits, TRAIN_COUNT, EPOCHS, seed, &device);
        std::fs::write(out, model.to_bytes()).map_err(|e| ClassifierError::Io {
            path: out.display().to_string(),
            reason: e.to_string(),
        })?;
        Ok(accuracy)
    }
}

/// A linear layer from row-major `[fan_in, fan_out]` weights and biases.
fn linear(
    weights: Vec<f32>,
    bias: Vec<f32>,
    fan_in: usize,
    fan_out: usize,
    device: &Device,
) -> Linear {
    let weight = Tensor::<2>::from_data(TensorData::new(weights, [fan_in, fan_out]), device);
    let bias = Tensor::<1>::from_data(TensorData::new(bias, [fan_out]), device);
    Linear {
        weight: Param::from_tensor(weight),
        bias: Some(Param::from_tensor(bias)),
    }
}

/// Appends a 28×28 digit moved by `dx` columns and `dy` rows, scaled to [−1, 1];
/// pixels moved in from outside are background (−1).
fn push_shifted(image: &[u8], dx: i32, dy: i32, out: &mut Vec<f32>) {
    let side = IMAGE_SIDE as i32;
    for row in 0..side {
        for col in 0..side {
            let (r, c) = (row - dy, col - dx);
            let inside = (0..side).contains(&r) && (0..side).contains(&c);
            let byte = if inside {
                image[(r * side + c) as usize]
            } else {
                0
            };
            out.push(idx::byte_to_pm1(byte));
        }
    }
}

/// Index of the largest value (the first on ties).
fn argmax(row: &[f32]) -> usize {
    row.iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, &v)| {
            if v > best.1 { (i, v) } else { best }
        })
        .0
}
