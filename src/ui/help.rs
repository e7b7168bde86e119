//! The keyboard help overlay (`?`).

/// The shortcuts, as listed in the overlay.
pub const SHORTCUTS: [(&str, &str); 7] = [
    ("space", "play / pause"),
    ("s", "step one iteration (both networks)"),
    ("d", "step the discriminator only"),
    ("g", "step the generator only"),
    ("r", "reset to new random weights"),
    ("?", "show or hide this help"),
    ("Esc", "close this help"),
];

/// Shows the overlay while `open`.
pub fn help_ui(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
                for (key, action) in SHORTCUTS {
                    ui.label(egui::RichText::new(key).monospace().strong());
                    ui.label(action);
                    ui.end_row();
                }
            });
            ui.separator();
            ui.label("Green dots are real samples, purple dots fakes. The background is the discriminator's verdict (green = looks real); the arrows show where the generator will push each fake.");
        });
}
