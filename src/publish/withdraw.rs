//! Withdrawing an episode from the feed: when an author marks a post
//! `narrate.skip`, the `<enclosure>`, `<itunes:duration>` and the
//! transcript and chapters links narrate wrote into its item come out again,
//! and nothing else changes. Only what is ours goes: an enclosure whose URL
//! is not the one narrate gives this post (another tool's) stays, and so
//! does the item's duration then. Like the write-back, the original text is
//! edited in place (a removed element takes its own line with it), so the
//! rest of the feed stays byte for byte. Pure: text in, text out.

use super::splice::{self, Edit};
use crate::feed::{self, FeedError, ITUNES_NS, PODCAST_NS};

/// A post whose episode is withdrawn, and the URLs narrate gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Withdrawal {
    pub slug: String,
    pub guid: Option<String>,
    pub link: Option<String>,
    pub url: String,
    pub transcript_url: Option<String>,
    pub chapters_url: Option<String>,
}

/// The feed without those episodes, and for each withdrawal whether its
/// item held our enclosure (and lost it).
#[derive(Debug, Clone, PartialEq)]
pub struct Withdrawn {
    pub text: String,
    pub removed: Vec<bool>,
}

pub fn withdraw(text: &str, posts: &[Withdrawal]) -> Result<Withdrawn, FeedError> {
    let s = splice::rss(text)?;
    let mut items = feed::Matcher::new(&s);
    let itunes = feed::prefix_for(text, &s, ITUNES_NS).unwrap_or_else(|| "itunes".into());
    let podcast = feed::prefix_for(text, &s, PODCAST_NS).unwrap_or_else(|| "podcast".into());
    let mut cuts: Vec<Edit> = Vec::new();
    let mut removed = Vec::with_capacity(posts.len());
    for p in posts {
        let Some(i) = items.take(p.guid.as_deref(), p.link.as_deref(), &p.slug) else {
            removed.push(false);
            continue;
        };
        let it = &s.entries[i];
        let ours = it
            .child("enclosure")
            .is_some_and(|c| c.attr("url").is_some_and(|u| u.trim() == p.url));
        removed.push(ours);
        if !ours {
            continue;
        }
        let duration = format!("{itunes}:duration");
        let transcript = format!("{podcast}:transcript");
        let chapters = format!("{podcast}:chapters");
        for c in &it.children {
            let url = c.attr("url").map(str::trim);
            let goes = c.name == "enclosure" && url == Some(p.url.as_str())
                || c.name == duration
                || c.name == transcript && url.is_some() && url == p.transcript_url.as_deref()
                || c.name == chapters && url.is_some() && url == p.chapters_url.as_deref();
            if goes {
                cuts.push(Edit::cut(splice::line_span(text, c)));
            }
        }
    }
    Ok(Withdrawn {
        text: splice::apply(text, cuts),
        removed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">\n<channel>\n  <title>B</title>\n  <item>\n    <title>One</title>\n    <link>https://b.example/one</link>\n    <enclosure url=\"https://b.example/audio/one.mp3\" length=\"10\" type=\"audio/mpeg\"/>\n    <itunes:duration>00:10</itunes:duration>\n    <podcast:transcript url=\"https://b.example/audio/one.vtt\" type=\"text/vtt\"/>\n  </item>\n  <item>\n    <title>Two</title>\n    <link>https://b.example/two</link>\n    <enclosure url=\"https://elsewhere.example/two.mp3\" length=\"5\" type=\"audio/mpeg\"/>\n    <itunes:duration>00:05</itunes:duration>\n  </item>\n</channel>\n</rss>\n";

    fn w(slug: &str) -> Withdrawal {
        Withdrawal {
            slug: slug.into(),
            guid: None,
            link: Some(format!("https://b.example/{slug}")),
            url: format!("https://b.example/audio/{slug}.mp3"),
            transcript_url: Some(format!("https://b.example/audio/{slug}.vtt")),
            chapters_url: None,
        }
    }

    #[test]
    fn our_episode_leaves_its_item_and_nothing_else_changes() {
        let out = withdraw(FEED, &[w("one"), w("two"), w("three")]).unwrap();
        assert_eq!(out.removed, [true, false, false]);
        let want = FEED
            .replace("    <enclosure url=\"https://b.example/audio/one.mp3\" length=\"10\" type=\"audio/mpeg\"/>\n", "")
            .replace("    <itunes:duration>00:10</itunes:duration>\n", "")
            .replace("    <podcast:transcript url=\"https://b.example/audio/one.vtt\" type=\"text/vtt\"/>\n", "");
        assert_eq!(out.text, want);
        // Withdrawing again changes nothing.
        let again = withdraw(&out.text, &[w("one")]).unwrap();
        assert_eq!(again.text, out.text);
        assert_eq!(again.removed, [false]);
    }

    #[test]
    fn an_item_on_one_line_keeps_its_line() {
        let feed = "<rss version=\"2.0\"><channel><item><link>https://b.example/one</link><enclosure url=\"https://b.example/audio/one.mp3\" length=\"1\" type=\"audio/mpeg\"/></item></channel></rss>";
        let out = withdraw(feed, &[w("one")]).unwrap();
        assert_eq!(
            out.text,
            "<rss version=\"2.0\"><channel><item><link>https://b.example/one</link></item></channel></rss>"
        );
    }
}
