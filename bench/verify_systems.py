#!/usr/bin/env python3
"""Time `anerisc verify` on every system of tests/sync/pass/, next to the verification times
the pretend synchrony paper (von Gleissenthall et al., POPL 2019, Goolong) reports. Build first
in release mode:

    cargo build --release -p anerisc
    python3 bench/verify_systems.py [path/to/anerisc] [runs]

Prints one row per system: the median over the runs of each phase as `anerisc verify
--timings` reports it (frontend and lowering to the IR, synchronization, verification
conditions with Z3), of the in-process total, and of the wall time of the whole command
(process start included); then the paper's figures. Target: each system verified in under
100 ms."""

import glob
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "anerisc")
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
TIMES = re.compile(r"frontend\+lowering ([\d.]+) ms, synchronization ([\d.]+) ms, verification conditions and Z3 ([\d.]+) ms, total ([\d.]+) ms")
PAPER = [("two-phase commit", 0.04), ("Raft (leader election)", 0.18), ("single-decree Paxos", 1.51)]


def measure(path):
    rows = []
    for _ in range(RUNS):
        start = time.perf_counter()
        out = subprocess.run([BIN, "verify", "--timings", "--color=never", path], capture_output=True, text=True, timeout=120)
        wall = (time.perf_counter() - start) * 1e3
        m = TIMES.search(out.stderr)
        if out.returncode != 0 or not m:
            sys.exit(f"{path}: anerisc verify failed (exit {out.returncode}):\n{out.stdout}{out.stderr}")
        obligations = len([l for l in out.stdout.splitlines() if l.endswith(": proven")])
        rows.append(tuple(float(g) for g in m.groups()) + (wall, obligations))
    return [statistics.median(col) for col in zip(*rows)]


def main():
    systems = sorted(glob.glob(os.path.join(ROOT, "tests", "sync", "pass", "*.ml")))
    print(f"anerisc verify, median of {RUNS} runs ({BIN})\n")
    print("| system | obligations | frontend ms | synchronization ms | VCs + Z3 ms | total ms | wall ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    for path in systems:
        front, sync, z3, total, wall, obligations = measure(path)
        worst = max(worst, wall)
        name = os.path.splitext(os.path.basename(path))[0]
        print(f"| {name} | {obligations:.0f} | {front:.2f} | {sync:.2f} | {z3:.2f} | {total:.2f} | {wall:.1f} |")
    print("\nThe pretend synchrony paper (Goolong, POPL 2019), verification time per system:\n")
    print("| system | paper s |")
    print("|---|---:|")
    for name, seconds in PAPER:
        print(f"| {name} | {seconds:.2f} |")
    print(f"\nslowest wall time: {worst:.1f} ms (target: under 100 ms for each system)")


if __name__ == "__main__":
    main()
