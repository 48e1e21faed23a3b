//! ID3v2.3 tags with the id3 crate: what podcast apps show, and chapters.
//!
//! v2.3 because it is what every podcast app and player reads; the tag is
//! written in front of the MP3 stream. Chapters follow the ID3 chapter
//! addendum: one CHAP frame per chapter (start/end in ms, TIT2 = its
//! heading) under one top-level, ordered CTOC listing them in order.

use id3::frame::{Chapter, Comment, ExtendedText, Picture, PictureType, TableOfContents};
use id3::{Frame, Tag, TagLike, Timestamp, Version};

use crate::timeline::Timeline;

/// The TXXX description under which narrate stores what an episode was
/// built from; a rebuild compares it to decide "up to date".
pub const FINGERPRINT: &str = "narrate fingerprint";

/// What the tag says, gathered from the post and the configuration.
#[derive(Debug, Clone, Default)]
pub struct TagInfo {
    pub title: String,
    pub author: Option<String>,
    pub podcast: Option<String>,
    pub date: Option<String>,
    pub description: Option<String>,
    pub link: Option<String>,
    /// Cover art: MIME type and bytes.
    pub image: Option<(String, Vec<u8>)>,
}

/// The tag of an episode: `info`, the chapters and duration of
/// `timeline`, and the `fingerprint` of everything the episode is made of
/// (computed from `info` and the rest, so it is not part of `info`).
pub fn build(info: &TagInfo, fingerprint: &str, timeline: &Timeline) -> Tag {
    let mut tag = Tag::new();
    tag.set_title(&info.title);
    if let Some(a) = &info.author {
        tag.set_artist(a);
    }
    if let Some(p) = &info.podcast {
        tag.set_album(p);
    }
    tag.set_genre("Podcast");
    if let Some(ts) = info.date.as_deref().and_then(parse_date) {
        // TDRC is what modern readers look for; TYER is v2.3's own year
        // frame, for strict v2.3 readers.
        tag.set_year(ts.year);
        tag.set_date_recorded(ts);
    }
    if let Some(d) = &info.description {
        tag.add_frame(Comment {
            lang: "eng".into(),
            description: String::new(),
            text: d.clone(),
        });
    }
    if let Some(l) = &info.link {
        tag.add_frame(Frame::link("WOAS", l));
    }
    tag.set_duration(timeline.duration.as_u32_saturating());
    if let Some((mime, data)) = &info.image {
        tag.add_frame(Picture {
            mime_type: mime.clone(),
            picture_type: PictureType::CoverFront,
            description: "Cover".into(),
            data: data.clone(),
        });
    }
    tag.add_frame(ExtendedText {
        description: FINGERPRINT.into(),
        value: fingerprint.to_string(),
    });
    let ids: Vec<String> = (0..timeline.chapters.len())
        .map(|i| format!("ch{i}"))
        .collect();
    for (c, id) in timeline.chapters.iter().zip(&ids) {
        tag.add_frame(Chapter {
            element_id: id.clone(),
            start_time: c.start.as_u32_saturating(),
            end_time: c.end.as_u32_saturating(),
            // "Offsets not used" per the chapter addendum.
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![Frame::text("TIT2", &c.title)],
        });
    }
    if !ids.is_empty() {
        tag.add_frame(TableOfContents {
            element_id: "toc".into(),
            top_level: true,
            ordered: true,
            elements: ids,
            frames: vec![Frame::text("TIT2", "Chapters")],
        });
    }
    tag
}

pub fn to_bytes(tag: &Tag) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    tag.write_to(&mut out, Version::Id3v23)
        .map_err(|e| std::io::Error::other(format!("ID3: {e}")))?;
    Ok(out)
}

/// The fingerprint and duration (TLEN, ms) stored in an MP3's tag.
pub fn read_fingerprint(path: &std::path::Path) -> Option<(String, crate::units::Millis)> {
    let tag = Tag::read_from_path(path).ok()?;
    let duration = crate::units::Millis(u64::from(tag.duration()?));
    let value = tag
        .extended_texts()
        .find(|t| t.description == FINGERPRINT)
        .map(|t| (t.value.clone(), duration));
    value
}

/// The MIME type of a cover image from its first bytes: JPEG or PNG only,
/// which is what podcast apps accept.
pub fn image_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

/// A post's date as front matter (`2026-06-13`, `2026-06-13T10:00:00Z`) or
/// a feed (`Sat, 13 Jun 2026 09:00:00 GMT`) writes it (parsed by
/// [`crate::pubdate`]); the day is enough for the tag.
pub fn parse_date(s: &str) -> Option<Timestamp> {
    let m = crate::pubdate::parse(s)?;
    Some(Timestamp {
        year: m.year,
        month: u8::try_from(m.month).ok(),
        day: u8::try_from(m.day).ok(),
        hour: None,
        minute: None,
        second: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Chapter as Mark;
    use crate::units::Millis;

    #[test]
    fn dates_from_front_matter_and_feeds() {
        let d = parse_date("Sat, 02 May 2026 08:00:00 GMT").unwrap();
        assert_eq!((d.year, d.month, d.day), (2026, Some(5), Some(2)));
        let d = parse_date("2026-06-13T10:00:00Z").unwrap();
        assert_eq!((d.year, d.month, d.day), (2026, Some(6), Some(13)));
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("").is_none());
    }

    #[test]
    fn tag_round_trips_with_chapters_in_order() {
        let timeline = Timeline {
            duration: Millis(9000),
            cues: vec![],
            chapters: vec![
                Mark {
                    title: "Intro".into(),
                    start: Millis(0),
                    end: Millis(4000),
                },
                Mark {
                    title: "Part two".into(),
                    start: Millis(4000),
                    end: Millis(9000),
                },
            ],
        };
        let info = TagInfo {
            title: "Tea & Toast".into(),
            author: Some("Ada".into()),
            podcast: Some("The Notebook".into()),
            date: Some("2026-06-13".into()),
            description: Some("About tea.".into()),
            link: Some("https://example.com/tea".into()),
            image: Some(("image/png".into(), b"\x89PNG\r\n\x1a\nxx".to_vec())),
        };
        let bytes = to_bytes(&build(&info, "abc", &timeline)).unwrap();
        assert_eq!(&bytes[..4], b"ID3\x03");
        let tag = Tag::read_from2(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(tag.title(), Some("Tea & Toast"));
        assert_eq!(tag.artist(), Some("Ada"));
        assert_eq!(tag.album(), Some("The Notebook"));
        assert_eq!(tag.genre(), Some("Podcast"));
        assert_eq!(tag.duration(), Some(9000));
        assert_eq!(tag.date_recorded().map(|d| d.day), Some(Some(13)));
        assert_eq!(
            tag.comments().next().map(|c| c.text.as_str()),
            Some("About tea.")
        );
        assert_eq!(
            tag.get("WOAS").and_then(|f| f.content().link()),
            Some("https://example.com/tea")
        );
        assert_eq!(
            tag.pictures().next().map(|p| p.mime_type.as_str()),
            Some("image/png")
        );
        let chapters: Vec<_> = tag.chapters().collect();
        assert_eq!(chapters.len(), 2);
        assert_eq!((chapters[1].start_time, chapters[1].end_time), (4000, 9000));
        assert_eq!(chapters[1].frames[0].content().text(), Some("Part two"));
        let toc: Vec<_> = tag.tables_of_contents().collect();
        assert_eq!(toc.len(), 1);
        assert!(toc[0].top_level && toc[0].ordered);
        assert_eq!(toc[0].elements, vec!["ch0", "ch1"]);
        assert_eq!(
            tag.extended_texts()
                .find(|t| t.description == FINGERPRINT)
                .map(|t| t.value.as_str()),
            Some("abc")
        );
    }

    #[test]
    fn image_types() {
        assert_eq!(image_mime(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_mime(b"GIF89a"), None);
    }
}
