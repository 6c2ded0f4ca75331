//! Versions: frozen releases, their order and status, and what changed between
//! two of them.
//!
//! - [`freeze`]: `norma release`, which copies a manual's sources under
//!   `releases/<manual>/<version>/` with a record of every file's SHA-256;
//! - [`verify`]: the rules `norma check` runs over releases (a frozen file that
//!   changed, went missing or appeared);
//! - [`timeline`]: which versions of each manual the site publishes, and which one
//!   is in force on a given day;
//! - [`diff`]: the changes between two versions on the content model (functions,
//!   units, steps, fields, items), not on text files;
//! - [`crossing`]: where each page and function of one version is in another,
//!   for the version switcher.
//!
//! Loading a release's files is the loader's job (`load::releases`), so a frozen
//! manual is read exactly like a manual of `content/`.

pub mod crossing;
pub mod diff;
pub mod freeze;
pub mod report;
pub mod timeline;
pub mod verify;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::Manual;
use crate::source::Sources;

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// The files a manual was loaded from, relative to its folder and sorted:
/// `manual.yaml`, the Markdown files its sections name, and every entry file.
/// Files norma only warned about (a stray YAML beside manual.yaml) are not the
/// manual's and are left out.
pub fn manual_files(sources: &Sources, manual: &Manual) -> Vec<(String, std::path::PathBuf)> {
    let mut files: Vec<(String, std::path::PathBuf)> = sources
        .under(&manual.dir)
        .into_iter()
        .filter(|(relative, _)| {
            relative.contains('/')
                || relative == "manual.yaml"
                || !matches!(
                    Path::new(relative).extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                )
        })
        .map(|(relative, f)| (relative, f.absolute.clone()))
        .collect();
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    files
}

/// Whether a version number is written as dotted numbers (`3`, `3.1`, `10.0.2`).
pub fn version_numbers(text: &str) -> Option<Vec<u32>> {
    crate::check::identity::version_numbers(text.trim())
}
