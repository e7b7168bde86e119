//! Training throughput of each preset's recommended config on each backend, snapshot
//! cost, and the worker's throughput against the bare engine.
//!
//! `cargo bench --bench training`; criterion reports iterations per second
//! ("elem/s") for the training groups.

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ganvas::gan::{Backend, DataSource, Preset, SnapshotSpec, Snapshotter, Trainer};
use ganvas::worker::{Command, WorkerHandle, WorkerInit};

/// The same allocator as the `ganvas` binary (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn trainer(preset: Preset, backend: Backend) -> Trainer {
    let mut t = Trainer::new(
        backend,
        preset.recommended_config(),
        DataSource::Preset(preset),
        1,
    )
    .expect("recommended configs are valid");
    for _ in 0..20 {
        t.step().expect("finite"); // warm up allocations
    }
    t
}

fn training_steps(c: &mut Criterion) {
    let mut group = c.benchmark_group("train_step");
    group.throughput(Throughput::Elements(1));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for backend in Backend::ALL.into_iter().filter(|b| b.is_available()) {
        for preset in Preset::ALL {
            let mut t = trainer(preset, backend);
            group.bench_function(BenchmarkId::new(backend.name(), preset.name()), |b| {
                b.iter(|| t.step().expect("finite"));
            });
        }
    }
    group.finish();
}

fn snapshots(c: &mut Criterion) {
    let mut group = c.benchmark_group("snapshot");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    for preset in [Preset::Gaussians, Preset::Ring8] {
        let t = trainer(preset, Backend::Flex);
        let mut snapshotter = Snapshotter::new(SnapshotSpec::default(), 1);
        group.bench_function(preset.name(), |b| b.iter(|| snapshotter.snapshot(&t)));
    }
    group.finish();
}

/// The same number of iterations through the bare engine and through the playing
/// worker (which snapshots at 30 Hz beside training).
fn worker_overhead(c: &mut Criterion) {
    let mut group = c.benchmark_group("worker_vs_engine");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(1));
    let preset = Preset::Gaussians;
    group.bench_function("engine", |b| {
        let mut t = trainer(preset, Backend::Flex);
        b.iter(|| t.step().expect("finite"));
    });
    group.bench_function("worker", |b| {
        b.iter_custom(|iters| {
            let init = WorkerInit {
                config: preset.recommended_config(),
                data: DataSource::Preset(preset),
                seed: 1,
                ..WorkerInit::default()
            };
            let worker = WorkerHandle::spawn(init, || {}).expect("valid");
            worker.send(Command::Play);
            let started = Instant::now();
            let mut done = 0;
            while done < iters {
                done += worker.drain_history().len() as u64;
                std::thread::sleep(Duration::from_micros(200));
            }
            let elapsed = started.elapsed();
            drop(worker);
            elapsed.mul_f64(iters as f64 / done as f64)
        });
    });
    group.finish();
}

fn setup(_: &mut Criterion) {
    ganvas::allocator::keep_freed_pages();
}

criterion_group!(benches, setup, training_steps, snapshots, worker_overhead);
criterion_main!(benches);
