#!/usr/bin/env bash
# Reliable channels vs std TCP on loopback (throughput and round trips), release mode.
# Usage: bench/net_bench.sh   (CARGO_TARGET_DIR is honoured)
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release -p anerisc-runtime --example net_bench
