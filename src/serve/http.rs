//! The preview's HTTP server: GET and HEAD of the site held in memory, the
//! live-reload script, and the event stream that tells a page to reload or to
//! show the errors of a broken save. It listens on 127.0.0.1 only and answers
//! only requests addressed to this machine by name (a page elsewhere cannot
//! reach it through a DNS name that points here).
//!
//! It is a small HTTP/1.1 server on `std::net`, one thread per connection: a
//! preview has one reader and a handful of connections, and the event stream
//! must be written and flushed event by event, which the small server crates
//! do not do (tiny_http buffers a streamed body) and the large ones bring an
//! async runtime for.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::live::Live;

/// The script every served page loads (never in `norma build` output).
const LIVE_JS: &str = include_str!("live.js");
pub const LIVE_PATH: &str = "/__norma/live.js";
pub const EVENTS_PATH: &str = "/__norma/events";
/// How often an idle event stream gets a comment, so a closed tab is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Listens on 127.0.0.1 at `port` (0: any free port).
pub fn bind(port: u16) -> io::Result<TcpListener> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port))
}

/// Serves connections until the process ends.
pub fn run(listener: TcpListener, live: Arc<Live>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let live = live.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &live);
        });
    }
}

struct Request {
    head_only: bool,
    path: String,
    host_ok: bool,
}

fn handle(stream: TcpStream, live: &Live) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let request = match read_request(&stream)? {
        Ok(r) => r,
        Err(status) => return respond(&stream, status, "text/plain", b"", false),
    };
    if !request.host_ok {
        return respond(
            &stream,
            "403 Forbidden",
            "text/plain; charset=utf-8",
            b"norma serve: solo responde a localhost / only answers localhost\n",
            request.head_only,
        );
    }
    match request.path.as_str() {
        LIVE_PATH => respond(
            &stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes(),
            request.head_only,
        ),
        EVENTS_PATH => events(stream, live),
        path => {
            let Some(file) = site_path(path) else {
                return respond(&stream, "400 Bad Request", "text/plain", b"", false);
            };
            serve_file(&stream, live, &file, request.head_only)
        }
    }
}

/// Reads the request line and the headers; the body, if any, is ignored.
fn read_request(stream: &TcpStream) -> io::Result<Result<Request, &'static str>> {
    let mut reader = BufReader::new(stream).take(64 * 1024);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(Err("400 Bad Request"));
    };
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Ok(Err("405 Method Not Allowed")),
    };
    let target = target.to_owned();
    let mut host_ok = true;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            break;
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            host_ok = is_local_host(value.trim());
        }
    }
    let path = target.split(['?', '#']).next().unwrap_or("/").to_owned();
    Ok(Ok(Request {
        head_only,
        path,
        host_ok,
    }))
}

/// `127.0.0.1:1111`, `localhost:1111`, `[::1]:1111`, with or without the port.
fn is_local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    matches!(
        name.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "::1"
    )
}

/// The site's file for a request path: `/` is `index.html`, a folder its
/// `index.html`; percent-escapes decoded; `..` and other tricks refused.
pub fn site_path(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s if s.contains('\\') || s.contains('\0') => return None,
            s => segments.push(s),
        }
    }
    let mut file = segments.join("/");
    if file.is_empty() || decoded.ends_with('/') {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn serve_file(stream: &TcpStream, live: &Live, file: &str, head_only: bool) -> io::Result<()> {
    let files = live.files();
    let kind = content_type(file);
    if let Some(bytes) = files.get(file) {
        if kind.starts_with("text/html") {
            let page = with_live_script(bytes);
            return respond(stream, "200 OK", kind, &page, head_only);
        }
        return respond(stream, "200 OK", kind, &bytes[..], head_only);
    }
    // A folder without the slash: send the browser to it, so relative links
    // resolve.
    if files.contains_key(&format!("{file}/index.html")) {
        let location = format!("/{file}/");
        return redirect(stream, &location);
    }
    if file.ends_with(".pdf")
        && let Some(pdf) = live.pdf(file)
    {
        return match pdf {
            Ok(pdf) => respond(stream, "200 OK", kind, &pdf, head_only),
            // Said, not hidden behind a 404: the page links to it.
            Err(message) => {
                eprintln!("norma serve: {message}");
                let page = format!(
                    "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><h1>{}</h1><pre>{}</pre></body></html>",
                    live.lang.t("es", "en"),
                    live.lang.t("PDF no disponible", "PDF not available"),
                    live.lang
                        .t("No se pudo componer este PDF", "This PDF could not be made"),
                    crate::html::escape_html(&message),
                );
                respond(
                    stream,
                    "500 Internal Server Error",
                    "text/html; charset=utf-8",
                    page.as_bytes(),
                    head_only,
                )
            }
        };
    }
    let lang = live.lang;
    let page = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><h1>{}</h1><p><a href=\"/\">{}</a></p></body></html>",
        lang.t("es", "en"),
        lang.t("No encontrado", "Not found"),
        lang.t(
            format!("No hay una página {}", crate::html::escape_html(file)),
            format!("There is no page {}", crate::html::escape_html(file))
        ),
        lang.t("Inicio", "Home"),
    );
    respond(
        stream,
        "404 Not Found",
        "text/html; charset=utf-8",
        &with_live_script(page.as_bytes()),
        head_only,
    )
}

/// The page with the live-reload script before `</body>`.
pub fn with_live_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn content_type(file: &str) -> &'static str {
    let extension = file.rsplit_once('.').map_or("", |(_, e)| e);
    match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(
    mut stream: &TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

fn redirect(mut stream: &TcpStream, location: &str) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes())?;
    stream.flush()
}

/// The event stream: the state now, then every change, each as one
/// `data:` line of JSON (see `live::Announcement`).
fn events(mut stream: TcpStream, live: &Live) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
    )?;
    let (mut seen, now) = live.now();
    send(&mut stream, &now)?;
    loop {
        let news = live.wait_after(seen, KEEP_ALIVE);
        if news.is_empty() {
            stream.write_all(b": ping\n\n")?;
            stream.flush()?;
        }
        for (serial, announcement) in news {
            seen = serial;
            send(&mut stream, &announcement)?;
        }
    }
}

fn send(stream: &mut TcpStream, announcement: &super::live::Announcement) -> io::Result<()> {
    let json = serde_json::to_string(announcement).unwrap_or_else(|_| "{}".into());
    stream.write_all(format!("data: {json}\n\n").as_bytes())?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_site_files_and_tricks_are_refused() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/mo-dir/3.1/").as_deref(),
            Some("mo-dir/3.1/index.html")
        );
        assert_eq!(
            site_path("/mo-dir/3.1/7.3.1.1.html").as_deref(),
            Some("mo-dir/3.1/7.3.1.1.html")
        );
        assert_eq!(
            site_path("/glosario%20x.html").as_deref(),
            Some("glosario x.html")
        );
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/a/%2e%2e/%2e%2e/b"), None);
        assert_eq!(site_path("/a%5c..%5cb"), None);
        assert_eq!(site_path("/%zz"), None);
    }

    #[test]
    fn only_names_of_this_machine_are_answered() {
        assert!(is_local_host("127.0.0.1:1111"));
        assert!(is_local_host("localhost"));
        assert!(is_local_host("LOCALHOST:80"));
        assert!(is_local_host("[::1]:1111"));
        assert!(!is_local_host("evil.example:1111"));
        assert!(!is_local_host("192.168.1.5:1111"));
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = with_live_script(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            format!("<html><body><p>x</p><script src=\"{LIVE_PATH}\"></script></body></html>")
        );
    }
}
