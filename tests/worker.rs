//! The real worker thread, driven through its handle.

mod common;

use common::wait_frame;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;
use ganvas::gan::model::flat_parameters;
use ganvas::gan::{DataSource, Network, Preset, Trainer};
use ganvas::worker::{Command, Event, HistoryPoint, StepKind, WorkerHandle, WorkerInit};

fn init() -> WorkerInit {
    WorkerInit {
        config: Preset::Gaussians.recommended_config(),
        data: DataSource::Preset(Preset::Gaussians),
        seed: 1,
        ..WorkerInit::default()
    }
}

fn spawn(init: WorkerInit) -> WorkerHandle {
    WorkerHandle::spawn(init, || {}).expect("valid init")
}

/// Runs `f` on the trainer inside the worker and returns its result.
fn query<T: Send + 'static>(
    worker: &WorkerHandle,
    f: impl FnOnce(&mut Trainer) -> T + Send + 'static,
) -> T {
    let (tx, rx) = bounded(1);
    worker.send(Command::WithTrainer(Box::new(move |t| {
        tx.send(f(t)).ok();
    })));
    rx.recv_timeout(Duration::from_secs(10))
        .expect("the worker answers")
}

fn weights(t: &mut Trainer) -> (Vec<f32>, Vec<f32>) {
    (
        flat_parameters(t.generator()),
        flat_parameters(t.discriminator()),
    )
}

#[test]
fn each_step_kind_advances_exactly_one_update_of_the_right_network() {
    let worker = spawn(init());
    let (g0, d0) = query(&worker, weights);

    worker.send(Command::Step(StepKind::Discriminator));
    let frame = wait_frame(&worker, |f| f.snapshot.counters.iteration == 1);
    let c = frame.snapshot.counters;
    assert_eq!((c.d_updates, c.g_updates), (1, 0));
    let (g1, d1) = query(&worker, weights);
    assert_eq!(g0, g1);
    assert_ne!(d0, d1);

    worker.send(Command::Step(StepKind::Generator));
    let c = wait_frame(&worker, |f| f.snapshot.counters.iteration == 2)
        .snapshot
        .counters;
    assert_eq!((c.d_updates, c.g_updates), (1, 1));
    let (g2, d2) = query(&worker, weights);
    assert_eq!(d1, d2);
    assert_ne!(g1, g2);

    worker.send(Command::Step(StepKind::Both));
    let c = wait_frame(&worker, |f| f.snapshot.counters.iteration == 3)
        .snapshot
        .counters;
    assert_eq!(
        (c.d_updates, c.g_updates),
        (1 + 2, 1 + 1),
        "k_D = 2, k_G = 1"
    );
    // Nothing more happens while paused.
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(query(&worker, |t| t.counters().iteration), 3);
    let history = worker.drain_history();
    assert_eq!(
        history.iter().map(|p| p.iteration).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
}

#[test]
fn play_then_pause_stops_the_counter() {
    let worker = spawn(init());
    worker.send(Command::Play);
    wait_frame(&worker, |f| f.snapshot.counters.iteration > 20);
    worker.send(Command::Pause);
    let paused = wait_frame(&worker, |f| !f.playing)
        .snapshot
        .counters
        .iteration;
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(query(&worker, |t| t.counters().iteration), paused);
}

#[test]
fn an_lr_change_while_playing_applies_from_the_very_next_step() {
    let worker = spawn(init());
    worker.send(Command::Play);
    wait_frame(&worker, |f| f.snapshot.counters.iteration > 10);
    let mut hyper = Preset::Gaussians.recommended_config().hyper;
    hyper.lr_d = 0.0123;
    worker.send(Command::SetHyper(hyper));
    // Commands are applied in order between steps: this runs before any further step.
    let (at, lr) = query(&worker, |t| (t.counters().iteration, t.config().hyper.lr_d));
    assert_eq!(lr, 0.0123);
    wait_frame(&worker, |f| f.snapshot.counters.iteration > at + 5);
    worker.send(Command::Pause);
    wait_frame(&worker, |f| !f.playing);
    let history = worker.drain_history();
    for point in &history {
        let expected = if point.iteration <= at { 2e-3 } else { 0.0123 };
        assert_eq!(
            point.lr_d, expected,
            "iteration {} (change after {at})",
            point.iteration
        );
    }
    assert!(history.iter().any(|p| p.iteration == at + 1));
}

#[test]
fn reset_gives_fresh_weights_and_step_zero() {
    let worker = spawn(init());
    let initial = query(&worker, weights);
    for _ in 0..5 {
        worker.send(Command::Step(StepKind::Both));
    }
    wait_frame(&worker, |f| f.snapshot.counters.iteration == 5);
    assert_ne!(query(&worker, weights), initial);
    worker.send(Command::Reset);
    let frame = wait_frame(&worker, |f| f.snapshot.counters.iteration == 0);
    assert_eq!(frame.snapshot.losses.loss_d, None);
    assert_eq!(
        query(&worker, weights),
        initial,
        "same seed, same fresh weights"
    );
}

#[test]
fn a_flood_of_commands_while_playing_neither_deadlocks_nor_piles_up() {
    let worker = spawn(init());
    worker.send(Command::Play);
    let hyper = Preset::Gaussians.recommended_config().hyper;
    for i in 0..10_000 {
        let mut h = hyper.clone();
        h.lr_g = 1e-3 * (1.0 + (i % 7) as f64 / 10.0);
        worker.send(Command::SetHyper(h));
        if i % 1000 == 0 {
            worker.send(Command::SetSpeed(None));
        }
    }
    // All of them are consumed: a query sent after them answers promptly.
    let started = Instant::now();
    let lr = query(&worker, |t| t.config().hyper.lr_g);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!((lr - 1e-3 * (1.0 + (9999 % 7) as f64 / 10.0)).abs() < 1e-12);
    let it = query(&worker, |t| t.counters().iteration);
    wait_frame(&worker, |f| f.snapshot.counters.iteration > it);
}

#[test]
fn a_slow_consumer_gets_the_newest_frame_and_every_history_point() {
    let worker = spawn(init());
    worker.send(Command::Play);
    let mut history: Vec<HistoryPoint> = Vec::new();
    for _ in 0..3 {
        std::thread::sleep(Duration::from_secs(1));
        let frame = worker.latest_frame().expect("a frame is always waiting");
        let now = query(&worker, |t| t.counters().iteration);
        // The frame is recent: at most a frame interval (33 ms) of training behind.
        assert!(
            now - frame.snapshot.counters.iteration < 2_000,
            "stale frame"
        );
        history.extend(worker.drain_history());
    }
    worker.send(Command::Pause);
    wait_frame(&worker, |f| !f.playing);
    history.extend(worker.drain_history());
    let last = query(&worker, |t| t.counters().iteration);
    let iterations: Vec<u64> = history.iter().map(|p| p.iteration).collect();
    assert_eq!(
        iterations,
        (1..=last).collect::<Vec<_>>(),
        "every iteration, in order"
    );
    assert!(
        history.iter().any(|p| p.js.is_some()),
        "snapshot metrics are in the history"
    );
}

#[test]
fn a_panicking_trainer_becomes_an_event_and_the_worker_restarts() {
    let worker = spawn(init());
    worker.send(Command::WithTrainer(Box::new(|_| {
        panic!("deliberate test panic")
    })));
    let deadline = Instant::now() + Duration::from_secs(10);
    let message = loop {
        if let Some(Event::Crashed(message)) = worker.drain_events().into_iter().next() {
            break message;
        }
        assert!(Instant::now() < deadline, "no crash event");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(message.contains("deliberate test panic"));
    assert!(worker.is_alive());
    worker.send(Command::Step(StepKind::Both));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !worker
        .drain_events()
        .iter()
        .any(|e| matches!(e, Event::Rejected(_)))
    {
        assert!(
            Instant::now() < deadline,
            "a step on a crashed worker is rejected"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    worker.send(Command::Restart);
    worker.send(Command::Step(StepKind::Both));
    wait_frame(&worker, |f| f.snapshot.counters.iteration == 1);
}

#[test]
fn divergence_pauses_with_its_message() {
    let worker = spawn(init());
    worker.send(Command::Play);
    wait_frame(&worker, |f| f.snapshot.counters.iteration > 5);
    worker.send(Command::WithTrainer(Box::new(|t| {
        t.poke_weight(Network::Generator, f32::INFINITY)
    })));
    let deadline = Instant::now() + Duration::from_secs(10);
    let divergence = loop {
        if let Some(Event::Diverged(d)) = worker.drain_events().into_iter().next() {
            break d;
        }
        assert!(Instant::now() < deadline, "no divergence event");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(divergence.network, Network::Generator);
    wait_frame(&worker, |f| !f.playing);
}

#[test]
fn dropping_the_handle_joins_promptly_even_at_full_speed() {
    let wakes = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&wakes);
    let mut init = init();
    init.playing = true;
    let worker = WorkerHandle::spawn(init, move || {
        counter.fetch_add(1, Ordering::Relaxed);
    })
    .expect("valid");
    wait_frame(&worker, |f| f.snapshot.counters.iteration > 50);
    assert!(wakes.load(Ordering::Relaxed) > 0, "the UI is woken");
    let started = Instant::now();
    drop(worker);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn slow_motion_walks_through_the_stages() {
    let mut init = init();
    init.speed_cap = Some(5.0);
    init.playing = true;
    let worker = spawn(init);
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while seen.len() < 5 && Instant::now() < deadline {
        if let Some(stage) = worker.latest_frame().and_then(|f| f.stage)
            && seen.last() != Some(&stage)
        {
            seen.push(stage);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(seen.len() >= 4, "stages seen: {seen:?}");
}
