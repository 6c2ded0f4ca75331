//! Helpers for the end-to-end tests: scratch copies of fixture projects and runs of
//! the real `norma` binary.

#![allow(dead_code)]

pub mod links;
pub mod seeds;
pub mod tagged;
pub mod versions;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scratch copy of the example project (norma.yaml and content/ only), at
/// the returned path inside the returned folder (removed when dropped).
pub fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(&root).unwrap();
    fs::copy(repo.join("norma.yaml"), root.join("norma.yaml")).unwrap();
    copy_dir(&repo.join("content"), &root.join("content"));
    (dir, root)
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

pub fn norma(project: &Path, args: &[&str]) -> Run {
    norma_with(project, args, &[])
}

/// A run with extra environment variables (`SOURCE_DATE_EPOCH` ...).
pub fn norma_with(project: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_norma"))
        .arg("--project")
        .arg(project)
        .args(args)
        .env("NO_COLOR", "1")
        // A locale of no language: outside a project the command line
        // speaks Spanish (tests that want a locale pass their own).
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .envs(env.iter().copied())
        .output()
        .expect("norma runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

/// A finding as CI sees it: code, file, line, column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub code: String,
    pub place: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.place)
    }
}

pub fn findings_from_json(json: &str) -> Vec<Finding> {
    let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    let mut out: Vec<Finding> = value
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            for key in [
                "code", "severity", "file", "line", "column", "message", "hint",
            ] {
                assert!(d.get(key).is_some(), "JSON diagnostic without {key}: {d}");
            }
            Finding {
                code: d["code"].as_str().unwrap().to_owned(),
                place: format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                ),
            }
        })
        .collect();
    out.sort();
    out
}

pub fn findings_from_github(text: &str) -> Vec<Finding> {
    let mut out: Vec<Finding> = text
        .lines()
        .filter(|l| l.starts_with("::"))
        .map(|line| {
            let (props, _message) = line[2..].split_once("::").expect("github command");
            let (_, props) = props.split_once(' ').expect("properties");
            let get = |key: &str| {
                props
                    .split(',')
                    .find_map(|p| p.strip_prefix(&format!("{key}=")))
                    .unwrap_or_default()
                    .replace("%3A", ":")
                    .replace("%2C", ",")
                    .replace("%25", "%")
            };
            Finding {
                code: get("title"),
                place: format!("{}:{}:{}", get("file"), get("line"), get("col")),
            }
        })
        .collect();
    out.sort();
    out
}

/// Appends a PDF page's extracted text to `joined`, line by line: a line that
/// ends in a hyphen after a letter, followed by one starting in lowercase, is
/// a word cut at the line's end and is joined back.
#[allow(dead_code)]
pub fn join_pdf_lines(joined: &mut String, text: &str) {
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        // A word broken at a line's end ends in a soft hyphen (U+00AD).
        if joined.ends_with('\u{AD}') {
            joined.pop();
            joined.push_str(line);
            continue;
        }
        let cut = joined.ends_with('-')
            && joined[..joined.len() - 1]
                .chars()
                .last()
                .is_some_and(char::is_alphabetic)
            && line.chars().next().is_some_and(char::is_lowercase);
        if cut {
            joined.pop();
        } else if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(line);
    }
}

/// The change bars drawn on each page of a PDF (1-based page number → the
/// bottom and top of each bar, in points): filled rectangles 1.5 pt wide that
/// lie left of `margin` (the text block's left edge).
#[allow(dead_code)]
pub fn change_bars(pdf: &lopdf::Document, margin: f32) -> Vec<(u32, Vec<(f32, f32)>)> {
    use lopdf::content::Content;
    let mut out = Vec::new();
    for (number, id) in pdf.get_pages() {
        let content = Content::decode(&pdf.get_page_content(id)).unwrap();
        let mut corners: Vec<(f32, f32)> = Vec::new();
        let mut bars = Vec::new();
        for op in &content.operations {
            let xy = || -> Option<(f32, f32)> {
                Some((
                    op.operands.first()?.as_float().ok()?,
                    op.operands.get(1)?.as_float().ok()?,
                ))
            };
            match op.operator.as_str() {
                "m" => corners = xy().into_iter().collect(),
                "l" => corners.extend(xy()),
                "f" if corners.len() == 4 => {
                    let xs = corners.iter().map(|c| c.0);
                    let ys = corners.iter().map(|c| c.1);
                    let (x0, x1) = (xs.clone().fold(f32::MAX, f32::min), xs.fold(0.0, f32::max));
                    let (y0, y1) = (ys.clone().fold(f32::MAX, f32::min), ys.fold(0.0, f32::max));
                    if (x1 - x0 - 1.5).abs() < 0.01 && x1 < margin {
                        bars.push((y0, y1));
                    }
                }
                _ => {}
            }
        }
        if !bars.is_empty() {
            out.push((number, bars));
        }
    }
    out
}

/// The text of page `n` of a PDF, a line of text per line of the page: runs
/// drawn on one baseline where the run before ended are joined as they are
/// (norma's writer hands each run of one face, colour and tag to krilla
/// apart, and lopdf's own `extract_text` ends a line at each). Glyphs are
/// read through each font's ToUnicode map; advances from its widths.
pub fn page_text(doc: &lopdf::Document, n: u32) -> String {
    use lopdf::content::Content;
    use lopdf::{Document, Object};
    let page = doc.get_pages()[&n];
    let faces = faces(doc, page);
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let mut out = String::new();
    let mut face = None;
    let mut size = 0.0_f32;
    // Where the text goes on, and where the run before ended.
    let (mut x, mut y) = (0.0_f32, 0.0_f32);
    let mut end: Option<(f32, f32)> = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => {
                face = op
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| faces.get(n));
                size = op.operands.get(1).and_then(number).unwrap_or(0.0);
            }
            "Tm" => {
                x = op.operands.get(4).and_then(number).unwrap_or(0.0);
                y = op.operands.get(5).and_then(number).unwrap_or(0.0);
                let joins =
                    end.is_some_and(|(ex, ey)| (ey - y).abs() < 0.01 && (ex - x).abs() < 1.0);
                if !joins && !out.is_empty() {
                    out.push('\n');
                }
            }
            "Tj" | "TJ" => {
                let Some((encoding, widths)) = face else {
                    continue;
                };
                let items: Vec<&Object> = match op.operands.first() {
                    Some(Object::Array(a)) => a.iter().collect(),
                    Some(o) => vec![o],
                    None => Vec::new(),
                };
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            out.push_str(
                                &Document::decode_text(encoding, bytes).unwrap_or_default(),
                            );
                            for pair in bytes.chunks(2) {
                                let cid = pair.iter().fold(0u32, |a, b| a << 8 | u32::from(*b));
                                x += widths.get(&cid).copied().unwrap_or(1000.0) / 1000.0 * size;
                            }
                        }
                        other => x -= number(other).unwrap_or(0.0) / 1000.0 * size,
                    }
                }
                end = Some((x, y));
            }
            _ => {}
        }
    }
    out
}

/// A number operand, integer or real.
pub fn number(o: &lopdf::Object) -> Option<f32> {
    o.as_float()
        .ok()
        .or_else(|| o.as_i64().ok().map(|i| i as f32))
}

/// Each font of a page by its resource name: its encoding (ToUnicode) and its
/// glyph widths (CID → thousandths of an em).
pub fn faces(
    doc: &lopdf::Document,
    page: lopdf::ObjectId,
) -> std::collections::BTreeMap<Vec<u8>, (lopdf::Encoding<'_>, std::collections::BTreeMap<u32, f32>)>
{
    use lopdf::Object;
    use std::collections::BTreeMap;
    let fonts = doc.get_page_fonts(page).unwrap();
    let mut faces = BTreeMap::new();
    for (name, font) in fonts {
        let Ok(encoding) = font.get_font_encoding(doc) else {
            continue;
        };
        let mut widths = BTreeMap::new();
        let descendant = font
            .get(b"DescendantFonts")
            .ok()
            .and_then(|d| doc.dereference(d).ok())
            .and_then(|(_, d)| d.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|d| doc.dereference(d).ok())
            .and_then(|(_, d)| d.as_dict().ok());
        if let Some(w) = descendant
            .and_then(|d| d.get(b"W").ok())
            .and_then(|w| doc.dereference(w).ok())
            .and_then(|(_, w)| w.as_array().ok())
        {
            let mut i = 0;
            while i < w.len() {
                let Ok(first) = w[i].as_i64() else { break };
                match w.get(i + 1) {
                    Some(Object::Array(list)) => {
                        for (k, v) in list.iter().enumerate() {
                            widths.insert(first as u32 + k as u32, number(v).unwrap_or(0.0));
                        }
                        i += 2;
                    }
                    Some(last) => {
                        let last = last.as_i64().unwrap_or(first);
                        let v = w.get(i + 2).and_then(number).unwrap_or(0.0);
                        for c in first..=last {
                            widths.insert(c as u32, v);
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
        faces.insert(name, (encoding, widths));
    }
    faces
}
