//! The structure tree of a tagged PDF as its pages are drawn: the elements
//! the bands open and close (`flow::Role`), the marked content drawn inside
//! them, the link annotations (known only once their page is finished), and
//! at the end the tree krilla writes. It keeps two promises krilla checks by
//! panicking: every piece of marked content is placed once, and every
//! annotation has its place. It knows nothing of pages or glyphs.

use std::num::NonZeroU16;

use crate::limits::cut_for_pdf;
use krilla::tagging::{
    Identifier, ListNumbering, Node, Placement, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};

use super::flow::{Numbering, Role};

/// The structure tree as the pages are drawn: the elements open, innermost
/// last, each with what it holds so far.
pub(super) struct Tree {
    pub(super) stack: Vec<Frame>,
    /// The link annotations, by slot: known once their page is finished.
    pub(super) annotations: Vec<Option<Identifier>>,
    /// How many elements are open inside a `Role::Artifact` (itself
    /// included): what is drawn in them is not content.
    pub(super) artifact: usize,
}

pub(super) struct Frame {
    /// `None`: the document itself.
    pub(super) role: Option<Role>,
    pub(super) children: Vec<Item>,
    /// Links of the areas of a figure (its boxes): they follow the figure.
    after: Vec<Item>,
    /// A table holds one of its rules as content, so that checkers find its
    /// page (krilla gives an element the page of its own content).
    pub(super) ruled: bool,
}

pub(super) enum Item {
    Group(Role, Vec<Item>),
    Content(Identifier),
    Annotation(usize),
}

impl Tree {
    pub(super) fn new() -> Tree {
        Tree {
            stack: vec![Frame {
                role: None,
                children: Vec::new(),
                after: Vec::new(),
                ruled: false,
            }],
            annotations: Vec::new(),
            artifact: 0,
        }
    }

    pub(super) fn open(&mut self, role: &Role) {
        if self.artifact > 0 || *role == Role::Artifact {
            self.artifact += 1;
            return;
        }
        self.stack.push(Frame {
            role: Some(role.clone()),
            children: Vec::new(),
            after: Vec::new(),
            ruled: false,
        });
    }

    pub(super) fn close(&mut self) {
        if self.stack.len() <= 1 {
            if self.artifact > 0 {
                self.artifact -= 1;
            }
            return;
        }
        // An artifact opened inside the innermost element closes first.
        if self.artifact > 0 {
            self.artifact -= 1;
            return;
        }
        let frame = self.stack.pop().expect("an open element");
        let parent = self.stack.last_mut().expect("the document");
        if let Some(role) = frame.role {
            parent.children.push(Item::Group(role, frame.children));
        }
        parent.children.extend(frame.after);
    }

    /// The innermost open table, if none of its rules is content yet.
    pub(super) fn unruled_table(&mut self) -> Option<&mut Frame> {
        self.stack
            .iter_mut()
            .rev()
            .find(|f| matches!(f.role, Some(Role::Table | Role::TableContinued)))
            .filter(|f| !f.ruled)
    }

    pub(super) fn in_figure(&self) -> bool {
        self.stack
            .iter()
            .any(|f| matches!(f.role, Some(Role::Figure(_))))
    }

    /// Marked content of the page, where it belongs: text directly in a
    /// grouping element (a list, a table, the document) gets a paragraph of
    /// its own.
    pub(super) fn content(&mut self, id: Identifier) {
        let grouping = self.grouping();
        let top = self.stack.last_mut().expect("the document");
        if grouping {
            top.children
                .push(Item::Group(Role::Paragraph, vec![Item::Content(id)]));
        } else {
            top.children.push(Item::Content(id));
        }
    }

    /// Whether the innermost element only groups others (a list, a table,
    /// the document): text put in it needs a paragraph.
    pub(super) fn grouping(&self) -> bool {
        let top = self.stack.last().expect("the document");
        matches!(
            top.role,
            None | Some(
                Role::Division
                    | Role::List(_)
                    | Role::ListItem
                    | Role::Table
                    | Role::TableContinued
                    | Role::TableHead
                    | Role::TableBody
                    | Role::Row
                    | Role::Contents
                    | Role::ContentsItem
            )
        )
    }

    /// A slot for a link annotation: in the open link, or in a link of its
    /// own (after the figure when inside one).
    pub(super) fn annotation(&mut self, alt: &str) -> usize {
        let slot = self.annotations.len();
        self.annotations.push(None);
        let in_figure = self.in_figure();
        let top = self.stack.last_mut().expect("the document");
        if matches!(top.role, Some(Role::Link(_))) {
            top.children.push(Item::Annotation(slot));
        } else {
            let link = Item::Group(Role::Link(alt.to_owned()), vec![Item::Annotation(slot)]);
            if in_figure {
                let figure = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f.role, Some(Role::Figure(_))))
                    .expect("a figure");
                figure.after.push(link);
            } else {
                top.children.push(link);
            }
        }
        slot
    }

    /// The finished tree for krilla: every element still open closed, empty
    /// ones left out (but table cells, which keep the table's grid).
    pub(super) fn finish(mut self, lang: &str) -> TagTree {
        while self.stack.len() > 1 {
            self.artifact = 0;
            self.close();
        }
        let root = self.stack.pop().expect("the document");
        let mut tree = TagTree::new().with_lang(Some(lang.to_owned()));
        for item in root.children {
            if let Some(node) = convert(item, &self.annotations) {
                tree.push(node);
            }
        }
        tree
    }
}

fn convert(item: Item, annotations: &[Option<Identifier>]) -> Option<Node> {
    match item {
        Item::Content(id) => Some(id.into()),
        Item::Annotation(slot) => annotations.get(slot).copied().flatten().map(Node::from),
        Item::Group(role, children) => {
            // Text beside elements (a paragraph's words around a link) goes
            // in spans of its own, so that the reading order is the order of
            // the elements alone, as readers and checkers walk it.
            // A table's own content is the rule that gives it its page
            // (not read): it stays as it is.
            let table = matches!(role, Role::Table | Role::TableContinued);
            // A link with no words of its own (a box of a chart) is
            // described by its /Alt as well as by its annotation.
            let wordless = !children.iter().any(|c| matches!(c, Item::Content(_)));
            let mixed = !table
                && children.iter().any(|c| matches!(c, Item::Group(..)))
                && children.iter().any(|c| matches!(c, Item::Content(_)));
            let children: Vec<Node> = children
                .into_iter()
                .filter_map(|c| match c {
                    Item::Content(id) if mixed => {
                        Some(TagGroup::with_children(Tag::Span, vec![id.into()]).into())
                    }
                    c => convert(c, annotations),
                })
                .collect();
            let keep_empty = matches!(role, Role::HeaderCell | Role::RowHeaderCell | Role::Cell);
            if children.is_empty() && !keep_empty {
                return None;
            }
            let kind = match role {
                Role::Link(alt) if wordless && !alt.is_empty() => Tag::Link
                    .with_alt_text(Some(cut_for_pdf(&alt).into_owned()))
                    .into(),
                role => tag(role),
            };
            Some(TagGroup::with_children(kind, children).into())
        }
    }
}

fn tag(role: Role) -> TagKind {
    match role {
        Role::Heading(level, title) if !title.is_empty() => Tag::Hn(
            NonZeroU16::new(u16::from(level.clamp(1, 6))).expect("1 to 6"),
            Some(cut_for_pdf(&title).into_owned()),
        )
        .into(),
        Role::Heading(..) | Role::Paragraph => Tag::P.into(),
        Role::List(n) => Tag::L(match n {
            Numbering::Decimal => ListNumbering::Decimal,
            Numbering::LowerAlpha => ListNumbering::LowerAlpha,
            Numbering::Bullet => ListNumbering::Disc,
        })
        .into(),
        Role::ListItem => Tag::LI.into(),
        Role::Label => Tag::Lbl.into(),
        Role::ListBody => Tag::LBody.into(),
        Role::Table | Role::TableContinued => Tag::Table.into(),
        Role::TableHead => Tag::THead.into(),
        Role::TableBody => Tag::TBody.into(),
        Role::Row => Tag::TR.into(),
        Role::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        Role::RowHeaderCell => Tag::TH(TableHeaderScope::Row).into(),
        Role::GroupCell(columns) => Tag::TH(TableHeaderScope::Row)
            .with_col_span(std::num::NonZeroU32::new(columns))
            .into(),
        Role::Cell => Tag::TD.into(),
        Role::Contents => Tag::TOC.into(),
        Role::ContentsItem => Tag::TOCI.into(),
        Role::Reference => Tag::Reference.into(),
        // A link's description is its annotation's (/Contents, which PDF/UA
        // asks for), said once.
        Role::Link(_) => Tag::Link.into(),
        Role::Figure(alt) => Tag::Figure(Some(cut_for_pdf(&alt).into_owned()))
            .with_placement(Some(Placement::Block))
            .into(),
        Role::Division | Role::Artifact => Tag::Div.into(),
    }
}
