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
    /// What went wrong with a file, in the reader's words: "no existe" rather
    /// than "No such file or directory (os error 2)".
    pub fn io_reason(self, e: &std::io::Error) -> String {
        use std::io::ErrorKind::*;
        match e.kind() {
            NotFound => self.t("no existe", "it does not exist"),
            IsADirectory => self.t(
                "es una carpeta, no un archivo",
                "it is a folder, not a file",
            ),
            NotADirectory => self.t("no es una carpeta", "it is not a folder"),
            PermissionDenied => self.t("no hay permiso para usarlo", "permission denied"),
            AlreadyExists => self.t("ya existe", "it already exists"),
            InvalidData => self.t("no es texto UTF-8", "it is not UTF-8 text"),
            AddrInUse => self.t(
                "otro programa ya usa esa dirección",
                "another program uses that address already",
            ),
            AddrNotAvailable => self.t(
                "esa dirección no está disponible en esta máquina",
                "that address is not available on this machine",
            ),
            StorageFull => self.t("el disco está lleno", "the disk is full"),
            ReadOnlyFilesystem => self.t(
                "el disco es de solo lectura",
                "the disk is read-only",
            ),
            DirectoryNotEmpty => self.t("la carpeta no está vacía", "the folder is not empty"),
            FileTooLarge => self.t("el archivo es demasiado grande", "the file is too large"),
            ResourceBusy => self.t(
                "otro programa lo tiene en uso",
                "another program is using it",
            ),
            InvalidFilename => self.t(
                "el nombre no es válido (demasiado largo o con caracteres que el sistema no admite)",
                "the name is not valid (too long, or with characters the system does not allow)",
            ),
            CrossesDevices => self.t(
                "está en otro disco",
                "it is on another disk",
            ),
            _ if self == Lang::Es => match e.raw_os_error() {
                Some(code) => format!("el sistema no lo permitió (error {code} del sistema)"),
                None => "el sistema no lo permitió".to_owned(),
            },
            _ => e.to_string(),
        }
    }

    /// Why `path` could not be written or made: `io_reason`, or, when a folder
    /// on its way is a file ("File exists", "Not a directory"), which one.
    pub fn write_reason(self, path: &std::path::Path, e: &std::io::Error) -> String {
        use std::io::ErrorKind::*;
        if matches!(e.kind(), AlreadyExists | NotADirectory)
            && let Some(file) = path.ancestors().find(|a| a.is_file())
        {
            return self.t(
                format!(
                    "{} es un archivo, no una carpeta: elija otra carpeta",
                    file.display()
                ),
                format!(
                    "{} is a file, not a folder: choose another folder",
                    file.display()
                ),
            );
        }
        self.io_reason(e)
    }

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

/// Makes an error type that says itself with `message(lang)` a standard error:
/// `Display` gives the English message (for logs and other programs; people
/// get `message` in the project's language) and `Error::source` the cause
/// named by each pattern, for the variants that carry one.
macro_rules! localized_error {
    ($ty:ty $(, $pat:pat => $source:expr)* $(,)?) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(&self.message($crate::i18n::Lang::En))
            }
        }

        impl std::error::Error for $ty {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                #[allow(unreachable_patterns)]
                match self {
                    $($pat => Some($source),)*
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use localized_error;

#[cfg(test)]
mod tests {
    use super::Lang;
    use std::io::{Error, ErrorKind};

    #[test]
    fn a_system_error_is_said_in_plain_spanish() {
        for kind in [
            ErrorKind::NotFound,
            ErrorKind::PermissionDenied,
            ErrorKind::AddrInUse,
            ErrorKind::StorageFull,
            ErrorKind::ReadOnlyFilesystem,
        ] {
            let said = Lang::Es.io_reason(&Error::from(kind));
            assert!(
                !said.contains("os error") && !said.is_empty(),
                "{kind:?}: {said}"
            );
        }
        // One norma does not know by kind still says nothing in English.
        let said = Lang::Es.io_reason(&Error::from_raw_os_error(24));
        assert_eq!(said, "el sistema no lo permitió (error 24 del sistema)");
    }
}
