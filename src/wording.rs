//! The words every writer shares, in the project's language: the interface
//! words of the site, long dates ("1 de abril de 2025"), a version's status,
//! and what a change says (the totals sentence, an entry's note, a piece's
//! description, a run of renumberings, the kinds' names). The HTML and PDF
//! writers, the bundle's LEEME, the theme and the commands read them here, so
//! a manual says the same thing in every output.

use serde_json::Value;

use crate::date::Date;
use crate::document::VersionStatus;
use crate::document::changes::{
    Change, EntryDiff, EntryKind, ItemDiff, ItemKind, ManualDiff, Place,
};
use crate::i18n::Lang;

/// The words every page uses, in the site's language.
pub fn labels(lang: Lang) -> Value {
    let pairs: &[(&str, &str, &str)] = &[
        ("skip", "Saltar al contenido", "Skip to content"),
        ("search", "Buscar", "Search"),
        (
            "search_label",
            "Buscar en los manuales",
            "Search the manuals",
        ),
        (
            "search_placeholder",
            "Buscar funciones, unidades, términos…",
            "Search functions, units, terms…",
        ),
        ("search_short", "Buscar…", "Search…"),
        (
            "search_needs_js",
            "La búsqueda necesita JavaScript.",
            "Search needs JavaScript.",
        ),
        ("breadcrumbs", "Ruta de navegación", "Breadcrumbs"),
        ("home", "Inicio", "Home"),
        ("manuals", "Manuales", "Manuals"),
        ("title", "Título", "Title"),
        ("code", "Clave", "Code"),
        ("version", "Versión", "Version"),
        (
            "download_pdf",
            "Descargar el manual en PDF",
            "Download the manual as PDF",
        ),
        ("authorized", "Fecha de autorización", "Authorized on"),
        ("effective", "Entrada en vigor", "In force from"),
        ("status", "Estado", "Status"),
        (
            "supersedes",
            "Deja sin efecto la versión",
            "Supersedes version",
        ),
        ("contents", "Contenido", "Contents"),
        (
            "versions",
            "Versiones de este manual",
            "Versions of this manual",
        ),
        ("other_versions", "Otras versiones", "Other versions"),
        (
            "version_status",
            "Vigencia de esta versión",
            "Status of this version",
        ),
        (
            "what_changed",
            "Qué cambió respecto de la versión anterior",
            "What changed since the previous version",
        ),
        ("signatures", "Firmas de autorización", "Authorization"),
        ("role", "Cargo en la autorización", "Role"),
        ("name", "Nombre", "Name"),
        ("position", "Puesto", "Position"),
        ("objective", "Objetivo", "Objective"),
        ("functions", "Funciones", "Functions"),
        ("supervised_in", "Se supervisa en", "Supervised in"),
        ("reports_to", "Depende de", "Reports to"),
        (
            "subunits",
            "Unidades que dependen de esta",
            "Units under this one",
        ),
        ("previous", "Anterior", "Previous"),
        ("next", "Siguiente", "Next"),
        ("copy_link", "Copiar enlace a la", "Copy link to"),
        ("copied", "Enlace copiado", "Link copied"),
        (
            "only_for",
            "Solo para oficinas de tipo",
            "Only for offices of kind",
        ),
        ("glossary", "Glosario", "Glossary"),
        ("orgchart", "Organigrama", "Organization chart"),
        ("orgcharts", "Organigramas", "Organization charts"),
        ("results", "Resultados de la búsqueda", "Search results"),
        ("no_results", "Sin resultados para", "No results for"),
        ("search_in", "Buscar en", "Search in"),
        (
            "search_every_version",
            "incluir versiones no vigentes",
            "include versions not in force",
        ),
        ("search_more", "Mostrar más resultados", "Show more results"),
        (
            "pager",
            "Unidades anterior y siguiente",
            "Previous and next units",
        ),
        (
            "footer",
            "Documento normativo publicado con norma",
            "Normative document published with norma",
        ),
        ("copy_for", "Ejemplar para", "Copy for"),
        ("offices_of_kind", "oficinas de tipo", "offices of kind"),
        (
            "signing_key",
            "Clave pública de firma de los paquetes",
            "Public key that signs the bundles",
        ),
        ("fingerprint", "huella", "fingerprint"),
        (
            "copy_for_scope",
            "los manuales vigentes y los próximos a entrar en vigor, con el contenido que aplica a las oficinas de tipo",
            "the manuals in force and those about to come into force, with the content that applies to offices of kind",
        ),
        (
            "intro",
            "Consulte los manuales vigentes, sus funciones y su glosario. Todo funciona sin conexión.",
            "Browse the manuals in force, their functions and their glossary. Everything works offline.",
        ),
        (
            "chart_scroll",
            "Organigrama (desplazable)",
            "Organization chart (scrollable)",
        ),
        // Procedures, forms and guides (procedure.html, form.html, guide.html).
        ("responsible_unit", "Unidad responsable", "Responsible unit"),
        ("no", "No.", "No."),
        ("legal_basis", "Base normativa", "Legal basis"),
        ("scope", "Ámbito de aplicación", "Scope"),
        ("policies", "Políticas de operación", "Policies"),
        ("definitions", "Definiciones", "Definitions"),
        ("activities", "Descripción de actividades", "Activities"),
        ("responsible", "Responsable", "Responsible"),
        ("activity", "Actividad", "Activity"),
        (
            "working_document",
            "Documento de trabajo",
            "Working document",
        ),
        ("branch_goes_to", "pasa a la actividad", "go to step"),
        ("goes_to", "Pasa a la actividad", "Go to step"),
        (
            "procedure_ends",
            "Termina el procedimiento",
            "End of the procedure",
        ),
        ("flowchart", "Diagrama de flujo", "Flowchart"),
        (
            "documents_involved",
            "Relación de documentos que intervienen",
            "Documents involved",
        ),
        ("document", "Documento", "Document"),
        (
            "used_in_steps",
            "Actividades en que interviene",
            "Used in steps",
        ),
        ("annexes", "Anexos", "Annexes"),
        ("purpose", "Objetivo", "Purpose"),
        ("form", "Formato", "Form"),
        ("day", "día", "day"),
        ("month", "mes", "month"),
        ("year", "año", "year"),
        ("name_and_signature", "Nombre y firma", "Name and signature"),
        (
            "filling_instructions",
            "Instructivo de llenado",
            "Filling instructions",
        ),
        ("field", "Campo", "Field"),
        ("what_to_write", "Anotar", "What to write"),
        ("characters", "posiciones", "characters"),
        ("options", "Opciones", "Options"),
        ("required", "Obligatorio.", "Required."),
        ("copies", "Distribución de copias", "Copies"),
        (
            "used_by_procedures",
            "Procedimientos que lo utilizan",
            "Used by the procedures",
        ),
        (
            "office_supervised",
            "OOAD u oficina supervisada",
            "Office supervised",
        ),
        ("visit_date", "Fecha de la supervisión", "Date of the visit"),
        (
            "unit_supervised",
            "Unidad o área supervisada",
            "Unit supervised",
        ),
        ("supervisor", "Supervisor(a)", "Supervisor"),
        (
            "mark_one",
            "Marque una opción por reactivo",
            "Mark one option per item",
        ),
        ("item", "Aspecto a verificar", "Item"),
        ("evidence", "Evidencia", "Evidence"),
        ("remarks", "Observaciones", "Remarks"),
        ("basis", "Fundamento", "Basis"),
        (
            "head_supervised",
            "Titular del área supervisada",
            "Head of the unit supervised",
        ),
        (
            "name_position_signature",
            "Nombre, cargo y firma",
            "Name, position and signature",
        ),
        // The sections of a manual's page (section.html).
        (
            "every_orgchart",
            "Todos los organigramas de la estructura",
            "Every organization chart of the structure",
        ),
        ("function_one", "función", "function"),
        ("function_many", "funciones", "functions"),
        ("date", "Fecha", "Date"),
        ("change", "Descripción del cambio", "Change"),
        // What changed since the previous version (changes.html).
        (
            "changes_first",
            "Es la primera versión de este manual: no hay una versión anterior con qué compararla.",
            "This is the first version of this manual: there is no earlier version to compare it with.",
        ),
        (
            "changes_control",
            "Lo que cambió en cada versión, según el control de cambios del manual:",
            "What changed in each version, as the manual's control de cambios says:",
        ),
        (
            "changes_control_link",
            "Control de cambios del manual",
            "The manual's control de cambios",
        ),
        // The manual's navigation beside its pages (base.html) and the units
        // of its contents (manual.html).
        ("manual_nav", "Navegación del manual", "Manual navigation"),
        (
            "nav_contents",
            "Contenido del manual",
            "Contents of the manual",
        ),
        ("nav_units", "Unidades", "Units"),
        ("nav_entries", "Documentos", "Documents"),
        ("nav_front", "Portada", "Cover"),
        (
            "nav_changes",
            "Cambios de esta versión",
            "Changes in this version",
        ),
        ("subunits_of", "Unidades de", "Units under"),
        (
            "has_subunits",
            "tiene unidades dependientes",
            "has units under it",
        ),
        (
            "changes_none",
            "No cambió ninguna unidad, función, actividad, campo ni reactivo.",
            "No unit, function, step, field or item changed.",
        ),
        ("changes_version", "versión", "version"),
        ("changes_removed", "Texto suprimido:", "Removed text:"),
        ("changes_new", "· texto nuevo:", "· new text:"),
        ("changes_like_this", "así", "like this"),
        (
            "see_in_this_version",
            "ver en esta versión",
            "see in this version",
        ),
        (
            "see_in_previous_version",
            "ver en la versión anterior",
            "see in the previous version",
        ),
    ];
    let map: serde_json::Map<String, Value> = pairs
        .iter()
        .map(|(k, es, en)| ((*k).to_owned(), Value::String(lang.t(*es, *en))))
        .collect();
    Value::Object(map)
}

/// A date as readers write it: "1 de abril de 2025" / "1 April 2025".
pub fn long_date(date: Date, lang: Lang) -> String {
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = (date.month as usize).clamp(1, 12) - 1;
    match lang {
        Lang::Es => format!("{} de {} de {}", date.day, ES[m], date.year),
        Lang::En => format!("{} {} {}", date.day, EN[m], date.year),
    }
}

/// "1 adición, 2 modificaciones y 3 renumeraciones".
pub fn totals_sentence(diff: &ManualDiff, lang: Lang) -> String {
    let t = &diff.totals;
    let counted = [
        (t.added, ("adición", "adiciones"), ("addition", "additions")),
        (
            t.modified,
            ("modificación", "modificaciones"),
            ("change", "changes"),
        ),
        (t.moved, ("traslado", "traslados"), ("move", "moves")),
        (
            t.renumbered,
            ("renumeración", "renumeraciones"),
            ("renumbering", "renumberings"),
        ),
        (
            t.removed,
            ("supresión", "supresiones"),
            ("removal", "removals"),
        ),
    ];
    let parts: Vec<String> = counted
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, es, en)| {
            let (one, many) = match lang {
                Lang::Es => *es,
                Lang::En => *en,
            };
            format!("{n} {}", if *n == 1 { one } else { many })
        })
        .collect();
    match parts.split_last() {
        None => lang.t("sin cambios", "no changes"),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), lang.t("y", "and")),
    }
}

/// What happened to the entry itself, as a sentence ("Se adiciona el
/// procedimiento."), or nothing when only some of its pieces changed.
pub fn entry_note(entry: &EntryDiff, lang: Lang) -> Option<String> {
    let kind = kind_with_article(entry.kind, lang);
    let old_code = entry.old_code.as_deref().unwrap_or("");
    let old_name = entry.old_name.as_deref().unwrap_or("");
    Some(match entry.change {
        Change::Added => lang.t(format!("Se adiciona {kind}."), format!("{kind} is added.")),
        Change::Removed => lang.t(format!("Se suprime {kind}."), format!("{kind} is removed.")),
        Change::Renumbered => lang.t(
            format!("Se renumera {kind}: antes {old_code}."),
            format!("{kind} is renumbered: formerly {old_code}."),
        ),
        Change::Modified => lang.t(
            format!("Cambia su nombre; antes: «{old_name}»."),
            format!("Its name changes; formerly: “{old_name}”."),
        ),
        Change::Moved | Change::Unchanged => return None,
    })
}

/// An entry's kind as a sentence names it: "procedimiento".
pub fn entry_kind(kind: EntryKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (EntryKind::Unit, Lang::Es) => "unidad",
        (EntryKind::Procedure, Lang::Es) => "procedimiento",
        (EntryKind::Form, Lang::Es) => "formato",
        (EntryKind::Guide, Lang::Es) => "guía",
        (EntryKind::Unit, Lang::En) => "unit",
        (EntryKind::Procedure, Lang::En) => "procedure",
        (EntryKind::Form, Lang::En) => "form",
        (EntryKind::Guide, Lang::En) => "guide",
    }
}

/// The kind with its article, as a sentence names it: "el procedimiento",
/// "la guía"; "The procedure".
fn kind_with_article(kind: EntryKind, lang: Lang) -> String {
    let article = match (kind, lang) {
        (EntryKind::Unit | EntryKind::Guide, Lang::Es) => "la",
        (EntryKind::Procedure | EntryKind::Form, Lang::Es) => "el",
        (_, Lang::En) => "The",
    };
    format!("{article} {}", entry_kind(kind, lang))
}

/// A piece's kind: "función", "actividad".
pub fn item_kind(kind: ItemKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ItemKind::Function, Lang::Es) => "función",
        (ItemKind::Step, Lang::Es) => "actividad",
        (ItemKind::Field, Lang::Es) => "campo",
        (ItemKind::Item, Lang::Es) => "reactivo",
        (ItemKind::Function, Lang::En) => "function",
        (ItemKind::Step, Lang::En) => "step",
        (ItemKind::Field, Lang::En) => "field",
        (ItemKind::Item, Lang::En) => "item",
    }
}

fn item_kind_plural(kind: ItemKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ItemKind::Function, Lang::Es) => "funciones",
        (ItemKind::Step, Lang::Es) => "actividades",
        (ItemKind::Field, Lang::Es) => "campos",
        (ItemKind::Item, Lang::Es) => "reactivos",
        (ItemKind::Function, Lang::En) => "functions",
        (ItemKind::Step, Lang::En) => "steps",
        (ItemKind::Field, Lang::En) => "fields",
        (ItemKind::Item, Lang::En) => "items",
    }
}

/// "Se renumeran las funciones 4 a 26: ahora son las funciones 5 a 27".
pub fn renumbered_run(
    kind: ItemKind,
    old: &(String, String),
    new: &(String, String),
    lang: Lang,
) -> String {
    let many = item_kind_plural(kind, lang);
    lang.t(
        format!(
            "Se renumeran las {many} {} a {}: ahora son las {many} {} a {}",
            old.0, old.1, new.0, new.1
        ),
        format!(
            "{many} {} to {} renumbered: now {many} {} to {}",
            old.0, old.1, new.0, new.1
        ),
    )
}

/// What happened to the piece, as every report says it: "Se modifica la
/// función 2 (antes 1)", "Se traslada la función 4 de 7.3.1.1: ahora es la
/// función 6 de 7.3.1.2".
pub fn describe(item: &ItemDiff, lang: Lang) -> String {
    let kind = item_kind(item.kind, lang);
    let number = |p: &Option<Place>| p.as_ref().map(|p| p.number.clone()).unwrap_or_default();
    let place = |p: &Option<Place>| {
        p.as_ref()
            .map(|p| {
                lang.t(
                    format!("{kind} {} de {}", p.number, p.entry),
                    format!("{kind} {} of {}", p.number, p.entry),
                )
            })
            .unwrap_or_default()
    };
    let (old, new) = (number(&item.old), number(&item.new));
    match item.change {
        Change::Added => lang.t(
            format!("Se adiciona la {kind} {new}"),
            format!("New {kind} {new}"),
        ),
        Change::Removed => lang.t(
            format!("Se suprime la {kind} {old}"),
            format!("{kind} {old} removed"),
        ),
        Change::Renumbered => lang.t(
            format!("Se renumera la {kind} {old}: ahora es la {kind} {new}"),
            format!("{kind} {old} renumbered: now {kind} {new}"),
        ),
        Change::Moved => lang.t(
            format!(
                "Se traslada la {}: ahora es la {}",
                place(&item.old),
                place(&item.new)
            ),
            format!("{} moved: now {}", place(&item.old), place(&item.new)),
        ),
        Change::Modified if item.renumbered => lang.t(
            format!("Se modifica la {kind} {new} (antes {old})"),
            format!("{kind} {new} modified (formerly {old})"),
        ),
        Change::Modified => lang.t(
            format!("Se modifica la {kind} {new}"),
            format!("{kind} {new} modified"),
        ),
        Change::Unchanged => String::new(),
    }
}

/// A version's status as the pages and the PDF's cover say it: "Vigente".
pub fn status_label(status: VersionStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (VersionStatus::InForce, Lang::Es) => "Vigente",
        (VersionStatus::InForce, Lang::En) => "In force",
        (VersionStatus::Superseded, Lang::Es) => "Histórica",
        (VersionStatus::Superseded, Lang::En) => "Superseded",
        (VersionStatus::Upcoming, Lang::Es) => "Próxima a entrar en vigor",
        (VersionStatus::Upcoming, Lang::En) => "Not yet in force",
        (VersionStatus::Draft, Lang::Es) => "Borrador",
        (VersionStatus::Draft, Lang::En) => "Draft",
    }
}
