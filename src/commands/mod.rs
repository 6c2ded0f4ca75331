//! The commands that are more than one pass of the pipeline: `norma package`
//! (a resolve per office kind, a signed zip per office), `norma verify`,
//! `norma release` (freezing a version) and `norma diff`. Each returns what it
//! did and its errors as values; the binary (`src/cli/`) prints them.

pub mod diff;
pub mod package;
pub mod release;
pub mod verify;
