//! The model overview: GAN Lab's diagram of noise → generator → fake samples →
//! discriminator ← real samples → prediction → losses, drawn with painter shapes.
//! Clicking a node toggles its canvas layer; in slow motion the running stage lights up.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, pos2, vec2};

use super::settings::Layers;
use super::theme;
use crate::worker::Stage;

/// A box in the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphNode {
    /// Random noise z.
    Noise,
    /// The generator network.
    Generator,
    /// Generated samples.
    Fake,
    /// Samples from the data.
    Real,
    /// The discriminator network.
    Discriminator,
    /// D's prediction (probability of real).
    Prediction,
    /// The discriminator's loss.
    DLoss,
    /// The generator's loss.
    GLoss,
}

impl GraphNode {
    const ALL: [Self; 8] = [
        Self::Noise,
        Self::Generator,
        Self::Fake,
        Self::Real,
        Self::Discriminator,
        Self::Prediction,
        Self::DLoss,
        Self::GLoss,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Noise => "Noise z",
            Self::Generator => "Generator",
            Self::Fake => "Fake samples",
            Self::Real => "Real samples",
            Self::Discriminator => "Discriminator",
            Self::Prediction => "Prediction",
            Self::DLoss => "D loss",
            Self::GLoss => "G loss",
        }
    }

    /// Centre of the node as a fraction of the diagram's rectangle.
    fn position(self) -> [f32; 2] {
        match self {
            Self::Noise => [0.07, 0.28],
            Self::Generator => [0.23, 0.28],
            Self::Fake => [0.41, 0.28],
            Self::Real => [0.41, 0.76],
            Self::Discriminator => [0.59, 0.52],
            Self::Prediction => [0.76, 0.52],
            Self::DLoss => [0.92, 0.28],
            Self::GLoss => [0.92, 0.76],
        }
    }

    fn explanation(self) -> &'static str {
        match self {
            Self::Noise => {
                "Random noise z, the generator's only input. Click: show the generator manifold (how G bends the noise space)."
            }
            Self::Generator => {
                "The generator G: an MLP turning noise into 2D points. It learns to make points D calls real. Click: toggle the manifold layer."
            }
            Self::Fake => "Fake samples G(z) (purple). Click: toggle them on the canvas.",
            Self::Real => {
                "Real samples from the chosen distribution (green). Click: toggle them on the canvas."
            }
            Self::Discriminator => {
                "The discriminator D: an MLP scoring how real a point looks. Its verdict over the whole square is the heatmap (green = real). Click: toggle the heatmap."
            }
            Self::Prediction => "D's probability that each sample is real.",
            Self::DLoss => "D's loss: how badly it tells real from fake. D's update lowers it.",
            Self::GLoss => {
                "G's loss: how well D sees through the fakes. G's update lowers it; the arrows on fake samples show the way it pushes them. Click: toggle the arrows."
            }
        }
    }

    /// The canvas layer this node toggles, if any.
    fn layer(self, layers: &mut Layers) -> Option<&mut bool> {
        match self {
            Self::Noise | Self::Generator => Some(&mut layers.manifold),
            Self::Fake => Some(&mut layers.fake),
            Self::Real => Some(&mut layers.real),
            Self::Discriminator => Some(&mut layers.heatmap),
            Self::GLoss => Some(&mut layers.gradients),
            Self::Prediction | Self::DLoss => None,
        }
    }
}

const EDGES: [(GraphNode, GraphNode); 7] = [
    (GraphNode::Noise, GraphNode::Generator),
    (GraphNode::Generator, GraphNode::Fake),
    (GraphNode::Fake, GraphNode::Discriminator),
    (GraphNode::Real, GraphNode::Discriminator),
    (GraphNode::Discriminator, GraphNode::Prediction),
    (GraphNode::Prediction, GraphNode::DLoss),
    (GraphNode::Prediction, GraphNode::GLoss),
];

/// Nodes lit in a slow-motion stage, and the stage's colour.
fn lit(stage: Stage) -> (&'static [GraphNode], Color32) {
    use GraphNode::*;
    match stage {
        Stage::DiscriminateReal => (&[Real, Discriminator, Prediction], theme::D_FLOW),
        Stage::DiscriminateFake => (
            &[Noise, Generator, Fake, Discriminator, Prediction],
            theme::D_FLOW,
        ),
        Stage::UpdateDiscriminator => (&[Prediction, DLoss, Discriminator], theme::D_FLOW),
        Stage::GeneratorForward => (
            &[Noise, Generator, Fake, Discriminator, Prediction],
            theme::G_FLOW,
        ),
        Stage::UpdateGenerator => (&[Prediction, GLoss, Generator], theme::G_FLOW),
    }
}

/// Shows the diagram; clicking a node toggles its layer.
pub fn model_graph_ui(
    ui: &mut egui::Ui,
    layers: &mut Layers,
    stage: Option<Stage>,
    losses: (Option<f32>, Option<f32>),
) {
    let width = ui.available_width();
    let (rect, _) = ui.allocate_exact_size(vec2(width, 150.0), Sense::hover());
    let painter = ui.painter_at(rect);
    let at = |node: GraphNode| {
        let [fx, fy] = node.position();
        pos2(
            rect.left() + fx * rect.width(),
            rect.top() + fy * rect.height(),
        )
    };
    let node_size = vec2((rect.width() * 0.14).clamp(60.0, 110.0), 34.0);
    let (lit_nodes, lit_colour) = stage.map_or((&[][..], Color32::TRANSPARENT), lit);
    let is_lit = |n: GraphNode| lit_nodes.contains(&n);

    for (from, to) in EDGES {
        let colour = if is_lit(from) && is_lit(to) {
            lit_colour
        } else {
            Color32::GRAY
        };
        let (a, b) = (at(from), at(to));
        let a = edge_point(a, b, node_size);
        let b = edge_point(b, a, node_size);
        painter.arrow(
            a,
            b - a,
            Stroke::new(if colour == Color32::GRAY { 1.0 } else { 3.0 }, colour),
        );
    }

    for node in GraphNode::ALL {
        let node_rect = Rect::from_center_size(at(node), node_size);
        let id = ui.scope_id().with(("graph_node", node.label()));
        let response = ui
            .interact(node_rect, id, Sense::click())
            .on_hover_text(node.explanation());
        if response.clicked()
            && let Some(layer) = node.layer(layers)
        {
            *layer = !*layer;
        }
        let shown = node.layer(&mut layers.clone()).is_some_and(|on| *on);
        let fill = match node {
            GraphNode::Real => theme::REAL.gamma_multiply(if shown { 0.35 } else { 0.08 }),
            GraphNode::Fake | GraphNode::Generator | GraphNode::Noise => {
                theme::FAKE.gamma_multiply(if shown { 0.35 } else { 0.08 })
            }
            _ if shown => Color32::from_gray(215),
            _ => Color32::from_gray(240),
        };
        painter.rect_filled(node_rect, 6.0, fill);
        let stroke = if is_lit(node) {
            Stroke::new(3.0, lit_colour)
        } else if response.hovered() {
            Stroke::new(1.5, Color32::BLACK)
        } else {
            Stroke::new(1.0, Color32::DARK_GRAY)
        };
        painter.rect_stroke(node_rect, 6.0, stroke, egui::StrokeKind::Outside);
        let text = match node {
            GraphNode::DLoss => format!("D loss\n{}", fmt_loss(losses.0)),
            GraphNode::GLoss => format!("G loss\n{}", fmt_loss(losses.1)),
            _ => node.label().to_owned(),
        };
        painter.text(
            node_rect.center(),
            Align2::CENTER_CENTER,
            text,
            FontId::proportional(12.0),
            Color32::BLACK,
        );
    }
    if let Some(stage) = stage {
        painter.text(
            rect.left_bottom() + vec2(4.0, -2.0),
            Align2::LEFT_BOTTOM,
            stage.description(),
            FontId::proportional(12.0),
            lit_colour,
        );
    }
}

/// A loss for display: 4 decimals, scientific once it is huge, a dash before the first.
pub fn fmt_loss(loss: Option<f32>) -> String {
    match loss {
        None => "–".into(),
        Some(l) if l.abs() >= 1e4 => format!("{l:.3e}"),
        Some(l) => format!("{l:.4}"),
    }
}

/// Where the segment from `from` to `to` leaves the box around `from`.
fn edge_point(from: Pos2, to: Pos2, size: egui::Vec2) -> Pos2 {
    let d = to - from;
    let scale_x = if d.x.abs() > 1e-3 {
        (size.x / 2.0) / d.x.abs()
    } else {
        f32::INFINITY
    };
    let scale_y = if d.y.abs() > 1e-3 {
        (size.y / 2.0) / d.y.abs()
    } else {
        f32::INFINITY
    };
    from + d * scale_x.min(scale_y).min(1.0)
}
