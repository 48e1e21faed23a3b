//! Rules of the script stage, one test per rule, on documents written inline.

use super::*;
use crate::config::{Pauses, ScriptConfig};
use crate::ingest::markdown;

fn meta(title: &str) -> Meta {
    Meta {
        title: Some(title.into()),
        slug: "t".into(),
        ..Meta::default()
    }
}

fn script_with(md: &str, config: &ScriptConfig) -> Script {
    build(&meta("T"), &markdown::parse(md), config, &Pauses::default())
}

fn script(md: &str) -> Script {
    script_with(md, &ScriptConfig::default())
}

/// The spoken texts, title included.
fn texts(s: &Script) -> Vec<&str> {
    s.segments.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn code_blocks_are_dropped_by_default() {
    let s = script("Intro.\n\n```sh\nrm -rf /\n```\n\nOutro.");
    assert_eq!(texts(&s), ["T", "Intro.", "Outro."]);
}

#[test]
fn code_blocks_can_be_announced() {
    let config = ScriptConfig {
        code: CodeMode::Announce,
        code_announcement: "Code omitted.".into(),
        ..ScriptConfig::default()
    };
    let s = script_with("Intro.\n\n    let x = 1;\n\nOutro.", &config);
    assert_eq!(texts(&s), ["T", "Intro.", "Code omitted.", "Outro."]);
    assert_eq!(s.segments[2].kind, Kind::Announcement);
}

#[test]
fn inline_code_is_read_as_words() {
    let s = script("Call `task.cancel()` on the `CancelledError` path of `snake_case_name`.");
    assert_eq!(
        texts(&s)[1],
        "Call task dot cancel on the Cancelled Error path of snake case name."
    );
}

#[test]
fn footnote_follows_first_referencing_paragraph_once() {
    let s = script("One.[^a]\n\nTwo.[^a]\n\n[^a]: The note.\n");
    assert_eq!(texts(&s), ["T", "One.", "Footnote: The note.", "Two."]);
    assert_eq!(s.segments[2].kind, Kind::Footnote);
}

#[test]
fn footnotes_at_end() {
    let config = ScriptConfig {
        footnotes: FootnoteMode::End,
        ..ScriptConfig::default()
    };
    let s = script_with(
        "One.[^b] Two.[^a]\n\nThree.\n\n[^a]: Note A.\n[^b]: Note B.\n",
        &config,
    );
    assert_eq!(
        texts(&s),
        [
            "T",
            "One.",
            "Two.",
            "Three.",
            "Footnote: Note B.",
            "Footnote: Note A."
        ]
    );
}

#[test]
fn footnotes_dropped() {
    let config = ScriptConfig {
        footnotes: FootnoteMode::Drop,
        ..ScriptConfig::default()
    };
    let s = script_with("One.[^a]\n\n[^a]: Note.\n[^z]: Unused.\n", &config);
    assert_eq!(texts(&s), ["T", "One."]);
}

#[test]
fn unreferenced_footnote_is_read_last() {
    let s = script("One.\n\n[^z]: Orphan note.\n");
    assert_eq!(texts(&s), ["T", "One.", "Footnote: Orphan note."]);
}

#[test]
fn footnote_intro_is_configurable_and_links_become_text() {
    let config = ScriptConfig {
        footnote_intro: "Side note.".into(),
        ..ScriptConfig::default()
    };
    let s = script_with("One.[^a]\n\n[^a]: Read [the manual](https://x.example/m) or https://www.docs.example.net/a/b.\n", &config);
    assert_eq!(
        texts(&s)[2..],
        ["Side note.", "Read the manual or docs dot example dot net."]
    );
}

#[test]
fn footnote_in_list_item_follows_the_item() {
    let s = script("- first[^n]\n- second\n\n[^n]: Noted.\n");
    assert_eq!(texts(&s), ["T", "first.", "Footnote: Noted.", "second."]);
}

#[test]
fn headings_start_chapters_at_configured_level() {
    let s = script("Intro.\n\n## Part one\n\nA.\n\n### Detail\n\nB.\n\n## Part two\n\nC.");
    assert_eq!(s.chapters, ["T", "Part one", "Part two"]);
    let chapter_of = |text: &str| s.segments.iter().find(|x| x.text == text).unwrap().chapter;
    assert_eq!(chapter_of("Intro."), 0);
    assert_eq!(chapter_of("Detail"), 1);
    assert_eq!(chapter_of("C."), 2);
    // The segment before a chapter heading gets the section pause.
    assert_eq!(
        s.segments
            .iter()
            .find(|x| x.text == "Intro.")
            .unwrap()
            .pause_ms,
        Pauses::default().section
    );
    let config = ScriptConfig {
        chapter_level: 3,
        ..ScriptConfig::default()
    };
    assert_eq!(
        script_with("## A\n\nx\n\n### B\n\ny", &config).chapters,
        ["T", "A", "B"]
    );
}

#[test]
fn pauses_follow_structure() {
    let p = Pauses::default();
    let s = script("## Head\n\nOne. Two.\n\n- item\n\n---\n\nAfter.");
    let pauses: Vec<(&str, u32)> = s
        .segments
        .iter()
        .map(|x| (x.text.as_str(), x.pause_ms))
        .collect();
    assert_eq!(
        pauses,
        [
            ("T", p.section),
            ("Head", p.heading),
            ("One.", p.sentence),
            ("Two.", p.paragraph),
            ("item.", p.section),
            ("After.", p.paragraph)
        ]
    );
}

#[test]
fn quotes_are_introduced_and_closed() {
    let s = script("> Be kind.\n\nAfter.");
    assert_eq!(
        texts(&s),
        ["T", "Quote.", "Be kind.", "End quote.", "After."]
    );
    assert_eq!(s.segments[2].kind, Kind::Quote);
}

#[test]
fn images_with_and_without_alt() {
    let s = script("![A red door](d.png)\n\n![](spacer.gif)\n\nText.");
    assert_eq!(texts(&s), ["T", "Image: A red door.", "Text."]);
}

#[test]
fn tables_skipped_or_announced() {
    let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\nText.";
    assert_eq!(texts(&script(md)), ["T", "Text."]);
    let config = ScriptConfig {
        tables: TableMode::Announce,
        ..ScriptConfig::default()
    };
    assert_eq!(
        texts(&script_with(md, &config)),
        ["T", "There is a table here; see the post.", "Text."]
    );
}

#[test]
fn intro_and_outro_templates() {
    let config = ScriptConfig {
        intro: "{title}. By {author}.".into(),
        outro: "Thanks for listening.".into(),
        ..ScriptConfig::default()
    };
    let mut m = meta("Tea");
    m.author = Some("Ada".into());
    let s = build(&m, &markdown::parse("Body."), &config, &Pauses::default());
    assert_eq!(
        texts(&s),
        ["Tea.", "By Ada.", "Body.", "Thanks for listening."]
    );
    let config = ScriptConfig {
        intro: "Welcome.".into(),
        ..ScriptConfig::default()
    };
    let s = build(&m, &markdown::parse("Body."), &config, &Pauses::default());
    assert_eq!(texts(&s), ["Tea", "Welcome.", "Body."]);
}

/// Regression (issue 9): the outro was spoken raw, so "{date}" or a number
/// in it reached the voice as digits.
#[test]
fn the_outro_is_normalized_like_the_intro() {
    let config = ScriptConfig {
        intro: "Posted {date}.".into(),
        outro: "Posted {date}. Episode 42 of 100.".into(),
        ..ScriptConfig::default()
    };
    let mut m = meta("Tea");
    m.date = Some("2026-06-13".into());
    let s = build(&m, &markdown::parse("Body."), &config, &Pauses::default());
    let t = texts(&s);
    let (intro, outro) = (t[1], t[t.len() - 2..].join(" "));
    assert!(!intro.chars().any(|c| c.is_ascii_digit()), "{intro}");
    assert!(!outro.chars().any(|c| c.is_ascii_digit()), "{outro}");
    assert!(
        outro.contains("forty-two") && outro.contains("June"),
        "{outro}"
    );
}

#[test]
fn long_sentences_are_split_within_budget() {
    let long = format!(
        "{}; {}, {}.",
        "word ".repeat(30).trim(),
        "more ".repeat(40).trim(),
        "tail ".repeat(20).trim()
    );
    let config = ScriptConfig {
        max_segment_chars: 200,
        ..ScriptConfig::default()
    };
    let s = script_with(&long, &config);
    assert!(s.segments.len() > 2, "{:?}", texts(&s));
    assert!(s.segments.iter().all(|x| x.text.chars().count() <= 200));
    assert!(
        s.segments[1].text.ends_with(';'),
        "split at the semicolon first: {}",
        s.segments[1].text
    );
}

#[test]
fn emoji_entities_and_arrows_never_reach_the_script() {
    let s = script("Shipped 🚀 &amp; done &#8617; ↩\n");
    assert_eq!(texts(&s)[1], "Shipped and done");
}

#[test]
fn title_falls_back_to_the_slug() {
    let m = Meta {
        slug: "tea-and-toast".into(),
        ..Meta::default()
    };
    let s = build(
        &m,
        &markdown::parse("Body."),
        &ScriptConfig::default(),
        &Pauses::default(),
    );
    assert_eq!(s.title, "tea and toast");
}
