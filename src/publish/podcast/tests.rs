//! The podcast feed: every tag, parsed back with the shared scanner.

use super::*;
use crate::feed::scan;

fn entry(slug: &str, date: Option<&str>) -> Entry {
    Entry {
        title: format!("Episode {slug}"),
        date: date.map(str::to_string),
        pub_date: date.and_then(crate::pubdate::parse).map(|d| d.rfc2822()),
        link: Some(format!("https://loom.example/{slug}/")),
        guid: if slug == "b" {
            "https://loom.example/b/".into()
        } else {
            format!("tag:loom.example,2026:{slug}")
        },
        description: Some(format!("About {slug} & <more>")),
        url: format!("https://loom.example/audio/{slug}.mp3"),
        length: 1000 + slug.len() as u64,
        duration_seconds: 65.2,
        duration: "0:01:05".into(),
        transcript_url: Some(format!("https://loom.example/audio/{slug}.vtt")),
        chapters_url: None,
        image: (slug == "a").then(|| "https://loom.example/a.png".into()),
        voice: "joe".into(),
    }
}

fn show() -> PodcastConfig {
    PodcastConfig {
        title: "Loom & Shuttle".into(),
        description: "Weaving, read aloud.".into(),
        author: "Ines Varga".into(),
        owner_name: "Ines Varga".into(),
        owner_email: "ines@loom.example".into(),
        image: "https://loom.example/cover.png".into(),
        link: "https://loom.example/".into(),
        language: "en-us".into(),
        categories: vec!["Leisure/Crafts".into(), "Arts".into()],
        explicit: Some(false),
        show_type: ShowType::Episodic,
        copyright: "© 2026 Ines Varga".into(),
    }
}

fn manifest() -> Manifest {
    Manifest {
        episodes: [
            ("a".to_string(), entry("a", Some("2026-09-14"))),
            (
                "b".to_string(),
                entry("b", Some("2026-09-21T08:00:00+02:00")),
            ),
            ("c".to_string(), entry("c", None)),
        ]
        .into(),
    }
}

#[test]
fn channel_and_items_tag_by_tag_newest_first() {
    let text = render(&show(), "https://loom.example/cover.png", &manifest());
    let s = scan::scan(&text).unwrap();
    assert_eq!(s.kind, scan::Kind::Rss);
    assert_eq!(s.title.as_deref(), Some("Loom & Shuttle"));
    for needle in [
        "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"",
        "xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"",
        "<link>https://loom.example/</link>",
        "<description>Weaving, read aloud.</description>",
        "<language>en-us</language>",
        "<copyright>© 2026 Ines Varga</copyright>",
        "<itunes:author>Ines Varga</itunes:author>",
        "<itunes:image href=\"https://loom.example/cover.png\"/>",
        "<itunes:category text=\"Leisure\">\n      <itunes:category text=\"Crafts\"/>\n    </itunes:category>",
        "<itunes:category text=\"Arts\"/>",
        "<itunes:explicit>false</itunes:explicit>",
        "<itunes:type>episodic</itunes:type>",
        "<itunes:owner>\n      <itunes:name>Ines Varga</itunes:name>\n      <itunes:email>ines@loom.example</itunes:email>\n    </itunes:owner>",
        "<lastBuildDate>Mon, 21 Sep 2026 08:00:00 +0200</lastBuildDate>",
    ] {
        assert!(text.contains(needle), "missing {needle}\n{text}");
    }
    let titles: Vec<&str> = s.entries.iter().map(|e| e.text("title").unwrap()).collect();
    assert_eq!(
        titles,
        ["Episode b", "Episode a", "Episode c"],
        "newest first, undated last"
    );
    let b = &s.entries[0];
    assert_eq!(b.text("pubDate"), Some("Mon, 21 Sep 2026 08:00:00 +0200"));
    assert_eq!(b.text("description"), Some("About b & <more>"));
    assert_eq!(b.child("guid").unwrap().attr("isPermaLink"), Some("true"));
    assert_eq!(
        s.entries[1].child("guid").unwrap().attr("isPermaLink"),
        Some("false")
    );
    let enc = b.child("enclosure").unwrap();
    assert_eq!(enc.attr("url"), Some("https://loom.example/audio/b.mp3"));
    assert_eq!(enc.attr("length"), Some("1001"));
    assert_eq!(enc.attr("type"), Some("audio/mpeg"));
    assert_eq!(b.text("itunes:duration"), Some("0:01:05"));
    assert_eq!(
        b.child("podcast:transcript").unwrap().attr("type"),
        Some("text/vtt")
    );
    assert!(b.child("podcast:chapters").is_none(), "only when enabled");
    assert!(b.child("itunes:image").is_none());
    assert_eq!(
        s.entries[1].child("itunes:image").unwrap().attr("href"),
        Some("https://loom.example/a.png")
    );
    assert!(s.entries[2].child("pubDate").is_none());
    assert!(b.child("itunes:episode").is_none(), "episodic: no numbers");
    // The same input gives the same bytes.
    assert_eq!(
        text,
        render(&show(), "https://loom.example/cover.png", &manifest())
    );
}

#[test]
fn serial_shows_number_episodes_oldest_first() {
    let mut s = show();
    s.show_type = ShowType::Serial;
    let text = render(&s, "https://x/c.png", &manifest());
    let scanned = scan::scan(&text).unwrap();
    let numbers: Vec<&str> = scanned
        .entries
        .iter()
        .map(|e| e.text("itunes:episode").unwrap())
        .collect();
    assert_eq!(numbers, ["3", "2", "1"]);
    assert!(text.contains("<itunes:type>serial</itunes:type>"));
}

#[test]
fn categories_are_apples() {
    assert!(crate::config::categories::check("Technology").is_ok());
    assert!(crate::config::categories::check("Leisure/Crafts").is_ok());
    assert!(crate::config::categories::check("Society & Culture / Philosophy").is_ok());
    assert!(crate::config::categories::check("Tech")
        .unwrap_err()
        .0
        .contains("one of: Arts"));
    assert!(crate::config::categories::check("Technology/Gadgets")
        .unwrap_err()
        .0
        .contains("Technology has none"));
    assert!(crate::config::categories::check("Arts/Crafts")
        .unwrap_err()
        .0
        .contains("Books"));
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::GrayImage::new(w, h);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn artwork_is_checked_copied_and_given_a_url() {
    assert!(check_art(&png(1400, 1400)).is_empty());
    let w = check_art(&png(1400, 1200));
    assert!(w.iter().any(|w| w.contains("square")), "{w:?}");
    let w = check_art(&png(600, 600));
    assert!(w.iter().any(|w| w.contains("1400 to 3000")), "{w:?}");
    let w = check_art(b"GIF89a\x01\x00\x01\x00");
    assert!(w[0].contains("not a JPEG or PNG"), "{w:?}");

    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("cover.png");
    std::fs::write(&src, png(1500, 1500)).unwrap();
    let out = dir.path().join("audio");
    let art = artwork(
        src.to_str().unwrap(),
        "https://loom.example/audio/{slug}.mp3",
        &out,
    )
    .unwrap();
    assert_eq!(art.url, "https://loom.example/audio/podcast-cover.png");
    assert!(art.warnings.is_empty());
    assert_eq!(
        std::fs::read(out.join("podcast-cover.png")).unwrap(),
        std::fs::read(&src).unwrap()
    );
    let err = artwork(src.to_str().unwrap(), "https://x/e{slug}.mp3", &out).unwrap_err();
    assert!(
        err.to_string().contains("give `podcast.image` as a URL"),
        "{err}"
    );
    let url = artwork("https://cdn.example/c.jpg", "", &out).unwrap();
    assert_eq!(url.url, "https://cdn.example/c.jpg");
}
