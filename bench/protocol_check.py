#!/usr/bin/env python3
"""Time `anerisc check` per protocol example, split into frontend (+ lowering to the IR),
protocol walk and Z3, as reported by `anerisc check --verbose`. Build first in release mode:

    cargo build --release -p anerisc
    python3 bench/protocol_check.py [path/to/anerisc] [runs]

Examples: every program of examples/ and of tests/protocols/ (pass and fail).
Prints one row per example: the median over the runs of each part, of the wall time of the
whole command (process start and library loading included), and of the CPU time the
command used (user + system, all its threads): on a machine shared with other work the
wall times grow with the load, the CPU time much less. A program the session checker does
not run on (the frontend rejects it, or it makes no channels) has only its wall and CPU times."""

import glob
import os
import re
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "anerisc")
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
TIMES = re.compile(r"time: frontend\+lowering ([\d.]+) ms, protocol walk ([\d.]+) ms, Z3 ([\d.]+) ms")


def examples():
    found = sorted(glob.glob(os.path.join(ROOT, "examples", "*.ml")))
    found += sorted(glob.glob(os.path.join(ROOT, "tests", "protocols", "pass", "*.ml")))
    found += sorted(glob.glob(os.path.join(ROOT, "tests", "protocols", "fail", "*.ml")))
    return found


def measure(path):
    rows = []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run([BIN, "check", "--verbose", "--color=never", path], capture_output=True, text=True, timeout=60)
        wall = (time.perf_counter() - start) * 1e3
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1e3
        m = TIMES.search(out.stdout)
        parts = (float(m.group(1)), float(m.group(2)), float(m.group(3))) if m else (None, None, None)
        rows.append(parts + (wall, cpu))
    medians = [None if None in col else statistics.median(col) for col in zip(*rows)]
    return medians, out.returncode


def main():
    if not os.path.exists(BIN):
        sys.exit(f"no binary at {BIN}: build with `cargo build --release -p anerisc` first")
    print(f"{'example':48} {'exit':>4} {'frontend':>9} {'walk':>7} {'Z3':>7} {'checker':>8} {'wall':>7} {'cpu':>7}   (ms, median of {RUNS})")
    worst = worst_cpu = 0.0
    for path in examples():
        (front, walk, z3, wall, cpu), code = measure(path)
        name = os.path.relpath(path, ROOT)
        worst_cpu = max(worst_cpu, cpu)
        if front is None:
            print(f"{name:48} {code:>4} {'(session checker not run)':>35} {wall:7.2f} {cpu:7.2f}")
            continue
        total = front + walk + z3
        worst = max(worst, total)
        print(f"{name:48} {code:>4} {front:9.2f} {walk:7.2f} {z3:7.2f} {total:8.2f} {wall:7.2f} {cpu:7.2f}")
    print(f"slowest in-process total: {worst:.2f} ms, slowest CPU time: {worst_cpu:.2f} ms (target: under 50 ms)")


if __name__ == "__main__":
    main()
