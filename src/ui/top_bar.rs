//! The top bar: play/pause, the three step buttons, reset, the iteration counter and
//! the speed control.

use super::files::FileMenu;
use super::settings::Settings;
use crate::worker::{Command, Frame, StepKind};

/// Speed-control stops in iterations per second; past the last one is uncapped.
pub const SPEED_STOPS: [f64; 10] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0];

/// What the top bar asks the app to do besides sending commands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TopBarOutput {
    /// Play was pressed.
    pub play: bool,
    /// The help overlay was toggled.
    pub toggle_help: bool,
    /// Compare mode was switched on or off.
    pub toggle_compare: bool,
}

/// Shows the top bar.
pub fn top_bar_ui(
    files: &FileMenu,
    digits: bool,
    comparing: bool,
    ui: &mut egui::Ui,
    frame: Option<&Frame>,
    settings: &mut Settings,
    outbox: &mut Vec<Command>,
) -> TopBarOutput {
    let mut out = TopBarOutput::default();
    let playing = frame.is_some_and(|f| f.playing);
    ui.horizontal(|ui| {
        ui.heading("ganvas");
        files.menu_ui(ui, digits);
        ui.separator();
        if playing {
            if ui
                .button("Pause")
                .on_hover_text("Pause training (space)")
                .clicked()
            {
                outbox.push(Command::Pause);
            }
        } else if ui
            .button("Play")
            .on_hover_text("Train continuously (space)")
            .clicked()
        {
            out.play = true;
        }
        if ui
            .button("Step")
            .on_hover_text(
                "One iteration: k_D discriminator updates, then k_G generator updates (s)",
            )
            .clicked()
        {
            outbox.push(Command::Step(StepKind::Both));
        }
        if ui
            .button("Step D")
            .on_hover_text("One discriminator update only (d)")
            .clicked()
        {
            outbox.push(Command::Step(StepKind::Discriminator));
        }
        if ui
            .button("Step G")
            .on_hover_text("One generator update only (g)")
            .clicked()
        {
            outbox.push(Command::Step(StepKind::Generator));
        }
        if ui
            .button("Reset")
            .on_hover_text("New random weights, same settings (r)")
            .clicked()
        {
            outbox.push(Command::Reset);
        }
        ui.separator();
        let iteration = frame.map_or(0, |f| f.snapshot.counters.iteration);
        ui.label(
            egui::RichText::new(format!("Iteration {iteration}"))
                .monospace()
                .strong(),
        );
        ui.separator();
        if speed_ui(ui, &mut settings.speed_cap) {
            outbox.push(Command::SetSpeed(settings.speed_cap));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("?")
                .on_hover_text("Keyboard shortcuts (?)")
                .clicked()
            {
                out.toggle_help = true;
            }
            if ui
                .selectable_label(comparing, "Compare")
                .on_hover_text("Compare mode: train a second run (B) with another loss or learning rates on the same data and seed, side by side, under the same controls.")
                .clicked()
            {
                out.toggle_compare = true;
            }
        });
    });
    out
}

/// The speed slider; returns whether it changed.
fn speed_ui(ui: &mut egui::Ui, cap: &mut Option<f64>) -> bool {
    let mut stop = match cap {
        None => SPEED_STOPS.len(),
        Some(c) => SPEED_STOPS
            .iter()
            .position(|s| *s >= *c)
            .unwrap_or(SPEED_STOPS.len()),
    };
    let text = match *cap {
        None => "Speed: max".to_owned(),
        Some(c) if c <= crate::worker::protocol::SLOW_MOTION_MAX_SPEED => {
            format!("Speed: {c} it/s (slow motion)")
        }
        Some(c) => format!("Speed: {c} it/s"),
    };
    let response = ui
        .add(egui::Slider::new(&mut stop, 0..=SPEED_STOPS.len()).show_value(false).text(text))
        .on_hover_text("Iterations per second. At 5 or fewer, each iteration is walked through stage by stage in the model graph.");
    if response.changed() {
        *cap = SPEED_STOPS.get(stop).copied();
        true
    } else {
        false
    }
}
