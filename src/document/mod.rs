//! The `Document`: the one thing every writer (HTML, search index, PDF, bundles)
//! reads. It is built by `resolve` from a project that passed `check`,
//! and holds every decided fact: numbers, inciso labels, anchors, page paths,
//! references already turned into targets with their names, acronyms marked with
//! their expansions, audiences. It holds no YAML and no source locations: a writer
//! that needs a fact that is not here gets it added here, never computes it.

pub mod changes;
pub mod crossing;

/// The paper, margins and standards of every PDF (norma.yaml's `pdf`).
#[derive(Debug, Clone, PartialEq)]
pub struct PdfPage {
    pub paper: String,
    /// Top, right, bottom, left, in millimetres.
    pub margins_mm: [f32; 4],
    /// The standards every PDF claims: "ua-1", "a-2a", both or none.
    pub standards: Vec<String>,
}

use serde::Serialize;

use crate::date::Date;
use crate::i18n::Lang;

/// The whole publication: every manual of the project and the shared glossary.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub lang: Lang,
    pub institution: String,
    pub site_title: String,
    /// The day against which "in force" is decided (SOURCE_DATE_EPOCH or today).
    pub today: Date,
    /// Paper and margins of the PDFs (norma.yaml's `pdf`).
    pub pdf: PdfPage,
    pub manuals: Vec<ManualDoc>,
    pub glossary: Vec<TermDoc>,
    /// The glossary page, shared by every manual: `glosario.html`.
    pub glossary_url: SiteUrl,
    /// The office kind a bundle's copy is for (`resolve::Scope`): content
    /// meant for other kinds is absent. `None`: the public site, everything.
    pub office_kind: Option<String>,
    /// The office whose bundle this copy is (`None`: the public site).
    pub recipient: Option<Recipient>,
    /// The public key that signs the offices' bundles, published at the site's
    /// root as `norma-signing.pub` (`None` when the project has none).
    pub signing_key: Option<PublicKeyDoc>,
}

/// The office a bundle is made for, as offices.yaml names it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Recipient {
    pub id: String,
    pub name: String,
    pub kind: String,
}

/// The signing key as the site publishes it.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicKeyDoc {
    /// The file's text (`keys::public_text`).
    pub text: String,
    /// `keys::fingerprint`, to compare by eye.
    pub fingerprint: String,
}

impl PublicKeyDoc {
    pub fn of(key: &ed25519_dalek::VerifyingKey) -> PublicKeyDoc {
        PublicKeyDoc {
            text: crate::keys::public_text(key),
            fingerprint: crate::keys::fingerprint(key),
        }
    }
}

/// A path inside the published site, from its root, with an optional anchor:
/// `mo-dir/3.1/7.3.1.1.html#f10c`. Writers turn it into a relative link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SiteUrl {
    pub path: String,
    pub anchor: Option<String>,
}

impl SiteUrl {
    pub fn page(path: impl Into<String>) -> SiteUrl {
        SiteUrl {
            path: path.into(),
            anchor: None,
        }
    }

    pub fn with_anchor(&self, anchor: impl Into<String>) -> SiteUrl {
        SiteUrl {
            path: self.path.clone(),
            anchor: Some(anchor.into()),
        }
    }
}

/// Inline rich text: what Markdown inside a function, a name or a paragraph becomes.
pub type Rich = Vec<Inline>;

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(Rich),
    Emphasis(Rich),
    Strike(Rich),
    Code(String),
    /// A link whose text is already filled (an empty `[](unit:7.3.1)` gets the
    /// target's name here).
    ///
    /// The target is boxed and the expansion shared: every piece of every
    /// text is an `Inline`, so its size is most of the document's (810,000
    /// of them on 10,000 units; 72 bytes each before, 40 now).
    Link {
        target: Box<Target>,
        children: Rich,
    },
    /// A glossary acronym as written, with what it stands for (one
    /// expansion shared by all its uses).
    Acronym {
        text: String,
        expansion: std::sync::Arc<str>,
    },
    /// A hard line break.
    Break,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A page (and anchor) of the site: a unit, a function, a term, a manual.
    Site(SiteUrl),
    /// A web or mail address (http, https, mailto), kept as written.
    External(String),
    /// An anchor on the same page (`#marco`).
    SamePage(String),
}

/// Block-level Markdown.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Rich),
    /// Headings inside a section's Markdown, already shifted below the section's
    /// own heading level (a `#` in a section body is a level-3 heading).
    Heading {
        level: u8,
        text: Rich,
    },
    List {
        /// The first number of an ordered list; `None` for bullets.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code(String),
    Table {
        head: Vec<Rich>,
        rows: Vec<Vec<Rich>>,
    },
    Rule,
}

/// Where a manual stands on `Document::today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VersionStatus {
    /// In force: published and effective on or before today.
    InForce,
    /// Published and effective, but replaced by a version that took effect later.
    Superseded,
    /// Published with an effective date after today.
    Upcoming,
    /// `status: draft`.
    Draft,
}

impl VersionStatus {
    /// The status word of versions.json and the pages (spec: vigente, histórica,
    /// próxima, borrador).
    pub fn key(self) -> &'static str {
        match self {
            VersionStatus::InForce => "vigente",
            VersionStatus::Superseded => "histórica",
            VersionStatus::Upcoming => "próxima",
            VersionStatus::Draft => "borrador",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManualDoc {
    pub id: String,
    /// organization | procedures | forms | supervision
    pub kind: String,
    pub title: String,
    /// The clave de registro.
    pub code: String,
    pub version: String,
    pub status: VersionStatus,
    pub authorized: Option<Date>,
    pub effective: Option<Date>,
    pub supersedes: Option<String>,
    /// The running header of printed pages (the title in capitals by default).
    pub header: String,
    pub audience: Vec<String>,
    pub signatures: Vec<SignatureDoc>,
    pub sections: Vec<SectionDoc>,
    /// Units in reading order (by their hierarchical number).
    pub units: Vec<std::sync::Arc<UnitDoc>>,
    /// The organization chart: the units as the chart draws them.
    pub org: Vec<OrgNode>,
    pub procedures: Vec<ProcedureDoc>,
    pub forms: Vec<FormDoc>,
    pub guides: Vec<GuideDoc>,
    pub changes: Vec<ChangeDoc>,
    /// The manual's front page: `mo-dir/3.1/index.html`.
    pub url: SiteUrl,
    /// The folder of this version inside the site: `mo-dir/3.1`.
    pub folder: String,
    /// The organization chart page.
    pub orgchart_url: SiteUrl,
    /// The manual's PDF (`mo-dir/3.1/mo-dir-3.1.pdf`); `None` when the build
    /// writes no PDFs (`--no-pdf`).
    pub pdf: Option<SiteUrl>,
    /// What changed since the previous version: `mo-dir/3.1/cambios.html`.
    pub changes_url: SiteUrl,
    /// The manual's own folder page, which opens the primary version:
    /// `mo-dir/index.html`.
    pub pointer_url: SiteUrl,
    /// Whether `public/<manual>/` opens this version (the one in force, else the
    /// latest draft, else the next to come into force).
    pub primary: bool,
    /// Every version of this manual the site publishes, newest first, this one
    /// included.
    pub versions: Vec<VersionRef>,
    /// What changed since the version before this one; `None` for the first.
    pub diff: Option<changes::ManualDiff>,
    /// The units as a tree by number, made the first time it is asked for
    /// ([`ManualDoc::number_tree`]).
    pub number_tree: std::sync::OnceLock<NumberTree>,
}

/// Another version of a manual, as the version switcher, the banner of a
/// superseded version and versions.json name it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRef {
    pub id: String,
    pub version: String,
    pub status: VersionStatus,
    pub authorized: Option<Date>,
    pub effective: Option<Date>,
    pub supersedes: Option<String>,
    /// Its folder (`mo-dir/3.0`) and front page.
    pub folder: String,
    pub url: SiteUrl,
    pub pdf: Option<SiteUrl>,
    /// Its changes page (`mo-dir/3.0/cambios.html`).
    pub changes_url: SiteUrl,
    /// The pages it has, relative to its folder (`7.3.1.1.html`), so a page of
    /// another version can link to the same page here when it exists.
    pub pages: std::collections::BTreeSet<String>,
    /// From the edition that holds this list to this version: where its pages
    /// and anchors went (empty for the edition itself).
    pub crossing: crossing::Crossing,
}

impl VersionRef {
    pub fn of(m: &ManualDoc) -> VersionRef {
        let prefix = format!("{}/", m.folder);
        let relative = |url: &SiteUrl| {
            url.path
                .strip_prefix(&prefix)
                .unwrap_or(&url.path)
                .to_owned()
        };
        let mut pages: std::collections::BTreeSet<String> =
            m.units.iter().map(|u| relative(&u.url)).collect();
        pages.extend(m.procedures.iter().map(|p| relative(&p.url)));
        pages.extend(m.forms.iter().map(|f| relative(&f.url)));
        pages.extend(m.guides.iter().map(|g| relative(&g.url)));
        pages.insert("index.html".into());
        pages.insert(relative(&m.changes_url));
        if !m.units.is_empty() {
            pages.insert(relative(&m.orgchart_url));
        }
        VersionRef {
            id: m.id.clone(),
            version: m.version.clone(),
            status: m.status,
            authorized: m.authorized,
            effective: m.effective,
            supersedes: m.supersedes.clone(),
            folder: m.folder.clone(),
            url: m.url.clone(),
            pdf: m.pdf.clone(),
            changes_url: m.changes_url.clone(),
            pages,
            crossing: Default::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SignatureDoc {
    pub role: String,
    pub name: String,
    pub position: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionDoc {
    pub number: usize,
    pub title: String,
    /// `s7`.
    pub anchor: String,
    pub body: SectionBody,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SectionBody {
    Markdown(Vec<Block>),
    /// `generate:` sections, drawn by each writer from the manual's own lists.
    OrgChart,
    Units,
    Procedures,
    Forms,
    Guides,
    Glossary,
    Changes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitDoc {
    /// `7.3.1.1`, the number cited in legal acts.
    pub code: String,
    pub name: String,
    pub objective: Option<Rich>,
    /// How deep in the numbering: `7.1` is 1, `7.3.1.1` is 3.
    pub depth: usize,
    pub functions: Vec<FunctionDoc>,
    pub url: SiteUrl,
    /// The unit it reports to in the chart (`reports_to`, else its section parent).
    pub reports_to: Option<String>,
    /// That unit's place in the manual's `units`.
    pub parent: Option<usize>,
    /// The places in `units` of the units that report to this one, in order.
    pub children: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDoc {
    /// 1-based, the official number.
    pub number: usize,
    pub id: Option<String>,
    /// `f10`.
    pub anchor: String,
    pub text: Rich,
    pub items: Vec<IncisoDoc>,
    pub audience: Vec<String>,
    /// How a legal act cites it: "función 10 de la unidad 7.3.1.1".
    pub citation: String,
    /// Guide items that supervise this function or one of its incisos.
    pub supervised_by: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IncisoDoc {
    /// The official label as written (`c`), shown as `c)`.
    pub label: String,
    /// `f10c`.
    pub anchor: String,
    pub text: Rich,
    pub audience: Vec<String>,
    pub citation: String,
}

/// One box of the organization chart and the boxes under it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgNode {
    /// Index into `ManualDoc::units`.
    pub unit: usize,
    pub children: Vec<OrgNode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChangeDoc {
    pub version: String,
    pub date: Option<Date>,
    pub summary: Rich,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProcedureDoc {
    pub code: String,
    pub name: String,
    pub url: SiteUrl,
    pub objective: Option<Rich>,
    pub scope: Option<Rich>,
    pub basis: Vec<Rich>,
    pub policies: Vec<PolicyDoc>,
    pub definitions: Vec<Rich>,
    pub actors: Vec<(String, String)>,
    pub steps: Vec<StepDoc>,
    /// The "Relación de documentos que intervienen": every document the steps
    /// name, once, in order of first use.
    pub documents: Vec<DocumentUse>,
    /// Anexos: Markdown items, usually links to the forms.
    pub annexes: Vec<Rich>,
    /// The unit responsible for it (`owner`): its code and name, and its page.
    pub owner: Option<(String, SiteUrl)>,
    pub audience: Vec<String>,
}

/// A document named by a procedure's steps and the steps that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentUse {
    pub text: Rich,
    /// The form's clave when the document is a form of the project.
    pub code: Option<String>,
    pub steps: Vec<usize>,
}

/// Something that refers to an entry, listed on the entry's page and in its
/// printed form: "9210-003-202 Procedimiento para … (actividades 1 y 5)".
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub text: String,
    pub url: SiteUrl,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDoc {
    pub number: usize,
    pub text: Rich,
    pub audience: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepDoc {
    pub number: usize,
    /// The step's anchor: its id (`registra`, `s3`).
    pub anchor: String,
    pub actor: String,
    /// The actor's place in `ProcedureDoc::actors`: the step's swimlane.
    pub lane: usize,
    pub action: Rich,
    pub documents: Vec<Rich>,
    /// For each of `documents`, the form's clave when it is a form.
    pub document_codes: Vec<Option<String>>,
    /// Guide items that supervise this step.
    pub supervised_by: Vec<Mention>,
    /// "¿…?" and the branches: (label, step number it goes to).
    pub decision: Option<(Rich, Vec<(String, usize)>)>,
    pub goto: Option<usize>,
    pub end: bool,
    pub audience: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormDoc {
    pub code: String,
    pub name: String,
    pub url: SiteUrl,
    pub purpose: Option<Rich>,
    pub owner: Option<(String, SiteUrl)>,
    pub sections: Vec<FormSectionDoc>,
    pub copies: Vec<(String, String)>,
    /// The procedures whose steps use this form.
    pub used_by: Vec<Mention>,
    pub audience: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormSectionDoc {
    pub title: String,
    pub fields: Vec<FormFieldDoc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormFieldDoc {
    pub number: usize,
    pub anchor: String,
    pub label: String,
    pub kind: String,
    pub length: Option<u32>,
    pub required: bool,
    pub options: Vec<String>,
    pub instructions: Option<Rich>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GuideDoc {
    pub code: String,
    pub name: String,
    pub url: SiteUrl,
    pub owner: Option<(String, SiteUrl)>,
    pub scale: Vec<String>,
    pub sections: Vec<GuideSectionDoc>,
    pub audience: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GuideSectionDoc {
    pub title: String,
    pub items: Vec<GuideItemDoc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GuideItemDoc {
    pub number: usize,
    pub anchor: String,
    pub text: Rich,
    pub evidence: Option<Rich>,
    pub basis: Vec<Rich>,
    pub audience: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TermDoc {
    pub term: String,
    /// `t-CONSAR`.
    pub anchor: String,
    /// Its entry in the glossary page: `glosario.html#t-CONSAR`.
    pub url: SiteUrl,
    pub expansion: Option<String>,
    pub definition: Option<Rich>,
}

/// The units of a manual as a tree by their hierarchical number (7.3.1.1
/// under 7.3.1), as places in `ManualDoc::units`: the units are in reading
/// order, so a unit's parent is the last unit before it whose number its own
/// number extends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NumberTree {
    pub roots: Vec<usize>,
    pub children: Vec<Vec<usize>>,
    pub parent: Vec<Option<usize>>,
}

impl NumberTree {
    fn of(units: &[std::sync::Arc<UnitDoc>]) -> NumberTree {
        let n = units.len();
        let mut t = NumberTree {
            roots: Vec::new(),
            children: vec![Vec::new(); n],
            parent: vec![None; n],
        };
        let mut stack: Vec<usize> = Vec::new();
        for (i, u) in units.iter().enumerate() {
            while let Some(&top) = stack.last() {
                let above = units[top].code.as_str();
                if u.code.len() > above.len()
                    && u.code.starts_with(above)
                    && u.code.as_bytes()[above.len()] == b'.'
                {
                    break;
                }
                stack.pop();
            }
            match stack.last() {
                Some(&p) => {
                    t.children[p].push(i);
                    t.parent[i] = Some(p);
                }
                None => t.roots.push(i),
            }
            stack.push(i);
        }
        t
    }
}

impl Document {
    /// Whether `self` has the frame of `earlier`, the document its pages
    /// were last rendered from (`norma serve`): every value equal but what
    /// units say (objectives, functions) and their names, and what a manual
    /// derives from those (its organization chart and its changes since the
    /// version before). Then a page shows something else only if it shows a
    /// unit that changed, or the name of a renamed one. Returns, per manual,
    /// the units whose name changed (their places in `units`); `None` when
    /// anything else differs. Destructured whole, so a field added to the
    /// document must be placed here to compile.
    pub fn frame_since(&self, earlier: &Document) -> Option<Vec<Vec<usize>>> {
        let Document {
            lang,
            institution,
            site_title,
            today,
            pdf,
            manuals,
            glossary,
            glossary_url,
            office_kind,
            recipient,
            signing_key,
        } = self;
        let o = earlier;
        let same = *lang == o.lang
            && *institution == o.institution
            && *site_title == o.site_title
            && *today == o.today
            && *pdf == o.pdf
            && *glossary == o.glossary
            && *glossary_url == o.glossary_url
            && *office_kind == o.office_kind
            && *recipient == o.recipient
            && *signing_key == o.signing_key
            && manuals.len() == o.manuals.len();
        if !same {
            return None;
        }
        manuals
            .iter()
            .zip(&o.manuals)
            .map(|(a, b)| a.renamed_since(b))
            .collect()
    }
}

impl ManualDoc {
    /// `Document::frame_since` for one manual: the units renamed since
    /// `o`, or `None` when anything but units' content and names differs
    /// (or what the chart and the changes page derive from them).
    fn renamed_since(&self, o: &ManualDoc) -> Option<Vec<usize>> {
        let ManualDoc {
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
            units,
            // Derived from the units (names, places) and, for the changes
            // page, from the version before: only the manual's own pages
            // show them, made again whenever they differ
            // (`html::pages::Since`).
            org: _,
            procedures,
            forms,
            guides,
            changes,
            url,
            folder,
            orgchart_url,
            pdf,
            changes_url,
            pointer_url,
            primary,
            versions,
            diff: _,
            number_tree: _,
        } = self;
        let same = *id == o.id
            && *kind == o.kind
            && *title == o.title
            && *code == o.code
            && *version == o.version
            && *status == o.status
            && *authorized == o.authorized
            && *effective == o.effective
            && *supersedes == o.supersedes
            && *header == o.header
            && *audience == o.audience
            && *signatures == o.signatures
            && *sections == o.sections
            && *procedures == o.procedures
            && *forms == o.forms
            && *guides == o.guides
            && *changes == o.changes
            && *url == o.url
            && *folder == o.folder
            && *orgchart_url == o.orgchart_url
            && *pdf == o.pdf
            && *changes_url == o.changes_url
            && *pointer_url == o.pointer_url
            && *primary == o.primary
            && *versions == o.versions
            && units.len() == o.units.len()
            && units.iter().zip(&o.units).all(|(a, b)| a.same_place(b));
        same.then(|| {
            units
                .iter()
                .zip(&o.units)
                .enumerate()
                .filter(|(_, (a, b))| a.name != b.name)
                .map(|(i, _)| i)
                .collect()
        })
    }
}

impl UnitDoc {
    /// The same unit in the same place: everything but what it says and
    /// its name.
    fn same_place(&self, o: &UnitDoc) -> bool {
        let UnitDoc {
            code,
            name: _,
            objective: _,
            depth,
            functions: _,
            url,
            reports_to,
            parent,
            children,
        } = self;
        *code == o.code
            && *depth == o.depth
            && *url == o.url
            && *reports_to == o.reports_to
            && *parent == o.parent
            && *children == o.children
    }
}

impl ManualDoc {
    /// The units' tree by number, made once (every page's navigation reads
    /// it: made per page, a 10,000-unit manual's pages cost the square).
    pub fn number_tree(&self) -> &NumberTree {
        self.number_tree.get_or_init(|| NumberTree::of(&self.units))
    }

    /// The version in force among this manual's versions, if one is.
    pub fn in_force(&self) -> Option<&VersionRef> {
        self.versions
            .iter()
            .find(|v| v.status == VersionStatus::InForce)
    }

    /// The unit with this code.
    pub fn unit(&self, code: &str) -> Option<&UnitDoc> {
        self.units
            .binary_search_by(|u| crate::numbering::compare_codes(&u.code, code))
            .ok()
            .map(|i| &*self.units[i])
    }
}

/// Plain text of rich text, for search, titles and `alt`-like uses.
pub fn plain_text(rich: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(rich, &mut out);
    out
}

fn push_plain(rich: &[Inline], out: &mut String) {
    for inline in rich {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Acronym { text, .. } => out.push_str(text),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strike(c) => push_plain(c, out),
            Inline::Link { children, .. } => push_plain(children, out),
            Inline::Break => out.push(' '),
        }
    }
}

/// The reader's text of blocks, with single spaces between them (for search).
pub fn plain_text_of(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        let text = plain_text(&flatten(block));
        if !out.is_empty() && !text.is_empty() {
            out.push(' ');
        }
        out.push_str(&text);
    }
    out
}

/// A block's inline text in one run (list items, quotes and table cells joined
/// with spaces).
pub fn flatten(block: &Block) -> Rich {
    let mut out = Rich::new();
    let mut push = |r: Rich| {
        if !out.is_empty() {
            out.push(Inline::Text(" ".into()));
        }
        out.extend(r);
    };
    match block {
        Block::Paragraph(r) | Block::Heading { text: r, .. } => push(r.clone()),
        Block::List { items, .. } => items.iter().flatten().for_each(|b| push(flatten(b))),
        Block::Quote(blocks) => blocks.iter().for_each(|b| push(flatten(b))),
        Block::Code(c) => push(vec![Inline::Text(c.clone())]),
        Block::Table { head, rows } => head
            .iter()
            .chain(rows.iter().flatten())
            .for_each(|c| push(c.clone())),
        Block::Rule => {}
    }
    out
}

/// The link from page `from` to `to`, both paths from the site root. Same page:
/// the anchor alone; same folder: the file name; otherwise up and down.
pub fn relative(from: &str, to: &SiteUrl) -> String {
    let anchor = to.anchor.as_deref();
    if from == to.path
        && let Some(a) = anchor
    {
        return format!("#{a}");
    }
    // Called for every link of every page (a navigation holds a hundred):
    // no list of segments is made, only the answer.
    fn folders(dir: Option<&str>) -> impl Iterator<Item = &str> {
        dir.into_iter().flat_map(|d| d.split('/'))
    }
    let from_dir = from.rsplit_once('/').map(|(d, _)| d);
    let (to_dir, file) = match to.path.rsplit_once('/') {
        Some((d, f)) => (Some(d), f),
        None => (None, to.path.as_str()),
    };
    let common = folders(from_dir)
        .zip(folders(to_dir))
        .take_while(|(a, b)| a == b)
        .count();
    let ups = folders(from_dir).count() - common;
    let mut out =
        String::with_capacity(3 * ups + to.path.len() + anchor.map_or(0, |a| a.len() + 1));
    for _ in 0..ups {
        out.push_str("../");
    }
    for d in folders(to_dir).skip(common) {
        out.push_str(d);
        out.push('/');
    }
    out.push_str(file);
    if let Some(a) = anchor {
        out.push('#');
        out.push_str(a);
    }
    out
}

#[cfg(test)]
mod relative_tests {
    use super::*;

    /// `relative` as it was first written, with lists of segments.
    fn by_segments(from: &str, to: &SiteUrl) -> String {
        let anchor = to
            .anchor
            .as_ref()
            .map(|a| format!("#{a}"))
            .unwrap_or_default();
        if from == to.path && !anchor.is_empty() {
            return anchor;
        }
        let from_dirs: Vec<&str> = from.split('/').collect();
        let from_dirs = &from_dirs[..from_dirs.len() - 1];
        let to_parts: Vec<&str> = to.path.split('/').collect();
        let (to_dirs, file) = to_parts.split_at(to_parts.len() - 1);
        let common = from_dirs
            .iter()
            .zip(to_dirs)
            .take_while(|(a, b)| a == b)
            .count();
        let mut out = "../".repeat(from_dirs.len() - common);
        for d in &to_dirs[common..] {
            out.push_str(d);
            out.push('/');
        }
        out.push_str(file[0]);
        out + &anchor
    }

    #[test]
    fn a_link_is_the_same_as_one_made_from_lists_of_segments() {
        let paths = [
            "index.html",
            "glosario.html",
            "mo/index.html",
            "mo/3.1/index.html",
            "mo/3.1/7.1.html",
            "mo/3.0/7.1.html",
            "mp/1.0/9210-003-202.html",
            "mo/3.1/sub/x.html",
            "static/search/d0.js",
        ];
        for from in paths {
            for path in paths {
                for anchor in [None, Some("f3"), Some("")] {
                    let to = SiteUrl {
                        path: path.to_owned(),
                        anchor: anchor.map(str::to_owned),
                    };
                    assert_eq!(
                        relative(from, &to),
                        by_segments(from, &to),
                        "{from} → {path} {anchor:?}"
                    );
                }
            }
        }
    }
}
