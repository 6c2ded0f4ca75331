//! `norma serve`: the authoring loop. Builds the site in memory, serves it on
//! 127.0.0.1 only, watches `content/`, the themes and `norma.yaml`, rebuilds on
//! every save, rendering again only the pages whose content changed, and tells
//! the open pages to reload. A save with errors keeps the last good pages served
//! and shows the errors over them; the fix clears them. PDFs are printed when a
//! browser asks for one.
//!
//! - [`http`]: the server (GET and HEAD, the live-reload script, the event stream);
//! - [`live`]: the site being served and the rebuild;
//! - [`watch`]: which file events start a rebuild.

pub mod http;
pub mod live;
pub mod terminal;
pub mod watch;

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use crate::i18n::Lang;
use live::{Builder, Live, Rebuilt};
use terminal::Terminal;

pub struct ServeOptions {
    /// 0: any free port (the address is printed).
    pub port: u16,
    /// Drafts are shown, marked BORRADOR, unless `--no-drafts`.
    pub drafts: bool,
    pub color: bool,
}

#[derive(Debug)]
pub enum ServeError {
    NotAProject(crate::load::LoadError),
    Bind(u16, std::io::Error),
    Watch(notify::Error),
}

impl ServeError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ServeError::NotAProject(e) => e.message(lang),
            ServeError::Bind(port, e) => lang.t(
                format!(
                    "no se pudo escuchar en 127.0.0.1:{port}: {}\nayuda: pruebe con --port {} (o --port 0 para uno libre)",
                    lang.io_reason(e),
                    port.saturating_add(1)
                ),
                format!(
                    "could not listen on 127.0.0.1:{port}: {}\nhelp: try --port {} (or --port 0 for a free one)",
                    lang.io_reason(e),
                    port.saturating_add(1)
                ),
            ),
            ServeError::Watch(e) => lang.t(
                format!(
                    "no se pueden vigilar los archivos del proyecto: {}",
                    match &e.kind {
                        notify::ErrorKind::Io(io) => lang.io_reason(io),
                        notify::ErrorKind::MaxFilesWatch => "el sistema no permite vigilar tantos archivos (pruebe a subir fs.inotify.max_user_watches)".to_owned(),
                        _ => "el sistema no lo permitió".to_owned(),
                    }
                ),
                format!("cannot watch the project's files: {e}"),
            ),
        }
    }
}

/// Serves the project at `root` until the process is stopped.
pub fn serve(root: &Path, options: &ServeOptions) -> Result<(), ServeError> {
    // Only a folder with norma.yaml is served; a broken norma.yaml is not a
    // reason to stop (the overlay shows it).
    if !root.join("norma.yaml").is_file() {
        return Err(ServeError::NotAProject(
            crate::load::LoadError::NotAProject(root.to_owned()),
        ));
    }
    let mut builder = Builder::new(root, options.drafts, options.color);
    let (first, took) = builder.build(true);
    let lang = builder.lang;
    let live = Arc::new(Live::new(lang));
    let terminal = Terminal::new(lang);
    // Set while a save is being rebuilt: the search index of the save before
    // waits for it (see `indexer`).
    let rebuilding = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let indexer = indexer(live.clone(), rebuilding.clone());
    report(&live, &terminal, &indexer, &mut builder, first, took, None);

    let listener = http::bind(options.port).map_err(|e| ServeError::Bind(options.port, e))?;
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let (changes, saved) = mpsc::channel();
    let _watching = watch::watch(root, changes).map_err(ServeError::Watch)?;
    {
        let live = live.clone();
        std::thread::spawn(move || http::run(listener, live));
    }
    let mut watched: Vec<&str> = ["content/", "themes/", "releases/"]
        .into_iter()
        .filter(|f| root.join(f).is_dir())
        .collect();
    watched.push("norma.yaml");
    let watched = match watched.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {} {last}", rest.join(", "), lang.t("y", "and"))
        }
        _ => watched.join(""),
    };
    terminal.out(lang.t(
        format!(
            "norma serve: http://127.0.0.1:{port}/ (solo en este equipo); se vigilan {watched}. Ctrl+C para terminar."
        ),
        format!(
            "norma serve: http://127.0.0.1:{port}/ (this machine only); watching {watched}. Ctrl+C to stop."
        ),
    ));

    while let Ok(mut paths) = saved.recv() {
        rebuilding.store(true, std::sync::atomic::Ordering::Relaxed);
        let (rebuilt, took) = loop {
            // Saves that arrive during a rebuild join the next one.
            while let Ok(more) = saved.recv_timeout(Duration::from_millis(5)) {
                paths.extend(more);
            }
            paths.sort();
            paths.dedup();
            // What the browsers have now, the search index built since included.
            builder.remember(live.files());
            let (rebuilt, took) = builder.build(watch::touches_theme(root, &paths));
            // A build that failed while a save was still being written (an
            // editor that empties a file and then writes it, a save of
            // several files; the soak test caught one reading an emptied
            // unit) is not shown when that save's events follow at once:
            // the build is made again with them. A failure on saved files
            // that are whole (read as they are now, not empty) is shown at
            // once.
            if matches!(rebuilt, Rebuilt::Failed(_))
                && builder.read_mid_save(&paths)
                && let Ok(more) = saved.recv_timeout(watch::SETTLE)
            {
                paths.extend(more);
                continue;
            }
            break (rebuilt, took);
        };
        let shown = paths
            .iter()
            .filter_map(|p| p.strip_prefix(root.canonicalize().ok()?).ok())
            .map(|p| p.display().to_string())
            .next()
            .unwrap_or_default();
        report(
            &live,
            &terminal,
            &indexer,
            &mut builder,
            rebuilt,
            took,
            Some((shown, paths.len())),
        );
        rebuilding.store(false, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(())
}

/// The search index is built on a thread of its own, after the pages are
/// published: the edited page reloads without waiting for it, and the next
/// save does not wait for it either. Only the newest site's index is built;
/// one for a site already replaced is dropped (`Live::replace_folder`).
fn indexer(
    live: Arc<Live>,
    rebuilding: Arc<std::sync::atomic::AtomicBool>,
) -> mpsc::Sender<Arc<crate::document::Document>> {
    let (send, receive) = mpsc::channel::<Arc<crate::document::Document>>();
    std::thread::spawn(move || {
        lowest_priority();
        while let Ok(mut doc) = receive.recv() {
            while let Ok(newer) = receive.try_recv() {
                doc = newer;
            }
            let sink = Yielding {
                files: crate::html::MemorySink::default(),
                rebuilding: &rebuilding,
            };
            let started = std::time::Instant::now();
            if let Some(sink) = crate::pipeline::Site::search_index_into(&doc, sink) {
                live.replace_folder(&doc, crate::search::FOLDER, sink.files.into_files());
            }
            if std::env::var_os("NORMA_TIMING").is_some() {
                // Its own clock: it runs beside the laps of the next save.
                eprintln!(
                    "search index: {:.1} ms on its own thread, after the pages",
                    started.elapsed().as_secs_f64() * 1000.0
                );
            }
        }
    });
    send
}

/// The search index's files, kept in memory; each waits while a save is
/// being rebuilt, so the index of the save before (a second of work on a
/// large project) stops between two of its files and leaves both cores to
/// the rebuild.
struct Yielding<'a> {
    files: crate::html::MemorySink,
    rebuilding: &'a std::sync::atomic::AtomicBool,
}

impl crate::html::Sink for Yielding<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) {
        while self.rebuilding.load(std::sync::atomic::Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(2));
        }
        self.files.put(path, bytes);
    }
}

/// Puts the calling thread at the lowest priority (nice 19, Linux): the
/// search index of a large project takes a core for a second or more, and
/// the next save's pages must not wait for it.
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
    }
}

/// Hands a rebuild to the browsers and says what happened in the terminal
/// (the browsers first: a terminal that is not read never holds them up).
fn report(
    live: &Live,
    terminal: &Terminal,
    indexer: &mpsc::Sender<Arc<crate::document::Document>>,
    builder: &mut Builder,
    rebuilt: Rebuilt,
    took: Duration,
    cause: Option<(String, usize)>,
) {
    let lang = builder.lang;
    let ms = took.as_millis();
    // The file saved, which is not always the file with the errors.
    let cause = match cause {
        Some((file, 1)) => lang.t(format!("[guardado {file}] "), format!("[saved {file}] ")),
        Some((file, n)) => lang.t(
            format!("[guardados {file} y {} más] ", n - 1),
            format!("[saved {file} and {} more] ", n - 1),
        ),
        None => String::new(),
    };
    let was_failing = live.now().1.problems.is_some();
    match rebuilt {
        Rebuilt::Site {
            files,
            doc,
            changed,
            rendered,
            pages,
            warnings,
        } => {
            let fixed = if was_failing {
                lang.t("sin errores ya; ", "no errors now; ")
            } else {
                String::new()
            };
            let said = format!(
                "{cause}{fixed}{}",
                lang.t(
                    format!(
                        "{rendered} de {pages} páginas renderizadas, {} ({ms} ms)",
                        match changed.len() {
                            1 => "1 archivo cambió".to_owned(),
                            n => format!("{n} archivos cambiaron"),
                        }
                    ),
                    format!(
                        "{rendered} of {pages} pages rendered, {} files changed ({ms} ms)",
                        changed.len()
                    ),
                )
            );
            live.publish(files, *doc, changed);
            if let Some(w) = warnings {
                terminal.err(w);
            }
            terminal.out(said);
            builder.remember(live.files());
            if let Some(doc) = live.document() {
                builder.remember_document(doc.clone());
                let _ = indexer.send(doc);
            }
        }
        Rebuilt::Failed(problems) => {
            let text = problems.text.clone();
            live.fail(problems);
            terminal.err(text);
            terminal.err(format!(
                "{cause}{}",
                lang.t(
                    "hay errores (arriba, con su archivo y su línea): el navegador los muestra y sigue sirviendo las páginas anteriores",
                    "there are errors (above, with their file and line): the browser shows them and keeps serving the previous pages",
                )
            ));
        }
    }
}

crate::i18n::localized_error!(
    ServeError,
    ServeError::NotAProject(e) => e,
    ServeError::Bind(_, e) => e,
    ServeError::Watch(e) => e,
);
