#!/bin/sh
# Builds the OCaml shim of the Aneris library into OUTDIR: .cmi/.cmo/.cmx/.o of every
# module and the archives aneris_shim.cma / aneris_shim.cmxa. The interfaces are the ones in
# stdlib/mli/ (copied, never edited here).
#
#   stdlib/ocaml/build.sh OUTDIR
#   ocamlc -i [-rectypes] -I OUTDIR prog.ml
#   ocamlfind ocamlopt -package unix,threads.posix -thread -linkpkg -rectypes \
#       -I OUTDIR OUTDIR/aneris_shim.cmxa prog.ml -o prog
#
# Modules whose interface mentions List_code's recursive abbreviation ('a alist) need
# -rectypes, as in Aneris; so does every program that uses them.
set -eu
if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
mli="$here/../mli"
mkdir -p "$1"
out=$(cd "$1" && pwd)

# In dependency order; the second word says whether the interface needs -rectypes.
modules="ast: list_code:-rectypes set_code:-rectypes map_code:-rectypes queue_code:-rectypes
network_util_code:-rectypes serialization_code:-rectypes client_server_code: mt_server_code:
rpc_code: system_code:"

ocamlfind ocamlc -version >/dev/null 2>&1 || { echo "$0: ocamlfind is not installed" >&2; exit 1; }

cd "$out"
pkgs="-package unix,threads.posix -thread"
cmo="" cmx=""
for entry in $modules; do
  m=${entry%%:*}
  flags=${entry#*:}
  cp "$mli/$m.mli" "$here/$m.ml" .
  ocamlfind ocamlc $pkgs $flags -c "$m.mli"
  ocamlfind ocamlc $pkgs -rectypes -w +a-4-9-40-41-42-44-45-70 -g -c "$m.ml"
  ocamlfind ocamlopt $pkgs -rectypes -w +a-4-9-40-41-42-44-45-70 -g -c "$m.ml"
  cmo="$cmo $m.cmo"
  cmx="$cmx $m.cmx"
done
ocamlfind ocamlc -a $cmo -o aneris_shim.cma
ocamlfind ocamlopt -a $cmx -o aneris_shim.cmxa
