//! Pins the crate graph: the floors `diag → frontend → ir → {check, backend} → driver → CLI`,
//! with the runtime and the library's sources apart. Every project crate a manifest names (as
//! a dependency, dev-dependency or build-dependency) must sit on a lower floor than the crate
//! that names it; the runtime and the library's sources name no project crate.

use std::path::Path;

/// Each project crate, its folder and its floor.
const FLOORS: &[(&str, &str, u32)] = &[
    ("anerisc-runtime", "runtime", 0),
    ("anerisc-stdlib", "stdlib", 0),
    ("anerisc-diag", "diag", 1),
    ("anerisc-frontend", "frontend", 2),
    ("anerisc-ir", "ir", 3),
    ("anerisc-check", "check", 4),
    ("anerisc-backend", "backend", 4),
    ("anerisc-driver", "driver", 5),
    ("anerisc", ".", 6),
];

fn floor(name: &str) -> Option<u32> {
    FLOORS.iter().find(|(n, _, _)| *n == name).map(|(_, _, f)| *f)
}

/// The project crates the manifest in `folder` names, in every dependency table.
fn project_dependencies(folder: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder).join("Cargo.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let manifest: toml::Table = text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ["dependencies", "dev-dependencies", "build-dependencies"]
        .iter()
        .filter_map(|table| manifest.get(*table).and_then(|t| t.as_table()))
        .flat_map(|t| t.keys().filter(|k| k.starts_with("anerisc")).cloned().collect::<Vec<_>>())
        .collect()
}

/// What is wrong with the crate `name` naming the project crates `deps`.
fn violations(name: &str, deps: &[String]) -> Vec<String> {
    let own = floor(name).unwrap_or_else(|| panic!("`{name}` has no floor in this test"));
    let mut wrong = Vec::new();
    for dep in deps {
        let Some(theirs) = floor(dep) else {
            wrong.push(format!("{name} names `{dep}`, which has no floor in this test"));
            continue;
        };
        // The runtime and the library's sources are apart: any crate above them may use them.
        let apart = theirs == 0 && own > 0;
        if theirs >= own && !apart {
            wrong.push(format!("{name} (floor {own}) depends on {dep} (floor {theirs})"));
        }
    }
    wrong
}

#[test]
fn no_crate_depends_on_one_on_its_own_floor_or_higher() {
    let mut edges = 0;
    for (name, folder, _) in FLOORS {
        let deps = project_dependencies(folder);
        assert_eq!(violations(name, &deps), Vec::<String>::new());
        edges += deps.len();
    }
    assert!(edges >= 10, "only {edges} dependencies between project crates: is the table of floors out of date?");
}

#[test]
fn every_workspace_member_has_a_floor() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).expect("the root manifest");
    let manifest: toml::Table = text.parse().expect("the root manifest parses");
    let members = manifest["workspace"]["members"].as_array().expect("workspace members");
    for member in members {
        let folder = member.as_str().expect("a folder");
        assert!(FLOORS.iter().any(|(_, f, _)| *f == folder), "the member `{folder}` has no floor");
    }
}

#[test]
fn edges_upwards_or_sideways_are_violations() {
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(violations("anerisc-ir", &names(&["anerisc-check"])).len(), 1, "the IR naming the checker");
    assert_eq!(violations("anerisc-check", &names(&["anerisc-backend"])).len(), 1, "check and backend share a floor");
    assert_eq!(violations("anerisc-runtime", &names(&["anerisc-diag"])).len(), 1, "the runtime names no project crate");
    assert!(violations("anerisc-ir", &names(&["anerisc-runtime", "anerisc-frontend"])).is_empty());
}
