//! The MNIST view: the live grid of digits generated from fixed noise, real digits
//! beside it, the classifier's class histogram, a zoom on any digit, and a strip of
//! the grid at milestones of training.

use egui::{Color32, ColorImage, Rect, Sense, TextureHandle, TextureOptions, pos2, vec2};

use crate::gan::Counters;
use crate::gan::snapshot::{DigitSnapshot, Snapshot};

/// Iterations at which the grid is kept for the history strip.
const MILESTONES: [u64; 14] = [
    0, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
];
const SIDE: usize = 28;

/// Textures and state of the digit view (kept by the app between frames).
#[derive(Default)]
pub struct DigitView {
    fake: Option<TextureHandle>,
    real: Option<TextureHandle>,
    shown: Option<Counters>,
    grid_side: usize,
    strip: Vec<(u64, TextureHandle)>,
    zoom: Option<Vec<u8>>,
}

impl DigitView {
    /// Forgets the history strip (training restarted).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The iterations of the milestone strip's grids, oldest first.
    pub fn milestones(&self) -> Vec<u64> {
        self.strip.iter().map(|(it, _)| *it).collect()
    }

    fn update(&mut self, ctx: &egui::Context, s: &Snapshot, digits: &DigitSnapshot, past: bool) {
        // Time travel leaves the strip alone while it shows the past; a rewind or a
        // reset cuts it back to the iteration the run goes on from.
        if !past {
            self.strip.retain(|(it, _)| *it <= s.counters.iteration);
        }
        if self.shown == Some(s.counters) {
            return;
        }
        let side = (digits.fake.len() as f64).sqrt().ceil().max(1.0) as usize;
        self.grid_side = side;
        let fake = atlas(&digits.fake, side);
        let real = atlas(&digits.real, 2);
        set_texture(ctx, &mut self.fake, "digits_fake", fake.clone());
        set_texture(ctx, &mut self.real, "digits_real", real);
        let iteration = s.counters.iteration;
        let next = MILESTONES
            .iter()
            .find(|&&m| self.strip.last().is_none_or(|(it, _)| m > *it));
        if !past && next.is_some_and(|&m| iteration >= m) {
            let texture = ctx.load_texture(
                format!("digits_strip_{iteration}"),
                fake,
                TextureOptions::NEAREST,
            );
            self.strip.push((iteration, texture));
        }
        self.shown = Some(s.counters);
    }
}

/// Lays digits out in a grid `columns` wide, one dark pixel between cells.
fn atlas(digits: &[Vec<u8>], columns: usize) -> ColorImage {
    let columns = columns.max(1);
    let rows = digits.len().div_ceil(columns).max(1);
    let (w, h) = (columns * (SIDE + 1) + 1, rows * (SIDE + 1) + 1);
    let mut pixels = vec![Color32::from_gray(70); w * h];
    for (k, digit) in digits.iter().enumerate() {
        let (x0, y0) = (
            (k % columns) * (SIDE + 1) + 1,
            (k / columns) * (SIDE + 1) + 1,
        );
        for (p, &v) in digit.iter().enumerate().take(SIDE * SIDE) {
            pixels[(y0 + p / SIDE) * w + x0 + p % SIDE] = Color32::from_gray(v);
        }
    }
    ColorImage::new([w, h], pixels)
}

fn set_texture(
    ctx: &egui::Context,
    slot: &mut Option<TextureHandle>,
    name: &str,
    image: ColorImage,
) {
    match slot {
        Some(texture) => texture.set(image, TextureOptions::NEAREST),
        None => *slot = Some(ctx.load_texture(name, image, TextureOptions::NEAREST)),
    }
}

/// Shows the digit view for a snapshot that has digits (`past`: a checkpoint shown
/// by the time-travel scrubber, which leaves the milestone strip as it is).
pub fn digits_ui(ui: &mut egui::Ui, view: &mut DigitView, s: &Snapshot, past: bool) {
    let Some(digits) = &s.digits else {
        return;
    };
    view.update(ui.ctx(), s, digits, past);
    let width = ui.available_width();
    let grid_px = (width * 0.55).min(ui.available_height() * 0.6).max(140.0);
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.label(egui::RichText::new("Generated (fixed noise; click to zoom)").strong());
            if let Some(texture) = &view.fake {
                let response = ui.add(
                    egui::Image::new((texture.id(), vec2(grid_px, grid_px))).sense(Sense::click()),
                );
                if response.clicked()
                    && let Some(pos) = response.interact_pointer_pos()
                {
                    let cell = grid_px / view.grid_side as f32;
                    let (i, j) = (
                        ((pos.x - response.rect.left()) / cell) as usize,
                        ((pos.y - response.rect.top()) / cell) as usize,
                    );
                    view.zoom = digits.fake.get(j * view.grid_side + i).cloned();
                }
            }
        });
        ui.vertical(|ui| {
            ui.label(egui::RichText::new("Real digits").strong());
            if let Some(texture) = &view.real {
                let w = grid_px * 0.5;
                ui.image((texture.id(), vec2(w, w * 2.0)));
            }
        });
    });
    if let Some(classes) = &digits.classes {
        class_histogram_ui(ui, &classes.histogram);
        ui.label(format!(
            "{} of 10 digit classes made · mean confidence {:.2} · score {:.2} (1 = one class or unsure, 10 = every class, confidently)",
            classes.classes_covered(),
            classes.mean_confidence,
            classes.score
        ));
    }
    if !view.strip.is_empty() {
        ui.label(egui::RichText::new("The grid over training").strong());
        egui::ScrollArea::horizontal().show(ui, |ui| {
            ui.horizontal(|ui| {
                for (iteration, texture) in &view.strip {
                    ui.vertical(|ui| {
                        ui.image((texture.id(), vec2(72.0, 72.0)));
                        ui.small(format!("it {iteration}"));
                    });
                }
            });
        });
    }
    let mut open = view.zoom.is_some();
    if let Some(zoomed) = view.zoom.clone() {
        egui::Window::new("Zoomed digit")
            .open(&mut open)
            .resizable(false)
            .show(ui.ctx(), |ui| {
                let (rect, _) = ui.allocate_exact_size(vec2(280.0, 280.0), Sense::hover());
                let painter = ui.painter_at(rect);
                let cell = rect.width() / SIDE as f32;
                for (p, &v) in zoomed.iter().enumerate() {
                    let min = rect.min + vec2((p % SIDE) as f32 * cell, (p / SIDE) as f32 * cell);
                    painter.rect_filled(
                        Rect::from_min_size(min, vec2(cell, cell)),
                        0.0,
                        Color32::from_gray(v),
                    );
                }
            });
    }
    if !open {
        view.zoom = None;
    }
}

/// Bars of the predicted class counts; a missing class (mode collapse) shows empty.
fn class_histogram_ui(ui: &mut egui::Ui, histogram: &[u32; 10]) {
    let total: u32 = histogram.iter().sum::<u32>().max(1);
    let (rect, _) =
        ui.allocate_exact_size(vec2(ui.available_width().min(420.0), 90.0), Sense::hover());
    let painter = ui.painter_at(rect);
    let bar = rect.width() / 10.0;
    let max = *histogram.iter().max().unwrap_or(&1) as f32;
    for (d, &count) in histogram.iter().enumerate() {
        let h = (rect.height() - 16.0) * count as f32 / max.max(1.0);
        let x = rect.left() + d as f32 * bar;
        let colour =
            if count as f32 / total as f32 >= crate::gan::mnist::quality::CLASS_COVERED_SHARE {
                super::theme::D_FLOW
            } else {
                super::theme::MODE_MISSED
            };
        painter.rect_filled(
            Rect::from_min_max(
                pos2(x + 2.0, rect.bottom() - 16.0 - h),
                pos2(x + bar - 2.0, rect.bottom() - 16.0),
            ),
            2.0,
            colour,
        );
        painter.text(
            pos2(x + bar / 2.0, rect.bottom()),
            egui::Align2::CENTER_BOTTOM,
            d.to_string(),
            egui::FontId::proportional(12.0),
            ui.visuals().text_color(),
        );
    }
}
