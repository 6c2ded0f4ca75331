//! Diagrams as geometry in points (boxes, lines, text positions), laid out from
//! the `Document` by the same code for each writer (each calls it with its own
//! page size): SVG in HTML, vectors in the PDF.

pub mod flowchart;
pub mod orgchart;
