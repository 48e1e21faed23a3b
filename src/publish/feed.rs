//! Feed write-back: each episode's `<enclosure>` and `<itunes:duration>`
//! (and, when asked, `<podcast:transcript>` / `<podcast:chapters>`) go into
//! its `<item>`, and nothing else in the feed changes.
//!
//! The feed is a file the site generator owns, so it is never
//! re-serialized: a streaming pass (quick-xml) finds the byte positions of
//! `<rss>`, every `<item>` and their children, and the new tags are spliced
//! into the original text at those positions. CDATA, comments, whitespace,
//! entity spelling and attribute order everywhere else stay byte-for-byte.
//! An existing tag is updated in place (only the attribute values or text
//! that differ), so a second run with the same episodes changes nothing.
//! This module is pure: text in, text out; the caller writes atomically.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::duration;

pub const ITUNES_NS: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
pub const PODCAST_NS: &str = "https://podcastindex.org/namespace/1.0";

/// What the feed should say about one episode.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    pub slug: String,
    pub guid: Option<String>,
    pub link: Option<String>,
    pub url: String,
    pub length: u64,
    pub duration_ms: u64,
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

/// An `<item>`'s audio as the feed states it (for `narrate check`).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemAudio {
    pub label: String,
    pub slug: String,
    pub url: Option<String>,
    pub length: Option<String>,
    pub mime: Option<String>,
    pub duration: Option<String>,
}

/// One element directly inside an `<item>`.
#[derive(Debug, Clone)]
struct Child {
    name: String,
    /// From `<` to the end of the end tag (or of `/>`).
    start: usize,
    end: usize,
    /// End of the start tag (after `>`).
    open_end: usize,
    /// Text between start and end tag; `None` for `<x/>`.
    inner: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
struct ItemScan {
    open_end: usize,
    children: Vec<Child>,
}

#[derive(Debug)]
struct Scan {
    /// The `<rss …>` start tag.
    rss: Option<(usize, usize)>,
    items: Vec<ItemScan>,
}

fn scan(text: &str) -> Result<Scan, String> {
    let mut reader = Reader::from_str(text);
    let mut out = Scan {
        rss: None,
        items: Vec::new(),
    };
    let mut depth = 0usize;
    // (depth of the <item>, its scan) while inside one.
    let mut item: Option<(usize, ItemScan)> = None;
    // The child being read: (name, start, open_end).
    let mut child: Option<(String, usize, usize)> = None;
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            format!(
                "{e} (at byte {}); fix the XML or regenerate the feed",
                reader.error_position()
            )
        })?;
        let end = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "rss" && out.rss.is_none() {
                    out.rss = Some((start, end));
                } else if name == "item" && item.is_none() {
                    item = Some((
                        depth,
                        ItemScan {
                            open_end: end,
                            children: Vec::new(),
                        },
                    ));
                } else if let Some((d, _)) = &item {
                    if depth == d + 1 {
                        child = Some((name, start, end));
                    }
                }
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "rss" && out.rss.is_none() {
                    out.rss = Some((start, end));
                }
                if let Some((d, it)) = &mut item {
                    if depth == *d {
                        it.children.push(Child {
                            name,
                            start,
                            end,
                            open_end: end,
                            inner: None,
                        });
                    }
                }
            }
            Event::End(_) => {
                if let Some((d, it)) = &mut item {
                    if depth == *d + 1 {
                        if let Some((name, s, open_end)) = child.take() {
                            it.children.push(Child {
                                name,
                                start: s,
                                end,
                                open_end,
                                inner: Some((open_end, start)),
                            });
                        }
                    } else if depth == *d {
                        if let Some((_, it)) = item.take() {
                            out.items.push(it);
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if out.rss.is_none() {
        return Err("the root element is not <rss>; narrate writes into RSS 2.0 feeds".into());
    }
    Ok(out)
}

/// Text content of an element as a reader sees it: CDATA unwrapped,
/// entities resolved, trimmed.
fn text_of<'a>(text: &'a str, c: &Child) -> Cow<'a, str> {
    let Some((a, b)) = c.inner else {
        return Cow::Borrowed("");
    };
    let raw = text[a..b].trim();
    if let Some(inner) = raw
        .strip_prefix("<![CDATA[")
        .and_then(|r| r.strip_suffix("]]>"))
    {
        return Cow::Borrowed(inner.trim());
    }
    quick_xml::escape::unescape(raw).unwrap_or(Cow::Borrowed(raw))
}

/// An attribute in a start tag: its name and the byte range of its value
/// (inside the quotes), relative to the feed.
fn attributes(text: &str, tag_start: usize, tag_end: usize) -> Vec<(String, usize, usize)> {
    let tag = &text[tag_start..tag_end];
    let bytes = tag.as_bytes();
    let mut out = Vec::new();
    // Skip `<name`.
    let mut i = 1;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'/' && bytes[i] != b'>'
    {
        i += 1;
    }
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        if i == name_start {
            break;
        }
        let name = &tag[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let Some(&q) = bytes.get(i).filter(|q| **q == b'"' || **q == b'\'') else {
            break;
        };
        let v_start = i + 1;
        let Some(len) = tag[v_start..].find(q as char) else {
            break;
        };
        out.push((
            name.to_string(),
            tag_start + v_start,
            tag_start + v_start + len,
        ));
        i = v_start + len + 1;
    }
    out
}

fn attr_value<'a>(
    text: &'a str,
    attrs: &[(String, usize, usize)],
    name: &str,
) -> Option<Cow<'a, str>> {
    attrs.iter().find(|(n, _, _)| n == name).map(|&(_, a, b)| {
        quick_xml::escape::unescape(&text[a..b]).unwrap_or(Cow::Borrowed(&text[a..b]))
    })
}

/// A replacement of `text[start..end]`.
#[derive(Debug)]
struct Edit {
    start: usize,
    end: usize,
    with: String,
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
    let attrs = attributes(text, start, open_end);
    let mut appended = String::new();
    for (name, value) in want {
        match attrs.iter().find(|(n, _, _)| n == name) {
            Some(&(_, a, b)) => {
                if attr_value(text, &attrs, name).as_deref() != Some(*value) {
                    edits.push(Edit {
                        start: a,
                        end: b,
                        with: escape_attr(value),
                    });
                }
            }
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

fn escape_attr(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

fn escape_text(v: &str) -> String {
    v.replace('&', "&amp;").replace('<', "&lt;")
}

/// The namespace prefix the feed declares for `uri` on `<rss>`, if any.
fn prefix_for(text: &str, rss: (usize, usize), uri: &str) -> Option<String> {
    attributes(text, rss.0, rss.1)
        .into_iter()
        .find(|(n, a, b)| n.starts_with("xmlns:") && &text[*a..*b] == uri)
        .map(|(n, _, _)| n["xmlns:".len()..].to_string())
}

/// What identifies an item for matching: its guid, link and slug.
struct Identity {
    guid: Option<String>,
    link: Option<String>,
    slug: String,
    label: String,
}

fn identity(text: &str, it: &ItemScan, n: usize) -> Identity {
    let get = |name: &str| {
        it.children
            .iter()
            .find(|c| c.name == name)
            .map(|c| text_of(text, c).into_owned())
            .filter(|s| !s.is_empty())
    };
    let (guid, link, title) = (get("guid"), get("link"), get("title"));
    let slug = crate::ingest::item_slug(link.as_deref(), guid.as_deref(), title.as_deref(), n);
    let label = title
        .clone()
        .or_else(|| guid.clone())
        .unwrap_or_else(|| format!("item {n}"));
    Identity {
        guid,
        link,
        slug,
        label,
    }
}

/// The item an episode belongs to: same guid, else same link, else same slug.
fn find_item(ids: &[Identity], ep: &Episode) -> Option<usize> {
    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    ids.iter()
        .position(|id| same(&id.guid, &ep.guid))
        .or_else(|| ids.iter().position(|id| same(&id.link, &ep.link)))
        .or_else(|| ids.iter().position(|id| id.slug == ep.slug))
}

/// The whitespace before `pos` back to the start of its line, if `pos` is
/// the first thing on the line.
fn indent_before(text: &str, pos: usize) -> Option<&str> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let ws = &text[line_start..pos];
    ws.chars().all(|c| c == ' ' || c == '\t').then_some(ws)
}

pub fn write_back(text: &str, episodes: &[Episode]) -> Result<WriteBack, String> {
    let s = scan(text)?;
    let rss = s.rss.expect("scan checks <rss>");
    let ids: Vec<Identity> = s
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| identity(text, it, i + 1))
        .collect();
    let itunes = prefix_for(text, rss, ITUNES_NS);
    let podcast = prefix_for(text, rss, PODCAST_NS);
    let it_prefix = itunes.clone().unwrap_or_else(|| "itunes".into());
    let pc_prefix = podcast.clone().unwrap_or_else(|| "podcast".into());
    let duration_tag = format!("{it_prefix}:duration");
    let style = duration::feed_style(s.items.iter().flat_map(|it| {
        it.children
            .iter()
            .filter(|c| c.name == duration_tag)
            .map(|c| &text[c.inner.map_or(0, |r| r.0)..c.inner.map_or(0, |r| r.1)])
    }));

    let mut edits = Vec::new();
    let mut placed = vec![None; episodes.len()];
    let mut taken = vec![false; s.items.len()];
    let mut need_itunes = false;
    let mut need_podcast = false;
    for (e, ep) in episodes.iter().enumerate() {
        let Some(i) = find_item(&ids, ep).filter(|i| !taken[*i]) else {
            continue;
        };
        taken[i] = true;
        placed[e] = Some(i + 1);
        need_itunes = true;
        let it = &s.items[i];
        let mut missing: Vec<String> = Vec::new();

        let length = ep.length.to_string();
        let enclosure = [
            ("url", ep.url.as_str()),
            ("length", length.as_str()),
            ("type", "audio/mpeg"),
        ];
        match it.children.iter().find(|c| c.name == "enclosure") {
            Some(c) => set_attributes(text, c.start, c.open_end, &enclosure, &mut edits),
            None => missing.push(element("enclosure", &enclosure)),
        }

        let dur = duration::format(ep.duration_ms, style);
        match it.children.iter().find(|c| c.name == duration_tag) {
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
            let existing = it.children.iter().find(|c| {
                c.name == name && {
                    let attrs = attributes(text, c.start, c.open_end);
                    attr_value(text, &attrs, "type").is_none_or(|t| t == mime)
                }
            });
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
        set_attributes(text, rss.0, rss.1, &decls, &mut edits);
    }

    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 512);
    let mut at = 0;
    for e in &edits {
        debug_assert!(e.start >= at, "edits never overlap");
        out.push_str(&text[at..e.start]);
        out.push_str(&e.with);
        at = e.end;
    }
    out.push_str(&text[at..]);
    Ok(WriteBack {
        text: out,
        items: placed,
        unmatched_items: ids
            .into_iter()
            .zip(&taken)
            .filter(|(_, t)| !**t)
            .map(|(id, _)| id.label)
            .collect(),
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
fn insert_into_item(text: &str, it: &ItemScan, elements: &[String]) -> Edit {
    let anchor = it
        .children
        .iter()
        .find(|c| c.name == "content:encoded")
        .or_else(|| it.children.last());
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

/// Every item's audio as the feed states it.
pub fn item_audio(text: &str) -> Result<Vec<ItemAudio>, String> {
    let s = scan(text)?;
    let rss = s.rss.expect("scan checks <rss>");
    let prefix = prefix_for(text, rss, ITUNES_NS).unwrap_or_else(|| "itunes".into());
    let duration_tag = format!("{prefix}:duration");
    Ok(s.items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let id = identity(text, it, i + 1);
            let enc = it.children.iter().find(|c| c.name == "enclosure");
            let attrs = enc
                .map(|c| attributes(text, c.start, c.open_end))
                .unwrap_or_default();
            let get = |n: &str| attr_value(text, &attrs, n).map(|v| v.into_owned());
            ItemAudio {
                label: id.label,
                slug: id.slug,
                url: get("url"),
                length: get("length"),
                mime: get("type"),
                duration: it
                    .children
                    .iter()
                    .find(|c| c.name == duration_tag)
                    .map(|c| text_of(text, c).into_owned()),
            }
        })
        .collect())
}

/// The `<title>` of the feed's `<channel>` (the podcast's name).
pub fn channel_title(text: &str) -> Option<String> {
    let mut reader = Reader::from_str(text);
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut title: Option<String> = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let name = e.name().as_ref().to_vec();
                if path.last().map(Vec::as_slice) == Some(b"channel") && name == b"title" {
                    title = Some(String::new());
                }
                path.push(name);
            }
            Event::End(_) => {
                path.pop();
                if let Some(t) = title.take() {
                    return Some(t.trim().to_string()).filter(|t| !t.is_empty());
                }
            }
            ref event @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                if let Some(s) = &mut title {
                    crate::ingest::feed::push_text(s, event).ok()?;
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
