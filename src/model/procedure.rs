//! Procedures (`procedures/*.yaml`): actors, steps, decisions and jumps.

use crate::source::{FileId, Loc, Located};
use crate::yaml::read::Reader;
use crate::yaml::{Node, Value};

use super::Audience;

pub const PROCEDURE_FIELDS: &[&str] = &[
    "code",
    "name",
    "owner",
    "objective",
    "scope",
    "basis",
    "policies",
    "definitions",
    "actors",
    "steps",
    "annexes",
    "audience",
];
pub const STEP_FIELDS: &[&str] = &[
    "id",
    "actor",
    "do",
    "documents",
    "decide",
    "goto",
    "end",
    "audience",
];

#[derive(Debug, Clone)]
pub struct Procedure {
    pub file: FileId,
    pub at: Loc,
    pub code: Located<String>,
    pub name: Located<String>,
    pub owner: Option<Located<String>>,
    pub objective: Option<Located<String>>,
    pub scope: Option<Located<String>>,
    pub basis: Vec<Located<String>>,
    pub policies: Vec<Policy>,
    pub definitions: Vec<Located<String>>,
    pub actors: Vec<Actor>,
    pub steps: Vec<Step>,
    pub annexes: Vec<Located<String>>,
    pub audience: Audience,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub text: Located<String>,
    pub audience: Audience,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub at: Loc,
    pub id: Located<String>,
    pub name: Located<String>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub at: Loc,
    /// The id as written, or `s1`, `s2` ... by position.
    pub id: Located<String>,
    pub explicit_id: bool,
    pub actor: Option<Located<String>>,
    pub action: Option<Located<String>>,
    pub documents: Vec<Located<String>>,
    pub decide: Option<Decision>,
    pub goto: Option<Located<String>>,
    pub end: bool,
    pub audience: Audience,
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub at: Loc,
    pub question: Option<Located<String>>,
    pub branches: Vec<Branch>,
}

#[derive(Debug, Clone)]
pub struct Branch {
    pub at: Loc,
    pub when: Located<String>,
    pub goto: Located<String>,
}

impl Procedure {
    pub fn read(r: &mut Reader, node: &Node, file: FileId) -> Option<Procedure> {
        let mut f = r.fields(
            node,
            r.lang.t(
                "el procedimiento de este archivo",
                "the procedure in this file",
            ),
        )?;
        let code = r.required_text(&mut f, "code");
        if let Some(code) = &code {
            f.set_what(r.lang.t(
                format!("el procedimiento {}", code.value),
                format!("procedure {}", code.value),
            ));
        }
        let what = f.what.clone();
        let name = r.required_text(&mut f, "name");
        let owner = r.optional_text(&mut f, "owner");
        let objective = r.optional_text(&mut f, "objective");
        let scope = r.optional_text(&mut f, "scope");
        let basis = r.text_list(&mut f, "basis");
        let policies = r.list(&mut f, "policies", |r, n, i| read_policy(r, n, &what, i));
        let definitions = r.text_list(&mut f, "definitions");
        let actors = r.list(&mut f, "actors", |r, n, i| Actor::read(r, n, &what, i));
        let steps = r.list(&mut f, "steps", |r, n, i| Step::read(r, n, &what, i));
        let annexes = r.text_list(&mut f, "annexes");
        let audience = r.label_list(&mut f, "audience");
        let at = f.at;
        r.finish(f, PROCEDURE_FIELDS);
        Some(Procedure {
            file,
            at,
            code: code?,
            name: name?,
            owner,
            objective,
            scope,
            basis,
            policies,
            definitions,
            actors,
            steps,
            annexes,
            audience,
        })
    }
}

/// A policy is a Markdown text, or `{text, audience}` when it applies to some offices.
fn read_policy(r: &mut Reader, node: &Node, procedure: &str, index: usize) -> Option<Policy> {
    if let Value::Text(text) = &node.value {
        return Some(Policy {
            text: Located::new(text.clone(), node.at),
            audience: Vec::new(),
        });
    }
    let what = r.lang.t(
        format!("la política {} de {procedure}", index + 1),
        format!("policy {} of {procedure}", index + 1),
    );
    let mut f = r.fields(node, what)?;
    let text = r.required_text(&mut f, "text");
    let audience = r.label_list(&mut f, "audience");
    r.finish(f, &["text", "audience"]);
    Some(Policy {
        text: text?,
        audience,
    })
}

impl Actor {
    fn read(r: &mut Reader, node: &Node, procedure: &str, index: usize) -> Option<Actor> {
        let what = r.lang.t(
            format!("el responsable {} de {procedure}", index + 1),
            format!("actor {} of {procedure}", index + 1),
        );
        let mut f = r.fields(node, what)?;
        let id = r.required_text(&mut f, "id");
        let name = r.required_text(&mut f, "name");
        let at = f.at;
        r.finish(f, &["id", "name"]);
        Some(Actor {
            at,
            id: id?,
            name: name?,
        })
    }
}

impl Step {
    fn read(r: &mut Reader, node: &Node, procedure: &str, index: usize) -> Option<Step> {
        let what = r.lang.t(
            format!("la actividad {} de {procedure}", index + 1),
            format!("step {} of {procedure}", index + 1),
        );
        let mut f = r.fields(node, what)?;
        let written_id = r.optional_text(&mut f, "id");
        let explicit_id = written_id.is_some();
        let id = written_id.unwrap_or_else(|| Located::new(format!("s{}", index + 1), f.at));
        let actor = r.required_text(&mut f, "actor");
        let action = r.required_text(&mut f, "do");
        let documents = r.text_list(&mut f, "documents");
        let step_what = f.what.clone();
        let decide = f
            .get("decide")
            .and_then(|n| Decision::read(r, n, &step_what));
        let goto = r.optional_text(&mut f, "goto");
        let end = r.optional_bool(&mut f, "end").is_some_and(|b| b.value);
        let audience = r.label_list(&mut f, "audience");
        let at = f.at;
        r.finish(f, STEP_FIELDS);
        Some(Step {
            at,
            id,
            explicit_id,
            actor,
            action,
            documents,
            decide,
            goto,
            end,
            audience,
        })
    }
}

impl Decision {
    fn read(r: &mut Reader, node: &Node, step: &str) -> Option<Decision> {
        let what = r.lang.t(
            format!("la decisión de {step}"),
            format!("the decision of {step}"),
        );
        let mut f = r.fields(node, what.clone())?;
        let question = r.required_text(&mut f, "question");
        let branches = r.list(&mut f, "branches", |r, n, i| {
            let branch_what = r.lang.t(
                format!("la opción {} de {what}", i + 1),
                format!("branch {} of {what}", i + 1),
            );
            let mut b = r.fields(n, branch_what)?;
            let when = r.required_text(&mut b, "when");
            let goto = r.required_text(&mut b, "goto");
            let at = b.at;
            r.finish(b, &["when", "goto"]);
            Some(Branch {
                at,
                when: when?,
                goto: goto?,
            })
        });
        let at = f.at;
        r.finish(f, &["question", "branches"]);
        Some(Decision {
            at,
            question,
            branches,
        })
    }
}
