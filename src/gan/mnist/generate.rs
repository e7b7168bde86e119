//! Generating samples in bulk from a trained generator: digits (and 2D points) for
//! the exports, and the digits behind the quality figures.

use crate::gan::data::GanRng;
use burn::prelude::*;
use rand::SeedableRng as _;

use super::view::pm1_to_bytes;
use crate::gan::Trainer;
use crate::gan::data::sample_noise;
use crate::gan::model::to_vec;

/// Largest batch pushed through the generator at once.
const CHUNK: usize = 256;

/// `n` generated samples from noise drawn with `seed` (the generator in inference
/// mode): `n × data_dim` values, pixels in [−1, 1] for digits (`n × 784`), interleaved
/// `x, y` for 2D points.
pub fn generate_pixels(trainer: &Trainer, n: usize, seed: u64) -> Vec<f32> {
    let model = &trainer.config().model;
    let device = trainer.device().clone().inner();
    let generator = trainer.generator().valid();
    let mut rng = GanRng::seed_from_u64(seed);
    let mut pixels = Vec::new();
    let mut done = 0;
    while done < n {
        let count = CHUNK.min(n - done);
        let mut noise = Vec::new();
        sample_noise(&mut rng, model.noise, count, model.noise_dim, &mut noise);
        let z = Tensor::<2>::from_data(TensorData::new(noise, [count, model.noise_dim]), &device);
        pixels.extend(to_vec(generator.forward(z))); // [count, 784]
        done += count;
    }
    pixels
}

/// The same digits as grey bytes.
pub fn generate_bytes(trainer: &Trainer, n: usize, seed: u64) -> Vec<u8> {
    pm1_to_bytes(&generate_pixels(trainer, n, seed))
}

/// Lays digits (`n × 784` bytes) out as a square-ish grid image, each digit scaled
/// by `zoom`, one grey pixel between cells; white ink on black, as MNIST.
pub fn grid_image(digits: &[u8], zoom: u32) -> image::GrayImage {
    let n = digits.len() / 784;
    let cols = (n as f64).sqrt().ceil().max(1.0) as u32;
    let rows = (n as u32).div_ceil(cols).max(1);
    let cell = 28 * zoom + 1;
    let mut img = image::GrayImage::from_pixel(cols * cell + 1, rows * cell + 1, image::Luma([64]));
    for (k, digit) in digits.chunks_exact(784).enumerate() {
        let (cx, cy) = ((k as u32 % cols) * cell + 1, (k as u32 / cols) * cell + 1);
        for y in 0..28 * zoom {
            for x in 0..28 * zoom {
                let v = digit[(y / zoom * 28 + x / zoom) as usize];
                img.put_pixel(cx + x, cy + y, image::Luma([v]));
            }
        }
    }
    img
}
