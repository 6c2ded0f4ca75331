//! The last step: pages drawn on a `Canvas` → PDF bytes, through krilla (the
//! PDF backend of Typst). krilla embeds the four faces as subsets with their
//! widths and ToUnicode maps, writes the outline, the links, the metadata and
//! the structure tree, and checks PDF/UA-1 and PDF/A-2a clause by clause as it
//! writes. Nothing here decides where text goes or what it means: `draw` says
//! where each glyph and shape goes and opens and closes the structure elements
//! the bands carry; this module tags what is drawn (content as marked content
//! for the tree `tags` keeps, the rest as artifacts) and makes the file.

use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, ValidationError};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};

use crate::limits::{MOST_PDF_STRING, cut_for_pdf};

use super::flow::Role;
use super::paragraph::{Line, Piece};
use super::tags::{Item, Tree};
use crate::date::Date;
use crate::fonts::{Face, Fonts};

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

/// A colour as red, green and blue from 0 to 1.
pub type Rgb = [f32; 3];

pub const BLACK: Rgb = [0.0, 0.0, 0.0];

#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// A place in this document: a page (0-based) and a height on it, in
    /// points from the top of the page.
    Place { page: usize, y: f32 },
    /// An address outside the document.
    Uri(String),
}

/// One entry of the outline (the bookmarks): nested by `level`, from 0; `y`
/// in points from the top of its page.
#[derive(Debug, Clone)]
pub struct Bookmark {
    pub title: String,
    pub level: usize,
    pub page: usize,
    pub y: f32,
}

/// What the file says of itself.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// "es-MX" or "en".
    pub lang: &'a str,
    /// The same for every build of the same manual version: it makes the
    /// file's ID.
    pub id: &'a str,
    pub date: Date,
    /// "ua-1", "a-2a": what the file claims and krilla checks.
    pub standards: &'a [String],
}

/// What is drawn but is not content: the running header and footer, a
/// draft's mark, rules and boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoration {
    Header,
    Footer,
    Watermark,
    Layout,
}

impl Decoration {
    fn artifact(self) -> Artifact {
        Artifact::with_kind(match self {
            Decoration::Header => ArtifactType::Header,
            Decoration::Footer => ArtifactType::Footer,
            Decoration::Watermark => ArtifactType::Watermark,
            Decoration::Layout => ArtifactType::Layout,
        })
    }
}

/// A glyph placed by norma's own layout: krilla is told its id, the text it
/// stands for (a byte range of the run's text) and its advance in ems.
#[derive(Debug, Clone, Copy)]
struct Placed {
    id: u16,
    start: u32,
    end: u32,
    em: f32,
}

impl krilla::text::Glyph for Placed {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.id))
    }
    fn text_range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.em * size
    }
    fn x_offset(&self, _: f32) -> f32 {
        0.0
    }
    fn y_offset(&self, _: f32) -> f32 {
        0.0
    }
    fn y_advance(&self, _: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

/// The most glyphs drawn as one string (two bytes each; PDF/A's limit on a
/// string is 32,767 bytes).
const MOST_GLYPHS: usize = 4096;

/// A run of glyphs in one face and colour, with the text they stand for.
#[derive(Default)]
struct Run {
    text: String,
    glyphs: Vec<Placed>,
    width: f32,
}

impl Run {
    /// Adds `text`'s glyphs in `face` at `size`. A character the face lacks
    /// is drawn as a question mark (as layout measured it) that stands for
    /// the character itself, so the PDF has no missing glyph and copies the
    /// right text; whitespace and invisible characters the face lacks are
    /// not drawn.
    fn push(&mut self, text: &str, face: &crate::fonts::Metrics, size: f32) {
        let unknown = face.glyph('?');
        for c in text.chars() {
            let start = self.text.len() as u32;
            let glyph = match face.glyph(c) {
                Some(g) => g,
                None if c.is_whitespace() || c.is_control() || crate::fonts::invisible(c) => {
                    continue;
                }
                None => match unknown {
                    Some(g) => g,
                    None => continue,
                },
            };
            // Text PDF/A forbids as the meaning of a glyph: private use and
            // non-characters stand as the replacement character.
            let private =
                matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF | 0xFFFE | 0xFEFF);
            self.text.push(if private { '\u{FFFD}' } else { c });
            let em = f32::from(glyph.advance) / face.units_per_em;
            self.glyphs.push(Placed {
                id: glyph.id,
                start,
                end: self.text.len() as u32,
                em,
            });
            self.width += em * size;
        }
    }

    /// A space stretched or squeezed to `width`.
    fn space(&mut self, face: &crate::fonts::Metrics, size: f32, width: f32) {
        let Some(glyph) = face.glyph(' ') else {
            return;
        };
        let start = self.text.len() as u32;
        self.text.push(' ');
        self.glyphs.push(Placed {
            id: glyph.id,
            start,
            end: self.text.len() as u32,
            em: width / size,
        });
        self.width += width;
    }
}

/// What one page is drawn on, in points from the page's top-left corner (y
/// grows downwards, as in the bands).
pub struct Canvas<'a, 'b> {
    surface: Surface<'a>,
    tree: &'b mut Tree,
    /// The page's link annotations and their slots in the tree.
    links: &'b mut Vec<(Annotation, usize)>,
    fonts: &'b Fonts,
    faces: &'b [Font; 4],
    /// Inside `decoration`: everything drawn is that artifact.
    decorating: bool,
}

/// What is drawn: text is content, a shape is content only in a figure.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Shape,
}

impl Canvas<'_, '_> {
    /// Opens a structure element: what is drawn next belongs to it.
    pub fn open(&mut self, role: &Role) {
        self.tree.open(role);
    }

    /// Closes the structure element opened last.
    pub fn close(&mut self) {
        self.tree.close();
    }

    /// Draws what `draw` draws as an artifact of `kind`: seen, not read.
    pub fn decoration(&mut self, kind: Decoration, draw: impl FnOnce(&mut Self)) {
        if self.decorating {
            draw(self);
            return;
        }
        self.surface
            .start_tagged(ContentTag::Artifact(kind.artifact()));
        self.decorating = true;
        draw(self);
        self.decorating = false;
        self.surface.end_tagged();
    }

    /// Draws with `draw`, tagged as what it is: content (in the tree) or a
    /// layout artifact.
    fn tagged(&mut self, kind: Kind, draw: impl FnOnce(&mut Surface)) -> Option<Identifier> {
        if self.decorating {
            draw(&mut self.surface);
            return None;
        }
        // A table's first rule belongs to the table: checkers find a
        // table's page from its own content.
        if kind == Kind::Shape
            && self.tree.artifact == 0
            && !self.tree.in_figure()
            && self.tree.unruled_table().is_some()
        {
            let id = self.surface.start_tagged(ContentTag::Other);
            draw(&mut self.surface);
            self.surface.end_tagged();
            if let Some(table) = self.tree.unruled_table() {
                table.ruled = true;
                table.children.push(Item::Content(id));
            }
            return None;
        }
        let content = self.tree.artifact == 0 && (kind == Kind::Text || self.tree.in_figure());
        if !content {
            self.surface
                .start_tagged(ContentTag::Artifact(Decoration::Layout.artifact()));
            draw(&mut self.surface);
            self.surface.end_tagged();
            return None;
        }
        let tag = match kind {
            Kind::Text => ContentTag::Span(SpanTag::empty()),
            Kind::Shape => ContentTag::Other,
        };
        let id = self.surface.start_tagged(tag);
        draw(&mut self.surface);
        self.surface.end_tagged();
        Some(id)
    }

    /// Draws `run` in `face` with its baseline starting at (`x`, `y`), in
    /// pieces of at most [`MOST_GLYPHS`] glyphs: PDF/A allows no string over
    /// 32,767 bytes, and a run of invisible or combining characters (zero
    /// width, so never broken into lines) can be any length (issue #24).
    fn run(&mut self, run: &Run, face: Face, (x, y): (f32, f32), size: f32, ink: Rgb) {
        let mut x = x;
        for glyphs in run.glyphs.chunks(MOST_GLYPHS) {
            let (from, to) = (glyphs[0].start, glyphs[glyphs.len() - 1].end);
            let text = &run.text[from as usize..to as usize];
            let placed: Vec<Placed> = glyphs
                .iter()
                .map(|g| Placed {
                    start: g.start - from,
                    end: g.end - from,
                    ..*g
                })
                .collect();
            let font = self.faces[face.index()].clone();
            let id = self.tagged(Kind::Text, |s| {
                s.set_stroke(None);
                s.set_fill(Some(fill(ink)));
                s.draw_glyphs(Point::from_xy(x, y), &placed, font, text, size, false);
            });
            if let Some(id) = id {
                self.tree.content(id);
            }
            x += glyphs.iter().map(|g| g.em * size).sum::<f32>();
        }
    }

    /// Draws `text` in one face, unjustified, with its baseline at (`x`, `y`).
    pub fn text(&mut self, text: &str, face: Face, at: (f32, f32), size: f32, ink: Rgb) {
        let mut run = Run::default();
        run.push(text, self.fonts.face(face), size);
        self.run(&run, face, at, size, ink);
    }

    /// Draws a laid-out line with its baseline at (`x`, `y`) in `ink`; the
    /// pieces that belong to a link are drawn in `link_ink`, tagged as that
    /// link and made clickable where `target` says (with its description).
    pub fn line(
        &mut self,
        line: &Line,
        (x, y): (f32, f32),
        size: f32,
        ink: Rgb,
        link_ink: Rgb,
        target: &dyn Fn(u32) -> Option<(LinkTarget, String)>,
    ) {
        // A line set alone in a grouping element (a caption of a form's
        // field) is a paragraph of its own, whatever its runs.
        let alone = !self.decorating && self.tree.artifact == 0 && self.tree.grouping();
        if alone {
            self.tree.open(&Role::Paragraph);
        }
        // Runs of one face and one link (or none); a link runs on across
        // the spaces between its words but not into the space after it.
        let mut at = x;
        let mut pieces = line.pieces.iter().peekable();
        while let Some(first) = pieces.next() {
            let (face, link) = match first {
                Piece::Text { face, link, .. } => (*face, *link),
                Piece::Space { face, .. } => (*face, None),
            };
            let metrics = self.fonts.face(face);
            let mut run = Run::default();
            let mut piece = Some(first);
            while let Some(p) = piece {
                match p {
                    Piece::Text { text, .. } => run.push(text, metrics, size),
                    Piece::Space { width, .. } => run.space(metrics, size, *width),
                }
                piece = None;
                let joins = |next: &&Piece| match next {
                    Piece::Text {
                        face: f, link: l, ..
                    } => *f == face && *l == link,
                    Piece::Space { face: f, .. } => {
                        // A space inside a link belongs to it only when the
                        // link goes on after it.
                        *f == face && (link.is_none() || continues(&line.pieces, p, link))
                    }
                };
                if let Some(next) = pieces.peek()
                    && joins(next)
                {
                    piece = pieces.next();
                }
            }
            let width = run.width;
            let link = link.and_then(target);
            match link {
                Some((to, alt)) => {
                    self.tree.open(&Role::Link(alt.clone()));
                    self.link([at, y - size * 0.9, at + width, y + size * 0.3], to, &alt);
                    self.run(&run, face, (at, y), size, link_ink);
                    self.tree.close();
                }
                None => self.run(&run, face, (at, y), size, ink),
            }
            at += width;
        }
        if alone {
            self.tree.close();
        }
    }

    /// A straight line from `from` to `to`.
    pub fn stroke(&mut self, from: (f32, f32), to: (f32, f32), width: f32, ink: Rgb) {
        let mut path = PathBuilder::new();
        path.move_to(from.0, from.1);
        path.line_to(to.0, to.1);
        self.draw(path, None, Some((ink, width)));
    }

    /// A rectangle from its top-left corner, filled and/or outlined.
    pub fn rect(
        &mut self,
        (x, y, w, h): (f32, f32, f32, f32),
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
        self.path(&corners.map(|(x, y)| (x, y, false)), true, fill, stroke);
    }

    /// An outline of lines and cubic curves (two control points, marked
    /// `true`, before a point): closed and filled and/or outlined, or open.
    pub fn path(
        &mut self,
        points: &[(f32, f32, bool)],
        closed: bool,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        let Some(&(x, y, _)) = points.first() else {
            return;
        };
        let mut path = PathBuilder::new();
        path.move_to(x, y);
        let mut i = 1;
        while i < points.len() {
            let (x, y, control) = points[i];
            match (points.get(i + 1), points.get(i + 2)) {
                (Some(&(x2, y2, true)), Some(&(x3, y3, _))) if control => {
                    path.cubic_to(x, y, x2, y2, x3, y3);
                    i += 3;
                }
                _ => {
                    path.line_to(x, y);
                    i += 1;
                }
            }
        }
        if closed {
            path.close();
            self.draw(path, fill, stroke);
        } else {
            self.draw(path, None, stroke);
        }
    }

    fn draw(&mut self, path: PathBuilder, fill_ink: Option<Rgb>, stroke: Option<(Rgb, f32)>) {
        if fill_ink.is_none() && stroke.is_none() {
            return;
        }
        let Some(path) = path.finish() else {
            return;
        };
        let id = self.tagged(Kind::Shape, |s| {
            s.set_fill(fill_ink.map(fill));
            s.set_stroke(stroke.map(|(ink, width)| Stroke {
                paint: color(ink).into(),
                width,
                ..Stroke::default()
            }));
            s.draw_path(&path);
        });
        if let Some(id) = id {
            self.tree.content(id);
        }
    }

    /// A clickable area `[left, top, right, bottom]` that goes to `target`;
    /// `alt` says where, for those who cannot see it.
    pub fn link(&mut self, [left, top, right, bottom]: [f32; 4], target: LinkTarget, alt: &str) {
        let Some(rect) = Rect::from_ltrb(left, top, right.max(left + 0.1), bottom.max(top + 0.1))
        else {
            return;
        };
        let target = match target {
            LinkTarget::Place { page, y } => Target::Destination(
                XyzDestination::new(page, Point::from_xy(0.0, y.max(0.0))).into(),
            ),
            // An address too long for a PDF string (only a broken one is)
            // is left as the text it is, without the link.
            LinkTarget::Uri(uri) if uri.len() > MOST_PDF_STRING => return,
            LinkTarget::Uri(uri) => Target::Action(krilla::action::LinkAction::new(uri).into()),
        };
        // An area inside a link (a contents entry's line) is described by it.
        let alt = match self.tree.stack.last().and_then(|f| f.role.as_ref()) {
            Some(Role::Link(words)) if alt.is_empty() => words.clone(),
            _ => alt.to_owned(),
        };
        let alt = cut_for_pdf(&alt).into_owned();
        let slot = self.tree.annotation(&alt);
        let annotation = Annotation::new_link(LinkAnnotation::new(rect, target), Some(alt));
        self.links.push((annotation, slot));
    }

    /// `text` in `face` as filled outlines (a mark to be seen, not read,
    /// copied or found), centred on `center` and turned `degrees`
    /// anticlockwise.
    pub fn watermark(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        center: (f32, f32),
        degrees: f32,
        ink: Rgb,
    ) {
        let mut run = Run::default();
        run.push(text, self.fonts.face(face), size);
        let font = self.faces[face.index()].clone();
        self.decoration(Decoration::Watermark, |canvas| {
            let s = &mut canvas.surface;
            s.push_transform(&Transform::from_rotate_at(-degrees, center.0, center.1));
            s.set_stroke(None);
            s.set_fill(Some(fill(ink)));
            s.draw_glyphs(
                // The x-height centred on the centre.
                Point::from_xy(center.0 - run.width / 2.0, center.1 + size * 0.35),
                &run.glyphs,
                font,
                &run.text,
                size,
                true,
            );
            s.pop();
        });
    }
}

/// Whether, after the space `after`, the line goes on with a piece of `link`
/// before any other text.
fn continues(pieces: &[Piece], after: &Piece, link: Option<u32>) -> bool {
    let at = pieces
        .iter()
        .position(|p| std::ptr::eq(p, after))
        .unwrap_or(pieces.len());
    pieces[at + 1..]
        .iter()
        .find_map(|p| match p {
            Piece::Text { link: l, .. } => Some(*l == link),
            Piece::Space { .. } => None,
        })
        .unwrap_or(false)
}

fn color([r, g, b]: Rgb) -> rgb::Color {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    rgb::Color::new(byte(r), byte(g), byte(b))
}

fn fill(ink: Rgb) -> Fill {
    Fill {
        paint: color(ink).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

/// The standards as krilla's configuration.
fn configuration(standards: &[String]) -> krilla::configure::Configuration {
    let mut builder = ConfigurationBuilder::new();
    if standards.iter().any(|s| s == "a-2a") {
        builder = builder.with_archival_validator(Archival::A2_A);
    }
    if standards.iter().any(|s| s == "ua-1") {
        builder = builder.with_accessibility_validator(Accessibility::UA1);
    }
    // UA-1 and A-2a share PDF 1.4 to 1.7; krilla takes 1.7.
    builder.finish().unwrap_or_default()
}

/// The outline from the flat list of bookmarks (each one's parent is the
/// nearest entry before it with a smaller level): top level open, deeper
/// levels closed.
fn outline(bookmarks: &[Bookmark]) -> Outline {
    let node = |b: &Bookmark| {
        OutlineNode::new(
            cut_for_pdf(&b.title).into_owned(),
            XyzDestination::new(b.page, Point::from_xy(0.0, b.y.max(0.0))),
        )
        .with_open(b.level == 0)
    };
    let mut outline = Outline::new();
    let mut stack: Vec<(usize, OutlineNode)> = Vec::new();
    let attach = |stack: &mut Vec<(usize, OutlineNode)>, outline: &mut Outline| {
        let (_, done) = stack.pop().expect("a node");
        match stack.last_mut() {
            Some((_, parent)) => parent.push_child(done),
            None => outline.push_child(done),
        }
    };
    for b in bookmarks {
        while stack.last().is_some_and(|(level, _)| *level >= b.level) {
            attach(&mut stack, &mut outline);
        }
        stack.push((b.level, node(b)));
    }
    while !stack.is_empty() {
        attach(&mut stack, &mut outline);
    }
    outline
}

/// Writes a PDF of pages of `sizes`, each drawn by `draw` (page number,
/// canvas). Returns what krilla found when it refuses to write the file.
pub fn save(
    sizes: &[PageSize],
    fonts: &Fonts,
    meta: &Meta,
    bookmarks: &[Bookmark],
    mut draw: impl FnMut(usize, &mut Canvas),
) -> Result<Vec<u8>, Vec<String>> {
    let faces = Face::ALL.map(|face| Font::new(fonts.face(face).bytes().into(), 0));
    let [Some(a), Some(b), Some(c), Some(d)] = faces else {
        return Err(vec!["the embedded fonts do not read".into()]);
    };
    let faces = [a, b, c, d];
    let settings = SerializeSettings {
        configuration: configuration(meta.standards),
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut tree = Tree::new();
    for (n, size) in sizes.iter().enumerate() {
        let Some(page_settings) = PageSettings::from_wh(size.width, size.height) else {
            return Err(vec![format!("page size {} × {}", size.width, size.height)]);
        };
        let mut page = document.start_page_with(page_settings);
        let mut links = Vec::new();
        {
            let mut canvas = Canvas {
                surface: page.surface(),
                tree: &mut tree,
                links: &mut links,
                fonts,
                faces: &faces,
                decorating: false,
            };
            draw(n, &mut canvas);
            canvas.surface.finish();
        }
        for (annotation, slot) in links {
            let id = page.add_tagged_annotation(annotation);
            tree.annotations[slot] = Some(id);
        }
        page.finish();
    }
    document.set_tag_tree(tree.finish(meta.lang));
    document.set_outline(outline(bookmarks));
    let Date { year, month, day } = meta.date;
    document.set_metadata(
        Metadata::new()
            .title(cut_for_pdf(meta.title).into_owned())
            .authors(vec![cut_for_pdf(meta.author).into_owned()])
            .description(cut_for_pdf(meta.subject).into_owned())
            .language(meta.lang.to_owned())
            .creator("norma".into())
            .producer("norma".into())
            .document_id(meta.id.to_owned())
            .creation_date(DateTime::new(year).month(month).day(day).utc_offset_hour(0)),
    );
    document.finish().map_err(reasons)
}

/// What krilla says when it refuses to write, one line a finding.
fn reasons(error: krilla::error::KrillaError) -> Vec<String> {
    use krilla::error::KrillaError;
    match error {
        KrillaError::Validation(found) => found
            .into_iter()
            .map(|(e, _)| match e {
                ValidationError::ContainsNotDefGlyph(_, _, text) => {
                    format!("a glyph the font lacks, for «{text}»")
                }
                other => format!("{other:?}"),
            })
            .collect(),
        other => vec![other.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::super::paragraph::{Span, lay_out};
    use super::*;
    use crate::i18n::Lang;

    fn meta(standards: &[String]) -> Meta<'_> {
        Meta {
            title: "Prueba",
            author: "Instituto",
            subject: "9000-002-001",
            lang: "es-MX",
            id: "prueba-1.0",
            date: Date {
                year: 2025,
                month: 3,
                day: 14,
            },
            standards,
        }
    }

    fn standards() -> Vec<String> {
        vec!["ua-1".into(), "a-2a".into()]
    }

    fn no_link(_: u32) -> Option<(LinkTarget, String)> {
        None
    }

    #[test]
    fn a_justified_paragraph_extracts_verbatim_and_the_bytes_repeat() {
        let fonts = Fonts::default_family().unwrap();
        let text = "Vigilar la afiliación de las y los patrones, ¿con qué criterio? «Sí» — según la Ley del Seguro Social, año 2025: Ñandú.";
        let spans = vec![Span::new(text, Face::Regular)];
        let lines = lay_out(&spans, 11.0, &fonts, Lang::Es, &|_| 400.0, true);
        let standards = standards();
        let make = || {
            save(
                &[PageSize::LETTER],
                &fonts,
                &meta(&standards),
                &[],
                |_, canvas| {
                    canvas.open(&Role::Paragraph);
                    for (n, line) in lines.iter().enumerate() {
                        let y = 90.0 + 14.0 * n as f32;
                        canvas.line(line, (72.0, y), 11.0, BLACK, BLACK, &no_link);
                    }
                    canvas.close();
                },
            )
            .expect("a PDF")
        };
        let bytes = make();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        assert_eq!(bytes, make(), "two saves give the same bytes");
        let named = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
        assert!(named(b"+NotoSans-Regular"), "a subset, tagged as one");
        assert!(named(b"ToUnicode"), "mapped to Unicode");
        assert!(named(b"pdfuaid:part"), "claims PDF/UA");
        let doc = lopdf::Document::load_mem(&bytes).expect("the PDF reads back");
        let extracted = doc.extract_text(&[1]).expect("text extracts");
        let flat = extracted.split_whitespace().collect::<Vec<_>>().join(" ");
        let joined = flat.replace("\u{AD} ", "");
        assert!(joined.contains(text), "{flat}");
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
        let standards = standards();
        let bytes = save(
            &[PageSize::LETTER],
            &fonts,
            &meta(&standards),
            &[],
            |_, canvas| {
                for (n, (text, face)) in lines.iter().enumerate() {
                    canvas.text(text, *face, (72.0, 90.0 + 20.0 * n as f32), 11.0, BLACK);
                }
            },
        )
        .expect("a PDF");
        let doc = lopdf::Document::load_mem(&bytes).expect("the PDF reads back");
        let extracted = doc.extract_text(&[1]).expect("text extracts");
        for (text, _) in lines {
            assert!(extracted.contains(text), "{text} in {extracted}");
        }
        for name in [
            "NotoSans-Regular",
            "NotoSans-Bold",
            "NotoSans-Italic",
            "NotoSans-BoldItalic",
        ] {
            let tag = format!("+{name}");
            assert!(
                bytes.windows(tag.len()).any(|w| w == tag.as_bytes()),
                "{tag}"
            );
        }
    }

    #[test]
    fn a_character_the_font_lacks_prints_as_a_question_mark_and_still_conforms() {
        let fonts = Fonts::default_family().unwrap();
        let standards = standards();
        let bytes = save(
            &[PageSize::LETTER],
            &fonts,
            &meta(&standards),
            &[],
            |_, canvas| {
                canvas.text(
                    "a ≥ b, 中 \u{E000}",
                    Face::Regular,
                    (72.0, 90.0),
                    11.0,
                    BLACK,
                );
            },
        )
        .expect("no missing glyph, no private use: the PDF is written");
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let extracted = doc.extract_text(&[1]).unwrap();
        assert!(
            extracted.contains('a') && extracted.contains('b'),
            "{extracted}"
        );
    }

    #[test]
    fn the_outline_nests_by_level() {
        let b = |title: &str, level| Bookmark {
            title: title.into(),
            level,
            page: 0,
            y: 10.0,
        };
        let fonts = Fonts::default_family().unwrap();
        let standards = standards();
        let bookmarks = [
            b("1", 0),
            b("1.1", 1),
            b("1.1.1", 2),
            b("1.2", 1),
            b("2", 0),
        ];
        let bytes = save(
            &[PageSize::LETTER],
            &fonts,
            &meta(&standards),
            &bookmarks,
            |_, canvas| {
                canvas.text("x", Face::Regular, (72.0, 90.0), 11.0, BLACK);
            },
        )
        .unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let catalog = doc.catalog().unwrap();
        let outlines = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
        let root = doc.get_dictionary(outlines).unwrap();
        let first = doc
            .get_dictionary(root.get(b"First").unwrap().as_reference().unwrap())
            .unwrap();
        let kids = doc
            .get_dictionary(first.get(b"First").unwrap().as_reference().unwrap())
            .unwrap();
        assert_eq!(
            lopdf::decode_text_string(kids.get(b"Title").unwrap()).unwrap(),
            "1.1"
        );
    }
}
