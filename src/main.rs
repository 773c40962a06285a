//! The `anerisc` command line: parses arguments, calls the compiler's phases, sets the exit
//! code. Exit codes: 0 success, 1 the program has errors, 2 usage errors (bad arguments,
//! unreadable files, unknown codes).

mod commands;
mod report;
mod system;

use anerisc_diag::render::ColorChoice;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// anerisc compiles AnerisLang-style OCaml node programs (UDP sockets, serializers, fork,
/// reliable channels, RPC), checking every reliable channel against its session protocol.
#[derive(Parser, Debug)]
#[command(name = "anerisc", version, about, long_about = None)]
#[command(after_help = "Exit codes: 0 success, 1 the program has errors, 2 usage error.\n\
Run `anerisc explain E0301` to learn about an error code.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Type-check programs and check their channels against their protocols, without building them.
    Check(CheckArgs),
    /// Explain a diagnostic code (for example `anerisc explain E0301`).
    Explain {
        /// The code, as printed in brackets in a diagnostic.
        code: String,
    },
    /// Print the program's IR (intermediate representation) in its text format.
    Ir(IrArgs),
    /// Run a program: built natively into a cache keyed by its content, or with `--interp` in
    /// the reference interpreter of the IR.
    Run(RunArgs),
    /// Compile a program to a native executable.
    Build(BuildArgs),
    /// Build and start the nodes of a distributed system described by a TOML file.
    Launch(LaunchArgs),
    /// Verify a whole system by pretend synchrony: synchronize its nodes and prove its
    /// `[@@ensures]`, loop invariants and asserts with Z3 (see docs/verification.md).
    Verify(VerifyArgs),
}

/// Options of `anerisc verify`.
#[derive(clap::Args, Debug)]
#[command(after_long_help = VERIFY_HELP)]
struct VerifyArgs {
    /// The system's `.ml` file (its top level starts the nodes).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Also look for user modules in DIR.
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Print the synchronized program before the obligations.
    #[arg(long)]
    show_sync: bool,
    /// Print how long each phase took (to stderr).
    #[arg(long)]
    timings: bool,
    /// Colour diagnostics: auto (when stderr is a terminal), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

/// The long help of `anerisc verify`: what a system looks like.
const VERIFY_HELP: &str = "\
A system is one file whose top level starts its nodes, each with a System_code mailbox:

  let () =
    let n = int_of_string Sys.argv.(1) in
    let coord = makeAddress \"127.0.0.1\" 9000 in
    let parts = addresses \"127.0.0.1\" 9001 n in          (* a node set of n members *)
    let coord_mb = mailbox msg_serializer coord in
    List.iter (fun p -> fork (participant coord) (mailbox msg_serializer p)) parts;
    coordinator coord_mb parts
  [@@ensures List.for_all (fun p -> p.decision = coord.decision) parts]

Loops over a node set that gather messages carry an invariant:
  (List.iter (fun _ -> ...) parts) [@invariant fun seen -> !acks = List.length seen]

Exit codes: 0 every obligation proven; 1 the program has errors, the system is outside what
the synchronization handles (a race, a receive nothing reaches...) or an obligation is not
proven; 2 usage error.";

/// Options of `anerisc launch`.
#[derive(clap::Args, Debug)]
#[command(after_long_help = LAUNCH_HELP)]
struct LaunchArgs {
    /// The system file (TOML): its `[[node]]` tables name the nodes.
    #[arg(value_name = "SYSTEM.toml")]
    system: PathBuf,
    /// Network faults for every node, as ANERIS_NET_FAULTS (e.g. `drop=0.2,dup=0.1,reorder=0.2`).
    #[arg(long, value_name = "SPEC")]
    faults: Option<String>,
    /// Stop every node and exit with 124 when the nodes have run for SECS seconds (builds not counted).
    #[arg(long, value_name = "SECS")]
    timeout: Option<f64>,
    /// Print each node's command line on standard error before starting it.
    #[arg(short, long)]
    verbose: bool,
}

/// The long help of `anerisc launch`: the system file's format and the exit codes.
const LAUNCH_HELP: &str = "\
A system file has one [[node]] table per node:

  [[node]]
  name = \"server\"                 # prefixes the node's output lines: [server] ...
  source = \"echo.ml\"              # built with `anerisc build` (cached); or binary = \"PATH\"
  include = [\"lib\"]               # optional -I folders of a source
  args = [\"server\", \"{ip}\", \"{port:srv}\"]
  expect_exit = false             # true: the system is done when this node has ended

Paths are relative to the system file's folder. In args, {ip} is 127.0.0.1 and {port:LABEL}
is a free UDP port on it, the same for every use of LABEL; {{ and }} are braces.

Every node starts at once (reliable channels retry their handshake until the server is up).
Each line a node prints is printed with its name in front; Ctrl-C (SIGINT) and SIGTERM are
forwarded to every node.

Exit codes: 0 when every expect_exit node has ended successfully (the others are then
stopped; with no expect_exit node, when all have ended); the first failing node's exit code
(128+N if signal N killed it); 2 when the system file is wrong or cannot be started (a build
failing with errors: 1); 124 when --timeout ran out; 128+N when launch got signal N.";

/// Options of `anerisc build`.
#[derive(clap::Args, Debug)]
struct BuildArgs {
    /// The program's main `.ml` file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The output file (default: FILE without its extension).
    #[arg(short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    /// Also look for user modules in DIR.
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Optimisation level: 0 (none) or 2 (Cranelift's `speed`, the default).
    #[arg(short = 'O', value_name = "LEVEL", default_value = "2", value_parser = ["0", "1", "2", "3"])]
    opt: String,
    /// What to produce: a linked executable, the object file, the IR or Cranelift's IR.
    #[arg(long, value_enum, default_value_t = commands::build::EmitArg::Exe)]
    emit: commands::build::EmitArg,
    /// Print how long each phase of the build took (to stderr).
    #[arg(long)]
    timings: bool,
}

/// Options of `anerisc ir`.
#[derive(clap::Args, Debug)]
struct IrArgs {
    /// The program's main `.ml` file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Also look for user modules in DIR.
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Also print the library modules lowered with the program.
    #[arg(long)]
    library: bool,
}

/// Options of `anerisc run`.
#[derive(clap::Args, Debug)]
struct RunArgs {
    /// Run with the reference interpreter of the IR instead of native code.
    #[arg(long)]
    interp: bool,
    /// The program's main `.ml` file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Also look for user modules in DIR.
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// The program's command-line arguments (after `--`).
    #[arg(last = true, value_name = "ARGS")]
    args: Vec<String>,
}

/// Options of `anerisc check`.
#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// The `.ml` files to check; user modules they mention are found next to them.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print each file's inferred signature, as `ocamlc -i` does.
    #[arg(long)]
    print_types: bool,
    /// Also look for user modules in DIR.
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// List every protocol obligation and assert with its verdict and time.
    #[arg(long)]
    verbose: bool,
    /// Make asserts that cannot be proven errors (they are warnings otherwise).
    #[arg(long)]
    deny_unproven: bool,
    /// Make sockets without a protocol errors (they are notes otherwise).
    #[arg(long)]
    deny_unchecked: bool,
}

/// When diagnostics are coloured.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Color {
    /// When standard error is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    // The compiler's phases recurse over the program's tree: deeply nested input (a list
    // literal of 100,000 elements) needs a deeper stack than the main thread's 8 MiB.
    let compile = move || run_command(cli.command);
    match std::thread::Builder::new().name("anerisc".into()).stack_size(COMPILER_STACK).spawn(compile) {
        Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Err(e) => {
            eprintln!("error: cannot start the compiler's thread: {e}");
            ExitCode::from(2)
        }
    }
}

/// Stack of the thread the commands run on (reserved, not committed, until used).
const COMPILER_STACK: usize = 1 << 30;

/// Runs one subcommand.
fn run_command(command: Command) -> ExitCode {
    match command {
        Command::Check(args) => {
            let flags = commands::check::CheckFlags { print_types: args.print_types, verbose: args.verbose, deny_unproven: args.deny_unproven, deny_unchecked: args.deny_unchecked };
            commands::check::run(&args.files, &args.include, flags, args.color.into())
        }
        Command::Explain { code } => commands::explain::run(&code),
        Command::Ir(args) => commands::ir::run(&args.file, &args.include, args.library, Color::Auto.into()),
        Command::Run(args) => commands::run::run(args.interp, &args.file, &args.include, &args.args),
        Command::Build(args) => {
            let opt = if args.opt == "0" { anerisc_backend::OptLevel::None } else { anerisc_backend::OptLevel::Speed };
            commands::build::run(&args.file, &args.include, args.output.as_deref(), opt, args.emit.into(), args.timings)
        }
        Command::Verify(args) => {
            let flags = commands::verify::VerifyFlags { show_sync: args.show_sync, timings: args.timings };
            commands::verify::run(&args.file, &args.include, flags, args.color.into())
        }
        Command::Launch(args) => match args.timeout.map(std::time::Duration::try_from_secs_f64).transpose() {
            Ok(timeout) => commands::launch::run(&commands::launch::LaunchOptions { system: args.system, faults: args.faults, timeout, verbose: args.verbose }),
            Err(_) => {
                eprintln!("error: --timeout must be a non-negative number of seconds");
                ExitCode::from(2)
            }
        },
    }
}

impl From<Color> for ColorChoice {
    fn from(c: Color) -> Self {
        use std::io::IsTerminal;
        let terminal = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        match c {
            Color::Always => ColorChoice::Color,
            Color::Auto if terminal => ColorChoice::Color,
            _ => ColorChoice::Plain,
        }
    }
}
