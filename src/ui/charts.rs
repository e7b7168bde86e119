//! Loss and divergence charts (egui_plot), drawn from downsampled buckets with a
//! min/max band so they stay responsive after any number of iterations.

use egui::Color32;
use egui_plot::{FilledArea, Legend, Line, Plot, PlotPoints};

use super::history::{Downsampled, MetricHistory, smooth};
use super::settings::ChartOptions;
use super::theme;

/// The charts panel.
pub fn charts_ui(ui: &mut egui::Ui, history: &MetricHistory, options: &mut ChartOptions) {
    ui.horizontal(|ui| {
        ui.checkbox(&mut options.log_scale, "Log scale")
            .on_hover_text("Plot losses on a log₁₀ axis (non-positive values are skipped).");
        ui.add(
            egui::Slider::new(&mut options.smoothing, 0.0..=0.99)
                .text("Smoothing")
                .fixed_decimals(2),
        )
        .on_hover_text("Exponential moving average, as TensorBoard's smoothing slider. The faint band shows the raw min–max.");
    });
    let height = ((ui.available_height() - 60.0) / 2.0).max(120.0);
    let log_scale = options.log_scale;
    ui.label(egui::RichText::new("Losses").strong());
    Plot::new("loss_chart")
        .height(height)
        .legend(Legend::default())
        .x_axis_label("iteration")
        .y_axis_formatter(move |mark, _| {
            // On the log axis the plotted value is log₁₀ of the loss.
            let value = if log_scale {
                10f64.powf(mark.value)
            } else {
                mark.value
            };
            format!("{value:.3}")
        })
        .show(ui, |plot| {
            series(plot, "D loss", &history.loss_d, theme::D_LOSS, *options);
            series(plot, "G loss", &history.loss_g, theme::G_LOSS, *options);
        });
    let plain = ChartOptions {
        log_scale: false,
        smoothing: 0.0,
    };
    if history.kl.buckets().is_empty() && !history.modes.buckets().is_empty() {
        ui.label(egui::RichText::new("Digit classes covered").strong());
        Plot::new("coverage_chart")
            .height(height)
            .x_axis_label("iteration")
            .include_y(0.0)
            .include_y(10.0)
            .show(ui, |plot| {
                series(plot, "classes", &history.modes, theme::JS, plain)
            });
        return;
    }
    ui.label(egui::RichText::new("Divergence (bits)").strong());
    Plot::new("divergence_chart")
        .height(height)
        .legend(Legend::default())
        .x_axis_label("iteration")
        .include_y(0.0)
        .show(ui, |plot| {
            series(plot, "KL", &history.kl, theme::KL, plain);
            series(plot, "JS", &history.js, theme::JS, plain);
        });
}

/// Draws one series: the smoothed mean line and a faint min–max band.
fn series(
    plot: &mut egui_plot::PlotUi<'_>,
    name: &str,
    data: &Downsampled,
    colour: Color32,
    options: ChartOptions,
) {
    let transform = |v: f64| {
        if options.log_scale {
            (v > 0.0).then(|| v.log10())
        } else {
            Some(v)
        }
    };
    let buckets = data.buckets();
    let mut xs = Vec::with_capacity(buckets.len());
    let mut lo = Vec::with_capacity(buckets.len());
    let mut hi = Vec::with_capacity(buckets.len());
    let mut means = Vec::with_capacity(buckets.len());
    for b in buckets {
        let (Some(min), Some(max), Some(mean)) =
            (transform(b.min), transform(b.max), transform(b.mean()))
        else {
            continue;
        };
        xs.push(b.centre());
        lo.push(min);
        hi.push(max);
        means.push(mean);
    }
    if xs.is_empty() {
        return;
    }
    if buckets.iter().any(|b| b.count > 1) || options.smoothing > 0.0 {
        plot.add(FilledArea::new(name, &xs, &lo, &hi).fill_color(colour.gamma_multiply(0.15)));
    }
    let smoothed = smooth(&means, f64::from(options.smoothing));
    let points: Vec<[f64; 2]> = xs.iter().zip(smoothed).map(|(&x, y)| [x, y]).collect();
    plot.line(
        Line::new(name, PlotPoints::new(points))
            .color(colour)
            .width(1.5),
    );
}
