//! Inheritance: `extends = "NAME"` (a bundled layout) or a path. Tables merge deeply and
//! the extending file's keys win, so a designer's file can be three lines. Errors still
//! point at the file, line and column that wrote the key: the merged text is only ever
//! read through the key path, which is looked up in each file from the child up.

use super::BUNDLED;
use crate::diag::{Diagnostic, Result};
use crate::source::Source;
use std::path::Path;
use toml::{Table, Value};

/// Files a chain of `extends` may pass through before it is taken for a circle.
const MAX_DEPTH: usize = 8;

/// Whether the layout file extends another (only then is it read as a table first).
pub fn extends(source: &Source) -> bool {
    // A key at the start of a line; the parse only confirms it (a comment may say it).
    let written = source
        .text
        .lines()
        .any(|l| l.trim_start().starts_with("extends"));
    written && source.span_of(&["extends"]).is_some()
}

/// The merged table of `source` and the layouts it extends, and every file in the
/// chain, the extending one first.
pub fn merged(source: Source, depth: usize) -> Result<(Table, Vec<Source>)> {
    let mut table: Table =
        toml::from_str(&source.text).map_err(|e| Diagnostic::from_toml(&source, &e))?;
    let Some(parent) = table.remove("extends") else {
        return Ok((table, vec![source]));
    };
    let at = |message: String, hint: &str| {
        let span = source.span_of(&["extends"]).unwrap_or(0..0);
        Diagnostic::at(&source, span, message).hint(hint)
    };
    let Value::String(name) = parent else {
        return Err(at(
            "extends is a layout's name or a path, in quotes".into(),
            "extends = \"a4-two-sided\"",
        ));
    };
    if depth >= MAX_DEPTH {
        return Err(at(
            format!(
                "extends = \"{name}\" goes round in a circle (or deeper than {MAX_DEPTH} files)"
            ),
            "a layout cannot extend itself, directly or through others",
        ));
    }
    let parent = parent_source(&source, &name).map_err(|e| at(e, &names_hint()))?;
    let parent_dir = parent.path.parent().map(Path::to_path_buf);
    let (mut base, mut sources) = merged(parent, depth + 1)?;
    if let Some(dir) = parent_dir {
        anchor_paths(&mut base, &dir);
    }
    drop_replaced_places(&mut base, &table);
    merge(&mut base, table);
    sources.insert(0, source);
    Ok((base, sources))
}

/// The file `name` names, relative to `child`; else the bundled layout of that name.
fn parent_source(child: &Source, name: &str) -> std::result::Result<Source, String> {
    let dir = child.path.parent().unwrap_or(Path::new(""));
    let path = dir.join(name);
    if path.is_file() {
        return Source::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    }
    match BUNDLED.iter().find(|(n, _)| *n == name) {
        Some((n, text)) => Ok(Source::new(format!("<bundled layout {n}>"), *text)),
        None => Err(format!(
            "extends = \"{name}\": no such file or bundled layout"
        )),
    }
}

fn names_hint() -> String {
    let names: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
    format!(
        "give a layout file's path (relative to this file) or one of: {}",
        names.join(", ")
    )
}

/// Font and exception paths of a layout being extended stay relative to its own file.
fn anchor_paths(table: &mut Table, dir: &Path) {
    let anchor = |v: &mut Value| {
        if let Value::String(s) = v
            && !s.starts_with("bundled:")
            && Path::new(s.as_str()).is_relative()
        {
            *s = dir.join(s.as_str()).display().to_string();
        }
    };
    if let Some(Value::Table(fonts)) = table.get_mut("fonts") {
        fonts.iter_mut().for_each(|(_, v)| anchor(v));
    }
    if let Some(Value::Table(h)) = table.get_mut("hyphenation")
        && let Some(v) = h.get_mut("exceptions")
    {
        anchor(v);
    }
}

/// The ways a frame is placed across and down: each a set of keys, one way per axis.
const PLACES: [&[&[&str]]; 2] = [
    &[&["panel"], &["cols"], &["left", "right", "width"]],
    &[&["rows"], &["top", "bottom", "height"]],
];

/// A frame the extending file places one way loses the extended frame's keys of the
/// other ways on that axis: `rows` written over a frame placed by `top` and `height`
/// replaces them, as a key replaces a key, instead of being refused as placed twice.
fn drop_replaced_places(base: &mut Table, top: &Table) {
    let (Some(Value::Table(base_frames)), Some(Value::Table(top_frames))) =
        (base.get_mut("frames"), top.get("frames"))
    else {
        return;
    };
    for (name, frame) in top_frames {
        let (Some(Value::Table(b)), Value::Table(t)) = (base_frames.get_mut(name), frame) else {
            continue;
        };
        for ways in PLACES {
            let written = |way: &[&str]| way.iter().any(|k| t.contains_key(*k));
            for (i, way) in ways.iter().enumerate() {
                if !written(way) {
                    continue;
                }
                let others = ways.iter().enumerate().filter(|(j, _)| *j != i);
                for key in others.flat_map(|(_, o)| o.iter()) {
                    b.remove(*key);
                }
            }
        }
    }
}

/// Deep merge: tables merge key by key, anything else in `top` replaces what `base` has.
pub fn merge(base: &mut Table, top: Table) {
    for (key, value) in top {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(t)) => merge(b, t),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The key path at byte `offset` of `text`: the deepest key whose name or value holds
/// it (a table's value span is only its header, so every entry is looked at).
pub fn path_at(text: &str, offset: usize) -> Vec<String> {
    let Ok(doc) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let mut best = Vec::new();
    search(doc.get_ref(), offset, &mut Vec::new(), &mut best);
    best
}

fn search(
    table: &toml::de::DeTable,
    offset: usize,
    path: &mut Vec<String>,
    best: &mut Vec<String>,
) {
    for (key, value) in table.iter() {
        path.push(key.get_ref().to_string());
        let (k, v) = (key.span(), value.span());
        if (k.contains(&offset) || v.contains(&offset)) && path.len() > best.len() {
            best.clone_from(path);
        }
        if let toml::de::DeValue::Table(t) = value.get_ref() {
            search(t, offset, path, best);
        }
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_merge_deeply_and_the_child_wins() {
        let mut base: Table = toml::from_str("[a]\nx = 1\ny = 2\n[b]\nz = 3").unwrap();
        let top: Table = toml::from_str("[a]\ny = 20\nw = 4").unwrap();
        merge(&mut base, top);
        assert_eq!(base["a"]["x"].as_integer(), Some(1));
        assert_eq!(base["a"]["y"].as_integer(), Some(20));
        assert_eq!(base["a"]["w"].as_integer(), Some(4));
        assert_eq!(base["b"]["z"].as_integer(), Some(3));
    }

    #[test]
    fn a_frame_placed_another_way_drops_the_extended_way() {
        let parent = "[frames.p]\ncols = [1, 1]\ntop = \"20mm\"\nheight = \"90mm\"\n\
                      [frames.q]\nleft = \"10mm\"\nwidth = \"50mm\"\nrows = [1, 2]";
        let mut base: Table = toml::from_str(parent).unwrap();
        let top: Table =
            toml::from_str("[frames.p]\nrows = [2, 2]\n[frames.q]\ncols = [2, 3]\ntop = \"5mm\"")
                .unwrap();
        drop_replaced_places(&mut base, &top);
        merge(&mut base, top);
        let p = base["frames"]["p"].as_table().unwrap();
        let keys: Vec<&str> = p.keys().map(String::as_str).collect();
        assert_eq!(keys, ["cols", "rows"], "rows replace top and height");
        let q = base["frames"]["q"].as_table().unwrap();
        let keys: Vec<&str> = q.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["cols", "top"],
            "cols replace left and width, top rows"
        );
    }

    #[test]
    fn finds_the_key_path_at_an_offset() {
        let text = "[sheet]\nsize = \"A4\"\n[frames.story]\ncolumns = 9\n";
        let at = text.find('9').unwrap();
        assert_eq!(path_at(text, at), ["frames", "story", "columns"]);
        let at = text.find("columns").unwrap();
        assert_eq!(path_at(text, at), ["frames", "story", "columns"]);
        let at = text.find("size").unwrap();
        assert_eq!(path_at(text, at), ["sheet", "size"]);
    }
}
