//! Feed write-back: every rule on small feeds written for these tests.

use super::*;
use crate::feed::{channel_title, item_audio};

fn ep(slug: &str) -> Enclosure {
    Enclosure {
        slug: slug.into(),
        guid: None,
        link: None,
        url: format!("https://example.com/audio/{slug}.mp3"),
        length: 123_456,
        duration: crate::units::Millis(754_400),
        transcript_url: None,
        chapters_url: None,
    }
}

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Notes &amp; Sketches</title>
    <!-- generated; do not edit by hand -->
    <item>
      <title>Tea &#38; Toast</title>
      <link>https://example.com/posts/tea-and-toast/</link>
      <guid isPermaLink='false'>post-17</guid>
      <description><![CDATA[<p>Short & sweet</p>]]></description>
      <content:encoded><![CDATA[<p>Body</p>]]></content:encoded>
    </item>
    <item>
      <title>Bread</title>
      <link>https://example.com/posts/bread.html</link>
    </item>
  </channel>
</rss>
"#;

#[test]
fn inserts_after_content_encoded_indented_like_siblings() {
    let wb = write_back(FEED, &[ep("tea-and-toast")]).unwrap();
    let expected = FEED
        .replace(
            "<content:encoded><![CDATA[<p>Body</p>]]></content:encoded>\n",
            "<content:encoded><![CDATA[<p>Body</p>]]></content:encoded>\n      <enclosure url=\"https://example.com/audio/tea-and-toast.mp3\" length=\"123456\" type=\"audio/mpeg\"/>\n      <itunes:duration>0:12:34</itunes:duration>\n",
        )
        .replace(
            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">",
            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">",
        );
    assert_eq!(wb.text, expected);
    assert_eq!(wb.items, vec![Some(1)]);
    assert_eq!(wb.unmatched_items, vec!["Bread".to_string()]);
}

#[test]
fn second_run_changes_nothing() {
    let once = write_back(FEED, &[ep("tea-and-toast"), ep("bread")])
        .unwrap()
        .text;
    let twice = write_back(&once, &[ep("tea-and-toast"), ep("bread")])
        .unwrap()
        .text;
    assert_eq!(once, twice);
}

#[test]
fn without_content_encoded_goes_after_the_last_child() {
    let wb = write_back(FEED, &[ep("bread")]).unwrap();
    assert!(wb.text.contains(
        "<link>https://example.com/posts/bread.html</link>\n      <enclosure url=\"https://example.com/audio/bread.mp3\" length=\"123456\" type=\"audio/mpeg\"/>\n      <itunes:duration>0:12:34</itunes:duration>\n    </item>"
    ), "{}", wb.text);
}

#[test]
fn only_the_intended_lines_change() {
    let wb = write_back(FEED, &[ep("tea-and-toast"), ep("bread")]).unwrap();
    // The whole feed, byte for byte: the namespace, then two lines in
    // each item, indented like their siblings; nothing else moves.
    let tags = |slug: &str| {
        format!("      <enclosure url=\"https://example.com/audio/{slug}.mp3\" length=\"123456\" type=\"audio/mpeg\"/>\n      <itunes:duration>0:12:34</itunes:duration>\n")
    };
    let expected = FEED
        .replace(
            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">",
            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">",
        )
        .replace(
            "]]></content:encoded>\n",
            &format!("]]></content:encoded>\n{}", tags("tea-and-toast")),
        )
        .replace(
            "<link>https://example.com/posts/bread.html</link>\n",
            &format!("<link>https://example.com/posts/bread.html</link>\n{}", tags("bread")),
        );
    assert_eq!(wb.text, expected);
    // Entity spelling, CDATA, comments, single quotes: untouched.
    for kept in [
        "Tea &#38; Toast",
        "<![CDATA[<p>Short & sweet</p>]]>",
        "<!-- generated; do not edit by hand -->",
        "isPermaLink='false'",
    ] {
        assert!(wb.text.contains(kept), "{kept}");
    }
}

#[test]
fn matches_by_guid_then_link_then_slug() {
    let mut by_guid = ep("other-slug");
    by_guid.guid = Some("post-17".into());
    let mut by_link = ep("nope");
    by_link.link = Some("https://example.com/posts/bread.html".into());
    let wb = write_back(FEED, &[by_guid, by_link, ep("no-such-post")]).unwrap();
    assert_eq!(wb.items, vec![Some(1), Some(2), None]);
    assert!(wb.unmatched_items.is_empty());
}

#[test]
fn updates_existing_tags_in_place_keeping_attribute_order_and_quotes() {
    let feed = r#"<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" version="2.0"><channel>
  <item>
    <link>https://example.com/posts/tea-and-toast/</link>
    <enclosure type='audio/mpeg' length='1' url='https://old.example.com/a.mp3' />
    <itunes:duration>05:00</itunes:duration>
  </item>
  <item><link>https://example.com/b</link><itunes:duration>59:59</itunes:duration></item>
</channel></rss>"#;
    let wb = write_back(feed, &[ep("tea-and-toast")]).unwrap();
    assert_eq!(
        wb.text,
        feed.replace(
            "<enclosure type='audio/mpeg' length='1' url='https://old.example.com/a.mp3' />",
            "<enclosure type='audio/mpeg' length='123456' url='https://example.com/audio/tea-and-toast.mp3' />"
        )
        .replace("<itunes:duration>05:00</itunes:duration>", "<itunes:duration>12:34</itunes:duration>"),
        "MM:SS kept because the feed uses it; no namespace added twice"
    );
}

#[test]
fn blank_lines_are_filled_not_added_to() {
    let feed = "<rss version=\"2.0\" xmlns:content=\"c\"><channel>\n  <item>\n    <link>https://example.com/tea-and-toast</link>\n    <content:encoded>x</content:encoded>\n\n\n\n  </item>\n</channel></rss>\n";
    let wb = write_back(feed, &[ep("tea-and-toast")]).unwrap();
    assert!(wb.text.contains(
        "<content:encoded>x</content:encoded>\n    <enclosure url=\"https://example.com/audio/tea-and-toast.mp3\" length=\"123456\" type=\"audio/mpeg\"/>\n    <itunes:duration>0:12:34</itunes:duration>\n\n  </item>"
    ), "{}", wb.text);
    assert_eq!(
        wb.text.lines().count(),
        feed.lines().count(),
        "two of three blank lines used"
    );
}

#[test]
fn one_line_items_stay_on_one_line() {
    let feed = "<rss version=\"2.0\"><channel><item><title>T</title><link>https://e.com/tea-and-toast</link></item></channel></rss>";
    let wb = write_back(feed, &[ep("tea-and-toast")]).unwrap();
    assert_eq!(wb.text.lines().count(), 1);
    assert!(wb.text.contains("</link><enclosure url="));
}

#[test]
fn podcast_tags_and_namespace_when_asked() {
    let mut e = ep("bread");
    e.transcript_url = Some("https://example.com/audio/bread.vtt".into());
    e.chapters_url = Some("https://example.com/audio/bread.chapters.json?a=1&b=2".into());
    let wb = write_back(FEED, &[e.clone()]).unwrap();
    assert!(wb
        .text
        .contains("xmlns:podcast=\"https://podcastindex.org/namespace/1.0\""));
    assert!(wb.text.contains(
        "<podcast:transcript url=\"https://example.com/audio/bread.vtt\" type=\"text/vtt\"/>"
    ));
    assert!(wb.text.contains("<podcast:chapters url=\"https://example.com/audio/bread.chapters.json?a=1&amp;b=2\" type=\"application/json+chapters\"/>"));
    assert_eq!(
        write_back(&wb.text, &[e]).unwrap().text,
        wb.text,
        "idempotent, entities included"
    );
}

#[test]
fn existing_transcript_of_another_type_is_left_alone() {
    let feed = r#"<rss version="2.0" xmlns:pc="https://podcastindex.org/namespace/1.0"><channel><item>
  <link>https://e.com/bread</link>
  <pc:transcript url="https://e.com/bread.srt" type="application/srt"/>
</item></channel></rss>"#;
    let mut e = ep("bread");
    e.transcript_url = Some("https://e.com/bread.vtt".into());
    let wb = write_back(feed, &[e]).unwrap();
    assert!(wb
        .text
        .contains("<pc:transcript url=\"https://e.com/bread.srt\" type=\"application/srt\"/>"));
    assert!(
        wb.text
            .contains("<pc:transcript url=\"https://e.com/bread.vtt\" type=\"text/vtt\"/>"),
        "the feed's own prefix is used: {}",
        wb.text
    );
    assert!(!wb.text.contains("xmlns:podcast"));
}

#[test]
fn feeds_duration_style_is_kept() {
    let feed = "<rss version=\"2.0\"><channel>\n<item><link>https://e.com/a</link><itunes:duration>3600</itunes:duration></item>\n<item><link>https://e.com/bread</link></item>\n</channel></rss>";
    let wb = write_back(feed, &[ep("bread")]).unwrap();
    assert!(
        wb.text.contains("<itunes:duration>754</itunes:duration>"),
        "{}",
        wb.text
    );
}

#[test]
fn not_a_feed_or_broken_xml_is_an_error() {
    assert!(write_back("<feed></feed>", &[])
        .unwrap_err()
        .to_string()
        .contains("Atom feed"));
    assert!(write_back("<html></html>", &[])
        .unwrap_err()
        .to_string()
        .contains("not <rss> or <feed>"));
    assert!(write_back("<rss><channel><item></channel></rss>", &[])
        .unwrap_err()
        .to_string()
        .contains("at byte"));
}

#[test]
fn item_audio_reads_what_the_feed_states() {
    let wb = write_back(FEED, &[ep("tea-and-toast")]).unwrap();
    let audio = item_audio(&wb.text).unwrap();
    assert_eq!(audio.len(), 2);
    assert_eq!(
        audio[0].url.as_deref(),
        Some("https://example.com/audio/tea-and-toast.mp3")
    );
    assert_eq!(audio[0].length.as_deref(), Some("123456"));
    assert_eq!(audio[0].duration.as_deref(), Some("0:12:34"));
    assert_eq!(audio[0].id.label, "Tea & Toast");
    assert_eq!(audio[1].url, None);
}

#[test]
fn channel_title_is_the_podcast_name() {
    assert_eq!(channel_title(FEED).as_deref(), Some("Notes & Sketches"));
    assert_eq!(
        channel_title("<rss><channel><item><title>x</title></item></channel></rss>"),
        None
    );
}

#[test]
fn crlf_feeds_get_crlf_lines() {
    let feed = FEED.replace('\n', "\r\n");
    let wb = write_back(&feed, &[ep("bread")]).unwrap();
    assert!(
        !wb.text.replace("\r\n", "").contains('\n'),
        "no bare LF added"
    );
    assert_eq!(
        wb.text.matches("\r\n").count(),
        feed.matches("\r\n").count() + 2
    );
}
