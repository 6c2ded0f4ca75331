//! norma: normative manuals from YAML, validated, versioned, published.
//!
//! One pipeline, in layers (README, "How it is built"; `tests/layers.rs` keeps
//! them): basics at the bottom; the YAML reader, the raw model and the loader;
//! the rules; the `Document`; resolve; the wording writers share; the writers;
//! the pipeline ([`pipeline::Site`]); the commands. No module uses one above it.

// Basics.
pub mod date;
pub mod diagnostic;
pub mod fonts;
pub mod i18n;
pub mod keys;
pub mod limits;
pub mod memory;
pub mod numbering;
pub mod parallel;
pub mod progress;
pub mod reference;
pub mod source;
pub mod text;
// The raw model and the loader.
pub mod load;
pub mod model;
pub mod project;
pub mod yaml;
// The rules.
pub mod check;
// What writers read, and how it is made.
pub mod document;
pub mod resolve;
pub mod wording;
// The writers.
pub mod diagram;
pub mod html;
pub mod package;
pub mod pdf;
pub mod search;
pub mod theme;
// The pipeline and the commands.
pub mod commands;
pub mod pipeline;
pub mod scaffold;
pub mod schema;
pub mod serve;

pub use pipeline::{Checked, check_project};
