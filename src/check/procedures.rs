//! Procedure rules (spec §4): actors, step ids, jumps, decisions, and the flow graph
//! (every step reachable from the first, an end reachable from every step); plus
//! the form and guide rules of spec §5–6.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::diagnostic::{Diagnostics, closest, did_you_mean};
use crate::i18n::Lang;
use crate::limits::MOST_BOXES;
use crate::load::Project;
use crate::model::form::FIELD_TYPES;
use crate::model::{Form, Guide, Procedure, Step};
use crate::source::Located;

use super::lang;

pub fn check(project: &Project, diags: &mut Diagnostics) {
    let lang = lang(project);
    for manual in &project.manuals {
        for procedure in &manual.procedures {
            // After an error in its file (a misspelt «branches», a branch
            // without «goto») the flow is missing a part, and the rules of
            // the flow would only report what follows from that.
            let whole = !project.files_with_errors.contains(&procedure.file);
            check_procedure(procedure, whole, lang, diags);
        }
        for form in &manual.forms {
            check_form(form, lang, diags);
        }
        for guide in &manual.guides {
            check_guide(guide, lang, diags);
        }
    }
}

fn check_procedure(p: &Procedure, whole: bool, lang: Lang, diags: &mut Diagnostics) {
    let code = &p.code.value;
    // Actors: ids unique, every step's actor known.
    let mut actors: BTreeMap<&str, u32> = BTreeMap::new();
    for actor in &p.actors {
        if let Some(&line) = first_seen(&mut actors, &actor.id.value, actor.id.at.line) {
            diags.error(
                "E-PROC-ACTOR",
                actor.id.at,
                lang.t(
                    format!(
                        "el responsable «{}» está definido dos veces en el procedimiento {code}; la primera, en la línea {line}",
                        actor.id.value
                    ),
                    format!(
                        "actor “{}” is defined twice in procedure {code}; first on line {line}",
                        actor.id.value
                    ),
                ),
                None,
            );
        }
    }
    for step in &p.steps {
        let Some(actor) = &step.actor else { continue };
        if actors.contains_key(actor.value.as_str()) {
            continue;
        }
        // The actor written by its name rather than its id.
        let named = p.actors.iter().find(|a| {
            crate::text::fold(a.name.value.trim()) == crate::text::fold(actor.value.trim())
        });
        let hint = match (named, closest(&actor.value, actors.keys().copied())) {
            (Some(a), _) => lang.t(
                format!(
                    "«actor» lleva el id del responsable, no su nombre: escriba «actor: {}»",
                    a.id.value
                ),
                format!(
                    "“actor” takes the actor's id, not its name: write “actor: {}”",
                    a.id.value
                ),
            ),
            (None, Some(best)) => did_you_mean(lang, best),
            (None, None) => lang.t(
                "declare el responsable en «actors» con su id y su nombre",
                "declare the actor under “actors” with its id and name",
            ),
        };
        diags.error(
            "E-PROC-ACTOR",
            actor.at,
            lang.t(
                format!("la actividad «{}» del procedimiento {code} la realiza «{}», que no está entre los ids de los responsables", step.id.value, actor.value),
                format!("step “{}” of procedure {code} is done by “{}”, which is not among the actors' ids", step.id.value, actor.value),
            ),
            Some(hint),
        );
    }

    // Step ids.
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, step) in p.steps.iter().enumerate() {
        if let Some(&first) = ids.get(step.id.value.as_str()) {
            let line = p.steps[first].id.at.line;
            diags.error(
                "E-PROC-STEP-DUPLICATE",
                step.id.at,
                lang.t(
                    format!(
                        "la actividad {} del procedimiento {code} repite el id «{}», que ya es el de la actividad {} (línea {line})",
                        i + 1,
                        step.id.value,
                        first + 1
                    ),
                    format!(
                        "step {} of procedure {code} repeats the id “{}”, already that of step {} (line {line})",
                        i + 1,
                        step.id.value,
                        first + 1
                    ),
                ),
                Some(lang.t(
                    "cada actividad necesita un id distinto",
                    "each step needs its own id",
                )),
            );
        } else {
            ids.insert(&step.id.value, i);
        }
    }

    // Jumps, decisions, conflicting flow.
    let mut targets_ok = true;
    let check_target =
        |target: &crate::source::Located<String>, number: usize, diags: &mut Diagnostics| -> bool {
            if ids.contains_key(target.value.as_str()) {
                return true;
            }
            let hint = match closest(&target.value, ids.keys().copied()) {
                Some(best) => did_you_mean(lang, best),
                None => lang.t(
                    format!(
                        "los ids de actividad de este procedimiento son: {}",
                        ids.keys().copied().collect::<Vec<_>>().join(", ")
                    ),
                    format!(
                        "the step ids of this procedure are: {}",
                        ids.keys().copied().collect::<Vec<_>>().join(", ")
                    ),
                ),
            };
            diags.error(
            "E-PROC-GOTO",
            target.at,
            lang.t(
                format!(
                    "la actividad {number} del procedimiento {code} salta a «{}», que no existe",
                    target.value
                ),
                format!(
                    "step {number} of procedure {code} jumps to “{}”, which does not exist",
                    target.value
                ),
            ),
            Some(hint),
        );
            false
        };
    for (i, step) in p.steps.iter().enumerate() {
        let number = i + 1;
        if let Some(goto) = &step.goto {
            targets_ok &= check_target(goto, number, diags);
        }
        if let Some(decision) = &step.decide {
            let mut answers = BTreeSet::new();
            for branch in &decision.branches {
                targets_ok &= check_target(&branch.goto, number, diags);
                // Two branches for one answer: the flowchart draws both, and
                // the reader cannot tell which to follow.
                if !answers.insert(branch.when.value.trim().to_lowercase()) {
                    diags.error(
                        "E-PROC-DECISION",
                        branch.when.at,
                        lang.t(
                            format!("la decisión de la actividad {number} del procedimiento {code} tiene dos opciones «{}»", branch.when.value),
                            format!("the decision of step {number} of procedure {code} has two branches “{}”", branch.when.value),
                        ),
                        Some(lang.t(
                            "cada respuesta lleva a un solo lugar: corrija la respuesta de una de ellas, o borre la que sobra",
                            "each answer leads to one place: correct the answer of one of them, or delete the one left over",
                        )),
                    );
                }
            }
            if whole && decision.branches.len() < 2 {
                let n = decision.branches.len();
                diags.error(
                    "E-PROC-DECISION",
                    decision.at,
                    lang.t(
                        format!("la decisión de la actividad {number} del procedimiento {code} tiene {n} {}; necesita al menos dos", if n == 1 { "opción" } else { "opciones" }),
                        format!("the decision of step {number} of procedure {code} has {n} {}; it needs at least two", if n == 1 { "branch" } else { "branches" }),
                    ),
                    Some(lang.t(
                        "agregue en «branches» la otra respuesta, por ejemplo «- { when: \"No\", goto: … }»",
                        "add the other answer under “branches”, for example “- { when: \"No\", goto: … }”",
                    )),
                );
            }
        }
        let flows = [step.end, step.goto.is_some(), step.decide.is_some()]
            .iter()
            .filter(|&&b| b)
            .count();
        if flows > 1 {
            diags.error(
                "E-PROC-FLOW",
                step.at,
                lang.t(
                    format!("la actividad {number} del procedimiento {code} combina «end», «goto» o «decide»; use solo uno"),
                    format!("step {number} of procedure {code} combines “end”, “goto” or “decide”; use only one"),
                ),
                Some(lang.t(
                    "una actividad termina (end: true), salta (goto) o decide (decide); si no tiene ninguno pasa a la siguiente",
                    "a step ends (end: true), jumps (goto) or decides (decide); with none it flows to the next",
                )),
            );
        }
        // A bundle leaves out a step whose audience excludes its offices, and
        // the flow goes on to where that step would have gone: so such a step
        // must neither decide nor end (resolve::landing).
        if !step.audience.is_empty() && (step.end || step.decide.is_some()) {
            let what = if step.end {
                lang.t("termina el procedimiento", "ends the procedure")
            } else {
                lang.t("decide", "decides")
            };
            diags.error(
                "E-PROC-STEP-AUDIENCE",
                step.audience[0].at,
                lang.t(
                    format!("la actividad {number} del procedimiento {code} es solo para algunas oficinas («audience») y {what}: sin ella el procedimiento no tendría cómo seguir en las demás"),
                    format!("step {number} of procedure {code} is only for some offices (“audience”) and {what}: without it the procedure could not go on at the others"),
                ),
                Some(lang.t(
                    "deje la decisión o el fin en una actividad para todas las oficinas y ponga «audience» solo en las actividades que hacen algo y pasan a otra",
                    "keep the decision or the end in a step for every office, and put “audience” only on steps that do something and go on to another",
                )),
            );
        }
    }

    let mut last_ok = true;
    if let Some(last) = p.steps.last()
        && !last.end
        && last.goto.is_none()
        && last.decide.is_none()
    {
        // The steps before it would each be told they reach no end.
        last_ok = false;
        diags.error(
            "E-PROC-LAST-STEP",
            last.at,
            lang.t(
                format!("la última actividad del procedimiento {code} no termina ni salta a otra"),
                format!("the last step of procedure {code} neither ends nor jumps to another"),
            ),
            Some(lang.t(
                "agregue «end: true» si aquí termina el procedimiento, o «goto: <id>»",
                "add “end: true” if the procedure ends here, or “goto: <id>”",
            )),
        );
    }

    if whole && targets_ok && last_ok && !p.steps.is_empty() {
        check_graph(p, &ids, lang, diags);
    }
}

/// The steps each step can lead to.
fn successors(steps: &[Step], ids: &BTreeMap<&str, usize>, i: usize) -> Vec<usize> {
    let step = &steps[i];
    if step.end {
        return Vec::new();
    }
    if let Some(goto) = &step.goto {
        return ids.get(goto.value.as_str()).copied().into_iter().collect();
    }
    if let Some(decision) = &step.decide {
        return decision
            .branches
            .iter()
            .filter_map(|b| ids.get(b.goto.value.as_str()).copied())
            .collect();
    }
    if i + 1 < steps.len() {
        vec![i + 1]
    } else {
        Vec::new()
    }
}

fn check_graph(p: &Procedure, ids: &BTreeMap<&str, usize>, lang: Lang, diags: &mut Diagnostics) {
    let code = &p.code.value;
    let n = p.steps.len();
    let next: Vec<Vec<usize>> = (0..n).map(|i| successors(&p.steps, ids, i)).collect();

    let mut reached = vec![false; n];
    let mut queue = VecDeque::from([0]);
    reached[0] = true;
    while let Some(i) = queue.pop_front() {
        for &j in &next[i] {
            if !reached[j] {
                reached[j] = true;
                queue.push_back(j);
            }
        }
    }
    for (i, step) in p.steps.iter().enumerate() {
        if !reached[i] {
            diags.error(
                "E-PROC-UNREACHABLE",
                step.at,
                lang.t(
                    format!("ningún camino desde la primera actividad llega a la actividad {} («{}») del procedimiento {code}", i + 1, step.id.value),
                    format!("no path from the first step reaches step {} (“{}”) of procedure {code}", i + 1, step.id.value),
                ),
                Some(lang.t(
                    "revise los «goto» y las decisiones anteriores: alguno debería llevar a esta actividad",
                    "check the earlier “goto”s and decisions: one of them should lead to this step",
                )),
            );
        }
    }

    // Backwards from every end: which steps can finish?
    if !p.steps.iter().any(|s| s.end) {
        diags.error(
            "E-PROC-NO-END",
            p.code.at,
            lang.t(
                format!("ninguna actividad del procedimiento {code} lo termina"),
                format!("no step of procedure {code} ends it"),
            ),
            Some(lang.t(
                "marque con «end: true» la actividad con la que termina el procedimiento",
                "mark the step that ends the procedure with “end: true”",
            )),
        );
        return;
    }
    let mut previous: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, targets) in next.iter().enumerate() {
        for &j in targets {
            previous[j].push(i);
        }
    }
    let mut finishes = vec![false; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| p.steps[i].end).collect();
    for &i in &queue {
        finishes[i] = true;
    }
    while let Some(j) = queue.pop_front() {
        for &i in &previous[j] {
            if !finishes[i] {
                finishes[i] = true;
                queue.push_back(i);
            }
        }
    }
    for (i, step) in p.steps.iter().enumerate() {
        if reached[i] && !finishes[i] {
            diags.error(
                "E-PROC-NO-END",
                step.at,
                lang.t(
                    format!("desde la actividad {} («{}») del procedimiento {code} no se puede llegar a un fin", i + 1, step.id.value),
                    format!("no end can be reached from step {} (“{}”) of procedure {code}", i + 1, step.id.value),
                ),
                Some(lang.t(
                    "los «goto» forman un ciclo sin salida; haga que alguna opción lleve a una actividad con «end: true»",
                    "the “goto”s form a loop with no way out; make some branch lead to a step with “end: true”",
                )),
            );
        }
    }
}

fn check_form(form: &Form, lang: Lang, diags: &mut Diagnostics) {
    let code = &form.code.value;
    let mut ids: BTreeMap<&str, u32> = BTreeMap::new();
    for field in form.sections.iter().flat_map(|s| &s.fields) {
        if let Some(&line) = first_seen(&mut ids, &field.id.value, field.id.at.line) {
            diags.error(
                "E-FORM-FIELD-DUPLICATE",
                field.id.at,
                lang.t(
                    format!("el campo «{}» está dos veces en el formato {code}; el primero, en la línea {line}", field.id.value),
                    format!("field “{}” appears twice in form {code}; first on line {line}", field.id.value),
                ),
                Some(lang.t(
                    "el id de cada campo es único en todo el formato (se usa en las referencias form:CLAVE#campo)",
                    "each field id is unique in the whole form (it is used by form:CODE#field references)",
                )),
            );
        }
        if let Some(length) = &field.length {
            field_length(code, &field.id.value, length, lang, diags);
            // Only a text or a number is drawn with one box per character;
            // the instructions would still print "(8 caracteres)".
            if let Some(kind) = field
                .kind
                .as_ref()
                .filter(|k| FIELD_TYPES.contains(&k.value.as_str()))
                .filter(|k| !matches!(k.value.as_str(), "text" | "number"))
            {
                diags.warning(
                    "W-FORM-FIELD-LENGTH",
                    length.at,
                    lang.t(
                        format!("el campo «{}» del formato {code} es de tipo «{}»: «length» no cambia cómo se dibuja (solo un «text» o un «number» se dibuja con una casilla por carácter), pero el instructivo diría «({} caracteres)»", field.id.value, kind.value, length.value),
                        format!("field “{}” of form {code} is of type “{}”: “length” does not change how it is drawn (only a “text” or a “number” is drawn with one box per character), but the instructions would say “({} characters)”", field.id.value, kind.value, length.value),
                    ),
                    Some(lang.t("quite «length» de este campo", "remove “length” from this field")),
                );
            }
        }
        // An option written twice prints two boxes with one label.
        let mut seen = BTreeSet::new();
        for option in &field.options {
            if !seen.insert(option.value.trim().to_lowercase()) {
                diags.error(
                    "E-FORM-CHOICE-OPTIONS",
                    option.at,
                    lang.t(
                        format!(
                            "la opción «{}» del campo «{}» del formato {code} está dos veces",
                            option.value, field.id.value
                        ),
                        format!(
                            "option “{}” of field “{}” of form {code} is written twice",
                            option.value, field.id.value
                        ),
                    ),
                    Some(lang.t("borre una de las dos", "delete one of the two")),
                );
            }
        }
        let Some(kind) = &field.kind else { continue };
        if !FIELD_TYPES.contains(&kind.value.as_str()) {
            let list = FIELD_TYPES.join(", ");
            let hint = match closest(&kind.value, FIELD_TYPES.iter().copied()) {
                Some(best) => lang.t(
                    format!("¿quiso decir «{best}»? Tipos admitidos: {list}"),
                    format!("did you mean “{best}”? Allowed types: {list}"),
                ),
                None => lang.t(
                    format!("tipos admitidos: {list}"),
                    format!("allowed types: {list}"),
                ),
            };
            diags.error(
                "E-FORM-FIELD-TYPE",
                kind.at,
                lang.t(
                    format!(
                        "el campo «{}» del formato {code} tiene un tipo desconocido: «{}»",
                        field.id.value, kind.value
                    ),
                    format!(
                        "field “{}” of form {code} has an unknown type: “{}”",
                        field.id.value, kind.value
                    ),
                ),
                Some(hint),
            );
        } else if kind.value != "choice" && !field.options.is_empty() {
            diags.error(
                "E-FORM-CHOICE-OPTIONS",
                field.options[0].at,
                lang.t(
                    format!(
                        "el campo «{}» del formato {code} tiene opciones pero es de tipo «{}»: solo un campo «choice» las imprime",
                        field.id.value, kind.value
                    ),
                    format!(
                        "field “{}” of form {code} has options but its type is “{}”: only a “choice” field prints them",
                        field.id.value, kind.value
                    ),
                ),
                Some(lang.t(
                    "escriba «type: choice» para que se impriman como casillas, o quite «options»",
                    "write “type: choice” to print them as check boxes, or remove “options”",
                )),
            );
        } else if kind.value == "choice" && field.options.is_empty() {
            diags.error(
                "E-FORM-CHOICE-OPTIONS",
                kind.at,
                lang.t(
                    format!("el campo «{}» del formato {code} es de opción múltiple pero no tiene opciones", field.id.value),
                    format!("field “{}” of form {code} is a choice but has no options", field.id.value),
                ),
                Some(lang.t(
                    "agregue «options: [Opción 1, Opción 2]»",
                    "add “options: [Option 1, Option 2]”",
                )),
            );
        }
    }
}

/// What `key` was first seen with, or `None` after noting `value` for it.
fn first_seen<K: Ord, V>(seen: &mut BTreeMap<K, V>, key: K, value: V) -> Option<&V> {
    match seen.entry(key) {
        std::collections::btree_map::Entry::Occupied(first) => Some(first.into_mut()),
        std::collections::btree_map::Entry::Vacant(new) => {
            new.insert(value);
            None
        }
    }
}

/// A `length` of no boxes, or of more than a field draws.
fn field_length(code: &str, id: &str, length: &Located<u32>, lang: Lang, diags: &mut Diagnostics) {
    if length.value == 0 {
        diags.error(
            "E-FORM-FIELD-LENGTH",
            length.at,
            lang.t(
                format!("el campo «{id}» del formato {code} tiene «length: 0»: no se dibujaría ninguna casilla"),
                format!("field “{id}” of form {code} has “length: 0”: no box would be drawn"),
            ),
            Some(lang.t(
                "«length» es el número de casillas, una por carácter (por ejemplo 11 para el NSS); quítelo para dibujar una línea",
                "“length” is the number of boxes, one per character (for instance 11 for a social security number); remove it to draw a line",
            )),
        );
    } else if length.value > MOST_BOXES {
        diags.warning(
            "W-FORM-FIELD-LENGTH",
            length.at,
            lang.t(
                format!(
                    "el campo «{id}» del formato {code} pide {} casillas: se dibujan {MOST_BOXES} como máximo",
                    length.value
                ),
                format!(
                    "field “{id}” of form {code} asks for {} boxes: at most {MOST_BOXES} are drawn",
                    length.value
                ),
            ),
            Some(lang.t(
                "para un texto largo use «type: textarea» (un recuadro de varias líneas) y quite «length»",
                "for a long text use “type: textarea” (a box of several lines) and remove “length”",
            )),
        );
    }
}

fn check_guide(guide: &Guide, lang: Lang, diags: &mut Diagnostics) {
    if guide.scale.is_empty() {
        let code = &guide.code.value;
        let (at, es, en) = match guide.scale_at {
            // `scale: []`, or `scale:` with nothing under it.
            Some(at) => (
                at,
                format!(
                    "la «scale» de la guía {code} está vacía: sus reactivos no tendrían columnas que marcar"
                ),
                format!(
                    "the “scale” of guide {code} is empty: its items would have no columns to mark"
                ),
            ),
            None => (
                guide.code.at,
                format!(
                    "la guía {code} no tiene «scale»: sus reactivos no tendrían columnas que marcar"
                ),
                format!("guide {code} has no “scale”: its items would have no columns to mark"),
            ),
        };
        diags.error(
            "E-GUIDE-SCALE",
            at,
            lang.t(es, en),
            Some(lang.t(
                "escriba las opciones con que se califica cada reactivo, por ejemplo «scale: [Cumple, No cumple, No aplica]»",
                "write the options each item is rated with, for instance “scale: [Cumple, No cumple, No aplica]”",
            )),
        );
    }
    for section in &guide.sections {
        if section.items.is_empty() {
            diags.error(
                "E-GUIDE-EMPTY-SECTION",
                section.title.at,
                lang.t(
                    format!(
                        "la sección «{}» de la guía {} no tiene reactivos",
                        section.title.value, guide.code.value
                    ),
                    format!(
                        "section “{}” of guide {} has no items",
                        section.title.value, guide.code.value
                    ),
                ),
                Some(lang.t(
                    "agregue «items:» con al menos un «- check: …», o quite la sección",
                    "add “items:” with at least one “- check: …”, or remove the section",
                )),
            );
        }
    }
}
