//! Whole-normalizer properties: hostile input never panics, and the
//! recorded changes are what happened. The table of readings is
//! tests/normalize.rs.

use super::*;

/// A small deterministic generator, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "1",
    "22",
    "2026",
    "0",
    "-",
    "–",
    "—",
    ".",
    ",",
    ":",
    "/",
    "$",
    "€",
    "£",
    "¥",
    "%",
    "x",
    "×",
    "k",
    "M",
    "B",
    "ms",
    "GB",
    "°C",
    "°",
    "#",
    "~",
    "@",
    "&",
    "→",
    "≥",
    "±",
    "+",
    "=",
    "'",
    "’",
    "\"",
    "“",
    "(",
    ")",
    "[",
    "]",
    "a.m.",
    "pm",
    "e.g.",
    "etc.",
    "St.",
    "No.",
    "v",
    "V",
    "API",
    "I",
    "US",
    "us",
    "Jun",
    "June",
    "Mon",
    "th",
    "st",
    "nd",
    "_",
    "--",
    "http://",
    "www.",
    "é",
    "日本",
    "🚀",
    "\u{200b}",
    "\u{fe0f}",
    "\u{301}",
    "ß",
    "İ",
    "ﬁ",
    "𝟘",
    "٣",
    "¹",
    "½",
    " ",
    " ",
    " ",
    "\t",
    "\n",
    "…",
    "?!",
    "!!!",
    "**",
    "†",
    "™",
    "[[",
    "]]",
    "K8s",
    "Kubernetes",
    "port",
    "HTTP",
    "status",
];

#[test]
fn hostile_input_never_panics() {
    let norm = Normalizer::default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let len = 1 + rng.next() % 24;
        let text: String = (0..len).map(|_| rng.pick(PIECES)).collect();
        let out = norm.run(&text);
        // Output is text a voice can take: no control characters.
        assert!(
            !out.text.chars().any(|c| c.is_control()),
            "{text:?} → {:?}",
            out.text
        );
    }
}

#[test]
fn huge_numbers_and_symbol_floods() {
    let norm = Normalizer::default();
    assert_eq!(norm.run(&"9".repeat(5000)).text, "a long number");
    let flood = "$%&@#~→≥".repeat(2000);
    let _ = norm.run(&flood);
    let many = "1,".repeat(3000);
    let _ = norm.run(&many);
    // A lone surrogate in an HTML entity: the HTML parser makes it U+FFFD,
    // which is then dropped like any symbol the voice cannot say.
    let doc =
        crate::ingest::html::parse("<p>A &#xD800; B &#55296;.</p>", &["body".to_string()]).unwrap();
    let s = crate::script::build(
        &crate::post::Meta::default(),
        &doc,
        &Default::default(),
        &Default::default(),
    );
    assert!(
        s.segments
            .iter()
            .any(|seg| seg.text.starts_with("A") && seg.text.contains('B')),
        "{s:?}"
    );
}

#[test]
fn changes_record_rule_source_and_result() {
    let n = Normalizer::default().run("It costs $5 on Kubernetes.");
    assert_eq!(n.text, "It costs five dollars on koobernettease.");
    assert_eq!(n.caption, "It costs five dollars on Kubernetes.");
    let rules: Vec<(&str, &str, &str)> = n
        .changes
        .iter()
        .map(|c| (c.rule, c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        rules,
        vec![
            ("money", "$5", "five dollars"),
            ("lexicon", "Kubernetes", "koobernettease")
        ]
    );
}

#[test]
fn project_lexicon_overrides_the_shipped_one_and_phonemes_pass_through() {
    let mut lexicon = Lexicon::english();
    lexicon.extend(
        &[("Kubernetes".to_string(), "[[ kˌuːbɚnˈɛɾiːz ]]".to_string())]
            .into_iter()
            .collect(),
    );
    let n = Normalizer::new(lexicon, &crate::config::ScriptConfig::default())
        .run("We use Kubernetes daily.");
    assert_eq!(n.text, "We use [[ kˌuːbɚnˈɛɾiːz ]] daily.");
}

#[test]
fn url_phrase_and_grouped_long_numbers_by_config() {
    let config = crate::config::ScriptConfig {
        urls: crate::config::UrlMode::Phrase,
        long_numbers: crate::config::LongNumberMode::Groups,
        ..Default::default()
    };
    let norm = Normalizer::new(Lexicon::english(), &config);
    assert_eq!(
        norm.run("See https://example.com/x now.").text,
        "See a link now."
    );
    assert_eq!(
        norm.run("Order 1234567890123456 shipped.").text,
        "Order one two three, four five six, seven eight nine, zero one two, three four five, six shipped."
    );
}

#[test]
fn captions_show_the_letter_a_where_the_voice_says_eh() {
    let out = Normalizer::default().run("The HAL-9000 and the FAQ.");
    assert_eq!(out.text, "The H-eh-L nine thousand and the F-eh-Q.");
    assert_eq!(out.caption, "The H-A-L nine thousand and the FAQ.");
}
