//! The project-wide lists: the glossary (`content/glossary.yaml`) and the offices
//! that receive the manuals (`content/offices.yaml`).

use crate::source::{Loc, Located};
use crate::yaml::Node;
use crate::yaml::read::Reader;

#[derive(Debug, Clone)]
pub struct Term {
    pub at: Loc,
    pub term: Located<String>,
    /// For acronyms: what the letters stand for.
    pub expansion: Option<Located<String>>,
    pub definition: Option<Located<String>>,
}

#[derive(Debug, Clone)]
pub struct Office {
    pub at: Loc,
    pub id: Located<String>,
    pub name: Located<String>,
    /// estatal | regional | central | subdelegacion ...
    pub kind: Located<String>,
}

impl Term {
    pub fn read(r: &mut Reader, node: &Node, index: usize) -> Option<Term> {
        let what = r.lang.t(
            format!("la entrada {} del glosario", index + 1),
            format!("entry {} of the glossary", index + 1),
        );
        let mut f = r.fields(node, what)?;
        let term = r.required_text(&mut f, "term");
        if let Some(term) = &term {
            f.set_what(r.lang.t(
                format!("el término «{}» del glosario", term.value),
                format!("glossary term “{}”", term.value),
            ));
        }
        let expansion = r.optional_text(&mut f, "expansion");
        let definition = r.optional_text(&mut f, "definition");
        if expansion.is_none() && definition.is_none() {
            let what = f.what.clone();
            r.diags.error(
                "E-FIELD-MISSING",
                f.at,
                r.lang.t(
                    format!("{what} no tiene «expansion» ni «definition»"),
                    format!("{what} has neither “expansion” nor “definition”"),
                ),
                Some(r.lang.t(
                    "un acrónimo lleva «expansion» (lo que significan sus letras); un término, «definition»",
                    "an acronym has “expansion” (what its letters stand for); a term, “definition”",
                )),
            );
        }
        let at = f.at;
        r.finish(f, &["term", "expansion", "definition"]);
        Some(Term {
            at,
            term: term?,
            expansion,
            definition,
        })
    }
}

impl Office {
    pub fn read(r: &mut Reader, node: &Node, index: usize) -> Option<Office> {
        let what = r.lang.t(
            format!("la oficina {} de offices.yaml", index + 1),
            format!("office {} of offices.yaml", index + 1),
        );
        let mut f = r.fields(node, what)?;
        let id = r.required_text(&mut f, "id");
        if let Some(id) = &id {
            f.set_what(r.lang.t(
                format!("la oficina «{}»", id.value),
                format!("office “{}”", id.value),
            ));
        }
        let name = r.required_text(&mut f, "name");
        let kind = r.required_text(&mut f, "kind");
        let at = f.at;
        r.finish(f, &["id", "name", "kind"]);
        Some(Office {
            at,
            id: id?,
            name: name?,
            kind: kind?,
        })
    }
}
