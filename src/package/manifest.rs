//! The manifest of a bundle and of a distribution folder: what it is (office,
//! manuals and versions), and every file with its SHA-256 and size. It is
//! signed as written (`manifest.json.sig` beside it: a detached ed25519
//! signature of its exact bytes), so changing a file, adding one or removing
//! one is seen by `norma verify`.

use std::collections::BTreeMap;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::document::{Document, Recipient};
use crate::keys::{hex, unhex_n};

pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.json.sig";
/// The `format` of a bundle's manifest, and of a distribution folder's.
pub const BUNDLE_FORMAT: &str = "norma-bundle/1";
pub const DIST_FORMAT: &str = "norma-dist/1";

/// A manifest: a bundle's (`office` and `manuals`) or a distribution
/// folder's (`bundles`). Fields a format does not use are left out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub institution: String,
    pub site_title: String,
    /// `es` or `en`: the language of the bundle and of verify's messages.
    pub language: String,
    /// The day the versions' statuses were decided on (SOURCE_DATE_EPOCH or
    /// the day of the packaging).
    pub as_of: String,
    /// The fingerprint of the public key that signed it (`keys::fingerprint`).
    pub key_fingerprint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<Recipient>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub manuals: Vec<ManualEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bundles: Vec<BundleEntry>,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManualEntry {
    pub id: String,
    pub title: String,
    pub code: String,
    pub version: String,
    /// vigente | próxima
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// The manual's page inside the bundle.
    pub page: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf: Option<String>,
}

/// One bundle of a distribution folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BundleEntry {
    pub office: Recipient,
    pub file: String,
    pub manuals: Vec<ManualVersion>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManualVersion {
    pub id: String,
    pub version: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// SHA-256 of `bytes`, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Every file, sorted by path, with its hash and size.
pub fn file_entries(files: &BTreeMap<String, Vec<u8>>) -> Vec<FileEntry> {
    let list: Vec<(&String, &Vec<u8>)> = files.iter().collect();
    crate::parallel::map(&list, |(path, bytes)| FileEntry {
        path: (*path).clone(),
        sha256: sha256(bytes),
        size: bytes.len() as u64,
    })
}

/// The manuals of a bundle's document, as its manifest lists them.
pub fn manual_entries(doc: &Document) -> Vec<ManualEntry> {
    doc.manuals
        .iter()
        .map(|m| ManualEntry {
            id: m.id.clone(),
            title: m.title.clone(),
            code: m.code.clone(),
            version: m.version.clone(),
            status: m.status.key().to_owned(),
            effective: m.effective.map(|d| d.to_string()),
            page: m.url.path.clone(),
            pdf: m.pdf.as_ref().map(|p| p.path.clone()),
        })
        .collect()
}

impl Manifest {
    /// The manifest as written: pretty JSON, fields in a fixed order.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}

/// The detached signature of `manifest`, as the text of `manifest.json.sig`.
pub fn sign(manifest: &[u8], key: &SigningKey) -> Vec<u8> {
    let signature = key.sign(manifest);
    format!(
        "# norma: firma ed25519 de manifest.json (se verifica con norma verify)\n{}\n",
        hex(&signature.to_bytes())
    )
    .into_bytes()
}

/// Whether `signature` (the text of `manifest.json.sig`) is `key`'s signature
/// of `manifest`. `None` when the text is not a signature at all.
pub fn signature_holds(manifest: &[u8], signature: &[u8], key: &VerifyingKey) -> Option<bool> {
    let text = std::str::from_utf8(signature).ok()?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let bytes = unhex_n::<64>(line)?;
    let signature = Signature::from_bytes(&bytes);
    Some(key.verify_strict(manifest, &signature).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_manifest_and_key_only() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let other = SigningKey::from_bytes(&[8; 32]);
        let sig = sign(b"{\"a\":1}\n", &key);
        let public = key.verifying_key();
        assert_eq!(signature_holds(b"{\"a\":1}\n", &sig, &public), Some(true));
        assert_eq!(signature_holds(b"{\"a\":2}\n", &sig, &public), Some(false));
        assert_eq!(
            signature_holds(b"{\"a\":1}\n", &sig, &other.verifying_key()),
            Some(false)
        );
        assert_eq!(signature_holds(b"x", b"# nada\nzz\n", &public), None);
    }
}
