#!/usr/bin/env python3
"""Native benchmarks: every `bench/native/*.ml` built with `anerisc build -O2` (release build),
`ocamlopt` and `ocamlc` (as Debian ships them), run in the same session.

Usage: bench/native/run.py [--runs N] [--anerisc PATH] [--compile-only] [PROGRAM ...]

Builds anerisc in release mode first (`cargo build --release`, honouring CARGO_TARGET_DIR)
unless --anerisc names a binary. Each executable runs N times (default 3); the best wall-clock
time counts, and the peak resident set of that run is reported. The three outputs (stdout and
exit code) must agree, or the script fails. Programs that mention an Aneris library module
are built against the OCaml shim of `stdlib/ocaml/` (through `ocamlfind`, as
`tests/programs.rs` does). Prints markdown tables (run times and peak memory; compile
times; the phases of the fastest `anerisc build`, as its `--timings` reports them) and the
median ratio anerisc/ocamlopt. With --compile-only, only the builds are timed.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# Library modules that only the shim provides to real OCaml.
SHIM_MODULES = ["Ast", "List_code", "Set_code", "Map_code", "Queue_code", "Network_util_code",
                "Serialization_code", "Client_server_code", "Mt_server_code", "Rpc_code"]


def fail(message):
    sys.exit(f"run.py: {message}")


def build_anerisc():
    """Builds the release binary and returns its path."""
    result = subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "anerisc"], cwd=ROOT)
    if result.returncode != 0:
        fail("cargo build --release failed")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "anerisc")


def timed(cmd, cwd, stdout=subprocess.DEVNULL):
    """Runs `cmd`; returns (seconds, peak RSS in KiB, exit code, stderr text). The peak RSS
    comes from `/usr/bin/time -f %M` (a child forked from Python would count Python's own
    pages before its exec)."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile(mode="r") as rss:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name] + cmd, cwd=cwd, stdout=stdout, stderr=err)
        elapsed = time.perf_counter() - start
        err.seek(0)
        words = rss.read().split()
        peak = int(words[-1]) if words and words[-1].isdigit() else 0
        return elapsed, peak, proc.returncode, err.read().decode(errors="replace")


def best_build(cmd, cwd, runs):
    """Builds with `cmd` `runs` times; the best time and that build's stderr."""
    best = None
    for _ in range(runs):
        elapsed, _, code, err = timed(cmd, cwd)
        if code != 0:
            fail(f"{' '.join(cmd)} failed:\n{err}")
        if best is None or elapsed < best[0]:
            best = (elapsed, err)
    return best


def phases(timings):
    """The phases of `anerisc build --timings` output: [(name, seconds)], total included."""
    rows = []
    for line in timings.splitlines()[1:]:
        name, _, seconds = line.strip().rpartition(" ")
        rows.append((name.strip(), float(seconds)))
    return rows


def best_run(exe, cwd, runs):
    """Runs `exe` `runs` times; (best time, its peak RSS in KiB, stdout, exit code)."""
    best = None
    output = None
    for _ in range(runs):
        with tempfile.TemporaryFile() as out:
            elapsed, rss, code, _ = timed([exe], cwd, stdout=out)
            out.seek(0)
            text = out.read().decode(errors="replace")
        result = (text, code)
        if output is not None and result != output:
            fail(f"{exe} gave different outputs from one run to the next")
        output = result
        if best is None or elapsed < best[0]:
            best = (elapsed, rss)
    return best[0], best[1], output[0], output[1]


def build_shim(work):
    """Builds the OCaml shim of the library once; its folder."""
    out = os.path.join(work, "shim")
    result = subprocess.run(["sh", os.path.join(ROOT, "stdlib", "ocaml", "build.sh"), out],
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"stdlib/ocaml/build.sh failed:\n{result.stdout}{result.stderr}")
    return out


def ocaml_command(compiler, source, exe, shim):
    """The command building `source` with `compiler` (ocamlopt or ocamlc), shim if needed."""
    if shim is None:
        return [compiler, "-w", "-a", source, "-o", exe]
    archive = "aneris_shim.cmxa" if compiler == "ocamlopt" else "aneris_shim.cma"
    return ["ocamlfind", compiler, "-package", "unix,threads.posix", "-thread", "-linkpkg",
            "-rectypes", "-w", "-a", "-I", shim, os.path.join(shim, archive), source, "-o", exe]


def needs_shim(source):
    with open(source) as f:
        text = f.read()
    return any(m + "." in text or "open " + m in text for m in SHIM_MODULES)


def mib(kib):
    return f"{kib / 1024:.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--anerisc", help="an anerisc binary (default: build the release one)")
    parser.add_argument("--compile-only", action="store_true", help="time the builds only")
    parser.add_argument("programs", nargs="*", help="program names (default: every .ml here)")
    args = parser.parse_args()
    anerisc = os.path.abspath(args.anerisc) if args.anerisc else build_anerisc()
    names = args.programs or sorted(f[:-3] for f in os.listdir(HERE) if f.endswith(".ml"))
    rows, compile_rows, phase_rows, ratios = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="anerisc-bench-") as work:
        shim = None
        for name in names:
            source = os.path.join(HERE, name + ".ml")
            if not os.path.exists(source):
                fail(f"no program {source}")
            lib = None
            if needs_shim(source):
                shim = shim or build_shim(work)
                lib = shim
            folder = os.path.join(work, name)
            os.mkdir(folder)
            exes = {k: os.path.join(folder, f"{name}.{k}") for k in ("anerisc", "ocamlopt", "ocamlc")}
            t_anerisc, timings = best_build([anerisc, "build", "-O2", "--timings", source, "-o", exes["anerisc"]], folder, args.runs)
            phase_rows.append((name, phases(timings)))
            # OCaml writes .cm* files next to its input: build from a copy in the folder.
            copy = os.path.join(folder, name + ".ml")
            with open(source) as src, open(copy, "w") as dst:
                dst.write(src.read())
            t_opt, _ = best_build(ocaml_command("ocamlopt", copy, exes["ocamlopt"], lib), folder, args.runs)
            compile_rows.append((name, t_anerisc, t_opt))
            if args.compile_only:
                continue
            best_build(ocaml_command("ocamlc", copy, exes["ocamlc"], lib), folder, 1)
            results = {k: best_run(exe, folder, args.runs) for k, exe in exes.items()}
            reference = results["ocamlopt"][2:]
            for k, r in results.items():
                if r[2:] != reference:
                    fail(f"{name}: {k} output (exit {r[3]}) differs from ocamlopt's (exit {reference[1]}):\n"
                         f"--- {k}\n{r[2][:2000]}\n--- ocamlopt\n{reference[0][:2000]}")
            ratio = results["anerisc"][0] / results["ocamlopt"][0]
            ratios.append(ratio)
            rows.append((name, results, ratio))
            print(f"{name}: done", file=sys.stderr)
    if rows:
        print_run_table(rows, ratios)
    print_compile_tables(compile_rows, phase_rows)


def print_run_table(rows, ratios):
    print("| program | anerisc s | ocamlopt s | ocamlc s | anerisc/ocamlopt | RSS anerisc MiB | RSS ocamlopt MiB | RSS ocamlc MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r, ratio in rows:
        print(f"| {name} | {r['anerisc'][0]:.3f} | {r['ocamlopt'][0]:.3f} | {r['ocamlc'][0]:.3f} | {ratio:.2f} "
              f"| {mib(r['anerisc'][1])} | {mib(r['ocamlopt'][1])} | {mib(r['ocamlc'][1])} |")
    print()
    print(f"median ratio anerisc/ocamlopt: {statistics.median(ratios):.2f}; worst: {max(ratios):.2f}")
    print()


def print_compile_tables(compile_rows, phase_rows):
    print("| program | anerisc build -O2 s | ocamlopt s | anerisc/ocamlopt |")
    print("|---|---:|---:|---:|")
    for name, ta, to in compile_rows:
        print(f"| {name} | {ta:.3f} | {to:.3f} | {ta / to:.2f} |")
    total_a = sum(r[1] for r in compile_rows)
    total_o = sum(r[2] for r in compile_rows)
    print(f"| total | {total_a:.3f} | {total_o:.3f} | {total_a / total_o:.2f} |")
    print()
    names = [n for n, _ in phase_rows[0][1]] if phase_rows else []
    print("| program | " + " | ".join(f"{n} s" for n in names) + " |")
    print("|---|" + "---:|" * len(names))
    for name, row in phase_rows:
        print(f"| {name} | " + " | ".join(f"{seconds:.3f}" for _, seconds in row) + " |")


if __name__ == "__main__":
    main()
