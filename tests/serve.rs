//! `barakcha serve`: the live page in headless Chromium (crosscheck: needs `chromium`),
//! and the server's memory over many rebuilds.

mod common;

use common::live::{Running, rendered_lines, save_by_rename, with_headline};
use common::*;
use std::io::{Read, Write};
use std::path::Path;

/// Starts `serve` on a free port for `interview`; the process and its base URL.
fn serve(interview: &Path) -> (Running, String) {
    let running = Running::start(&["serve", interview.to_str().unwrap(), "--port", "0"]);
    let lines = running.wait_for("serving http://", 120);
    let line = lines.last().unwrap();
    let start = line.find("http://").unwrap();
    let url = line[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('/');
    (running, url.to_string())
}

/// GET `path` from the server (plain HTTP over a socket); the body.
fn get(base: &str, path: &str) -> Vec<u8> {
    let host = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(host).expect("connect");
    write!(s, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut response = Vec::new();
    s.read_to_end(&mut response).unwrap();
    let body = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end")
        + 4;
    response[body..].to_vec()
}

fn state(base: &str) -> serde_json::Value {
    serde_json::from_slice(&get(base, "/state")).expect("state is JSON")
}

/// Resident memory of a process, in kB (Linux).
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .expect("VmRSS");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Saves the interview `n` times (a different headline each time), each save waited
/// for; the server's memory must stay flat. `BARAKCHA_REBUILDS` sets n (README: 500).
#[test]
fn serve_memory_stays_flat_over_many_rebuilds() {
    let rebuilds: u64 = std::env::var("BARAKCHA_REBUILDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let dir = temp_dir("serve-memory");
    let interview = example_copy(&dir, |t| t);
    let original = std::fs::read_to_string(&interview).unwrap();
    let (server, url) = serve(&interview);
    let pid = server.child.id();
    let mut generation = state(&url)["generation"].as_u64().unwrap();
    let mut warm = 0;
    for n in 0..rebuilds {
        save_by_rename(
            &interview,
            &with_headline(&original, &format!("Баш сөз {n}")),
        );
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while state(&url)["generation"].as_u64().unwrap() == generation {
            assert!(
                std::time::Instant::now() < deadline,
                "no rebuild after save {n}"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        generation = state(&url)["generation"].as_u64().unwrap();
        // The page asks for its images after each rebuild, as the browser does.
        assert!(get(&url, "/page/1.png?o=overflow").starts_with(b"\x89PNG"));
        if n == rebuilds / 5 {
            warm = rss_kb(pid);
        }
    }
    let end = rss_kb(pid);
    eprintln!(
        "serve RSS after {} rebuilds: {warm} kB; after {rebuilds}: {end} kB",
        rebuilds / 5
    );
    assert!(
        end < warm + 4 * 1024,
        "memory grew from {warm} kB to {end} kB"
    );
}

#[test]
fn serve_answers_state_pages_and_refuses_other_paths() {
    let dir = temp_dir("serve-http");
    let interview = example_copy(&dir, |t| t);
    let lines = rendered_lines(&interview);
    let (_server, url) = serve(&interview);
    let s = state(&url);
    assert_eq!(s["ok"], true);
    assert_eq!(s["figures"]["lines"], lines);
    assert_eq!(s["pages"].as_array().unwrap().len(), 2);
    let line = &s["pages"][0]["lines"][0];
    assert_eq!(line["block"], "headline");
    assert!(line["x"].as_f64().unwrap() > 0.0 && line["w"].as_f64().unwrap() < 1.0);
    assert_eq!(line["frame"], "header");
    let copyfit = &s["figures"]["copyfit"];
    // The default layout's copyfit sets the example at its largest, and says so.
    assert_eq!(copyfit["size_pt"], 9.5);
    assert_eq!(copyfit["leading_pt"], 13.5);
    assert_eq!(copyfit["limited_by"], "largest");
    assert_eq!(copyfit["size_range_pt"], serde_json::json!([9.0, 9.5]));
    assert_eq!(copyfit["fillers"][0]["frame"], "quote");
    let fill = copyfit["fill"].as_f64().unwrap();
    assert!(fill > 0.5 && fill <= 1.0, "{copyfit}");
    let png = get(&url, "/page/2.png?o=frames,columns");
    assert!(png.starts_with(b"\x89PNG"));
    assert!(String::from_utf8_lossy(&get(&url, "/")).contains("EventSource"));
    assert_eq!(get(&url, "/page/3.png"), b"no such page");
    assert_eq!(get(&url, "/../etc/passwd"), b"not found");
}

/// The page in a real browser: it loads and shows both pages; a broken edit shows the
/// error over them with file:line:column; a fix shows the new headline.
#[cfg(feature = "crosscheck")]
#[test]
fn served_page_in_chromium_shows_pages_errors_and_fixes() {
    use common::chromium::Browser;
    let dir = temp_dir("serve-chromium");
    let interview = example_copy(&dir, |t| t);
    let original = std::fs::read_to_string(&interview).unwrap();
    let lines = rendered_lines(&interview);
    let (_server, url) = serve(&interview);
    let mut browser = Browser::open(&format!("{url}/"), &dir.join("chromium-profile"));
    let pages_shown = "(() => { const i = [...document.querySelectorAll('.page img')]; \
                       return i.length === 2 && i.every(x => x.complete && x.naturalWidth > 800); })()";
    browser.wait_until(pages_shown, 60);
    let figures =
        format!("document.getElementById('figures').textContent.includes('{lines} lines')");
    browser.wait_until(&figures, 10);
    std::fs::write(dir.join("loaded.png"), browser.screenshot()).unwrap();

    save_by_rename(&interview, &format!("{original}\nbroken = = 1\n"));
    let at = format!("interview.toml:{}:", original.lines().count() + 2);
    let error_shown = format!(
        "document.getElementById('error').classList.contains('shown') && \
         document.getElementById('error').textContent.includes('{at}')"
    );
    browser.wait_until(&error_shown, 30);
    browser.wait_until(pages_shown, 10);
    std::fs::write(dir.join("error.png"), browser.screenshot()).unwrap();

    save_by_rename(&interview, &with_headline(&original, "Жаңы баш сөз"));
    browser.wait_until(
        "!document.getElementById('error').classList.contains('shown')",
        30,
    );
    browser.wait_until("document.title.startsWith('Жаңы баш сөз')", 30);
    browser.wait_until(pages_shown, 30);

    // Overlays on, and a click on an answer line names its block and ratio.
    for name in ["frames", "spacing", "hyphens"] {
        browser.eval(&format!("document.getElementById('o-{name}').click()"));
    }
    browser.wait_until(pages_shown, 30);
    // The line may be below the window: scroll it into view first.
    browser.eval(
        "(() => { const img = document.querySelector('.page img').getBoundingClientRect(); \
          const l = state.pages[0].lines.find(l => l.block === 'question 1 answer'); \
          window.scrollBy(0, img.top + l.y * img.height - window.innerHeight / 2); })()",
    );
    let at = browser.eval(
        "(() => { const img = document.querySelector('.page img').getBoundingClientRect(); \
          const l = state.pages[0].lines.find(l => l.block === 'question 1 answer'); \
          return [img.left + (l.x + l.w / 2) * img.width, img.top + (l.y + l.h / 2) * img.height]; })()",
    );
    let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    for kind in ["mousePressed", "mouseReleased"] {
        let click =
            serde_json::json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1});
        browser.call("Input.dispatchMouseEvent", click);
    }
    browser.wait_until(
        "document.getElementById('info').classList.contains('shown') && \
         document.getElementById('info').textContent.includes('question 1 answer') && \
         document.getElementById('info').textContent.includes('frame ') && \
         document.getElementById('info').textContent.includes('adjustment ratio')",
        10,
    );
    std::fs::write(dir.join("fixed.png"), browser.screenshot()).unwrap();
    eprintln!("screenshots in {}", dir.display());
}
