//! Time travel: checkpoints capture everything, rewinding replays the same future,
//! another learning rate gives another future, and the timeline stays in its budget.

mod common;

use common::wait_frame;
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;
use ganvas::gan::model::flat_parameters;
use ganvas::gan::timeline::Timeline;
use ganvas::gan::{
    Backend, DataSource, Losses, Preset, SnapshotSpec, Snapshotter, TrainState, Trainer,
};
use ganvas::worker::{Command, Event, HistoryPoint, StepKind, WorkerHandle, WorkerInit};

fn trainer(preset: Preset, seed: u64) -> Trainer {
    Trainer::new(
        Backend::Flex,
        preset.recommended_config(),
        DataSource::Preset(preset),
        seed,
    )
    .expect("valid")
}

/// Trains `steps` iterations and returns each one's losses and the final metrics.
fn run(t: &mut Trainer, steps: u64) -> (Vec<Losses>, Option<f64>, Option<f64>, usize) {
    let losses = (0..steps)
        .map(|_| {
            t.step().expect("finite");
            t.losses()
        })
        .collect();
    let metrics = Snapshotter::new(SnapshotSpec::default(), 7)
        .snapshot(t)
        .metrics;
    let modes = metrics.modes.map_or(0, |m| m.covered_count());
    (losses, metrics.kl, metrics.js, modes)
}

#[test]
fn restoring_a_checkpoint_replays_exactly_the_same_future() {
    let mut t = trainer(Preset::Ring8, 3);
    for _ in 0..50 {
        t.step().expect("finite");
    }
    let checkpoint: TrainState = t.state();
    let original = run(&mut t, 60);
    let original_weights = flat_parameters(t.generator());
    t.restore(checkpoint).expect("restorable");
    assert_eq!(t.counters().iteration, 50);
    let replay = run(&mut t, 60);
    assert_eq!(replay, original, "losses, KL, JS and modes all identical");
    assert_eq!(flat_parameters(t.generator()), original_weights);
}

#[test]
fn resuming_with_another_learning_rate_gives_another_future() {
    let mut t = trainer(Preset::Ring8, 3);
    for _ in 0..50 {
        t.step().expect("finite");
    }
    let checkpoint = t.state();
    let original = run(&mut t, 60);
    t.restore(checkpoint).expect("restorable");
    let mut hyper = t.config().hyper.clone();
    hyper.lr_g *= 3.0;
    t.set_hyper(hyper).expect("valid");
    let other = run(&mut t, 60);
    assert_eq!(
        other.0[0].loss_d, original.0[0].loss_d,
        "D's first update is untouched"
    );
    assert_ne!(
        other.0[1..],
        original.0[1..],
        "G's faster steps change what follows"
    );
    assert_ne!((other.1, other.2), (original.1, original.2));
}

#[test]
fn the_timeline_stays_within_its_budget_and_covers_the_whole_run() {
    let mut t = trainer(Preset::Gaussians, 1);
    let per_state = t.state().memory_bytes();
    let budget = 24 * per_state;
    let mut timeline = Timeline::new(budget, 1000);
    timeline.record(t.state());
    for _ in 0..3000 {
        t.step().expect("finite");
        if timeline.is_due(t.counters().iteration) {
            timeline.record(t.state());
        }
        assert!(
            timeline.memory_bytes() <= budget,
            "{} > {budget}",
            timeline.memory_bytes()
        );
    }
    let iterations = timeline.iterations();
    assert_eq!(iterations.first(), Some(&0), "the start stays reachable");
    assert!(*iterations.last().expect("some") > 3000 - timeline.spacing());
    assert!(
        iterations.len() >= 12,
        "only {} checkpoints",
        iterations.len()
    );
    // Evenly spread: every gap is the spacing (the newest may sit closer).
    for gap in iterations
        .windows(2)
        .map(|w| w[1] - w[0])
        .take(iterations.len() - 2)
    {
        assert_eq!(gap, timeline.spacing(), "{iterations:?}");
    }
}

#[test]
fn a_count_limit_thins_the_timeline_too() {
    let mut t = trainer(Preset::Gaussians, 1);
    let mut timeline = Timeline::new(usize::MAX, 10);
    for _ in 0..2000 {
        t.step().expect("finite");
        if timeline.is_due(t.counters().iteration) {
            timeline.record(t.state());
        }
        assert!(timeline.len() <= 10);
    }
    assert!(timeline.spacing() >= 200);
}

// --- through the worker ---------------------------------------------------------

fn spawn() -> WorkerHandle {
    let init = WorkerInit {
        config: Preset::Ring8.recommended_config(),
        data: DataSource::Preset(Preset::Ring8),
        seed: 2,
        ..WorkerInit::default()
    };
    WorkerHandle::spawn(init, || {}).expect("valid init")
}

fn generator_weights(worker: &WorkerHandle) -> (u64, Vec<f32>) {
    let (tx, rx) = bounded(1);
    worker.send(Command::WithTrainer(Box::new(move |t| {
        tx.send((t.counters().iteration, flat_parameters(t.generator())))
            .ok();
    })));
    rx.recv_timeout(Duration::from_secs(10)).expect("answer")
}

fn steps(worker: &WorkerHandle, n: u64, until: u64) {
    for _ in 0..n {
        worker.send(Command::Step(StepKind::Both));
    }
    wait_frame(worker, |f| f.snapshot.counters.iteration == until);
}

fn losses(points: &[HistoryPoint], from: u64, to: u64) -> Vec<(u64, Option<f32>, Option<f32>)> {
    points
        .iter()
        .filter(|p| (from..=to).contains(&p.iteration))
        .map(|p| (p.iteration, p.loss_d, p.loss_g))
        .collect()
}

#[test]
fn rewinding_the_worker_replays_the_original_run() {
    let worker = spawn();
    steps(&worker, 45, 45);
    let original = worker.drain_history();
    let (at, original_weights) = generator_weights(&worker);
    assert_eq!(at, 45);

    // Scrubbing shows the past and pauses; the present is kept.
    worker.send(Command::Scrub(Some(27)));
    let past = wait_frame(&worker, |f| f.timeline.viewing.is_some());
    assert_eq!(
        past.timeline.viewing,
        Some(20),
        "the checkpoint at or before 27"
    );
    assert_eq!(past.snapshot.counters.iteration, 20);
    assert_eq!(past.timeline.present, 45);
    assert_eq!(past.timeline.checkpoints, vec![0, 10, 20, 30, 40]);

    // Resume from there: the same settings replay the same losses and weights.
    worker.send(Command::Rewind(20));
    let event = wait_event(&worker);
    assert!(
        matches!(
            event,
            Event::Rewound {
                from: 45,
                to: 20,
                ..
            }
        ),
        "{event:?}"
    );
    let batches = {
        steps(&worker, 25, 45);
        worker.drain_history_batches()
    };
    assert_eq!(
        batches[0].rewound_to,
        Some(20),
        "the branch travels with the history"
    );
    let replay: Vec<HistoryPoint> = batches.into_iter().flat_map(|b| b.points).collect();
    assert_eq!(losses(&replay, 21, 45), losses(&original, 21, 45));
    assert_eq!(generator_weights(&worker), (45, original_weights));
}

fn wait_event(worker: &WorkerHandle) -> Event {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(event) = worker.drain_events().into_iter().next() {
            return event;
        }
        assert!(Instant::now() < deadline, "no event");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn returning_to_the_present_restores_it_and_steps_go_on_from_it() {
    let worker = spawn();
    steps(&worker, 35, 35);
    let (_, present) = generator_weights(&worker);
    worker.send(Command::Scrub(Some(10)));
    wait_frame(&worker, |f| f.timeline.viewing == Some(10));
    worker.send(Command::Scrub(None));
    let back = wait_frame(&worker, |f| f.timeline.viewing.is_none());
    assert_eq!(back.snapshot.counters.iteration, 35);
    assert_eq!(generator_weights(&worker), (35, present));
    // A step while viewing the past also returns first, then steps the present.
    worker.send(Command::Scrub(Some(10)));
    wait_frame(&worker, |f| f.timeline.viewing == Some(10));
    steps(&worker, 1, 36);
}

#[test]
fn a_dcgan_checkpoint_keeps_its_own_batch_norm_statistics() {
    // burn's running statistics are shared between clones and updated in place: a
    // checkpoint must hold its own, or restoring it would keep the newer ones.
    let mut config = ganvas::gan::mnist::recommended_config(ganvas::gan::ModelKind::Dcgan);
    config.hyper.batch_size = 8;
    let mut t =
        Trainer::new(Backend::Flex, config, DataSource::Mnist { dir: None }, 1).expect("valid");
    t.step().expect("finite");
    let checkpoint = t.state();
    let saved = flat_parameters(&checkpoint.generator);
    t.step().expect("finite");
    // (plain asserts: the generator has 2.3 million values to print)
    assert!(
        flat_parameters(t.generator()) != saved,
        "training moves weights and statistics"
    );
    assert!(
        flat_parameters(&checkpoint.generator) == saved,
        "the checkpoint moved with it"
    );
    t.restore(checkpoint.clone()).expect("restorable");
    assert!(
        flat_parameters(t.generator()) == saved,
        "restored to other values"
    );
    t.step().expect("finite");
    assert!(
        flat_parameters(&checkpoint.generator) == saved,
        "training after a restore moved the checkpoint"
    );
}
