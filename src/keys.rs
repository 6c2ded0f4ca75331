//! Signing keys for the offices' bundles (issue #8): `norma keygen` writes an
//! ed25519 key pair, `norma-signing.key` (private) and `norma-signing.pub`
//! (public), as short text files: a comment line that says what the file is,
//! then the 32 bytes of the key in hex. The private key is written readable by
//! its owner only, never over an existing file, and never inside `content/`
//! (it must not be published, frozen or committed with the content).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::i18n::Lang;

pub const PRIVATE_FILE: &str = "norma-signing.key";
pub const PUBLIC_FILE: &str = "norma-signing.pub";

#[derive(Debug)]
pub enum KeyError {
    /// The operating system gave no random bytes.
    Random(String),
    Exists(PathBuf),
    InsideContent(PathBuf),
    Io(PathBuf, std::io::Error),
    /// The file is not a key norma wrote.
    Malformed(PathBuf),
    /// A public key where the private one is needed (`package --key x.pub`).
    PublicGiven(PathBuf),
    /// The private key where the public one is needed (`verify --key x.key`).
    PrivateGiven(PathBuf),
}

impl KeyError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            KeyError::Random(e) => lang.t(
                "el sistema no dio bytes aleatorios para la clave; pruebe de nuevo o en otra máquina"
                    .to_owned(),
                format!("the system gave no random bytes for the key: {e}"),
            ),
            KeyError::Exists(p) => lang.t(
                format!(
                    "ya existe {}; norma keygen no reemplaza claves\nayuda: si de verdad quiere otra, mueva primero la anterior (los paquetes ya firmados se verifican con su clave pública)",
                    p.display()
                ),
                format!(
                    "{} already exists; norma keygen does not replace keys\nhelp: to make another, move the old one first (bundles already signed verify with its public key)",
                    p.display()
                ),
            ),
            KeyError::InsideContent(p) => lang.t(
                format!(
                    "{} está dentro de content/: la clave privada no debe publicarse ni guardarse con el contenido\nayuda: use una carpeta fuera del proyecto, por ejemplo --out ~/.norma",
                    p.display()
                ),
                format!(
                    "{} is inside content/: the private key must not be published or kept with the content\nhelp: use a folder outside the project, for example --out ~/.norma",
                    p.display()
                ),
            ),
            KeyError::Io(p, e) => lang.t(
                format!("no se pudo usar {}: {}", p.display(), lang.io_reason(e)),
                format!("could not use {}: {}", p.display(), lang.io_reason(e)),
            ),
            KeyError::PublicGiven(p) => lang.t(
                format!(
                    "{} es la clave pública; para firmar hace falta la privada (norma-signing.key)",
                    p.display()
                ),
                format!(
                    "{} is the public key; signing needs the private one (norma-signing.key)",
                    p.display()
                ),
            ),
            KeyError::PrivateGiven(p) => lang.t(
                format!(
                    "{} es la clave PRIVADA: no la comparta ni la envíe; para verificar use la pública (norma-signing.pub)",
                    p.display()
                ),
                format!(
                    "{} is the PRIVATE key: do not share or send it; to verify, use the public one (norma-signing.pub)",
                    p.display()
                ),
            ),
            KeyError::Malformed(p) => lang.t(
                format!(
                    "{} no es una clave de norma (una línea de comentario y 64 cifras hexadecimales)",
                    p.display()
                ),
                format!(
                    "{} is not a norma key (a comment line and 64 hexadecimal digits)",
                    p.display()
                ),
            ),
        }
    }
}

/// A new key pair from the operating system's randomness.
pub fn generate() -> Result<SigningKey, KeyError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Writes `key` as `norma-signing.key` and its public half as
/// `norma-signing.pub` in `dir`. `content` is the project's content folder,
/// where a key must not go. Returns the two paths.
pub fn write_pair(
    dir: &Path,
    content: &Path,
    key: &SigningKey,
) -> Result<(PathBuf, PathBuf), KeyError> {
    // Decided before anything is created: the folder may not exist yet.
    if let Ok(content) = content.canonicalize()
        && resolved(dir).starts_with(&content)
    {
        return Err(KeyError::InsideContent(dir.to_owned()));
    }
    fs::create_dir_all(dir).map_err(|e| KeyError::Io(dir.to_owned(), e))?;
    let private = dir.join(PRIVATE_FILE);
    let public = dir.join(PUBLIC_FILE);
    for path in [&private, &public] {
        if path.exists() {
            return Err(KeyError::Exists(path.clone()));
        }
    }
    let private_text = format!(
        "# norma: clave PRIVADA de firma (ed25519). No la comparta, no la publique, no la guarde en el repositorio.\n{}\n",
        hex(&key.to_bytes())
    );
    let public_text = public_text(&key.verifying_key());
    write_new(&private, &private_text, true)?;
    write_new(&public, &public_text, false)?;
    Ok((private, public))
}

/// The text of a public key file, as `keygen` writes it and as every bundle
/// and the site carry it.
pub fn public_text(key: &VerifyingKey) -> String {
    format!(
        "# norma: clave pública de firma (ed25519). Viaja en cada paquete y se publica con el sitio.\n{}\n",
        hex(key.as_bytes())
    )
}

/// A public key from the text of its file (`None`: not a norma public key,
/// the private key among them).
pub fn parse_public(text: &str) -> Option<VerifyingKey> {
    if is_private(text) {
        return None;
    }
    VerifyingKey::from_bytes(&key_bytes(text)?).ok()
}

/// Whether the text is a private key's file, as keygen writes it.
pub fn is_private(text: &str) -> bool {
    text.contains(PRIVATE_MARK)
}

/// A short, readable fingerprint of a public key, to compare by eye with the
/// one published: the first 16 bytes of its SHA-256, in groups of four digits.
pub fn fingerprint(key: &VerifyingKey) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(key.as_bytes());
    let digits = hex(&digest[..16]);
    digits
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `path` with its links and `..` resolved as far as it exists, and the rest
/// (folders still to be made) appended as written.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p: PathBuf, c| p.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Creates `path` (failing if it exists); `secret` makes it readable by its
/// owner only, from the start.
fn write_new(path: &Path, text: &str, secret: bool) -> Result<(), KeyError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut file = options
        .open(path)
        .map_err(|e| KeyError::Io(path.to_owned(), e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| KeyError::Io(path.to_owned(), e))
}

/// The two halves look alike (64 hex digits each); the comment line keygen
/// writes tells them apart.
const PRIVATE_MARK: &str = "clave PRIVADA";
const PUBLIC_MARK: &str = "clave pública";

pub fn read_private(path: &Path) -> Result<SigningKey, KeyError> {
    let text = read_text(path)?;
    if text.contains(PUBLIC_MARK) && !text.contains(PRIVATE_MARK) {
        return Err(KeyError::PublicGiven(path.to_owned()));
    }
    let bytes = key_bytes(&text).ok_or_else(|| KeyError::Malformed(path.to_owned()))?;
    Ok(SigningKey::from_bytes(&bytes))
}

pub fn read_public(path: &Path) -> Result<VerifyingKey, KeyError> {
    let text = read_text(path)?;
    if is_private(&text) {
        return Err(KeyError::PrivateGiven(path.to_owned()));
    }
    let bytes = key_bytes(&text).ok_or_else(|| KeyError::Malformed(path.to_owned()))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::Malformed(path.to_owned()))
}

/// The most of a key file read: keygen writes a few hundred bytes, and a
/// path such as /dev/zero must not fill the memory.
const MAX_KEY_FILE: u64 = 16 << 10;

fn read_text(path: &Path) -> Result<String, KeyError> {
    use std::io::Read;
    let file = fs::File::open(path).map_err(|e| KeyError::Io(path.to_owned(), e))?;
    let mut bytes = Vec::new();
    file.take(MAX_KEY_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| KeyError::Io(path.to_owned(), e))?;
    if bytes.len() as u64 > MAX_KEY_FILE {
        return Err(KeyError::Malformed(path.to_owned()));
    }
    // Not text: not a key norma wrote.
    String::from_utf8(bytes).map_err(|_| KeyError::Malformed(path.to_owned()))
}

fn key_bytes(text: &str) -> Option<[u8; 32]> {
    unhex(
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))?,
    )
}

/// Bytes as lowercase hexadecimal digits.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hexadecimal digits as bytes (`None` unless exactly `N` bytes' worth).
pub fn unhex_n<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    unhex_n::<32>(text)
}

crate::i18n::localized_error!(KeyError, KeyError::Io(_, e) => e);

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, Verifier};

    #[test]
    fn a_pair_is_written_read_back_and_signs() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("proyecto/content");
        fs::create_dir_all(&content).unwrap();
        let keys = dir.path().join("claves");
        let key = generate().unwrap();
        let (private, public) = write_pair(&keys, &content, &key).unwrap();
        assert_eq!(read_private(&private).unwrap().to_bytes(), key.to_bytes());
        let verifying = read_public(&public).unwrap();
        let signature = read_private(&private).unwrap().sign(b"manifest.json");
        assert!(verifying.verify(b"manifest.json", &signature).is_ok());
        assert!(verifying.verify(b"manifest.jsoN", &signature).is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&private).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "the private key is its owner's only");
        }
        // Never over an existing key; never inside content/.
        assert!(matches!(
            write_pair(&keys, &content, &generate().unwrap()),
            Err(KeyError::Exists(_))
        ));
        assert_eq!(read_private(&private).unwrap().to_bytes(), key.to_bytes());
        assert!(matches!(
            write_pair(&content.join("claves/nuevas"), &content, &key),
            Err(KeyError::InsideContent(_))
        ));
        assert!(
            !content.join("claves").exists(),
            "nothing is created inside content/"
        );
        // Two keys are not the same key.
        assert_ne!(generate().unwrap().to_bytes(), key.to_bytes());
        // The halves are not taken for each other.
        assert!(matches!(
            read_private(&public),
            Err(KeyError::PublicGiven(_))
        ));
        assert!(matches!(
            read_public(&private),
            Err(KeyError::PrivateGiven(_))
        ));
    }

    #[test]
    fn a_file_that_is_not_a_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pub");
        for text in ["", "# solo un comentario\n", "zz\n", &"ab".repeat(31)] {
            fs::write(&path, text).unwrap();
            assert!(
                matches!(read_public(&path), Err(KeyError::Malformed(_))),
                "{text:?}"
            );
        }
        fs::write(&path, format!("# c\r\n{}\r\n", "01".repeat(32))).unwrap();
        assert!(read_private(&path).is_ok(), "CRLF line ends are read");
    }
}
