//! The command line's own words in Spanish: clap parses the arguments and
//! finds the mistakes; this module says them. Help is clap's, its English
//! headings and placeholders put in Spanish; each error kind clap reports is
//! written anew from its context (the argument, the value, the suggestion).
//! With a project whose norma.yaml says `language: en`, clap's English stays
//! and the commands' descriptions are put in English (`in_language`).

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::{ExitCode, Lang};

/// The language of the command line's own words, and of the whole run:
/// `--lang` when given; else the project's (`--project`, else the current
/// folder) `language:` when it has a norma.yaml; else the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`: English when it starts with "en"), so
/// `norma --help` outside a project speaks the reader's language; Spanish
/// otherwise, as norma's messages are.
pub fn language(args: &[String]) -> Lang {
    match flag(args, "--lang").as_deref() {
        Some("en") => return Lang::En,
        Some("es") => return Lang::Es,
        // Another value: clap says it is not one of es, en.
        _ => {}
    }
    let project = flag(args, "--project").unwrap_or_else(|| ".".to_owned());
    let root = std::path::Path::new(&project);
    if root.join("norma.yaml").is_file() {
        return norma::project::language_at(root);
    }
    locale(|name| std::env::var(name).ok())
}

/// The value of `--name VALUE` or `--name=VALUE` among `args`.
fn flag(args: &[String], name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix(&prefix).map(str::to_owned))
        })
}

/// The language of the locale, by POSIX precedence: the first of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` that is set and not empty.
fn locale(var: impl Fn(&str) -> Option<String>) -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .map_or(Lang::Es, |value| {
            if value.starts_with("en") {
                Lang::En
            } else {
                Lang::Es
            }
        })
}

/// The command line's descriptions in `lang`: they are written in Spanish
/// on the commands (src/main.rs); English replaces them here.
pub fn in_language(command: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::Es {
        return command;
    }
    const ABOUT: &[(&str, &str)] = &[
        (
            "init",
            "Creates a new project with a small example that works",
        ),
        (
            "check",
            "Loads and checks all the content; exits with 1 on errors",
        ),
        ("build", "Checks and writes the HTML site and the PDFs"),
        (
            "serve",
            "Builds, watches for changes and reloads the browser (on 127.0.0.1 only)",
        ),
        (
            "new",
            "Creates a new entry (unit, procedure, form or guide) from a template",
        ),
        ("release", "Freezes a manual's current version in releases/"),
        (
            "diff",
            "Shows what changed between two versions of a manual",
        ),
        ("keygen", "Makes an ed25519 key pair to sign bundles"),
        (
            "package",
            "Prepares the offline bundles for the offices, with a signed manifest",
        ),
        (
            "verify",
            "Checks the files and the signature of a bundle (zip, unpacked folder or dist/)",
        ),
        (
            "schema",
            "Writes the JSON Schema of each kind of YAML file in schemas/, for editors",
        ),
    ];
    const HELP: &[(&str, &str, &str)] = &[
        (
            "init",
            "dir",
            "Folder of the new project (empty or not there yet)",
        ),
        (
            "check",
            "format",
            "Output: human (people), json (programs), github (GitHub Actions annotations)",
        ),
        (
            "check",
            "deny_warnings",
            "Treat warnings as errors (exit with 1 on any)",
        ),
        ("build", "out", "Output folder"),
        ("build", "no_pdf", "Do not write the PDFs"),
        ("build", "drafts", "Include the drafts"),
        (
            "build",
            "format",
            "Findings as human, json or github (the summary goes to stderr with json and github)",
        ),
        ("serve", "port", "Port on 127.0.0.1 (0: a free one)"),
        (
            "serve",
            "no_drafts",
            "Leave out the draft manuals (without it they are shown, marked DRAFT)",
        ),
        (
            "new",
            "kind",
            "What to make: unit, procedure, form or guide",
        ),
        (
            "new",
            "code",
            "Its code or clave: 7.3.1.2 for a unit, the registration key for the others",
        ),
        (
            "new",
            "manual",
            "Id of the manual it goes in (its folder in content/)",
        ),
        (
            "release",
            "manual",
            "Id of the manual (its folder in content/)",
        ),
        ("diff", "manual", "Id of the manual"),
        (
            "diff",
            "from",
            "Version to compare from (by default, the one before TO)",
        ),
        (
            "diff",
            "to",
            "Version to compare to (by default the newest: the content of content/)",
        ),
        (
            "diff",
            "format",
            "Output: human (people) or json (programs)",
        ),
        (
            "keygen",
            "out",
            "Folder for norma-signing.key and norma-signing.pub, outside the project (default: ~/.norma)",
        ),
        (
            "package",
            "office",
            "Only this office's bundle (its id in content/offices.yaml)",
        ),
        ("package", "out", "Output folder (replaced whole)"),
        (
            "package",
            "key",
            "File of the private signing key (or the variable NORMA_SIGNING_KEY)",
        ),
        (
            "verify",
            "bundle",
            "The bundle: a .zip, the folder it was unpacked in, or the whole dist/ folder",
        ),
        (
            "verify",
            "key",
            "The public key to verify with (the one the institution publishes)",
        ),
        (
            "schema",
            "kind",
            "Only this kind's, on standard output: norma, manual, unit, procedure, form, guide, glossary, offices",
        ),
        (
            "schema",
            "out",
            "Folder to write them in (default: the project's schemas/)",
        ),
    ];
    let mut command = command
        .about("Normative manuals from YAML: checked, versioned and published as HTML and PDF")
        .mut_arg("project", |a| {
            a.help("Project folder (the one with norma.yaml)")
                .value_name("FOLDER")
        })
        .mut_arg("lang", |a| {
            a.help("Language of this run's messages and of the site's own words (es or en); default: norma.yaml's language")
                .value_name("LANGUAGE")
        });
    for (name, about) in ABOUT {
        command = command.mut_subcommand(*name, |s| s.about(*about));
    }
    for (name, arg, help) in HELP {
        command = command.mut_subcommand(*name, |s| {
            s.mut_arg(*arg, |a| {
                let named = a
                    .get_value_names()
                    .and_then(|names| names.first())
                    .and_then(|n| english_value_name(n.as_str()));
                let a = a.help(*help);
                match named {
                    Some(name) => a.value_name(name),
                    None => a,
                }
            })
        });
    }
    command
}

/// The English placeholder of a Spanish one (`<CARPETA>` → `<FOLDER>`).
fn english_value_name(spanish: &str) -> Option<&'static str> {
    Some(match spanish {
        "CARPETA" => "FOLDER",
        "FORMATO" => "FORMAT",
        "PUERTO" => "PORT",
        "TIPO" => "KIND",
        "CÓDIGO" => "CODE",
        "PAQUETE" => "BUNDLE",
        "DESDE" => "FROM",
        "HASTA" => "TO",
        "ARCHIVO" => "FILE",
        _ => return None,
    })
}

/// Says a parse failure (or prints the help or version it stands for) in
/// `lang`, and gives the exit code: 0 for help and version, 2 for a mistake.
pub fn report(error: clap::Error, lang: Lang) -> ExitCode {
    if lang == Lang::En {
        let _ = error.print();
        return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
    }
    let rendered = spanish_help(&error.render().to_string());
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{rendered}");
            if !rendered.ends_with('\n') {
                println!();
            }
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{rendered}");
            ExitCode::from(2)
        }
        _ => {
            let usage = match error.get(ContextKind::Usage) {
                Some(ContextValue::StyledStr(s)) => spanish_help(&s.to_string()),
                _ => String::new(),
            };
            eprintln!("error: {}", message(&error));
            if let Some(tip) = tip(&error) {
                eprintln!("\n  consejo: {tip}");
            }
            if !usage.trim().is_empty() {
                eprintln!("\n{}", usage.trim_end());
            }
            eprintln!("\nPara más información, pruebe «--help».");
            ExitCode::from(2)
        }
    }
}

/// clap's help and usage with its English words in Spanish.
pub fn spanish_help(text: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("Usage:", "Uso:"),
        ("Commands:", "Órdenes:"),
        ("Arguments:", "Argumentos:"),
        ("Options:", "Opciones:"),
        ("[OPTIONS]", "[OPCIONES]"),
        ("<COMMAND>", "<ORDEN>"),
        (
            "Print this message or the help of the given subcommand(s)",
            "Muestra esta ayuda o la de la orden que se indique",
        ),
        ("Print help", "Muestra la ayuda"),
        ("Print version", "Muestra la versión"),
        ("[default: ", "[predeterminado: "),
        ("[possible values: ", "[valores posibles: "),
    ];
    let mut out = text.to_owned();
    for (english, spanish) in WORDS {
        out = out.replace(english, spanish);
    }
    out
}

fn value(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn values(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// What went wrong, in words.
fn message(error: &clap::Error) -> String {
    let arg = value(error, ContextKind::InvalidArg).unwrap_or_default();
    let given = value(error, ContextKind::InvalidValue).unwrap_or_default();
    match error.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "norma no tiene la orden «{}»",
            value(error, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("la opción «{arg}» no existe aquí"),
        ErrorKind::InvalidValue => {
            let valid = values(error, ContextKind::ValidValue);
            if given.is_empty() {
                format!("falta el valor de «{arg}»")
            } else if valid.is_empty() {
                format!("«{given}» no es un valor válido para «{arg}»")
            } else {
                format!(
                    "«{given}» no es un valor válido para «{arg}»; valores posibles: {}",
                    valid.join(", ")
                )
            }
        }
        ErrorKind::ValueValidation => format!("«{given}» no es un valor válido para «{arg}»"),
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = values(error, ContextKind::InvalidArg)
                .iter()
                .map(|m| format!("«{m}»"))
                .collect();
            match missing.as_slice() {
                [one] => format!("falta el argumento {one}"),
                [first @ .., last] => {
                    format!("faltan los argumentos {} y {last}", first.join(", "))
                }
                [] => "faltan argumentos".to_owned(),
            }
        }
        ErrorKind::MissingSubcommand => "falta la orden: check, build, serve …".to_owned(),
        ErrorKind::ArgumentConflict => format!(
            "«{arg}» no puede usarse junto con «{}»",
            value(error, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("sobra un valor: «{given}»")
        }
        ErrorKind::NoEquals => format!("escriba el valor de «{arg}» con «=»"),
        ErrorKind::InvalidUtf8 => "un argumento no es texto UTF-8 válido".to_owned(),
        _ => "no se entienden los argumentos".to_owned(),
    }
}

/// The suggestion clap found, in words.
fn tip(error: &clap::Error) -> Option<String> {
    let subcommand = values(error, ContextKind::SuggestedSubcommand);
    if let Some(s) = subcommand.first() {
        return Some(format!("¿quiso decir «{s}»?"));
    }
    let arg = values(error, ContextKind::SuggestedArg);
    if let Some(a) = arg.first() {
        return Some(format!("¿quiso decir «{a}»?"));
    }
    let valid = values(error, ContextKind::SuggestedValue);
    if let Some(v) = valid.first() {
        return Some(format!("¿quiso decir «{v}»?"));
    }
    if let Some(trailing) = value(error, ContextKind::TrailingArg) {
        return Some(format!(
            "para pasar «{trailing}» como valor, escriba «-- {trailing}»"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_is_read_by_posix_precedence() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(locale(env(&[])), Lang::Es);
        assert_eq!(locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(locale(env(&[("LANG", "C.UTF-8")])), Lang::Es);
        assert_eq!(
            locale(env(&[("LC_ALL", "es_MX.UTF-8"), ("LANG", "en_US.UTF-8")])),
            Lang::Es
        );
        assert_eq!(
            locale(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "en_GB"),
                ("LANG", "es_MX")
            ])),
            Lang::En
        );
    }

    #[test]
    fn the_help_speaks_spanish() {
        let help = "Usage: norma [OPTIONS] <COMMAND>\n\nCommands:\n  check\n\nOptions:\n  -h, --help  Print help";
        let out = spanish_help(help);
        assert_eq!(
            out,
            "Uso: norma [OPCIONES] <ORDEN>\n\nÓrdenes:\n  check\n\nOpciones:\n  -h, --help  Muestra la ayuda"
        );
    }
}
