#!/usr/bin/env bash
# Installs the Debian packages anerisc needs, then builds the compiler.
# Usage: ./setup.sh        (as root, or as a user who may run sudo)
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
cargo build --release
echo "anerisc built: target/release/anerisc"
