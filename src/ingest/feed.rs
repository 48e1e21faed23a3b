//! RSS 2.0 feed → one [`Post`] per `<item>`, read with quick-xml.
//!
//! Only the item fields a post needs are collected; the body is
//! `content:encoded` when present, else `description`, both HTML.

use quick_xml::events::Event;
use quick_xml::Reader;

/// The fields of one `<item>`, text with entities and CDATA resolved.
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

/// True when the document's root element is `<rss>`.
pub fn is_rss(text: &str) -> bool {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => return e.name().as_ref() == b"rss",
            Ok(Event::Eof) | Err(_) => return false,
            _ => {}
        }
    }
}

/// Appends a text event's content to `value`: text and CDATA decoded,
/// character and XML entities resolved. An HTML entity (in an HTML field)
/// is kept as written; the HTML parser decodes it later.
pub fn push_text(value: &mut String, event: &Event) -> Result<(), String> {
    match event {
        Event::Text(t) => value.push_str(&t.decode().map_err(|e| e.to_string())?),
        Event::CData(t) => value.push_str(&t.decode().map_err(|e| e.to_string())?),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                value.push(c);
            } else {
                let name = r.decode().map_err(|e| e.to_string())?;
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

pub fn items(text: &str) -> Result<Vec<Item>, String> {
    let mut reader = Reader::from_str(text);
    let mut items = Vec::new();
    let mut item: Option<Item> = None;
    // The item child whose text is being read, and that text so far.
    let mut field: Option<(Vec<u8>, String)> = None;
    let mut saw_rss = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "{e} (at byte {}); fix the XML or regenerate the feed",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_vec();
                if name == b"rss" {
                    saw_rss = true;
                } else if name == b"item" {
                    item = Some(Item::default());
                } else if item.is_some() && field.is_none() {
                    field = Some((name, String::new()));
                }
            }
            Event::End(e) => {
                let qname = e.name();
                let name = qname.as_ref();
                if name == b"item" {
                    items.extend(item.take());
                } else if let (Some(it), Some((f, _))) = (&mut item, &field) {
                    if f.as_slice() == name {
                        let (f, value) = field.take().expect("checked above");
                        store(it, &f, value.trim().to_string());
                    }
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                if let Some((_, value)) = &mut field {
                    push_text(value, &event)?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_rss {
        return Err("the root element is not <rss>; narrate reads RSS 2.0 feeds".into());
    }
    Ok(items)
}

fn store(item: &mut Item, field: &[u8], value: String) {
    if value.is_empty() {
        return;
    }
    let slot = match field {
        b"title" => &mut item.title,
        b"link" => &mut item.link,
        b"guid" => &mut item.guid,
        b"pubDate" => &mut item.pub_date,
        b"author" | b"dc:creator" => &mut item.author,
        b"description" => &mut item.description,
        b"content:encoded" => &mut item.content,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(value);
    }
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
        assert!(is_rss(FEED));
    }

    #[test]
    fn malformed_feed_names_the_position() {
        let err = items("<rss><channel><item><title>x</item></channel></rss>").unwrap_err();
        assert!(err.contains("at byte"), "{err}");
    }

    #[test]
    fn non_rss_root_is_rejected() {
        assert!(!is_rss(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>"
        ));
        assert!(items("<feed></feed>").unwrap_err().contains("not <rss>"));
    }
}
