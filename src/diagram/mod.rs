//! Diagrams as geometry in points (boxes, lines, text positions), computed once
//! from the `Document` and drawn by each writer: SVG in HTML, vectors in the PDF.

pub mod flowchart;
pub mod orgchart;
