//! The live figures beside the charts: losses, KL, JS, and the mode-collapse meter
//! (mode coverage and sample quality, or digit classes and confidence).

use super::settings::{DataChoice, Settings};
use crate::gan::DataSource;
use crate::gan::demos::ModeCollapseDemo;
use crate::worker::{Command, Frame};

/// What mode collapse is, beside the meter.
pub const MODE_COLLAPSE_EXPLANATION: &str = "Mode collapse: the generator finds a few outputs that fool the discriminator and makes only those, dropping the rest of the data. Coverage falls while quality can stay high: the fakes look real but lack variety.";

/// Shows the current figures and the mode-collapse meter.
pub fn metrics_ui(
    ui: &mut egui::Ui,
    frame: Option<&Frame>,
    run_b: Option<&Frame>,
    settings: &mut Settings,
    outbox: &mut Vec<Command>,
) {
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
    });
    let meter = match (&s.metrics.modes, &s.metrics.classes) {
        (Some(m), _) => Some((
            m.covered_count(),
            m.total(),
            "modes covered",
            m.quality,
            "quality: fakes within 3σ of a mode",
        )),
        (None, Some(c)) => Some((
            c.classes_covered(),
            10,
            "digit classes found",
            c.mean_confidence,
            "mean confidence of the digit classifier",
        )),
        (None, None) => None,
    };
    ui.separator();
    ui.label(egui::RichText::new("Mode-collapse meter").strong())
        .on_hover_text(MODE_COLLAPSE_EXPLANATION);
    match meter {
        Some((covered, total, covered_what, quality, quality_what)) => {
            let share = covered as f32 / total.max(1) as f32;
            ui.add(
                egui::ProgressBar::new(share)
                    .text(format!("{covered}/{total} {covered_what}"))
                    .fill(coverage_colour(share)),
            );
            ui.add(
                egui::ProgressBar::new(quality.clamp(0.0, 1.0))
                    .text(format!("{:.0}% {quality_what}", 100.0 * quality)),
            );
        }
        None => {
            ui.weak("Coverage needs known modes: pick Ring of 8, Grid of 25 or MNIST.");
        }
    }
    if let Some(line) = super::compare::meter_line(run_b) {
        ui.colored_label(super::theme::COMPARE, line);
    }
    ui.add(
        egui::Label::new(
            egui::RichText::new(MODE_COLLAPSE_EXPLANATION)
                .small()
                .weak(),
        )
        .wrap(),
    );
    ui.horizontal(|ui| {
        if ui
            .button("Show mode collapse")
            .on_hover_text("Load a run that collapses: Ring of 8 with a discriminator far stronger and faster than its generator (4×256 vs 2×64 neurons, one D step per G step, D's learning rate twice G's).")
            .clicked()
        {
            load_mode_collapse_demo(settings, outbox);
        }
        if ui
            .button("Fix it")
            .on_hover_text(ModeCollapseDemo::FIX)
            .clicked()
        {
            settings.config.hyper = ModeCollapseDemo::fix(settings.config.hyper.clone());
            outbox.push(Command::SetHyper(settings.config.hyper.clone()));
        }
    });
}

/// Switches to the mode-collapse demo, from fresh weights.
pub fn load_mode_collapse_demo(settings: &mut Settings, outbox: &mut Vec<Command>) {
    settings.data = DataChoice::Preset(ModeCollapseDemo::DATA);
    settings.config = ModeCollapseDemo::config();
    outbox.push(Command::SetData(DataSource::Preset(ModeCollapseDemo::DATA)));
    outbox.push(Command::SetModel(settings.config.model.clone()));
    outbox.push(Command::SetHyper(settings.config.hyper.clone()));
    outbox.push(Command::Reset);
}

/// Red when most modes are missing, amber when some are, green when all are covered.
fn coverage_colour(share: f32) -> egui::Color32 {
    if share >= 1.0 {
        egui::Color32::from_rgb(46, 160, 67)
    } else if share >= 0.5 {
        egui::Color32::from_rgb(214, 150, 0)
    } else {
        egui::Color32::from_rgb(200, 40, 40)
    }
}
