//! The PDF writer: the `Document` → one PDF per manual version, set by norma's
//! own layout (fonts, hyphenation, justified lines, pages) and drawn with
//! printpdf only in the last step (`write`).

pub mod fonts;
pub mod linebreak;
pub mod paragraph;
pub mod write;
