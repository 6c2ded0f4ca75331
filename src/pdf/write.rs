//! The last step: laid-out lines → printpdf pages → PDF bytes, then a pass with
//! lopdf for what printpdf does not do (a fixed document ID, the language).
//! Nothing here decides where text goes; it draws what layout placed.

use printpdf::{
    FontId, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
    TextMatrix, font::PdfFont,
};

use super::fonts::{Face, Fonts};
use super::paragraph::{Line, Piece};

/// Page size in points.
#[derive(Debug, Clone, Copy)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
}

impl PageSize {
    pub const LETTER: PageSize = PageSize {
        width: 612.0,
        height: 792.0,
    };
}

/// What one page draws, in points from its bottom-left corner.
#[derive(Debug, Default)]
pub struct PageOps {
    ops: Vec<Op>,
}

/// The resource name of a face: fixed, so the bytes do not depend on chance.
/// printpdf names the embedded subset after its first six letters, and readers
/// recognise a subset by six capitals and a `+` (`NORMAA+NotoSans-Regular`).
fn font_id(face: Face) -> FontId {
    FontId(format!("NORMA{}", (b'A' + face.index() as u8) as char))
}

impl PageOps {
    /// Draws a laid-out line with its baseline at (`x`, `y`).
    pub fn line(&mut self, line: &Line, x: f32, y: f32, size: f32) {
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(y)),
        });
        let mut face: Option<Face> = None;
        let mut items: Vec<TextItem> = Vec::new();
        let flush = |ops: &mut Vec<Op>, items: &mut Vec<TextItem>| {
            if !items.is_empty() {
                ops.push(Op::ShowText {
                    items: std::mem::take(items),
                });
            }
        };
        for piece in &line.pieces {
            let (piece_face, text, extra) = match piece {
                Piece::Text { text, face, .. } => (*face, text.as_str(), 0.0),
                Piece::Space {
                    face,
                    natural,
                    width,
                } => (*face, " ", width - natural),
            };
            if face != Some(piece_face) {
                flush(&mut self.ops, &mut items);
                self.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font_id(piece_face)),
                    size: Pt(size),
                });
                face = Some(piece_face);
            }
            items.push(TextItem::Text(text.to_owned()));
            if extra.abs() > 0.001 {
                // TJ offsets are thousandths of an em; negative moves right.
                items.push(TextItem::Offset(-extra * 1000.0 / size));
            }
        }
        flush(&mut self.ops, &mut items);
        self.ops.push(Op::EndTextSection);
    }

    /// Draws `text` in one face, unjustified, with its baseline at (`x`, `y`).
    pub fn text(&mut self, text: &str, face: Face, x: f32, y: f32, size: f32) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            },
            Op::SetFont {
                font: PdfFontHandle::External(font_id(face)),
                size: Pt(size),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }
}

/// Document data written into the PDF's information dictionary.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// `es-MX`, `en`.
    pub lang: &'a str,
    /// Distinguishes documents: the same for the same manual version, so two
    /// builds give the same bytes.
    pub id: &'a str,
}

/// The PDF: the pages, the faces used (embedded as subsets), the metadata.
pub fn save(pages: Vec<PageOps>, size: PageSize, fonts: &Fonts, meta: &Meta) -> Vec<u8> {
    let mut doc = PdfDocument::new(meta.title);
    for face in Face::ALL {
        doc.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(fonts.face(face).font.clone()));
    }
    doc.metadata.info.document_title = meta.title.to_owned();
    doc.metadata.info.author = meta.author.to_owned();
    doc.metadata.info.subject = meta.subject.to_owned();
    doc.metadata.info.creator = "norma".to_owned();
    doc.metadata.info.producer = "norma".to_owned();
    doc.metadata.info.identifier = meta.id.to_owned();
    let media = Rect::from_wh(Pt(size.width), Pt(size.height));
    let pages = pages
        .into_iter()
        .map(|p| PdfPage {
            media_box: media.clone(),
            trim_box: media.clone(),
            crop_box: media.clone(),
            ops: p.ops,
        })
        .collect();
    doc.with_pages(pages);
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut lopdf_doc = doc.to_lopdf_document(&options, &mut Vec::new());
    finish(&mut lopdf_doc, meta);
    let mut out = Vec::new();
    if lopdf_doc.save_to(&mut out).is_err() {
        out.clear();
    }
    out
}

/// What printpdf leaves to chance or out: the trailer ID, the language.
fn finish(doc: &mut lopdf::Document, meta: &Meta) {
    use lopdf::Object;
    let id = Object::String(
        stable_id(meta.id).into_bytes(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    if let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference)
        && let Ok(catalog) = doc.get_object_mut(root).and_then(Object::as_dict_mut)
    {
        catalog.set("Lang", Object::string_literal(meta.lang));
    }
}

/// 16 bytes derived from the document's identity (FNV-1a, twice), as the
/// trailer ID wants: the same input, the same ID.
fn stable_id(text: &str) -> String {
    let hash = |seed: u64| {
        text.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        hash(0xcbf2_9ce4_8422_2325),
        hash(0x84222325cbf29ce4)
    )
}

#[cfg(test)]
mod tests {
    use super::super::paragraph::{Span, lay_out};
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_justified_paragraph_extracts_verbatim_and_the_bytes_repeat() {
        let fonts = Fonts::default_family().unwrap();
        let text = "Vigilar la afiliación de las y los patrones, ¿con qué criterio? «Sí» — según la Ley del Seguro Social, año 2025: Ñandú.";
        let spans = vec![Span {
            text: text.into(),
            face: Face::Regular,
        }];
        let lines = lay_out(&spans, 11.0, &fonts, Lang::Es, &|_| 400.0, true);
        let make = || {
            let mut page = PageOps::default();
            let mut y = 700.0;
            for line in &lines {
                page.line(line, 72.0, y, 11.0);
                y -= 14.0;
            }
            let meta = Meta {
                title: "Prueba",
                author: "Instituto",
                subject: "9000-002-001",
                lang: "es-MX",
                id: "prueba-1.0",
            };
            save(vec![page], PageSize::LETTER, &fonts, &meta)
        };
        let bytes = make();
        assert!(bytes.starts_with(b"%PDF-"));
        assert_eq!(bytes, make(), "two saves give the same bytes");
        let named = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
        assert!(named(b"NORMAA+NotoSans-Regular"), "a subset, tagged as one");
        assert!(named(b"ToUnicode"), "mapped to Unicode");
        let doc = lopdf::Document::load_mem(&bytes).expect("the PDF reads back");
        let extracted = doc.extract_text(&[1]).expect("text extracts");
        let flat = extracted.split_whitespace().collect::<Vec<_>>().join(" ");
        let joined = flat.replace("- ", "");
        assert!(joined.contains(text), "{flat}");
    }
}
