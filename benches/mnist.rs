//! Training steps per second on MNIST: the MLP GAN and the TF tutorial's DCGAN at
//! batch 64 and 256 (criterion's "elem/s" is steps/s). The DCGAN on ndarray takes
//! tens of seconds a step and is measured with `ganvas train --steps 1` instead.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ganvas::gan::mnist::recommended_config;
use ganvas::gan::{Backend, DataSource, ModelKind, Trainer};

/// The same allocator as the `ganvas` binary (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn trainer(kind: ModelKind, batch: usize, backend: Backend) -> Trainer {
    let mut config = recommended_config(kind);
    config.hyper.batch_size = batch;
    let mut t = Trainer::new(backend, config, DataSource::Mnist { dir: None }, 1)
        .expect("bundled digits load");
    t.step().expect("finite"); // warm up allocations
    t
}

fn mnist_steps(c: &mut Criterion) {
    let mut group = c.benchmark_group("mnist_step");
    group.throughput(Throughput::Elements(1));
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    for backend in Backend::ALL.into_iter().filter(|b| b.is_available()) {
        for batch in [64, 256] {
            let mut t = trainer(ModelKind::Mlp, batch, backend);
            group.measurement_time(Duration::from_secs(4));
            group.bench_function(
                BenchmarkId::new(format!("mlp/{}", backend.name()), batch),
                |b| {
                    b.iter(|| t.step().expect("finite"));
                },
            );
        }
    }
    for batch in [64, 256] {
        let mut t = trainer(ModelKind::Dcgan, batch, Backend::Flex);
        group.measurement_time(Duration::from_secs(if batch == 64 { 12 } else { 30 }));
        group.bench_function(BenchmarkId::new("dcgan/flex", batch), |b| {
            b.iter(|| t.step().expect("finite"));
        });
    }
    group.finish();
}

fn setup(_: &mut Criterion) {
    ganvas::allocator::keep_freed_pages();
}

criterion_group!(benches, setup, mnist_steps);
criterion_main!(benches);
