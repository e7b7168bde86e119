//! The hyper-parameter panel: architecture (rebuilds the networks), live training
//! knobs (applied from the next step, weights kept) and the backend.

use egui::Slider;

use super::settings::{DataChoice, Settings};
use crate::gan::config::{LIMITS, WGAN_GP_NEEDS_MLP};
use crate::gan::{Activation, Backend, HyperParams, LossKind, ModelKind, NoiseKind, OptimizerKind};
use crate::worker::Command;

/// Shows the panel; every change is sent to the worker at once.
pub fn hyper_panel_ui(ui: &mut egui::Ui, settings: &mut Settings, outbox: &mut Vec<Command>) {
    let model_before = settings.config.model.clone();
    let hyper_before = settings.config.hyper.clone();
    let backend_before = settings.backend;
    let images = settings.data == DataChoice::Mnist;
    let Settings {
        config, backend, ..
    } = settings;
    let (model, hyper) = (&mut config.model, &mut config.hyper);

    ui.label(egui::RichText::new("Architecture (changes rebuild the networks)").strong())
        .on_hover_text("Changing any of these starts both networks from new random weights.");
    if images {
        ui.horizontal(|ui| {
            ui.label("Model");
            ui.selectable_value(&mut model.kind, ModelKind::Mlp, "MLP GAN")
                .on_hover_text("The fast interactive default: 100 → 256 → 784 and 784 → 256 → 1, ReLU.");
            ui.selectable_value(&mut model.kind, ModelKind::Dcgan, "DCGAN")
                .on_hover_text("The TensorFlow tutorial's convolutional GAN, layer for layer: sharper digits, about a second per step on 2 cores.");
        });
        if model.kind == ModelKind::Dcgan && *backend == Backend::Ndarray {
            ui.colored_label(
                egui::Color32::DARK_RED,
                "DCGAN on ndarray: about 30 s per step at batch 64 (its convolutions are ~40× slower than flex's). Pick flex.",
            );
        }
    }
    egui::Grid::new("architecture").num_columns(2).show(ui, |ui| {
        knob(ui, "G hidden layers", Slider::new(&mut model.g_layers, 0..=8), "Depth of the generator. 0 = G is a single affine map and can only stretch the noise; more layers let it fold it into curved shapes.");
        knob(ui, "G neurons", Slider::new(&mut model.g_neurons, 1..=256).logarithmic(true), "Width of each generator layer: more neurons, more pieces to bend the noise with.");
        knob(ui, "D hidden layers", Slider::new(&mut model.d_layers, 0..=8), "Depth of the discriminator. 0 = D can only draw a straight boundary between real and fake.");
        knob(ui, "D neurons", Slider::new(&mut model.d_neurons, 1..=256).logarithmic(true), "Width of each discriminator layer: a wider D draws finer boundaries (and can overpower G).");
        knob(ui, "Noise dimension", Slider::new(&mut model.noise_dim, 1..=128).logarithmic(true), "Size of the noise vector z. 1 = G traces a curve; 2 = a sheet (drawn as the manifold); more = extra freedom.");
        ui.label("Noise");
        egui::ComboBox::from_id_salt("noise")
            .selected_text(format!("{:?}", model.noise))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut model.noise, NoiseKind::Uniform, "Uniform")
                    .on_hover_text("z uniform on [−1, 1]");
                ui.selectable_value(&mut model.noise, NoiseKind::Gaussian, "Gaussian")
                    .on_hover_text("z standard normal");
            })
            .response
            .on_hover_text("Distribution of the noise G transforms.");
        ui.end_row();
        ui.label("Activation");
        egui::ComboBox::from_id_salt("activation")
            .selected_text(match model.activation {
                Activation::Relu => "ReLU",
                Activation::LeakyRelu => "LeakyReLU",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut model.activation, Activation::Relu, "ReLU");
                ui.selectable_value(&mut model.activation, Activation::LeakyRelu, "LeakyReLU");
            })
            .response
            .on_hover_text("Hidden activation. LeakyReLU keeps a small gradient for negative inputs, so fewer neurons die.");
        ui.end_row();
    });

    ui.separator();
    ui.label(egui::RichText::new("Training  (live: weights kept)").strong());
    ui.horizontal(|ui| {
        let label = ui.label("Loss");
        // Its explanation is shown right below.
        loss_picker_ui(ui, "loss", hyper, model.kind, Some(190.0)).labelled_by(label.id);
    });
    ui.add(egui::Label::new(egui::RichText::new(hyper.loss.explanation()).small().weak()).wrap());
    egui::Grid::new("training").num_columns(2).show(ui, |ui| {
        ui.label("Optimizer");
        egui::ComboBox::from_id_salt("optimizer")
            .selected_text(match hyper.optimizer {
                OptimizerKind::Sgd => "SGD",
                OptimizerKind::Adam => "Adam",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut hyper.optimizer, OptimizerKind::Sgd, "SGD");
                ui.selectable_value(&mut hyper.optimizer, OptimizerKind::Adam, "Adam");
            })
            .response
            .on_hover_text("SGD steps straight down the gradient; Adam (β = 0.5, 0.999; WGAN-GP: 0, 0.9) adapts the step per weight and is far less sensitive to the learning rate. Switching restarts Adam's moments.");
        ui.end_row();
        knob(ui, "D learning rate", Slider::new(&mut hyper.lr_d, 1e-5..=10.0).logarithmic(true).custom_formatter(|v, _| format!("{v:.5}")), "Step size of the discriminator. Too high and D overshoots (or diverges); too low and it never gives G a useful signal. Applied from the next step.");
        knob(ui, "G learning rate", Slider::new(&mut hyper.lr_g, 1e-5..=10.0).logarithmic(true).custom_formatter(|v, _| format!("{v:.5}")), "Step size of the generator. Higher makes fakes move faster, and hop between modes more.");
        knob(ui, "k_D (D steps)", Slider::new(&mut hyper.k_d, 0..=10), "Discriminator updates per iteration. More keeps D near its optimum so G gets a truer gradient.");
        knob(ui, "k_G (G steps)", Slider::new(&mut hyper.k_g, 0..=10), "Generator updates per iteration.");
        knob(ui, "Batch size", Slider::new(&mut hyper.batch_size, 1..=LIMITS.max_batch).logarithmic(true), "Samples per update. Larger batches give smoother, slower-changing gradients.");
        ui.label("Backend");
        egui::ComboBox::from_id_salt("backend")
            .selected_text(backend.name())
            .show_ui(ui, |ui| {
                for b in Backend::ALL.into_iter().filter(|b| b.is_available()) {
                    ui.selectable_value(backend, b, b.name());
                }
            })
            .response
            .on_hover_text("burn's compute backend. flex is the fastest on CPU; ndarray is burn's older CPU backend. Weights carry over; optimizer moments restart.");
        ui.end_row();
    });

    if hyper.k_d + hyper.k_g == 0 {
        hyper.k_g = 1; // an iteration must train something
    }
    hyper.fit_to(model.kind); // the DCGAN has no WGAN-GP (see the picker's tooltip)
    let model_changed = settings.config.model != model_before;
    let hyper_changed = settings.config.hyper != hyper_before;
    // The trainer checks each change against the other half of the config, so the
    // half that leaves WGAN-GP goes first.
    if hyper_changed && settings.config.hyper.loss != LossKind::WganGp {
        outbox.push(Command::SetHyper(settings.config.hyper.clone()));
    }
    if model_changed {
        outbox.push(Command::SetModel(settings.config.model.clone()));
    }
    if hyper_changed && settings.config.hyper.loss == LossKind::WganGp {
        outbox.push(Command::SetHyper(settings.config.hyper.clone()));
    }
    if settings.backend != backend_before {
        outbox.push(Command::SetBackend(settings.backend));
    }
}

/// The loss picker (main panel and compare mode's run B): losses that cannot train a
/// `model` are greyed out with the reason, and picking one applies its defaults
/// ([`HyperParams::with_loss`]).
pub fn loss_picker_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    hyper: &mut HyperParams,
    model: ModelKind,
    width: Option<f32>,
) -> egui::Response {
    let mut chosen = hyper.loss;
    let mut combo = egui::ComboBox::from_id_salt(id_salt).selected_text(hyper.loss.label());
    if let Some(width) = width {
        combo = combo.width(width);
    }
    let response = combo
        .show_ui(ui, |ui| {
            for loss in LossKind::ALL {
                ui.add_enabled_ui(loss.fits(model), |ui| {
                    ui.selectable_value(&mut chosen, loss, loss.label())
                        .on_hover_text(loss.explanation())
                        .on_disabled_hover_text(WGAN_GP_NEEDS_MLP);
                });
            }
        })
        .response;
    if chosen != hyper.loss {
        // WGAN-GP brings its own critic steps and optimizer.
        *hyper = hyper.clone().with_loss(chosen);
    }
    response
}

/// One grid row: a label, and a widget the label names (for screen readers and tests).
fn knob(ui: &mut egui::Ui, label: &str, widget: impl egui::Widget, tip: &str) -> egui::Response {
    let label = ui.label(label);
    let response = ui.add(widget).labelled_by(label.id).on_hover_text(tip);
    ui.end_row();
    response
}
