//! Native code: an infinite-style tail-recursive loop runs 100 million iterations in
//! constant stack. (Every program of `tests/programs/` is compared natively with the
//! interpreter and OCaml by `tests/programs.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ANERISC: &str = env!("CARGO_BIN_EXE_anerisc");

/// Runs `cmd` with a time limit; `None` when it had to be killed.
fn run_bounded(mut cmd: Command, limit: Duration) -> Option<Output> {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return child.wait_with_output().ok(),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("anerisc-native-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn build(src: &Path, exe: &Path) -> Output {
    let mut cmd = Command::new(ANERISC);
    cmd.arg("build").arg(src).arg("-o").arg(exe);
    run_bounded(cmd, Duration::from_secs(120)).expect("anerisc build timed out")
}

#[test]
fn tail_recursive_loops_run_in_constant_stack() {
    let dir = scratch("loop");
    let src = dir.join("loop.ml");
    std::fs::write(
        &src,
        "let rec count i acc = if i = 100_000_000 then acc else count (i + 1) (acc + 2)\n\
         let () = Printf.printf \"%d\\n\" (count 0 0)\n\
         let () =\n  let rec ping n = if n = 0 then \"done\" else pong (n - 1)\n  and pong n = if n = 0 then \"done\" else ping (n - 1) in\n  print_endline (ping 100_000_000)\n\
         let () =\n  let step = ref (fun _ -> 0) in\n  let rec go n = if n = 0 then 7 else !step (n - 1) in\n  step := go;\n  Printf.printf \"%d\\n\" (go 100_000_000)\n",
    )
    .unwrap();
    let exe = dir.join("loop");
    let built = build(&src, &exe);
    assert!(built.status.success(), "build failed: {}", String::from_utf8_lossy(&built.stderr));
    // 100 million frames would need gigabytes of stack: the main stack is 1 GiB.
    let out = run_bounded(Command::new(&exe), Duration::from_secs(120)).expect("the loop timed out");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "200000000\ndone\n7\n");
    assert_eq!(out.status.code(), Some(0));
}
