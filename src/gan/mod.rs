//! The engine: data sources, models, losses, optimizers, the trainer, metrics and
//! snapshot computation. No egui, no threads.

pub mod backend;
pub mod config;
pub mod data;
pub mod demos;
pub mod export;
pub mod loss;
pub mod metrics;
pub mod mnist;
pub mod model;
pub mod optim;
pub mod progress;
pub mod sampler;
pub mod session;
pub mod snapshot;
pub mod timeline;
pub mod trainer;

pub use backend::Backend;
pub use config::{
    Activation, GanConfig, HyperParams, LossKind, ModelConfig, ModelKind, NoiseKind, OptimizerKind,
};
pub use data::{DataSource, Preset};
pub use snapshot::{Snapshot, SnapshotSpec, Snapshotter};
pub use trainer::{Counters, Divergence, Losses, Network, TrainError, TrainState, Trainer};
