//! Writes a synthetic norma project for benchmarks: one organization manual with
//! UNITS units of FUNCTIONS functions each (default 1,000 × 20 = 20,000 functions),
//! realistic Spanish text, incisos, references and acronyms.
//!
//! cargo run --release --example corpus -- OUT_DIR [UNITS] [FUNCTIONS]

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("uso: corpus CARPETA [UNIDADES] [FUNCIONES_POR_UNIDAD]");
        std::process::exit(2);
    };
    let units = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let functions = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let written =
        corpus::write(std::path::Path::new(&out), units, functions).expect("corpus written");
    println!(
        "{written} unidades, {} funciones en {out}",
        written * functions
    );
}
