//! A link checker for a published site: every `href` and `src` in every HTML file
//! (and every result URL of the search index) must be relative, must name a file
//! that exists, and, with an anchor, an element with that id on the target page.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every problem found, one line each; empty when the site is sound.
pub fn broken_links(site: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let pages = html_files(site);
    for page in &pages {
        let html = fs::read_to_string(page).unwrap();
        ids.insert(
            page.clone(),
            attribute_values(&html, "id").into_iter().collect(),
        );
    }
    for page in &pages {
        let html = fs::read_to_string(page).unwrap();
        let shown = page.strip_prefix(site).unwrap().display().to_string();
        for attr in ["href", "src"] {
            for url in attribute_values(&html, attr) {
                check(site, page, &shown, &url, &ids, &mut problems);
            }
        }
        // <meta http-equiv="refresh" content="0; url=…">
        for content in attribute_values(&html, "content") {
            if let Some((_, url)) = content.split_once("url=") {
                check(site, page, &shown, url, &ids, &mut problems);
            }
        }
    }
    // Search results are links too: their URLs are relative to the site root.
    let home = site.join("index.html");
    for url in search_result_urls(site) {
        check(site, &home, "static/search/", &url, &ids, &mut problems);
    }
    problems
}

fn check(
    site: &Path,
    page: &Path,
    shown: &str,
    url: &str,
    ids: &BTreeMap<PathBuf, BTreeSet<String>>,
    problems: &mut Vec<String>,
) {
    let url = url
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"");
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
    {
        return;
    }
    if url.starts_with('/') {
        problems.push(format!("{shown}: root-absolute URL {url}"));
        return;
    }
    if lower.contains("://") || lower.starts_with("javascript:") || lower.starts_with("data:") {
        problems.push(format!("{shown}: unexpected URL {url}"));
        return;
    }
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p.to_owned(), Some(a.to_owned())),
        None => (url.clone(), None),
    };
    let path = path.split('?').next().unwrap_or("").to_owned();
    let target = if path.is_empty() {
        page.to_path_buf()
    } else {
        normalize(&page.parent().unwrap().join(&path))
    };
    if !target.starts_with(site) {
        problems.push(format!("{shown}: {url} leaves the site"));
        return;
    }
    if !target.is_file() {
        problems.push(format!("{shown}: {url} → missing file"));
        return;
    }
    if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
        match ids.get(&target) {
            Some(set) if set.contains(&anchor) => {}
            _ => problems.push(format!("{shown}: {url} → no id=\"{anchor}\"")),
        }
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The values of `name="…"` attributes in an HTML text.
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        let after = &rest[start + needle.len()..];
        let Some(end) = after.find('"') else { break };
        out.push(after[..end].to_owned());
        rest = &after[end..];
    }
    out
}

/// The text of an HTML fragment as a reader sees it: tags removed, entities
/// decoded, white space collapsed.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The address of every result of the site's search index (its `d*.js`
/// shards, each `(…)["dN"]={"c":[…],"p":[[page, head]…],"d":[[page, anchor,
/// …]…]};`).
pub fn search_result_urls(site: &Path) -> Vec<String> {
    let mut urls = Vec::new();
    let Ok(entries) = fs::read_dir(site.join("static/search")) else {
        return urls;
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with('d') && n.ends_with(".js"))
        .collect();
    names.sort();
    for name in names {
        let js = fs::read_to_string(site.join("static/search").join(&name)).unwrap();
        let json = js
            .split_once("]=")
            .expect("a shard names itself")
            .1
            .trim()
            .trim_end_matches(';');
        let value: serde_json::Value = serde_json::from_str(json).expect("shard is JSON");
        // A row names its page (`"p"`: address, title's head) and its anchor.
        for doc in value["d"].as_array().unwrap() {
            let page = &value["p"][doc[0].as_u64().unwrap() as usize];
            urls.push(format!(
                "{}{}",
                page[0].as_str().unwrap(),
                doc[1].as_str().unwrap()
            ));
        }
    }
    urls
}
