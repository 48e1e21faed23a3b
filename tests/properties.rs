//! Properties over generated input (proptest): ingest never panics on any
//! text; the feed write-back gives well-formed XML, changes no byte outside
//! the tags it writes, and writing twice equals writing once; the
//! normalizer never panics and leaves no digit in technical prose;
//! durations survive format → parse in every style, and `style_of` finds
//! the style that wrote a value. Case counts are in the README's
//! reliability section.

use narrate::config::ScriptConfig;
use narrate::feed::scan;
use narrate::ingest;
use narrate::publish::duration::{self, Style};
use narrate::publish::writeback::{write_back, Enclosure};
use narrate::script::normalize::{Lexicon, Normalizer};
use proptest::prelude::*;

const CASES: u32 = 256;

/// Text made of the pieces that break parsers: markup, entities, CDATA,
/// brackets, front-matter fences, control and wide characters.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<".to_string()),
        Just(">".to_string()),
        Just("</".to_string()),
        Just("<item>".to_string()),
        Just("</item>".to_string()),
        Just("<rss>".to_string()),
        Just("<feed>".to_string()),
        Just("<entry>".to_string()),
        Just("<title>".to_string()),
        Just("<![CDATA[".to_string()),
        Just("]]>".to_string()),
        Just("&amp;".to_string()),
        Just("&#x1F600;".to_string()),
        Just("&nosuch;".to_string()),
        Just("&#99999999;".to_string()),
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("```".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: ".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("| a |".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{202e}".to_string()),
        Just("e\u{301}".to_string()),
        Just("日本".to_string()),
        "[a-zA-Z0-9 .,;:!?'\"()-]{0,12}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn ingest_any(text: &str) {
    let _ = ingest::markdown::parse(text);
    let _ = ingest::html::parse(text, &["article".into(), "body".into()]);
    let _ = ingest::feed_items::items(text);
    let _ = scan::scan(text);
    let _ = ingest::frontmatter::split(text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn ingest_never_panics_on_hostile_text(text in hostile()) {
        ingest_any(&text);
    }

    #[test]
    fn ingest_never_panics_on_any_unicode(text in "\\PC{0,200}") {
        ingest_any(&text);
    }
}

/// An RSS feed: items with text that needs escaping, optional CDATA,
/// comments, one-line or indented layout, LF or CRLF.
fn feed() -> impl Strategy<Value = (String, Vec<String>)> {
    let item = (
        "[a-z]{1,8}(-[a-z]{1,8}){0,2}",
        "[A-Za-z &<>\"']{0,20}",
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    );
    (prop::collection::vec(item, 0..8), any::<bool>(), any::<bool>()).prop_map(
        |(items, crlf, one_line)| {
            let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            let mut slugs = Vec::new();
            let mut body = String::new();
            for (i, (slug, title, cdata, comment, guid)) in items.iter().enumerate() {
                let slug = format!("{slug}-{i}");
                let title = if *cdata && !title.contains("]]>") {
                    format!("<![CDATA[{title}]]>")
                } else {
                    esc(title)
                };
                let mut children = vec![
                    format!("<title>{title}</title>"),
                    format!("<link>https://b.example/{slug}/</link>"),
                ];
                if *guid {
                    children.push(format!("<guid isPermaLink='false'>g-{slug}</guid>"));
                }
                if *comment {
                    children.push("<!-- a comment & more -->".into());
                }
                if one_line {
                    body.push_str(&format!("<item>{}</item>\n", children.concat()));
                } else {
                    body.push_str("    <item>\n");
                    for c in children {
                        body.push_str(&format!("      {c}\n"));
                    }
                    body.push_str("    </item>\n");
                }
                slugs.push(slug);
            }
            let text = format!(
                "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n  <channel>\n    <title>T</title>\n{body}  </channel>\n</rss>\n"
            );
            let text = if crlf { text.replace('\n', "\r\n") } else { text };
            (text, slugs)
        },
    )
}

fn episodes(slugs: &[String], pick: &[bool], length: u64) -> Vec<Enclosure> {
    slugs
        .iter()
        .zip(pick.iter().cycle())
        .filter(|(_, p)| **p)
        .map(|(s, _)| Enclosure {
            slug: s.clone(),
            guid: None,
            link: None,
            url: format!("https://b.example/audio/{s}.mp3?a=1&b=2"),
            length,
            duration: narrate::units::Millis(length * 7),
            transcript_url: None,
            chapters_url: None,
        })
        .collect()
}

/// The write-back's own tags taken out again: what must equal the input.
fn without_our_tags(text: &str) -> String {
    let re = regex::Regex::new(
        r#"(\r?\n[ \t]*)?(<enclosure url="[^"]*" length="\d+" type="audio/mpeg"/>|<itunes:duration>[0-9:]+</itunes:duration>)"#,
    )
    .unwrap();
    re.replace_all(text, "").replace(
        " xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"",
        "",
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn write_back_is_well_formed_local_and_idempotent(
        (text, slugs) in feed(),
        pick in prop::collection::vec(any::<bool>(), 1..8),
        length in 1u64..10_000_000,
    ) {
        let eps = episodes(&slugs, &pick, length);
        let once = write_back(&text, &eps).unwrap();
        // Well-formed: the shared scanner reads it, with one enclosure per episode.
        let s = scan::scan(&once.text).unwrap();
        let with_enclosure = s.entries.iter().filter(|e| e.child("enclosure").is_some()).count();
        prop_assert_eq!(with_enclosure, eps.len());
        for e in &eps {
            let want = format!("url=\"https://b.example/audio/{}.mp3?a=1&amp;b=2\" length=\"{length}\"", e.slug);
            prop_assert!(once.text.contains(&want), "{}", want);
        }
        // Every byte outside the written tags is as it was.
        prop_assert_eq!(without_our_tags(&once.text), text.clone());
        // Twice equals once.
        let twice = write_back(&once.text, &eps).unwrap();
        prop_assert_eq!(twice.text, once.text);
    }
}

fn normalizer() -> Normalizer {
    Normalizer::new(Lexicon::english(), &ScriptConfig::default())
}

/// Technical prose: words around numbers in the shapes blogs write them.
fn technical() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        "[a-z]{1,9}",
        "[0-9]{1,7}",
        "[0-9]{1,3}\\.[0-9]{1,2}",
        "\\$[0-9]{1,4}(\\.[0-9]{2})?",
        "[0-9]{1,3}%",
        "[0-9]{1,4} ?(ms|MB|GB|km|kg|s)",
        "(19|20)[0-9]{2}",
        "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
        "([01][0-9]|2[0-3]):[0-5][0-9]",
        "v[0-9]\\.[0-9]{1,2}\\.[0-9]{1,2}",
        "[0-9]{1,2}(st|nd|rd|th)",
        "[0-9]{1,3}x",
        "[0-9]{2,3}k",
        "(one|the|a|in|since|about)",
    ];
    prop::collection::vec(token, 1..30).prop_map(|v| v.join(" ") + ".")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn normalizer_never_panics(text in "\\PC{0,300}") {
        let _ = normalizer().run(&text);
    }

    #[test]
    fn normalizer_never_panics_on_hostile_text(text in hostile()) {
        let _ = normalizer().run(&text);
    }

    #[test]
    fn technical_prose_leaves_no_digit(text in technical()) {
        let out = normalizer().run(&text);
        prop_assert!(!out.text.chars().any(|c| c.is_ascii_digit()), "{} → {}", text, out.text);
    }

    #[test]
    fn durations_round_trip_in_every_style(ms in durations()) {
        for style in STYLES {
            let text = duration::format(narrate::units::Millis(ms), style);
            prop_assert_eq!(duration::parse(&text), Some((ms + 500) / 1000), "{}", text);
        }
    }

    /// The style `style_of` finds in a value is the style that wrote it,
    /// or, where two styles write this duration alike (`MmSs` from an hour
    /// on is `H:MM:SS`; `H:MM:SS` with 10 to 99 hours is `HH:MM:SS`), one
    /// of those: a feed's values keep their form when narrate writes more.
    #[test]
    fn style_of_finds_the_style_that_wrote_the_value(ms in durations()) {
        let d = narrate::units::Millis(ms);
        for style in STYLES {
            let text = duration::format(d, style);
            let alike: Vec<Style> = STYLES
                .into_iter()
                .filter(|s| duration::format(d, *s) == text)
                .collect();
            let found = duration::style_of(&text);
            prop_assert!(
                found == Some(style) || found.is_some_and(|f| alike.contains(&f)),
                "{:?} wrote {:?}; style_of found {:?} (styles that write it: {:?})",
                style, text, found, alike
            );
        }
    }
}

const STYLES: [Style; 4] = [Style::HMmSs, Style::HhMmSs, Style::MmSs, Style::Seconds];

/// Durations in every range where the styles write differently: under a
/// minute, under an hour, 1 to 9, 10 to 99 and 100 or more hours.
fn durations() -> impl Strategy<Value = u64> {
    const HOUR: u64 = 3_600_000;
    prop_oneof![
        0u64..60_000,
        60_000..HOUR,
        HOUR..10 * HOUR,
        10 * HOUR..100 * HOUR,
        100 * HOUR..400_000_000_000,
    ]
}
