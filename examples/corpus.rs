//! Writes a synthetic norma project for benchmarks: MANUALS organization manuals
//! (default 1) of UNITS units of FUNCTIONS functions each (default 1,000 × 20 =
//! 20,000 functions), realistic Spanish text, incisos, references and acronyms.
//! With `--hugo DIR`, also writes the same text as a Hugo site, for
//! bench/site-vs-hugo.py; with `--typst DIR`, as one Typst document per manual,
//! for bench/pdf-vs-typst.py.
//!
//! With `--stress DIR`, writes instead the stress project (benches/stress.rs):
//! a head unit with 172 reports, a tree 8 levels deep, a 60-step procedure in 6
//! lanes, a 100-item checklist, long signatory names.
//!
//! cargo run --release --example corpus -- OUT_DIR [UNITS] [FUNCTIONS] [--manuals N] [--hugo DIR] [--typst DIR]
//! cargo run --release --example corpus -- --stress OUT_DIR

#[path = "../benches/corpus.rs"]
#[allow(dead_code)] // each user of the corpus takes what it needs
mod corpus;
#[path = "../benches/stress.rs"]
mod stress;

use std::path::Path;

/// Takes `--name VALUE` out of the arguments.
fn option(args: &mut Vec<String>, name: &str) -> Option<String> {
    let i = args.iter().position(|a| a == name)?;
    let value = args.get(i + 1).cloned().unwrap_or_default();
    args.drain(i..(i + 2).min(args.len()));
    Some(value).filter(|v| !v.is_empty())
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(dir) = option(&mut args, "--stress") {
        stress::write(Path::new(&dir)).expect("stress project written");
        println!("proyecto de esfuerzo en {dir}");
        return;
    }
    let hugo = option(&mut args, "--hugo");
    let typst = option(&mut args, "--typst");
    let manuals: usize = option(&mut args, "--manuals")
        .and_then(|m| m.parse().ok())
        .unwrap_or(1);
    let mut args = args.into_iter();
    let Some(out) = args.next() else {
        eprintln!(
            "uso: corpus CARPETA [UNIDADES] [FUNCIONES_POR_UNIDAD] [--manuals N] [--hugo CARPETA] [--typst CARPETA]\n     corpus --stress CARPETA"
        );
        std::process::exit(2);
    };
    let units = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let functions = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let written =
        corpus::write_manuals(Path::new(&out), manuals, units, functions).expect("corpus written");
    println!(
        "{manuals} manual(es), {written} unidades, {} funciones en {out}",
        written * functions
    );
    if let Some(dir) = hugo {
        corpus::write_hugo(Path::new(&dir), units, functions).expect("Hugo corpus written");
        println!("el mismo texto como sitio de Hugo en {dir}");
    }
    if let Some(dir) = typst {
        let files = corpus::write_typst(Path::new(&dir), manuals, units, functions)
            .expect("Typst corpus written");
        println!(
            "el mismo texto como {} documento(s) de Typst en {dir}",
            files.len()
        );
    }
}
