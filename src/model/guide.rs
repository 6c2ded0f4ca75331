//! Supervision guides (`guides/*.yaml`): checklists a supervisor fills in at an office.

use crate::source::{FileId, Loc, Located};
use crate::yaml::Node;
use crate::yaml::read::Reader;

use super::Audience;

pub const GUIDE_FIELDS: &[&str] = &["code", "name", "owner", "audience", "scale", "sections"];
pub const ITEM_FIELDS: &[&str] = &["check", "evidence", "basis", "audience"];

#[derive(Debug, Clone)]
pub struct Guide {
    pub file: FileId,
    pub at: Loc,
    pub code: Located<String>,
    pub name: Located<String>,
    pub owner: Option<Located<String>>,
    pub audience: Audience,
    pub scale: Vec<Located<String>>,
    /// Where `scale:` is written, if it is (an empty scale is reported there).
    pub scale_at: Option<Loc>,
    pub sections: Vec<GuideSection>,
}

#[derive(Debug, Clone)]
pub struct GuideSection {
    pub at: Loc,
    pub title: Located<String>,
    pub items: Vec<GuideItem>,
}

#[derive(Debug, Clone)]
pub struct GuideItem {
    pub at: Loc,
    pub check: Located<String>,
    pub evidence: Option<Located<String>>,
    /// Markdown with references to the functions and steps the item enforces.
    pub basis: Vec<Located<String>>,
    pub audience: Audience,
}

impl Guide {
    pub fn read(r: &mut Reader, node: &Node, file: FileId) -> Option<Guide> {
        let mut f = r.fields(
            node,
            r.lang.t("la guía de supervisión", "the supervision guide"),
        )?;
        let code = r.required_text(&mut f, "code");
        if let Some(code) = &code {
            f.set_what(r.lang.t(
                format!("la guía de supervisión {}", code.value),
                format!("supervision guide {}", code.value),
            ));
        }
        let what = f.what.clone();
        let name = r.required_text(&mut f, "name");
        let owner = r.optional_text(&mut f, "owner");
        let audience = r.label_list(&mut f, "audience");
        let scale_at = f.key_at("scale");
        let scale = r.label_list(&mut f, "scale");
        let sections = r.list(&mut f, "sections", |r, n, i| {
            GuideSection::read(r, n, &what, i)
        });
        let at = f.at;
        r.finish(f, GUIDE_FIELDS);
        Some(Guide {
            file,
            at,
            code: code?,
            name: name?,
            owner,
            audience,
            scale,
            scale_at,
            sections,
        })
    }
}

impl GuideSection {
    fn read(r: &mut Reader, node: &Node, guide: &str, index: usize) -> Option<GuideSection> {
        let what = r.lang.t(
            format!("la sección {} de {guide}", index + 1),
            format!("section {} of {guide}", index + 1),
        );
        let mut f = r.fields(node, what.clone())?;
        let title = r.required_text(&mut f, "title");
        let items = r.list(&mut f, "items", |r, n, i| {
            let item_what = r.lang.t(
                format!("el reactivo {} de {what}", i + 1),
                format!("item {} of {what}", i + 1),
            );
            let mut it = r.fields(n, item_what)?;
            let check = r.required_text(&mut it, "check");
            let evidence = r.optional_text(&mut it, "evidence");
            let basis = r.text_list(&mut it, "basis");
            let audience = r.label_list(&mut it, "audience");
            let at = it.at;
            r.finish(it, ITEM_FIELDS);
            Some(GuideItem {
                at,
                check: check?,
                evidence,
                basis,
                audience,
            })
        });
        let at = f.at;
        r.finish(f, &["title", "items"]);
        Some(GuideSection {
            at,
            title: title?,
            items,
        })
    }
}
