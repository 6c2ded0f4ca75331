//! What `norma serve` prints after each rebuild, written by a thread of its
//! own. A terminal that is not read (a pipe nobody drains, a terminal paused
//! with Ctrl+S) used to block the rebuild loop in `println!` once the pipe
//! was full (64 KiB, about 700 rebuilds' lines): no rebuild after that, and
//! no browser told. Now the rebuild loop hands its lines over without
//! waiting; when the terminal falls more than `BACKLOG` lines behind, the
//! newest are dropped and counted, and the count is said when it reads again.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};

use crate::i18n::Lang;

/// How many lines may wait for a terminal that does not read them.
pub const BACKLOG: usize = 256;

enum Line {
    Out(String),
    Err(String),
}

/// The serve's terminal: stdout and stderr, written without blocking the
/// caller.
pub struct Terminal {
    lines: SyncSender<Line>,
    dropped: Arc<AtomicUsize>,
}

impl Terminal {
    pub fn new(lang: Lang) -> Terminal {
        let (lines, waiting) = sync_channel::<Line>(BACKLOG);
        let dropped = Arc::new(AtomicUsize::new(0));
        let counted = dropped.clone();
        std::thread::Builder::new()
            .name("norma-terminal".into())
            .spawn(move || {
                for line in waiting {
                    let lost = counted.swap(0, Ordering::Relaxed);
                    if lost > 0 {
                        let _ = writeln!(
                            std::io::stderr(),
                            "{}",
                            lang.t(
                                format!(
                                    "norma serve: {lost} mensajes omitidos (la terminal no los leía)"
                                ),
                                format!(
                                    "norma serve: {lost} messages left out (the terminal was not reading them)"
                                ),
                            )
                        );
                    }
                    let _ = match line {
                        Line::Out(text) => {
                            let mut out = std::io::stdout().lock();
                            out.write_all(text.as_bytes()).and_then(|_| out.flush())
                        }
                        Line::Err(text) => std::io::stderr().write_all(text.as_bytes()),
                    };
                }
            })
            .ok();
        Terminal { lines, dropped }
    }

    /// `text` on stdout (a line end is added when it lacks one).
    pub fn out(&self, text: impl Into<String>) {
        self.send(Line::Out(ended(text.into())));
    }

    /// `text` on stderr (a line end is added when it lacks one).
    pub fn err(&self, text: impl Into<String>) {
        self.send(Line::Err(ended(text.into())));
    }

    fn send(&self, line: Line) {
        match self.lines.try_send(line) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
            // The writer is gone (it could not start): nothing to say it on.
            Err(TrySendError::Disconnected(_)) => {}
        }
    }
}

fn ended(mut text: String) -> String {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
