//! The charts' memory: every history point kept, plus an incrementally built min/max
//! downsampling so drawing stays cheap after millions of iterations.

use crate::worker::{HistoryBatch, HistoryPoint};

/// Most buckets a downsampled series holds before pairs are merged.
pub const MAX_BUCKETS: usize = 2048;

/// One bucket of consecutive values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    /// First iteration in the bucket.
    pub first: u64,
    /// Last iteration in the bucket.
    pub last: u64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Sum of values (mean = sum / count).
    pub sum: f64,
    /// Number of values.
    pub count: u64,
}

impl Bucket {
    fn new(iteration: u64, value: f64) -> Self {
        Self {
            first: iteration,
            last: iteration,
            min: value,
            max: value,
            sum: value,
            count: 1,
        }
    }

    fn absorb(&mut self, other: &Self) {
        self.last = other.last;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.sum += other.sum;
        self.count += other.count;
    }

    /// Mean of the bucket's values.
    pub fn mean(&self) -> f64 {
        self.sum / self.count as f64
    }

    /// The iteration at the bucket's centre.
    pub fn centre(&self) -> f64 {
        0.5 * (self.first + self.last) as f64
    }
}

/// A series downsampled into at most [`MAX_BUCKETS`] equal-width buckets, min and max
/// kept, so spikes never disappear from the chart.
#[derive(Clone, Debug, Default)]
pub struct Downsampled {
    buckets: Vec<Bucket>,
    width: u64,
}

impl Downsampled {
    /// Adds the next value; O(1) amortised.
    pub fn push(&mut self, iteration: u64, value: f64) {
        if !value.is_finite() {
            return;
        }
        if self.width == 0 {
            self.width = 1;
        }
        let point = Bucket::new(iteration, value);
        match self.buckets.last_mut() {
            Some(last) if last.count < self.width => last.absorb(&point),
            _ => self.buckets.push(point),
        }
        if self.buckets.len() > MAX_BUCKETS {
            self.buckets = self
                .buckets
                .chunks(2)
                .map(|pair| {
                    let mut merged = pair[0];
                    if let Some(second) = pair.get(1) {
                        merged.absorb(second);
                    }
                    merged
                })
                .collect();
            self.width *= 2;
        }
    }

    /// The buckets, oldest first.
    pub fn buckets(&self) -> &[Bucket] {
        &self.buckets
    }

    /// The same series with every value multiplied by `factor` (≥ 0).
    pub fn scaled(&self, factor: f64) -> Self {
        let buckets = self
            .buckets
            .iter()
            .map(|b| Bucket {
                min: b.min * factor,
                max: b.max * factor,
                sum: b.sum * factor,
                ..*b
            })
            .collect();
        Self {
            buckets,
            width: self.width,
        }
    }
}

/// Every history point and the downsampled series drawn from them.
#[derive(Clone, Debug, Default)]
pub struct MetricHistory {
    /// All points, in iteration order.
    pub points: Vec<HistoryPoint>,
    /// Discriminator loss.
    pub loss_d: Downsampled,
    /// Generator loss.
    pub loss_g: Downsampled,
    /// KL divergence (snapshot iterations only).
    pub kl: Downsampled,
    /// JS divergence (snapshot iterations only).
    pub js: Downsampled,
    /// Modes covered (snapshot iterations only).
    pub modes: Downsampled,
    /// Sample quality (snapshot iterations only): share of fakes near a mode, or the
    /// digits' mean top-class confidence.
    pub quality: Downsampled,
    /// The iteration the run was last rewound to (the branch point), if any.
    pub branch_at: Option<u64>,
    /// The future abandoned at the branch point, drawn dimmed.
    pub abandoned: Option<Box<MetricHistory>>,
}

impl MetricHistory {
    /// Appends points from the worker. A point at or before the last iteration means
    /// training was reset: the history starts over.
    pub fn extend(&mut self, points: impl IntoIterator<Item = HistoryPoint>) {
        for point in points {
            if self
                .points
                .last()
                .is_some_and(|last| point.iteration <= last.iteration)
            {
                *self = Self::default();
            }
            let it = point.iteration;
            if let Some(v) = point.loss_d {
                self.loss_d.push(it, v.into());
            }
            if let Some(v) = point.loss_g {
                self.loss_g.push(it, v.into());
            }
            if let Some(v) = point.kl {
                self.kl.push(it, v);
            }
            if let Some(v) = point.js {
                self.js.push(it, v);
            }
            if let Some(v) = point.modes_covered {
                self.modes.push(it, v.into());
            }
            if let Some(v) = point.quality {
                self.quality.push(it, v.into());
            }
            self.points.push(point);
        }
    }

    /// Applies batches from the worker: a rewind splits the history at its branch
    /// point, the points after it becoming the abandoned future.
    pub fn apply(&mut self, batches: impl IntoIterator<Item = HistoryBatch>) {
        for batch in batches {
            if let Some(to) = batch.rewound_to {
                self.branch(to);
            }
            self.extend(batch.points);
        }
    }

    /// Splits the history at iteration `to`: later points become the abandoned future.
    pub fn branch(&mut self, to: u64) {
        let split = self.points.partition_point(|p| p.iteration <= to);
        let mut points = std::mem::take(&mut self.points);
        let future = points.split_off(split);
        let mut kept = Self::default();
        kept.extend(points);
        if !future.is_empty() {
            let mut abandoned = Self::default();
            abandoned.extend(future);
            kept.abandoned = Some(Box::new(abandoned));
        } else {
            kept.abandoned = self.abandoned.take();
        }
        kept.branch_at = Some(to);
        *self = kept;
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// TensorBoard's smoothing: a debiased exponential moving average with weight `w`.
pub fn smooth(values: &[f64], weight: f64) -> Vec<f64> {
    let mut last = 0.0;
    let mut debias = 1.0;
    values
        .iter()
        .map(|&v| {
            last = last * weight + (1.0 - weight) * v;
            debias *= weight;
            if debias < 1.0 {
                last / (1.0 - debias)
            } else {
                v
            }
        })
        .collect()
}
