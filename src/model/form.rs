//! Official forms (`forms/*.yaml`): sections, fields and the instructivo de llenado.

use crate::source::{FileId, Loc, Located};
use crate::yaml::Node;
use crate::yaml::read::Reader;

pub const FORM_FIELDS: &[&str] = &[
    "code", "name", "purpose", "owner", "copies", "sections", "audience",
];
pub const FIELD_FIELDS: &[&str] = &[
    "id",
    "label",
    "type",
    "length",
    "required",
    "instructions",
    "options",
];
pub const FIELD_TYPES: &[&str] = &[
    "text",
    "textarea",
    "number",
    "date",
    "choice",
    "checkbox",
    "signature",
];

#[derive(Debug, Clone)]
pub struct Form {
    pub file: FileId,
    pub at: Loc,
    pub code: Located<String>,
    pub name: Located<String>,
    pub purpose: Option<Located<String>>,
    pub owner: Option<Located<String>>,
    pub copies: Vec<Copy>,
    pub sections: Vec<FormSection>,
    pub audience: Vec<Located<String>>,
}

#[derive(Debug, Clone)]
pub struct Copy {
    pub copy: Located<String>,
    pub recipient: Located<String>,
}

#[derive(Debug, Clone)]
pub struct FormSection {
    pub at: Loc,
    pub title: Located<String>,
    pub fields: Vec<FormField>,
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub at: Loc,
    pub id: Located<String>,
    pub label: Located<String>,
    pub kind: Option<Located<String>>,
    pub length: Option<Located<u32>>,
    pub required: bool,
    pub instructions: Option<Located<String>>,
    pub options: Vec<Located<String>>,
}

impl Form {
    pub fn read(r: &mut Reader, node: &Node, file: FileId) -> Option<Form> {
        let mut f = r.fields(
            node,
            r.lang
                .t("el formato de este archivo", "the form in this file"),
        )?;
        let code = r.required_text(&mut f, "code");
        if let Some(code) = &code {
            f.set_what(r.lang.t(
                format!("el formato {}", code.value),
                format!("form {}", code.value),
            ));
        }
        let what = f.what.clone();
        let name = r.required_text(&mut f, "name");
        let purpose = r.optional_text(&mut f, "purpose");
        let owner = r.optional_text(&mut f, "owner");
        let copies = r.list(&mut f, "copies", |r, n, i| {
            let copy_what = r.lang.t(
                format!("la copia {} de {what}", i + 1),
                format!("copy {} of {what}", i + 1),
            );
            let mut c = r.fields(n, copy_what)?;
            let copy = r.required_text(&mut c, "copy");
            let recipient = r.required_text(&mut c, "for");
            r.finish(c, &["copy", "for"]);
            Some(Copy {
                copy: copy?,
                recipient: recipient?,
            })
        });
        let sections = r.list(&mut f, "sections", |r, n, i| {
            FormSection::read(r, n, &what, i)
        });
        let audience = r.text_list(&mut f, "audience");
        let at = f.at;
        r.finish(f, FORM_FIELDS);
        Some(Form {
            file,
            at,
            code: code?,
            name: name?,
            purpose,
            owner,
            copies,
            sections,
            audience,
        })
    }
}

impl FormSection {
    fn read(r: &mut Reader, node: &Node, form: &str, index: usize) -> Option<FormSection> {
        let what = r.lang.t(
            format!("la sección {} de {form}", index + 1),
            format!("section {} of {form}", index + 1),
        );
        let mut f = r.fields(node, what)?;
        let title = r.required_text(&mut f, "title");
        let fields = r.list(&mut f, "fields", |r, n, i| FormField::read(r, n, form, i));
        let at = f.at;
        r.finish(f, &["title", "fields"]);
        Some(FormSection {
            at,
            title: title?,
            fields,
        })
    }
}

impl FormField {
    fn read(r: &mut Reader, node: &Node, form: &str, index: usize) -> Option<FormField> {
        let what = r.lang.t(
            format!("el campo {} de {form}", index + 1),
            format!("field {} of {form}", index + 1),
        );
        let mut f = r.fields(node, what)?;
        let id = r.required_text(&mut f, "id");
        if let Some(id) = &id {
            f.set_what(r.lang.t(
                format!("el campo «{}» de {form}", id.value),
                format!("field “{}” of {form}", id.value),
            ));
        }
        let label = r.required_text(&mut f, "label");
        // The type is checked by the forms rules (E-FORM-FIELD-TYPE), not here.
        let kind = r.required_text(&mut f, "type");
        let length = r.optional_number(&mut f, "length");
        let required = r.optional_bool(&mut f, "required").is_some_and(|b| b.value);
        let instructions = r.optional_text(&mut f, "instructions");
        let options = r.label_list(&mut f, "options");
        let at = f.at;
        r.finish(f, FIELD_FIELDS);
        Some(FormField {
            at,
            id: id?,
            label: label?,
            kind,
            length,
            required,
            instructions,
            options,
        })
    }
}
