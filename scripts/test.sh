#!/usr/bin/env bash
# Runs the whole test suite: every crate's unit tests and the integration tests in tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --no-fail-fast "$@"
