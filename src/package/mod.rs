//! An office's offline bundle as files: the zip (`archive`), its manifest and
//! signature (`manifest`), and the `LEEME.txt` a person at the office reads.
//! What goes in each bundle is decided by `commands::package`.

pub mod archive;
pub mod manifest;

use crate::date::Date;
use crate::document::{Document, PublicKeyDoc, Recipient};

/// The text file that tells a person at the office what the bundle is.
pub const README: &str = "LEEME.txt";

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}

/// `LEEME.txt`: what the bundle is, how to open it, how to check it.
pub fn readme(
    doc: &Document,
    office: &Recipient,
    file: &str,
    key: &PublicKeyDoc,
    day: Date,
) -> Vec<u8> {
    let lang = doc.lang;
    let mut text = String::new();
    text.push_str(&format!("{}\n{}\n\n", doc.site_title, doc.institution));
    let on = crate::wording::long_date(day, lang);
    text.push_str(&lang.t(
        format!(
            "Ejemplar para: {} (oficinas de tipo {})\nManuales vigentes y próximos a entrar en vigor al {on}.\n\n",
            office.name, office.kind
        ),
        format!(
            "Copy for: {} (offices of kind {})\nManuals in force and upcoming as of {on}.\n\n",
            office.name, office.kind
        ),
    ));
    text.push_str(&lang.t(
        "Abra index.html en su navegador: todo funciona sin conexión, también la búsqueda.\n\n",
        "Open index.html in your browser: everything works offline, search included.\n\n",
    ));
    for m in &doc.manuals {
        let status = crate::wording::status_label(m.status, lang).to_lowercase();
        let pdf = m
            .pdf
            .as_ref()
            .map(|p| format!("\n    PDF: {}", p.path))
            .unwrap_or_default();
        text.push_str(&format!(
            "  {} {} ({status})\n    {}\n    {}{pdf}\n",
            m.id, m.version, m.title, m.url.path
        ));
    }
    let paragraphs = lang.t(
        format!(
            "Autenticidad: manifest.json lista cada archivo con su SHA-256 y su tamaño; manifest.json.sig es la firma ed25519 de manifest.json, hecha con la clave privada de la institución.\n\nPara comprobar que nada cambió, con el programa norma (el mismo que preparó este paquete) y la clave pública que la institución publica en su normateca (norma-signing.pub, enlazada al pie de cada página):\n\n    norma verify {file} --key norma-signing.pub\n\nLa clave que viaja en este paquete (norma-signing.pub) tiene esta huella, que debe coincidir con la publicada:\n\n    {}",
            key.fingerprint
        ),
        format!(
            "Authenticity: manifest.json lists every file with its SHA-256 and size; manifest.json.sig is the ed25519 signature of manifest.json, made with the institution's private key.\n\nTo check that nothing changed, with the norma program (the one that made this bundle) and the public key the institution publishes on its site (norma-signing.pub, linked from every page's footer):\n\n    norma verify {file} --key norma-signing.pub\n\nThe key in this bundle (norma-signing.pub) has this fingerprint, which must match the published one:\n\n    {}",
            key.fingerprint
        ),
    );
    text.push('\n');
    for paragraph in paragraphs.split("\n\n") {
        if paragraph.starts_with("    ") {
            text.push_str(paragraph);
        } else {
            text.push_str(&wrap(paragraph, 76));
        }
        text.push_str("\n\n");
    }
    text.replace('\n', "\r\n").into_bytes()
}
