//! What a long build reports as it goes, for a progress bar or plain lines.

/// Stages a build reports as it goes, for a progress bar or plain lines.
pub enum Stage {
    /// The project is loaded and checked; what follows is said in its language.
    Checked(crate::i18n::Lang),
    Rendering {
        pages: usize,
    },
    PageDone,
    Printing,
    Writing,
}
