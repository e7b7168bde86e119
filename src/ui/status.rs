//! Status: the banner that explains divergence and crashes (with what to try), and the
//! status bar with live speed and the UI's own frame time.

use std::time::Duration;

use super::settings::Settings;
use crate::gan::{Divergence, Network};
use crate::worker::{Command, Event, Frame};

/// A message the person must see until they dismiss or act on it.
#[derive(Clone, Debug, PartialEq)]
pub enum Banner {
    /// Training diverged and paused.
    Diverged(Divergence),
    /// The worker crashed.
    Crashed(String),
    /// A command was refused.
    Rejected(String),
    /// Good news: a save, load or export finished.
    Info(String),
}

impl Banner {
    /// The banner for a worker event (none for good news).
    pub fn from_event(event: Event) -> Option<Self> {
        match event {
            Event::Diverged(d) => Some(Self::Diverged(d)),
            Event::Crashed(message) => Some(Self::Crashed(message)),
            Event::Rejected(message) => Some(Self::Rejected(message)),
            Event::Done(message) => Some(Self::Info(message)),
            Event::Loaded { path, .. } => Some(Self::Info(format!(
                "session loaded from {}; press play to go on",
                path.display()
            ))),
            Event::Restarted | Event::Rewound { .. } => None,
        }
    }
}

/// Shows the banner; returns `false` once dismissed.
pub fn banner_ui(
    ui: &mut egui::Ui,
    banner: &Banner,
    settings: &mut Settings,
    outbox: &mut Vec<Command>,
) -> bool {
    let mut keep = true;
    let fill = egui::Color32::from_rgb(255, 236, 230);
    egui::Frame::new().fill(fill).inner_margin(8.0).corner_radius(4.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match banner {
            Banner::Diverged(d) => {
                ui.label(egui::RichText::new(format!("{d}.")).strong().color(egui::Color32::DARK_RED));
                ui.label("Training is paused; both networks are back at that healthy checkpoint.");
                let other = match d.network {
                    Network::Generator => "generator",
                    Network::Discriminator => "discriminator",
                };
                ui.label(format!(
                    "What to try: a lower learning rate (the {other}'s first), Adam instead of SGD, or the non-saturating loss."
                ));
                ui.horizontal(|ui| {
                    if ui.button("Lower learning rates ×0.1").clicked() {
                        settings.config.hyper.lr_d *= 0.1;
                        settings.config.hyper.lr_g *= 0.1;
                        outbox.push(Command::SetHyper(settings.config.hyper.clone()));
                        keep = false;
                    }
                    if ui.button("Reset weights").clicked() {
                        outbox.push(Command::Reset);
                        keep = false;
                    }
                    if ui.button("Dismiss").clicked() {
                        keep = false;
                    }
                });
            }
            Banner::Crashed(message) => {
                ui.label(
                    egui::RichText::new(format!("The training worker crashed: {message}"))
                        .strong()
                        .color(egui::Color32::DARK_RED),
                );
                ui.label("The window is fine; restart the worker to go on (from the last settings).");
                if ui.button("Restart worker").clicked() {
                    outbox.push(Command::Restart);
                    keep = false;
                }
            }
            Banner::Rejected(message) => {
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(format!("Not applied: {message}")).color(egui::Color32::DARK_RED));
                    if ui.button("Dismiss").clicked() {
                        keep = false;
                    }
                });
            }
            Banner::Info(message) => {
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(message).color(egui::Color32::DARK_GREEN));
                    if ui.button("Dismiss").clicked() {
                        keep = false;
                    }
                });
            }
        }
    });
    keep
}

/// Running statistics of the UI's own per-frame CPU time.
#[derive(Clone, Debug, Default)]
pub struct FrameTimer {
    samples: Vec<f32>,
}

impl FrameTimer {
    /// Records one frame's CPU time.
    pub fn record(&mut self, elapsed: Duration) {
        if self.samples.len() >= 600 {
            self.samples.remove(0);
        }
        self.samples.push(elapsed.as_secs_f32() * 1000.0);
    }

    /// Mean over the recent frames, in milliseconds.
    pub fn mean_ms(&self) -> f32 {
        self.samples.iter().sum::<f32>() / self.samples.len().max(1) as f32
    }

    /// 95th percentile over the recent frames, in milliseconds.
    pub fn p95_ms(&self) -> f32 {
        let mut sorted = self.samples.clone();
        sorted.sort_by(f32::total_cmp);
        sorted.get(sorted.len() * 95 / 100).copied().unwrap_or(0.0)
    }

    /// Frames recorded.
    pub fn count(&self) -> usize {
        self.samples.len()
    }
}

/// The status bar.
pub fn status_bar_ui(ui: &mut egui::Ui, frame: Option<&Frame>, timer: &FrameTimer) {
    ui.horizontal(|ui| {
        match frame {
            Some(f) => {
                ui.label(if f.playing { "training" } else { "paused" });
                ui.separator();
                ui.label(format!("{:.0} it/s", f.steps_per_sec))
                    .on_hover_text("Training iterations per second, measured by the worker.");
                ui.separator();
                let c = f.snapshot.counters;
                ui.label(format!("{} D / {} G updates", c.d_updates, c.g_updates));
                ui.separator();
                ui.label(format!("backend {}", f.backend.name()));
                ui.separator();
                ui.label(format!("data {}", f.data.name()));
            }
            None => {
                ui.label("starting the training worker…");
            }
        }
        ui.separator();
        ui.label(format!("UI {:.1} ms/frame", timer.mean_ms()))
            .on_hover_text(
                "CPU time the window spends building each frame (mean of the last 600 frames).",
            );
    });
}
