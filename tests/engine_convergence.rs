//! Real training runs with fixed seeds: the GAN really learns.

use ganvas::gan::{Backend, DataSource, Preset, SnapshotSpec, Snapshotter, Trainer};

fn js_before_and_after(preset: Preset, steps: u64, seed: u64) -> (f64, f64) {
    let mut t = Trainer::new(
        Backend::Flex,
        preset.recommended_config(),
        DataSource::Preset(preset),
        seed,
    )
    .expect("valid");
    let mut snapshotter = Snapshotter::new(SnapshotSpec::default(), seed);
    let before = snapshotter.snapshot(&t).metrics.js.expect("2D data has JS");
    for _ in 0..steps {
        t.step().expect("recommended configs don't diverge");
    }
    (
        before,
        snapshotter.snapshot(&t).metrics.js.expect("2D data has JS"),
    )
}

#[test]
fn gaussians_js_falls_well_below_its_start() {
    let (before, after) = js_before_and_after(Preset::Gaussians, 3000, 1);
    assert!(after < 0.4 * before, "JS {before:.3} → {after:.3}");
}

#[test]
fn ring_js_falls_well_below_its_start() {
    let (before, after) = js_before_and_after(Preset::Ring, 3000, 1);
    assert!(after < 0.4 * before, "JS {before:.3} → {after:.3}");
}

#[test]
fn ring8_covers_at_least_7_of_8_modes_in_6000_steps() {
    let preset = Preset::Ring8;
    let mut t = Trainer::new(
        Backend::Flex,
        preset.recommended_config(),
        DataSource::Preset(preset),
        1,
    )
    .expect("valid");
    for _ in 0..6000 {
        t.step().expect("finite");
    }
    let spec = SnapshotSpec {
        metric_fakes: 20_000,
        ..SnapshotSpec::default()
    };
    let coverage = Snapshotter::new(spec, 1)
        .snapshot(&t)
        .metrics
        .modes
        .expect("ring8 has modes");
    assert!(
        coverage.covered_count() >= 7,
        "covered {}/8: {:?}",
        coverage.covered_count(),
        coverage.shares
    );
}
