//! Time travel: a bounded history of whole-run checkpoints ([`TrainState`]s) spread
//! evenly over the run. When the memory budget or the count limit is reached, every
//! other checkpoint is dropped and the spacing doubles, so the whole run always stays
//! covered at an even resolution, however long it grows.

use super::trainer::TrainState;

/// Default memory budget of a timeline: 256 MiB. The 2D models are tiny (a checkpoint
/// is a few kB, so the count limit rules); an MNIST MLP checkpoint with Adam is about
/// 5 MB (≈50 kept), a DCGAN one about 30 MB (≈8 kept).
pub const DEFAULT_BUDGET_BYTES: usize = 256 << 20;
/// Default largest number of checkpoints kept.
pub const DEFAULT_MAX_CHECKPOINTS: usize = 400;
/// Iterations between two checkpoints of a fresh timeline.
pub const INITIAL_SPACING: u64 = 10;

/// Checkpoints of one run, oldest first, taken every [`Timeline::spacing`] iterations.
pub struct Timeline {
    budget_bytes: usize,
    max_checkpoints: usize,
    spacing: u64,
    /// Oldest first, each with its memory size (measured once, when recorded).
    checkpoints: Vec<(usize, TrainState)>,
}

impl Default for Timeline {
    fn default() -> Self {
        Self::new(DEFAULT_BUDGET_BYTES, DEFAULT_MAX_CHECKPOINTS)
    }
}

impl Timeline {
    /// An empty timeline holding at most `max_checkpoints` (at least 2) checkpoints and
    /// `budget_bytes` of them.
    pub fn new(budget_bytes: usize, max_checkpoints: usize) -> Self {
        Self {
            budget_bytes,
            max_checkpoints: max_checkpoints.max(2),
            spacing: INITIAL_SPACING,
            checkpoints: Vec::new(),
        }
    }

    /// Iterations between two kept checkpoints.
    pub fn spacing(&self) -> u64 {
        self.spacing
    }

    /// The memory budget.
    pub fn budget_bytes(&self) -> usize {
        self.budget_bytes
    }

    /// Memory the kept checkpoints hold.
    pub fn memory_bytes(&self) -> usize {
        self.checkpoints.iter().map(|(bytes, _)| bytes).sum()
    }

    /// Number of kept checkpoints.
    pub fn len(&self) -> usize {
        self.checkpoints.len()
    }

    /// Whether no checkpoint is kept.
    pub fn is_empty(&self) -> bool {
        self.checkpoints.is_empty()
    }

    /// The iterations of the kept checkpoints, oldest first.
    pub fn iterations(&self) -> Vec<u64> {
        self.checkpoints
            .iter()
            .map(|(_, c)| c.iteration())
            .collect()
    }

    /// Whether a checkpoint is due at `iteration` (a multiple of the spacing not yet
    /// recorded).
    pub fn is_due(&self, iteration: u64) -> bool {
        iteration.is_multiple_of(self.spacing)
            && self
                .checkpoints
                .last()
                .is_none_or(|(_, c)| c.iteration() < iteration)
    }

    /// Keeps `state`, thinning older checkpoints while over the count or memory
    /// budget. A state that is not later than the newest kept one replaces the later
    /// ones (a rewound run that goes on).
    pub fn record(&mut self, state: TrainState) {
        let iteration = state.iteration();
        self.checkpoints.retain(|(_, c)| c.iteration() < iteration);
        self.checkpoints.push((state.memory_bytes(), state));
        while self.checkpoints.len() > 2
            && (self.checkpoints.len() > self.max_checkpoints
                || self.memory_bytes() > self.budget_bytes)
        {
            self.thin();
        }
    }

    /// Doubles the spacing, keeping the first checkpoint, the newest one and those on
    /// the new grid.
    fn thin(&mut self) {
        self.spacing *= 2;
        let spacing = self.spacing;
        let last = self.checkpoints.len() - 1;
        let mut index = 0;
        self.checkpoints.retain(|(_, c)| {
            let keep = index == 0 || index == last || c.iteration().is_multiple_of(spacing);
            index += 1;
            keep
        });
    }

    /// The latest checkpoint at or before `iteration`.
    pub fn at_or_before(&self, iteration: u64) -> Option<&TrainState> {
        self.checkpoints
            .iter()
            .rev()
            .map(|(_, c)| c)
            .find(|c| c.iteration() <= iteration)
    }

    /// Forgets the checkpoints after `iteration` (the run was rewound there).
    pub fn truncate_after(&mut self, iteration: u64) {
        self.checkpoints.retain(|(_, c)| c.iteration() <= iteration);
    }

    /// Forgets everything (a new run).
    pub fn clear(&mut self) {
        self.checkpoints.clear();
        self.spacing = INITIAL_SPACING;
    }
}
