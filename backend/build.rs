//! Builds the runtime static library (release profile, its own target directory under
//! OUT_DIR) so that `src/link.rs` can embed it: the compiler then links programs without
//! cargo or the source tree.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("workspace root").to_path_buf();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let target = out.join("runtime-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    println!("cargo:rerun-if-changed={}", root.join("runtime/src").display());
    println!("cargo:rerun-if-changed={}", root.join("runtime/Cargo.toml").display());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--release", "--offline", "-p", "anerisc-runtime", "--lib", "--target-dir"])
        .arg(&target)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_MAKEFLAGS")
        .status()
        .expect("cannot run cargo to build the runtime");
    assert!(status.success(), "building the runtime library failed");
    let lib = target.join("release/libanerisc_runtime.a");
    println!("cargo:rustc-env=ANERISC_RUNTIME_LIB={}", lib.display());
}
