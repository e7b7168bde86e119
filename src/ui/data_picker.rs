//! The data picker: each preset as a small thumbnail, and draw-your-own mode.

use crate::gan::data::GanRng;
use egui::{Color32, Sense, vec2};
use rand::SeedableRng as _;

use super::settings::{DataChoice, Settings};
use super::theme;
use crate::gan::mnist::{self, idx};
use crate::gan::sampler::Sampler;
use crate::gan::{DataSource, GanConfig, ModelKind, Preset};
use crate::worker::Command;

/// Points in a thumbnail.
const THUMBNAIL_POINTS: usize = 250;

/// Sampled points of every preset and a few real digits, drawn once.
pub struct Thumbnails {
    points: Vec<(Preset, Vec<[f32; 2]>)>,
    digits: Vec<Vec<u8>>,
}

impl Default for Thumbnails {
    fn default() -> Self {
        let mut rng = GanRng::seed_from_u64(7);
        let points = Preset::ALL
            .into_iter()
            .map(|p| {
                let mut flat = Vec::new();
                let sampler = Sampler::Points(DataSource::Preset(p));
                sampler.sample_into(&mut rng, THUMBNAIL_POINTS, &mut flat);
                (p, flat.chunks_exact(2).map(|c| [c[0], c[1]]).collect())
            })
            .collect();
        let digits = idx::bundled()
            .map(|d| (0..4.min(d.len())).map(|i| d.image(i).to_vec()).collect())
            .unwrap_or_default();
        Self { points, digits }
    }
}

/// State of draw-your-own mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DrawMode {
    /// The canvas takes clicks as new points.
    pub active: bool,
}

/// Shows the picker. Choosing a preset trains on it from fresh weights.
pub fn data_picker_ui(
    ui: &mut egui::Ui,
    thumbnails: &Thumbnails,
    settings: &mut Settings,
    draw: &mut DrawMode,
    outbox: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        for (preset, points) in &thumbnails.points {
            let selected = settings.data == DataChoice::Preset(*preset) && !draw.active;
            let clicked = thumbnail_ui(ui, preset.name(), points, selected)
                .on_hover_text(preset_help(*preset))
                .clicked();
            if clicked {
                if settings.data == DataChoice::Mnist {
                    // Back from digits: GAN Lab's 2D defaults instead of the MNIST nets.
                    settings.config = GanConfig::default();
                    outbox.push(Command::SetModel(settings.config.model.clone()));
                    outbox.push(Command::SetHyper(settings.config.hyper.clone()));
                }
                settings.data = DataChoice::Preset(*preset);
                draw.active = false;
                outbox.push(Command::SetData(DataSource::Preset(*preset)));
                outbox.push(Command::Reset);
            }
        }
        let selected = settings.data == DataChoice::Mnist;
        if digits_thumbnail_ui(ui, &thumbnails.digits, selected)
            .on_hover_text("MNIST digits: a grid of generated digits emerges from noise")
            .clicked()
        {
            choose_mnist(settings, draw, outbox);
        }
    });
    if settings.data == DataChoice::Mnist {
        ui.horizontal(|ui| {
            ui.label("MNIST dir");
            ui.add(egui::TextEdit::singleline(&mut settings.mnist_dir).desired_width(150.0).hint_text("bundled 10 000"))
                .on_hover_text("A directory with the standard MNIST IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz]); empty = the 10 000 bundled digits.");
            if ui.button("Load").clicked() {
                outbox.push(Command::SetData(settings.data_source()));
                outbox.push(Command::Reset);
            }
        });
    }
    ui.horizontal(|ui| {
        if ui
            .selectable_label(draw.active, "Draw your own")
            .on_hover_text("Click or drag on the canvas to place real samples, then press Play or 'Train on drawn points'.")
            .clicked()
        {
            draw.active = !draw.active;
        }
        if draw.active {
            if ui.button("Clear").clicked() {
                settings.drawn_points.clear();
            }
            let ready = !settings.drawn_points.is_empty();
            if ui.add_enabled(ready, egui::Button::new("Train on drawn points")).clicked() {
                apply_drawn_points(settings, draw, outbox);
            }
            ui.label(format!("{} points", settings.drawn_points.len()));
        }
    });
    if let DataChoice::Preset(preset) = settings.data
        && !draw.active
        && ui
            .button("Recommended settings")
            .on_hover_text(
                "Load a configuration that trains this data well from scratch (Adam, wider nets).",
            )
            .clicked()
    {
        let config = preset.recommended_config();
        settings.config = config.clone();
        outbox.push(Command::SetModel(config.model));
        outbox.push(Command::SetHyper(config.hyper));
        outbox.push(Command::Reset);
    }
}

/// Switches training to the drawn points, from fresh weights.
pub fn apply_drawn_points(settings: &mut Settings, draw: &mut DrawMode, outbox: &mut Vec<Command>) {
    if settings.drawn_points.is_empty() {
        return;
    }
    settings.data = DataChoice::Drawn;
    draw.active = false;
    outbox.push(Command::SetData(DataSource::Drawn(
        settings.drawn_points.clone(),
    )));
    outbox.push(Command::Reset);
}

fn preset_help(preset: Preset) -> &'static str {
    match preset {
        Preset::Gaussians => "Two gaussians (GAN Lab's default)",
        Preset::Line => "A noisy line segment",
        Preset::Ring => "A noisy continuous ring",
        Preset::Disjoint => "Three small disjoint blobs",
        Preset::Ring8 => "Eight gaussians on a circle: watch for mode collapse",
        Preset::Grid25 => "A 5×5 grid of gaussians: the hard mode-collapse benchmark",
    }
}

/// A clickable 52-pixel tile: `background`, then `paint` into the square, then the
/// selection frame and the name beneath.
fn tile_ui(
    ui: &mut egui::Ui,
    name: &str,
    selected: bool,
    background: Color32,
    paint: impl FnOnce(&egui::Painter, egui::Rect),
) -> egui::Response {
    let size = 52.0;
    let (rect, response) = ui.allocate_exact_size(vec2(size, size + 14.0), Sense::click());
    let square = egui::Rect::from_min_size(rect.min, vec2(size, size));
    let painter = ui.painter_at(rect);
    painter.rect_filled(square, 3.0, background);
    paint(&painter, square);
    let stroke = if selected {
        egui::Stroke::new(2.5, theme::D_FLOW)
    } else if response.hovered() {
        egui::Stroke::new(1.5, Color32::DARK_GRAY)
    } else {
        egui::Stroke::new(1.0, Color32::LIGHT_GRAY)
    };
    painter.rect_stroke(square, 3.0, stroke, egui::StrokeKind::Inside);
    painter.text(
        egui::pos2(rect.center().x, rect.bottom()),
        egui::Align2::CENTER_BOTTOM,
        name,
        egui::FontId::proportional(11.0),
        ui.visuals().text_color(),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    response
}

fn thumbnail_ui(
    ui: &mut egui::Ui,
    name: &str,
    points: &[[f32; 2]],
    selected: bool,
) -> egui::Response {
    tile_ui(ui, name, selected, Color32::WHITE, |painter, square| {
        for p in points {
            let pos = egui::pos2(
                square.left() + p[0] * square.width(),
                square.bottom() - p[1] * square.height(),
            );
            painter.circle_filled(pos, 1.0, theme::REAL);
        }
    })
}

/// Switches to MNIST digits with the fast MLP GAN's configuration, fresh weights.
pub fn choose_mnist(settings: &mut Settings, draw: &mut DrawMode, outbox: &mut Vec<Command>) {
    settings.data = DataChoice::Mnist;
    draw.active = false;
    settings.config = mnist::recommended_config(ModelKind::Mlp);
    outbox.push(Command::SetData(settings.data_source()));
    outbox.push(Command::SetModel(settings.config.model.clone()));
    outbox.push(Command::SetHyper(settings.config.hyper.clone()));
    outbox.push(Command::Reset);
}

fn digits_thumbnail_ui(ui: &mut egui::Ui, digits: &[Vec<u8>], selected: bool) -> egui::Response {
    tile_ui(ui, "mnist", selected, Color32::BLACK, |painter, square| {
        let half = square.width() / 2.0;
        let cell = half / 28.0;
        for (k, digit) in digits.iter().enumerate().take(4) {
            let origin = square.min + vec2((k % 2) as f32 * half, (k / 2) as f32 * half);
            for (p, &v) in digit.iter().enumerate().filter(|(_, v)| **v > 40) {
                let min = origin + vec2((p % 28) as f32 * cell, (p / 28) as f32 * cell);
                let pixel = egui::Rect::from_min_size(min, vec2(cell, cell));
                painter.rect_filled(pixel, 0.0, Color32::from_gray(v));
            }
        }
    })
}
