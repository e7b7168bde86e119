#!/usr/bin/env python3
"""PyTorch CPU reference timing for the small 2D GANs trained by the Rust engine.

Builds the same networks / loss / optimiser / update schedule and reports
training iterations per second (one iteration = k_D discriminator updates
followed by one generator update).

Usage:
    python benches/pytorch_reference.py --config gan_lab --threads 1 [--steps 3000]

Prints one JSON line:
    {"config", "threads", "steps", "elapsed_s", "steps_per_sec", "torch_version"}
"""

import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    "gan_lab": dict(hidden=32, batch=256, k_d=2, lr_d=2e-3, lr_g=5e-4),
    "ring8": dict(hidden=64, batch=256, k_d=2, lr_d=1e-3, lr_g=1e-3),
}

NOISE_DIM = 2
DATA_DIM = 2
WARMUP = 200

# Real data: 8 gaussians on a circle (centre (0.5, 0.5), radius 0.35, sigma 0.02).
N_MODES = 8
CENTRE = 0.5
RADIUS = 0.35
SIGMA = 0.02


def mlp(inp, hidden, out):
    return nn.Sequential(
        nn.Linear(inp, hidden),
        nn.ReLU(),
        nn.Linear(hidden, hidden),
        nn.ReLU(),
        nn.Linear(hidden, out),
    )


def make_sampler():
    angles = torch.arange(N_MODES, dtype=torch.float32) * (2.0 * math.pi / N_MODES)
    centres = torch.stack(
        [CENTRE + RADIUS * torch.cos(angles), CENTRE + RADIUS * torch.sin(angles)], dim=1
    )

    def sample_real(n):
        idx = torch.randint(0, N_MODES, (n,))
        return centres[idx] + SIGMA * torch.randn(n, DATA_DIM)

    return sample_real


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", choices=sorted(CONFIGS), default="gan_lab")
    ap.add_argument("--steps", type=int, default=3000, help="timed iterations")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    cfg = CONFIGS[args.config]
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    g = mlp(NOISE_DIM, cfg["hidden"], DATA_DIM)
    d = mlp(DATA_DIM, cfg["hidden"], 1)
    opt_g = torch.optim.Adam(g.parameters(), lr=cfg["lr_g"], betas=(0.5, 0.999), eps=1e-8)
    opt_d = torch.optim.Adam(d.parameters(), lr=cfg["lr_d"], betas=(0.5, 0.999), eps=1e-8)

    batch, k_d = cfg["batch"], cfg["k_d"]
    ones = torch.ones(batch, 1)
    zeros = torch.zeros(batch, 1)
    sample_real = make_sampler()

    def iteration():
        # k_D discriminator updates, each with a fresh real batch and fresh noise.
        for _ in range(k_d):
            real = sample_real(batch)
            with torch.no_grad():
                fake = g(torch.randn(batch, NOISE_DIM))
            loss_d = F.binary_cross_entropy_with_logits(
                d(real), ones
            ) + F.binary_cross_entropy_with_logits(d(fake), zeros)
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
        # One generator update (non-saturating loss), fresh noise.
        fake = g(torch.randn(batch, NOISE_DIM))
        loss_g = F.binary_cross_entropy_with_logits(d(fake), ones)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        return loss_d, loss_g

    for _ in range(WARMUP):
        iteration()

    t0 = time.perf_counter()
    for _ in range(args.steps):
        loss_d, loss_g = iteration()
    elapsed = time.perf_counter() - t0
    # Sanity: losses must be finite (also forces nothing lazy is pending).
    assert math.isfinite(loss_d.item()) and math.isfinite(loss_g.item())

    print(
        json.dumps(
            {
                "config": args.config,
                "threads": args.threads,
                "steps": args.steps,
                "elapsed_s": round(elapsed, 4),
                "steps_per_sec": round(args.steps / elapsed, 2),
                "torch_version": torch.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
