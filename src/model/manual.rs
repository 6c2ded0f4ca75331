//! A manual: `content/<manual-id>/manual.yaml`, its metadata and sections, plus the
//! entries (units, procedures, forms, guides) found in its folder.

use std::path::PathBuf;

use crate::date::Date;
use crate::source::{FileId, Loc, Located};
use crate::yaml::Node;
use crate::yaml::read::Reader;

use super::{Audience, Form, Guide, Procedure, Unit};

pub const MANUAL_KINDS: &[&str] = &["organization", "procedures", "forms", "supervision"];
pub const STATUSES: &[&str] = &["draft", "published"];
pub const GENERATED: &[&str] = &[
    "orgchart",
    "units",
    "procedures",
    "forms",
    "guides",
    "glossary",
    "changes",
];

pub const MANUAL_FIELDS: &[&str] = &[
    "id",
    "kind",
    "title",
    "code",
    "version",
    "status",
    "authorized",
    "effective",
    "supersedes",
    "header",
    "audience",
    "signatures",
    "sections",
    "changes",
];

#[derive(Debug, Clone)]
pub struct Manual {
    pub file: FileId,
    /// The manual's folder, absolute.
    pub dir: PathBuf,
    /// The folder name under content/.
    pub folder: String,
    pub id: Located<String>,
    pub kind: Option<Located<String>>,
    pub title: Option<Located<String>>,
    pub code: Option<Located<String>>,
    pub version: Option<Located<String>>,
    pub status: Option<Located<String>>,
    pub authorized: Option<Located<Date>>,
    pub effective: Option<Located<Date>>,
    pub supersedes: Option<Located<String>>,
    pub header: Option<Located<String>>,
    pub audience: Audience,
    pub signatures: Vec<Signature>,
    pub sections: Vec<Section>,
    pub changes: Vec<Change>,
    pub units: Vec<std::sync::Arc<Unit>>,
    pub procedures: Vec<Procedure>,
    pub forms: Vec<Form>,
    pub guides: Vec<Guide>,
}

#[derive(Debug, Clone)]
pub struct Signature {
    pub at: Loc,
    pub role: Located<String>,
    pub name: Located<String>,
    pub position: Option<Located<String>>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub at: Loc,
    /// 1-based position: the section number.
    pub number: usize,
    pub title: Located<String>,
    pub content: SectionContent,
}

#[derive(Debug, Clone)]
pub enum SectionContent {
    /// Markdown written in manual.yaml.
    Body(Located<String>),
    /// A Markdown file beside manual.yaml; `source` is set once it has been read.
    File {
        path: Located<String>,
        source: Option<FileId>,
    },
    /// A section norma writes: `units`, `orgchart`, `glossary` ...
    Generate(Located<String>),
    /// A section with a title only (its problem already reported).
    Empty,
}

#[derive(Debug, Clone)]
pub struct Change {
    pub at: Loc,
    pub version: Located<String>,
    pub date: Option<Located<Date>>,
    pub summary: Located<String>,
}

impl Manual {
    /// Reads manual.yaml. `folder` is the folder name, the default id.
    pub fn read(
        r: &mut Reader,
        node: &Node,
        file: FileId,
        dir: PathBuf,
        folder: &str,
    ) -> Option<Manual> {
        let mut f = r.fields(
            node,
            r.lang
                .t(format!("el manual {folder}"), format!("manual {folder}")),
        )?;
        let id = r
            .optional_text(&mut f, "id")
            .unwrap_or_else(|| Located::new(folder.to_owned(), Loc::file_start(file)));
        f.set_what(r.lang.t(
            format!("el manual {}", id.value),
            format!("manual {}", id.value),
        ));
        let kind = r.choice(&mut f, "kind", MANUAL_KINDS, true);
        let title = r.required_text(&mut f, "title");
        let code = r.required_text(&mut f, "code");
        let version = r.required_text(&mut f, "version");
        let status = r.choice(&mut f, "status", STATUSES, false);
        let authorized = r.date(&mut f, "authorized", true);
        let effective = r.date(&mut f, "effective", true);
        let supersedes = r.optional_text(&mut f, "supersedes");
        let header = r.optional_text(&mut f, "header");
        let audience = r.text_list(&mut f, "audience");
        let manual_what = f.what.clone();
        let signatures = r.list(&mut f, "signatures", |r, n, i| {
            Signature::read(r, n, &manual_what, i)
        });
        let sections = r.list(&mut f, "sections", |r, n, i| {
            Section::read(r, n, &manual_what, i + 1)
        });
        let changes = r.list(&mut f, "changes", |r, n, i| {
            Change::read(r, n, &manual_what, i)
        });
        r.finish(f, MANUAL_FIELDS);
        Some(Manual {
            file,
            dir,
            folder: folder.to_owned(),
            id,
            kind,
            title,
            code,
            version,
            status,
            authorized,
            effective,
            supersedes,
            header,
            audience,
            signatures,
            sections,
            changes,
            units: Vec::new(),
            procedures: Vec::new(),
            forms: Vec::new(),
            guides: Vec::new(),
        })
    }

    /// The section that lists the entries of `what` (`units`, `procedures` ...).
    pub fn generated_section(&self, what: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| matches!(&s.content, SectionContent::Generate(g) if g.value == what))
    }
}

impl Signature {
    fn read(r: &mut Reader, node: &Node, manual: &str, index: usize) -> Option<Signature> {
        let what = r.lang.t(
            format!("la firma {} de {manual}", index + 1),
            format!("signature {} of {manual}", index + 1),
        );
        let mut f = r.fields(node, what)?;
        let role = r.required_text(&mut f, "role");
        let name = r.required_text(&mut f, "name");
        let position = r.optional_text(&mut f, "position");
        let at = f.at;
        r.finish(f, &["role", "name", "position"]);
        Some(Signature {
            at,
            role: role?,
            name: name?,
            position,
        })
    }
}

impl Section {
    fn read(r: &mut Reader, node: &Node, manual: &str, number: usize) -> Option<Section> {
        let what = r.lang.t(
            format!("la sección {number} de {manual}"),
            format!("section {number} of {manual}"),
        );
        let mut f = r.fields(node, what)?;
        let title = r.required_text(&mut f, "title");
        let body = r.optional_text(&mut f, "body");
        let file = r.optional_text(&mut f, "file");
        let generate = r.choice(&mut f, "generate", GENERATED, false);
        let written = [f.has("body"), f.has("file"), f.has("generate")]
            .iter()
            .filter(|&&b| b)
            .count();
        if written != 1 {
            let what = f.what.clone();
            r.diags.error(
                "E-SECTION-CONTENT",
                f.at,
                if written == 0 {
                    r.lang.t(
                        format!("{what} no tiene contenido"),
                        format!("{what} has no content"),
                    )
                } else {
                    r.lang.t(
                        format!("{what} tiene más de un contenido"),
                        format!("{what} has more than one content"),
                    )
                },
                Some(r.lang.t(
                    "cada sección lleva exactamente uno de: «body» (texto), «file» (un archivo .md) o «generate» (units, orgchart, glossary ...)",
                    "each section has exactly one of: “body” (text), “file” (a .md file) or “generate” (units, orgchart, glossary ...)",
                )),
            );
        }
        let content = if let Some(body) = body {
            SectionContent::Body(body)
        } else if let Some(path) = file {
            SectionContent::File { path, source: None }
        } else if let Some(generate) = generate {
            SectionContent::Generate(generate)
        } else {
            SectionContent::Empty
        };
        let at = f.at;
        r.finish(f, &["title", "body", "file", "generate"]);
        Some(Section {
            at,
            number,
            title: title?,
            content,
        })
    }
}

impl Change {
    fn read(r: &mut Reader, node: &Node, manual: &str, index: usize) -> Option<Change> {
        let what = r.lang.t(
            format!("el cambio {} del control de cambios de {manual}", index + 1),
            format!("change {} in the change log of {manual}", index + 1),
        );
        let mut f = r.fields(node, what)?;
        let version = r.required_text(&mut f, "version");
        let date = r.date(&mut f, "date", true);
        let summary = r.required_text(&mut f, "summary");
        let at = f.at;
        r.finish(f, &["version", "date", "summary"]);
        Some(Change {
            at,
            version: version?,
            date,
            summary: summary?,
        })
    }
}
