//! The window: lays out the panels, feeds them the worker's newest frame and sends
//! their commands. Never blocks: everything from the worker is taken with `try_recv`.

use std::time::{Duration, Instant};

use super::canvas::{HeatmapTexture, canvas_ui, layer_toggles_ui};
use super::charts::{ChartMarks, charts_ui};
use super::compare::{CompareRun, compare_canvases_ui};
use super::data_picker::{DrawMode, Thumbnails, apply_drawn_points, choose_mnist, data_picker_ui};
use super::digits::{DigitView, digits_ui};
use super::files::{FileMenu, FileNews};
use super::help::help_ui;
use super::history::MetricHistory;
use super::hyper_panel::hyper_panel_ui;
use super::metrics_panel::metrics_ui;
use super::model_graph::model_graph_ui;
use super::scrubber::scrubber_ui;
use super::settings::Settings;
use super::status::{Banner, FrameTimer, banner_ui, status_bar_ui};
use super::top_bar::top_bar_ui;
use crate::worker::{Command, Event, Frame, StepKind, WorkerHandle, WorkerInit};

/// The whole application state of the window.
pub struct GanvasApp {
    settings: Settings,
    worker: Option<WorkerHandle>,
    frame: Option<Frame>,
    history: MetricHistory,
    banner: Option<Banner>,
    draw: DrawMode,
    help_open: bool,
    thumbnails: Thumbnails,
    timer: FrameTimer,
    heatmap: HeatmapTexture,
    digit_view: DigitView,
    outbox: Vec<Command>,
    /// After a rewind or a load: frames of this run (or later) carry the settings the
    /// knobs adopt (and, with `true`, the data too).
    adopt_from_run: Option<(u64, bool)>,
    files: FileMenu,
    compare: Option<CompareRun>,
}

impl GanvasApp {
    /// An app with these settings; the worker starts on the first frame (paused, as GAN
    /// Lab starts).
    pub fn new(settings: Settings) -> Self {
        Self {
            settings,
            worker: None,
            frame: None,
            history: MetricHistory::default(),
            banner: None,
            draw: DrawMode::default(),
            help_open: false,
            thumbnails: Thumbnails::default(),
            timer: FrameTimer::default(),
            heatmap: HeatmapTexture::default(),
            digit_view: DigitView::default(),
            outbox: Vec::new(),
            adopt_from_run: None,
            files: FileMenu::default(),
            compare: None,
        }
    }

    /// Current settings (persisted on exit).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Mutable settings (scripted scenes and tests).
    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// The newest frame from the worker.
    pub fn frame(&self) -> Option<&Frame> {
        self.frame.as_ref()
    }

    /// The chart history.
    pub fn history(&self) -> &MetricHistory {
        &self.history
    }

    /// The banner on show, if any.
    pub fn banner(&self) -> Option<&Banner> {
        self.banner.as_ref()
    }

    /// The worker, once started.
    pub fn worker(&self) -> Option<&WorkerHandle> {
        self.worker.as_ref()
    }

    /// Whether draw-your-own mode is on.
    pub fn drawing(&self) -> bool {
        self.draw.active
    }

    /// Turns draw-your-own mode on or off.
    pub fn set_drawing(&mut self, active: bool) {
        self.draw.active = active;
    }

    /// Switches to MNIST digits with the MLP GAN, as the data picker's tile does.
    pub fn choose_mnist(&mut self) {
        choose_mnist(&mut self.settings, &mut self.draw, &mut self.outbox);
    }

    /// Queues a command for the worker (sent at the end of the frame).
    pub fn send(&mut self, command: Command) {
        self.outbox.push(command);
    }

    /// The digit view (its milestone strip).
    pub fn digit_view(&self) -> &DigitView {
        &self.digit_view
    }

    /// Compare mode's second run, when on.
    pub fn compare(&self) -> Option<&CompareRun> {
        self.compare.as_ref()
    }

    /// Switches compare mode on (run B with WGAN-GP, or non-saturating if A already
    /// uses WGAN-GP) or off.
    pub fn toggle_compare(&mut self, ctx: &egui::Context) {
        if self.compare.take().is_some() {
            return;
        }
        let loss = if self.settings.config.hyper.loss == crate::gan::LossKind::WganGp {
            crate::gan::LossKind::NonSaturating
        } else {
            crate::gan::LossKind::WganGp
        };
        match CompareRun::start(ctx, &self.settings, loss) {
            Ok(run) => {
                // Both runs start together from fresh weights.
                self.outbox.push(Command::Reset);
                self.compare = Some(run);
            }
            Err(message) => self.banner = Some(Banner::Rejected(message)),
        }
    }

    /// The UI's per-frame CPU time statistics.
    pub fn frame_timer(&self) -> &FrameTimer {
        &self.timer
    }

    fn ensure_worker(&mut self, ctx: &egui::Context) {
        if self.worker.is_some() {
            return;
        }
        let ctx = ctx.clone();
        let wake = move || ctx.request_repaint_after(Duration::from_millis(2));
        let init = WorkerInit {
            backend: self.settings.backend,
            config: self.settings.config.clone(),
            data: self.settings.data_source(),
            seed: self.settings.seed,
            speed_cap: self.settings.speed_cap,
            ..WorkerInit::default()
        };
        match WorkerHandle::spawn(init.clone(), wake.clone()) {
            Ok(worker) => self.worker = Some(worker),
            Err(error) => {
                // Saved settings that no longer work: start from the defaults, say why.
                self.banner = Some(Banner::Rejected(format!("saved settings ignored: {error}")));
                self.settings = Settings::default();
                let init = WorkerInit {
                    config: self.settings.config.clone(),
                    data: self.settings.data_source(),
                    ..init
                };
                self.worker = WorkerHandle::spawn(init, wake).ok();
            }
        }
    }

    fn drain_worker(&mut self, ctx: &egui::Context) {
        for news in self.files.drain() {
            match news {
                FileNews::Picked(action, path) => {
                    self.files
                        .act(ctx, action, path, &self.history, &mut self.outbox);
                }
                FileNews::Written(Ok(message)) => self.banner = Some(Banner::Info(message)),
                FileNews::Written(Err(message)) => self.banner = Some(Banner::Rejected(message)),
            }
        }
        if let Some(compare) = &mut self.compare {
            compare.drain();
        }
        let Some(worker) = &self.worker else {
            return;
        };
        if let Some(frame) = worker.latest_frame() {
            self.frame = Some(frame);
        }
        self.history.apply(worker.drain_history_batches());
        for event in worker.drain_events() {
            match &event {
                Event::Rewound { run, .. } => self.adopt_from_run = Some((*run, false)),
                Event::Loaded { history, run, .. } => {
                    self.history.clear();
                    self.history.extend(history.iter().copied());
                    self.adopt_from_run = Some((*run, true));
                }
                _ => {}
            }
            if let Some(banner) = Banner::from_event(event) {
                self.banner = Some(banner);
            }
        }
        // A rewind restores its checkpoint's settings, a load the session's: the knobs
        // follow once a frame of that run arrives.
        if let (Some((run, with_data)), Some(frame)) = (self.adopt_from_run, &self.frame)
            && frame.run >= run
        {
            self.settings.config = frame.config.clone();
            if with_data {
                self.settings.adopt_data(&frame.data);
                self.settings.backend = frame.backend;
            }
            self.adopt_from_run = None;
        }
    }

    fn play(&mut self) {
        if self.draw.active {
            apply_drawn_points(&mut self.settings, &mut self.draw, &mut self.outbox);
        }
        self.outbox.push(Command::Play);
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return; // typing into a field
        }
        let playing = self.frame.as_ref().is_some_and(|f| f.playing);
        let keys = ctx.input(|i| {
            [
                egui::Key::Space,
                egui::Key::S,
                egui::Key::D,
                egui::Key::G,
                egui::Key::R,
                egui::Key::Questionmark,
                egui::Key::Escape,
            ]
            .map(|k| i.key_pressed(k))
        });
        let [space, s, d, g, r, help, escape] = keys;
        if space {
            if playing {
                self.outbox.push(Command::Pause);
            } else {
                self.play();
            }
        }
        for (pressed, kind) in [
            (s, StepKind::Both),
            (d, StepKind::Discriminator),
            (g, StepKind::Generator),
        ] {
            if pressed {
                self.outbox.push(Command::Step(kind));
            }
        }
        if r {
            self.outbox.push(Command::Reset);
        }
        if help {
            self.help_open = !self.help_open;
        }
        if escape {
            self.help_open = false;
        }
    }

    /// Builds the whole window for one frame.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        let ctx = ui.ctx().clone();
        self.ensure_worker(&ctx);
        self.drain_worker(&ctx);
        self.keyboard(&ctx);

        egui::Panel::top("top_bar").show(ui, |ui| {
            let digits = self
                .frame
                .as_ref()
                .is_some_and(|f| f.snapshot.digits.is_some());
            let out = top_bar_ui(
                &self.files,
                digits,
                self.compare.is_some(),
                ui,
                self.frame.as_ref(),
                &mut self.settings,
                &mut self.outbox,
            );
            if out.play {
                self.play();
            }
            if out.toggle_help {
                self.help_open = !self.help_open;
            }
            if out.toggle_compare {
                self.toggle_compare(&ctx);
            }
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            status_bar_ui(ui, self.frame.as_ref(), &self.timer);
        });
        egui::Panel::left("controls")
            .default_size(330.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.heading("Data");
                    data_picker_ui(
                        ui,
                        &self.thumbnails,
                        &mut self.settings,
                        &mut self.draw,
                        &mut self.outbox,
                    );
                    ui.separator();
                    ui.heading("Model & training");
                    hyper_panel_ui(ui, &mut self.settings, &mut self.outbox);
                });
            });
        egui::Panel::right("charts")
            .default_size(400.0)
            .show(ui, |ui| {
                let run_b = self.compare.as_ref().and_then(|c| c.frame.as_ref());
                metrics_ui(
                    ui,
                    self.frame.as_ref(),
                    run_b,
                    &mut self.settings,
                    &mut self.outbox,
                );
                ui.separator();
                let marks = self
                    .frame
                    .as_ref()
                    .map_or_else(ChartMarks::default, |f| ChartMarks {
                        viewing: f.timeline.viewing,
                        mode_total: f.snapshot.metrics.modes.as_ref().map(|m| m.total()),
                        digits: f.snapshot.digits.is_some(),
                    });
                let run_b = self.compare.as_ref().map(|c| &c.history);
                // The scrubber sits under the charts, which leave it room.
                let scrubber_height = 3.0 * ui.spacing().interact_size.y + 12.0;
                charts_ui(
                    ui,
                    &self.history,
                    run_b,
                    &mut self.settings.charts,
                    marks,
                    scrubber_height,
                );
                ui.separator();
                scrubber_ui(ui, self.frame.as_ref(), &mut self.outbox);
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            if let Some(banner) = &self.banner
                && !banner_ui(ui, banner, &mut self.settings, &mut self.outbox)
            {
                self.banner = None;
            }
            let losses = self.frame.as_ref().map_or((None, None), |f| {
                (f.snapshot.losses.loss_d, f.snapshot.losses.loss_g)
            });
            let stage = self.frame.as_ref().and_then(|f| f.stage);
            model_graph_ui(ui, &mut self.settings.layers, stage, losses);
            if let Some(compare) = &mut self.compare {
                layer_toggles_ui(ui, &mut self.settings.layers);
                compare_canvases_ui(
                    ui,
                    self.frame.as_ref(),
                    &mut self.heatmap,
                    &mut self.digit_view,
                    &self.settings,
                    compare,
                );
                self.files.canvas_rect = Some(ui.min_rect());
                return;
            }
            let snapshot = self.frame.as_ref().map(|f| &f.snapshot);
            if let Some(s) = snapshot.filter(|s| s.digits.is_some()) {
                let past = self
                    .frame
                    .as_ref()
                    .is_some_and(|f| f.timeline.viewing.is_some());
                let drawn = ui.scope(|ui| digits_ui(ui, &mut self.digit_view, s, past));
                self.files.canvas_rect = Some(drawn.response.rect);
            } else {
                layer_toggles_ui(ui, &mut self.settings.layers);
                let noise = self.settings.config.model.noise;
                let drawing = self.draw.active.then_some(&mut self.settings.drawn_points);
                let drawn = ui.scope(|ui| {
                    canvas_ui(
                        ui,
                        &mut self.heatmap,
                        snapshot,
                        &self.settings.layers,
                        noise,
                        drawing,
                    )
                });
                self.files.canvas_rect = Some(drawn.response.rect);
            }
        });
        help_ui(&ctx, &mut self.help_open);

        if let Some(compare) = &mut self.compare {
            compare.mirror(&self.outbox);
        }
        if let Some(worker) = &self.worker {
            for command in self.outbox.drain(..) {
                worker.send(command);
            }
        }
        self.timer.record(started.elapsed());
    }
}
