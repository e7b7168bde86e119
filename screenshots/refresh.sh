#!/usr/bin/env bash
# Refreshes the README's screenshots from the real window, rendered under Xvfb.
# Usage: screenshots/refresh.sh   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps
cargo build --release
bin="${CARGO_TARGET_DIR:-target}/release/ganvas"
shoot() {
  local name=$1; shift
  xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" --screenshot "screenshots/$name.png" "$@" 2>&1 \
    | grep -E "ui-frame-time|error" || true
  echo "screenshots/$name.png"
}
shoot training --steps 3000 --data gaussians --scene recommended
shoot ring8 --steps 1500 --data ring8 --scene recommended
shoot draw --steps 1500 --scene draw
shoot divergence --scene diverge
shoot gan-lab-default --steps 300 --data gaussians
shoot mnist --steps 3000 --scene mnist
shoot scrubber --steps 3000 --data ring8 --scene scrubber
shoot compare --steps 2000 --data ring8 --scene compare
shoot mode-collapse --steps 3000 --scene collapse
