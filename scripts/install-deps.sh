#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/debian-packages.txt that are missing:
#   build-essential, pkg-config: the C toolchain that links native programs
#   libz3-dev, clang: the Z3 solver the protocol checker links against (clang for its bindings)
#   ocaml-nox, ocaml-findlib: real OCaml, which the differential tests compare against
set -euo pipefail
cd "$(dirname "$0")"
missing=()
while read -r p; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done < debian-packages.txt
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
