//! The File menu: sessions (open, save), exports (canvas or digit grid as PNG, metric
//! history as CSV, generated samples) through native dialogs (`rfd`). Dialogs and
//! file writes run on short-lived threads, so the window never waits for them.

use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender, unbounded};

use super::history::MetricHistory;
use crate::gan::export::export_history;
use crate::worker::Command;

/// How many samples "Export samples" writes.
pub const EXPORTED_SAMPLES: usize = 1000;

/// What a chosen file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileAction {
    /// Replace the run with a saved session.
    OpenSession,
    /// Save the whole session.
    SaveSession,
    /// The canvas (or digit grid) as it is drawn, as PNG.
    ExportCanvas,
    /// The metric history as CSV.
    ExportHistory,
    /// Generated samples: CSV points or IDX digits.
    ExportSamples,
}

/// Something finished off the UI thread.
#[derive(Debug)]
pub enum FileNews {
    /// A path was picked in a dialog.
    Picked(FileAction, PathBuf),
    /// A write finished: what was written, or why it failed.
    Written(Result<String, String>),
}

/// The File menu's state: the channel dialogs and writers report through.
pub struct FileMenu {
    tx: Sender<FileNews>,
    rx: Receiver<FileNews>,
    /// Where the canvas was last drawn, in points (cropped out of a screenshot).
    pub canvas_rect: Option<egui::Rect>,
}

impl Default for FileMenu {
    fn default() -> Self {
        let (tx, rx) = unbounded();
        Self {
            tx,
            rx,
            canvas_rect: None,
        }
    }
}

impl FileMenu {
    /// Shows the menu button; a chosen entry opens its dialog on another thread.
    pub fn menu_ui(&self, ui: &mut egui::Ui, digits: bool) {
        ui.menu_button("File", |ui| {
            if ui.button("Open session…").clicked() {
                self.pick(FileAction::OpenSession, digits);
            }
            if ui
                .button("Save session…")
                .on_hover_text("Config, data (drawn points too), weights, optimizer state and the metric history, in one file.")
                .clicked()
            {
                self.pick(FileAction::SaveSession, digits);
            }
            ui.separator();
            let canvas = if digits { "Export digit grid (PNG)…" } else { "Export canvas (PNG)…" };
            if ui.button(canvas).clicked() {
                self.pick(FileAction::ExportCanvas, digits);
            }
            if ui.button("Export metric history (CSV)…").clicked() {
                self.pick(FileAction::ExportHistory, digits);
            }
            let samples = if digits {
                "Export 1 000 generated digits (IDX / PNG)…"
            } else {
                "Export 1 000 generated samples (CSV)…"
            };
            if ui.button(samples).clicked() {
                self.pick(FileAction::ExportSamples, digits);
            }
        });
    }

    /// Opens the native dialog for `action` on a thread of its own (`digits`: the
    /// run draws digits, so samples are IDX or PNG rather than CSV).
    pub fn pick(&self, action: FileAction, digits: bool) {
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new();
            let chosen = match action {
                FileAction::OpenSession => {
                    dialog.add_filter("ganvas session", &["ganvas"]).pick_file()
                }
                FileAction::SaveSession => dialog
                    .add_filter("ganvas session", &["ganvas"])
                    .set_file_name("session.ganvas")
                    .save_file(),
                FileAction::ExportCanvas => dialog
                    .add_filter("PNG image", &["png"])
                    .set_file_name("canvas.png")
                    .save_file(),
                FileAction::ExportHistory => dialog
                    .add_filter("CSV", &["csv"])
                    .set_file_name("history.csv")
                    .save_file(),
                FileAction::ExportSamples if digits => dialog
                    .add_filter("IDX3 digits", &["idx", "gz"])
                    .add_filter("PNG grid", &["png"])
                    .set_file_name("generated.idx")
                    .save_file(),
                FileAction::ExportSamples => dialog
                    .add_filter("CSV points", &["csv"])
                    .set_file_name("generated.csv")
                    .save_file(),
            };
            if let Some(path) = chosen {
                tx.send(FileNews::Picked(action, path)).ok();
            }
        });
    }

    /// Everything that finished since the last frame (never blocks).
    pub fn drain(&self) -> Vec<FileNews> {
        self.rx.try_iter().collect()
    }

    /// Carries out a picked action: a command for the worker, or a write here.
    pub fn act(
        &self,
        ctx: &egui::Context,
        action: FileAction,
        path: PathBuf,
        history: &MetricHistory,
        outbox: &mut Vec<Command>,
    ) {
        match action {
            FileAction::OpenSession => outbox.push(Command::LoadSession(path)),
            FileAction::SaveSession => outbox.push(Command::SaveSession {
                path,
                history: history.points.clone(),
            }),
            FileAction::ExportSamples => outbox.push(Command::ExportSamples {
                path,
                count: EXPORTED_SAMPLES,
            }),
            FileAction::ExportHistory => {
                let points = history.points.clone();
                let tx = self.tx.clone();
                std::thread::spawn(move || {
                    let result = export_history(&path, &points)
                        .map(|()| format!("wrote {} rows to {}", points.len(), path.display()))
                        .map_err(|e| e.to_string());
                    tx.send(FileNews::Written(result)).ok();
                });
            }
            FileAction::ExportCanvas => self.export_canvas(ctx, path),
        }
    }

    /// Screenshots the window and saves the canvas's part of it.
    fn export_canvas(&self, ctx: &egui::Context, path: PathBuf) {
        let Some(rect) = self.canvas_rect else {
            self.tx
                .send(FileNews::Written(Err("nothing drawn yet".into())))
                .ok();
            return;
        };
        let tx = self.tx.clone();
        let pixels_per_point = ctx.pixels_per_point();
        let callback = egui::ScreenshotCallback::new(move |image: Arc<egui::ColorImage>| {
            let cropped = image.region(&rect, Some(pixels_per_point));
            let result = super::screenshot::save_png(&path, &cropped)
                .map(|()| format!("wrote {}", path.display()));
            tx.send(FileNews::Written(result)).ok();
        });
        ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
    }
}
