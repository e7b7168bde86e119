//! The time-travel scrubber under the charts: drag through the run's checkpoints to
//! see every view as it was, go back to the present, or resume training from there.

use crate::worker::{Command, Frame};

/// Shows the scrubber.
pub fn scrubber_ui(ui: &mut egui::Ui, frame: Option<&Frame>, outbox: &mut Vec<Command>) {
    let Some(frame) = frame else {
        return;
    };
    let timeline = &frame.timeline;
    let (Some(&first), Some(&last)) = (timeline.checkpoints.first(), timeline.checkpoints.last())
    else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Time travel").strong())
            .on_hover_text(format!(
                "{} checkpoints (weights, optimizer state, random numbers) spread evenly over the run, {:.1} of {:.0} MiB. Drag to see any of them; training pauses while you look.",
                timeline.checkpoints.len(),
                timeline.memory_bytes as f64 / 1048576.0,
                timeline.budget_bytes as f64 / 1048576.0,
            ));
        let mut at = timeline.viewing.unwrap_or(timeline.present);
        let slider = egui::Slider::new(&mut at, first..=timeline.present.max(last))
            .text("iteration")
            .integer();
        let response = ui.add(slider);
        if response.changed() {
            let snapped = nearest_at_or_before(&timeline.checkpoints, at);
            if at >= timeline.present {
                if timeline.viewing.is_some() {
                    outbox.push(Command::Scrub(None));
                }
            } else if Some(snapped) != timeline.viewing {
                outbox.push(Command::Scrub(Some(snapped)));
            }
        }
    });
    match timeline.viewing {
        Some(viewing) => {
            ui.colored_label(
                super::theme::VIEWING,
                format!(
                    "Viewing iteration {viewing} (present: {})",
                    timeline.present
                ),
            );
            ui.horizontal(|ui| {
                if ui
                    .button("Back to present")
                    .on_hover_text("Return every view to the newest iteration.")
                    .clicked()
                {
                    outbox.push(Command::Scrub(None));
                }
                if ui
                    .button("Resume from here")
                    .on_hover_text("Rewind training to this checkpoint: change a knob and see the other future. The abandoned one stays dimmed in the charts.")
                    .clicked()
                {
                    outbox.push(Command::Rewind(viewing));
                }
            });
        }
        None => {
            ui.weak(format!(
                "{} checkpoints, every {} iterations ({:.0} of {:.0} MiB)",
                timeline.checkpoints.len(),
                spacing(&timeline.checkpoints),
                timeline.memory_bytes as f64 / 1048576.0,
                timeline.budget_bytes as f64 / 1048576.0,
            ));
        }
    }
}

/// The latest checkpoint at or before `at` (the first one if none).
fn nearest_at_or_before(checkpoints: &[u64], at: u64) -> u64 {
    let index = checkpoints.partition_point(|&c| c <= at);
    checkpoints[index.saturating_sub(1)]
}

/// The smallest gap between checkpoints: the spacing of the newest ones.
fn spacing(checkpoints: &[u64]) -> u64 {
    checkpoints
        .windows(2)
        .map(|w| w[1] - w[0])
        .min()
        .unwrap_or(0)
}
