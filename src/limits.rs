//! Numbers the rules and the writers must agree on: what a writer draws at
//! most, so that a rule can warn before it is cut.

/// The most character boxes a form field draws, on the site
/// (themes/default/templates/components.html) and in the PDF: a longer
/// `length` gets W-FORM-FIELD-LENGTH.
pub const MOST_BOXES: u32 = 60;
