//! Draws real samples: 2D points from a preset or drawn points, or MNIST digits
//! scaled to [−1, 1] (flattened 28×28 rows).

use std::sync::Arc;

use crate::gan::data::GanRng;
use rand::RngExt as _;

use super::data::{DataError, DataSource};
use super::mnist::idx::{self, Digits};

/// Pixels in one digit.
pub const DIGIT_PIXELS: usize = 28 * 28;

/// A ready source of real samples.
#[derive(Clone, Debug)]
pub enum Sampler {
    /// 2D points.
    Points(DataSource),
    /// Digit images, loaded once.
    Digits(Arc<Digits>),
}

impl Sampler {
    /// Prepares sampling from a data source, loading digits when it is MNIST.
    pub fn new(source: &DataSource) -> Result<Self, DataError> {
        source.validate()?;
        match source {
            DataSource::Mnist { dir } => {
                let digits = match dir {
                    Some(dir) => idx::load_dir(dir),
                    None => idx::bundled(),
                }
                .map_err(|e| DataError::Mnist(e.to_string()))?;
                if digits.pixels_per_image() != DIGIT_PIXELS {
                    return Err(DataError::Mnist(format!(
                        "digits must be 28×28, these have {} pixels",
                        digits.pixels_per_image()
                    )));
                }
                Ok(Self::Digits(Arc::new(digits)))
            }
            points => Ok(Self::Points(points.clone())),
        }
    }

    /// Values per sample: 2 for points, 784 for digits.
    pub fn dimension(&self) -> usize {
        match self {
            Self::Points(_) => 2,
            Self::Digits(_) => DIGIT_PIXELS,
        }
    }

    /// The loaded digits, if any.
    pub fn digits(&self) -> Option<&Arc<Digits>> {
        match self {
            Self::Digits(d) => Some(d),
            Self::Points(_) => None,
        }
    }

    /// Appends `n` samples (`n × dimension` values) to `out`.
    pub fn sample_into(&self, rng: &mut GanRng, n: usize, out: &mut Vec<f32>) {
        match self {
            Self::Points(source) => source.sample_points_into(rng, n, out),
            Self::Digits(digits) => {
                out.reserve(n * DIGIT_PIXELS);
                for _ in 0..n {
                    let i = rng.random_range(0..digits.len());
                    out.extend(digits.pixels_pm1(i));
                }
            }
        }
    }
}
