//! The `ganvas train` command as a script sees it: exit codes, messages, the JSON line.

use std::process::Command;

fn ganvas(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ganvas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn last_json_line(out: &std::process::Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().expect("some output");
    serde_json::from_str(line).unwrap_or_else(|e| panic!("last line is not JSON ({e}): {line}"))
}

#[test]
fn ring8_6000_steps_prints_the_json_line_with_7_of_8_modes() {
    let out = ganvas(&[
        "train", "--data", "ring8", "--steps", "6000", "--seed", "1", "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = last_json_line(&out);
    for field in [
        "steps",
        "elapsed_s",
        "steps_per_sec",
        "loss_d",
        "loss_g",
        "kl",
        "js",
        "modes_covered",
        "modes_total",
    ] {
        assert!(json.get(field).is_some(), "missing {field}: {json}");
    }
    assert_eq!(json["steps"], 6000);
    assert_eq!(json["modes_total"], 8);
    assert!(
        json["modes_covered"].as_u64().expect("a number") >= 7,
        "{json}"
    );
}

#[test]
fn flags_override_the_preset_and_same_seed_repeats_exactly() {
    let args = [
        "train",
        "--data",
        "gaussians",
        "--steps",
        "50",
        "--seed",
        "3",
        "--json",
        "--lr-d",
        "0.01",
        "--optimizer",
        "sgd",
        "--loss",
        "least-squares",
        "--k",
        "1",
        "--k-g",
        "2",
        "--batch",
        "32",
        "--g-layers",
        "1",
        "--g-neurons",
        "8",
        "--d-layers",
        "3",
        "--d-neurons",
        "4",
        "--noise-dim",
        "3",
        "--noise",
        "uniform",
        "--activation",
        "leaky-relu",
    ];
    let (a, b) = (
        last_json_line(&ganvas(&args)),
        last_json_line(&ganvas(&args)),
    );
    assert_eq!(a["loss_d"], b["loss_d"]);
    assert_eq!(a["js"], b["js"]);
    assert!(
        a.get("modes_covered").is_none(),
        "gaussians has no known modes"
    );
}

#[test]
fn bad_input_gives_a_one_line_error_and_a_non_zero_exit() {
    let out = ganvas(&["train", "--steps", "10", "--lr-d", "-1"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("lr-d"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let out = ganvas(&["train", "--data", "nonsense"]);
    assert!(!out.status.success());

    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("points.csv");
    std::fs::write(&csv, "x,y\n0.1,0.2\nnot,a number\n").expect("write");
    let out = ganvas(&[
        "train",
        "--steps",
        "10",
        "--data-file",
        csv.to_str().expect("utf-8"),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn divergence_exits_non_zero_with_the_iteration_and_network() {
    let out = ganvas(&[
        "train",
        "--steps",
        "500",
        "--optimizer",
        "sgd",
        "--loss",
        "least-squares",
        "--lr-d",
        "50",
        "--lr-g",
        "50",
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("diverged at iteration"), "{stderr}");
    assert!(
        stderr.contains("generator") || stderr.contains("discriminator"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_csv_of_points_trains() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("points.csv");
    std::fs::write(&csv, "x,y\n0.2,0.2\n0.8,0.8\n0.2,0.8\n").expect("write");
    let out = ganvas(&[
        "train",
        "--steps",
        "20",
        "--json",
        "--data-file",
        csv.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(last_json_line(&out)["data"], "drawn (3 points)");
}

#[test]
fn save_then_load_continues_where_the_run_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = dir.path().join("run.ganvas");
    let history = dir.path().join("history.csv");
    let session_arg = session.to_str().expect("utf-8");
    let out = ganvas(&[
        "train",
        "--data",
        "ring",
        "--steps",
        "40",
        "--seed",
        "3",
        "--save",
        session_arg,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ganvas(&[
        "train",
        "--load",
        session_arg,
        "--steps",
        "20",
        "--lr-g",
        "0.003",
        "--json",
        "--export-history",
        history.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = last_json_line(&out);
    assert_eq!(json["steps"], 60, "40 saved + 20 more: {json}");
    assert_eq!(json["seed"], 3, "the session's seed");
    assert_eq!(json["data"], "ring");
    let csv = std::fs::read_to_string(&history).expect("history written");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("iteration,loss_d,loss_g,lr_d,lr_g,kl,js,modes_covered,quality")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 60, "the saved history plus the new rows");
    assert!(rows[0].starts_with("1,") && rows[59].starts_with("60,"));
    let lr_g = |row: &str| row.split(',').nth(4).expect("lr_g column").to_owned();
    assert_ne!(lr_g(rows[39]), "0.003", "the saved run kept its own lr");
    assert_eq!(lr_g(rows[40]), "0.003", "--lr-g applies to the loaded run");
}

#[test]
fn a_corrupt_session_is_refused_with_its_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.ganvas");
    std::fs::write(&path, b"definitely not a session").expect("written");
    let out = ganvas(&["train", "--load", path.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.ganvas") && stderr.contains("not a ganvas session"),
        "{stderr}"
    );
}

#[test]
fn two_d_samples_export_as_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fakes.csv");
    let out = ganvas(&[
        "train",
        "--data",
        "ring8",
        "--steps",
        "10",
        "--export-samples",
        path.to_str().expect("utf-8"),
        "--samples",
        "250",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&path).expect("written");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("x,y"));
    let rows: Vec<(f32, f32)> = lines
        .map(|l| {
            let (x, y) = l.split_once(',').expect("two columns");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect();
    assert_eq!(rows.len(), 250);
    assert!(rows.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
}

#[test]
fn wgpu_without_its_feature_is_a_clear_error() {
    if cfg!(feature = "wgpu") {
        return; // this build has it
    }
    let out = ganvas(&["train", "--backend", "wgpu", "--steps", "1"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("wgpu") && stderr.contains("cargo feature"),
        "{stderr}"
    );
}
