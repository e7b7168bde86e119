//! The egui views. They read worker frames and send commands; they never touch
//! tensors or the trainer.

pub mod app;
pub mod canvas;
pub mod charts;
pub mod compare;
pub mod data_picker;
pub mod digits;
pub mod files;
pub mod help;
pub mod history;
pub mod hyper_panel;
pub mod metrics_panel;
pub mod model_graph;
pub mod screenshot;
pub mod scrubber;
pub mod settings;
pub mod status;
pub mod theme;
pub mod top_bar;

use std::cell::RefCell;
use std::rc::Rc;

use crate::cli::args::WindowArgs;
pub use app::GanvasApp;
use screenshot::{Scene, ScreenshotRun};
pub use settings::Settings;

type Outcome = Rc<RefCell<Option<Result<(), String>>>>;

/// The eframe application: the window plus an optional scripted screenshot, whose
/// result is handed out of eframe's event loop through `outcome`.
struct EframeApp {
    app: GanvasApp,
    screenshot: Option<ScreenshotRun>,
    scripted: bool,
    outcome: Outcome,
}

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.app.ui(ui);
        if let Some(run) = &mut self.screenshot
            && let Some(result) = run.update(ui.ctx(), &mut self.app, frame.info().cpu_usage)
        {
            *self.outcome.borrow_mut() = Some(result);
            self.screenshot = None;
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.scripted {
            // Xvfb parks the pointer mid-screen; a scripted screenshot shows no hover.
            raw_input
                .events
                .retain(|e| !matches!(e, egui::Event::PointerMoved(_)));
            raw_input.events.push(egui::Event::PointerGone);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if !self.scripted {
            eframe::set_value(storage, eframe::APP_KEY, self.app.settings());
        }
    }
}

/// Opens the window and runs until it is closed.
pub fn run_window(args: &WindowArgs) -> anyhow::Result<()> {
    let scene = Scene::parse(args.scene.as_deref()).map_err(anyhow::Error::msg)?;
    let screenshot = args.screenshot.clone();
    let scripted = screenshot.is_some();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("ganvas")
            .with_inner_size([1500.0, 900.0])
            .with_min_inner_size([900.0, 600.0]),
        persist_window: !scripted,
        ..Default::default()
    };
    let outcome = Outcome::default();
    let outcome_in = Rc::clone(&outcome);
    let data = args.data;
    let steps = args.steps;
    let fresh = args.fresh || scripted;
    let load = args.load.clone();
    eframe::run_native(
        "ganvas",
        options,
        Box::new(move |cc| {
            cc.egui_ctx.set_theme(egui::Theme::Light);
            let mut settings: Settings = if fresh {
                Settings::default()
            } else {
                cc.storage
                    .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                    .unwrap_or_default()
            };
            if let Some(preset) = data {
                settings.data = settings::DataChoice::Preset(preset);
            }
            let mut app = GanvasApp::new(settings);
            if let Some(path) = load {
                app.send(crate::worker::Command::LoadSession(path));
            }
            Ok(Box::new(EframeApp {
                app,
                screenshot: screenshot.map(|path| ScreenshotRun::new(path, steps, scene)),
                scripted,
                outcome: outcome_in,
            }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    let result = outcome.borrow_mut().take();
    match result {
        Some(Err(message)) => Err(anyhow::anyhow!("screenshot failed: {message}")),
        None if scripted => Err(anyhow::anyhow!(
            "the window closed before the screenshot was taken"
        )),
        _ => Ok(()),
    }
}
