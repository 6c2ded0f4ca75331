//! The raw content model: what the YAML files say, typed and located, before any
//! numbering or reference resolution. One submodule per family of files; each type
//! reads itself from located YAML nodes through `yaml::read::Reader`.

pub mod form;
pub mod guide;
pub mod manual;
pub mod procedure;
pub mod registry;
pub mod release;
pub mod unit;

pub use form::{Form, FormField, FormSection};
pub use guide::{Guide, GuideItem, GuideSection};
pub use manual::{Change, Manual, Section, SectionContent, Signature};
pub use procedure::{Actor, Branch, Decision, Policy, Procedure, Step};
pub use registry::{Office, Term};
pub use release::{FrozenFile, Release, ReleaseRecord};
pub use unit::{Function, Inciso, Unit};

use crate::source::Located;

/// The office kinds a piece of content is meant for (`audience: [regional]`).
pub type Audience = Vec<Located<String>>;
