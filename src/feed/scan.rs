//! The one streaming pass over a feed (quick-xml) that every reader and the
//! write-back share: the root element, the channel's title, and for each
//! `<item>` (RSS) or `<entry>` (Atom) its direct children with their byte
//! positions, decoded text and attributes.
//!
//! Reading posts from a feed and writing enclosures back into it must agree
//! on what an item says (its guid, link, title), or a post could be matched
//! to one item when read and another when written. One scanner, one text
//! decoding: CDATA unwrapped, character references and the five XML
//! entities resolved, any other entity kept as written (an HTML field's
//! `&nbsp;` is decoded later by the HTML parser). Nothing declared in a
//! DOCTYPE is ever expanded.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Why a feed cannot be read (or written back into).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FeedError {
    #[error("{message} (at byte {at}); fix the XML or regenerate the feed")]
    Xml { message: String, at: u64 },
    #[error("text that does not decode ({0}); fix the feed's encoding")]
    Encoding(String),
    #[error(
        "the root element is <{root}>, not <rss> or <feed>; narrate reads RSS 2.0 and Atom feeds"
    )]
    NotAFeed { root: String },
    #[error("the file holds no XML element; narrate reads RSS 2.0 and Atom feeds")]
    Empty,
    #[error("elements nested deeper than {max} levels (at byte {at}); this is not a feed narrate can read")]
    TooDeep { max: usize, at: usize },
    #[error("an Atom feed; podcast apps read RSS, so narrate writes enclosures into RSS feeds only: leave `feed` empty (the Atom feed can still be read as posts) and set `podcast-feed` to get a podcast feed of its own")]
    AtomWriteBack,
}

/// Elements nested deeper than this are refused: a feed is a few levels
/// deep, and a crafted one should not cost unbounded work.
pub const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// RSS 2.0: `<rss><channel><item>`.
    Rss,
    /// Atom 1.0: `<feed><entry>`.
    Atom,
}

/// An attribute of a start tag: name, decoded value, and the byte range of
/// the raw value inside its quotes.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    pub name: String,
    pub value: String,
    pub span: (usize, usize),
}

/// One element directly inside an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Child {
    pub name: String,
    /// From `<` to the end of the end tag (or of `/>`).
    pub start: usize,
    pub end: usize,
    /// End of the start tag (after `>`).
    pub open_end: usize,
    /// Raw content between start and end tag; `None` for `<x/>`.
    pub inner: Option<(usize, usize)>,
    /// Decoded text of the element and its descendants, trimmed.
    pub text: String,
    pub attrs: Vec<Attr>,
    /// Direct children of this element: (name, decoded text), e.g. Atom's
    /// `<author><name>`.
    pub sub: Vec<(String, String)>,
}

impl Child {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }
}

/// An `<item>` or `<entry>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// End of the item's start tag.
    pub open_end: usize,
    pub children: Vec<Child>,
}

impl Entry {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Child> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The non-empty text of the first child named `name`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
    }
}

/// What one pass found.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    pub kind: Kind,
    /// The root's start tag (`<rss …>` or `<feed …>`).
    pub root: (usize, usize),
    /// The channel's (RSS) or feed's (Atom) `<title>`.
    pub title: Option<String>,
    pub entries: Vec<Entry>,
}

/// Appends a text event's content to `value` (see the module docs).
pub fn push_text(value: &mut String, event: &Event) -> Result<(), FeedError> {
    let enc = |e: quick_xml::encoding::EncodingError| FeedError::Encoding(e.to_string());
    match event {
        Event::Text(t) => value.push_str(&t.decode().map_err(enc)?),
        Event::CData(t) => value.push_str(&t.decode().map_err(enc)?),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                value.push(c);
            } else {
                let name = r.decode().map_err(enc)?;
                match quick_xml::escape::resolve_predefined_entity(&name) {
                    Some(s) => value.push_str(s),
                    None => {
                        value.push('&');
                        value.push_str(&name);
                        value.push(';');
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// The root element's kind, without reading further; `None` when the
/// document is neither RSS nor Atom (or not XML).
pub fn kind(text: &str) -> Option<Kind> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                return match e.name().as_ref() {
                    b"rss" => Some(Kind::Rss),
                    b"feed" => Some(Kind::Atom),
                    _ => None,
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// Attributes of the start tag `text[start..end]`, with value spans
/// relative to `text`. Values are decoded like text.
pub fn attributes(text: &str, start: usize, end: usize) -> Vec<Attr> {
    let tag = &text[start..end];
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
        let raw = &tag[v_start..v_start + len];
        out.push(Attr {
            name: name.to_string(),
            value: quick_xml::escape::unescape(raw)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| raw.to_string()),
            span: (start + v_start, start + v_start + len),
        });
        i = v_start + len + 1;
    }
    out
}

/// A child being read: its start, and the text gathered so far.
struct Open {
    name: String,
    start: usize,
    open_end: usize,
    attrs: Vec<Attr>,
    text: String,
    sub: Vec<(String, String)>,
    /// The grandchild being read.
    sub_open: Option<(String, String)>,
}

/// Scans a feed. Errors say where the XML breaks and what to do.
pub fn scan(text: &str) -> Result<Scan, FeedError> {
    let mut reader = Reader::from_str(text);
    let mut s = Scanner::default();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| FeedError::Xml {
            message: e.to_string(),
            at: reader.error_position(),
        })?;
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                s.element(text, name, (start, end), empty)?;
            }
            Event::End(_) => s.close(start, end),
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => s.text(&event)?,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Scan {
        kind: s.kind.ok_or(FeedError::Empty)?,
        root: s.root,
        title: s.title,
        entries: s.entries,
    })
}

/// What [`scan`] knows so far, event by event.
#[derive(Default)]
struct Scanner {
    kind: Option<Kind>,
    root: (usize, usize),
    title: Option<String>,
    /// Reading the channel's <title>: its text so far.
    title_open: Option<String>,
    entries: Vec<Entry>,
    depth: usize,
    /// (depth of the item element, what it has so far).
    entry: Option<(usize, Entry)>,
    open: Option<Open>,
    /// Depth of the element whose direct children are the channel's (RSS
    /// <channel>, Atom <feed>).
    channel_depth: Option<usize>,
}

impl Scanner {
    /// The root element says which kind of feed this is.
    fn root(&mut self, name: &str, span: (usize, usize)) -> Result<(), FeedError> {
        let kind = match name {
            "rss" => Kind::Rss,
            "feed" => Kind::Atom,
            other => {
                return Err(FeedError::NotAFeed {
                    root: other.to_string(),
                })
            }
        };
        self.kind = Some(kind);
        self.root = span;
        if kind == Kind::Atom {
            self.channel_depth = Some(1);
        }
        Ok(())
    }

    /// A start (or empty) element `name` at `start..end`.
    fn element(
        &mut self,
        text: &str,
        name: String,
        (start, end): (usize, usize),
        empty: bool,
    ) -> Result<(), FeedError> {
        if self.kind.is_none() {
            self.root(&name, (start, end))?;
        }
        let d = self.depth + 1;
        if !empty {
            self.depth = d;
            if d > MAX_DEPTH {
                return Err(FeedError::TooDeep {
                    max: MAX_DEPTH,
                    at: start,
                });
            }
        }
        let item_name = match self.kind {
            Some(Kind::Atom) => "entry",
            _ => "item",
        };
        if self.kind == Some(Kind::Rss) && name == "channel" && self.channel_depth.is_none() {
            self.channel_depth = Some(d);
        }
        if self.channel_depth == Some(d - 1) && name == "title" && self.title.is_none() && !empty {
            self.title_open = Some(String::new());
        }
        match (&mut self.entry, &mut self.open) {
            (None, _) if name == item_name => {
                let e = Entry {
                    open_end: end,
                    children: Vec::new(),
                };
                if empty {
                    self.entries.push(e);
                } else {
                    self.entry = Some((d, e));
                }
            }
            (Some((ed, it)), None) if d == *ed + 1 => {
                let attrs = attributes(text, start, end);
                if empty {
                    it.children.push(Child {
                        name,
                        start,
                        end,
                        open_end: end,
                        inner: None,
                        text: String::new(),
                        attrs,
                        sub: Vec::new(),
                    });
                } else {
                    self.open = Some(Open {
                        name,
                        start,
                        open_end: end,
                        attrs,
                        text: String::new(),
                        sub: Vec::new(),
                        sub_open: None,
                    });
                }
            }
            (Some((ed, _)), Some(o)) if d == *ed + 2 && !empty => {
                o.sub_open = Some((name, String::new()));
            }
            _ => {}
        }
        Ok(())
    }

    /// An end tag at `start..end`.
    fn close(&mut self, start: usize, end: usize) {
        let depth = self.depth;
        if let Some(t) = self.title_open.take() {
            if self.channel_depth == Some(depth - 1) {
                self.title = Some(t.trim().to_string()).filter(|t| !t.is_empty());
            } else {
                self.title_open = Some(t);
            }
        }
        if let Some((ed, it)) = &mut self.entry {
            if depth == *ed + 2 {
                if let Some(o) = &mut self.open {
                    if let Some((n, t)) = o.sub_open.take() {
                        o.sub.push((n, t.trim().to_string()));
                    }
                }
            } else if depth == *ed + 1 {
                if let Some(o) = self.open.take() {
                    it.children.push(Child {
                        name: o.name,
                        start: o.start,
                        end,
                        open_end: o.open_end,
                        inner: Some((o.open_end, start)),
                        text: o.text.trim().to_string(),
                        attrs: o.attrs,
                        sub: o.sub,
                    });
                }
            } else if depth == *ed {
                if let Some((_, it)) = self.entry.take() {
                    self.entries.push(it);
                }
            }
        }
        self.depth = depth.saturating_sub(1);
    }

    /// Text (or CDATA, or an entity) inside whatever is open.
    fn text(&mut self, event: &Event) -> Result<(), FeedError> {
        if let Some(t) = &mut self.title_open {
            push_text(t, event)?;
        }
        if let Some(o) = &mut self.open {
            push_text(&mut o.text, event)?;
            if let Some((_, t)) = &mut o.sub_open {
                push_text(t, event)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Tea &amp; Co</title>
<item>
  <title>Tea &amp; Toast</title>
  <guid isPermaLink="false">post-17</guid>
  <description>Short &#8216;summary&#8217; &nbsp;kept.</description>
  <content:encoded><![CDATA[<p>Body &amp; more</p>]]></content:encoded>
  <enclosure url="https://x.org/a.mp3?v=1&amp;w=2" length="10" type="audio/mpeg"/>
</item>
<item/>
</channel></rss>"#;

    #[test]
    fn rss_items_children_text_and_positions() {
        let s = scan(RSS).unwrap();
        assert_eq!(s.kind, Kind::Rss);
        assert_eq!(s.title.as_deref(), Some("Tea & Co"));
        assert!(RSS[s.root.0..s.root.1].starts_with("<rss"));
        assert_eq!(s.entries.len(), 2);
        let it = &s.entries[0];
        assert_eq!(it.text("title"), Some("Tea & Toast"));
        assert_eq!(it.text("guid"), Some("post-17"));
        assert_eq!(
            it.text("description"),
            Some("Short \u{2018}summary\u{2019} &nbsp;kept."),
            "unknown entities are kept as written"
        );
        assert_eq!(it.text("content:encoded"), Some("<p>Body &amp; more</p>"));
        let enc = it.child("enclosure").unwrap();
        assert_eq!(enc.attr("url"), Some("https://x.org/a.mp3?v=1&w=2"));
        let (a, b) = enc.attrs[0].span;
        assert_eq!(&RSS[a..b], "https://x.org/a.mp3?v=1&amp;w=2");
        assert_eq!(&RSS[enc.start..enc.end], &RSS[enc.start..enc.open_end]);
        let t = it.child("title").unwrap();
        assert_eq!(&RSS[t.start..t.end], "<title>Tea &amp; Toast</title>");
        assert!(s.entries[1].children.is_empty());
    }

    #[test]
    fn atom_entries_with_nested_author_and_link_attributes() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Loom</title>
<author><name>Not an entry author</name></author>
<entry><title>Warp</title><link href="https://w.org/warp/" rel="alternate"/>
<id>tag:w.org,2026:/warp</id><author><name>Ada</name><uri>https://w.org</uri></author>
<content type="html">&lt;p&gt;Dress it.&lt;/p&gt;</content></entry></feed>"#;
        let s = scan(atom).unwrap();
        assert_eq!(s.kind, Kind::Atom);
        assert_eq!(s.title.as_deref(), Some("Loom"));
        assert_eq!(s.entries.len(), 1);
        let e = &s.entries[0];
        assert_eq!(
            e.child("link").unwrap().attr("href"),
            Some("https://w.org/warp/")
        );
        let author = e.child("author").unwrap();
        assert_eq!(author.sub[0], ("name".to_string(), "Ada".to_string()));
        assert_eq!(e.text("content"), Some("<p>Dress it.</p>"));
    }

    #[test]
    fn not_a_feed_broken_xml_and_deep_nesting_are_errors() {
        assert!(scan("<html></html>")
            .unwrap_err()
            .to_string()
            .contains("not <rss> or <feed>"));
        assert_eq!(scan("").unwrap_err(), FeedError::Empty);
        assert!(scan("<rss><channel><item><title>x</item></channel></rss>")
            .unwrap_err()
            .to_string()
            .contains("at byte"));
        let deep = format!("<rss>{}{}</rss>", "<a>".repeat(300), "</a>".repeat(300));
        assert!(matches!(
            scan(&deep).unwrap_err(),
            FeedError::TooDeep { .. }
        ));
        assert_eq!(kind("<feed/>"), Some(Kind::Atom));
        assert_eq!(kind("<rss/>"), Some(Kind::Rss));
        assert_eq!(kind("<html/>"), None);
    }

    #[test]
    fn doctype_entities_are_never_expanded() {
        let lol = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<rss><channel><item><title>&b;&b;</title></item></channel></rss>"#;
        let s = scan(lol).unwrap();
        assert_eq!(s.entries[0].text("title"), Some("&b;&b;"));
    }
}
