//! Feed write-back: each episode's `<enclosure>` and `<itunes:duration>`
//! (and, when asked, `<podcast:transcript>` / `<podcast:chapters>`) go into
//! its `<item>`, and nothing else in the feed changes.
//!
//! The feed is a file the site generator owns, so it is never
//! re-serialized: the shared scanner ([`crate::feed::scan`]) gives the byte
//! positions of the root, every `<item>` and their children, and the new
//! tags are spliced into the original text at those positions. CDATA,
//! comments, whitespace, entity spelling and attribute order everywhere
//! else stay byte-for-byte. An existing tag is updated in place (only the
//! attribute values or text that differ), so a second run with the same
//! episodes changes nothing. Pure: text in, text out; the caller writes
//! atomically.

use super::duration;
use super::splice::{self, Edit};
use crate::feed::{self, scan, FeedError, ITUNES_NS, PODCAST_NS};

/// What the feed should say about one episode.
#[derive(Debug, Clone, PartialEq)]
pub struct Enclosure {
    pub slug: String,
    pub guid: Option<String>,
    pub link: Option<String>,
    pub url: String,
    pub length: u64,
    pub duration: crate::units::Millis,
    pub transcript_url: Option<String>,
    pub chapters_url: Option<String>,
}

/// The edited feed and what matched what.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteBack {
    pub text: String,
    /// For each episode, the 1-based item it went into, if any.
    pub items: Vec<Option<usize>>,
    /// Items no episode matched: their title (or guid, or position).
    pub unmatched_items: Vec<String>,
}

/// Sets attributes of the start tag `text[start..open_end]`: values that
/// differ are replaced inside their quotes, missing ones are appended.
fn set_attributes(
    text: &str,
    start: usize,
    open_end: usize,
    want: &[(&str, &str)],
    edits: &mut Vec<Edit>,
) {
    let attrs = scan::attributes(text, start, open_end);
    let mut appended = String::new();
    for (name, value) in want {
        match attrs.iter().find(|a| a.name == *name) {
            Some(a) if a.value != *value => edits.push(Edit {
                start: a.span.0,
                end: a.span.1,
                with: escape_attr(value),
            }),
            Some(_) => {}
            None => appended.push_str(&format!(" {name}=\"{}\"", escape_attr(value))),
        }
    }
    if !appended.is_empty() {
        // Before `>` or `/>`, after any whitespace already there.
        let tag = &text[start..open_end];
        let close = if tag.ends_with("/>") { 2 } else { 1 };
        let at = start + tag[..tag.len() - close].trim_end().len();
        edits.push(Edit {
            start: at,
            end: at,
            with: appended,
        });
    }
}

pub(crate) fn escape_attr(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

pub(crate) fn escape_text(v: &str) -> String {
    v.replace('&', "&amp;").replace('<', "&lt;")
}

/// The whitespace before `pos` back to the start of its line, if `pos` is
/// the first thing on the line.
fn indent_before(text: &str, pos: usize) -> Option<&str> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let ws = &text[line_start..pos];
    ws.chars().all(|c| c == ' ' || c == '\t').then_some(ws)
}

pub fn write_back(text: &str, episodes: &[Enclosure]) -> Result<WriteBack, FeedError> {
    let s = splice::rss(text)?;
    let mut items = feed::Matcher::new(&s);
    let itunes = feed::prefix_for(text, &s, ITUNES_NS);
    let podcast = feed::prefix_for(text, &s, PODCAST_NS);
    let it_prefix = itunes.clone().unwrap_or_else(|| "itunes".into());
    let pc_prefix = podcast.clone().unwrap_or_else(|| "podcast".into());
    let duration_tag = format!("{it_prefix}:duration");
    let style = duration::feed_style(s.entries.iter().flat_map(|it| {
        it.children
            .iter()
            .filter(|c| c.name == duration_tag)
            .filter_map(|c| c.inner.map(|(a, b)| &text[a..b]))
    }));

    let mut edits = Vec::new();
    let mut placed = vec![None; episodes.len()];
    let mut need_itunes = false;
    let mut need_podcast = false;
    for (e, ep) in episodes.iter().enumerate() {
        let Some(i) = items.take(ep.guid.as_deref(), ep.link.as_deref(), &ep.slug) else {
            continue;
        };
        placed[e] = Some(i + 1);
        need_itunes = true;
        let it = &s.entries[i];
        let mut missing: Vec<String> = Vec::new();

        let length = ep.length.to_string();
        let enclosure = [
            ("url", ep.url.as_str()),
            ("length", length.as_str()),
            ("type", "audio/mpeg"),
        ];
        match it.child("enclosure") {
            Some(c) => set_attributes(text, c.start, c.open_end, &enclosure, &mut edits),
            None => missing.push(element("enclosure", &enclosure)),
        }

        let dur = duration::format(ep.duration, style);
        match it.child(&duration_tag) {
            Some(c) => match c.inner {
                Some((a, b)) if text[a..b].trim() == dur => {}
                Some((a, b)) => edits.push(Edit {
                    start: a,
                    end: b,
                    with: dur.clone(),
                }),
                None => edits.push(Edit {
                    start: c.start,
                    end: c.end,
                    with: format!("<{duration_tag}>{dur}</{duration_tag}>"),
                }),
            },
            None => missing.push(format!(
                "<{duration_tag}>{}</{duration_tag}>",
                escape_text(&dur)
            )),
        }

        for (local, url, mime) in [
            ("transcript", &ep.transcript_url, "text/vtt"),
            ("chapters", &ep.chapters_url, "application/json+chapters"),
        ] {
            let Some(url) = url else { continue };
            need_podcast = true;
            let name = format!("{pc_prefix}:{local}");
            let want = [("url", url.as_str()), ("type", mime)];
            // A feed may list transcripts in several formats: update ours.
            let existing = it
                .children
                .iter()
                .find(|c| c.name == name && c.attr("type").is_none_or(|t| t == mime));
            match existing {
                Some(c) => set_attributes(text, c.start, c.open_end, &want, &mut edits),
                None => missing.push(element(&name, &want)),
            }
        }
        if !missing.is_empty() {
            edits.push(insert_into_item(text, it, &missing));
        }
    }

    // Namespaces for the tags just written, declared on <rss>.
    let mut decls = Vec::new();
    if need_itunes && itunes.is_none() {
        decls.push(("xmlns:itunes", ITUNES_NS));
    }
    if need_podcast && podcast.is_none() {
        decls.push(("xmlns:podcast", PODCAST_NS));
    }
    if !decls.is_empty() {
        set_attributes(text, s.root.0, s.root.1, &decls, &mut edits);
    }

    Ok(WriteBack {
        text: splice::apply(text, edits),
        items: placed,
        unmatched_items: items.untaken().map(|id| id.label.clone()).collect(),
    })
}

fn element(name: &str, attrs: &[(&str, &str)]) -> String {
    let mut s = format!("<{name}");
    for (k, v) in attrs {
        s.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
    }
    s.push_str("/>");
    s
}

/// Inserts `elements` after `content:encoded` (else after the item's last
/// child), one per line, indented like that sibling. Blank lines already
/// there are filled instead of adding lines; an item written on one line
/// stays on one line.
fn insert_into_item(text: &str, it: &scan::Entry, elements: &[String]) -> Edit {
    let anchor = it.child("content:encoded").or_else(|| it.children.last());
    let (at, indent) = match anchor {
        Some(c) => (c.end, indent_before(text, c.start).map(str::to_string)),
        None => (it.open_end, None),
    };
    let ws_len = text[at..]
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(text.len() - at);
    let ws = &text[at..at + ws_len];
    if !ws.contains('\n') {
        // Same line: keep it that way.
        return Edit {
            start: at,
            end: at,
            with: elements.concat(),
        };
    }
    // A feed written with CRLF line ends gets CRLF lines.
    let nl = if ws.contains("\r\n") { "\r\n" } else { "\n" };
    let indent = indent.unwrap_or_else(|| {
        // No sibling on its own line: one level deeper than what follows.
        let last = ws.rsplit(nl).next().unwrap_or("");
        format!("{last}  ")
    });
    let parts: Vec<&str> = ws.split(nl).collect();
    let blanks = &parts[1..parts.len() - 1];
    let mut with = parts[0].to_string();
    for e in elements {
        with.push_str(nl);
        with.push_str(&indent);
        with.push_str(e);
    }
    for b in blanks.iter().skip(elements.len()) {
        with.push_str(nl);
        with.push_str(b);
    }
    with.push_str(nl);
    with.push_str(parts[parts.len() - 1]);
    Edit {
        start: at,
        end: at + ws_len,
        with,
    }
}

#[cfg(test)]
mod tests;
