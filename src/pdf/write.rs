//! The last step: laid-out lines → PDF content streams → PDF bytes. Each page's
//! content stream is written here, on every core; printpdf embeds the four faces
//! as subsets (with their widths and ToUnicode maps), and a pass with lopdf adds
//! what printpdf does not do (a fixed document ID, the language, the links, the
//! nested outline). Nothing here decides where text goes; it draws what layout
//! placed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use printpdf::{
    FontId, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
    font::PdfFont,
};

use super::paragraph::{Line, Piece};
use crate::fonts::{Face, Fonts, TABLE};

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
/// clickable areas on it: the content stream's operators, with the text
/// strings kept as text until the subset fonts give each character its code.
#[derive(Debug, Default)]
pub struct PageOps {
    /// The stream up to the last string shown.
    parts: Vec<Part>,
    /// The operators written since.
    ops: String,
    links: Vec<Annotation>,
    /// The text state set last: face and size, and fill colour. They outlive a
    /// text object, so a line in the same face and colour as the one before
    /// sets neither again.
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
}

/// A piece of a content stream.
#[derive(Debug)]
enum Part {
    /// Operators and operands, as written.
    Ops(String),
    /// A string operand of `Tj`/`TJ` in one face, written as its glyph codes.
    Text(Face, String),
}

/// An element of a `TJ` array: a string in one face, or a move in
/// thousandths of an em.
enum Shown {
    Text(Face, String),
    Offset(f32),
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
fn font_name(face: Face) -> String {
    format!("NORMA{}", (b'A' + face.index() as u8) as char)
}

/// A colour as red, green and blue from 0 to 1.
pub type Rgb = [f32; 3];

pub const BLACK: Rgb = [0.0, 0.0, 0.0];

/// Appends a number as a content stream writes it: at most three decimals, no
/// exponent, no trailing zeros, and a space after it.
fn number(out: &mut String, value: f32) {
    let thousandths = (f64::from(value) * 1000.0).round() as i64;
    if thousandths < 0 {
        out.push('-');
    }
    let magnitude = thousandths.unsigned_abs();
    let _ = write!(out, "{}", magnitude / 1000);
    let fraction = magnitude % 1000;
    if fraction != 0 {
        let _ = write!(out, ".{fraction:03}");
        while out.ends_with('0') {
            out.pop();
        }
    }
    out.push(' ');
}

impl PageOps {
    /// A string operand in `face`, after the operators written so far.
    fn string(&mut self, face: Face, text: String) {
        if !self.ops.is_empty() {
            self.parts.push(Part::Ops(std::mem::take(&mut self.ops)));
        }
        self.parts.push(Part::Text(face, text));
    }

    /// Writes numbers and then an operator: `op(&[x, y], "m")` → `x y m`.
    fn op(&mut self, operands: &[f32], operator: &str) {
        for v in operands {
            number(&mut self.ops, *v);
        }
        self.ops.push_str(operator);
        self.ops.push('\n');
    }

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
        self.ops.push_str("BT\n");
        self.op(&[1.0, 0.0, 0.0, 1.0, x, y], "Tm");
        // What the current face and colour show, until either changes.
        let mut shown: Vec<Shown> = Vec::new();
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
                self.show(std::mem::take(&mut shown));
                self.set_fill(piece_ink);
                self.set_font(piece_face, size);
            }
            // Text runs on in one string until a space must be stretched.
            match shown.last_mut() {
                Some(Shown::Text(_, run)) => run.push_str(text),
                _ => shown.push(Shown::Text(piece_face, text.to_owned())),
            }
            if extra.abs() > 0.001 {
                // TJ offsets are thousandths of an em; negative moves right.
                shown.push(Shown::Offset(-extra * 1000.0 / size));
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
        self.show(shown);
        self.ops.push_str("ET\n");
        links
    }

    /// Shows strings and the moves between them: with `Tj` when it is one
    /// string, else with a `TJ` array.
    fn show(&mut self, mut shown: Vec<Shown>) {
        match shown.as_mut_slice() {
            [] => {}
            [Shown::Text(face, text)] => {
                self.string(*face, std::mem::take(text));
                self.ops.push_str(" Tj\n");
            }
            _ => {
                self.ops.push('[');
                for item in shown {
                    match item {
                        Shown::Text(face, text) => self.string(face, text),
                        Shown::Offset(offset) => {
                            self.ops.push(' ');
                            number(&mut self.ops, offset);
                        }
                    }
                }
                self.ops.push_str("] TJ\n");
            }
        }
    }

    fn set_fill(&mut self, ink: Rgb) {
        if self.fill != Some(ink) {
            self.op(&ink, "rg");
            self.fill = Some(ink);
        }
    }

    fn set_font(&mut self, face: Face, size: f32) {
        if self.font != Some((face, size)) {
            self.ops.push('/');
            self.ops.push_str(&font_name(face));
            self.ops.push(' ');
            self.op(&[size], "Tf");
            self.font = Some((face, size));
        }
    }

    /// Draws `text` in one face, unjustified, with its baseline at (`x`, `y`).
    pub fn text(&mut self, text: &str, face: Face, (x, y): (f32, f32), size: f32, ink: Rgb) {
        self.ops.push_str("BT\n");
        self.set_fill(ink);
        self.set_font(face, size);
        self.op(&[1.0, 0.0, 0.0, 1.0, x, y], "Tm");
        self.string(face, text.to_owned());
        self.ops.push_str(" Tj\nET\n");
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
        let place = |(x, y, control): (f32, f32, bool)| {
            (at.0 + x * cos - y * sin, at.1 + x * sin + y * cos, control)
        };
        self.set_fill(ink);
        for ring in rings {
            let placed: Vec<(f32, f32, bool)> = ring.iter().copied().map(place).collect();
            self.outline(&placed);
            self.ops.push_str("h\n");
        }
        self.ops.push_str("f\n");
    }

    /// The segments of an outline: a move to its first point, then lines, and a
    /// cubic curve where two control points (`true`) come before a point.
    fn outline(&mut self, points: &[(f32, f32, bool)]) {
        let Some(&(x, y, _)) = points.first() else {
            return;
        };
        self.op(&[x, y], "m");
        let mut i = 1;
        while i < points.len() {
            let (x, y, control) = points[i];
            match (points.get(i + 1), points.get(i + 2)) {
                (Some(&(x2, y2, true)), Some(&(x3, y3, _))) if control => {
                    self.op(&[x, y, x2, y2, x3, y3], "c");
                    i += 3;
                }
                _ => {
                    self.op(&[x, y], "l");
                    i += 1;
                }
            }
        }
    }

    /// A straight line from `from` to `to`.
    pub fn stroke(&mut self, from: (f32, f32), to: (f32, f32), width: f32, ink: Rgb) {
        self.op(&ink, "RG");
        self.op(&[width], "w");
        self.op(&[from.0, from.1], "m");
        self.op(&[to.0, to.1], "l");
        self.ops.push_str("S\n");
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
        if let Some((ink, width)) = stroke {
            self.op(&ink, "RG");
            self.op(&[width], "w");
        }
        if !closed {
            self.outline(points);
            self.ops.push_str("S\n");
            return;
        }
        if let Some(ink) = fill {
            self.set_fill(ink);
        }
        self.outline(points);
        self.ops.push_str(match (fill, stroke) {
            (Some(_), Some(_)) => "h\nB\n",
            (Some(_), None) => "h\nf\n",
            _ => "h\nS\n",
        });
    }

    /// A clickable area.
    pub fn link(&mut self, rect: [f32; 4], target: LinkTarget) {
        self.links.push(Annotation { rect, target });
    }

    /// Every character drawn in each face, added to `used`.
    fn characters(&self, used: &mut BTreeMap<Face, BTreeSet<char>>) {
        for part in &self.parts {
            if let Part::Text(face, text) = part {
                used.entry(*face).or_default().extend(text.chars());
            }
        }
    }

    /// The content stream, each character written as its code in `codes`.
    fn content(&self, codes: &Codes) -> Vec<u8> {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let written = self.parts.iter().map(Part::len).sum::<usize>() + self.ops.len();
        let mut out = Vec::with_capacity(written * 2);
        for part in &self.parts {
            match part {
                Part::Ops(ops) => out.extend_from_slice(ops.as_bytes()),
                Part::Text(face, text) => {
                    out.push(b'<');
                    for c in text.chars() {
                        let code = codes.code(*face, c);
                        for shift in [12, 8, 4, 0] {
                            out.push(HEX[usize::from((code >> shift) & 0xF)]);
                        }
                    }
                    out.push(b'>');
                }
            }
        }
        out.extend_from_slice(self.ops.as_bytes());
        out
    }
}

impl Part {
    fn len(&self) -> usize {
        match self {
            Part::Ops(s) | Part::Text(_, s) => s.len(),
        }
    }
}

/// The code of each character in each face's embedded subset, as printpdf
/// numbered the glyphs when it subset the faces: a table by character for the
/// common ones, a map for the rest.
struct Codes {
    by_face: [Vec<u16>; 4],
    rare: BTreeMap<(Face, char), u16>,
}

impl Codes {
    /// The code of `c` in `face`; 0 (the missing glyph) when the face lacks it.
    fn code(&self, face: Face, c: char) -> u16 {
        match self.by_face[face.index()].get(c as usize) {
            Some(code) => *code,
            None => self.rare.get(&(face, c)).copied().unwrap_or(0),
        }
    }

    /// Reads the codes back from a content stream printpdf wrote for a page
    /// that shows, in each face of `census`, every character of that face once
    /// and in order: the stream is `BT /NORMAx 1 Tf <codes> Tj ET` per face.
    fn read(stream: &[u8], census: &BTreeMap<Face, BTreeSet<char>>) -> Option<Codes> {
        let content = lopdf::content::Content::decode(stream).ok()?;
        let mut codes = Codes {
            by_face: Default::default(),
            rare: BTreeMap::new(),
        };
        let mut faces_read = 0;
        let mut face = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    let name = op.operands.first()?.as_name().ok()?;
                    face = Face::ALL
                        .into_iter()
                        .find(|f| font_name(*f).as_bytes() == name);
                }
                "Tj" => {
                    let face = face?;
                    let bytes = op.operands.first()?.as_str().ok()?;
                    let chars = census.get(&face)?;
                    if bytes.len() != chars.len() * 2 {
                        return None;
                    }
                    let table = &mut codes.by_face[face.index()];
                    table.resize(TABLE, 0);
                    for (c, pair) in chars.iter().zip(bytes.chunks(2)) {
                        let code = u16::from_be_bytes([pair[0], pair[1]]);
                        match table.get_mut(*c as usize) {
                            Some(slot) => *slot = code,
                            None => {
                                codes.rare.insert((face, *c), code);
                            }
                        }
                    }
                    faces_read += 1;
                }
                _ => {}
            }
        }
        (faces_read == census.len()).then_some(codes)
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
/// the links and the outline. `None` if printpdf or lopdf did not do their
/// part as this writer expects (a fault of norma's, never of the content).
pub fn save(
    pages: Vec<PageOps>,
    sizes: &[PageSize],
    fonts: &Fonts,
    meta: &Meta,
    outline: &[Bookmark],
) -> Option<Vec<u8>> {
    // The characters of each face, for the subsets.
    let mut census: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in &pages {
        page.characters(&mut census);
    }
    let mut doc = PdfDocument::new(meta.title);
    for face in Face::ALL {
        doc.resources.fonts.map.insert(
            FontId(font_name(face)),
            PdfFont::new(fonts.face(face).font.clone()),
        );
    }
    doc.metadata.info.document_title = meta.title.to_owned();
    doc.metadata.info.author = meta.author.to_owned();
    doc.metadata.info.subject = meta.subject.to_owned();
    doc.metadata.info.creator = "norma".to_owned();
    doc.metadata.info.producer = "norma".to_owned();
    doc.metadata.info.identifier = meta.id.to_owned();
    // printpdf gets the pages empty but for the first, which shows every
    // character of each face once: it subsets and embeds the faces from that,
    // and its stream for that page says which code each character got. The
    // pages' own streams replace its streams below.
    let mut census_ops = Vec::new();
    for (face, chars) in &census {
        census_ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(FontId(font_name(*face))),
                size: Pt(1.0),
            },
            Op::ShowText {
                items: vec![TextItem::Text(chars.iter().collect())],
            },
            Op::EndTextSection,
        ]);
    }
    let mut links = Vec::with_capacity(pages.len());
    let pdf_pages = sizes
        .iter()
        .enumerate()
        .map(|(n, size)| {
            let media = Rect::from_wh(Pt(size.width), Pt(size.height));
            PdfPage {
                media_box: media.clone(),
                trim_box: media.clone(),
                crop_box: media,
                ops: if n == 0 {
                    std::mem::take(&mut census_ops)
                } else {
                    Vec::new()
                },
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
    let page_ids: Vec<lopdf::ObjectId> = lopdf_doc.get_pages().into_values().collect();
    let contents: Vec<Option<lopdf::ObjectId>> = page_ids
        .iter()
        .map(|id| {
            let page = lopdf_doc.get_dictionary(*id).ok()?;
            page.get(b"Contents").ok()?.as_reference().ok()
        })
        .collect();
    let census_stream = contents
        .first()
        .copied()
        .flatten()
        .and_then(|id| lopdf_doc.get_object(id).ok()?.as_stream().ok())
        .map(|s| s.content.clone())
        .unwrap_or_default();
    // If printpdf wrote the census in a form this writer does not read,
    // nothing sensible can be drawn: no PDF at all.
    let codes = Codes::read(&census_stream, &census)?;
    let streams = crate::parallel::map(&pages, |page| page.content(&codes));
    for ((page, stream), id) in pages.into_iter().zip(streams).zip(contents) {
        links.push(page.links);
        if let Some(id) = id
            && let Ok(lopdf::Object::Stream(s)) = lopdf_doc.get_object_mut(id)
        {
            s.set_content(stream);
        }
    }
    finish(&mut lopdf_doc, meta, &links, outline);
    compress(&mut lopdf_doc);
    let mut out = Vec::new();
    lopdf_doc.save_to(&mut out).ok()?;
    Some(out)
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

    /// A one-page PDF of `page`, on US letter, with a test's metadata.
    fn save_one(page: PageOps, fonts: &Fonts) -> Vec<u8> {
        let meta = Meta {
            title: "Prueba",
            author: "Instituto",
            subject: "9000-002-001",
            lang: "es-MX",
            id: "prueba-1.0",
            date: "D:20250314000000Z".into(),
        };
        save(vec![page], &[PageSize::LETTER], fonts, &meta, &[]).expect("a PDF")
    }

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
            save_one(page, &fonts)
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

    #[test]
    fn numbers_are_written_with_at_most_three_decimals() {
        let mut out = String::new();
        for v in [612.0, 1.5, -2.25, 0.1234, -0.0004, 1e-9, 72.0 / 25.4] {
            number(&mut out, v);
        }
        assert_eq!(out, "612 1.5 -2.25 0.123 0 0 2.835 ");
    }

    #[test]
    fn text_in_every_face_and_a_character_beyond_the_table_extracts_verbatim() {
        let fonts = Fonts::default_family().unwrap();
        let lines = [
            // "ﬁ" (U+FB01) is past the table of common characters.
            ("Artículo 5. Ñandú; la oﬁcina", Face::Regular),
            ("Función 12 — «Sí»", Face::Bold),
            ("inciso a) ¿cómo?", Face::Italic),
            ("Ley del Seguro Social €", Face::BoldItalic),
        ];
        let mut page = PageOps::default();
        for (n, (text, face)) in lines.iter().enumerate() {
            page.text(text, *face, (72.0, 700.0 - 20.0 * n as f32), 11.0, BLACK);
        }
        let bytes = save_one(page, &fonts);
        let doc = lopdf::Document::load_mem(&bytes).expect("the PDF reads back");
        let extracted = doc.extract_text(&[1]).expect("text extracts");
        for (text, _) in lines {
            assert!(extracted.contains(text), "{text} in {extracted}");
        }
        // Four faces, each embedded once as a subset.
        for face in Face::ALL {
            let tag = format!("{}+", font_name(face));
            let found = bytes
                .windows(tag.len())
                .filter(|w| *w == tag.as_bytes())
                .count();
            assert!(found >= 1, "{tag}");
        }
    }
}
