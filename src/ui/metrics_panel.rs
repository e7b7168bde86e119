//! The live figures beside the charts: losses, KL, JS and mode coverage.

use crate::worker::Frame;

/// Shows the current figures.
pub fn metrics_ui(ui: &mut egui::Ui, frame: Option<&Frame>) {
    let Some(frame) = frame else {
        ui.label("waiting for the first snapshot…");
        return;
    };
    let s = &frame.snapshot;
    let fmt = super::model_graph::fmt_loss;
    egui::Grid::new("metrics").num_columns(4).show(ui, |ui| {
        ui.label("D loss");
        ui.monospace(fmt(s.losses.loss_d));
        ui.label("G loss");
        ui.monospace(fmt(s.losses.loss_g));
        ui.end_row();
        if let (Some(kl), Some(js)) = (s.metrics.kl, s.metrics.js) {
            ui.label("KL").on_hover_text(
                "KL(real || fake) in bits on a 30×30 histogram of 4 096 fakes vs 20 000 reals.",
            );
            ui.monospace(format!("{kl:.4}"));
            ui.label("JS").on_hover_text(
                "Jensen–Shannon divergence in bits: 0 = same distribution, 1 = disjoint.",
            );
            ui.monospace(format!("{js:.4}"));
            ui.end_row();
        }
        if let Some(m) = &s.metrics.modes {
            ui.label("Modes")
                .on_hover_text("Modes with at least 1% of fakes within 3σ of their centre.");
            ui.monospace(format!("{}/{}", m.covered_count(), m.total()));
            ui.label("Quality")
                .on_hover_text("Share of fakes within 3σ of some mode.");
            ui.monospace(format!("{:.0}%", 100.0 * m.quality));
            ui.end_row();
        }
    });
}
