//! `ganvas train`: headless training with a progress bar and a JSON summary.

use std::io::IsTerminal as _;
use std::time::Instant;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use super::args::TrainArgs;
use crate::gan::mnist::classifier::DigitClassifier;
use crate::gan::mnist::quality::ClassStats;
use crate::gan::mnist::{self, generate};
use crate::gan::progress::HistoryPoint;
use crate::gan::snapshot::Metrics;
use crate::gan::{
    Backend, DataSource, GanConfig, HyperParams, ModelKind, SnapshotSpec, Snapshotter, Trainer,
};
use crate::gan::{export, session};

/// The final figures of a headless run (the `--json` line).
#[derive(Debug, Clone, Serialize)]
pub struct TrainSummary {
    /// Data source name.
    pub data: String,
    /// Backend name.
    pub backend: &'static str,
    /// Seed used.
    pub seed: u64,
    /// Iterations of the run (with `--load`, those of the saved run included).
    pub steps: u64,
    /// Wall-clock training time in seconds (metrics excluded).
    pub elapsed_s: f64,
    /// Training throughput.
    pub steps_per_sec: f64,
    /// Final discriminator loss.
    pub loss_d: Option<f32>,
    /// Final generator loss.
    pub loss_g: Option<f32>,
    /// KL(real ‖ fake) in bits (2D data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kl: Option<f64>,
    /// JS divergence in bits (2D data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub js: Option<f64>,
    /// Modes covered (mixtures with known modes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modes_covered: Option<usize>,
    /// Modes in the mixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modes_total: Option<usize>,
    /// Share of fakes within 3σ of a mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode_quality: Option<f32>,
    /// Digit classes the bundled classifier finds in the generated digits (MNIST).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classes_covered: Option<usize>,
    /// Mean top-class probability of the generated digits (MNIST).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_confidence: Option<f32>,
    /// Inception-Score-like figure, 1 to 10 (MNIST).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Predicted class counts of the generated digits (MNIST).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_histogram: Option<[u32; 10]>,
}

/// Generated digits measured by the classifier after a run.
const QUALITY_SAMPLES: usize = 1000;

/// Resolves the configuration: preset recommendation, then `--config`, then flags.
pub fn resolve_config(args: &TrainArgs) -> anyhow::Result<GanConfig> {
    let mut config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read config file {}", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("config file {} is not a valid config", path.display()))?
        }
        None => match args.data.preset() {
            Some(preset) => preset.recommended_config(),
            None => mnist::recommended_config(args.model.unwrap_or_default()),
        },
    };
    apply_hyper_flags(args, &mut config.hyper);
    let m = &mut config.model;
    set(&mut m.g_layers, args.g_layers);
    set(&mut m.g_neurons, args.g_neurons);
    set(&mut m.d_layers, args.d_layers);
    set(&mut m.d_neurons, args.d_neurons);
    set(&mut m.noise_dim, args.noise_dim);
    m.kind = args.model.unwrap_or(m.kind);
    m.noise = args.noise.unwrap_or(m.noise);
    m.activation = args.activation.unwrap_or(m.activation);
    config.validate()?;
    Ok(config)
}

/// Overwrites `slot` with a flag's value, if given.
fn set(slot: &mut usize, value: Option<usize>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// Applies the training flags (`--loss`, learning rates, optimizer, k, batch) to
/// `hyper`. A loss brings the settings it is meant for (WGAN-GP: Adam, k_D = 5) before
/// the other flags override them.
fn apply_hyper_flags(args: &TrainArgs, hyper: &mut HyperParams) {
    if let Some(loss) = args.loss {
        *hyper = hyper.clone().with_loss(loss);
    }
    set(&mut hyper.k_d, args.k);
    set(&mut hyper.k_g, args.k_g);
    set(&mut hyper.batch_size, args.batch);
    hyper.lr_d = args.lr_d.unwrap_or(hyper.lr_d);
    hyper.lr_g = args.lr_g.unwrap_or(hyper.lr_g);
    hyper.optimizer = args.optimizer.unwrap_or(hyper.optimizer);
}

/// The data a run trains on, from `--data-file`, `--data` and `--mnist-dir`.
fn resolve_data(args: &TrainArgs) -> anyhow::Result<DataSource> {
    Ok(match (&args.data_file, args.data.preset()) {
        (Some(path), _) => DataSource::from_csv_file(path)?,
        (None, Some(preset)) => DataSource::Preset(preset),
        (None, None) => DataSource::Mnist {
            dir: args.mnist_dir.clone(),
        },
    })
}

/// The trainer to start from: a loaded session (`--load`), or fresh weights.
fn start(args: &TrainArgs) -> anyhow::Result<(Trainer, Vec<HistoryPoint>)> {
    if let Some(path) = &args.load {
        let mut loaded = session::load(path, Some(args.backend))
            .with_context(|| format!("cannot load session {}", path.display()))?;
        eprintln!(
            "loaded {} at iteration {}",
            path.display(),
            loaded.trainer.counters().iteration
        );
        // Training flags change the loaded run from here on, as a knob would.
        let mut hyper = loaded.trainer.config().hyper.clone();
        apply_hyper_flags(args, &mut hyper);
        loaded.trainer.set_hyper(hyper)?;
        return Ok((loaded.trainer, loaded.history));
    }
    let config = resolve_config(args)?;
    let data = resolve_data(args)?;
    Ok((
        Trainer::new(args.backend, config, data, args.seed)?,
        Vec::new(),
    ))
}

/// Runs `ganvas train`; returns the summary (already printed).
pub fn run(args: &TrainArgs) -> anyhow::Result<TrainSummary> {
    let (mut trainer, mut history) = start(args)?;
    let seed = trainer.seed();
    if trainer.config().model.kind == ModelKind::Dcgan && args.backend == Backend::Ndarray {
        eprintln!(
            "warning: the DCGAN on ndarray takes ~30 s per step at batch 64 (its convolutions are ~40× slower than flex's); --backend flex is the fast one"
        );
    }
    let bar = progress_bar(args.steps);
    let started = Instant::now();
    for _ in 0..args.steps {
        trainer.step()?;
        history.push(trainer.history_point());
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    let elapsed_s = started.elapsed().as_secs_f64();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let spec = SnapshotSpec {
        metric_fakes: 20_000,
        ..SnapshotSpec::default()
    };
    // KL, JS and modes are 2D figures; digits are measured by the classifier below.
    let metrics = if trainer.data().is_images() {
        Metrics::default()
    } else {
        Snapshotter::new(spec, seed).snapshot(&trainer).metrics
    };
    let modes = metrics.modes.as_ref();
    let classes = if trainer.data().is_images() {
        let pixels = generate::generate_pixels(&trainer, QUALITY_SAMPLES, seed ^ 0xd161);
        let device = trainer.device().clone().inner();
        let classifier = DigitClassifier::bundled(&device)?;
        Some(classifier.stats(&pixels, &device))
    } else {
        None
    };
    if let Some(last) = history.last_mut() {
        last.kl = metrics.kl;
        last.js = metrics.js;
        last.modes_covered = modes
            .map(|m| m.covered_count() as u32)
            .or(classes.as_ref().map(|c| c.classes_covered() as u32));
        last.quality = modes
            .map(|m| m.quality)
            .or(classes.as_ref().map(|c| c.mean_confidence));
    }
    if let Some(path) = &args.export_samples {
        let message = export::export_samples(&trainer, path, args.samples, seed ^ 0xe4b0)?;
        eprintln!("{message}");
    }
    if let Some(path) = &args.export_history {
        export::export_history(path, &history)?;
        eprintln!("wrote {} history rows to {}", history.len(), path.display());
    }
    if let Some(path) = &args.save {
        session::save(path, &trainer, &history)
            .with_context(|| format!("cannot save session {}", path.display()))?;
        eprintln!("saved the session to {}", path.display());
    }
    let summary = TrainSummary {
        data: trainer.data().name(),
        backend: trainer.backend().name(),
        seed,
        steps: trainer.counters().iteration,
        elapsed_s,
        steps_per_sec: args.steps as f64 / elapsed_s.max(1e-9),
        loss_d: trainer.losses().loss_d,
        loss_g: trainer.losses().loss_g,
        kl: metrics.kl,
        js: metrics.js,
        modes_covered: modes.map(|m| m.covered_count()),
        modes_total: modes.map(|m| m.total()),
        mode_quality: modes.map(|m| m.quality),
        classes_covered: classes.as_ref().map(ClassStats::classes_covered),
        mean_confidence: classes.as_ref().map(|c| c.mean_confidence),
        score: classes.as_ref().map(|c| c.score),
        class_histogram: classes.as_ref().map(|c| c.histogram),
    };
    print_summary(&summary, args.json)?;
    Ok(summary)
}

fn progress_bar(steps: u64) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(steps);
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} iterations ({per_sec}, eta {eta})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

fn print_summary(s: &TrainSummary, json: bool) -> anyhow::Result<()> {
    use std::io::Write as _;
    let loss = |l: Option<f32>| l.map_or("–".to_owned(), |v| format!("{v:.4}"));
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} on {} (burn), seed {}: {} iterations in {:.2} s ({:.0} it/s)",
        s.data, s.backend, s.seed, s.steps, s.elapsed_s, s.steps_per_sec
    )?;
    write!(out, "loss D {}  loss G {}", loss(s.loss_d), loss(s.loss_g))?;
    if let (Some(kl), Some(js)) = (s.kl, s.js) {
        write!(out, "  KL {kl:.4}  JS {js:.4}")?;
    }
    writeln!(out)?;
    if let (Some(covered), Some(total), Some(quality)) =
        (s.modes_covered, s.modes_total, s.mode_quality)
    {
        writeln!(
            out,
            "modes covered {covered}/{total}, {:.0}% of fakes near a mode",
            100.0 * quality
        )?;
    }
    if let (Some(covered), Some(confidence), Some(score), Some(histogram)) = (
        s.classes_covered,
        s.mean_confidence,
        s.score,
        s.class_histogram,
    ) {
        writeln!(
            out,
            "digit classes covered {covered}/10, mean confidence {confidence:.3}, score {score:.2}, histogram {histogram:?}"
        )?;
    }
    if json {
        writeln!(out, "{}", serde_json::to_string(s)?)?;
    }
    Ok(())
}
