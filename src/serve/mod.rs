//! `barakcha serve`: the live loop in a browser. A small HTTP server on 127.0.0.1
//! (tiny_http) serves one self-contained page, the pages as PNGs, the build's state as
//! JSON, and server-sent events that tell the page to refresh after every save. A
//! broken edit keeps the last good pages and shows the error over them.

mod state;

use crate::diag::{Diagnostic, Result};
use crate::export::preview::Overlays;
use crate::live::watch::Watcher;
use crate::live::{Session, Setup};
use state::Shared;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tiny_http::{Header, Method, Request, Response, Server};

/// The page, with its script and style inline: no build step, works offline.
const PAGE: &str = include_str!("page.html");

/// Serves `setup` on 127.0.0.1:`port` (0 picks a free port) until the process ends;
/// `ready` is told the address once the first build is done and the server listens.
pub fn run(setup: Setup, port: u16, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| Diagnostic::error(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Diagnostic::error("the server has no IP address"))?;
    let mut watcher =
        Watcher::new().map_err(|e| Diagnostic::error(format!("cannot watch files: {e}")))?;
    let shared = Arc::new(Mutex::new(Shared::new(Session::new(setup))));
    let inputs = lock(&shared).rebuild(&[], None);
    watcher
        .set(&inputs)
        .map_err(|e| Diagnostic::error(format!("cannot watch files: {e}")))?;
    ready(addr);
    let rebuilding = shared.clone();
    std::thread::spawn(move || {
        while let Some((changed, saved)) = watcher.next() {
            let inputs = lock(&rebuilding).rebuild(&changed, Some(saved));
            // A folder that vanished is watched again once it is back.
            let _ = watcher.set(&inputs);
        }
    });
    for request in server.incoming_requests() {
        let shared = shared.clone();
        // Event streams stay open; every other request is answered at once.
        std::thread::spawn(move || answer(request, &shared));
    }
    Ok(())
}

fn lock(shared: &Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// Answers one request.
fn answer(request: Request, shared: &Mutex<Shared>) {
    if request.method() != &Method::Get {
        let _ = request.respond(Response::empty(405));
        return;
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = match path {
        "/" => bytes(PAGE.as_bytes().to_vec(), "text/html; charset=utf-8"),
        "/state" => bytes(lock(shared).state_json(), "application/json"),
        "/events" => return subscribe(request, shared),
        _ => match page_number(path) {
            Some(n) => match lock(shared).png(n, overlays(query)) {
                Some(png) => bytes(png, "image/png"),
                None => Response::from_data(b"no such page".to_vec()).with_status_code(404),
            },
            None => Response::from_data(b"not found".to_vec()).with_status_code(404),
        },
    };
    let _ = request.respond(response);
}

/// `/page/N.png` → page N−1.
fn page_number(path: &str) -> Option<usize> {
    let n: usize = path
        .strip_prefix("/page/")?
        .strip_suffix(".png")?
        .parse()
        .ok()?;
    n.checked_sub(1)
}

/// The overlays named by `o=trim,columns` in a query (unknown names are ignored).
fn overlays(query: &str) -> Overlays {
    let list = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("o="))
        .unwrap_or("");
    list.split(',')
        .filter_map(|n| Overlays::parse(n).ok())
        .fold(Overlays::NONE, |set, one| {
            Overlays::from_bits(set.bits() | one.bits())
        })
}

fn bytes(data: Vec<u8>, content_type: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let header = Header::from_bytes("Content-Type", content_type).expect("a valid header");
    let no_cache = Header::from_bytes("Cache-Control", "no-store").expect("a valid header");
    Response::from_data(data)
        .with_header(header)
        .with_header(no_cache)
}

/// At most this many open pages: each holds a connection (a browser keeps six per host).
const MAX_CLIENTS: usize = 32;

/// Keeps the connection as an event stream; the rebuild loop writes to it.
fn subscribe(request: Request, shared: &Mutex<Shared>) {
    let mut state = lock(shared);
    // Pages closed since the last save are found by writing to them.
    state.ping();
    let full = state.clients.len() >= MAX_CLIENTS;
    drop(state);
    if full {
        let _ = request
            .respond(Response::from_data(b"too many pages open".to_vec()).with_status_code(503));
        return;
    }
    let mut stream = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: keep-alive\r\n\r\nretry: 500\n\n";
    if stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.flush())
        .is_ok()
    {
        lock(shared).clients.push(stream);
    }
}
