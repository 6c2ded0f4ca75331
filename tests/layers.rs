//! The layers of `src/` (README, "How it is built"): a module may use modules
//! of its own layer and of the layers below, never one above; the top-level
//! modules form no cycle; and the writers reach none of the loader, the raw
//! model or the rules, directly or through another module.
//!
//! Read from the source, not from a tool: every `crate::` path (in `use`
//! items, grouped `use crate::{a, b}` lists and paths written in code) and
//! every `super::` that climbs to the crate root names the top-level module it
//! reaches. A failure names the file, the line and the import that breaks the
//! rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first. A module's layer is its index here.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "basics",
        &[
            "i18n",
            "source",
            "date",
            "text",
            "numbering",
            "parallel",
            "progress",
            "diagnostic",
            "keys",
            "reference",
            "fonts",
            "limits",
            "memory",
        ],
    ),
    ("model", &["yaml", "project", "model"]),
    ("load", &["load"]),
    ("check", &["check"]),
    ("document", &["document"]),
    ("resolve", &["resolve"]),
    ("wording", &["wording"]),
    (
        "writers",
        &["diagram", "theme", "search", "html", "pdf", "package"],
    ),
    ("pipeline", &["pipeline"]),
    (
        "commands",
        // `cli` is the binary's (src/main.rs): one module per command.
        &["commands", "cli", "serve", "scaffold", "schema"],
    ),
];

/// What the writers may not reach, directly or through another module.
const WRITERS: &[&str] = &["diagram", "theme", "search", "html", "pdf", "package"];
const NOT_FOR_WRITERS: &[&str] = &["load", "model", "yaml", "project", "check"];

/// One use of another top-level module.
#[derive(Debug, Clone)]
struct Import {
    from: String,
    to: String,
    file: PathBuf,
    line: usize,
    text: String,
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text with comments blanked (line and block comments; string contents are
/// kept, since a `crate::` inside a string is rare and harmless to flag).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            out.push(c as char);
            if c == b'\\' && i + 1 < bytes.len() {
                out.push(bytes[i + 1] as char);
                i += 2;
                continue;
            }
            if c == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        if c == b'"' {
            in_string = true;
            out.push('"');
            i += 1;
        } else if bytes[i..].starts_with(b"//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if bytes[i..].starts_with(b"/*") {
            while i < bytes.len() && !bytes[i..].starts_with(b"*/") {
                if bytes[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else {
            // Keep multi-byte characters whole.
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The first identifier at the start of `rest`.
fn ident(rest: &str) -> &str {
    let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
    &rest[..end]
}

/// The top-level names a grouped `{a, b::c, d::{e}}` list starts with.
fn group_heads(list: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut start = true;
    for (i, c) in list.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => start = true,
            c if start && depth == 0 && is_ident(c) => {
                heads.push(ident(&list[i..]));
                start = false;
            }
            _ => {}
        }
    }
    heads
}

/// The names a path reaches after `crate::` (or a climb to the root): one,
/// or each of a grouped `{a, b::c}` list.
fn heads(rest: &str) -> Vec<&str> {
    match rest.strip_prefix('{') {
        Some(list) => group_heads(&list[..list.find("};").unwrap_or(list.len())]),
        None => vec![ident(rest)],
    }
}

/// The top-level module a file belongs to, and how many `super::` reach the
/// crate root from it.
fn module_of(src: &Path, file: &Path) -> Option<(String, usize)> {
    let rel = file.strip_prefix(src).unwrap();
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let top = parts[0].trim_end_matches(".rs").to_owned();
    if parts.len() == 1 && (top == "lib" || top == "main") {
        return None;
    }
    // src/x.rs and src/x/mod.rs are module `x` (depth 1); src/x/y.rs is `x::y`.
    let last = parts.last().unwrap();
    let depth = if last == "mod.rs" {
        parts.len() - 1
    } else {
        parts.len()
    };
    Some((top, depth))
}

fn imports() -> Vec<Import> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let Some((from, depth)) = module_of(&src, &file) else {
            continue;
        };
        let text = without_comments(&std::fs::read_to_string(&file).unwrap());
        let mut push = |to: &str, at: usize| {
            if to.is_empty() || to == from || to == "self" {
                return;
            }
            let line = text[..at].matches('\n').count() + 1;
            let text_line = text.lines().nth(line - 1).unwrap_or("").trim().to_owned();
            found.push(Import {
                from: from.clone(),
                to: to.to_owned(),
                file: file.clone(),
                line,
                text: text_line,
            });
        };
        let climb = "super::".repeat(depth);
        for (at, _) in text.match_indices("crate::") {
            if at > 0 && text[..at].ends_with(|c: char| is_ident(c) || c == '$') {
                continue;
            }
            for head in heads(&text[at + "crate::".len()..]) {
                push(head, at);
            }
        }
        // A climb to the root from the file's own level; inline test modules
        // (at the end, after `#[cfg(test)]`) climb from one level deeper, and
        // only names of top-level modules count (others are local items).
        let outside_tests = text.find("#[cfg(test)]").unwrap_or(text.len());
        if depth > 0 {
            for (at, _) in text[..outside_tests].match_indices(&climb) {
                let rest = &text[at + climb.len()..];
                if rest.starts_with("super::") || (at > 0 && text[..at].ends_with("::")) {
                    continue;
                }
                if layer_of(ident(rest)).is_none() && !rest.starts_with('{') {
                    continue;
                }
                for head in heads(rest) {
                    push(head, at);
                }
            }
        }
    }
    found
}

fn show(i: &Import) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    format!(
        "{}:{}: {} → {}: {}",
        i.file.strip_prefix(root).unwrap().display(),
        i.line,
        i.from,
        i.to,
        i.text
    )
}

#[test]
fn every_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_of(&src, f))
        .map(|(m, _)| m)
        .collect();
    let missing: Vec<&String> = modules.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        missing.is_empty(),
        "top-level modules with no layer in tests/layers.rs: {missing:?}"
    );
}

#[test]
fn no_module_uses_one_above_it() {
    let mut broken = Vec::new();
    for i in imports() {
        let (Some(from), to) = (layer_of(&i.from), layer_of(&i.to)) else {
            continue;
        };
        match to {
            Some(to) if to <= from => {}
            Some(to) => broken.push(format!(
                "{} (layer {} uses layer {})",
                show(&i),
                LAYERS[from].0,
                LAYERS[to].0
            )),
            None => broken.push(format!(
                "{} (not a module of any layer: name the module the item lives in)",
                show(&i)
            )),
        }
    }
    assert!(
        broken.is_empty(),
        "imports that break a layer:\n{}",
        broken.join("\n")
    );
}

/// The graph of top-level modules, with one import as the witness of each edge.
fn graph() -> BTreeMap<String, BTreeMap<String, Import>> {
    let mut graph: BTreeMap<String, BTreeMap<String, Import>> = BTreeMap::new();
    for i in imports() {
        graph
            .entry(i.from.clone())
            .or_default()
            .entry(i.to.clone())
            .or_insert(i);
    }
    graph
}

#[test]
fn the_top_level_modules_form_no_cycle() {
    let graph = graph();
    // Depth-first search; a back edge closes a cycle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, Import>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<Import>,
    ) -> Option<Vec<Import>> {
        state.insert(node.to_owned(), 1);
        for (next, import) in graph.get(node).into_iter().flatten() {
            path.push(import.clone());
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|i| i.from == *next).unwrap();
                    return Some(path[start..].to_vec());
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, path) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
            path.pop();
        }
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.contains_key(node.as_str()) {
            continue;
        }
        if let Some(cycle) = visit(node, &graph, &mut state, &mut Vec::new()) {
            let shown: Vec<String> = cycle.iter().map(show).collect();
            panic!("an import cycle:\n{}", shown.join("\n"));
        }
    }
}

#[test]
fn writers_reach_neither_the_loader_the_model_nor_the_rules() {
    let graph = graph();
    let mut broken = Vec::new();
    for writer in WRITERS {
        // Breadth-first, keeping the chain of imports that leads to each module.
        let mut chains: BTreeMap<String, Vec<Import>> = BTreeMap::new();
        let mut queue = vec![(writer.to_string(), Vec::<Import>::new())];
        while let Some((node, chain)) = queue.pop() {
            for (next, import) in graph.get(&node).into_iter().flatten() {
                if next == writer || chains.contains_key(next) {
                    continue;
                }
                let mut chain = chain.clone();
                chain.push(import.clone());
                chains.insert(next.clone(), chain.clone());
                queue.insert(0, (next.clone(), chain));
            }
        }
        for forbidden in NOT_FOR_WRITERS {
            if let Some(chain) = chains.get(*forbidden) {
                let shown: Vec<String> = chain.iter().map(show).collect();
                broken.push(format!(
                    "{writer} reaches {forbidden}:\n  {}",
                    shown.join("\n  ")
                ));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_check_sees_imports() {
    // The reader of imports itself: a grouped list, a path in code and a
    // climb to the root are all seen.
    assert_eq!(group_heads("a, b::c, d::{e, f}, g"), ["a", "b", "d", "g"]);
    assert_eq!(ident("html::rich"), "html");
    assert_eq!(
        without_comments("a // crate::x\nb /* crate::y */ c \"//\""),
        "a \nb  c \"//\""
    );
    let all = imports();
    assert!(
        all.iter().any(|i| i.from == "html" && i.to == "document"),
        "html's use of the Document was not seen"
    );
}
