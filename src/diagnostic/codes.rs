//! Every diagnostic code norma can emit, with its default severity and a one-line
//! summary. docs/diagnostics.md documents each; a test keeps the two in step, and
//! norma.yaml's `lint` map is checked against this list.

use crate::diagnostic::Severity;

pub struct Code {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

const fn error(code: &'static str, summary: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Error,
        summary,
    }
}

const fn warning(code: &'static str, summary: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Warning,
        summary,
    }
}

pub const ALL: &[Code] = &[
    // The theme
    error("E-THEME-MISSING", "norma.yaml names a theme with no folder"),
    error("E-TEMPLATE-SYNTAX", "a theme template has a syntax error"),
    error(
        "E-TEMPLATE-RENDER",
        "a theme template fails while a page is written",
    ),
    // Files and YAML
    error("E-PROJECT-LAYOUT", "the project has no content/ folder"),
    error("E-FILE-READ", "a file cannot be read or is not UTF-8"),
    error("E-FILE-TOO-LARGE", "a file is over 10 MB"),
    error(
        "E-FILE-OUTSIDE",
        "a link points to a file outside the project",
    ),
    warning(
        "W-FILE-IGNORED",
        "a YAML file in a place norma does not read",
    ),
    error(
        "E-FOLDER-NAME",
        "a manual's folder named in Spanish or the singular (unidades/ for units/)",
    ),
    error("E-YAML-SYNTAX", "the file is not valid YAML"),
    error(
        "E-YAML-DUPLICATE-KEY",
        "a field is written twice in the same block",
    ),
    error("E-YAML-LIMIT", "nesting too deep or aliases that multiply"),
    // Fields and values
    error(
        "E-FIELD-UNKNOWN",
        "a field norma does not know (often a typo)",
    ),
    error("E-FIELD-MISSING", "a required field is missing"),
    error("E-FIELD-TYPE", "a field has the wrong kind of value"),
    error(
        "E-LIST-AS-TEXT",
        "a list of options written as one text with commas",
    ),
    error("E-FIELD-VALUE", "a value is not one of the allowed words"),
    error(
        "E-DATE-INVALID",
        "a date is not YYYY-MM-DD or does not exist",
    ),
    error("E-DATE-ORDER", "entry into force before authorization"),
    error(
        "E-VERSION-INVALID",
        "a version is not dotted numbers, or supersedes a later one",
    ),
    // Releases
    error(
        "E-RELEASE-RECORD",
        "a release's release.yaml is missing, malformed or names another manual or version",
    ),
    error(
        "E-RELEASE-CHANGED",
        "a frozen file changed after its release was frozen",
    ),
    error(
        "E-RELEASE-MISSING",
        "a frozen file listed in release.yaml is gone",
    ),
    error(
        "E-RELEASE-EXTRA",
        "a file in a release folder that release.yaml does not list",
    ),
    warning(
        "W-RELEASE-EDITED",
        "a manual changed after its version was frozen, and still carries that version",
    ),
    error(
        "E-VERSION-BEHIND",
        "a manual's version is lower than its last release",
    ),
    warning(
        "W-CHANGES-MISSING",
        "the change log has no entry for the current version",
    ),
    error("E-CODE-PATTERN", "a clave does not match code_pattern"),
    error(
        "E-PATTERN-INVALID",
        "code_pattern is not a valid regular expression",
    ),
    error("E-CODE-DUPLICATE", "two entries share a code"),
    error(
        "E-MANUAL-MISSING",
        "a folder under content/ has YAML files but no manual.yaml",
    ),
    error("E-MANUAL-ID", "a manual id is invalid or used twice"),
    warning(
        "W-LINT-UNKNOWN",
        "a lint entry in norma.yaml names no norma code",
    ),
    // Sections
    error(
        "E-SECTION-CONTENT",
        "a section has no content, or more than one",
    ),
    error(
        "E-SECTION-FILE-MISSING",
        "a section's Markdown file does not exist",
    ),
    error(
        "E-SECTION-FILE-OUTSIDE",
        "a section's file path leaves the manual's folder",
    ),
    warning(
        "W-SECTION-MISSING",
        "entries exist but no section lists them",
    ),
    // Units and functions
    error(
        "E-UNIT-CODE",
        "a unit code is not numbers separated by dots",
    ),
    error(
        "E-UNIT-SECTION",
        "a unit code does not start with the number of the units section",
    ),
    error("E-UNIT-PARENT", "a unit's section parent does not exist"),
    error(
        "E-UNIT-REPORTS-TO",
        "reports_to names a unit that does not exist",
    ),
    error("E-UNIT-CYCLE", "reports_to forms a cycle"),
    error("E-FN-ID-DUPLICATE", "two functions of a unit share an id"),
    error(
        "E-FN-INCISO-DUPLICATE",
        "two incisos of a function share a label",
    ),
    warning(
        "W-LABEL-PASTED",
        "a function's number or an inciso's letter typed at the start of its text",
    ),
    warning("W-FN-INCISO-GAP", "explicit inciso labels skip a letter"),
    warning(
        "W-FN-INCISO-ORDER",
        "explicit inciso labels are out of order",
    ),
    warning(
        "W-FN-INCISO-LABEL",
        "an inciso label is written in capitals",
    ),
    warning(
        "W-FN-NO-INCISOS",
        "a function ends in a colon but has no incisos",
    ),
    warning("W-UNIT-NO-FUNCTIONS", "a unit without functions"),
    warning(
        "W-REF-BARE",
        "a step's document is a clave written without form:",
    ),
    warning(
        "W-TEXT-INDENT",
        "a line indented into the text above reads as a field or a list entry",
    ),
    warning(
        "W-HTML-TEXT",
        "a text holds an HTML tag, which prints as text",
    ),
    warning(
        "W-PLACEHOLDER",
        "a sample text of norma new left in the content",
    ),
    warning(
        "W-FN-VERB",
        "a function does not begin with a verb in the infinitive",
    ),
    warning("W-GLOSSARY-MISSING", "an acronym is not in the glossary"),
    warning(
        "W-PDF-GLYPH",
        "a character cannot be printed with the PDF's font",
    ),
    error(
        "E-GLOSSARY-DUPLICATE",
        "a term is defined twice in the glossary",
    ),
    // References
    error(
        "E-REF-UNKNOWN",
        "a reference points to something that does not exist",
    ),
    error(
        "E-REF-MALFORMED",
        "a reference is not written in a form norma understands",
    ),
    // Procedures
    error(
        "E-PROC-ACTOR",
        "a step names an unknown actor, or an actor id is repeated",
    ),
    error("E-PROC-STEP-DUPLICATE", "two steps share an id"),
    error("E-PROC-GOTO", "a goto names a step that does not exist"),
    error("E-PROC-DECISION", "a decision has fewer than two branches"),
    error(
        "E-PROC-FLOW",
        "a step both ends and jumps, or jumps and decides",
    ),
    error("E-PROC-LAST-STEP", "the last step neither ends nor jumps"),
    error(
        "E-PROC-UNREACHABLE",
        "no path from the first step reaches a step",
    ),
    error("E-PROC-NO-END", "no end can be reached from a step"),
    error(
        "E-PROC-STEP-AUDIENCE",
        "a step meant for some offices only decides or ends the procedure",
    ),
    error(
        "E-PROC-FORM",
        "a step's documents name a form that does not exist",
    ),
    // Forms and guides
    error("E-FORM-FIELD-DUPLICATE", "two fields of a form share an id"),
    error("E-FORM-FIELD-TYPE", "a form field has an unknown type"),
    error(
        "E-FORM-CHOICE-OPTIONS",
        "a choice field has no options, or another field has options",
    ),
    error("E-FORM-FIELD-LENGTH", "a form field's length is 0"),
    warning(
        "W-FORM-FIELD-LENGTH",
        "a form field asks for more character boxes than are drawn",
    ),
    error("E-GUIDE-EMPTY-SECTION", "a guide section has no items"),
    error("E-GUIDE-SCALE", "a guide has no scale to rate its items"),
    // Offices and audiences
    error("E-OFFICE-DUPLICATE", "two offices share an id"),
    warning(
        "W-OFFICE-KIND",
        "an office's kind is named by no audience, and is near one that is",
    ),
    error(
        "E-KEY-PUBLIC",
        "norma-signing.pub at the project's root is not a norma public key",
    ),
    error(
        "E-AUDIENCE-UNKNOWN",
        "an audience names no office kind of offices.yaml",
    ),
];

/// The default severity of `code`; `None` for a code norma does not have.
pub fn severity(code: &str) -> Option<Severity> {
    ALL.iter().find(|c| c.code == code).map(|c| c.severity)
}
