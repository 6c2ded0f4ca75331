//! `norma keygen`: the signing key pair.

use super::*;

pub fn run_keygen(root: &std::path::Path, out: Option<PathBuf>) -> ExitCode {
    use norma::keys::{generate, write_pair};
    // By default a folder of the user's, never the project (whose files end up
    // in the repository).
    let Some(out) = out.or_else(|| {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(".norma"))
    }) else {
        eprintln!(
            "norma keygen: no se sabe dónde guardar las claves (no hay HOME)\nayuda: indique una carpeta fuera del proyecto con --out CARPETA"
        );
        return ExitCode::from(2);
    };
    let written = generate().and_then(|key| write_pair(&out, &root.join("content"), &key));
    match written {
        Ok((private, public)) => {
            println!(
                "norma keygen: se escribieron {} (clave privada: solo para firmar; guárdela fuera del repositorio y del contenido) y {} (clave pública: viaja en cada paquete).",
                private.display(),
                public.display()
            );
            println!(
                "Para firmar: norma package --key {} (o NORMA_SIGNING_KEY={}).",
                private.display(),
                private.display()
            );
            println!(
                "Para que el sitio publique la clave pública y norma package compruebe que firma con su pareja, copie {} a la raíz del proyecto, junto a norma.yaml (docs/package.md).",
                public.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("norma keygen: {}", error.message(fallback_lang()));
            ExitCode::from(2)
        }
    }
}
