//! Builds the runtime static library (its own target directory under OUT_DIR) so that
//! `src/link.rs` can embed it: the compiler then links programs without cargo or the source
//! tree. The library is built for fast linking: a single LTO object (std included) with
//! `panic=abort` and one codegen unit, its debug information stripped, so that the linker
//! reads a few megabytes instead of twenty and `--gc-sections` drops what a program does
//! not call. Its content hash names the copy `link.rs` writes to the cache.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Profile settings of the runtime build (`cargo --config`); the workspace's release
/// profile is left alone.
const PROFILE: &[&str] = &[
    "profile.release.lto=true",
    "profile.release.codegen-units=1",
    "profile.release.panic=\"abort\"",
    "profile.release.debug=0",
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("workspace root").to_path_buf();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let target = out.join("runtime-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    println!("cargo:rerun-if-changed={}", root.join("runtime/src").display());
    println!("cargo:rerun-if-changed={}", root.join("runtime/Cargo.toml").display());
    // `cargo rustc --crate-type staticlib`: LTO is skipped when the rlib is built alongside.
    let mut command = Command::new(cargo);
    command
        .current_dir(&root)
        .args(["rustc", "--release", "--offline", "-p", "anerisc-runtime", "--lib", "--crate-type", "staticlib", "--target-dir"])
        .arg(&target);
    for setting in PROFILE {
        command.args(["--config", setting]);
    }
    let status = command
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_MAKEFLAGS")
        .status()
        .expect("cannot run cargo to build the runtime");
    assert!(status.success(), "building the runtime library failed");
    let built = target.join("release/libanerisc_runtime.a");
    let lib = out.join("libanerisc_runtime.a");
    std::fs::copy(&built, &lib).expect("cannot copy the runtime library");
    strip_debug_info(&lib);
    let bytes = std::fs::read(&lib).expect("cannot read the runtime library");
    println!("cargo:rustc-env=ANERISC_RUNTIME_LIB={}", lib.display());
    println!("cargo:rustc-env=ANERISC_RUNTIME_HASH={:016x}", fnv1a(&bytes));
}

/// Removes the debug sections std's objects bring (more than half the archive); keeps the
/// library as it is, with a warning, when `strip` is missing or fails.
fn strip_debug_info(lib: &Path) {
    match Command::new("strip").arg("--strip-debug").arg(lib).status() {
        Ok(s) if s.success() => {}
        Ok(s) => println!("cargo:warning=`strip --strip-debug` on the runtime library failed ({s}); it is embedded with its debug information"),
        Err(e) => println!("cargo:warning=cannot run `strip` ({e}); the runtime library is embedded with its debug information"),
    }
}

/// 64-bit FNV-1a: the runtime library's content hash (the name of its cached copy).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3))
}
