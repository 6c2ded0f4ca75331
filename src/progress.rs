//! What a long build reports as it goes, for a progress bar or plain lines.

/// Stages a build reports as it goes, for a progress bar or plain lines.
pub enum Stage {
    Checked,
    Rendering { pages: usize },
    PageDone,
    Printing,
    Writing,
}
