//! Fuzzes the loader, the rules, resolve and the site writer on stable Rust,
//! in-process (issue #24; fuzz/README.md).
//!
//! Each input is one of the repository's projects (the example, the valid
//! fixture, the broken fixtures) with some of its files mutated: bytes,
//! lines, YAML scalars swapped for hostile values (dates, codes, references,
//! keys, numbers, deep nesting, long text), keys and lines spliced from other
//! files, files removed or added. Each runs through `Site::load` (load and
//! check), then resolve and render in memory (fuzz/harness.rs): nothing is
//! written but the scratch project. An input that reaches new behaviour (a
//! diagnostic code not seen before in that kind of file, a new page count)
//! is kept and mutated further.
//!
//! A panic is caught per input; a pass longer than `--timeout` seconds is a
//! hang and a live heap over `--memory-mb` is unbounded memory: both stop the
//! worker process, and the supervisor saves the input and starts another.
//! Every finding is written to `fuzz/out/crashes/` as an input for
//! `--replay`, `--minimize` and, once fixed, `fuzz/regressions/`.
//!
//! cargo run --release --example fuzz -- [--seconds 180] [--seed N] [--out fuzz/out]
//!     [--timeout 10] [--memory-mb 2048] [--pdf-every 4] [--save-corpus DIR]
//! cargo run --release --example fuzz -- --replay FILE...
//! cargo run --release --example fuzz -- --minimize FILE

#[path = "../fuzz/harness.rs"]
mod harness;

use std::alloc::{GlobalAlloc, Layout};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use harness::{Bases, Change, Input};

// ---------------------------------------------------------------------------
// Memory: a live-heap limit.

/// The allocator counts the bytes alive; past the limit an allocation fails,
/// which aborts the worker ("memory allocation of N bytes failed").
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !reserve(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !reserve(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && !reserve(new_size - layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > layout.size() {
                LIVE.fetch_sub(new_size - layout.size(), Ordering::Relaxed);
            }
        } else if new_size < layout.size() {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        p
    }
}

fn reserve(size: usize) -> bool {
    let before = LIVE.fetch_add(size, Ordering::Relaxed);
    if before.saturating_add(size) > LIMIT.load(Ordering::Relaxed) {
        LIVE.fetch_sub(size, Ordering::Relaxed);
        return false;
    }
    true
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

// ---------------------------------------------------------------------------
// Randomness: xorshift64*, seeded, so a run can be repeated.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Mutations.

/// Values authors (and attackers) write where norma expects something else.
const HOSTILE: &[&str] = &[
    // Dates.
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "0000-00-00",
    "9999-12-31",
    "99999-01-01",
    "2024-1-1",
    "2024-01-01T00:00:00Z",
    "-2024-01-01",
    "2024-01-32",
    "1/2/2024",
    // Codes and versions.
    "7.2.1",
    "7..2",
    "7.2.1.",
    ".7",
    "0",
    "0.0",
    "00.01",
    "99999999999999999999.1",
    "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20",
    "a.b",
    "3.1",
    "1.0",
    "9210-003-203",
    "9210-003-",
    "-",
    // References, well formed and not.
    "\"[](7.2.1)\"",
    "\"Véase [](7.3.1.1#f10).\"",
    "\"[](unit:7.3.1)\"",
    "\"[](proc:9210-003-203)\"",
    "\"[](form:9210-009-001)\"",
    "\"[](guide:x)\"",
    "\"[](mo-dir:7.2.1)\"",
    "\"[]()\"",
    "\"[](\"",
    "\"[x](7.2.1#)\"",
    "\"[](#)\"",
    "\"[](7.2.1#f999999999999999999999)\"",
    "\"[![](x)](7.2.1)\"",
    "\"<script>alert(1)</script>\"",
    "\"<!-- x\"",
    "\"&amp;&#0;&#x110000;\"",
    "\"**[](7.2.1)**\"",
    "\"| a | b |\\n|---|---|\\n| [](7.2.1) | x |\"",
    "\"```\\n[](7.2.1)\\n\"",
    "\"[^1]\\n\\n[^1]: x\"",
    // Numbers.
    "-1",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "1e309",
    ".nan",
    "-.inf",
    "0x7fffffff",
    "1_000",
    // Scalars of other kinds.
    "~",
    "null",
    "yes",
    "true",
    "\"\"",
    "''",
    "[]",
    "{}",
    "[[]]",
    "{a: 1}",
    "!!binary aGVsbG8=",
    "!tag x",
    "&a x",
    "*a",
    "*undefined",
    "|\n  x",
    ">-\n  x",
    "\"\\u0000\"",
    "\"\\uD800\"",
    "\"a\\tb\\rc\"",
    "\"\u{202e}abc\u{200b}\u{fffd}\"",
    "\"e\u{301}\u{301}\u{301}\"",
    "\"𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀\"",
    "\"中文\"",
    // Keys.
    "\"ed25519:\"",
    "\"ed25519:zz\"",
    "\"ed25519:0000000000000000000000000000000000000000000000000000000000000000\"",
];

/// Pieces of YAML structure to splice in at a line.
const STRUCTURE: &[&str] = &[
    "- ",
    "  - ",
    "? ",
    ": ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "<<: *a\n",
    "a: &a {b: 1}\nc: *a\n",
    "\t",
    "# ",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\u{feff}",
    "\r\n",
    "\r",
    "\0",
];

struct Mutator {
    /// Keys and scalars seen in every base's YAML files, and whole lines.
    keys: Vec<String>,
    values: Vec<String>,
    lines: Vec<String>,
}

impl Mutator {
    fn new(bases: &Bases, names: &[String]) -> Mutator {
        let mut keys = BTreeSet::new();
        let mut values = BTreeSet::new();
        let mut lines = BTreeSet::new();
        for name in names {
            let Ok(files) = bases.get(name) else { continue };
            for (path, bytes) in files {
                if !(path.ends_with(".yaml") || path.ends_with(".md")) {
                    continue;
                }
                for line in String::from_utf8_lossy(bytes).lines() {
                    if line.len() < 200 {
                        lines.insert(line.to_owned());
                    }
                    let body = line.trim_start().trim_start_matches("- ");
                    if let Some((key, value)) = body.split_once(": ")
                        && !key.contains(' ')
                        && !key.is_empty()
                    {
                        keys.insert(key.to_owned());
                        if value.len() < 120 {
                            values.insert(value.to_owned());
                        }
                    }
                }
            }
        }
        Mutator {
            keys: keys.into_iter().collect(),
            values: values.into_iter().collect(),
            lines: lines.into_iter().collect(),
        }
    }

    /// A hostile or harvested value.
    fn value(&self, rng: &mut Rng) -> String {
        match rng.below(10) {
            0..=4 => rng.pick(HOSTILE).to_string(),
            5..=7 if !self.values.is_empty() => rng.pick(&self.values).clone(),
            8 => {
                // Long text, or deep nesting.
                let n = [100, 1_000, 10_000, 200_000][rng.below(4)];
                match rng.below(4) {
                    0 => format!("\"{}\"", "palabra ".repeat(n / 8)),
                    1 => format!("{}x{}", "[".repeat(n / 100), "]".repeat(n / 100)),
                    2 => format!("\"{}\"", "[](7.2.1) ".repeat(n / 10)),
                    _ => format!("\"{}\"", "x".repeat(n)),
                }
            }
            _ => {
                let mut s = rng.pick(HOSTILE).to_string();
                s.push_str(rng.pick::<&str>(HOSTILE));
                s
            }
        }
    }

    fn mutate_text(&self, rng: &mut Rng, bytes: &mut Vec<u8>, others: &[&[u8]]) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let n = lines.len();
        match rng.below(14) {
            // Replace a scalar after a key, or a list item.
            0..=3 => {
                let i = rng.below(n);
                let line = &lines[i];
                let indent = line.len() - line.trim_start().len();
                let new = if let Some(colon) = line.find(": ") {
                    format!("{}: {}", &line[..colon], self.value(rng))
                } else if let Some(rest) = line.trim_start().strip_prefix("- ") {
                    let _ = rest;
                    format!("{}- {}", " ".repeat(indent), self.value(rng))
                } else {
                    format!("{}{}", &line[..indent], self.value(rng))
                };
                lines[i] = new;
            }
            // Rename a key.
            4 if !self.keys.is_empty() => {
                let i = rng.below(n);
                if let Some(colon) = lines[i].find(':') {
                    let indent = lines[i].len() - lines[i].trim_start().len();
                    let dash = if lines[i].trim_start().starts_with("- ") {
                        "- "
                    } else {
                        ""
                    };
                    let rest = lines[i][colon..].to_owned();
                    lines[i] =
                        format!("{}{dash}{}{rest}", " ".repeat(indent), rng.pick(&self.keys));
                }
            }
            // Delete, duplicate, swap or move lines.
            5 => {
                let i = rng.below(n);
                let len = 1 + rng.below(4.min(n - i));
                lines.drain(i..i + len);
            }
            6 => {
                let i = rng.below(n);
                let len = 1 + rng.below(8.min(n - i));
                let block: Vec<String> = lines[i..i + len].to_vec();
                let at = rng.below(n + 1);
                for (k, l) in block.into_iter().enumerate() {
                    lines.insert(at + k, l);
                }
            }
            7 => {
                let (a, b) = (rng.below(n), rng.below(n));
                lines.swap(a, b);
            }
            // Indent or dedent a line.
            8 => {
                let i = rng.below(n);
                if rng.chance(2) {
                    lines[i].insert_str(0, ["  ", " ", "    ", "\t"][rng.below(4)]);
                } else {
                    let cut = lines[i].len() - lines[i].trim_start().len();
                    let cut = cut.min(1 + rng.below(4));
                    lines[i].drain(..cut);
                }
            }
            // A line from another file of any base.
            9 if !self.lines.is_empty() => {
                let at = rng.below(n + 1);
                lines.insert(at, rng.pick(&self.lines).clone());
            }
            // Cross-over: the head of this file with the tail of another.
            10 if !others.is_empty() => {
                let other = String::from_utf8_lossy(rng.pick::<&[u8]>(others)).into_owned();
                let other: Vec<&str> = other.split('\n').collect();
                let cut = rng.below(n + 1);
                let from = rng.below(other.len() + 1);
                lines.truncate(cut);
                lines.extend(other[from..].iter().map(|s| (*s).to_owned()));
            }
            // A piece of YAML structure.
            11 => {
                let i = rng.below(n);
                let at = floor_char_boundary(&lines[i], rng.below(lines[i].len() + 1));
                lines[i].insert_str(at, rng.pick::<&str>(STRUCTURE));
            }
            // A hostile value inside a line of text (Markdown, references).
            12 => {
                let i = rng.below(n);
                let at = floor_char_boundary(&lines[i], rng.below(lines[i].len() + 1));
                let value = rng.pick(HOSTILE).trim_matches('"').to_owned();
                lines[i].insert_str(at, &value);
            }
            _ => {
                *bytes = lines.join("\n").into_bytes();
                mutate_bytes(rng, bytes);
                return;
            }
        }
        *bytes = lines.join("\n").into_bytes();
    }
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while at > 0 && !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let n = bytes.len();
    match rng.below(6) {
        0 if n > 0 => {
            let i = rng.below(n);
            bytes[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = rng.below(n + 1);
            let b = *rng.pick(&[0u8, 0xff, 0xc3, 0x80, b'\t', b'\r', b'\n', b':', b'#']);
            bytes.insert(i, b);
        }
        2 if n > 0 => {
            let i = rng.below(n);
            let len = 1 + rng.below(16.min(n - i));
            bytes.drain(i..i + len);
        }
        3 if n > 0 => {
            let i = rng.below(n);
            let len = 1 + rng.below(64.min(n - i));
            let copy = bytes[i..i + len].to_vec();
            let at = rng.below(n + 1);
            bytes.splice(at..at, copy);
        }
        4 => bytes.truncate(rng.below(n + 1)),
        _ => {
            let i = rng.below(n + 1);
            bytes.splice(
                i..i,
                "\u{feff}\u{301}\u{200b}".bytes().take(1 + rng.below(9)),
            );
        }
    }
}

/// Files a mutation may touch: the content, the settings, the releases and
/// the key (the theme's templates are the author's code, not text).
fn mutable(path: &str) -> bool {
    path == "norma.yaml"
        || path == "norma-signing.pub"
        || path.starts_with("content/")
        || path.starts_with("releases/")
}

/// A mutated copy of `input`: one to eight changes.
fn mutate(input: &Input, bases: &Bases, m: &Mutator, rng: &mut Rng) -> Input {
    let mut out = input.clone();
    out.expect.clear();
    let Ok(mut files) = input.files(bases) else {
        return out;
    };
    let rounds = 1 + rng.below(4) + if rng.chance(4) { rng.below(5) } else { 0 };
    for _ in 0..rounds {
        let paths: Vec<String> = files.keys().filter(|p| mutable(p)).cloned().collect();
        if paths.is_empty() {
            break;
        }
        let path = rng.pick(&paths).clone();
        match rng.below(30) {
            // Remove a file.
            0 => {
                files.remove(&path);
                out.changes.push(Change::Remove(path));
            }
            // A copy of a file under another name (a duplicate unit, a
            // stray file, a release of its own).
            1 => {
                let bytes = files[&path].clone();
                let (dir, name) = path.rsplit_once('/').unwrap_or(("", &path));
                let new_name = match rng.below(5) {
                    0 => format!("copia-{name}"),
                    1 => format!("{name}.bak"),
                    2 => name.replace(".yaml", ".yml"),
                    3 => format!("{}.yaml", rng.below(100)),
                    _ => name.to_uppercase(),
                };
                let new = if dir.is_empty() {
                    new_name
                } else {
                    format!("{dir}/{new_name}")
                };
                files.insert(new.clone(), bytes.clone());
                out.changes.push(Change::Write(new, bytes));
            }
            // A public key at the root, good or bad.
            2 => {
                let key = [
                    "ed25519:3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c\n",
                    "ed25519:00\n",
                    "ed25519:zzzz\n",
                    "ed25519:3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660cff\n",
                    "-----BEGIN PRIVATE KEY-----\nxx\n",
                    "",
                    "\u{feff}ed25519:3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                ][rng.below(7)];
                let path = "norma-signing.pub".to_owned();
                files.insert(path.clone(), key.as_bytes().to_vec());
                out.changes
                    .push(Change::Write(path, key.as_bytes().to_vec()));
            }
            _ => {
                let mut bytes = files[&path].clone();
                let others: Vec<&[u8]> = files
                    .iter()
                    .filter(|(p, _)| p.ends_with(".yaml") && **p != path)
                    .map(|(_, b)| b.as_slice())
                    .collect();
                m.mutate_text(rng, &mut bytes, &others);
                files.insert(path.clone(), bytes.clone());
                out.changes.push(Change::Write(path, bytes));
            }
        }
    }
    compact(&mut out);
    out
}

/// Keeps only the last change of each path.
fn compact(input: &mut Input) {
    let mut seen = BTreeSet::new();
    let mut kept = Vec::new();
    for change in input.changes.drain(..).rev() {
        let path = match &change {
            Change::Write(p, _) | Change::Remove(p) => p.clone(),
        };
        if seen.insert(path) {
            kept.push(change);
        }
    }
    kept.reverse();
    input.changes = kept;
}

// ---------------------------------------------------------------------------
// The worker: inputs in a row, each watched by a timer.

struct Options {
    repo: PathBuf,
    out: PathBuf,
    seconds: u64,
    seed: u64,
    timeout: u64,
    memory_mb: usize,
    /// The PDFs are printed for one input in this many (0: never); replay
    /// and minimize print them when it is not 0.
    pdf_every: usize,
    save_corpus: Option<PathBuf>,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// When the input under way started (ms since the epoch); 0 when idle.
static STARTED: AtomicU64 = AtomicU64::new(0);

fn short_hash(text: &str) -> String {
    // FNV-1a: a stable name for a finding's file.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn scratch_dir(out: &Path) -> PathBuf {
    out.join(format!("scratch-{}", std::process::id()))
}

/// The scratch projects of workers that died.
fn remove_scratch(out: &Path) {
    for entry in fs::read_dir(out).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with("scratch-") {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn run_input(input: &Input, bases: &Bases, scratch: &Path, pdf: bool) -> Option<harness::Outcome> {
    let files = input.files(bases).ok()?;
    harness::materialize(&files, scratch).ok()?;
    Some(harness::run(scratch, pdf, harness::has_theme(&files)))
}

fn worker(options: &Options, deadline: u64) -> ExitCode {
    harness::install_panic_hook();
    LIMIT.store(options.memory_mb << 20, Ordering::Relaxed);
    let crashes = options.out.join("crashes");
    let _ = fs::create_dir_all(&crashes);
    let current = options.out.join("current.in");
    let scratch = scratch_dir(&options.out);

    // The watchdog: an input that runs past the timeout is a hang.
    {
        let timeout = options.timeout * 1000;
        let current = current.clone();
        let crashes = crashes.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200));
                let started = STARTED.load(Ordering::Relaxed);
                if started != 0 && now_ms().saturating_sub(started) > timeout {
                    let bytes = fs::read(&current).unwrap_or_default();
                    let name = format!("hang-{}.in", short_hash(&String::from_utf8_lossy(&bytes)));
                    let _ = fs::write(crashes.join(&name), &bytes);
                    eprintln!(
                        "fuzz: HANG: an input ran over {} s: {}",
                        timeout / 1000,
                        crashes.join(name).display()
                    );
                    std::process::exit(3);
                }
            }
        });
    }

    let bases = Bases::new(&options.repo);
    let names = bases.all();
    let mutator = Mutator::new(&bases, &names);
    let mut rng = Rng::new(options.seed);
    let mut pool: Vec<Input> = names.iter().map(|n| Input::new(n)).collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut findings: BTreeSet<String> = BTreeSet::new();
    // Inputs kept from earlier runs (fuzz/corpus) join the pool.
    let corpus = options.repo.join("fuzz/corpus");
    for path in harness::list_inputs(&corpus) {
        if let Ok(input) = fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|b| Input::parse(&b))
        {
            pool.push(input);
        }
    }
    let seeds = pool.len();
    let (mut runs, mut kept, mut rendered) = (0u64, 0usize, 0u64);
    let started = Instant::now();
    let mut last_report = Instant::now();
    while now_ms() < deadline {
        // Mostly the inputs kept for new behaviour, sometimes a base afresh.
        let parent = if runs < seeds as u64 {
            pool[runs as usize].clone()
        } else if pool.len() > seeds && rng.chance(2) {
            pool[seeds + rng.below(pool.len() - seeds)].clone()
        } else if rng.chance(2) {
            // The example and the valid fixture: inputs that can get past
            // the rules to resolve and render.
            pool[rng.below(2)].clone()
        } else {
            pool[rng.below(seeds)].clone()
        };
        let input = if runs < seeds as u64 {
            parent
        } else {
            mutate(&parent, &bases, &mutator, &mut rng)
        };
        let mut input = input;
        input.pdf = options.pdf_every > 0 && rng.chance(options.pdf_every);
        let bytes = input.to_bytes();
        let _ = fs::write(&current, &bytes);
        STARTED.store(now_ms(), Ordering::Relaxed);
        let outcome = run_input(&input, &bases, &scratch, input.pdf);
        STARTED.store(0, Ordering::Relaxed);
        runs += 1;
        let Some(outcome) = outcome else { continue };
        if let Some(finding) = &outcome.finding {
            if findings.insert(finding.key.clone()) {
                let name = format!("crash-{}.in", short_hash(&finding.key));
                let path = crashes.join(&name);
                if !path.exists() {
                    let _ = fs::write(&path, &bytes);
                    let _ = fs::write(path.with_extension("txt"), &finding.detail);
                }
                eprintln!(
                    "fuzz: FINDING: {}\n      {}\n      {}",
                    finding.key,
                    finding.detail.lines().next().unwrap_or(""),
                    path.display()
                );
            }
            continue;
        }
        if outcome.features.iter().any(|f| f.starts_with("pages-")) {
            rendered += 1;
        }
        let base_kind = if input.base == "." {
            "example"
        } else {
            "fixture"
        };
        let new: Vec<String> = outcome
            .features
            .iter()
            .map(|f| format!("{base_kind}:{f}"))
            .filter(|f| !seen.contains(f))
            .collect();
        if !new.is_empty() {
            seen.extend(new);
            if runs > seeds as u64 && pool.len() < 2_000 {
                if let Some(dir) = &options.save_corpus {
                    let _ = fs::create_dir_all(dir);
                    let name = format!("{}.in", short_hash(&String::from_utf8_lossy(&bytes)));
                    let _ = fs::write(dir.join(name), &bytes);
                }
                pool.push(input);
                kept += 1;
            }
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "fuzz: {runs} inputs in {:.0} s ({rendered} rendered), {kept} kept, {} behaviours, {} findings",
                started.elapsed().as_secs_f64(),
                seen.len(),
                findings.len()
            );
        }
    }
    let _ = fs::remove_dir_all(&scratch);
    let _ = fs::remove_file(&current);
    eprintln!(
        "fuzz: worker done: {runs} inputs in {:.0} s ({:.1}/s; {rendered} rendered), {kept} kept, {} behaviours, {} findings, {} MB live",
        started.elapsed().as_secs_f64(),
        runs as f64 / started.elapsed().as_secs_f64().max(0.001),
        seen.len(),
        findings.len(),
        LIVE.load(Ordering::Relaxed) >> 20
    );
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------
// The supervisor: starts workers until the time is up, saves what killed one.

fn supervise(options: &Options, args: &[String]) -> ExitCode {
    let crashes = options.out.join("crashes");
    let _ = fs::create_dir_all(&crashes);
    let before: BTreeSet<PathBuf> = harness::list_inputs(&crashes).into_iter().collect();
    let deadline = now_ms() + options.seconds * 1000;
    let exe = std::env::current_exe().expect("the fuzzer's own path");
    let mut seed = options.seed;
    let mut workers = 0;
    while now_ms() + 1_000 < deadline {
        workers += 1;
        let status = Command::new(&exe)
            .args(args)
            .arg("--worker")
            .arg(deadline.to_string())
            .arg("--seed")
            .arg(seed.to_string())
            .status();
        seed = seed.wrapping_add(1);
        match status {
            Ok(s) if s.success() => break,
            Ok(s) if s.code() == Some(3) => {} // a hang, saved by the worker
            Ok(s) => {
                // Killed: over the memory limit (an allocation failed and the
                // worker aborted) or some other abort. The input under way is
                // in current.in.
                let current = options.out.join("current.in");
                let Ok(bytes) = fs::read(&current) else {
                    // The worker had finished its inputs (it removes
                    // current.in): no input is to blame.
                    eprintln!("fuzz: a worker ended abnormally ({s}) after its last input");
                    remove_scratch(&options.out);
                    break;
                };
                let _ = fs::remove_file(&current);
                let name = format!("abort-{}.in", short_hash(&String::from_utf8_lossy(&bytes)));
                let _ = fs::write(crashes.join(&name), &bytes);
                eprintln!(
                    "fuzz: ABORT ({s}; over {} MB of memory, or a crash): {}",
                    options.memory_mb,
                    crashes.join(name).display()
                );
                remove_scratch(&options.out);
            }
            Err(e) => {
                eprintln!("fuzz: could not start a worker: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let new: Vec<PathBuf> = harness::list_inputs(&crashes)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    eprintln!("fuzz: {workers} worker(s), {} new finding(s)", new.len());
    if new.is_empty() {
        return ExitCode::SUCCESS;
    }
    for path in &new {
        eprintln!("  {}", path.display());
    }
    eprintln!(
        "fuzz: each is an input norma fails on (a panic, a hang or unbounded memory).\n\
         Replay one with `cargo run --release --example fuzz -- --replay FILE`, shrink it with\n\
         `--minimize FILE`, fix the bug, and keep the input in fuzz/regressions/ (with an\n\
         `expect CODE` line for the diagnostic the fix gives): `cargo test --test fuzz` replays them."
    );
    ExitCode::FAILURE
}

// ---------------------------------------------------------------------------
// Replay and minimize.

fn replay(options: &Options, files: &[String]) -> ExitCode {
    harness::install_panic_hook();
    LIMIT.store(options.memory_mb << 20, Ordering::Relaxed);
    let bases = Bases::new(&options.repo);
    let scratch = scratch_dir(&options.out);
    let mut failed = false;
    for file in files {
        let input = match fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|b| Input::parse(&b))
        {
            Ok(input) => input,
            Err(e) => {
                eprintln!("{file}: {e}");
                failed = true;
                continue;
            }
        };
        let started = Instant::now();
        let outcome = run_input(
            &input,
            &bases,
            &scratch,
            input.pdf || options.pdf_every == 1,
        );
        let seconds = started.elapsed().as_secs_f64();
        match outcome {
            None => {
                eprintln!("{file}: the base is missing");
                failed = true;
            }
            Some(o) => match o.finding {
                Some(f) => {
                    eprintln!("{file}: {} ({seconds:.2} s)\n{}", f.key, f.detail);
                    failed = true;
                }
                None => eprintln!(
                    "{file}: ok ({seconds:.2} s; codes: {})",
                    o.codes.iter().cloned().collect::<Vec<_>>().join(" ")
                ),
            },
        }
    }
    let _ = fs::remove_dir_all(&scratch);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Shrinks an input that panics to fewer changes and fewer lines, keeping the
/// same finding (hangs and aborts are shrunk by hand).
fn minimize(options: &Options, file: &str) -> ExitCode {
    harness::install_panic_hook();
    let bases = Bases::new(&options.repo);
    let scratch = scratch_dir(&options.out);
    let Ok(mut input) = fs::read(file)
        .map_err(|e| e.to_string())
        .and_then(|b| Input::parse(&b))
    else {
        eprintln!("{file}: not an input");
        return ExitCode::from(2);
    };
    let key = |input: &Input| -> Option<String> {
        run_input(input, &bases, &scratch, input.pdf)?
            .finding
            .map(|f| f.key)
    };
    let Some(target) = key(&input) else {
        eprintln!("{file}: no finding to keep");
        return ExitCode::from(2);
    };
    eprintln!("keeping: {target}");
    // Fewer changes.
    let mut i = 0;
    while i < input.changes.len() {
        let mut candidate = input.clone();
        candidate.changes.remove(i);
        if key(&candidate).as_ref() == Some(&target) {
            input = candidate;
        } else {
            i += 1;
        }
    }
    // Fewer lines in what is written, in chunks that halve.
    for c in 0..input.changes.len() {
        let Change::Write(_, bytes) = &input.changes[c] else {
            continue;
        };
        let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        let mut chunk = lines.len().div_ceil(2).max(1);
        loop {
            let mut at = 0;
            while at < lines.len() {
                let mut fewer = lines.clone();
                fewer.drain(at..(at + chunk).min(lines.len()));
                let mut candidate = input.clone();
                if let Change::Write(_, b) = &mut candidate.changes[c] {
                    *b = fewer.join(&b'\n');
                }
                if key(&candidate).as_ref() == Some(&target) {
                    lines = fewer;
                    input = candidate;
                } else {
                    at += chunk;
                }
            }
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    let out = PathBuf::from(format!("{file}.min"));
    let _ = fs::write(&out, input.to_bytes());
    let _ = fs::remove_dir_all(&scratch);
    eprintln!("{}: {} bytes", out.display(), input.to_bytes().len());
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------

fn take(args: &mut Vec<String>, name: &str) -> Option<String> {
    let i = args.iter().position(|a| a == name)?;
    let value = args.get(i + 1).cloned();
    args.drain(i..(i + 2).min(args.len()));
    value
}

fn flag(args: &mut Vec<String>, name: &str) -> bool {
    let before = args.len();
    args.retain(|a| a != name);
    args.len() != before
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let worker_deadline = take(&mut args, "--worker").and_then(|d| d.parse::<u64>().ok());
    let seed_given = take(&mut args, "--seed");
    // What the supervisor hands on to its workers (all but --seed/--worker).
    let passed = args.clone();
    let number = |args: &mut Vec<String>, name: &str, default: u64| -> u64 {
        take(args, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let options = Options {
        repo: take(&mut args, "--repo")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
        out: take(&mut args, "--out")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/out")),
        seconds: number(&mut args, "--seconds", 180),
        seed: seed_given
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(now_ms),
        timeout: number(&mut args, "--timeout", 10),
        memory_mb: number(&mut args, "--memory-mb", 2048) as usize,
        pdf_every: number(&mut args, "--pdf-every", 4) as usize,
        save_corpus: take(&mut args, "--save-corpus").map(PathBuf::from),
    };
    let _ = fs::create_dir_all(&options.out);
    if let Some(deadline) = worker_deadline {
        return worker(&options, deadline);
    }
    if let Some(file) = take(&mut args, "--minimize") {
        return minimize(&options, &file);
    }
    if flag(&mut args, "--replay") {
        return replay(&options, &args);
    }
    if !args.is_empty() {
        eprintln!("fuzz: unknown arguments {args:?}");
        return ExitCode::from(2);
    }
    eprintln!(
        "fuzz: {} s, seed {}, timeout {} s per input, {} MB of memory, PDFs for 1 input in {}",
        options.seconds, options.seed, options.timeout, options.memory_mb, options.pdf_every
    );
    supervise(&options, &passed)
}
