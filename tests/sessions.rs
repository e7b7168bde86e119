//! Sessions: save → load → continue gives the numbers of a run that never stopped;
//! an interrupted save leaves the old file whole; bad files get clear errors.

use ganvas::gan::model::flat_parameters;
use ganvas::gan::session::{self, MAGIC, SESSION_FORMAT, SessionError, write_atomically};
use ganvas::gan::{Backend, DataSource, GanConfig, HyperParams, LossKind, Preset, Trainer};
use ganvas::worker::HistoryPoint;

fn point(iteration: u64) -> HistoryPoint {
    HistoryPoint {
        iteration,
        loss_d: Some(0.5),
        loss_g: Some(1.5),
        lr_d: 0.1,
        lr_g: 0.03,
        kl: None,
        js: Some(0.25),
        modes_covered: Some(3),
        quality: Some(0.75),
    }
}

fn losses_of(t: &mut Trainer, steps: usize) -> Vec<(Option<f32>, Option<f32>)> {
    (0..steps)
        .map(|_| {
            t.step().expect("finite");
            (t.losses().loss_d, t.losses().loss_g)
        })
        .collect()
}

fn save_load_continue(config: GanConfig, data: DataSource) {
    let mut t = Trainer::new(Backend::Flex, config, data, 4).expect("valid");
    losses_of(&mut t, 25);
    let history: Vec<HistoryPoint> = (1..=25).map(point).collect();
    let bytes = session::to_bytes(&t, &history).expect("serialisable");
    let uninterrupted = losses_of(&mut t, 25);
    let weights = (
        flat_parameters(t.generator()),
        flat_parameters(t.discriminator()),
    );

    let loaded = session::from_bytes(&bytes, None).expect("readable");
    assert_eq!(loaded.history, history);
    let mut resumed = loaded.trainer;
    assert_eq!(resumed.counters().iteration, 25);
    assert_eq!(losses_of(&mut resumed, 25), uninterrupted);
    assert_eq!(
        (
            flat_parameters(resumed.generator()),
            flat_parameters(resumed.discriminator())
        ),
        weights
    );
}

#[test]
fn save_load_continue_matches_a_run_that_never_stopped() {
    // Adam's moments and the random generator must both survive the file.
    save_load_continue(
        Preset::Ring8.recommended_config(),
        DataSource::Preset(Preset::Ring8),
    );
}

#[test]
fn drawn_points_sgd_and_wgan_gp_survive_a_session_too() {
    let drawn = DataSource::Drawn(vec![[0.2, 0.3], [0.7, 0.8], [0.5, 0.1]]);
    save_load_continue(GanConfig::default(), drawn.clone());
    let wgan = GanConfig {
        hyper: HyperParams::default().with_loss(LossKind::WganGp),
        ..GanConfig::default()
    };
    save_load_continue(wgan, drawn);
}

#[test]
fn a_session_file_round_trips_through_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("run.ganvas");
    let mut t = Trainer::new(
        Backend::Flex,
        GanConfig::default(),
        DataSource::Preset(Preset::Ring),
        9,
    )
    .expect("valid");
    losses_of(&mut t, 5);
    session::save(&path, &t, &[point(5)]).expect("saved");
    let loaded = session::load(&path, Some(Backend::Ndarray)).expect("loaded");
    assert_eq!(
        loaded.trainer.backend(),
        Backend::Ndarray,
        "a session moves backends"
    );
    assert_eq!(loaded.trainer.data(), &DataSource::Preset(Preset::Ring));
    assert_eq!(loaded.trainer.seed(), 9);
    assert_eq!(
        flat_parameters(loaded.trainer.generator()),
        flat_parameters(t.generator())
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind");
}

#[test]
fn an_interrupted_save_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("run.ganvas");
    std::fs::write(&path, b"the previous session").expect("old file");
    // The write dies half-way (a crash, a full disk): the old file must survive.
    let result = write_atomically(&path, |file| {
        file.write_all(&MAGIC)?;
        Err(std::io::Error::other("simulated crash mid-save"))
    });
    assert!(matches!(result, Err(SessionError::Io { .. })), "{result:?}");
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        b"the previous session"
    );
    let files: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(files.len(), 1, "the half-written temporary file is gone");
}

fn saved_bytes() -> Vec<u8> {
    let t = Trainer::new(
        Backend::Flex,
        GanConfig::default(),
        DataSource::default(),
        0,
    )
    .expect("valid");
    session::to_bytes(&t, &[]).expect("serialisable")
}

fn error_of(bytes: &[u8]) -> String {
    match session::from_bytes(bytes, None) {
        Ok(_) => panic!("accepted a bad session"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn corrupt_and_newer_files_get_clear_errors() {
    let good = saved_bytes();
    assert!(session::from_bytes(&good, None).is_ok());

    assert!(error_of(b"PNG\x89 not a session at all").contains("not a ganvas session"));

    let mut newer = good.clone();
    newer[8..12].copy_from_slice(&(SESSION_FORMAT + 1).to_le_bytes());
    let message = error_of(&newer);
    assert!(
        message.contains("newer ganvas")
            && message.contains(&format!("format {}", SESSION_FORMAT + 1)),
        "{message}"
    );

    let message = error_of(&good[..good.len() - 10]);
    assert!(message.contains("truncated"), "{message}");
    let message = error_of(&good[..30]);
    assert!(
        message.contains("truncated") && message.contains("header"),
        "{message}"
    );

    let mut garbled = good.clone();
    garbled[21] = b'#'; // inside the JSON header
    let message = error_of(&garbled);
    assert!(
        message.contains("corrupt session file") && message.contains("header"),
        "{message}"
    );

    let mut longer = good.clone();
    longer.extend_from_slice(b"junk");
    assert!(error_of(&longer).contains("unexpected bytes"));
}

#[test]
fn a_missing_file_names_the_path() {
    let error = session::load(std::path::Path::new("/nonexistent/run.ganvas"), None)
        .err()
        .expect("missing");
    assert!(
        error.to_string().contains("/nonexistent/run.ganvas"),
        "{error}"
    );
}
