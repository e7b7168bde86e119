//! Loss and divergence charts (egui_plot), drawn from downsampled buckets with a
//! min/max band so they stay responsive after any number of iterations.

use egui::Color32;
use egui_plot::{FilledArea, Legend, Line, Plot, PlotPoints, PlotUi, VLine};

use super::history::{Downsampled, MetricHistory, smooth};
use super::settings::ChartOptions;
use super::theme;

/// Marks drawn across every chart.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ChartMarks {
    /// The iteration shown while time travelling.
    pub viewing: Option<u64>,
    /// Modes of the mixture (for the coverage share), if known.
    pub mode_total: Option<usize>,
    /// Whether the data are digits (the coverage chart counts the 10 classes).
    pub digits: bool,
}

/// How one run's series look: dimmed for an abandoned future, dashed and suffixed
/// for compare mode's run B.
#[derive(Clone, Copy, Debug, Default)]
struct Look {
    abandoned: bool,
    run_b: bool,
}

impl Look {
    fn colour(self, colour: Color32) -> Color32 {
        if self.abandoned {
            colour.gamma_multiply(0.3)
        } else {
            colour
        }
    }

    /// The legend name; abandoned futures stay out of the legend (an empty name).
    fn name(self, name: &str) -> String {
        match (self.run_b, self.abandoned) {
            (_, true) => String::new(),
            (false, false) => name.to_owned(),
            (true, false) => format!("{name} · B"),
        }
    }
}

/// The charts panel; with `run_b` (compare mode) both runs' curves share each chart,
/// run B's dashed. The charts share the height left after `below` points.
pub fn charts_ui(
    ui: &mut egui::Ui,
    history: &MetricHistory,
    run_b: Option<&MetricHistory>,
    options: &mut ChartOptions,
    marks: ChartMarks,
    below: f32,
) {
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
    if let Some(at) = history.branch_at {
        ui.weak(format!(
            "Rewound to iteration {at}: the dashed line marks the branch, faded curves the abandoned future."
        ));
    }
    let coverage_total = if marks.digits {
        Some(10)
    } else {
        marks.mode_total
    };
    let charts = if coverage_total.is_some() { 3.0 } else { 2.0 };
    let height = ((ui.available_height() - below - 40.0 - 30.0 * charts) / charts).max(100.0);
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
            every_run(plot, history, run_b, marks, |plot, h, look| {
                series(plot, look, "D loss", &h.loss_d, theme::D_LOSS, *options);
                series(plot, look, "G loss", &h.loss_g, theme::G_LOSS, *options);
            });
        });
    let plain = ChartOptions {
        log_scale: false,
        smoothing: 0.0,
    };
    if !marks.digits {
        ui.label(egui::RichText::new("Divergence (bits)").strong());
        Plot::new("divergence_chart")
            .height(height)
            .legend(Legend::default())
            .x_axis_label("iteration")
            .include_y(0.0)
            .show(ui, |plot| {
                every_run(plot, history, run_b, marks, |plot, h, look| {
                    series(plot, look, "KL", &h.kl, theme::KL, plain);
                    series(plot, look, "JS", &h.js, theme::JS, plain);
                });
            });
    }
    let Some(total) = coverage_total else {
        return;
    };
    let (title, covered, quality) = if marks.digits {
        (
            "Mode collapse: digit classes",
            "classes found ÷ 10",
            "mean confidence",
        )
    } else {
        (
            "Mode collapse: modes",
            "modes covered ÷ modes",
            "quality (fakes near a mode)",
        )
    };
    ui.label(egui::RichText::new(title).strong());
    Plot::new("coverage_chart")
        .height(height)
        .legend(Legend::default())
        .x_axis_label("iteration")
        .include_y(0.0)
        .include_y(1.0)
        .show(ui, |plot| {
            every_run(plot, history, run_b, marks, |plot, h, look| {
                let share = h.modes.scaled(1.0 / total as f64);
                series(plot, look, covered, &share, theme::KL, plain);
                series(plot, look, quality, &h.quality, theme::JS, plain);
            });
        });
}

/// Draws `draw` for each run (A, and B in compare mode) and, dimmed, for the future
/// abandoned at A's branch point, then the branch point and the time-travel position
/// as vertical lines.
fn every_run(
    plot: &mut PlotUi<'_>,
    history: &MetricHistory,
    run_b: Option<&MetricHistory>,
    marks: ChartMarks,
    draw: impl Fn(&mut PlotUi<'_>, &MetricHistory, Look),
) {
    for (run, run_b) in [(Some(history), false), (run_b, true)] {
        let Some(run) = run else { continue };
        if let Some(abandoned) = &run.abandoned {
            let look = Look {
                abandoned: true,
                run_b,
            };
            draw(plot, abandoned, look);
        }
        draw(
            plot,
            run,
            Look {
                abandoned: false,
                run_b,
            },
        );
    }
    if let Some(at) = history.branch_at {
        plot.vline(
            VLine::new("", at as f64) // unnamed: kept out of the legend
                .color(theme::BRANCH)
                .style(egui_plot::LineStyle::dashed_loose()),
        );
    }
    if let Some(at) = marks.viewing {
        plot.vline(
            VLine::new("viewing", at as f64)
                .color(theme::VIEWING)
                .width(2.0),
        );
    }
}

/// Draws one series: the smoothed mean line and a faint min–max band.
fn series(
    plot: &mut PlotUi<'_>,
    look: Look,
    name: &str,
    data: &Downsampled,
    colour: Color32,
    options: ChartOptions,
) {
    let (name, colour) = (look.name(name), look.colour(colour));
    let name = name.as_str();
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
    let style = if look.run_b {
        egui_plot::LineStyle::dashed_dense()
    } else {
        egui_plot::LineStyle::Solid
    };
    plot.line(
        Line::new(name, PlotPoints::new(points))
            .color(colour)
            .width(1.5)
            .style(style),
    );
}
