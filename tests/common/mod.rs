//! Helpers shared by the integration tests (each test file uses some of them).
#![allow(dead_code)]

use std::time::{Duration, Instant};

use burn::prelude::*;
use ganvas::worker::{Frame, WorkerHandle};

/// The CPU device the engine tests compute on.
pub fn device() -> Device {
    Device::flex()
}

/// A `[n, 1]` column of logits.
pub fn column(values: &[f32]) -> Tensor<2> {
    Tensor::from_data(
        TensorData::new(values.to_vec(), [values.len(), 1]),
        &device(),
    )
}

/// A one-element tensor as a number.
pub fn scalar(t: Tensor<1>) -> f64 {
    f64::from(t.into_scalar::<f32>())
}

/// Real-sample logits of the loss tests.
pub const REAL: [f32; 3] = [2.0, -1.0, 0.5];
/// Fake-sample logits of the loss tests.
pub const FAKE: [f32; 3] = [-3.0, 0.0, 1.5];

/// The mean of some values.
pub fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = values.collect();
    v.iter().sum::<f64>() / v.len() as f64
}

/// Waits until a frame satisfying `pred` arrives.
pub fn wait_frame(worker: &WorkerHandle, pred: impl Fn(&Frame) -> bool) -> Frame {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(frame) = worker.latest_frame()
            && pred(&frame)
        {
            return frame;
        }
        assert!(Instant::now() < deadline, "no matching frame");
        std::thread::sleep(Duration::from_millis(2));
    }
}
