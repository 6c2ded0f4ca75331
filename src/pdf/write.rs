//! The last step: laid-out lines → printpdf pages → PDF bytes, then a pass with
//! lopdf for what printpdf does not do (a fixed document ID, the language).
//! Nothing here decides where text goes; it draws what layout placed.

use printpdf::{
    Color, FontId, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Polygon, PolygonRing, Pt, Rect, TextItem, TextMatrix, WindingOrder, font::PdfFont,
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

/// What one page draws, in points from its bottom-left corner, and the
/// clickable areas on it.
#[derive(Debug, Default)]
pub struct PageOps {
    ops: Vec<Op>,
    links: Vec<Annotation>,
    /// The text state set last: face and size, and fill colour. They outlive a
    /// text object, so a line in the same face and colour as the one before
    /// sets neither again.
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
}

/// A clickable rectangle: `[left, bottom, right, top]` in points.
#[derive(Debug, Clone)]
pub struct Annotation {
    pub rect: [f32; 4],
    pub target: LinkTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// A place in this document: a page (0-based) and a height on it.
    Place { page: usize, y: f32 },
    /// An address outside the document.
    Uri(String),
}

/// One entry of the outline (the bookmarks): nested by `level`, from 0.
#[derive(Debug, Clone)]
pub struct Bookmark {
    pub title: String,
    pub level: usize,
    pub page: usize,
    pub y: f32,
}

/// The resource name of a face: fixed, so the bytes do not depend on chance.
/// printpdf names the embedded subset after its first six letters, and readers
/// recognise a subset by six capitals and a `+` (`NORMAA+NotoSans-Regular`).
fn font_id(face: Face) -> FontId {
    FontId(format!("NORMA{}", (b'A' + face.index() as u8) as char))
}

/// A colour as red, green and blue from 0 to 1.
pub type Rgb = [f32; 3];

pub const BLACK: Rgb = [0.0, 0.0, 0.0];

fn color(rgb: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: rgb[0],
        g: rgb[1],
        b: rgb[2],
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

impl PageOps {
    /// Draws a laid-out line with its baseline at (`x`, `y`) in `ink`; pieces
    /// that belong to a link are drawn in `link_ink`. Returns the horizontal
    /// extent of each link on the line: (link, left, right).
    pub fn line(
        &mut self,
        line: &Line,
        (x, y): (f32, f32),
        size: f32,
        ink: Rgb,
        link_ink: Rgb,
    ) -> Vec<(u32, f32, f32)> {
        let mut links: Vec<(u32, f32, f32)> = Vec::new();
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(y)),
        });
        let mut items: Vec<TextItem> = Vec::new();
        let flush = |ops: &mut Vec<Op>, items: &mut Vec<TextItem>| {
            if !items.is_empty() {
                ops.push(Op::ShowText {
                    items: std::mem::take(items),
                });
            }
        };
        let mut at = x;
        // Where the last text piece ended, so a link runs on across the spaces
        // between its words but not into the space after it.
        let mut text_end = x;
        for piece in &line.pieces {
            let (piece_face, text, extra, link, width) = match piece {
                Piece::Text {
                    text,
                    face,
                    link,
                    width,
                } => (*face, text.as_str(), 0.0, *link, *width),
                Piece::Space {
                    face,
                    natural,
                    width,
                } => (*face, " ", width - natural, None, *width),
            };
            let piece_ink = if link.is_some() { link_ink } else { ink };
            if self.font != Some((piece_face, size)) || self.fill != Some(piece_ink) {
                flush(&mut self.ops, &mut items);
                self.set_fill(piece_ink);
                self.set_font(piece_face, size);
            }
            // Text runs on in one string until a space must be stretched.
            match items.last_mut() {
                Some(TextItem::Text(run)) => run.push_str(text),
                _ => items.push(TextItem::Text(text.to_owned())),
            }
            if extra.abs() > 0.001 {
                // TJ offsets are thousandths of an em; negative moves right.
                items.push(TextItem::Offset(-extra * 1000.0 / size));
            }
            if let Piece::Text { .. } = piece {
                if let Some(id) = link {
                    match links.last_mut() {
                        Some((last, _, right))
                            if *last == id && (*right - text_end).abs() < 0.01 =>
                        {
                            *right = at + width
                        }
                        _ => links.push((id, at, at + width)),
                    }
                }
                text_end = at + width;
            }
            at += width;
        }
        flush(&mut self.ops, &mut items);
        self.ops.push(Op::EndTextSection);
        links
    }

    fn set_fill(&mut self, ink: Rgb) {
        if self.fill != Some(ink) {
            self.ops.push(Op::SetFillColor { col: color(ink) });
            self.fill = Some(ink);
        }
    }

    fn set_font(&mut self, face: Face, size: f32) {
        if self.font != Some((face, size)) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(face)),
                size: Pt(size),
            });
            self.font = Some((face, size));
        }
    }

    /// Draws `text` in one face, unjustified, with its baseline at (`x`, `y`).
    pub fn text(&mut self, text: &str, face: Face, (x, y): (f32, f32), size: f32, ink: Rgb) {
        self.ops.push(Op::StartTextSection);
        self.set_fill(ink);
        self.set_font(face, size);
        self.ops.extend([
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Filled rings (from `Metrics::outline`), turned `degrees` about their
    /// origin and moved to `at`.
    pub fn shape(
        &mut self,
        rings: &[Vec<(f32, f32, bool)>],
        at: (f32, f32),
        degrees: f32,
        ink: Rgb,
    ) {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let place = |(x, y, control): (f32, f32, bool)| LinePoint {
            p: Point {
                x: Pt(at.0 + x * cos - y * sin),
                y: Pt(at.1 + x * sin + y * cos),
            },
            bezier: control,
        };
        self.set_fill(ink);
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: rings
                    .iter()
                    .map(|r| PolygonRing {
                        points: r.iter().copied().map(place).collect(),
                    })
                    .collect(),
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// A straight line from `from` to `to`.
    pub fn stroke(&mut self, from: (f32, f32), to: (f32, f32), width: f32, ink: Rgb) {
        self.ops.extend([
            Op::SetOutlineColor { col: color(ink) },
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine {
                line: printpdf::Line {
                    points: vec![point(from.0, from.1), point(to.0, to.1)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// A rectangle from its bottom-left corner, filled and/or outlined.
    pub fn rect(
        &mut self,
        (x, y, w, h): (f32, f32, f32, f32),
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
        self.path(&corners.map(|(x, y)| (x, y, false)), true, fill, stroke);
    }

    /// An outline (`true` marks control points of cubic curves): closed and
    /// filled and/or outlined, or an open line.
    pub fn path(
        &mut self,
        points: &[(f32, f32, bool)],
        closed: bool,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        if closed && fill.is_none() && stroke.is_none() {
            return;
        }
        let line_points: Vec<LinePoint> = points
            .iter()
            .map(|&(x, y, control)| LinePoint {
                p: Point { x: Pt(x), y: Pt(y) },
                bezier: control,
            })
            .collect();
        if let Some((ink, width)) = stroke {
            self.ops.push(Op::SetOutlineColor { col: color(ink) });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        }
        if !closed {
            self.ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: line_points,
                    is_closed: false,
                },
            });
            return;
        }
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(ink) = fill {
            self.set_fill(ink);
        }
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: line_points,
                }],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// A clickable area.
    pub fn link(&mut self, rect: [f32; 4], target: LinkTarget) {
        self.links.push(Annotation { rect, target });
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
    /// The creation date as the PDF writes it (`D:20250314000000Z`): from the
    /// content, never from the clock.
    pub date: String,
}

/// The PDF: the pages, the faces used (embedded as subsets), the metadata,
/// the links and the outline.
pub fn save(
    pages: Vec<PageOps>,
    sizes: &[PageSize],
    fonts: &Fonts,
    meta: &Meta,
    outline: &[Bookmark],
) -> Vec<u8> {
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
    let mut links = Vec::with_capacity(pages.len());
    let pdf_pages = pages
        .into_iter()
        .zip(sizes)
        .map(|(p, size)| {
            let media = Rect::from_wh(Pt(size.width), Pt(size.height));
            links.push(p.links);
            PdfPage {
                media_box: media.clone(),
                trim_box: media.clone(),
                crop_box: media,
                ops: p.ops,
            }
        })
        .collect();
    doc.with_pages(pdf_pages);
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut lopdf_doc = doc.to_lopdf_document(&options, &mut Vec::new());
    drop(doc);
    finish(&mut lopdf_doc, meta, &links, outline);
    compress(&mut lopdf_doc);
    let mut out = Vec::new();
    if lopdf_doc.save_to(&mut out).is_err() {
        out.clear();
    }
    out
}

/// What printpdf leaves to chance or out: the trailer ID, the language, the
/// dates, the links and the nested outline.
fn finish(doc: &mut lopdf::Document, meta: &Meta, links: &[Vec<Annotation>], outline: &[Bookmark]) {
    use lopdf::{Dictionary, Object};
    let id = Object::String(
        stable_id(meta.id).into_bytes(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    if let Ok(info) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(info) = doc.get_object_mut(info).and_then(Object::as_dict_mut)
    {
        info.set("CreationDate", Object::string_literal(meta.date.clone()));
        info.set("ModDate", Object::string_literal(meta.date.clone()));
        // printpdf writes every string as Latin-1 bytes; Spanish titles need
        // the Unicode form.
        info.set("Title", text_string(meta.title));
        info.set("Author", text_string(meta.author));
        info.set("Subject", text_string(meta.subject));
        // printpdf names a PDF/X version the file does not claim to meet.
        info.remove(b"GTS_PDFXVersion");
        info.remove(b"Keywords");
    }
    // Unicode strings, /Lang and the outline's fields are PDF 1.4 at least;
    // printpdf writes 1.3.
    doc.version = "1.7".into();
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let destination = |page: usize, y: f32| -> Option<Object> {
        let id = *page_ids.get(page)?;
        Some(Object::Array(vec![
            Object::Reference(id),
            "XYZ".into(),
            Object::Null,
            Object::Real(y),
            Object::Null,
        ]))
    };
    for (page, annotations) in links.iter().enumerate() {
        let Some(&page_id) = page_ids.get(page) else {
            continue;
        };
        let mut refs = Vec::new();
        for a in annotations {
            let mut annot = Dictionary::new();
            annot.set("Type", "Annot");
            annot.set("Subtype", "Link");
            annot.set(
                "Rect",
                Object::Array(a.rect.iter().map(|v| Object::Real(*v)).collect()),
            );
            annot.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            match &a.target {
                LinkTarget::Place { page, y } => match destination(*page, *y) {
                    Some(dest) => annot.set("Dest", dest),
                    None => continue,
                },
                LinkTarget::Uri(uri) => {
                    let mut action = Dictionary::new();
                    action.set("S", "URI");
                    action.set("URI", Object::string_literal(uri.as_str()));
                    annot.set("A", action);
                }
            }
            refs.push(Object::Reference(doc.add_object(annot)));
        }
        if !refs.is_empty()
            && let Ok(page) = doc.get_object_mut(page_id).and_then(Object::as_dict_mut)
        {
            page.set("Annots", Object::Array(refs));
        }
    }
    let outlines = write_outline(doc, outline, &destination);
    if let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference)
        && let Ok(catalog) = doc.get_object_mut(root).and_then(Object::as_dict_mut)
    {
        catalog.set("Lang", Object::string_literal(meta.lang));
        if let Some(outlines) = outlines {
            catalog.set("Outlines", Object::Reference(outlines));
            catalog.set("PageMode", "UseOutlines");
        }
    }
}

/// Deflates every stream not yet compressed (the pages' content, the fonts),
/// on every core. lopdf's own `compress` uses the slowest level, one stream
/// at a time; the default level gives files within a few per cent of it.
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;
    let streams: Vec<(lopdf::ObjectId, &[u8])> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| match object {
            lopdf::Object::Stream(s) if s.allows_compression && !s.dict.has(b"Filter") => {
                Some((*id, s.content.as_slice()))
            }
            _ => None,
        })
        .collect();
    let deflated = crate::parallel::map(&streams, |(id, content)| {
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let done = encoder.write_all(content).and_then(|_| encoder.finish());
        (*id, done.ok().filter(|d| d.len() + 19 < content.len()))
    });
    for (id, bytes) in deflated {
        if let Some(bytes) = bytes
            && let Ok(lopdf::Object::Stream(stream)) = doc.get_object_mut(id)
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(bytes);
        }
    }
}

/// A PDF text string: ASCII as it is, anything else as UTF-16 with its mark.
fn text_string(text: &str) -> lopdf::Object {
    if text.is_ascii() {
        return lopdf::Object::string_literal(text);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// The outline tree from the flat list of bookmarks (each one's parent is the
/// nearest entry before it with a smaller level). Returns the root's id.
fn write_outline(
    doc: &mut lopdf::Document,
    outline: &[Bookmark],
    destination: &dyn Fn(usize, f32) -> Option<lopdf::Object>,
) -> Option<lopdf::ObjectId> {
    use lopdf::{Dictionary, Object};
    if outline.is_empty() {
        return None;
    }
    // Parents first: index of each entry's parent (None = the root).
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(outline.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, b) in outline.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if outline[top].level >= b.level {
                stack.pop();
            } else {
                break;
            }
        }
        parents.push(stack.last().copied());
        stack.push(i);
    }
    let root = doc.new_object_id();
    let ids: Vec<lopdf::ObjectId> = outline.iter().map(|_| doc.new_object_id()).collect();
    let mut kids_of: std::collections::HashMap<Option<usize>, Vec<usize>> =
        std::collections::HashMap::new();
    let mut place_among_siblings = Vec::with_capacity(outline.len());
    for (i, p) in parents.iter().enumerate() {
        let siblings = kids_of.entry(*p).or_default();
        place_among_siblings.push(siblings.len());
        siblings.push(i);
    }
    for (i, b) in outline.iter().enumerate() {
        let mut item = Dictionary::new();
        item.set("Title", text_string(&b.title));
        item.set(
            "Parent",
            Object::Reference(parents[i].map_or(root, |p| ids[p])),
        );
        if let Some(dest) = destination(b.page, b.y) {
            item.set("Dest", dest);
        }
        let siblings = &kids_of[&parents[i]];
        let at = place_among_siblings[i];
        if at > 0 {
            item.set("Prev", Object::Reference(ids[siblings[at - 1]]));
        }
        if let Some(&next) = siblings.get(at + 1) {
            item.set("Next", Object::Reference(ids[next]));
        }
        if let Some(kids) = kids_of.get(&Some(i)) {
            item.set("First", Object::Reference(ids[kids[0]]));
            item.set("Last", Object::Reference(ids[kids[kids.len() - 1]]));
            // Top-level entries open, deeper ones closed (a negative count).
            let count = kids.len() as i64;
            item.set("Count", if b.level == 0 { count } else { -count });
        }
        doc.objects.insert(ids[i], Object::Dictionary(item));
    }
    let top = &kids_of[&None];
    let mut dict = Dictionary::new();
    dict.set("Type", "Outlines");
    dict.set("First", Object::Reference(ids[top[0]]));
    dict.set("Last", Object::Reference(ids[top[top.len() - 1]]));
    // Visible entries: the top level and, as it is open, its children.
    let visible: usize = top
        .iter()
        .map(|t| 1 + kids_of.get(&Some(*t)).map_or(0, Vec::len))
        .sum();
    dict.set("Count", visible as i64);
    doc.objects.insert(root, Object::Dictionary(dict));
    Some(root)
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
        let spans = vec![Span::new(text, Face::Regular)];
        let lines = lay_out(&spans, 11.0, &fonts, Lang::Es, &|_| 400.0, true);
        let make = || {
            let mut page = PageOps::default();
            let mut y = 700.0;
            for line in &lines {
                page.line(line, (72.0, y), 11.0, BLACK, BLACK);
                y -= 14.0;
            }
            let meta = Meta {
                title: "Prueba",
                author: "Instituto",
                subject: "9000-002-001",
                lang: "es-MX",
                id: "prueba-1.0",
                date: "D:20250314000000Z".into(),
            };
            save(vec![page], &[PageSize::LETTER], &fonts, &meta, &[])
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
