"""Regenerates docs/diagnostics.md from src/diagnostic/codes.rs, the explanations below
and the snapshot of each broken fixture (tests/snapshots). Run after changing a
message or adding a code: python3 docs/tools/diagnostics_doc.py"""
import re

fixes = {
"E-PROC-STEP-AUDIENCE": ('A step with `audience` also has `decide` or `end: true`. The bundle of an office outside that audience leaves the step out and sends the flow on to where the step would have gone (its `goto`, else the next step); a step that decides or ends has no single place to go on to.', 'Keep the decision or the end in a step every office has, and put `audience` only on steps that do something and go on.'),
"E-KEY-PUBLIC": ('The project keeps a `norma-signing.pub` at its root (beside norma.yaml), which `norma build` publishes with the site and `norma package` checks its private key against, but the file is not a public key as `norma keygen` writes it: a comment line, then 64 hexadecimal digits.', 'Copy the `norma-signing.pub` that `norma keygen` wrote, unchanged (the fingerprint that `norma package` prints is not the key).'),
"E-THEME-MISSING": ("norma.yaml's `theme:` names a theme that has no folder `themes/<name>/` in the project.", "Write `theme: default`, or create the folder with your `templates/` and `static/` (see docs/theme.md)."),
"E-TEMPLATE-SYNTAX": ("A template of the project's theme is not valid tera: an unclosed `{{`, `{% if %}` without `{% endif %}` ... Found by `check` too.", "Correct the template at the line shown."),
"E-TEMPLATE-RENDER": ("A template of the project's theme fails while a page is written, usually because it uses a value that page does not have. Only `build` finds it; nothing is written.", "Use the values docs/theme.md lists for that page; the message lists the ones available."),
"E-PROJECT-LAYOUT": ("The project has no `content/` folder.", "Create `content/` beside norma.yaml and put each manual in `content/<manual-id>/manual.yaml`."),
"E-FILE-READ": ("A file cannot be opened, or it is not UTF-8 text.", "Save the file as UTF-8 (most editors: *Save as → UTF-8*)."),
"E-FILE-TOO-LARGE": ("A file is larger than 10 MB; norma refuses it before reading it.", "Split the content: one unit, procedure, form or guide per file."),
"E-FILE-OUTSIDE": ("A file in the project is a link to a file outside the project; norma never reads outside the project.", "Copy the file into the project instead of linking to it."),
"W-FILE-IGNORED": ("A YAML file sits directly in a manual's folder, or in a folder of it that is none of norma's four (`borradores/`), where norma does not read it.", "Move it to `units/`, `procedures/`, `forms/` or `guides/`, or a folder of drafts out of `content/`."),
"E-FOLDER-NAME": ("A folder in a manual's folder holds YAML files and is named as one of norma's four folders in Spanish, in the singular or with capitals (`unidades/`, `procedimientos/`, `formatos/`, `guias/`, `unit/`, `Forms/`). norma reads only `units/`, `procedures/`, `forms/` and `guides/`, so the files in it would silently not be published. A folder with any other name that holds YAML files gets W-FILE-IGNORED.", "Rename the folder as the hint says."),
"E-YAML-SYNTAX": ("The file is not valid YAML: usually a tab used for indentation, a `: ` inside unquoted text, or a bracket or quote not closed.", "Indent with spaces; quote text that contains `: `, or use a `>-` block."),
"E-YAML-DUPLICATE-KEY": ("The same field is written twice in one block.", "Delete one of the two lines."),
"E-YAML-LIMIT": ("More than 64 levels of nesting, or anchors and aliases (`&`, `*`) that multiply (an \"alias bomb\"). norma stops in milliseconds.", "Simplify the structure; normative content needs neither."),
"E-FIELD-UNKNOWN": ("A field norma does not know: almost always a typo. The hint names the closest field.", "Correct the name (`funtions` → `functions`)."),
"E-FIELD-MISSING": ("A required field is missing (for a unit: `code`, `name`).", "Add the field."),
"E-FIELD-TYPE": ("A field has the wrong kind of value: a list where a text goes, an empty value, a text where a list goes.", "Write the value in the form docs/content.md shows."),
"W-LABEL-PASTED": ("A function's text starts with a number (`1. `, `12) `) or an inciso's with a letter (`c) `), as a list pasted from a word processor leaves them. norma numbers functions and letters incisos by itself, so they would print twice (\"3. 1. Programar\", \"a) a) Sueldos\"): norma takes the pasted number or letter out of the text. An inciso without `label` whose pasted letter is not the one its place gives keeps the pasted letter as its official one (`c)` after `a)` stays `c)`, and W-FN-INCISO-GAP says so). A function prints with the number of its place whatever was pasted; the message says when the two differ.", "Delete the number or letter from the text. Write an official letter that is not the one of the inciso's place as `label:`."),
"W-PLACEHOLDER": ("A text still holds a sample phrase `norma new` wrote for the author to replace (\"Escriba aquí el objetivo…\", \"Nombre oficial de la unidad\"): published as it is, it would print in the official manual.", "Write the official text in its place. `norma check --deny-warnings` (what CI should run) refuses to go on while one is left."),
"W-UNIT-NO-FUNCTIONS": ("A unit has no functions (`functions: []`, an empty `functions:`, or none at all): its page and the PDF would show it without its Funciones part, which an organization manual never does.", "Write its functions under `functions:`, one per line starting with `- `."),
"E-LIST-AS-TEXT": ("A list of short labels (a choice field's `options`, a guide's `scale`, an `audience`) is written as one text with commas, `options: Alta, Baja`, without brackets. YAML reads it as one text, which would print as a single check box labelled with the whole line.", "Write the list in brackets, `options: [Alta, Baja]`, or each option on its own line starting with `- `. An option that really holds a comma goes in quotes inside the brackets."),
"E-FIELD-VALUE": ("A value is not one of the allowed words (`kind`, `status`, `generate`, `language`, `paper`).", "Use one of the values the hint lists."),
"E-DATE-INVALID": ("A date is not written YYYY-MM-DD, or the day does not exist (2025-02-30).", "Write the date as 2025-04-01."),
"E-DATE-ORDER": ("The entry into force (`effective`) is before the authorization (`authorized`).", "Correct one of the dates."),
"E-VERSION-INVALID": ("A version is not dotted numbers, or `supersedes` names a version that is not earlier.", "Write versions in quotes: `version: \"3.1\"`."),
"E-RELEASE-RECORD": ("A release folder's `release.yaml` is missing, is not valid, lists a path that leaves the folder, or names a manual or version other than its folder's (`releases/<manual>/<version>/`).", "`release.yaml` is written by `norma release`: restore the folder from version control (`git checkout -- releases/`), and do not move or rename release folders."),
"E-RELEASE-CHANGED": ("A frozen file's SHA-256 no longer matches the one `release.yaml` recorded when the version was frozen: the file was edited after its release. The message names the file.", "A published version does not change: restore the file (`git checkout -- releases/`). To change the content, edit `content/` and freeze a new version."),
"E-RELEASE-MISSING": ("A file `release.yaml` lists is gone from the release folder.", "Restore it from version control."),
"E-RELEASE-EXTRA": ("A file sits in a release folder that `release.yaml` does not list: it was added after the version was frozen.", "Delete it; to add content, edit `content/` and freeze a new version."),
"W-RELEASE-EDITED": ("A manual in `content/` changed after its version was frozen, and still carries that version. The frozen copy is what the site publishes; the edits are not published.", "Raise `version` (3.1 → 3.2) with its `effective` date, and keep `status: draft` while editing."),
"E-VERSION-BEHIND": ("A manual's `version` in `content/` is lower than its last frozen release: the content of `content/` is always the next version.", "Write a version greater than the last one frozen."),
"W-CHANGES-MISSING": ("The change log (`changes`) has no entry for the manual's current version.", "Add an entry with `version`, `date` and `summary` at the top of `changes`."),
"E-CODE-PATTERN": ("A clave (manual, procedure, form or guide code) does not match `code_pattern` in norma.yaml.", "Write the clave in the institution's form, e.g. `9210-009-001`."),
"E-PATTERN-INVALID": ("`code_pattern` in norma.yaml is not a valid regular expression.", "Correct it; write it in single quotes."),
"E-CODE-DUPLICATE": ("Two entries share a code: two units of one manual, or two procedures, forms, guides or manuals with one clave. A clave is unique across kinds too: a form cannot carry a procedure's clave. One exception: a procedures manual that holds a single procedure (and no form or guide) may carry that procedure's clave, as a single registered procedure is published. The message names both files.", "Give each entry its own code, or delete the copy."),
"E-MANUAL-MISSING": ("A folder under `content/` has YAML files but no `manual.yaml`.", "Add the manual.yaml, or move the files into an existing manual."),
"E-MANUAL-ID": ("A manual id has characters other than lowercase letters, digits and hyphens, or two manuals share an id.", "Use an id such as `mo-dir`."),
"W-LINT-UNKNOWN": ("norma.yaml's `lint` names a code norma does not have.", "Correct the code; the hint names the closest."),
"E-SECTION-CONTENT": ("A section has no content, or more than one of `body`, `file`, `generate`.", "Give it exactly one."),
"E-SECTION-FILE-MISSING": ("A section's `file:` names a Markdown file that does not exist.", "Correct the name or create the file beside manual.yaml."),
"E-SECTION-FILE-OUTSIDE": ("A section's `file:` path leaves the manual's folder (`../`, an absolute path, or a link out of the project). norma does not read it.", "Put the .md file beside manual.yaml and write only its name."),
"W-SECTION-MISSING": ("A manual has procedures, forms or guides but no section that lists them; they would not be published.", "Add a section with `generate: procedures` (or `forms`, `guides`)."),
"E-UNIT-CODE": ("A unit code is not numbers separated by dots (at least two: `7.1`).", "Write the code as cited in the manual: `7.3.1.1`."),
"E-UNIT-SECTION": ("A unit code does not start with the number of the section that has `generate: units`, or the manual has units and no such section.", "Renumber the unit, or add or move the functions section."),
"E-UNIT-PARENT": ("The section parent of a unit (`7.3.1` for `7.3.1.1`) does not exist. Not reported while some file fails to load.", "Create the parent unit, or correct the code."),
"E-UNIT-REPORTS-TO": ("`reports_to` names a unit that does not exist in the manual.", "Correct the code; the hint names the closest."),
"E-UNIT-CYCLE": ("The reporting lines (`reports_to`, else the section parent) go round in a circle, or a unit reports to itself.", "Correct one of the `reports_to`."),
"E-FN-ID-DUPLICATE": ("Two functions of a unit share an `id`.", "Give each function its own id."),
"E-FN-INCISO-DUPLICATE": ("Two incisos of a function share a label; citations would be ambiguous.", "Correct one of the labels."),
"W-FN-INCISO-GAP": ("Explicit inciso labels skip a letter (a, c). The official labels are kept exactly as written; the warning tells the author, so that an intentional gap (it is in the authorized document, as in function 10 of 7.3.1.1 in the example) is not \"fixed\" by mistake and an accidental one is noticed.", "If the gap is an error, add the missing inciso. If it is official, leave it; you may turn the warning off with `lint: {W-FN-INCISO-GAP: off}`."),
"W-FN-INCISO-ORDER": ("Explicit inciso labels are out of alphabetical order.", "Reorder the incisos; labels are kept as written."),
"W-FN-VERB": ("A function does not begin with a verb in the infinitive (Elaborar, Coordinar ...), as the federal technical guides ask.", "Rewrite the start of the function; turn the rule off with `lint: {W-FN-VERB: off}` if your institution does not follow it."),
"W-GLOSSARY-MISSING": ("A word of three or more capital letters (an acronym; roman numerals excepted) is not in the glossary. Reported once per acronym, at its first use, with the number of uses.", "Add `- term: CONSAR` with `expansion:` to content/glossary.yaml."),
"W-PDF-GLYPH": ("A text has a character the PDF's font (Noto Sans, reduced to the Latin alphabet, Latin-1 and the usual punctuation) cannot draw: a mathematical sign such as ≥, an arrow, a character of another script. The PDF prints a question mark in its place (and copies as the character itself, so the file still meets PDF/UA and PDF/A); the site shows it. Reported once per character, at its first use, with the number of uses.", "Write it another way (`mayor o igual que` for `≥`), or set the level to `off` in norma.yaml's `lint` if the PDF does not matter for this project."),
"E-GLOSSARY-DUPLICATE": ("A term is defined twice in the glossary.", "Keep one definition."),
"E-REF-UNKNOWN": ("A reference (`[](unit:…)`, `fn:`, `proc:`, `form:`, `guide:`, `term:`, `manual:`, an `owner:`, a step document) points at something that does not exist. The hint names the closest existing code. Not reported while some file fails to load, since the target may be in it.", "Correct the reference."),
"E-REF-MALFORMED": ("A link uses a scheme that is not norma's (`fun:`), or a norma reference is not in its form (`fn:` needs UNIT/NUMBER), or a reference is written so that Markdown does not take it as a link, which would print as written: a destination with spaces (`[](term:Expediente de personal)`), a space between `]` and `(` (`[Dirección] (unit:5.1)`), a `)` missing after the reference (`[](unit:5.1 las mejoras`). The hint says which.", "Write it as docs/content.md shows: `fn:7.3.1.1/10c`; a destination with spaces goes between `< >`: `[](<term:Expediente de personal>)`; `]` and `(` go together; a reference ends with `)`."),
"E-PROC-ACTOR": ("A step names an actor not declared in `actors`, or two actors share an id.", "Declare the actor or correct the id."),
"E-PROC-STEP-DUPLICATE": ("Two steps share an id.", "Give each step its own id."),
"E-PROC-GOTO": ("A `goto` (or a decision branch) names a step that does not exist.", "Correct the id; the hint names the closest."),
"E-PROC-DECISION": ("A decision has fewer than two branches.", "Add the other answer."),
"E-PROC-FLOW": ("A step combines `end`, `goto` and `decide`; it can only do one.", "Keep one."),
"E-PROC-LAST-STEP": ("The last step neither ends (`end: true`) nor jumps.", "Add `end: true` or a `goto`."),
"E-PROC-UNREACHABLE": ("No path from the first step reaches this step.", "Make a `goto` or a branch lead to it, or remove it."),
"E-PROC-NO-END": ("From this step no `end` can be reached (a loop with no way out), or no step ends the procedure.", "Make some branch lead to a step with `end: true`."),
"E-PROC-FORM": ("A step's `documents` names a form (`form:9210-009-001`) that is in no forms catalog of the project. The procedure's \"Relación de documentos\" and the form's list of procedures that use it would both be wrong.", "Correct the clave (the hint names the closest form), add the form to a catalog (`kind: forms`), or write the document as free text (`documents: [Oficio de observaciones]`)."),
"E-FORM-FIELD-DUPLICATE": ("Two fields of a form share an id.", "Give each field its own id."),
"E-FORM-FIELD-TYPE": ("A form field has an unknown `type`.", "Use text, textarea, number, date, choice, checkbox or signature."),
"E-FORM-CHOICE-OPTIONS": ("A `choice` field has no `options`.", "Add `options: [Permanente, Eventual]`."),
"E-GUIDE-EMPTY-SECTION": ("A supervision guide section has no items.", "Add items, or remove the section."),
"E-OFFICE-DUPLICATE": ("Two offices in offices.yaml share an id.", "Give each office its own id."),
"E-AUDIENCE-UNKNOWN": ("An `audience` value is not the `kind` of any office in offices.yaml.", "Use a kind that exists (estatal, regional ...), or declare the offices."),
}

src = open('src/diagnostic/codes.rs').read()
codes = re.findall(r'(error|warning)\(\s*"([EW]-[A-Z-]+)",\s*"([^"]+)"', src)
out = ["# Diagnostics", "",
"<!-- Generated by docs/tools/diagnostics_doc.py; edit that script, not this file. -->", "",
"Every finding of `norma check` has a stable code. Codes starting with `E-` are",
"errors: `norma check` exits with 1 (and, once it exists, `norma build` writes",
"nothing). Codes starting with `W-` are warnings: they do not fail a check unless",
"`--deny-warnings` is given. The level of any code can be changed in norma.yaml:", "",
"```yaml", "lint:", "  W-FN-VERB: off          # error | warning | off", "  W-GLOSSARY-MISSING: error", "```", "",
"Every finding names the file, line and column; `--format json` gives",
"`{code, severity, file, line, column, message, hint}` per finding and",
"`--format github` gives GitHub Actions annotations with the same data. Messages",
"are in Spanish unless norma.yaml says `language: en`.", "",
"Exit codes: 0 clean or warnings only; 1 errors (or warnings with `--deny-warnings`);",
"2 usage problems, a folder without norma.yaml, or output that cannot be written.", "",
"norma reports every problem it finds, not only the first. When a file fails to",
"load, the rules that look things up by code (references, section parents) stay",
"quiet about missing targets until the file loads, since the target may be in it.", "",
"The examples below are the real output for the broken fixture projects in",
"`tests/fixtures/broken/<code>/`; the test suite checks each one.", "",
"| code | severity | what |", "|---|---|---|"]
for sev, c, summary in codes:
    out.append(f"| [{c}](#{c.lower()}) | {sev} | {summary} |")
out.append("")
for sev, c, summary in codes:
    what, fix = fixes[c]
    snap = open(f'tests/snapshots/diagnostics__broken__{c.lower()}.snap').read().split('---\n', 2)[2]
    blocks = snap.strip().split('\n\n')
    mine = [b for b in blocks if b.startswith(('error[' + c + ']', 'aviso[' + c + ']'))]
    example = mine[0] if mine else snap.strip()
    out += [f"## {c}", "", f"*{'Error' if sev == 'error' else 'Warning'}.* {what}", "",
            "```text", example, "```", "", f"**Fix:** {fix}", ""]
open('docs/diagnostics.md', 'w').write('\n'.join(out))
print(len(codes), "codes")
