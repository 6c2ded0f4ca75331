//! The words every writer shares, in the project's language: the interface
//! words of the site, long dates ("1 de abril de 2025"), and the sentence that
//! totals a version's changes. The HTML and PDF writers, the theme and the
//! commands read them here, so a manual says the same thing in every output.

use serde_json::Value;

use crate::date::Date;
use crate::document::changes::ManualDiff;
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
