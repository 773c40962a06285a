//! Linking an object file with the runtime library, which is embedded in this crate (built
//! by `build.rs`) and written to a cache directory keyed by its content when first needed.
//! The runtime is one LTO object whose functions have sections of their own, so the link
//! drops what the program does not call (`--gc-sections`). When binutils' gold linker is
//! installed it links (about half the linker's time of the default `ld.bfd`); otherwise
//! `cc` picks its default linker.

use crate::BackendError;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

/// The runtime static library (`libanerisc_runtime.a`).
static RUNTIME: &[u8] = include_bytes!(env!("ANERISC_RUNTIME_LIB"));

/// The runtime library's content hash (computed by `build.rs`), naming its cached copy.
const RUNTIME_HASH: &str = env!("ANERISC_RUNTIME_HASH");

/// Native libraries the runtime needs (as `rustc --print native-static-libs` lists them).
const SYSTEM_LIBS: &[&str] = &["-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc"];

/// anerisc's cache folder (the runtime library here, `anerisc run`'s builds in the CLI):
/// `$ANERISC_CACHE_DIR`, else `$XDG_CACHE_HOME/anerisc`, else `~/.cache/anerisc`.
pub fn cache_root() -> Result<PathBuf, String> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = var("ANERISC_CACHE_DIR") {
        return Ok(dir);
    }
    if let Some(dir) = var("XDG_CACHE_HOME") {
        return Ok(dir.join("anerisc"));
    }
    match var("HOME") {
        Some(home) => Ok(home.join(".cache").join("anerisc")),
        None => Err("cannot find a cache folder: set ANERISC_CACHE_DIR, XDG_CACHE_HOME or HOME".into()),
    }
}

/// The path of the runtime library in the cache (written there if missing).
pub fn runtime_library() -> Result<PathBuf, BackendError> {
    let dir = cache_root().map_err(BackendError::Link)?;
    let path = dir.join(format!("libanerisc_runtime-{RUNTIME_HASH}.a"));
    if path.metadata().map(|m| m.len() == RUNTIME.len() as u64).unwrap_or(false) {
        return Ok(path);
    }
    std::fs::create_dir_all(&dir).map_err(|e| BackendError::Link(format!("cannot create {}: {e}", dir.display())))?;
    let tmp = dir.join(format!("runtime-{}.tmp", std::process::id()));
    std::fs::write(&tmp, RUNTIME).map_err(|e| BackendError::Link(format!("cannot write {}: {e}", tmp.display())))?;
    std::fs::rename(&tmp, &path).map_err(|e| BackendError::Link(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

/// Links `object` (bytes of an object file) with the runtime into the executable `out`.
pub fn link(object: &[u8], out: &Path) -> Result<(), BackendError> {
    let runtime = runtime_library()?;
    // A folder of its own for each link of this process (links may run on several threads).
    static LINKS: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!("anerisc-link-{}-{}", std::process::id(), LINKS.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&dir).map_err(|e| BackendError::Link(format!("cannot create {}: {e}", dir.display())))?;
    let obj = dir.join("prog.o");
    std::fs::write(&obj, object).map_err(|e| BackendError::Link(format!("cannot write {}: {e}", obj.display())))?;
    let mut cc = Command::new("cc");
    if on_path("ld.gold") {
        cc.arg("-fuse-ld=gold");
    }
    let result = cc.arg(&obj).arg(&runtime).args(SYSTEM_LIBS).arg("-Wl,--gc-sections").arg("-o").arg(out).output();
    let _ = std::fs::remove_dir_all(&dir);
    let output = result.map_err(|e| BackendError::Link(format!("cannot run `cc`: {e}")))?;
    if !output.status.success() {
        return Err(BackendError::Link(format!("`cc` failed:\n{}", String::from_utf8_lossy(&output.stderr))));
    }
    Ok(())
}

/// True when an executable file `name` is in one of the `PATH` folders.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}
