//! Writes a synthetic norma project for benchmarks: one organization manual with
//! UNITS units of FUNCTIONS functions each (default 1,000 × 20 = 20,000 functions),
//! realistic Spanish text, incisos, references and acronyms. With `--hugo DIR`, also
//! writes the same text as a Hugo site, for bench/site-vs-hugo.py.
//!
//! cargo run --release --example corpus -- OUT_DIR [UNITS] [FUNCTIONS] [--hugo DIR]

#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::Path;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let hugo = args.iter().position(|a| a == "--hugo").map(|i| {
        let dir = args.get(i + 1).cloned().unwrap_or_default();
        args.drain(i..(i + 2).min(args.len()));
        dir
    });
    let mut args = args.into_iter();
    let Some(out) = args.next() else {
        eprintln!("uso: corpus CARPETA [UNIDADES] [FUNCIONES_POR_UNIDAD] [--hugo CARPETA]");
        std::process::exit(2);
    };
    let units = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let functions = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let written = corpus::write(Path::new(&out), units, functions).expect("corpus written");
    println!(
        "{written} unidades, {} funciones en {out}",
        written * functions
    );
    if let Some(dir) = hugo.filter(|d| !d.is_empty()) {
        corpus::write_hugo(Path::new(&dir), units, functions).expect("Hugo corpus written");
        println!("el mismo texto como sitio de Hugo en {dir}");
    }
}
