//! Acronyms and initialisms, said as people say them, decided by evidence.
//!
//! People say some all-caps words as letters (TCP, SMTP), some as words
//! (SCSI, OWASP, NASA), and espeak-ng already guesses many of them right
//! from its own English rules. Spelling every one ("O-W-A-S-P") loses the
//! word-like ones; trusting espeak for every one keeps its mistakes ("IAM"
//! as "I'm"). So `acronyms.tsv` records, per word, how people say it and
//! what espeak does unaided (measured with `narrate phonemes`), and the rule
//! changes only what espeak would get wrong:
//!
//! - a row read as `letters` is spelled with hyphens ("T-C-P");
//! - a row read as a `word` with a respelling is respelled ("eye am");
//! - a row read as a `word` that espeak says right is left to espeak;
//! - a word not in the table of two or three letters is spelled (people
//!   spell 87% of the table's such words, and espeak's word guesses for
//!   them are wrong two times in three); a longer one is left to espeak,
//!   which spells what it cannot pronounce.
//!
//! Shouted English ("NEVER", "WARNING") is lowered before this rule by
//! `words::acronym`; digits inside ("MP3") are read there too.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::engine::{Ctx, Hit};

/// How people say a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Say {
    Letters,
    Word,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub word: &'static str,
    pub say: Say,
    /// A respelling that makes espeak say the word as people do.
    pub respelling: Option<&'static str>,
    /// What espeak does with the bare word (measured).
    pub espeak: Say,
}

const TABLE: &str = include_str!("acronyms.tsv");

fn say(field: &str) -> Option<Say> {
    match field {
        "letters" => Some(Say::Letters),
        "word" | "both" | "mixed" => Some(Say::Word),
        _ => None,
    }
}

/// Every row of `acronyms.tsv`, in file order.
pub fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let word = f.next()?.trim();
                let said = f.next()?.trim();
                let respelling = f.next().map(str::trim).filter(|r| !r.is_empty());
                let espeak = say(f.next()?.trim())?;
                let mut say = say(said)?;
                // "both" with no respelling: the letters are the safe reading.
                if said == "both" && respelling.is_none() {
                    say = Say::Letters;
                }
                Some(Row {
                    word,
                    say,
                    respelling,
                    espeak,
                })
            })
            .collect()
    })
}

fn index() -> &'static HashMap<&'static str, &'static Row> {
    static INDEX: OnceLock<HashMap<&'static str, &'static Row>> = OnceLock::new();
    INDEX.get_or_init(|| rows().iter().map(|r| (r.word, r)).collect())
}

/// The table's row for `word`, exactly as written.
pub fn row(word: &str) -> Option<&'static Row> {
    index().get(word).copied()
}

/// Unlisted all-caps words up to this length are spelled.
const MAX_SPELLED: usize = 3;

/// How an all-caps word (letters only, no suffix) is said, and the rule
/// that decided: `Some((text, rule))`; `None` leaves the word to espeak.
pub fn decide(stem: &str) -> (Option<String>, &'static str) {
    if let Some(r) = row(stem) {
        return match (r.say, r.respelling) {
            (Say::Letters, _) => (Some(super::words::letters(stem)), "acronym list"),
            (Say::Word, Some(respelled)) => (Some(respelled.to_string()), "acronym list"),
            (Say::Word, None) => (None, "acronym list"),
        };
    }
    // Unknown words of two or three letters are spelled: the table's
    // evidence is that people spell 87% of them, and when espeak reads one
    // as a word people spell it two times in three. From four letters on,
    // people say most as words and espeak is wrong only one time in six.
    if stem.len() <= MAX_SPELLED {
        return (Some(super::words::letters(stem)), "acronym");
    }
    (None, "acronym espeak")
}

/// Mixed-case names of the table: `gRPC` → "gee are pee see", `PyPI`,
/// `DDoS`, `SaaS`; `DevOps` kept whole for espeak. (The lexicon, which runs
/// first, may know the name already.)
pub fn mixed_case(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if !core.chars().any(|c| c.is_ascii_lowercase())
        || !core.chars().any(|c| c.is_ascii_uppercase())
    {
        return None;
    }
    let r = row(core)?;
    // A name espeak says right stays whole: the identifier rule would split
    // "DevOps" into "Dev Ops" otherwise.
    let text = match (r.say, r.respelling) {
        (_, Some(respelled)) => respelled.to_string(),
        (Say::Letters, None) => super::words::letters(core),
        (Say::Word, None) => core.to_string(),
    };
    let mut hit = Hit::new(1, text, "acronym list");
    hit.caption = Some(core.to_string());
    hit.explain = true;
    Some(hit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_has_no_duplicates() {
        let rows = rows();
        assert!(rows.len() >= 200, "{} rows", rows.len());
        let mut seen = std::collections::HashSet::new();
        for r in rows {
            assert!(seen.insert(r.word), "{} twice", r.word);
            assert!(
                r.respelling
                    .is_none_or(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == ' ')),
                "{}: a respelling is lower-case letters and spaces",
                r.word
            );
        }
        // Every data line became a row: none was dropped by a typo.
        let data_lines = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(rows.len(), data_lines);
    }

    #[test]
    fn decisions_follow_the_table() {
        assert_eq!(decide("TCP").0.as_deref(), Some("T-C-P"));
        assert_eq!(decide("US").0.as_deref(), Some("U-S"));
        assert_eq!(decide("AVR").0.as_deref(), Some("A-V-R"));
        assert_eq!(decide("ZQXW"), (None, "acronym espeak"));
    }
}
