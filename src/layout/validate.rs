//! Layout validation: every error points at its key (file:line:column) with a hint.
//! Impossible geometry is caught here, before any interview is read: a frame outside
//! the trim, text within 3 mm of it, text frames that overlap, a chain with no frame.

use super::{Content, FrameSpec, Layout, Paint, SideSpec, Style, column_width};
use crate::diag::{Diagnostic, Result};
use crate::units::{Length, mm};

/// A type size or leading as a designer writes it: in points.
#[derive(Clone, Copy)]
struct Points(f64);

fn points(l: Length) -> Points {
    Points(l.pt())
}

impl std::fmt::Display for Points {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}pt", (self.0 * 100.0).round() / 100.0)
    }
}

/// Text keeps this far inside the trim: shops cut with about a millimetre's tolerance.
const SAFE: f64 = 3.0;

impl Layout {
    pub(super) fn validate(&self) -> Result<()> {
        self.validate_sheet()?;
        self.validate_rows()?;
        if let Some(fold) = &self.fold
            && let Some((key, message, hint)) = fold.problem(self.trim().0)
        {
            return Err(self.err(&["fold", key], message, &hint));
        }
        for (name, style) in self.named_styles() {
            self.validate_style(name, style)?;
        }
        self.validate_lengths()?;
        for name in &self.order {
            self.validate_frame(name)?;
        }
        self.validate_links()?;
        self.validate_overlaps()?;
        self.validate_chain()?;
        self.validate_copyfit()
    }

    /// The story's ranges (smallest first, sizes a reader can read) and its filler.
    fn validate_copyfit(&self) -> Result<()> {
        let st = &self.story;
        let spans = [
            ("size", st.size, 4.0..=72.0),
            ("leading", st.leading, 4.0..=90.0),
            ("paragraph_space", st.paragraph_space, 0.0..=72.0),
        ];
        for (key, span, sane) in spans {
            let Some(super::Span(lo, hi)) = span else {
                continue;
            };
            let (lo, hi) = (points(lo), points(hi));
            if lo.0 > hi.0 {
                return Err(self.err(
                    &["story", key],
                    format!("the {key} range runs from {lo} down to {hi}"),
                    &format!("give the smallest first: {key} = [\"{hi}\", \"{lo}\"]"),
                ));
            }
            if !sane.contains(&lo.0) || !sane.contains(&hi.0) {
                return Err(self.err(
                    &["story", key],
                    format!("a story {key} of {lo} to {hi} is not one a reader can read"),
                    &format!(
                        "keep the {key} between {}pt and {}pt",
                        sane.start(),
                        sane.end()
                    ),
                ));
            }
        }
        if let (Some(size), Some(leading)) = (st.size, st.leading)
            && leading.0.pt() < size.0.pt()
        {
            return Err(self.err(
                &["story", "leading"],
                format!(
                    "at the smallest setting the leading {} is less than the size {}: lines would touch",
                    points(leading.0),
                    points(size.0)
                ),
                "give a leading of about 1.2 times the size at each end: leading = [\"11pt\", \"13.5pt\"] for size = [\"9pt\", \"11pt\"]",
            ));
        }
        if st.filler_max.is_some_and(|m| m.pt() <= 0.0) {
            return Err(self.err(
                &["story", "filler_max"],
                "filler_max must be more than 0".into(),
                "give the most a filler may grow, like filler_max = \"60mm\", or leave it out",
            ));
        }
        st.filler.0.iter().try_for_each(|f| self.validate_filler(f))
    }

    /// A filler is a frame that is not the story's and can grow.
    fn validate_filler(&self, filler: &str) -> Result<()> {
        match self.frames.get(filler) {
            None => Err(self.err(
                &["story", "filler"],
                format!("the filler `{filler}` is not a frame of this layout"),
                &self.frame_names_hint(filler),
            )),
            Some(f) if f.first() == Content::Story => Err(self.err(
                &["story", "filler"],
                format!("the filler `{filler}` holds the story itself"),
                "name a frame the story gives way to: a portrait, the pull quote, the call to action",
            )),
            Some(f) if f.top.is_some() && f.bottom.is_some() => Err(self.err(
                &["story", "filler"],
                format!("the filler `{filler}` has both its top and its bottom fixed, so it cannot grow"),
                "give it a top and a height (it grows down) or a bottom and a height (it grows up)",
            )),
            Some(_) => Ok(()),
        }
    }

    fn validate_sheet(&self) -> Result<()> {
        let s = &self.sheet;
        let Some((w, h)) = s.trim() else {
            let key = if s.size.is_some() { "size" } else { "width" };
            return Err(self.err(
                &["sheet", key],
                "the sheet has no size".into(),
                "name a size (size = \"A4\"; A3, A4, A5 and DL are known) or give width and height, not both",
            ));
        };
        let printable =
            (mm(50.0)..=mm(1000.0)).contains(&w) && (mm(50.0)..=mm(1000.0)).contains(&h);
        if !printable {
            return Err(self.err(
                &["sheet", "width"],
                format!("a sheet of {} × {} is not printable", Length(w), Length(h)),
                "use sides between 50mm and 1000mm (A4 is 210 × 297mm)",
            ));
        }
        if !(1..=24).contains(&s.columns) {
            return Err(self.err(
                &["sheet", "columns"],
                format!("columns = {} is not allowed", s.columns),
                "the grid has 1 to 24 columns",
            ));
        }
        if !(0.0..=mm(30.0)).contains(&s.gutter.pt()) {
            return Err(self.err(
                &["sheet", "gutter"],
                format!("gutter {} is out of range", s.gutter),
                "use a gutter between 0mm and 30mm",
            ));
        }
        let margins = [
            ("margin_top", s.margin_top),
            ("margin_bottom", s.margin_bottom),
            ("margin_left", s.margin_left),
            ("margin_right", s.margin_right),
        ];
        for (key, m) in margins {
            // Print shops trim with ±1 mm tolerance; text closer than 3 mm to the trim may be cut.
            if m.pt() < mm(SAFE) || m.pt() > w.min(h) / 3.0 {
                return Err(self.err(&["sheet", key], format!("{key} = {m} is out of range"), "margins must be at least 3mm (the trim's safe zone) and less than a third of the sheet"));
            }
        }
        if self.grid().column_width() < mm(5.0) {
            return Err(self.err(
                &["sheet", "columns"],
                format!("the grid's {} columns would be too narrow", s.columns),
                "use fewer grid columns or a smaller gutter",
            ));
        }
        Ok(())
    }

    /// The grid's rows: 1 to 24, a row gutter like the column gutter, rows tall enough.
    fn validate_rows(&self) -> Result<()> {
        let s = &self.sheet;
        if !(1..=24).contains(&s.rows) {
            return Err(self.err(
                &["sheet", "rows"],
                format!("rows = {} is not allowed", s.rows),
                "the grid has 1 to 24 rows",
            ));
        }
        if let Some(g) = s.row_gutter
            && !(0.0..=mm(30.0)).contains(&g.pt())
        {
            return Err(self.err(
                &["sheet", "row_gutter"],
                format!("row_gutter {g} is out of range"),
                "use a row gutter between 0mm and 30mm",
            ));
        }
        if self.grid().row_height() < mm(5.0) {
            return Err(self.err(
                &["sheet", "rows"],
                format!("the grid's {} rows would be too short", s.rows),
                "use fewer grid rows or a smaller row_gutter (it defaults to the gutter)",
            ));
        }
        Ok(())
    }

    fn validate_style(&self, name: &str, s: &Style) -> Result<()> {
        if s.color == Paint::Accent && self.colors.accent.is_none() {
            return Err(self.err(
                &["styles", name, "color"],
                format!("style `{name}` uses the accent colour, which [colors] does not define"),
                "add [colors] accent = [c, m, y, k], or give the style a CMYK colour",
            ));
        }
        if !self.fonts.contains_key(&s.font) {
            let names: Vec<&str> = self.fonts.keys().map(String::as_str).collect();
            let best = names.iter().min_by_key(|n| strsim::levenshtein(n, &s.font));
            let hint = match best {
                Some(b) => format!(
                    "did you mean \"{b}\"? fonts defined in [fonts]: {}",
                    names.join(", ")
                ),
                None => "define the font under [fonts]".to_string(),
            };
            return Err(self.err(
                &["styles", name, "font"],
                format!(
                    "style `{name}` uses font \"{}\", which [fonts] does not define",
                    s.font
                ),
                &hint,
            ));
        }
        let min = if name == "imprint" { 6.0 } else { 4.0 };
        if !(min..=200.0).contains(&s.size.pt()) {
            return Err(self.err(
                &["styles", name, "size"],
                format!("style `{name}` has size {:.1}pt", s.size.pt()),
                &format!(
                    "use a size between {min}pt and 200pt{}",
                    if name == "imprint" {
                        " (the imprint must stay legible: never below 6pt)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if s.leading.pt() < s.size.pt() * 0.8 || s.leading.pt() > s.size.pt() * 4.0 {
            return Err(self.err(
                &["styles", name, "leading"],
                format!(
                    "style `{name}` has leading {:.1}pt for a {:.1}pt size",
                    s.leading.pt(),
                    s.size.pt()
                ),
                "use a leading between 0.8 and 4 times the size (1.2 times is usual)",
            ));
        }
        Ok(())
    }

    fn validate_lengths(&self) -> Result<()> {
        let b = &self.body;
        let lengths = [
            ("indent", b.indent),
            ("lead_space_below", b.lead_space_below),
            ("question_space_above", b.question_space_above),
            ("question_space_below", b.question_space_below),
        ];
        for (key, v) in lengths {
            if !(0.0..=mm(50.0)).contains(&v.pt()) {
                return Err(self.err(
                    &["body", key],
                    format!("body.{key} = {v} is out of range"),
                    "use a length between 0mm and 50mm",
                ));
            }
        }
        Ok(())
    }

    /// One frame on its own: its contents, styles, colours and place.
    fn validate_frame(&self, name: &str) -> Result<()> {
        let f = &self.frames[name];
        let at = |key: &str| ["frames", name, key].map(String::from);
        let path = |key: &str| at(key);
        let e = |key: &str, message: String, hint: &str| {
            let p = path(key);
            let p: Vec<&str> = p.iter().map(String::as_str).collect();
            self.err(&p, message, hint)
        };
        let contents = &f.content.0;
        if contents.is_empty() || (contents.len() > 1 && !contents.iter().all(|c| c.is_display())) {
            return Err(e(
                "content",
                format!("frame `{name}` must hold one content, or a list of texts"),
                "story, pictures, QR codes and bands each take a frame of their own",
            ));
        }
        for c in contents {
            if c.is_display() && self.style_of(*c).is_none() {
                return Err(e(
                    "content",
                    format!(
                        "frame `{name}` shows the {} but the layout has no [styles.{}]",
                        c.key(),
                        c.key()
                    ),
                    "add the style: font, size, leading and color",
                ));
            }
        }
        for (key, paint) in [("fill", f.fill), ("rule_color", f.rule_color)] {
            if paint == Some(Paint::Accent) && self.colors.accent.is_none() {
                return Err(e(
                    key,
                    format!(
                        "frame `{name}` uses the accent colour, which [colors] does not define"
                    ),
                    "add [colors] accent = [c, m, y, k]",
                ));
            }
        }
        let columns = f.columns.unwrap_or(1);
        if !(1..=6).contains(&columns) {
            return Err(e(
                "columns",
                format!("columns = {columns} is not allowed"),
                "a frame has 1 to 6 columns",
            ));
        }
        self.validate_place(name, f)
    }

    /// A frame's place: on the sheet, text clear of the trim, columns wide enough.
    fn validate_place(&self, name: &str, f: &FrameSpec) -> Result<()> {
        let grid = self.grid();
        let b = grid.place(f).map_err(|(k, m)| {
            let hint = match k {
                "rows" => "rows = [first, last] counts the grid's rows from 1 at the top; [sheet] rows = N sets how many",
                "top" | "bottom" | "height" if f.rows.is_some() => "place it down one way: rows = [first, last] on the grid's rows, or top, bottom and height",
                _ => "give two of left, right and width (or cols), and two of top, bottom and height (or rows)",
            };
            self.frame_err(name, k, format!("frame `{name}`: {m}"), hint)
        })?;
        self.check_edges(name, f, &b)?;
        self.check_folds(name, f, &b)?;
        let column = column_width(f, b.width, grid.gutter);
        if f.first() == Content::Story && column < mm(25.0) {
            return Err(self.frame_err(
                name,
                "columns",
                format!(
                    "frame `{name}` would have columns {} wide, too narrow to set text",
                    Length(column)
                ),
                "use fewer columns or a wider frame (at least 25mm a column)",
            ));
        }
        Ok(())
    }

    /// An error at key `key` of frame `name` (or the nearest table the file writes).
    fn frame_err(&self, name: &str, key: &str, message: String, hint: &str) -> Box<Diagnostic> {
        self.err(&["frames", name, key], message, hint)
    }

    /// The key that places a frame across, for messages about where it is.
    fn place_key(f: &FrameSpec) -> &'static str {
        if f.cols.is_some() {
            "cols"
        } else if f.panel.is_some() {
            "panel"
        } else if f.left.is_some() {
            "left"
        } else {
            "width"
        }
    }

    /// On the sheet, with an area, and (holding text) at least 3 mm inside the trim.
    fn check_edges(&self, name: &str, f: &FrameSpec, b: &super::Box2) -> Result<()> {
        let grid = self.grid();
        let (w, h) = grid.trim;
        // A frame whose height comes from its text reaches at most to the margin.
        let top = b.top.unwrap_or(h - grid.margins[0]);
        let bottom = b.bottom.unwrap_or(grid.margins[1]);
        let key = Self::place_key(f);
        if b.width <= 0.0 || top <= bottom {
            return Err(self.frame_err(
                name,
                key,
                format!("frame `{name}` has no area"),
                "check its edges: left/right/width and top/bottom/height",
            ));
        }
        if b.x < -0.01 || b.x + b.width > w + 0.01 || bottom < -0.01 || top > h + 0.01 {
            return Err(self.frame_err(
                name,
                key,
                format!(
                    "frame `{name}` reaches outside the trimmed sheet ({} × {})",
                    Length(w),
                    Length(h)
                ),
                "keep frames on the sheet; a band or picture reaches into the bleed with bleed = true",
            ));
        }
        let safe = mm(SAFE) - 0.01;
        let near = b.x < safe || w - b.x - b.width < safe || h - top < safe || bottom < safe;
        if f.holds_text() && near {
            return Err(self.frame_err(
                name,
                key,
                format!("frame `{name}` holds text within 3mm of the trim"),
                "move it at least 3mm inside the trimmed edge: shops cut with a millimetre's tolerance",
            ));
        }
        Ok(())
    }

    /// A frame holding text keeps 4 mm from every fold of its side.
    fn check_folds(&self, name: &str, f: &FrameSpec, b: &super::Box2) -> Result<()> {
        if !f.holds_text() {
            return Ok(());
        }
        let side = match f.side {
            SideSpec::Side(s) => s,
            SideSpec::Last => self.grid().last_side,
        };
        let zone = mm(super::FOLD_ZONE) - 0.01;
        let crossed = self
            .folds_on(side)
            .into_iter()
            .find(|x| b.x < x + zone && b.x + b.width > x - zone);
        match crossed {
            Some(x) => Err(self.frame_err(
                name,
                Self::place_key(f),
                format!(
                    "frame `{name}` holds text within 4mm of the fold at {} on side {}",
                    Length(x),
                    side + 1
                ),
                "keep text frames inside a panel (panel = N places a frame there, clear of the folds)",
            )),
            None => Ok(()),
        }
    }

    /// `below` and `above` name frames that exist, and never go round in a circle.
    fn validate_links(&self) -> Result<()> {
        for (name, f) in self.frames_in_order() {
            for (key, links) in [("below", &f.below), ("above", &f.above)] {
                if let Some(missing) = links.iter().find(|l| !self.frames.contains_key(*l)) {
                    return Err(self.err(
                        &["frames", name, key],
                        format!("frame `{name}` names `{missing}`, which [frames] does not define"),
                        &self.frame_names_hint(missing),
                    ));
                }
            }
            if self.depends_on(name, name, 0) {
                return Err(self.err(
                    &["frames", name, "below"],
                    format!("frame `{name}` gives way to itself through below/above"),
                    "remove one of the links that go round in a circle",
                ));
            }
        }
        Ok(())
    }

    /// Whether `from` gives way, directly or through others, to `to`.
    fn depends_on(&self, from: &str, to: &str, depth: usize) -> bool {
        let Some(f) = self.frames.get(from) else {
            return false;
        };
        depth <= self.frames.len()
            && f.below
                .iter()
                .chain(&f.above)
                .any(|l| l == to || self.depends_on(l, to, depth + 1))
    }

    fn frame_names_hint(&self, missing: &str) -> String {
        let best = self
            .order
            .iter()
            .min_by_key(|n| strsim::levenshtein(n, missing));
        match best {
            Some(b) => format!("did you mean `{b}`? frames: {}", self.order.join(", ")),
            None => "define the frame under [frames.NAME]".into(),
        }
    }

    /// Two frames holding text on the same side may not overlap, unless one gives way
    /// to the other.
    fn validate_overlaps(&self) -> Result<()> {
        let grid = self.grid();
        let text: Vec<(&str, &FrameSpec)> = self
            .frames_in_order()
            .filter(|(_, f)| f.holds_text())
            .collect();
        for (i, (a, fa)) in text.iter().enumerate() {
            for (b, fb) in &text[i + 1..] {
                let same_side = match (fa.side, fb.side) {
                    (SideSpec::Side(x), SideSpec::Side(y)) => x == y,
                    _ => true,
                };
                let linked = self.depends_on(a, b, 0) || self.depends_on(b, a, 0);
                if !same_side || linked {
                    continue;
                }
                let (Ok(ra), Ok(rb)) = (grid.place(fa), grid.place(fb)) else {
                    continue;
                };
                // A frame whose height comes from its text is only its anchored edge
                // here; flow checks it again once its text is set.
                let span = |r: super::Box2| match (r.top, r.bottom) {
                    (Some(t), Some(b)) => (t, b),
                    (Some(t), None) => (t, t),
                    (None, Some(b)) => (b, b),
                    (None, None) => (0.0, 0.0),
                };
                let ((ta, ba), (tb, bb)) = (span(ra), span(rb));
                let x = ra.x < rb.x + rb.width - 0.01 && rb.x < ra.x + ra.width - 0.01;
                let y = ba < tb - 0.01 && bb < ta - 0.01
                    || (ta == ba && bb < ta && ta < tb)
                    || (tb == bb && ba < tb && tb < ta);
                if x && y {
                    return Err(self.err(&["frames", b, "content"], format!("text frames `{a}` and `{b}` overlap"), &format!("move one, or let one give way to the other (below = [\"{a}\"] or above = [\"{a}\"]); ")));
                }
            }
        }
        Ok(())
    }

    /// The story's chain: frames that exist and hold the story, every story frame in it,
    /// one measure for all their columns.
    fn validate_chain(&self) -> Result<()> {
        let chain = &self.story.chain;
        if chain.is_empty() {
            return Err(self.err(
                &["story", "chain"],
                "the story's chain has no frame".into(),
                "list the frames the story runs through: chain = [\"body\"]",
            ));
        }
        let measure = self.story_measure();
        for name in chain {
            let Some(f) = self.frames.get(name) else {
                return Err(self.err(
                    &["story", "chain"],
                    format!("the chain names `{name}`, which [frames] does not define"),
                    &self.frame_names_hint(name),
                ));
            };
            if f.first() != Content::Story {
                return Err(self.err(
                    &["frames", name, "content"],
                    format!(
                        "frame `{name}` is in the story's chain but holds the {}",
                        f.first().key()
                    ),
                    "give it content = \"story\", or take it out of [story] chain",
                ));
            }
            let width = self.grid().place(f).map_or(0.0, |b| b.width);
            if (column_width(f, width, self.grid().gutter) - measure).abs() > 0.01 {
                return Err(self.err(&["frames", name, "columns"], format!("frame `{name}` has columns {} wide, the chain's first frame {}", Length(column_width(f, width, self.grid().gutter)), Length(measure)), "the story is set once, at one measure: give every frame in the chain columns of the same width"));
            }
        }
        for (name, f) in self.frames_in_order() {
            if f.first() == Content::Story && !chain.iter().any(|c| c == name) {
                return Err(self.err(
                    &["frames", name, "content"],
                    format!("frame `{name}` holds the story but is not in [story] chain"),
                    "add it to chain, in reading order",
                ));
            }
        }
        // A leaflet that may print one side needs the story on it.
        let one_side = *self.sheet.sides.tries().start() == 1;
        let on_first = chain
            .iter()
            .any(|n| matches!(self.frames[n].side, SideSpec::Side(0) | SideSpec::Last));
        if one_side && !on_first {
            return Err(self.err(
                &["story", "chain"],
                "no frame of the story's chain is on side 1".into(),
                "a leaflet that may print one side needs the story there: add a story frame on side 1, or set sides = 2",
            ));
        }
        Ok(())
    }
}
