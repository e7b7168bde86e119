//! Sessions: a whole run — configuration, data (drawn points included), weights,
//! optimizer state, random generator, counters and metric history — in one file.
//!
//! Layout (little-endian):
//!
//! | bytes | contents |
//! |---|---|
//! | 8 | magic `GANVAS\x00S` |
//! | 4 | format version ([`SESSION_FORMAT`]) |
//! | 8 + n | header length, then the header as JSON ([`Header`]) |
//! | 8 + 4·n | generator values (every parameter and buffer, visiting order) |
//! | 8 + 4·n | discriminator values |
//! | 8 + n | generator optimizer state (burn's burnpack bytes) |
//! | 8 + n | discriminator optimizer state |
//!
//! Files are written to a temporary file beside the target and renamed over it, so a
//! crash mid-save leaves the previous file whole.

mod error;
mod io;

pub use error::SessionError;

use std::path::Path;

use burn::optim::ModuleOptimizer;
use serde::{Deserialize, Serialize};

use super::backend::Backend;
use super::config::GanConfig;
use super::data::{DataSource, GanRng};
use super::model::{Discriminator, Generator};
use super::optim::{self, OptimizerSpec};
use super::progress::{Counters, HistoryPoint, Losses};
use super::trainer::{TrainState, Trainer};
use io::{ByteReader, export_params, import_params};
pub use io::{ParamEntry, write_atomically};

/// The first eight bytes of a session file.
pub const MAGIC: [u8; 8] = *b"GANVAS\x00S";
/// The session format this build writes (and the newest it reads).
pub const SESSION_FORMAT: u32 = 1;

/// Everything in a session file besides the tensors, stored as JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Header {
    /// The ganvas version that wrote the file.
    pub written_by: String,
    /// Backend the run trained on.
    pub backend: Backend,
    /// Seed of the run.
    pub seed: u64,
    /// Model and hyper-parameters.
    pub config: GanConfig,
    /// Data trained on (drawn points included).
    pub data: DataSource,
    /// Progress counters.
    pub counters: Counters,
    /// Latest losses.
    pub losses: Losses,
    /// The random generator, so the run continues with the same numbers.
    pub rng: GanRng,
    /// Generator parameters: ids and shapes, in visiting order.
    pub generator: Vec<ParamEntry>,
    /// Discriminator parameters: ids and shapes, in visiting order.
    pub discriminator: Vec<ParamEntry>,
    /// The metric history, one point per iteration.
    pub history: Vec<HistoryPoint>,
}

/// A session read back: a trainer ready to continue, and the metric history.
pub struct LoadedSession {
    /// The trainer, exactly where the saved run stopped.
    pub trainer: Trainer,
    /// The metric history saved with it.
    pub history: Vec<HistoryPoint>,
}

/// Writes a session of `trainer` (and its metric `history`) to `path` atomically.
pub fn save(path: &Path, trainer: &Trainer, history: &[HistoryPoint]) -> Result<(), SessionError> {
    let bytes = to_bytes(trainer, history)?;
    write_atomically(path, |file| file.write_all(&bytes))
}

/// Reads a session from `path` onto `backend` (`None` = the backend it was saved on).
pub fn load(path: &Path, backend: Option<Backend>) -> Result<LoadedSession, SessionError> {
    let bytes = std::fs::read(path).map_err(|e| SessionError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    from_bytes(&bytes, backend)
}

/// A session of `trainer` and `history` as bytes.
pub fn to_bytes(trainer: &Trainer, history: &[HistoryPoint]) -> Result<Vec<u8>, SessionError> {
    let state = trainer.state();
    let (g_entries, g_values) = export_params(&state.generator);
    let (d_entries, d_values) = export_params(&state.discriminator);
    let header = Header {
        written_by: env!("CARGO_PKG_VERSION").to_owned(),
        backend: state.backend,
        seed: trainer.seed(),
        config: state.config.clone(),
        data: state.data.clone(),
        counters: state.counters,
        losses: state.losses,
        rng: state.rng.clone(),
        generator: g_entries,
        discriminator: d_entries,
        history: history.to_vec(),
    };
    let json = serde_json::to_vec(&header).map_err(|e| SessionError::Corrupt(e.to_string()))?;
    let optim_bytes = |o: &ModuleOptimizer| {
        o.into_bytes()
            .map(|b| b.to_vec())
            .map_err(|e| SessionError::Corrupt(format!("optimizer state: {e}")))
    };
    let (optim_g, optim_d) = (optim_bytes(&state.optim_g)?, optim_bytes(&state.optim_d)?);
    let mut out = Vec::with_capacity(json.len() + 4 * (g_values.len() + d_values.len()) + 64);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&SESSION_FORMAT.to_le_bytes());
    io::put_block(&mut out, &json);
    io::put_floats(&mut out, &g_values);
    io::put_floats(&mut out, &d_values);
    io::put_block(&mut out, &optim_g);
    io::put_block(&mut out, &optim_d);
    Ok(out)
}

/// Reads a session from bytes onto `backend` (`None` = the backend it was saved on).
pub fn from_bytes(bytes: &[u8], backend: Option<Backend>) -> Result<LoadedSession, SessionError> {
    let mut reader = ByteReader::new(bytes);
    let magic = reader.take(MAGIC.len(), "magic bytes")?;
    if magic != MAGIC {
        return Err(SessionError::NotASession);
    }
    let format = reader.u32("format version")?;
    if format > SESSION_FORMAT {
        return Err(SessionError::Newer {
            found: format,
            supported: SESSION_FORMAT,
        });
    }
    let json = reader.block("header")?;
    let header: Header =
        serde_json::from_slice(json).map_err(|e| SessionError::Corrupt(format!("header: {e}")))?;
    let g_values = reader.floats("generator weights")?;
    let d_values = reader.floats("discriminator weights")?;
    let optim_g = reader.block("generator optimizer state")?.to_vec();
    let optim_d = reader.block("discriminator optimizer state")?.to_vec();
    reader.finish()?;

    let backend = backend.unwrap_or(header.backend);
    let mut trainer = Trainer::new(
        backend,
        header.config.clone(),
        header.data.clone(),
        header.seed,
    )?;
    let generator: Generator =
        import_params(trainer.generator().clone(), &header.generator, &g_values)
            .map_err(|e| SessionError::Corrupt(format!("generator weights: {e}")))?;
    let discriminator: Discriminator = import_params(
        trainer.discriminator().clone(),
        &header.discriminator,
        &d_values,
    )
    .map_err(|e| SessionError::Corrupt(format!("discriminator weights: {e}")))?;
    let spec = OptimizerSpec::of(&header.config.hyper);
    let optimizer = |bytes: Vec<u8>, what: &str| {
        optim::build(spec)
            .from_bytes(burn::tensor::Bytes::from_bytes_vec(bytes))
            .map_err(|e| SessionError::Corrupt(format!("{what} optimizer state: {e}")))
    };
    let state = TrainState {
        counters: header.counters,
        losses: header.losses,
        config: header.config,
        data: header.data,
        backend: header.backend,
        rng: header.rng,
        generator,
        discriminator,
        optim_g: optimizer(optim_g, "generator")?,
        optim_d: optimizer(optim_d, "discriminator")?,
    };
    trainer.restore(state)?;
    Ok(LoadedSession {
        trainer,
        history: header.history,
    })
}
