//! Publishing from the worker: frames (newest wins) and history batches (lossless).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use crossbeam_channel::TrySendError;

use super::Worker;
use crate::gan::TrainState;
use crate::worker::protocol::{Frame, HistoryBatch, Stage, TimelineInfo};

impl Worker {
    pub(super) fn build_frame(&mut self) -> Option<Frame> {
        let trainer = self.trainer.as_ref()?;
        let now = Instant::now();
        let (since, count) = self.rate_window;
        let window = now.duration_since(since).as_secs_f64();
        if window >= 0.5 || !self.playing {
            self.steps_per_sec = if self.playing {
                count as f64 / window
            } else {
                0.0
            };
            self.rate_window = (now, 0);
        }
        let snapshotter = &mut self.snapshotter;
        let snapshot = catch_unwind(AssertUnwindSafe(|| snapshotter.snapshot(trainer))).ok()?;
        Some(Frame {
            snapshot,
            playing: self.playing,
            config: trainer.config().clone(),
            data: trainer.data().clone(),
            backend: trainer.backend(),
            steps_per_sec: self.steps_per_sec,
            speed_cap: self.speed_cap,
            stage: self.stage.map(|s| Stage::ALL[s]),
            timeline: TimelineInfo {
                checkpoints: self.timeline.iterations(),
                memory_bytes: self.timeline.memory_bytes(),
                budget_bytes: self.timeline.budget_bytes(),
                viewing: self.present.as_ref().map(|_| trainer.counters().iteration),
                present: self
                    .present
                    .as_ref()
                    .map_or(trainer.counters().iteration, TrainState::iteration),
            },
            run: self.run,
        })
    }

    /// Snapshots and publishes a frame; its metrics also go into the history point of
    /// the same iteration.
    pub(super) fn publish_frame(&mut self) {
        let Some(frame) = self.build_frame() else {
            self.flush_history();
            return;
        };
        if let Some(point) = self.pending_history.last_mut()
            && point.iteration == frame.snapshot.counters.iteration
        {
            let metrics = &frame.snapshot.metrics;
            point.kl = metrics.kl;
            point.js = metrics.js;
            (point.modes_covered, point.quality) = match (&metrics.modes, &metrics.classes) {
                (Some(m), _) => (Some(m.covered_count() as u32), Some(m.quality)),
                (None, Some(c)) => (Some(c.classes_covered() as u32), Some(c.mean_confidence)),
                (None, None) => (None, None),
            };
        }
        self.send_frame(frame);
    }

    /// Replaces any unread frame with this one, flushes history and wakes the UI.
    pub(super) fn send_frame(&mut self, frame: Frame) {
        while self.links.frames_rx.try_recv().is_ok() {}
        self.links.frames_tx.try_send(frame).ok(); // capacity 1 and just emptied
        self.last_frame_at = Instant::now();
        self.flush_history();
        (self.links.wake)();
    }

    /// Sends the accumulated history; when the channel is full it stays pending and
    /// goes out with the next batch, so no point is lost.
    pub(super) fn flush_history(&mut self) {
        if self.pending_history.is_empty() && self.pending_rewind.is_none() {
            return;
        }
        let batch = HistoryBatch {
            rewound_to: self.pending_rewind.take(),
            points: std::mem::take(&mut self.pending_history),
        };
        if let Err(TrySendError::Full(batch) | TrySendError::Disconnected(batch)) =
            self.links.history.try_send(batch)
        {
            self.pending_rewind = batch.rewound_to;
            self.pending_history = batch.points;
        }
    }
}
