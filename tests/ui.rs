//! The real window state driven through egui_kittest: clicks, keys and drags go
//! through the same code a person's do, and the real worker thread trains.

use std::time::{Duration, Instant};

use crossbeam_channel::bounded;
use egui::{Pos2, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use ganvas::gan::{DataSource, Trainer};
use ganvas::ui::status::Banner;
use ganvas::ui::{GanvasApp, Settings, theme};
use ganvas::worker::Command;

fn harness() -> Harness<'static, GanvasApp> {
    Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .build_ui_state(
            |ui, app: &mut GanvasApp| app.ui(ui),
            GanvasApp::new(Settings::default()),
        )
}

/// Steps the UI until `pred` holds (the worker trains in real time).
fn wait_for(h: &mut Harness<'static, GanvasApp>, what: &str, pred: impl Fn(&GanvasApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        h.step();
        if pred(h.state()) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; banner {:?}",
            h.state().banner()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn iteration(app: &GanvasApp) -> u64 {
    app.frame().map_or(0, |f| f.snapshot.counters.iteration)
}

fn query<T: Send + 'static>(
    app: &GanvasApp,
    f: impl FnOnce(&mut Trainer) -> T + Send + 'static,
) -> T {
    let (tx, rx) = bounded(1);
    let worker = app.worker().expect("worker started");
    worker.send(Command::WithTrainer(Box::new(move |t| {
        tx.send(f(t)).ok();
    })));
    rx.recv_timeout(Duration::from_secs(10))
        .expect("worker answers")
}

fn click_at(h: &Harness<'static, GanvasApp>, pos: Pos2) {
    h.hover_at(pos);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
}

fn started() -> Harness<'static, GanvasApp> {
    let mut h = harness();
    wait_for(&mut h, "the first frame", |app| app.frame().is_some());
    h
}

#[test]
fn clicking_play_makes_the_counter_move_and_pause_stops_it() {
    let mut h = started();
    assert_eq!(iteration(h.state()), 0, "GAN Lab starts paused");
    h.get_by_label("Play").click();
    wait_for(&mut h, "training", |app| iteration(app) > 20);
    h.get_by_label("Pause").click();
    wait_for(&mut h, "the pause", |app| {
        app.frame().is_some_and(|f| !f.playing)
    });
    let paused = iteration(h.state());
    std::thread::sleep(Duration::from_millis(200));
    h.run_steps(3);
    assert_eq!(iteration(h.state()), paused);
}

#[test]
fn step_buttons_and_keys_advance_exactly_one_iteration() {
    let mut h = started();
    h.get_by_label("Step").click();
    wait_for(&mut h, "one step", |app| iteration(app) == 1);
    std::thread::sleep(Duration::from_millis(150));
    h.run_steps(3);
    assert_eq!(iteration(h.state()), 1);
    let counters = h
        .state()
        .frame()
        .map(|f| f.snapshot.counters)
        .expect("frame");
    assert_eq!(
        (counters.d_updates, counters.g_updates),
        (2, 1),
        "k_D = 2, k_G = 1"
    );

    h.get_by_label("Step D").click();
    wait_for(&mut h, "a D step", |app| iteration(app) == 2);
    h.key_press(egui::Key::G);
    wait_for(&mut h, "a G step by key", |app| iteration(app) == 3);
    let counters = h
        .state()
        .frame()
        .map(|f| f.snapshot.counters)
        .expect("frame");
    assert_eq!((counters.d_updates, counters.g_updates), (3, 2));
    h.key_press(egui::Key::R);
    wait_for(&mut h, "reset", |app| iteration(app) == 0);
}

#[test]
fn dragging_the_d_learning_rate_slider_changes_the_trainers_lr_from_the_next_step() {
    let mut h = started();
    let before = query(h.state(), |t| t.config().hyper.lr_d);
    assert_eq!(before, 0.1);
    let slider = h.get_by_role_and_label(Role::Slider, "D learning rate");
    let rect = slider.rect();
    let from = rect.center();
    let to = egui::pos2(rect.left() + 0.2 * rect.width(), rect.center().y);
    h.drag_at(from);
    h.step();
    h.hover_at(egui::pos2((from.x + to.x) / 2.0, from.y));
    h.step();
    h.drop_at(to);
    h.run_steps(2);
    let chosen = h.state().settings().config.hyper.lr_d;
    assert!(
        chosen < before / 10.0,
        "the drag moved the slider down: {chosen}"
    );
    // The trainer uses it from its next step.
    h.get_by_label("Step").click();
    wait_for(&mut h, "the step", |app| iteration(app) == 1);
    assert_eq!(query(h.state(), |t| t.config().hyper.lr_d), chosen);
    wait_for(&mut h, "its history point", |app| {
        app.history().points.iter().any(|p| p.iteration == 1)
    });
    let point = h
        .state()
        .history()
        .points
        .iter()
        .find(|p| p.iteration == 1)
        .copied()
        .expect("point");
    assert_eq!(point.lr_d, chosen);
}

fn real_dots(h: &Harness<'static, GanvasApp>) -> usize {
    h.output()
        .shapes
        .iter()
        .filter(|s| matches!(&s.shape, egui::Shape::Circle(c) if c.fill == theme::REAL))
        .count()
}

#[test]
fn toggling_a_layer_hides_it() {
    let mut h = started();
    h.run_steps(2);
    let shown = real_dots(&h);
    assert!(shown >= 450, "real samples drawn: {shown}");
    h.get_by_label("Real samples").click(); // the checkbox (the graph node is a button of its own)
    h.run_steps(2);
    assert!(!h.state().settings().layers.real);
    assert!(
        real_dots(&h) < shown - 400,
        "real samples still drawn: {}",
        real_dots(&h)
    );
    h.get_by_label("Real samples").click();
    h.run_steps(2);
    assert!(h.state().settings().layers.real);
}

#[test]
fn three_drawn_points_and_play_train_on_those_points() {
    let mut h = started();
    h.get_by_label("Draw your own").click();
    h.run_steps(2);
    assert!(h.state().drawing());
    let canvas = h.get_by_label("Data canvas").rect();
    let targets = [[0.25f32, 0.25], [0.75, 0.3], [0.5, 0.8]];
    for [x, y] in targets {
        let pos = egui::pos2(
            canvas.left() + x * canvas.width(),
            canvas.bottom() - y * canvas.height(),
        );
        click_at(&h, pos);
        h.run_steps(2);
    }
    let drawn = h.state().settings().drawn_points.clone();
    assert_eq!(drawn.len(), 3, "{drawn:?}");
    for (p, t) in drawn.iter().zip(targets) {
        assert!(
            (p[0] - t[0]).abs() < 0.02 && (p[1] - t[1]).abs() < 0.02,
            "{p:?} vs {t:?}"
        );
    }
    h.get_by_label("Play").click();
    wait_for(&mut h, "training on drawn points", |app| {
        app.frame().is_some_and(|f| {
            matches!(&f.data, DataSource::Drawn(p) if p.len() == 3)
                && f.snapshot.counters.iteration > 5
        })
    });
    let frame = h.state().frame().cloned().expect("frame");
    // Every real sample is one of the three points plus σ = 0.02 jitter.
    for r in &frame.snapshot.real {
        let near = drawn
            .iter()
            .any(|p| (p[0] - r[0]).hypot(p[1] - r[1]) < 0.12);
        assert!(near, "{r:?} is not near a drawn point");
    }
    assert_eq!(
        query(h.state(), |t| t.data().clone()),
        DataSource::Drawn(drawn)
    );
}

#[test]
fn divergence_shows_its_message_and_the_app_keeps_running() {
    let mut h = started();
    let mut hyper = h.state().settings().config.hyper.clone();
    hyper.lr_d = 10.0;
    hyper.lr_g = 10.0;
    hyper.loss = ganvas::gan::LossKind::LeastSquares;
    h.state_mut().settings_mut().config.hyper = hyper.clone();
    h.state_mut().send(Command::SetHyper(hyper));
    h.get_by_label("Play").click();
    wait_for(&mut h, "the divergence banner", |app| {
        matches!(app.banner(), Some(Banner::Diverged(_)))
    });
    wait_for(&mut h, "the pause", |app| {
        app.frame().is_some_and(|f| !f.playing)
    });
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("training diverged at iteration")
            .is_some()
    );
    assert!(h.query_by_label_contains("What to try").is_some());
    // Taking the advice gets training going again.
    h.get_by_label("Lower learning rates ×0.1").click();
    h.run_steps(2);
    assert!(h.state().banner().is_none());
    assert!((h.state().settings().config.hyper.lr_d - 1.0).abs() < 1e-9);
    // Back to sane settings, training goes on from the last finite weights.
    let sane = ganvas::gan::GanConfig::default().hyper;
    h.state_mut().settings_mut().config.hyper = sane.clone();
    h.state_mut().send(Command::SetHyper(sane));
    let at = iteration(h.state());
    h.get_by_label("Step").click();
    wait_for(&mut h, "a step after the divergence", |app| {
        iteration(app) == at + 1
    });
}

#[test]
fn the_help_overlay_lists_the_shortcuts() {
    let mut h = started();
    h.key_press(egui::Key::Questionmark);
    h.run_steps(2);
    assert!(h.query_by_label("Keyboard shortcuts").is_some());
    assert!(h.query_by_label("step the discriminator only").is_some());
}

#[test]
fn the_mnist_tile_trains_on_digits_and_shows_the_digit_grid() {
    let mut h = started();
    h.get_by_label("mnist").click();
    h.run_steps(2);
    assert_eq!(h.state().settings().config.model.noise_dim, 100);
    h.get_by_label("Play").click();
    wait_for(&mut h, "a digit frame", |app| {
        app.frame().is_some_and(|f| {
            f.snapshot
                .digits
                .as_ref()
                .is_some_and(|d| d.fake.len() == 16)
                && f.snapshot.counters.iteration > 3
        })
    });
    h.get_by_label("Pause").click();
    h.run_steps(2);
    let digits = h
        .state()
        .frame()
        .and_then(|f| f.snapshot.digits.clone())
        .expect("digits");
    assert!(digits.fake.iter().all(|d| d.len() == 784));
    assert_eq!(digits.real.len(), 8);
    assert!(
        digits.classes.is_some(),
        "the classifier's figures are shown"
    );
    assert!(
        h.query_by_label_contains("Generated (fixed noise")
            .is_some()
    );
    assert!(h.query_by_label_contains("digit classes made").is_some());
}

#[test]
fn scrubbing_back_and_resuming_from_there_branches_the_charts() {
    let mut h = started();
    for _ in 0..35 {
        h.state_mut()
            .send(Command::Step(ganvas::worker::StepKind::Both));
    }
    wait_for(&mut h, "35 iterations", |app| iteration(app) == 35);
    wait_for(&mut h, "checkpoints", |app| {
        app.frame()
            .is_some_and(|f| f.timeline.checkpoints.len() == 4)
    });
    assert!(
        h.query_by_label("Resume from here").is_none(),
        "only while viewing the past"
    );
    h.state_mut().send(Command::Scrub(Some(12)));
    wait_for(&mut h, "the past", |app| {
        app.frame().is_some_and(|f| f.timeline.viewing == Some(10))
    });
    h.get_by_label("Resume from here").click();
    wait_for(&mut h, "the rewind", |app| {
        app.history().branch_at == Some(10) && iteration(app) == 10
    });
    let abandoned = h
        .state()
        .history()
        .abandoned
        .as_ref()
        .expect("the old future is kept");
    assert_eq!(abandoned.points.first().map(|p| p.iteration), Some(11));
    assert_eq!(abandoned.points.last().map(|p| p.iteration), Some(35));
    assert_eq!(
        h.state().history().points.last().map(|p| p.iteration),
        Some(10)
    );
    assert!(
        h.query_by_label("Back to present").is_none(),
        "the rewound run is the present"
    );
}

#[test]
fn picking_wgan_gp_shows_its_explanation_and_sets_its_defaults() {
    let mut h = started();
    h.get_by_label("Loss").click();
    h.run_steps(2);
    h.get_by_label(ganvas::gan::LossKind::WganGp.label())
        .click();
    wait_for(&mut h, "WGAN-GP in the trainer", |app| {
        app.frame()
            .is_some_and(|f| f.config.hyper.loss == ganvas::gan::LossKind::WganGp)
    });
    let hyper = &h.state().settings().config.hyper;
    assert_eq!(
        (hyper.k_d, hyper.optimizer),
        (5, ganvas::gan::OptimizerKind::Adam)
    );
    h.get_by_label(ganvas::gan::LossKind::WganGp.explanation());
}

#[test]
fn compare_mode_trains_two_runs_under_the_same_controls() {
    let mut h = started();
    h.get_by_label("Compare").click();
    wait_for(&mut h, "run B", |app| {
        app.compare().is_some_and(|c| c.frame.is_some())
    });
    h.get_by_label("Play").click();
    wait_for(&mut h, "both runs training", |app| {
        let b = app
            .compare()
            .and_then(|c| c.frame.as_ref())
            .map_or(0, |f| f.snapshot.counters.iteration);
        iteration(app) > 20 && b > 20
    });
    h.get_by_label("Pause").click();
    wait_for(&mut h, "both paused", |app| {
        let b_playing = app
            .compare()
            .and_then(|c| c.frame.as_ref())
            .is_some_and(|f| f.playing);
        app.frame().is_some_and(|f| !f.playing) && !b_playing
    });
    let b = h.state().compare().expect("on");
    assert_eq!(
        b.config.hyper.loss,
        ganvas::gan::LossKind::WganGp,
        "B differs in its loss"
    );
    assert_eq!(
        b.frame.as_ref().map(|f| f.data.clone()),
        h.state().frame().map(|f| f.data.clone()),
        "same data"
    );
    assert!(
        !b.history.points.is_empty(),
        "B's curves reach the shared chart"
    );
    h.get_by_label("Compare").click();
    h.run_steps(2);
    assert!(h.state().compare().is_none());
}

#[test]
fn the_mode_collapse_meter_loads_its_demo_and_its_fix() {
    let mut h = started();
    h.get_by_label("Show mode collapse").click();
    wait_for(&mut h, "ring8 with the demo settings", |app| {
        app.frame().is_some_and(|f| {
            f.data == DataSource::Preset(ganvas::gan::Preset::Ring8)
                && f.config == ganvas::gan::demos::ModeCollapseDemo::config()
                && f.snapshot.metrics.modes.is_some()
        })
    });
    h.get_by_label("Fix it").click();
    wait_for(&mut h, "D's learning rate lowered", |app| {
        app.frame()
            .is_some_and(|f| (f.config.hyper.lr_d - 2e-4).abs() < 1e-12)
    });
}

#[test]
fn saving_and_loading_a_session_restores_the_run_the_knobs_and_the_charts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("run.ganvas");
    let mut h = started();
    for _ in 0..5 {
        h.state_mut()
            .send(Command::Step(ganvas::worker::StepKind::Both));
    }
    wait_for(&mut h, "5 iterations", |app| {
        iteration(app) == 5 && app.history().points.len() == 5
    });
    let history = h.state().history().points.clone();
    h.state_mut().send(Command::SaveSession {
        path: path.clone(),
        history,
    });
    wait_for(
        &mut h,
        "the save",
        |app| matches!(app.banner(), Some(Banner::Info(m)) if m.contains("session saved")),
    );
    // Move on: other data, another learning rate, more steps.
    h.state_mut().settings_mut().config.hyper.lr_d = 0.5;
    let hyper = h.state().settings().config.hyper.clone();
    h.state_mut().send(Command::SetHyper(hyper));
    h.state_mut().send(Command::SetData(DataSource::Preset(
        ganvas::gan::Preset::Ring,
    )));
    h.state_mut().settings_mut().data =
        ganvas::ui::settings::DataChoice::Preset(ganvas::gan::Preset::Ring);
    h.state_mut()
        .send(Command::Step(ganvas::worker::StepKind::Both));
    wait_for(&mut h, "iteration 6", |app| iteration(app) == 6);

    h.state_mut().send(Command::LoadSession(path));
    wait_for(&mut h, "the load", |app| {
        matches!(app.banner(), Some(Banner::Info(m)) if m.contains("session loaded"))
            && iteration(app) == 5
    });
    h.run_steps(3);
    let app = h.state();
    assert_eq!(
        app.settings().data,
        ganvas::ui::settings::DataChoice::Preset(ganvas::gan::Preset::Gaussians)
    );
    assert_eq!(
        app.settings().config.hyper.lr_d,
        Settings::default().config.hyper.lr_d
    );
    assert_eq!(app.history().points.len(), 5, "the saved charts");
    assert_eq!(query(app, |t| t.counters().iteration), 5);
}

#[test]
fn scrubbing_digits_keeps_the_milestone_strip_and_a_rewind_cuts_it() {
    let mut h = started();
    h.get_by_label("mnist").click();
    h.run_steps(2);
    h.get_by_label("Play").click();
    wait_for(&mut h, "past the 50 milestone", |app| {
        app.digit_view().milestones().len() >= 2 && iteration(app) > 60
    });
    h.get_by_label("Pause").click();
    wait_for(&mut h, "paused", |app| {
        app.frame().is_some_and(|f| !f.playing)
    });
    h.run_steps(3);
    let before = h.state().digit_view().milestones();
    assert!(before.len() >= 2, "{before:?}");
    // A checkpoint (every 10 iterations this early) after the first grid of the strip
    // and before the second: the first frame may come a few iterations in on a busy
    // machine, so the target follows the strip.
    let target = (before[0] / 10 + 1) * 10;
    assert!(target < before[1], "{before:?}");
    h.state_mut().send(Command::Scrub(Some(target)));
    wait_for(&mut h, "the checkpoint on show", |app| {
        app.frame()
            .is_some_and(|f| f.timeline.viewing == Some(target))
    });
    h.run_steps(3);
    assert_eq!(
        h.state().digit_view().milestones(),
        before,
        "scrubbing keeps the strip"
    );
    h.get_by_label("Resume from here").click();
    wait_for(&mut h, "the rewind", |app| {
        app.history().branch_at == Some(target) && iteration(app) == target
    });
    h.run_steps(3);
    let kept: Vec<u64> = before.into_iter().filter(|&it| it <= target).collect();
    assert_eq!(
        h.state().digit_view().milestones(),
        kept,
        "the abandoned future's grids go"
    );
}
