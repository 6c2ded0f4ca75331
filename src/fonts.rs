//! The four faces of the PDF's type family (regular, bold, italic, bold italic),
//! embedded in the binary from `themes/default/fonts` (Noto Sans, OFL), and
//! their measurements: how wide a piece of text is at a given size, and which
//! glyph draws each character. Layout asks this module for widths; the writer
//! asks it for glyph ids and the faces' bytes, which krilla embeds.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, GlyphId, MetadataProvider};

/// Which face a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The face with bold added.
    pub fn bold(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Italic | Face::BoldItalic => Face::BoldItalic,
        }
    }

    /// The face with italic added.
    pub fn italic(self) -> Face {
        match self {
            Face::Regular | Face::Italic => Face::Italic,
            Face::Bold | Face::BoldItalic => Face::BoldItalic,
        }
    }
}

const FILES: [&[u8]; 4] = [
    include_bytes!("../themes/default/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../themes/default/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../themes/default/fonts/NotoSans-Italic.ttf"),
    include_bytes!("../themes/default/fonts/NotoSans-BoldItalic.ttf"),
];

/// Characters below this are looked up in a table made once.
const TABLE: usize = 0x2200;

/// A glyph of a face: its id and its advance in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    pub id: u16,
    pub advance: u16,
}

/// One face: its bytes, its glyphs by character and their advances.
pub struct Metrics {
    bytes: &'static [u8],
    font: FontRef<'static>,
    pub units_per_em: f32,
    /// The glyph of each character below `TABLE`; `None` where the font has
    /// none.
    table: Vec<Option<Glyph>>,
    /// Height above and depth below the baseline, in ems.
    pub ascent: f32,
    pub descent: f32,
}

impl Metrics {
    fn parse(bytes: &'static [u8]) -> Option<Metrics> {
        let font = FontRef::new(bytes).ok()?;
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em.max(1));
        let mut face = Metrics {
            bytes,
            font,
            units_per_em,
            table: Vec::new(),
            ascent: metrics.ascent / units_per_em,
            descent: -metrics.descent / units_per_em,
        };
        face.table = (0..TABLE as u32)
            .map(|c| char::from_u32(c).and_then(|c| face.look_up(c)))
            .collect();
        Some(face)
    }

    fn look_up(&self, c: char) -> Option<Glyph> {
        let id = self.font.charmap().map(c)?;
        if id == GlyphId::NOTDEF {
            return None;
        }
        let advance = self
            .font
            .glyph_metrics(Size::unscaled(), LocationRef::default())
            .advance_width(id)?;
        Some(Glyph {
            id: u16::try_from(id.to_u32()).ok()?,
            advance: advance.round().clamp(0.0, f32::from(u16::MAX)) as u16,
        })
    }

    /// The glyph that draws `c`, if the face has one.
    pub fn glyph(&self, c: char) -> Option<Glyph> {
        match self.table.get(c as usize) {
            Some(g) => *g,
            None => self.look_up(c),
        }
    }

    /// The face's file, as embedded in the binary.
    pub fn bytes(&self) -> &'static [u8] {
        self.bytes
    }

    /// Whether the face can draw `c`.
    pub fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The width of `text` at `size` points; a character the face lacks counts
    /// as the width of a question mark, which is what the reader will see,
    /// and an invisible one (`invisible`) as nothing, which is what is drawn.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| match self.glyph(c) {
                Some(g) => u32::from(g.advance),
                None if invisible(c) => 0,
                None => self.glyph('?').map_or(0, |g| u32::from(g.advance)),
            })
            .sum();
        units as f32 / self.units_per_em * size
    }
}

/// Characters that show nothing (format characters: zero-width spaces and
/// joiners, direction marks, the byte order mark): the PDF leaves them out
/// rather than draw a question mark for them.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Whether the PDF's type family can draw `c` (the regular face: every face
/// has the same characters). Whitespace and control characters count as
/// printable: they are never drawn as glyphs.
pub fn can_print(c: char) -> bool {
    // The first 256 characters, most of any Spanish text, from a table made once.
    static LATIN1: std::sync::OnceLock<[bool; 256]> = std::sync::OnceLock::new();
    match u8::try_from(c) {
        Ok(byte) => LATIN1.get_or_init(|| std::array::from_fn(|b| looked_up(char::from(b as u8))))
            [usize::from(byte)],
        Err(_) => looked_up(c),
    }
}

/// `can_print`, asking the font.
fn looked_up(c: char) -> bool {
    static REGULAR: std::sync::OnceLock<Option<Metrics>> = std::sync::OnceLock::new();
    if c.is_whitespace() || c.is_control() {
        return true;
    }
    match REGULAR.get_or_init(|| Metrics::parse(FILES[Face::Regular.index()])) {
        Some(face) => face.has(c),
        None => true,
    }
}

/// The width of `text` at `size` points in `face` of the PDF's type family,
/// for layouts computed before the PDF is written (a flowchart's boxes).
pub fn measure(face: Face, text: &str, size: f32) -> f32 {
    static FAMILY: std::sync::OnceLock<Option<Fonts>> = std::sync::OnceLock::new();
    match FAMILY.get_or_init(Fonts::default_family) {
        Some(fonts) => fonts.width(face, text, size),
        // Damaged files (the tests would show): a generous estimate.
        None => text.chars().count() as f32 * size * 0.6,
    }
}

/// The whole family.
pub struct Fonts {
    faces: Vec<Metrics>,
}

impl Fonts {
    /// The default theme's family. The files are part of the binary, so this
    /// fails only if they are damaged, which the tests would show.
    pub fn default_family() -> Option<Fonts> {
        let faces = FILES
            .iter()
            .map(|bytes| Metrics::parse(bytes))
            .collect::<Option<Vec<_>>>()?;
        Some(Fonts { faces })
    }

    pub fn face(&self, face: Face) -> &Metrics {
        &self.faces[face.index()]
    }

    pub fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        self.face(face).width(text, size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_parses_and_has_every_spanish_character() {
        let fonts = Fonts::default_family().expect("the embedded fonts parse");
        for face in Face::ALL {
            for c in "áéíóúüñÁÉÍÓÚÜÑ¿¡«»—–“”‘’…°ºª€№".chars()
            {
                assert!(fonts.face(face).has(c), "{face:?} lacks {c}");
            }
        }
    }

    #[test]
    fn latin_prints_and_other_scripts_do_not() {
        assert!("Función 10, inciso c) «ñ» — ¿sí?\n".chars().all(can_print));
        assert!(!can_print('≥'));
        assert!(!can_print('中'));
    }

    #[test]
    fn widths_grow_with_size_and_bold_is_wider() {
        let fonts = Fonts::default_family().unwrap();
        let regular = fonts.width(Face::Regular, "Afiliación", 10.0);
        assert!(regular > 30.0 && regular < 80.0, "{regular}");
        assert!((fonts.width(Face::Regular, "Afiliación", 20.0) - 2.0 * regular).abs() < 0.01);
        assert!(fonts.width(Face::Bold, "Afiliación", 10.0) > regular);
    }
}
