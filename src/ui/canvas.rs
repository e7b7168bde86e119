//! The data-space canvas: the big square where real and fake samples, the
//! discriminator's heatmap, the generator manifold and gradient arrows are drawn.

use egui::{Color32, Pos2, Rect, Sense, Shape, Stroke, pos2, vec2};

use super::settings::Layers;
use super::theme;
use crate::gan::NoiseKind;
use crate::gan::snapshot::{Manifold, Snapshot};

/// Data units of arrow per unit of gradient (GAN Lab's 0.15), and the longest arrow.
const ARROW_SCALE: f32 = 0.15;
const ARROW_MAX: f32 = 0.08;
/// Drawn points closer than this to the previous one are skipped while dragging.
const DRAW_SPACING: f32 = 0.015;

/// Maps the unit square onto a screen rectangle (y up).
#[derive(Clone, Copy, Debug)]
pub struct CanvasTransform {
    /// The square on screen.
    pub rect: Rect,
}

impl CanvasTransform {
    /// Screen position of a data point.
    pub fn screen_from_data(&self, p: [f32; 2]) -> Pos2 {
        pos2(
            self.rect.left() + p[0] * self.rect.width(),
            self.rect.bottom() - p[1] * self.rect.height(),
        )
    }

    /// Data point under a screen position.
    pub fn data_from_screen(&self, p: Pos2) -> [f32; 2] {
        [
            (p.x - self.rect.left()) / self.rect.width(),
            (self.rect.bottom() - p.y) / self.rect.height(),
        ]
    }
}

/// Shows the canvas. With `drawing`, clicks and drags add points to it; returns
/// whether they changed.
pub fn canvas_ui(
    ui: &mut egui::Ui,
    heatmap: &mut HeatmapTexture,
    snapshot: Option<&Snapshot>,
    layers: &Layers,
    noise: NoiseKind,
    drawing: Option<&mut Vec<[f32; 2]>>,
) -> bool {
    let side = ui.available_width().min(ui.available_height()).max(120.0);
    let sense = if drawing.is_some() {
        Sense::click_and_drag()
    } else {
        Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(vec2(side, side), sense);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Data canvas"));
    let t = CanvasTransform { rect };
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);

    if let Some(s) = snapshot {
        if layers.heatmap {
            heatmap.paint(&painter, rect, s);
        }
        if layers.manifold {
            manifold(&painter, &t, &s.manifold, noise);
        }
        if layers.real && drawing.is_none() {
            for &p in &s.real {
                painter.circle_filled(t.screen_from_data(p), 2.5, theme::REAL);
            }
        }
        if layers.modes {
            modes(&painter, &t, s);
        }
        if layers.gradients {
            arrows(&painter, &t, s);
        }
        if layers.fake {
            for &p in &s.fake {
                painter.circle_filled(t.screen_from_data(p), 2.5, theme::FAKE);
            }
        }
    }
    painter.rect_stroke(
        rect,
        0.0,
        Stroke::new(1.0, Color32::GRAY),
        egui::StrokeKind::Inside,
    );

    let mut changed = false;
    if let Some(points) = drawing {
        if let Some(pointer) = response.interact_pointer_pos() {
            let p = t.data_from_screen(pointer);
            let inside = (0.0..=1.0).contains(&p[0]) && (0.0..=1.0).contains(&p[1]);
            let far = points
                .last()
                .is_none_or(|q| (q[0] - p[0]).hypot(q[1] - p[1]) > DRAW_SPACING);
            if inside && (response.clicked() || (response.dragged() && far)) {
                points.push(p);
                changed = true;
            }
        }
        for &p in points.iter() {
            painter.circle_filled(t.screen_from_data(p), 3.0, theme::REAL);
        }
        if points.is_empty() {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Click or drag here to place real samples",
                egui::FontId::proportional(15.0),
                Color32::DARK_GRAY,
            );
        }
    } else if let (Some(pointer), Some(s)) = (response.hover_pos(), snapshot) {
        let p = t.data_from_screen(pointer);
        let tip = probability_at(s, p).map_or(String::new(), |d| {
            format!(
                "({:.2}, {:.2})  D(x) = {d:.2}: looks {}",
                p[0],
                p[1],
                if d >= 0.5 { "real" } else { "fake" }
            )
        });
        response.on_hover_text_at_pointer(tip);
    }
    changed
}

fn probability_at(s: &Snapshot, p: [f32; 2]) -> Option<f32> {
    let n = s.heatmap.cells;
    let cell = |v: f32| ((v * n as f32).floor() as isize).clamp(0, n as isize - 1) as usize;
    (n > 0)
        .then(|| s.heatmap.values.get(cell(p[0]) + n * cell(p[1])).copied())
        .flatten()
}

/// The discriminator heatmap as a texture, re-uploaded only when a new snapshot
/// arrives; drawn with linear filtering, so the field looks continuous and costs one
/// quad instead of a rectangle per cell.
#[derive(Default)]
pub struct HeatmapTexture {
    texture: Option<egui::TextureHandle>,
    shown: Option<(crate::gan::Counters, Vec<f32>)>,
}

impl HeatmapTexture {
    fn paint(&mut self, painter: &egui::Painter, rect: Rect, s: &Snapshot) {
        let n = s.heatmap.cells;
        if n == 0 || s.heatmap.values.len() != n * n {
            return;
        }
        let fresh = self.shown.as_ref().is_none_or(|(counters, values)| {
            *counters != s.counters || *values != s.heatmap.values
        });
        if fresh || self.texture.is_none() {
            // Texture rows go top-down; heatmap rows bottom-up.
            let pixels = (0..n)
                .rev()
                .flat_map(|j| (0..n).map(move |i| (i, j)))
                .map(|(i, j)| theme::heatmap_colour(s.heatmap.values[i + n * j]))
                .collect();
            let image = egui::ColorImage::new([n, n], pixels);
            match &mut self.texture {
                Some(texture) => texture.set(image, egui::TextureOptions::LINEAR),
                None => {
                    self.texture = Some(painter.ctx().load_texture(
                        "heatmap",
                        image,
                        egui::TextureOptions::LINEAR,
                    ));
                }
            }
            self.shown = Some((s.counters, s.heatmap.values.clone()));
        }
        if let Some(texture) = &self.texture {
            let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
            painter.image(texture.id(), rect, uv, Color32::WHITE);
        }
    }
}

fn manifold(painter: &egui::Painter, t: &CanvasTransform, manifold: &Manifold, noise: NoiseKind) {
    match manifold {
        Manifold::None => {}
        Manifold::Line(points) => {
            let line: Vec<Pos2> = points.iter().map(|&p| t.screen_from_data(p)).collect();
            painter.add(Shape::line(line, Stroke::new(2.0, theme::MANIFOLD)));
        }
        Manifold::Grid { side, points } => {
            let side = *side;
            let row = side + 1;
            if points.len() != row * row {
                return;
            }
            let quads: Vec<[[f32; 2]; 4]> = (0..side * side)
                .map(|c| {
                    let idx = c % side + row * (c / side);
                    [
                        points[idx],
                        points[idx + 1],
                        points[idx + 1 + row],
                        points[idx + row],
                    ]
                })
                .collect();
            let areas: Vec<f32> = quads.iter().map(shoelace).collect();
            let mean_area = areas.iter().sum::<f32>() / areas.len().max(1) as f32;
            // Noise mass of each lattice cell: flat for uniform, the gaussian pdf at the
            // cell centre for gaussian noise (the lattice spans ±2σ).
            let weights: Vec<f32> = (0..side * side)
                .map(|c| match noise {
                    NoiseKind::Uniform => 1.0,
                    NoiseKind::Gaussian => {
                        let centre = |k: usize| -2.0 + 4.0 * (k as f32 + 0.5) / side as f32;
                        let (u, v) = (centre(c % side), centre(c / side));
                        (-(u * u + v * v) / 2.0).exp()
                    }
                })
                .collect();
            let mean_weight = weights.iter().sum::<f32>() / weights.len().max(1) as f32;
            for ((quad, area), weight) in quads.iter().zip(&areas).zip(&weights) {
                let density = (weight / mean_weight) / (area / mean_area).max(1e-3);
                let alpha = (0.08 + 0.25 * density).clamp(0.05, 0.6);
                let corners: Vec<Pos2> = quad.iter().map(|&p| t.screen_from_data(p)).collect();
                painter.add(Shape::convex_polygon(
                    corners,
                    theme::MANIFOLD.gamma_multiply(alpha),
                    Stroke::new(0.5, Color32::from_gray(160).gamma_multiply(0.25)),
                ));
            }
        }
    }
}

fn shoelace(q: &[[f32; 2]; 4]) -> f32 {
    let mut twice = 0.0;
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        twice += a[0] * b[1] - b[0] * a[1];
    }
    0.5 * twice.abs()
}

fn arrows(painter: &egui::Painter, t: &CanvasTransform, s: &Snapshot) {
    let stroke = Stroke::new(1.2, theme::GRADIENT);
    for (&p, &g) in s.fake.iter().zip(&s.fake_gradients) {
        let mut d = [g[0] * ARROW_SCALE, g[1] * ARROW_SCALE];
        let length = d[0].hypot(d[1]);
        if !length.is_finite() || length < 1e-4 {
            continue;
        }
        if length > ARROW_MAX {
            d = [d[0] * ARROW_MAX / length, d[1] * ARROW_MAX / length];
        }
        let from = t.screen_from_data(p);
        let to = t.screen_from_data([p[0] + d[0], p[1] + d[1]]);
        painter.line_segment([from, to], stroke);
    }
}

fn modes(painter: &egui::Painter, t: &CanvasTransform, s: &Snapshot) {
    let covered = s
        .metrics
        .modes
        .as_ref()
        .map(|m| m.covered.clone())
        .unwrap_or_default();
    for (i, mode) in s.modes.iter().enumerate() {
        let colour = if covered.get(i).copied().unwrap_or(false) {
            theme::MODE_COVERED
        } else {
            theme::MODE_MISSED
        };
        let radius = 3.0 * mode.sigma * t.rect.width();
        painter.circle_stroke(
            t.screen_from_data(mode.centre),
            radius,
            Stroke::new(1.0, colour),
        );
    }
}

/// The row of checkboxes that show or hide each canvas layer.
pub fn layer_toggles_ui(ui: &mut egui::Ui, layers: &mut Layers) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Show:");
        ui.checkbox(&mut layers.real, "Real samples");
        ui.checkbox(&mut layers.fake, "Fake samples");
        ui.checkbox(&mut layers.heatmap, "Discriminator heatmap")
            .on_hover_text("D's probability that a point is real: green = real, purple = fake.");
        ui.checkbox(&mut layers.manifold, "Generator manifold")
            .on_hover_text(
                "How G maps a lattice over noise space: darker cells pack more samples.",
            );
        ui.checkbox(&mut layers.gradients, "Gradients")
            .on_hover_text("dD/dx at each fake sample: the direction the generator will move it.");
        ui.checkbox(&mut layers.modes, "Modes")
            .on_hover_text("Rings at 3σ around known modes: green when covered by ≥1% of fakes.");
    });
}
