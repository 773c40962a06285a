//! The cache of natively built programs that `anerisc run` and `anerisc launch` execute: one
//! folder per key, the key a hash of everything the build depends on (the compiler binary's
//! identity, the build flags and the program's sources), so an unchanged program is built
//! only once.

use crate::build::{build, Emit, Timings};
use crate::failure::Failure;
use crate::sources::cannot_read;
use anerisc_backend::OptLevel;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

pub use anerisc_backend::link::cache_root;

/// The build flags of cached executables (part of the cache key).
const FLAGS: &str = "-O2";

/// Where the cached executable of the program rooted at `path` lives (it may not be built
/// yet).
pub fn cached_executable(path: &Path, include: &[PathBuf]) -> Result<PathBuf, Failure> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(cannot_read(path, &e.to_string()));
    }
    let root = cache_root().map_err(Failure::Compiler)?;
    Ok(executable(&root, &key(path, include, FLAGS).map_err(Failure::Compiler)?))
}

/// Builds the program rooted at `path` into the cache at `exe` (from [`cached_executable`]).
/// It is built under a name of its own, then renamed: a concurrent run never sees half a file.
pub fn fill(exe: &Path, path: &PathBuf, include: &[PathBuf]) -> Result<(), Failure> {
    let folder = exe.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| Failure::Compiler(format!("cannot create the cache folder `{}`: {e}", folder.display())))?;
    let partial = folder.join(format!("program.partial.{}", std::process::id()));
    if let Err(e) = build(path, include, OptLevel::Speed, Emit::Exe, &partial, &mut Timings::default()) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, exe).map_err(|e| Failure::Compiler(format!("cannot move the executable into `{}`: {e}", exe.display())))
}

/// The sources a build of `main` may read: `main` itself and every `.ml` file next to it or
/// in one of the `include` folders (user modules are looked up there), sorted by path.
fn sources(main: &Path, include: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = vec![main.to_path_buf()];
    let folder = main.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    for dir in std::iter::once(folder).chain(include.iter().map(PathBuf::as_path)) {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read the folder `{}`: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "ml") && p.is_file() {
                files.push(p);
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// The identity of the running compiler: its version, path, size and modification time
/// (a rebuilt or reinstalled `anerisc` gets a new key).
fn compiler_identity(h: &mut impl Hasher) -> Result<(), String> {
    env!("CARGO_PKG_VERSION").hash(h);
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the compiler's own binary: {e}"))?;
    let meta = std::fs::metadata(&exe).map_err(|e| format!("cannot read `{}`: {e}", exe.display()))?;
    exe.hash(h);
    meta.len().hash(h);
    let modified = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    modified.map(|d| d.as_nanos()).hash(h);
    Ok(())
}

/// The cache key of building `main` with `include` folders and `flags`: 32 hex digits.
fn key(main: &Path, include: &[PathBuf], flags: &str) -> Result<String, String> {
    let mut halves = [DefaultHasher::new(), DefaultHasher::new()];
    for (i, h) in halves.iter_mut().enumerate() {
        i.hash(h);
        compiler_identity(h)?;
        flags.hash(h);
        include.hash(h);
        // Which file is the program's root: its siblings are hashed with it below.
        main.hash(h);
    }
    for file in sources(main, include)? {
        let text = std::fs::read(&file).map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
        for h in &mut halves {
            file.hash(h);
            text.hash(h);
        }
    }
    Ok(format!("{:016x}{:016x}", halves[0].finish(), halves[1].finish()))
}

/// Where the executable of `key` lives in the cache rooted at `root`.
fn executable(root: &Path, key: &str) -> PathBuf {
    root.join(key).join("program")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("anerisc-cache-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_key_follows_the_sources_and_the_flags() {
        let dir = folder("key");
        let main = dir.join("main.ml");
        std::fs::write(&main, "let () = Helper.hello ()\n").unwrap();
        std::fs::write(dir.join("helper.ml"), "let hello () = print_endline \"hi\"\n").unwrap();
        let k1 = key(&main, &[], "-O2").unwrap();
        assert_eq!(k1.len(), 32);
        assert_eq!(key(&main, &[], "-O2").unwrap(), k1, "same inputs, same key");
        assert_ne!(key(&main, &[], "-O0").unwrap(), k1, "flags are part of the key");
        assert_ne!(key(&dir.join("helper.ml"), &[], "-O2").unwrap(), k1, "another root in the same folder");
        std::fs::write(dir.join("helper.ml"), "let hello () = print_endline \"ho\"\n").unwrap();
        assert_ne!(key(&main, &[], "-O2").unwrap(), k1, "a module next to the program is part of the key");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_include_folder_is_an_error() {
        let dir = folder("missing");
        let main = dir.join("main.ml");
        std::fs::write(&main, "let () = ()\n").unwrap();
        let err = key(&main, &[dir.join("nowhere")], "").unwrap_err();
        assert!(err.contains("nowhere"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
