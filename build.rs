//! Compiles the project's own ontology, data and named queries into the binary, so that
//! `actorgraph` works from any directory. Writes `$OUT_DIR/bundled_files.rs`: one
//! `BundledFile { path, contents }` per file, sorted by path; and `$OUT_DIR/web_assets.rs`:
//! one `(path, bytes)` per file of the workbench in `web/`, which `actorgraph serve` serves.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

const BUNDLED_DIRS: [&str; 3] = ["ontology", "data", "queries"];

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in BUNDLED_DIRS {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root, &root.join(dir), &mut files);
    }
    files.sort();
    let mut out = String::from("&[\n");
    // Paths relative to the manifest dir, so the generated file stays right when a shared target
    // dir reuses it for a clone at another path.
    for relative in &files {
        writeln!(
            out,
            "    BundledFile {{ path: {relative:?}, contents: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?})) }},",
            format!("/{relative}")
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str("]\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled_files.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
    web_assets(&root);
}

/// The workbench's files (HTML, scripts, styles, vendored libraries and their licences).
fn web_assets(root: &Path) {
    println!("cargo:rerun-if-changed=web");
    let mut files = Vec::new();
    collect_all(root, &root.join("web"), &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for relative in &files {
        let served = relative.strip_prefix("web/").expect("under web/");
        writeln!(
            out,
            "    ({served:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
            format!("/{relative}")
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str("]\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("web_assets.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect_all(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        if path.is_dir() {
            collect_all(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).expect("under the manifest dir");
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("ttl" | "rq")) {
            let relative = path.strip_prefix(root).expect("under the manifest dir");
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
