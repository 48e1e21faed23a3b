//! Which posts already have an episode in the feed, and whose it is.
//!
//! A blog may already publish a podcast made by other means: its items
//! carry enclosures narrate did not make. Those are never replaced unless
//! asked (`--replace-existing`), and `narrate build --missing` narrates only
//! the posts whose item has no enclosure yet. An enclosure is narrate's when
//! its URL fits `episode.audio-url` and the file of that name in the output
//! folder carries narrate's fingerprint tag; anything else was made
//! elsewhere (another tool, or a file this output folder does not hold).

use std::path::Path;

use super::check::local_file;
use crate::feed::{self, scan};

/// The feed's word on one post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    /// No item in the feed matches the post.
    NoItem,
    /// The item has no enclosure yet.
    NoEnclosure,
    /// The enclosure is an episode narrate made, in the output folder.
    Ours,
    /// The enclosure was made elsewhere: its URL.
    Elsewhere(String),
}

/// What identifies a post for matching (as the write-back matches it).
#[derive(Debug, Clone, Copy)]
pub struct PostId<'a> {
    pub guid: Option<&'a str>,
    pub link: Option<&'a str>,
    pub slug: &'a str,
}

/// Classifies each post against the feed, matching as the write-back does
/// (guid, link, slug; each item taken once, in post order).
pub fn classify(
    feed_text: &str,
    s: &scan::Scan,
    posts: &[PostId],
    out_dir: &Path,
    template: &str,
) -> Vec<Existing> {
    let mut items = feed::Matcher::new(s);
    let audio = feed::audio_of(feed_text, s);
    posts
        .iter()
        .map(|p| {
            let Some(i) = items.take(p.guid, p.link, p.slug) else {
                return Existing::NoItem;
            };
            let Some(url) = audio[i].url.clone().filter(|u| !u.trim().is_empty()) else {
                return Existing::NoEnclosure;
            };
            let ours = !template.is_empty()
                && local_file(&url, template, out_dir)
                    .is_some_and(|f| crate::audio::tags::read_fingerprint(&f).is_some());
            if ours {
                Existing::Ours
            } else {
                Existing::Elsewhere(url)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enclosures_are_ours_only_with_our_url_and_our_file() {
        use id3::TagLike;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        // A file of ours carries the fingerprint tag; another tool's does not.
        let mut tag = id3::Tag::new();
        tag.set_duration(1000);
        tag.add_frame(id3::frame::ExtendedText {
            description: "narrate fingerprint".into(),
            value: "abc".into(),
        });
        std::fs::write(out.join("ours.mp3"), b"\xff\xfb\x90\x00").unwrap();
        tag.write_to_path(out.join("ours.mp3"), id3::Version::Id3v23)
            .unwrap();
        std::fs::write(out.join("theirs.mp3"), b"\xff\xfb\x90\x00 not ours").unwrap();
        let feed = r#"<rss><channel>
<item><title>Ours</title><link>https://b.org/p/ours/</link><enclosure url="https://b.org/audio/ours.mp3" length="1" type="audio/mpeg"/></item>
<item><title>Theirs</title><link>https://b.org/p/theirs/</link><enclosure url="https://b.org/audio/theirs.mp3" length="1" type="audio/mpeg"/></item>
<item><title>Hosted</title><link>https://b.org/p/hosted/</link><enclosure url="https://cdn.example/hosted.mp3" length="1" type="audio/mpeg"/></item>
<item><title>Gone</title><link>https://b.org/p/gone/</link><enclosure url="https://b.org/audio/gone.mp3" length="1" type="audio/mpeg"/></item>
<item><title>New</title><link>https://b.org/p/new/</link></item>
</channel></rss>"#;
        let post = |slug| PostId {
            guid: None,
            link: None,
            slug,
        };
        let got = classify(
            feed,
            &scan::scan(feed).unwrap(),
            &[
                post("ours"),
                post("theirs"),
                post("hosted"),
                post("gone"),
                post("new"),
                post("unlisted"),
            ],
            out,
            "https://b.org/audio/{slug}.mp3",
        );
        assert_eq!(
            got,
            vec![
                Existing::Ours,
                Existing::Elsewhere("https://b.org/audio/theirs.mp3".into()),
                Existing::Elsewhere("https://cdn.example/hosted.mp3".into()),
                Existing::Elsewhere("https://b.org/audio/gone.mp3".into()),
                Existing::NoEnclosure,
                Existing::NoItem,
            ]
        );
        // Without an audio-url nothing can be ours.
        let got = classify(feed, &scan::scan(feed).unwrap(), &[post("ours")], out, "");
        assert!(matches!(got[0], Existing::Elsewhere(_)));
    }
}
