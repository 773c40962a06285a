#!/usr/bin/env python3
"""Front-end speed: `anerisc check` (release build) against `ocamlc -i` on one generated program.

Usage: bench/check_speed.py [LINES] [RUNS]    (defaults: 20000 lines, 5 runs; the best run counts)
Prints the best wall-clock time of each, lines per second, and the ratio ocamlc/anerisc
(above 1.0 means anerisc is faster). Builds anerisc in release mode first.
"""
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def best_of(runs, cmd, cwd):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{result.stderr.decode()}")
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    anerisc = os.path.join(ROOT, "target", "release", "anerisc")
    with tempfile.TemporaryDirectory() as work:
        program = os.path.join(work, "big.ml")
        with open(program, "w") as out:
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_program.py"), str(lines)],
                           stdout=out, check=True)
        actual = sum(1 for _ in open(program))
        ours = best_of(runs, [anerisc, "check", "--color=never", "big.ml"], work)
        theirs = best_of(runs, ["ocamlc", "-i", "big.ml"], work)
    print(f"{'tool':<16} {'lines':>8} {'best (s)':>10} {'lines/s':>12}")
    print(f"{'anerisc check':<16} {actual:>8} {ours:>10.3f} {actual / ours:>12.0f}")
    print(f"{'ocamlc -i':<16} {actual:>8} {theirs:>10.3f} {actual / theirs:>12.0f}")
    print(f"ratio ocamlc/anerisc: {theirs / ours:.2f}x (target: >= 1.00)")


if __name__ == "__main__":
    main()
