//! The language of everything a user reads: Spanish by default, English on request.
//!
//! Messages are written at the place that raises them, in both languages, through
//! [`Lang::t`]; this keeps each message next to the rule that explains it.

/// The `language` setting of norma.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    /// Picks the Spanish or the English text.
    pub fn t(self, es: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Es => es.into(),
            Lang::En => en.into(),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}
