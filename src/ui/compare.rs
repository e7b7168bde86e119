//! Compare mode: a second run (B) on the same data and seed with its own loss and
//! learning rates, trained side by side with the main run (A) under the same play,
//! step and reset controls. Two canvases, and one chart with both runs' curves.

use std::time::Duration;

use egui::Slider;

use super::canvas::{HeatmapTexture, canvas_ui};
use super::digits::{DigitView, digits_ui};
use super::history::MetricHistory;
use super::hyper_panel::loss_picker_ui;
use super::settings::{Layers, Settings};
use super::theme;
use crate::gan::{GanConfig, LossKind};
use crate::worker::{Command, Frame, WorkerHandle, WorkerInit};

/// The second run and everything the window keeps for it.
pub struct CompareRun {
    worker: WorkerHandle,
    /// B's configuration (its model follows A's; loss and learning rates are its own).
    pub config: GanConfig,
    /// B's newest frame.
    pub frame: Option<Frame>,
    /// B's chart history.
    pub history: MetricHistory,
    heatmap: HeatmapTexture,
    digits: DigitView,
}

impl CompareRun {
    /// Starts run B from A's settings, with `loss` (and its defaults) instead of A's.
    pub fn start(ctx: &egui::Context, settings: &Settings, loss: LossKind) -> Result<Self, String> {
        let mut config = settings.config.clone();
        config.hyper = config.hyper.with_loss(loss);
        let ctx = ctx.clone();
        let init = WorkerInit {
            backend: settings.backend,
            config: config.clone(),
            data: settings.data_source(),
            seed: settings.seed,
            speed_cap: settings.speed_cap,
            ..WorkerInit::default()
        };
        let worker = WorkerHandle::spawn(init, move || {
            ctx.request_repaint_after(Duration::from_millis(2));
        })
        .map_err(|e| e.to_string())?;
        Ok(Self {
            worker,
            config,
            frame: None,
            history: MetricHistory::default(),
            heatmap: HeatmapTexture::default(),
            digits: DigitView::default(),
        })
    }

    /// Takes B's newest frame and history (never blocks).
    pub fn drain(&mut self) {
        if let Some(frame) = self.worker.latest_frame() {
            self.frame = Some(frame);
        }
        self.history.apply(self.worker.drain_history_batches());
        self.worker.drain_events();
    }

    /// Sends B the shared controls among A's commands: play, pause, steps, reset, data,
    /// speed and time travel. A's model changes reach B too (keeping B's loss and
    /// learning rates); A's hyper-parameters do not.
    pub fn mirror(&mut self, commands: &[Command]) {
        for command in commands {
            let copy = match command {
                Command::Play => Command::Play,
                Command::Pause => Command::Pause,
                Command::Step(kind) => Command::Step(*kind),
                Command::Reset => Command::Reset,
                Command::SetData(data) => Command::SetData(data.clone()),
                Command::SetSpeed(cap) => Command::SetSpeed(*cap),
                Command::SetBackend(backend) => Command::SetBackend(*backend),
                Command::Scrub(at) => Command::Scrub(*at),
                Command::Rewind(at) => Command::Rewind(*at),
                Command::Restart => Command::Restart,
                Command::SetModel(model) => {
                    self.config.model = model.clone();
                    if self.config.hyper.fit_to(model.kind) {
                        // The DCGAN has no WGAN-GP: B falls back to the tutorial's loss.
                        self.worker
                            .send(Command::SetHyper(self.config.hyper.clone()));
                    }
                    Command::SetModel(model.clone())
                }
                _ => continue,
            };
            self.worker.send(copy);
        }
    }

    /// B's own knobs: loss and learning rates.
    pub fn knobs_ui(&mut self, ui: &mut egui::Ui) {
        let before = self.config.hyper.clone();
        let model = self.config.model.kind;
        let hyper = &mut self.config.hyper;
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().slider_width = 70.0;
            ui.label(egui::RichText::new("B").strong().color(theme::COMPARE));
            loss_picker_ui(ui, "compare_loss", hyper, model, None);
            for (value, name) in [(&mut hyper.lr_d, "lr D"), (&mut hyper.lr_g, "lr G")] {
                ui.add(
                    Slider::new(value, 1e-5..=10.0)
                        .logarithmic(true)
                        .custom_formatter(|v, _| format!("{v:.0e}"))
                        .text(name),
                );
            }
            ui.add(Slider::new(&mut hyper.k_d, 0..=10).text("k_D"));
        });
        if hyper.k_d + hyper.k_g == 0 {
            hyper.k_g = 1;
        }
        if self.config.hyper != before {
            self.worker
                .send(Command::SetHyper(self.config.hyper.clone()));
        }
    }

    /// B's canvas (or digit grid).
    pub fn canvas_ui(&mut self, ui: &mut egui::Ui, layers: &Layers) {
        let Some(frame) = &self.frame else {
            ui.label("starting run B…");
            return;
        };
        let snapshot = &frame.snapshot;
        if snapshot.digits.is_some() {
            digits_ui(
                ui,
                &mut self.digits,
                snapshot,
                frame.timeline.viewing.is_some(),
            );
        } else {
            canvas_ui(
                ui,
                &mut self.heatmap,
                Some(snapshot),
                layers,
                self.config.model.noise,
                None,
            );
        }
    }
}

/// Run B's line in the mode-collapse meter, if its data have known modes or digits.
pub fn meter_line(frame: Option<&Frame>) -> Option<String> {
    let metrics = &frame?.snapshot.metrics;
    match (&metrics.modes, &metrics.classes) {
        (Some(m), _) => Some(format!(
            "B: {}/{} modes covered, {:.0}% quality",
            m.covered_count(),
            m.total(),
            100.0 * m.quality
        )),
        (None, Some(c)) => Some(format!(
            "B: {}/10 digit classes, {:.0}% confidence",
            c.classes_covered(),
            100.0 * c.mean_confidence
        )),
        (None, None) => None,
    }
}

/// A one-line summary of a run's training settings, under its canvas.
pub fn run_caption(config: &GanConfig) -> String {
    let h = &config.hyper;
    format!(
        "{} · lr D {:.0e} · lr G {:.0e} · k_D {}",
        h.loss.label(),
        h.lr_d,
        h.lr_g,
        h.k_d
    )
}

/// Compare mode's centre: run A's canvas and run B's side by side, each captioned
/// with its settings, B's own knobs above its canvas.
pub fn compare_canvases_ui(
    ui: &mut egui::Ui,
    frame: Option<&Frame>,
    heatmap: &mut HeatmapTexture,
    digit_view: &mut DigitView,
    settings: &Settings,
    compare: &mut CompareRun,
) {
    compare.knobs_ui(ui);
    ui.columns(2, |columns| {
        let a = &mut columns[0];
        a.label(egui::RichText::new(format!("A · {}", run_caption(&settings.config))).strong());
        match frame.map(|f| &f.snapshot) {
            Some(s) if s.digits.is_some() => {
                let past = frame.is_some_and(|f| f.timeline.viewing.is_some());
                digits_ui(a, digit_view, s, past)
            }
            snapshot => {
                canvas_ui(
                    a,
                    heatmap,
                    snapshot,
                    &settings.layers,
                    settings.config.model.noise,
                    None,
                );
            }
        }
        let b = &mut columns[1];
        b.label(
            egui::RichText::new(format!("B · {}", run_caption(&compare.config)))
                .strong()
                .color(theme::COMPARE),
        );
        compare.canvas_ui(b, &settings.layers);
    });
}
