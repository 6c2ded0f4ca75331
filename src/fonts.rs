//! The four faces of the PDF's type family (regular, bold, italic, bold italic),
//! embedded in the binary from `themes/default/fonts` (Noto Sans, OFL), and
//! their measurements: how wide a piece of text is at a given size. Layout only
//! asks this module for widths; the writer asks it for the printpdf faces.

use printpdf::ParsedFont;

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

/// Characters below this are measured from a table made once (and the
/// writer looks their codes up in one).
pub(super) const TABLE: usize = 0x2200;

/// One face: the parsed font and its advance widths.
pub struct Metrics {
    pub font: ParsedFont,
    units_per_em: f32,
    /// Advance in font units by character, for the characters below `TABLE`;
    /// `None` where the font has no glyph.
    advances: Vec<Option<u16>>,
    /// Height above and depth below the baseline, in ems.
    pub ascent: f32,
    pub descent: f32,
}

impl Metrics {
    fn parse(bytes: &[u8]) -> Option<Metrics> {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())?;
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let advances = (0..TABLE as u32)
            .map(|c| {
                let glyph = font.lookup_glyph_index(c)?;
                Some(font.get_horizontal_advance(glyph))
            })
            .collect();
        let ascent = f32::from(font.pdf_font_metrics.ascender) / units_per_em;
        let descent = -f32::from(font.pdf_font_metrics.descender) / units_per_em;
        Some(Metrics {
            font,
            units_per_em,
            advances,
            ascent,
            descent,
        })
    }

    fn advance(&self, c: char) -> Option<u16> {
        match self.advances.get(c as usize) {
            Some(a) => *a,
            None => self
                .font
                .lookup_glyph_index(c as u32)
                .map(|g| self.font.get_horizontal_advance(g)),
        }
    }

    /// The outline of `text` set at `size`: closed rings of points from the
    /// origin of the baseline (y up), each `(x, y, control)`; control points
    /// come in pairs before the end of a cubic curve. Used for marks that must
    /// be seen but not read as text (BORRADOR across a draft's pages).
    pub fn outline(&self, text: &str, size: f32) -> Vec<Vec<(f32, f32, bool)>> {
        let scale = size / self.units_per_em;
        let mut rings = Vec::new();
        let mut pen = 0.0;
        for c in text.chars() {
            let Some(gid) = self.font.lookup_glyph_index(c as u32) else {
                continue;
            };
            let glyph = self.font.get_or_decode_glyph(gid);
            if let Some(glyph) = &glyph
                && let (Some(points), Some(on), Some(ends)) = (
                    &glyph.raw_points,
                    &glyph.raw_on_curve,
                    &glyph.raw_contour_ends,
                )
            {
                let mut start = 0;
                for &end in ends {
                    let end = usize::from(end);
                    if end >= points.len() || end < start {
                        break;
                    }
                    let contour: Vec<(f32, f32, bool)> = (start..=end)
                        .map(|i| {
                            let (x, y) = points[i];
                            (pen + f32::from(x) * scale, f32::from(y) * scale, on[i])
                        })
                        .collect();
                    rings.push(quadratic_to_cubic(&contour));
                    start = end + 1;
                }
            }
            pen += f32::from(self.advance(c).unwrap_or(0)) * scale;
        }
        rings
    }

    /// Whether the face can draw `c`.
    pub fn has(&self, c: char) -> bool {
        self.advance(c).is_some()
    }

    /// The width of `text` at `size` points; a character the face lacks counts
    /// as the width of a question mark, which is what the reader will see.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.advance(c).or(self.advance('?')).unwrap_or(0)))
            .sum();
        units as f32 / self.units_per_em * size
    }
}

/// A TrueType contour (on-curve points and quadratic control points, two
/// controls in a row implying an on-curve point between them) as a ring of
/// lines and cubic curves.
fn quadratic_to_cubic(contour: &[(f32, f32, bool)]) -> Vec<(f32, f32, bool)> {
    let n = contour.len();
    if n == 0 {
        return Vec::new();
    }
    let mid = |a: (f32, f32, bool), b: (f32, f32, bool)| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    // Start on a point on the curve: a real one, or the one implied between
    // the first two controls.
    let first_on = contour.iter().position(|p| p.2);
    let (start, mut previous) = match first_on {
        Some(i) => (i, (contour[i].0, contour[i].1)),
        None => (0, mid(contour[0], contour[1 % n])),
    };
    let mut ring = vec![(previous.0, previous.1, false)];
    let mut control: Option<(f32, f32)> = None;
    // Around the contour back to the start; a contour with no point on the
    // curve is closed by the curve after the loop.
    for k in 1..=n {
        let p = contour[(start + k) % n];
        match (p.2, control) {
            (true, None) => {
                previous = (p.0, p.1);
                ring.push((p.0, p.1, false));
            }
            (true, Some(q)) => {
                ring.extend(cubic(previous, q, (p.0, p.1)));
                previous = (p.0, p.1);
                control = None;
            }
            (false, None) => control = Some((p.0, p.1)),
            (false, Some(q)) => {
                let implied = ((q.0 + p.0) / 2.0, (q.1 + p.1) / 2.0);
                ring.extend(cubic(previous, q, implied));
                previous = implied;
                control = Some((p.0, p.1));
            }
        }
    }
    if let Some(q) = control {
        ring.extend(cubic(previous, q, (ring[0].0, ring[0].1)));
    }
    ring
}

/// The quadratic curve from `from` through control `q` to `end`, as a cubic's
/// two control points and its end.
fn cubic(from: (f32, f32), q: (f32, f32), end: (f32, f32)) -> [(f32, f32, bool); 3] {
    let toward_q = |p: (f32, f32)| (p.0 + 2.0 / 3.0 * (q.0 - p.0), p.1 + 2.0 / 3.0 * (q.1 - p.1));
    let (c1, c2) = (toward_q(from), toward_q(end));
    [
        (c1.0, c1.1, true),
        (c2.0, c2.1, true),
        (end.0, end.1, false),
    ]
}

/// Whether the PDF's type family can draw `c` (the regular face: every face
/// has the same characters). Whitespace and control characters count as
/// printable: they are never drawn as glyphs.
pub fn can_print(c: char) -> bool {
    static REGULAR: std::sync::OnceLock<Option<Metrics>> = std::sync::OnceLock::new();
    if c.is_whitespace() || c.is_control() {
        return true;
    }
    match REGULAR.get_or_init(|| Metrics::parse(FILES[Face::Regular.index()])) {
        Some(face) => face.has(c),
        None => true,
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
    fn a_contour_of_controls_only_closes_on_its_first_implied_point() {
        // A circle-like contour of four controls: four curves, ending where
        // it began.
        let square = [
            (0.0, 0.0, false),
            (10.0, 0.0, false),
            (10.0, 10.0, false),
            (0.0, 10.0, false),
        ];
        let ring = quadratic_to_cubic(&square);
        assert_eq!(ring.len(), 1 + 4 * 3);
        assert_eq!((ring[0].0, ring[0].1), (5.0, 0.0));
        let last = ring[ring.len() - 1];
        assert_eq!((last.0, last.1, last.2), (5.0, 0.0, false));
    }

    #[test]
    fn the_mark_has_an_outline() {
        let fonts = Fonts::default_family().unwrap();
        let rings = fonts.face(Face::Bold).outline("BORRADOR", 90.0);
        // B has three contours, O two, R two, A two, D two.
        assert!(rings.len() >= 15, "{}", rings.len());
        assert!(rings.iter().all(|r| r.first().map(|p| p.2) == Some(false)));
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
