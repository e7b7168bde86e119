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

fn ring8_coverage(config: ganvas::gan::GanConfig, steps: u64, seed: u64) -> (usize, f32) {
    let preset = Preset::Ring8;
    let mut t =
        Trainer::new(Backend::Flex, config, DataSource::Preset(preset), seed).expect("valid");
    for _ in 0..steps {
        t.step().expect("finite");
    }
    let spec = SnapshotSpec {
        metric_fakes: 20_000,
        ..SnapshotSpec::default()
    };
    let coverage = Snapshotter::new(spec, seed)
        .snapshot(&t)
        .metrics
        .modes
        .expect("ring8 has modes");
    (coverage.covered_count(), coverage.quality)
}

#[test]
fn wgan_gp_and_hinge_cover_all_8_ring_modes() {
    use ganvas::gan::LossKind;
    for (loss, seed) in [(LossKind::WganGp, 3), (LossKind::Hinge, 1)] {
        let mut config = Preset::Ring8.recommended_config();
        config.hyper = config.hyper.with_loss(loss);
        let (covered, quality) = ring8_coverage(config, 3000, seed);
        assert_eq!(covered, 8, "{loss:?}: quality {quality}");
    }
}

#[test]
fn the_mode_collapse_demo_collapses_and_its_fix_covers_every_mode() {
    use ganvas::gan::demos::ModeCollapseDemo;
    for seed in [0, 5] {
        let (covered, quality) = ring8_coverage(ModeCollapseDemo::config(), 3000, seed);
        assert!(covered < 8, "seed {seed}: the demo covered all 8 modes");
        assert!(
            quality > 0.5,
            "seed {seed}: collapsed onto modes, not lost ({quality})"
        );
        let mut fixed = ModeCollapseDemo::config();
        fixed.hyper = ModeCollapseDemo::fix(fixed.hyper);
        let (covered, _) = ring8_coverage(fixed, 3000, seed);
        assert_eq!(covered, 8, "seed {seed}: the fix covered {covered}/8");
    }
}
