#!/usr/bin/env python3
"""RPC benchmark of issue 6: the bank service of bank_bench.ml with 1 and 16 client
threads, built natively by anerisc and by real OCaml with the shim of stdlib/ocaml/, next
to a plain Rust request/response loop over TCP on loopback (tcp_loop.rs, the practical
limit). Prints requests/s, round-trip p50/p99, the anerisc/OCaml and anerisc/TCP ratios,
and each server's peak memory (VmHWM) after --memory-requests requests.

    bench/rpc/run.py [--anerisc PATH] [--requests N] [--memory-requests N]

Without --anerisc, builds anerisc with `cargo build --release` (CARGO_TARGET_DIR is
honoured). Needs ocamlfind (ocaml-nox, ocaml-findlib) and rustc. Loopback only; every
process it starts is killed before it exits."""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RUN_LIMIT = 600  # seconds for one client run


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_run(count):
    """`count` consecutive free UDP ports (the client's threads bind FIRST..FIRST+count-1)."""
    for _ in range(100):
        first = free_port()
        socks = []
        try:
            for p in range(first, first + count):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                socks.append(s)
                s.bind(("127.0.0.1", p))
            return first
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    sys.exit("no run of free ports found")


def anerisc_binary(given):
    if given:
        return given
    subprocess.run(["cargo", "build", "--release", "-p", "anerisc"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "anerisc")


def build(anerisc, out):
    src = os.path.join(HERE, "bank_bench.ml")
    native = os.path.join(out, "bank_anerisc")
    subprocess.run([anerisc, "build", "-O2", src, "-o", native], check=True)
    shim = os.path.join(out, "shim")
    subprocess.run(["sh", os.path.join(ROOT, "stdlib/ocaml/build.sh"), shim], check=True, stdout=subprocess.DEVNULL)
    copy = os.path.join(out, "bank_bench.ml")
    with open(src) as f, open(copy, "w") as g:
        g.write(f.read())
    ocaml = os.path.join(out, "bank_ocaml")
    subprocess.run(["ocamlfind", "ocamlopt", "-package", "unix,threads.posix", "-thread",
                    "-linkpkg", "-rectypes", "-w", "-a", "-I", shim, os.path.join(shim, "aneris_shim.cmxa"),
                    copy, "-o", ocaml], check=True)
    tcp = os.path.join(out, "tcp_loop")
    subprocess.run(["rustc", "-O", os.path.join(HERE, "tcp_loop.rs"), "-o", tcp], check=True)
    return native, ocaml, tcp


def parse(line):
    n, secs, p50, p99 = line.split()
    return {"rps": int(n) / float(secs), "p50": int(p50), "p99": int(p99)}


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def rpc_run(exe, clients, requests):
    """Runs a server and a client with `clients` threads; the client's figures and the
    server's peak memory."""
    srv = free_port()
    server = subprocess.Popen([exe, "server", "127.0.0.1", str(srv)], stdout=subprocess.DEVNULL)
    try:
        out = subprocess.run([exe, "client", "127.0.0.1", str(free_run(clients)), str(srv), str(clients), str(requests)],
                             check=True, capture_output=True, text=True, timeout=RUN_LIMIT)
        result = parse(out.stdout)
        result["peak_mib"] = peak_kib(server.pid) / 1024
        return result
    finally:
        server.kill()
        server.wait()


def tcp_run(exe, clients, requests):
    out = subprocess.run([exe, str(clients), str(requests)], check=True, capture_output=True, text=True, timeout=RUN_LIMIT)
    return parse(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--anerisc", help="the anerisc binary (default: cargo build --release)")
    ap.add_argument("--requests", type=int, default=100_000, help="requests per timed run")
    ap.add_argument("--memory-requests", type=int, default=1_000_000, help="requests before the peak memory is read")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="anerisc-rpc-bench-") as out:
        native, ocaml, tcp = build(anerisc_binary(args.anerisc), out)
        rows = []
        for clients in (1, 16):
            a = rpc_run(native, clients, args.requests)
            o = rpc_run(ocaml, clients, args.requests)
            t = tcp_run(tcp, clients, args.requests)
            rows.append((clients, a, o, t))
        mem_a = rpc_run(native, 16, args.memory_requests)["peak_mib"]
        mem_o = rpc_run(ocaml, 16, args.memory_requests)["peak_mib"]
    print(f"RPC bank benchmark, {args.requests} requests per run (round trips in microseconds)")
    print("| clients | anerisc req/s | p50 | p99 | OCaml+shim req/s | p50 | p99 | anerisc/OCaml | TCP loop req/s | p50 | p99 | anerisc/TCP |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for clients, a, o, t in rows:
        print(f"| {clients} | {a['rps']:.0f} | {a['p50']} | {a['p99']} | {o['rps']:.0f} | {o['p50']} | {o['p99']} | "
              f"{a['rps'] / o['rps']:.2f}x | {t['rps']:.0f} | {t['p50']} | {t['p99']} | {a['rps'] / t['rps']:.2f}x |")
    print(f"server peak memory after {args.memory_requests} requests (16 clients): "
          f"anerisc {mem_a:.1f} MiB, OCaml+shim {mem_o:.1f} MiB (target: anerisc under 64 MiB)")


if __name__ == "__main__":
    main()
