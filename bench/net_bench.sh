#!/usr/bin/env bash
# Reliable channels vs std TCP on loopback (throughput and round trips), release mode.
# Usage: bench/net_bench.sh   (CARGO_TARGET_DIR is honoured)
# The machine's load is printed before and after: the figures are only comparable with it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p anerisc-runtime --example net_bench
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
cargo run --quiet --release -p anerisc-runtime --example net_bench
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
