//! Feeds, read once and understood one way: [`scan`] is the single pass
//! over the XML; this module says what an item *means* — its guid, link,
//! slug, title, date, audio — for both RSS items and Atom entries, and
//! which item a post belongs to. Ingest (items as posts), the write-back,
//! `narrate check` and the kept-episode rules all read feeds through here,
//! so they can never disagree about which item is which.

pub mod scan;

pub use scan::{Entry, FeedError, Kind, Scan};

use crate::post::slugify;

/// What identifies an item: how posts are matched to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub guid: Option<String>,
    pub link: Option<String>,
    pub slug: String,
    /// How messages name the item: its title, else guid, else position.
    pub label: String,
}

/// An item's `link`: RSS's `<link>` text; Atom's `<link rel="alternate">`
/// (or a link with no `rel`) `href`.
pub fn link(kind: Kind, e: &Entry) -> Option<String> {
    match kind {
        Kind::Rss => e.text("link").map(str::to_string),
        Kind::Atom => e
            .children
            .iter()
            .filter(|c| c.name == "link")
            .find(|c| c.attr("rel").is_none_or(|r| r == "alternate"))
            .and_then(|c| c.attr("href"))
            .map(str::to_string),
    }
}

/// An item's guid: RSS `<guid>`, Atom `<id>`.
pub fn guid(kind: Kind, e: &Entry) -> Option<String> {
    e.text(match kind {
        Kind::Rss => "guid",
        Kind::Atom => "id",
    })
    .map(str::to_string)
}

/// The `n`th (1-based) item's identity.
pub fn identity(kind: Kind, e: &Entry, n: usize) -> Identity {
    let (guid, link, title) = (guid(kind, e), link(kind, e), e.text("title"));
    Identity {
        slug: item_slug(link.as_deref(), guid.as_deref(), title, n),
        label: title
            .map(str::to_string)
            .or_else(|| guid.clone())
            .unwrap_or_else(|| format!("item {n}")),
        guid,
        link,
    }
}

/// Every item's identity, in feed order.
pub fn identities(s: &Scan) -> Vec<Identity> {
    s.entries
        .iter()
        .enumerate()
        .map(|(i, e)| identity(s.kind, e, i + 1))
        .collect()
}

/// Posts matched to a feed's items the one way every reader of a feed
/// matches them (the write-back, withdrawals, the kept-episode rule): same
/// guid, else same link, else same slug; each item taken once, by the first
/// post that asks for it.
#[derive(Debug, Clone)]
pub struct Matcher {
    ids: Vec<Identity>,
    taken: Vec<bool>,
}

impl Matcher {
    pub fn new(s: &Scan) -> Matcher {
        let ids = identities(s);
        Matcher {
            taken: vec![false; ids.len()],
            ids,
        }
    }

    /// The index of the free item the post belongs to, now taken.
    pub fn take(&mut self, guid: Option<&str>, link: Option<&str>, slug: &str) -> Option<usize> {
        let same = |a: &Option<String>, b: Option<&str>| b.is_some() && a.as_deref() == b;
        let free = |i: usize| !self.taken[i];
        let by = |f: &dyn Fn(&Identity) -> bool| {
            (0..self.ids.len()).find(|&i| free(i) && f(&self.ids[i]))
        };
        let found = by(&|id| same(&id.guid, guid))
            .or_else(|| by(&|id| same(&id.link, link)))
            .or_else(|| by(&|id| id.slug == slug))?;
        self.taken[found] = true;
        Some(found)
    }

    /// The items no post took, in feed order.
    pub fn untaken(&self) -> impl Iterator<Item = &Identity> {
        self.ids
            .iter()
            .zip(&self.taken)
            .filter(|(_, t)| !**t)
            .map(|(id, _)| id)
    }
}

/// An item's audio as the feed states it (for `narrate check` and the
/// kept-episode rule).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemAudio {
    pub id: Identity,
    pub url: Option<String>,
    pub length: Option<String>,
    pub duration: Option<String>,
}

/// The iTunes namespace, and the prefix a feed declares for it (else "itunes").
pub const ITUNES_NS: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
pub const PODCAST_NS: &str = "https://podcastindex.org/namespace/1.0";

/// The namespace prefix the root element declares for `uri`, if any.
pub fn prefix_for(text: &str, s: &Scan, uri: &str) -> Option<String> {
    scan::attributes(text, s.root.0, s.root.1)
        .into_iter()
        .find(|a| a.name.starts_with("xmlns:") && a.value == uri)
        .map(|a| a.name["xmlns:".len()..].to_string())
}

/// Every item's audio: RSS `<enclosure>`, Atom `<link rel="enclosure">`.
pub fn item_audio(text: &str) -> Result<Vec<ItemAudio>, FeedError> {
    Ok(audio_of(text, &scan::scan(text)?))
}

/// [`item_audio`] of a feed already scanned.
pub fn audio_of(text: &str, s: &Scan) -> Vec<ItemAudio> {
    let prefix = prefix_for(text, s, ITUNES_NS).unwrap_or_else(|| "itunes".into());
    let duration_tag = format!("{prefix}:duration");
    s.entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let enc = match s.kind {
                Kind::Rss => e.child("enclosure"),
                Kind::Atom => e
                    .children
                    .iter()
                    .find(|c| c.name == "link" && c.attr("rel") == Some("enclosure")),
            };
            let url_attr = if s.kind == Kind::Rss { "url" } else { "href" };
            ItemAudio {
                id: identity(s.kind, e, i + 1),
                url: enc.and_then(|c| c.attr(url_attr)).map(str::to_string),
                length: enc.and_then(|c| c.attr("length")).map(str::to_string),
                duration: e.text(&duration_tag).map(str::to_string),
            }
        })
        .collect()
}

/// The channel's `<title>` (the podcast's name), if the feed reads.
pub fn channel_title(text: &str) -> Option<String> {
    scan::scan(text).ok()?.title
}

/// Whether `text` is an RSS feed: the one test of "can narrate write
/// enclosures into this file?" (build's INPUT feeds, init's detection).
pub fn is_rss(text: &str) -> bool {
    scan::kind(text) == Some(Kind::Rss)
}

/// The slug of the `n`th feed item: the last path segment of its link,
/// else of its guid, else its title slugified. The feed write-back uses the
/// same rule to match a post to its item.
pub fn item_slug(link: Option<&str>, guid: Option<&str>, title: Option<&str>, n: usize) -> String {
    link.and_then(last_path_segment)
        .or_else(|| guid.and_then(last_path_segment))
        .or_else(|| title.map(slugify))
        .unwrap_or_else(|| format!("item-{n}"))
}

/// `https://x.org/posts/tea-and-toast.html?a=b#c` → `tea-and-toast`.
fn last_path_segment(url: &str) -> Option<String> {
    let no_query = url.split(['?', '#']).next().unwrap_or(url);
    let after_scheme = no_query
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(no_query);
    // A bare host has no path segment to use.
    let path = after_scheme.split_once('/').map(|(_, p)| p)?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    let stem = match last.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.len() <= 5 =>
        {
            stem
        }
        _ => last,
    };
    let slug = slugify(stem);
    (!stem.is_empty() && slug != "post").then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_from_link_guid_or_title() {
        assert_eq!(
            last_path_segment("https://example.com/posts/tea-and-toast.html").as_deref(),
            Some("tea-and-toast")
        );
        assert_eq!(
            last_path_segment("https://example.com/2026/06/Big_Post/").as_deref(),
            Some("big-post")
        );
        assert_eq!(
            last_path_segment("https://example.com/p?id=4").as_deref(),
            Some("p")
        );
        assert_eq!(last_path_segment("https://example.com"), None);
        assert_eq!(last_path_segment("https://example.com/"), None);
        assert_eq!(last_path_segment("urn:uuid:1234"), None);
    }

    fn ids(xml: &str) -> Vec<Identity> {
        identities(&scan::scan(xml).unwrap())
    }

    #[test]
    fn identity_of_rss_and_atom_items() {
        let rss = ids("<rss><channel><item><title>A &amp; B</title><link>https://x.org/posts/a-b/</link><guid>g1</guid></item><item></item></channel></rss>");
        assert_eq!(rss[0].guid.as_deref(), Some("g1"));
        assert_eq!(rss[0].slug, "a-b");
        assert_eq!(rss[0].label, "A & B");
        assert_eq!(rss[1].label, "item 2");
        let atom = ids(
            r#"<feed><entry><title>W</title><id>urn:w</id><link rel="edit" href="https://x.org/edit/9"/><link href="https://x.org/2026/warp-first.html"/></entry></feed>"#,
        );
        assert_eq!(atom[0].guid.as_deref(), Some("urn:w"));
        assert_eq!(
            atom[0].link.as_deref(),
            Some("https://x.org/2026/warp-first.html")
        );
        assert_eq!(atom[0].slug, "warp-first");
    }

    #[test]
    fn matching_prefers_guid_then_link_then_slug_and_skips_taken() {
        let feed = "<rss><channel>\
            <item><link>https://x.org/a</link></item>\
            <item><guid>g</guid><link>https://x.org/b</link></item>\
            <item><link>https://x.org/c</link></item></channel></rss>";
        let fresh = || Matcher::new(&scan::scan(feed).unwrap());
        assert_eq!(fresh().take(Some("g"), None, "zzz"), Some(1));
        assert_eq!(
            fresh().take(Some("nope"), Some("https://x.org/c"), "a"),
            Some(2)
        );
        let mut m = fresh();
        assert_eq!(m.take(None, None, "a"), Some(0));
        // Taken once: a second post with the same slug gets no item.
        assert_eq!(m.take(None, None, "a"), None);
        assert_eq!(m.take(None, None, "q"), None);
        let left: Vec<&str> = m.untaken().map(|id| id.slug.as_str()).collect();
        assert_eq!(left, ["b", "c"]);
    }

    #[test]
    fn item_audio_reads_rss_enclosures_and_atom_enclosure_links() {
        let rss = r#"<rss xmlns:it="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><item><title>T</title><enclosure url="https://x/a.mp3" length="5" type="audio/mpeg"/><it:duration>1:02</it:duration></item></channel></rss>"#;
        let a = item_audio(rss).unwrap();
        assert_eq!(a[0].url.as_deref(), Some("https://x/a.mp3"));
        assert_eq!(a[0].length.as_deref(), Some("5"));
        assert_eq!(
            a[0].duration.as_deref(),
            Some("1:02"),
            "the feed's own prefix"
        );
        let atom = r#"<feed><entry><title>T</title><link rel="enclosure" href="https://x/b.mp3" length="7"/></entry></feed>"#;
        let a = item_audio(atom).unwrap();
        assert_eq!(a[0].url.as_deref(), Some("https://x/b.mp3"));
        assert_eq!(
            channel_title("<rss><channel><title> Pod </title></channel></rss>").as_deref(),
            Some("Pod")
        );
    }
}
