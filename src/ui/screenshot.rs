//! Headless screenshots of the real window: train `--steps` iterations (optionally in
//! a prepared scene), save a PNG through eframe's screenshot command, log the UI's
//! frame time, and close.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::app::GanvasApp;
use super::settings::DataChoice;
use crate::gan::{DataSource, HyperParams, LossKind, OptimizerKind, Preset};
use crate::worker::Command;

/// A scene prepared before the screenshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scene {
    /// The current data, trained for the given steps.
    Training,
    /// The current preset with its recommended configuration.
    Recommended,
    /// Draw-your-own: a hand-drawn spiral, trained on.
    Draw,
    /// An absurd learning rate that makes training diverge.
    Diverge,
    /// MNIST digits with the fast MLP GAN.
    Mnist,
    /// Ring of 8 trained, rewound to half-way and trained again with a faster
    /// generator (a branch in the charts), then the scrubber moved back to a quarter.
    Scrubber,
    /// Compare mode: the preset's recommended run against the same with WGAN-GP.
    Compare,
    /// The mode-collapse demo.
    Collapse,
}

impl Scene {
    /// Parses `--scene`.
    pub fn parse(name: Option<&str>) -> Result<Self, String> {
        match name {
            None | Some("training") => Ok(Self::Training),
            Some("recommended") => Ok(Self::Recommended),
            Some("draw") => Ok(Self::Draw),
            Some("diverge") => Ok(Self::Diverge),
            Some("mnist") => Ok(Self::Mnist),
            Some("scrubber") => Ok(Self::Scrubber),
            Some("compare") => Ok(Self::Compare),
            Some("collapse") => Ok(Self::Collapse),
            Some(other) => Err(format!(
                "unknown scene `{other}` (training, recommended, draw, diverge, mnist, scrubber, compare, collapse)"
            )),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Setup,
    Training,
    Settling(u32),
    Requested,
}

/// A screenshot in progress.
pub struct ScreenshotRun {
    path: PathBuf,
    steps: u64,
    scene: Scene,
    phase: Phase,
    saved: Arc<Mutex<Option<Result<(), String>>>>,
    cpu_ms: Vec<f32>,
    /// The scrubber scene has rewound and changed the learning rate.
    branched: bool,
}

impl ScreenshotRun {
    /// Plans a screenshot.
    pub fn new(path: PathBuf, steps: u64, scene: Scene) -> Self {
        Self {
            path,
            steps,
            scene,
            phase: Phase::Setup,
            saved: Arc::new(Mutex::new(None)),
            cpu_ms: Vec::new(),
            branched: false,
        }
    }

    /// Advances the plan by one frame; `cpu_usage` is eframe's CPU time of the previous
    /// frame. Returns the final result once the PNG is written (or failed).
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        app: &mut GanvasApp,
        cpu_usage: Option<f32>,
    ) -> Option<Result<(), String>> {
        ctx.request_repaint();
        match self.phase {
            Phase::Setup => {
                self.setup(ctx, app);
                app.send(Command::Play);
                self.phase = Phase::Training;
            }
            Phase::Training => {
                if let Some(cpu) = cpu_usage {
                    self.cpu_ms.push(cpu * 1000.0);
                }
                let frame = app.frame();
                let reached = |f: Option<&crate::worker::Frame>| {
                    f.is_some_and(|f| f.snapshot.counters.iteration >= self.steps)
                };
                let mut a_done = reached(frame);
                if self.scene == Scene::Scrubber {
                    a_done &= frame.is_some_and(|f| f.run >= 1);
                    if reached(frame) && !self.branched {
                        self.branched = true;
                        let mut hyper = app.settings().config.hyper.clone();
                        hyper.lr_g *= 4.0;
                        app.settings_mut().config.hyper = hyper.clone();
                        app.send(Command::Rewind(self.steps / 2));
                        app.send(Command::SetHyper(hyper));
                        app.send(Command::Play);
                    }
                }
                let done = match self.scene {
                    Scene::Diverge => app.banner().is_some(),
                    Scene::Compare => {
                        // The runs train at different speeds: each stops at the mark.
                        if a_done && let Some(worker) = app.worker() {
                            worker.send(Command::Pause);
                        }
                        a_done && reached(app.compare().and_then(|c| c.frame.as_ref()))
                    }
                    _ => a_done,
                };
                if done {
                    app.send(Command::Pause);
                    if self.scene == Scene::Scrubber {
                        app.send(Command::Scrub(Some(self.steps / 4)));
                    }
                    self.phase = Phase::Settling(0);
                }
            }
            Phase::Settling(n) if n < 20 => self.phase = Phase::Settling(n + 1),
            Phase::Settling(_) => {
                let saved = Arc::clone(&self.saved);
                let path = self.path.clone();
                let callback =
                    egui::ScreenshotCallback::new(move |image: Arc<egui::ColorImage>| {
                        let result = save_png(&path, &image);
                        if let Ok(mut slot) = saved.lock() {
                            *slot = Some(result);
                        }
                    });
                ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
                self.phase = Phase::Requested;
            }
            Phase::Requested => {
                let result = self.saved.lock().ok().and_then(|mut s| s.take());
                if let Some(result) = result {
                    self.report(app);
                    return Some(result);
                }
            }
        }
        None
    }

    fn setup(&self, ctx: &egui::Context, app: &mut GanvasApp) {
        let recommended = |app: &mut GanvasApp, preset: Preset| {
            let config = preset.recommended_config();
            app.settings_mut().config = config.clone();
            app.send(Command::SetModel(config.model));
            app.send(Command::SetHyper(config.hyper));
        };
        match self.scene {
            Scene::Training => {}
            Scene::Recommended => {
                if let DataChoice::Preset(preset) = app.settings().data {
                    recommended(app, preset);
                }
            }
            Scene::Draw => {
                recommended(app, Preset::Gaussians);
                let points = spiral();
                app.settings_mut().drawn_points = points.clone();
                app.settings_mut().data = DataChoice::Drawn;
                app.send(Command::SetData(DataSource::Drawn(points)));
            }
            Scene::Mnist => app.choose_mnist(),
            Scene::Scrubber => recommended(app, Preset::Ring8),
            Scene::Compare => {
                recommended(app, Preset::Ring8);
                app.toggle_compare(ctx);
            }
            Scene::Collapse => {
                let mut outbox = Vec::new();
                super::metrics_panel::load_mode_collapse_demo(app.settings_mut(), &mut outbox);
                outbox.into_iter().for_each(|c| app.send(c));
            }
            Scene::Diverge => {
                let hyper = HyperParams {
                    optimizer: OptimizerKind::Sgd,
                    loss: LossKind::LeastSquares,
                    lr_d: 10.0,
                    lr_g: 10.0,
                    ..app.settings().config.hyper.clone()
                };
                app.settings_mut().config.hyper = hyper.clone();
                app.send(Command::SetHyper(hyper));
            }
        }
        app.send(Command::Reset);
    }

    fn report(&self, app: &GanvasApp) {
        let mut cpu = self.cpu_ms.clone();
        cpu.sort_by(f32::total_cmp);
        let percentile = |q: usize| cpu.get(cpu.len() * q / 100).copied().unwrap_or(0.0);
        let mean = cpu.iter().sum::<f32>() / cpu.len().max(1) as f32;
        let timer = app.frame_timer();
        eprintln!(
            "ui-frame-time: eframe cpu mean {mean:.2} ms, p50 {:.2} ms, p95 {:.2} ms over {} frames while training; ui() mean {:.2} ms, p95 {:.2} ms",
            percentile(50),
            percentile(95),
            cpu.len(),
            timer.mean_ms(),
            timer.p95_ms()
        );
    }
}

pub(crate) fn save_png(path: &std::path::Path, image: &egui::ColorImage) -> Result<(), String> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, bytes)
        .ok_or_else(|| "screenshot has an unexpected size".to_owned())?;
    buffer
        .save(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A hand-drawn-looking spiral of points for the draw scene.
fn spiral() -> Vec<[f32; 2]> {
    (0..60)
        .map(|i| {
            let t = i as f32 / 60.0 * 3.5 * std::f32::consts::PI;
            let r = 0.05 + 0.11 * t / std::f32::consts::PI;
            [0.5 + r * t.cos(), 0.5 + r * t.sin()]
        })
        .collect()
}
