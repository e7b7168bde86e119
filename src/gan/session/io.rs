//! Byte-level helpers of the session format: blocks, floats, parameter export and
//! import, and the atomic write.

use std::path::Path;

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param, ParamId};
use burn::prelude::*;
use serde::{Deserialize, Serialize};

use super::SessionError;
use crate::gan::model::to_vec;

/// One saved parameter (or buffer such as batch norm's running mean).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParamEntry {
    /// The parameter's id: optimizer state is keyed by it.
    pub id: u64,
    /// Its shape.
    pub shape: Vec<usize>,
}

/// Every parameter and buffer of a module, in visiting order: entries and values.
pub fn export_params<M: Module>(module: &M) -> (Vec<ParamEntry>, Vec<f32>) {
    struct Export(Vec<ParamEntry>, Vec<f32>);
    impl ModuleVisitor for Export {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            let tensor = param.val();
            self.0.push(ParamEntry {
                id: param.id.val(),
                shape: tensor.shape().to_vec(),
            });
            self.1.extend(to_vec(tensor));
        }
    }
    let mut export = Export(Vec::new(), Vec::new());
    module.visit(&mut export);
    (export.0, export.1)
}

/// Loads saved values into a module of the same architecture, restoring the saved
/// parameter ids (so the saved optimizer state finds its parameters).
pub fn import_params<M: Module>(
    module: M,
    entries: &[ParamEntry],
    values: &[f32],
) -> Result<M, String> {
    let expected: usize = entries
        .iter()
        .map(|e| e.shape.iter().product::<usize>())
        .sum();
    if expected != values.len() {
        return Err(format!(
            "{} values stored, the parameter shapes need {expected}",
            values.len()
        ));
    }
    struct Import<'a> {
        entries: &'a [ParamEntry],
        values: &'a [f32],
        next: usize,
        offset: usize,
        error: Option<String>,
    }
    impl ModuleMapper for Import<'_> {
        fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            let Some(entry) = self.entries.get(self.next) else {
                self.error
                    .get_or_insert_with(|| "the model has more parameters than saved".into());
                return param;
            };
            self.next += 1;
            let current = param.val();
            if current.shape().to_vec() != entry.shape {
                self.error.get_or_insert_with(|| {
                    format!(
                        "parameter {} has shape {:?}, saved {:?}",
                        self.next - 1,
                        current.shape().to_vec(),
                        entry.shape
                    )
                });
                return param;
            }
            let count: usize = entry.shape.iter().product();
            let data = self.values[self.offset..self.offset + count].to_vec();
            self.offset += count;
            let tensor = Tensor::from_data(
                TensorData::new(data, entry.shape.clone()),
                &current.device(),
            );
            param.transform_for_load(tensor, ParamId::from(entry.id))
        }
    }
    let mut import = Import {
        entries,
        values,
        next: 0,
        offset: 0,
        error: None,
    };
    let module = module.map(&mut import);
    match import.error {
        Some(error) => Err(error),
        None if import.next != entries.len() => Err(format!(
            "{} parameters saved, the model has {}",
            entries.len(),
            import.next
        )),
        None => Ok(module),
    }
}

/// Appends a length-prefixed block of bytes.
pub fn put_block(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Appends a count-prefixed run of floats.
pub fn put_floats(out: &mut Vec<u8>, values: &[f32]) {
    out.extend_from_slice(&(values.len() as u64).to_le_bytes());
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Reads the session layout front to back, naming what was being read when the
/// bytes run out.
pub struct ByteReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> ByteReader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], SessionError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(SessionError::Truncated { what })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    /// A little-endian u32.
    pub fn u32(&mut self, what: &'static str) -> Result<u32, SessionError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn length(&mut self, what: &'static str) -> Result<usize, SessionError> {
        let b = self.take(8, what)?;
        let mut word = [0u8; 8];
        word.copy_from_slice(b);
        usize::try_from(u64::from_le_bytes(word)).map_err(|_| SessionError::Truncated { what })
    }

    /// A length-prefixed block.
    pub fn block(&mut self, what: &'static str) -> Result<&'a [u8], SessionError> {
        let n = self.length(what)?;
        self.take(n, what)
    }

    /// A count-prefixed run of floats.
    pub fn floats(&mut self, what: &'static str) -> Result<Vec<f32>, SessionError> {
        let n = self.length(what)?;
        let bytes = self.take(
            n.checked_mul(4).ok_or(SessionError::Truncated { what })?,
            what,
        )?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// Checks that nothing follows the last block.
    pub fn finish(&self) -> Result<(), SessionError> {
        match self.bytes.len() - self.at {
            0 => Ok(()),
            extra => Err(SessionError::Corrupt(format!(
                "{extra} unexpected bytes after the last block"
            ))),
        }
    }
}

/// Writes a file atomically: `write` fills a temporary file beside `path`, which is
/// flushed to disk and renamed over `path` only if `write` succeeds. Readers see the
/// old file or the new one, never half of one; a failed or interrupted write leaves
/// the old file as it was.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), SessionError> {
    let io_error = |e: std::io::Error| SessionError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io_error)?;
    write(temp.as_file_mut()).map_err(io_error)?;
    temp.as_file().sync_all().map_err(io_error)?;
    temp.persist(path).map_err(|e| io_error(e.error))?;
    Ok(())
}
