//! Data sources, CSV points and the distribution metrics.

use ganvas::gan::data::GanRng;
use ganvas::gan::data::{DataError, parse_points_csv};
use ganvas::gan::metrics::{histogram, js_divergence, kl_divergence, mode_coverage};
use ganvas::gan::sampler::Sampler;
use ganvas::gan::{DataSource, Preset};
use rand::SeedableRng as _;

fn samples(source: &DataSource, n: usize, seed: u64) -> Vec<f32> {
    let mut out = Vec::new();
    Sampler::new(source)
        .expect("2D sources always sample")
        .sample_into(&mut GanRng::seed_from_u64(seed), n, &mut out);
    out
}

#[test]
fn presets_stay_near_the_unit_square() {
    for preset in Preset::ALL {
        let points = samples(&DataSource::Preset(preset), 5000, 1);
        let inside = points.iter().filter(|v| (-0.1..=1.1).contains(*v)).count();
        assert!(inside as f64 > 0.99 * points.len() as f64, "{preset:?}");
        assert_eq!(Preset::from_name(preset.name()), Some(preset));
    }
}

#[test]
fn two_real_sample_sets_read_near_zero_divergence() {
    for preset in Preset::ALL {
        let source = DataSource::Preset(preset);
        let p = histogram(&samples(&source, 20_000, 1));
        let q = histogram(&samples(&source, 4096, 2));
        let (kl, js) = (kl_divergence(&p, &q), js_divergence(&p, &q));
        assert!(kl < 0.1, "{preset:?}: KL {kl}");
        assert!(js < 0.03, "{preset:?}: JS {js}");
    }
    // …and different data reads far apart.
    let p = histogram(&samples(&DataSource::Preset(Preset::Line), 20_000, 1));
    let q = histogram(&samples(&DataSource::Preset(Preset::Ring), 4096, 2));
    assert!(js_divergence(&p, &q) > 0.5);
}

#[test]
fn real_mixture_samples_cover_every_mode() {
    for preset in [Preset::Ring8, Preset::Grid25, Preset::Disjoint] {
        let modes = preset.modes();
        let coverage = mode_coverage(&modes, &samples(&DataSource::Preset(preset), 4096, 3))
            .expect("mixtures have modes");
        assert_eq!(coverage.covered_count(), modes.len(), "{preset:?}");
        assert!(coverage.quality > 0.97, "{preset:?}: {}", coverage.quality);
    }
    // All samples on one mode: 1 of 8 covered.
    let modes = Preset::Ring8.modes();
    let one_mode: Vec<f32> = (0..100).flat_map(|_| modes[0].centre).collect();
    assert_eq!(
        mode_coverage(&modes, &one_mode).map(|c| c.covered_count()),
        Some(1)
    );
}

#[test]
fn drawn_points_are_sampled_with_jitter() {
    let source = DataSource::Drawn(vec![[0.2, 0.2], [0.8, 0.8]]);
    let points = samples(&source, 2000, 4);
    for p in points.chunks_exact(2) {
        let near = [[0.2f32, 0.2], [0.8, 0.8]]
            .iter()
            .any(|c| (p[0] - c[0]).hypot(p[1] - c[1]) < 0.12);
        assert!(near, "{p:?} is far from every drawn point");
    }
    assert_eq!(
        DataSource::Drawn(vec![]).validate(),
        Err(DataError::NoPoints)
    );
}

#[test]
fn csv_points_parse_and_bad_rows_name_their_line() {
    let good = "x,y\n0.1,0.2\n\n# comment\n0.3;0.4\n";
    assert_eq!(parse_points_csv(good), Ok(vec![[0.1, 0.2], [0.3, 0.4]]));
    let bad = "x,y\n0.1,0.2\n0.3,oops\n";
    let (line, reason) = parse_points_csv(bad).expect_err("row 3 is bad");
    assert_eq!(line, 3);
    assert!(reason.contains("0.3,oops"), "{reason}");
    assert_eq!(parse_points_csv("0.1,0.2,0.3").map_err(|e| e.0), Err(1));
    assert_eq!(parse_points_csv("0.1,NaN").map_err(|e| e.0), Err(1));

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("points.csv");
    std::fs::write(&path, bad).expect("write");
    let error = DataSource::from_csv_file(&path).expect_err("bad file");
    assert!(error.to_string().contains("line 3"), "{error}");
    let missing = DataSource::from_csv_file(&dir.path().join("nope.csv")).expect_err("missing");
    assert!(missing.to_string().contains("nope.csv"), "{missing}");
}
