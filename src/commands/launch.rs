//! `anerisc launch SYSTEM.toml`: build the nodes of a system (see [`crate::system`]), give
//! their placeholders free loopback ports, start every node as a process, prefix each line
//! it prints with `[name] `, forward SIGINT/SIGTERM to the nodes, and end with the first
//! failing node's status, or 0 once every node marked `expect_exit` has ended successfully.

use crate::report;
use crate::system::{Program, System, LOOPBACK};
use anerisc_diag::render::ColorChoice;
use anerisc_driver::cache::{cached_executable, fill};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Exit code when `--timeout` ran out (as `timeout(1)`).
const TIMED_OUT: u8 = 124;
/// How long stopped nodes get to end after SIGTERM (or a forwarded SIGINT) before SIGKILL.
const GRACE: Duration = Duration::from_secs(2);
/// How often the nodes are looked at.
const POLL: Duration = Duration::from_millis(5);

/// What `anerisc launch` was asked to do.
pub struct LaunchOptions {
    /// The system file.
    pub system: PathBuf,
    /// `ANERIS_NET_FAULTS` for every node.
    pub faults: Option<String>,
    /// Stop everything after this long.
    pub timeout: Option<Duration>,
    /// Print each node's command line on standard error before starting it.
    pub verbose: bool,
}

/// The signal that asked launch to stop (0: none yet).
static STOP_SIGNAL: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_stop_signal(sig: libc::c_int) {
    STOP_SIGNAL.store(sig, Ordering::SeqCst);
}

/// Runs the system; the exit code is the first failing node's, 0 when the system is done, 2
/// when the system file is wrong or a node cannot be built or started (1: a program with
/// errors), 124 when the nodes ran out of time, 128+N after signal N (`anerisc launch --help`).
pub fn run(opts: &LaunchOptions) -> ExitCode {
    let system = match System::load(&opts.system) {
        Ok(s) => s,
        Err(e) => return fail(&format!("error: {e}")),
    };
    let mut exes = BTreeMap::new();
    for program in system.programs() {
        match executable(program) {
            Ok(exe) => exes.insert(program.clone(), exe),
            Err((message, code)) => {
                eprintln!("error: {}: {message}", opts.system.display());
                return ExitCode::from(code);
            }
        };
    }
    let ports = match free_ports(system.port_labels().len()) {
        Ok(p) => system.port_labels().into_iter().zip(p).collect::<BTreeMap<_, _>>(),
        Err(e) => return fail(&format!("error: cannot find free ports on {LOOPBACK}: {e}")),
    };
    // SAFETY: the handler only stores into an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_stop_signal as extern "C" fn(libc::c_int) as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_stop_signal as extern "C" fn(libc::c_int) as libc::sighandler_t);
    }
    let mut nodes = Vec::new();
    for node in &system.nodes {
        let args = node.args(&|label| ports[label]);
        if opts.verbose {
            eprintln!("anerisc launch: {} = {} {}", node.name, exes[&node.program].display(), args.join(" "));
        }
        match start(&exes[&node.program], &args, opts.faults.as_deref(), &node.name) {
            Ok(running) => nodes.push(running),
            Err(e) => {
                stop(&mut nodes, libc::SIGTERM);
                return fail(&format!("error: cannot start node `{}`: {e}", node.name));
            }
        }
    }
    let code = supervise(&system, &mut nodes, opts.timeout);
    for n in nodes {
        n.output.into_iter().for_each(|t| drop(t.join()));
    }
    ExitCode::from(code)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(2)
}

/// A started node: its process (until it ended) and the threads copying its output.
struct Running {
    name: String,
    child: Child,
    ended: Option<ExitStatus>,
    output: Vec<JoinHandle<()>>,
}

/// Watches the nodes until the system is done, one fails, a signal comes or time runs out;
/// stops whatever still runs and gives launch's exit code.
fn supervise(system: &System, nodes: &mut [Running], timeout: Option<Duration>) -> u8 {
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        let sig = STOP_SIGNAL.load(Ordering::SeqCst);
        if sig != 0 {
            stop(nodes, sig);
            return 128 + sig as u8;
        }
        let mut failed = None;
        for n in nodes.iter_mut().filter(|n| n.ended.is_none()) {
            n.ended = n.child.try_wait().ok().flatten();
            if let Some(status) = n.ended.filter(|s| !s.success()) {
                eprintln!("anerisc launch: node `{}` failed ({})", n.name, describe(status));
                failed = Some(status);
                break;
            }
        }
        if let Some(status) = failed {
            stop(nodes, libc::SIGTERM);
            return status_code(status);
        }
        let expected = system.nodes.iter().zip(nodes.iter()).filter(|(s, _)| s.expect_exit);
        let done = if system.nodes.iter().any(|s| s.expect_exit) {
            expected.clone().all(|(_, n)| n.ended.is_some())
        } else {
            nodes.iter().all(|n| n.ended.is_some())
        };
        if done {
            stop(nodes, libc::SIGTERM);
            return 0;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let waiting: Vec<&str> = nodes.iter().filter(|n| n.ended.is_none()).map(|n| n.name.as_str()).collect();
            eprintln!("anerisc launch: timed out; still running: {}", waiting.join(", "));
            stop(nodes, libc::SIGTERM);
            return TIMED_OUT;
        }
        std::thread::sleep(POLL);
    }
}

/// Sends `sig` to every node still running, waits up to [`GRACE`] for them, then kills the
/// rest. Signals go to each node's process group, so processes a node started go too (and
/// release the node's output pipes).
fn stop(nodes: &mut [Running], sig: libc::c_int) {
    for n in nodes.iter_mut().filter(|n| n.ended.is_none()) {
        signal_group(&n.child, sig);
    }
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline && nodes.iter_mut().any(|n| n.ended.is_none() && n.child.try_wait().ok().flatten().is_none()) {
        std::thread::sleep(POLL);
    }
    for n in nodes.iter_mut() {
        signal_group(&n.child, libc::SIGKILL);
        if n.ended.is_none() {
            n.ended = n.child.wait().ok();
        }
    }
}

/// Sends `sig` to the process group that `child` leads.
fn signal_group(child: &Child, sig: libc::c_int) {
    // SAFETY: kill has no memory effects; the group is the one the node was started in.
    unsafe { libc::kill(-(child.id() as libc::pid_t), sig) };
}

/// The exit code that stands for a node's failure: its own, or 128+N after signal N.
fn status_code(status: ExitStatus) -> u8 {
    match (status.code(), status.signal()) {
        (Some(c), _) => u8::try_from(c).unwrap_or(1).max(1),
        (None, Some(s)) => 128u8.saturating_add(s as u8),
        (None, None) => 1,
    }
}

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit status {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        (None, None) => status.to_string(),
    }
}

/// Starts one node in a process group of its own (so a terminal's Ctrl-C reaches launch,
/// which forwards it), killed if launch dies, its output copied with its name as prefix.
fn start(exe: &Path, args: &[String], faults: Option<&str>, name: &str) -> std::io::Result<Running> {
    let mut cmd = Command::new(exe);
    cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).process_group(0);
    if let Some(f) = faults {
        cmd.env("ANERIS_NET_FAULTS", f);
    }
    // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn()?;
    let prefix = format!("[{name}] ");
    let out = child.stdout.take().map(|p| copy_lines(p, prefix.clone(), false));
    let err = child.stderr.take().map(|p| copy_lines(p, prefix, true));
    Ok(Running { name: name.to_string(), child, ended: None, output: out.into_iter().chain(err).collect() })
}

/// Copies `pipe` line by line to launch's stdout (or stderr), each line after `prefix`.
fn copy_lines(pipe: impl Read + Send + 'static, prefix: String, to_stderr: bool) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            if line.last() != Some(&b'\n') {
                line.push(b'\n');
            }
            let mut text = prefix.clone().into_bytes();
            text.append(&mut line);
            let _ = if to_stderr { std::io::stderr().lock().write_all(&text) } else { write_out(&text) };
        }
    })
}

fn write_out(text: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text)?;
    out.flush()
}

/// `count` distinct UDP ports on the loopback address that were free a moment ago.
fn free_ports(count: usize) -> std::io::Result<Vec<u16>> {
    let sockets = (0..count).map(|_| std::net::UdpSocket::bind((LOOPBACK, 0))).collect::<std::io::Result<Vec<_>>>()?;
    sockets.iter().map(|s| s.local_addr().map(|a| a.port())).collect()
}

/// The executable of a program: a binary as it is; a source from the build cache, built
/// there first when missing. A build's failure is printed; the error carries launch's exit
/// code.
fn executable(program: &Program) -> Result<PathBuf, (String, u8)> {
    let (file, include) = match program {
        Program::Binary(bin) if bin.is_file() => return Ok(bin.clone()),
        Program::Binary(bin) => return Err((format!("the binary `{}` does not exist", bin.display()), 2)),
        Program::Source { file, include } => (file, include),
    };
    if !file.is_file() {
        return Err((format!("the source `{}` does not exist", file.display()), 2));
    }
    let built = cached_executable(file, include).and_then(|exe| {
        if !exe.is_file() {
            eprintln!("anerisc launch: building {}", file.display());
            fill(&exe, file, include)?;
        }
        Ok(exe)
    });
    built.map_err(|failure| {
        let code = report::failure(&failure, ColorChoice::Plain);
        (format!("building `{}` failed", file.display()), if code == ExitCode::from(1) { 1 } else { 2 })
    })
}
