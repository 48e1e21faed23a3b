//! The normalization table: every case in tests/fixtures/normalize/cases.tsv
//! is a post body and the exact script text `narrate script` gives for it.
//! All failures are listed at once, so a rule change shows its full effect.

use narrate::config::Config;
use narrate::ingest::markdown;
use narrate::post::Meta;
use narrate::script;

fn spoken(body: &str) -> String {
    let config = Config::default();
    let meta = Meta {
        title: Some("T".into()),
        slug: "t".into(),
        ..Meta::default()
    };
    let s = script::build(
        &meta,
        &markdown::parse(body),
        &config.script,
        &config.pauses,
    );
    s.segments
        .iter()
        .skip(1) // the title
        .map(|seg| seg.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn normalization_table() {
    let table = include_str!("fixtures/normalize/cases.tsv");
    let mut cases = 0;
    let mut failures = Vec::new();
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (input, expected) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("cases.tsv line {}: no tab", n + 1));
        cases += 1;
        let got = spoken(input);
        if got != expected {
            failures.push(format!(
                "line {}: {input}\n    expected: {expected}\n    got:      {got}",
                n + 1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases >= 691, "only {cases} cases");
}
