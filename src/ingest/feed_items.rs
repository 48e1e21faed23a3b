//! A feed → one [`Item`] per RSS `<item>` or Atom `<entry>`, through the
//! shared scanner ([`crate::feed::scan`]), so reading an item here and
//! writing its enclosure later agree on what the item is.
//!
//! The body is RSS `content:encoded`, else `description`; Atom `content`,
//! else `summary` (HTML; Atom `type="xhtml"` content as written; plain
//! `type="text"` escaped into a paragraph).

use crate::feed::{self, scan, Kind};

/// The fields of one item a post needs, text decoded.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Item {
    pub title: Option<String>,
    pub link: Option<String>,
    pub guid: Option<String>,
    pub pub_date: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    pub content: Option<String>,
}

/// True when the document is a feed narrate reads (RSS or Atom).
pub fn is_feed(text: &str) -> bool {
    scan::kind(text).is_some()
}

/// HTML of an Atom text construct: `html` is escaped HTML (the scanner
/// decoded it), `xhtml` is markup written in place, `text` is plain.
fn atom_html(text: &str, c: &scan::Child) -> String {
    match c.attr("type") {
        Some("xhtml") => c
            .inner
            .map(|(a, b)| text[a..b].trim().to_string())
            .unwrap_or_default(),
        Some("html") => c.text.clone(),
        _ => format!(
            "<p>{}</p>",
            c.text.replace('&', "&amp;").replace('<', "&lt;")
        ),
    }
}

pub fn items(text: &str) -> Result<Vec<Item>, crate::feed::FeedError> {
    let s = scan::scan(text)?;
    Ok(s.entries
        .iter()
        .map(|e| {
            let owned = |name: &str| e.text(name).map(str::to_string);
            match s.kind {
                Kind::Rss => Item {
                    title: owned("title"),
                    link: feed::link(s.kind, e),
                    guid: feed::guid(s.kind, e),
                    pub_date: owned("pubDate").or_else(|| owned("dc:date")),
                    author: owned("dc:creator").or_else(|| owned("author")),
                    description: owned("description"),
                    content: owned("content:encoded"),
                },
                Kind::Atom => Item {
                    title: owned("title"),
                    link: feed::link(s.kind, e),
                    guid: feed::guid(s.kind, e),
                    pub_date: owned("published").or_else(|| owned("updated")),
                    author: e.child("author").and_then(|a| {
                        a.sub
                            .iter()
                            .find(|(n, t)| n == "name" && !t.is_empty())
                            .map(|(_, t)| t.clone())
                    }),
                    description: e
                        .child("summary")
                        .filter(|c| !c.text.is_empty())
                        .map(|c| atom_html(text, c)),
                    content: e
                        .child("content")
                        .filter(|c| !c.text.is_empty() || c.attr("type") == Some("xhtml"))
                        .map(|c| atom_html(text, c)),
                },
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Blog</title><link>https://example.com/</link>
<item>
  <title>Tea &amp; Toast</title>
  <link>https://example.com/posts/tea-and-toast.html</link>
  <guid isPermaLink="false">post-17</guid>
  <pubDate>Sat, 13 Jun 2026 09:00:00 GMT</pubDate>
  <dc:creator><![CDATA[Ada]]></dc:creator>
  <description>Short &#8216;summary&#8217;.</description>
  <content:encoded><![CDATA[<p>Body &amp; more</p>]]></content:encoded>
</item>
<item><title>Only a description</title><description>&lt;p&gt;Hello&lt;/p&gt;</description></item>
</channel></rss>"#;

    #[test]
    fn reads_items_with_entities_and_cdata() {
        let items = items(FEED).unwrap();
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert_eq!(a.title.as_deref(), Some("Tea & Toast"));
        assert_eq!(a.guid.as_deref(), Some("post-17"));
        assert_eq!(a.author.as_deref(), Some("Ada"));
        assert_eq!(
            a.description.as_deref(),
            Some("Short \u{2018}summary\u{2019}.")
        );
        assert_eq!(a.content.as_deref(), Some("<p>Body &amp; more</p>"));
        assert_eq!(items[1].description.as_deref(), Some("<p>Hello</p>"));
        assert!(is_feed(FEED));
    }

    #[test]
    fn reads_atom_entries_as_jekyll_feed_writes_them() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<generator uri="https://jekyllrb.com/" version="4.3.3">Jekyll</generator>
<link href="https://w.org/feed.xml" rel="self" type="application/atom+xml"/>
<updated>2026-09-21T00:00:00+00:00</updated><id>https://w.org/feed.xml</id>
<title type="html">Loom &amp;amp; Shuttle</title>
<entry><title type="html">Warp First</title>
<link href="https://w.org/2026/09/14/warp-first.html" rel="alternate" type="text/html" title="Warp First"/>
<published>2026-09-14T00:00:00+00:00</published><updated>2026-09-15T00:00:00+00:00</updated>
<id>https://w.org/2026/09/14/warp-first</id>
<content type="html" xml:base="https://w.org/2026/09/14/warp-first.html">&lt;p&gt;Dress the warp.&lt;/p&gt;</content>
<author><name>Ines</name></author>
<summary type="html">Dress it.</summary></entry>
<entry><title>Plain</title><id>urn:2</id><summary>1 &lt; 2</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Inline <b>markup</b></p></div></content></entry>
</feed>"#;
        let items = items(atom).unwrap();
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert_eq!(a.title.as_deref(), Some("Warp First"));
        assert_eq!(
            a.link.as_deref(),
            Some("https://w.org/2026/09/14/warp-first.html")
        );
        assert_eq!(
            a.guid.as_deref(),
            Some("https://w.org/2026/09/14/warp-first")
        );
        assert_eq!(a.pub_date.as_deref(), Some("2026-09-14T00:00:00+00:00"));
        assert_eq!(a.author.as_deref(), Some("Ines"));
        assert_eq!(a.content.as_deref(), Some("<p>Dress the warp.</p>"));
        assert_eq!(items[1].description.as_deref(), Some("<p>1 &lt; 2</p>"));
        assert!(items[1]
            .content
            .as_deref()
            .unwrap()
            .contains("<b>markup</b>"));
        assert!(is_feed(atom));
    }

    #[test]
    fn malformed_feed_names_the_position() {
        let err = items("<rss><channel><item><title>x</item></channel></rss>")
            .unwrap_err()
            .to_string();
        assert!(err.contains("at byte"), "{err}");
    }

    #[test]
    fn other_roots_are_rejected() {
        assert!(!is_feed("<html></html>"));
        assert!(items("<html></html>")
            .unwrap_err()
            .to_string()
            .contains("not <rss> or <feed>"));
    }
}
