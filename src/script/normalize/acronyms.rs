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
//! `acronym` below; digits inside ("MP3") are read there too.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::engine::{Ctx, Hit};
use super::spoken::{cardinal, letters};

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
            (Say::Letters, _) => (Some(super::spoken::letters(stem)), "acronym list"),
            (Say::Word, Some(respelled)) => (Some(respelled.to_string()), "acronym list"),
            (Say::Word, None) => (None, "acronym list"),
        };
    }
    // Unknown words of two or three letters are spelled: the table's
    // evidence is that people spell 87% of them, and when espeak reads one
    // as a word people spell it two times in three. From four letters on,
    // people say most as words and espeak is wrong only one time in six.
    if stem.len() <= MAX_SPELLED {
        return (Some(super::spoken::letters(stem)), "acronym");
    }
    // Longer unknown words are left to espeak only if one could say them:
    // espeak makes up a word for "NTFS" or "XKCD" that no one says.
    if !pronounceable(stem) {
        return (Some(super::spoken::letters(stem)), "acronym unsayable");
    }
    (None, "acronym espeak")
}

/// Consonant pairs an English word can start with.
const ONSETS: &[&str] = &[
    "BL", "BR", "CH", "CL", "CR", "DR", "DW", "FL", "FR", "GL", "GN", "GR", "KL", "KN", "KR", "PH",
    "PL", "PR", "PS", "QU", "SC", "SH", "SK", "SL", "SM", "SN", "SP", "ST", "SW", "TH", "TR", "TW",
    "WH", "WR", "VL",
];

/// An all-caps word one could say as a word: it has a vowel (a `Y` after
/// the first letter counts), it opens on a vowel, one consonant or a pair
/// English words open with, and no four consonants stand together.
/// `NASA`, `SCSI`, `CUDA` are sayable; `NTFS`, `XKCD`, `GPGPU`, `LLVM` not.
pub fn pronounceable(stem: &str) -> bool {
    let b = stem.as_bytes();
    let vowel =
        |i: usize| matches!(b[i], b'A' | b'E' | b'I' | b'O' | b'U') || (i > 0 && b[i] == b'Y');
    if !(0..b.len()).any(vowel) {
        return false;
    }
    let lead = (0..b.len()).take_while(|&i| !vowel(i)).count();
    let onset_ok = match lead {
        0 | 1 => true,
        2 => ONSETS.contains(&&stem[..2]),
        3 => matches!(
            &stem[..3],
            "STR" | "SCR" | "SPR" | "SPL" | "SQU" | "SCH" | "THR" | "SHR" | "CHR" | "PHR"
        ),
        _ => false,
    };
    let mut run = 0;
    let clustered = (0..b.len()).any(|i| {
        run = if vowel(i) { 0 } else { run + 1 };
        run >= 4
    });
    onset_ok && !clustered
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
        (Say::Letters, None) => super::spoken::letters(core),
        (Say::Word, None) => core.to_string(),
    };
    let mut hit = Hit::new(1, text, "acronym list");
    hit.caption = Some(core.to_string());
    hit.explain = true;
    Some(hit)
}

/// Capitalized words that are ordinary English when shouted, read as words.
const SHOUTED: &[&str] = &[
    "NOT", "NO", "YES", "ALL", "ANY", "DO", "DON'T", "MUST", "NEVER", "ONLY", "THIS", "THAT",
    "NOW", "NEW", "STOP", "WAIT", "HELP", "WARNING", "NOTE", "TODO", "FIXME", "VERY", "REALLY",
    "ONE", "TWO", "AND", "OR", "THE", "IS", "ARE", "WAS", "IT", "WE", "YOU", "BE", "SO", "IF",
    "ON", "OFF", "OUT", "UP", "GO", "OK",
    // Short English words an author shouts ("a BIG deal", "It HAS to"),
    // and the verbs of HTTP, SQL and Dockerfiles, said as words.
    "BIG", "BAD", "WAY", "MY", "TEN", "WOW", "FUN", "HAS", "HAD", "CAN", "WHY", "HOW", "WHO", "YET",
    "BUT", "FOR", "NOR", "TOO", "OWN", "OLD", "GOT", "GET", "PUT", "SET", "RUN", "ADD", "LET",
    "SEE", "SAY", "TRY", "USE", "END", "BIT", "LOT", "HOT", "TOP", "WIN", "ASK", "HIM", "HER",
    "HIS", "OUR", "ME", "HE", "AS", "AT", "BY", "IN", "OF", "TO", "AM", "AN", "POST", "PATCH",
    "DELETE", "HEAD", "COPY", "FROM", "WHERE", "JOIN", "CMD", "ENV", "ARG", "EXPOSE",
];

/// `API` → "A-P-I", `APIs` → "A-P-I's", `API's` → "A-P-I's", `CI/CD`;
/// long capitalized words (emphasis) and shouted common words are lowered.
/// The pronoun "I" and single capitals stay.
pub fn acronym(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (stem, suffix) =
        if let Some(s) = core.strip_suffix("'s").or_else(|| core.strip_suffix("’s")) {
            (s, "'s")
        } else if let Some(s) = core
            .strip_suffix('s')
            .filter(|s| s.len() >= 2 && s.chars().all(|c| c.is_ascii_uppercase()))
        {
            (s, "'s")
        } else {
            (core, "")
        };
    if stem.len() < 2
        || !stem
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        || !stem.chars().next()?.is_ascii_uppercase()
    {
        return None;
    }
    if stem.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // A word of the table is itself, not a plural: "IOPS", "BIOS".
    let (stem, suffix) = if suffix == "'s" && !core.contains('\'') && row(core).is_some() {
        (core, "")
    } else {
        (stem, suffix)
    };
    // "World War II", "Rocky IV": a Roman numeral after a name is a number.
    let after_name = ctx.prev().is_some_and(|p| p.is_name_word());
    if suffix.is_empty() && after_name {
        if let Some(n) = roman(stem) {
            return Some(Hit::new(1, cardinal(&n.to_string()), "roman numeral"));
        }
    }
    let letters_only = stem.chars().all(|c| c.is_ascii_uppercase());
    let listed = letters_only && row(stem).is_some();
    let shouted = shouting_around(ctx);
    if SHOUTED.contains(&stem) && (!listed || shouted) {
        return Some(Hit::new(
            1,
            format!(
                "{}{suffix}",
                super::lexicon::capitalized(ctx, &stem.to_lowercase())
            ),
            "shouting",
        ));
    }
    if letters_only && (listed || !shouted) {
        // espeak reads a bare "IX" or "VII" as "roman nine": not after a
        // name, such a word is letters.
        let (text, rule) = if !listed && roman(stem).is_some() {
            (Some(letters(stem)), "acronym")
        } else {
            decide(stem)
        };
        if listed || !is_emphasis(stem) {
            let mut hit = match text {
                // A respelling starts a sentence with a capital, as the word did.
                Some(t) => Hit::new(
                    1,
                    format!("{}{suffix}", super::lexicon::capitalized(ctx, &t)),
                    rule,
                ),
                None => Hit::new(1, format!("{stem}{suffix}"), rule),
            };
            // Captions show the acronym as written; --explain shows who decided.
            hit.caption = Some(core.to_string());
            hit.explain = true;
            return Some(hit);
        }
    }
    // Long words with vowels are emphasis, not acronyms ("IMPORTANT"); so
    // is any unlisted word among shouted ones ("DO NOT TOUCH IT").
    if is_emphasis(stem) || (letters_only && shouted) {
        return Some(Hit::new(
            1,
            format!(
                "{}{suffix}",
                super::lexicon::capitalized(ctx, &stem.to_lowercase())
            ),
            "shouting",
        ));
    }
    // Digits inside are part of the name: "MP3" → "M-P-three", "X448" →
    // "X-four four eight", "CR2032" → "C-R-twenty thirty-two".
    let mut parts = Vec::new();
    let mut run = String::new();
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if !run.is_empty() {
                parts.push(super::names::name_digits(&name, &run));
                run.clear();
                name.clear();
            }
            name.push(c);
            parts.push(c.to_string());
        }
    }
    if !run.is_empty() {
        parts.push(super::names::name_digits(&name, &run));
    }
    Some(Hit::new(
        1,
        format!("{}{suffix}", parts.join("-")),
        "acronym",
    ))
}

/// A long all-caps word with vowels is shouted English ("IMPORTANT"),
/// unless the acronym table knows it ("EBITDA", "UNESCO").
fn is_emphasis(stem: &str) -> bool {
    let vowels = stem.chars().filter(|c| "AEIOU".contains(*c)).count();
    stem.len() >= 6 && vowels >= 2 && stem.chars().all(|c| c.is_ascii_uppercase())
}

/// A neighbouring word is shouted too ("DO NOT TOUCH IT"): then even a
/// listed initialism ("IT") is read as the English word.
fn shouting_around(ctx: &Ctx) -> bool {
    let shouted = |w: &str| {
        w.len() >= 2
            && w.chars().all(|c| c.is_ascii_uppercase())
            && (SHOUTED.contains(&w) || (w.len() >= 4 && row(w).is_none()))
    };
    ctx.prev().is_some_and(|p| shouted(p.core)) || ctx.core(1).is_some_and(shouted)
}

/// `II` → 2 … `XXXIX` → 39: I, V and X only (so "MIX" or "DIV" are never
/// numbers), and only in canonical form.
fn roman(s: &str) -> Option<u32> {
    if s.len() < 2 || !s.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return None;
    }
    let value = |c: char| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let chars: Vec<u32> = s.chars().map(value).collect();
    let mut n = 0i64;
    for (i, &v) in chars.iter().enumerate() {
        if chars.get(i + 1).is_some_and(|&next| next > v) {
            n -= v as i64;
        } else {
            n += v as i64;
        }
    }
    let n = u32::try_from(n).ok().filter(|n| (1..40).contains(n))?;
    // Only the canonical spelling: "IIII" or "VX" are not numerals.
    let canonical = {
        let tens = ["", "X", "XX", "XXX"][(n / 10) as usize];
        let ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][(n % 10) as usize];
        format!("{tens}{ones}")
    };
    (canonical == s).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pronounceable_words_stay_words() {
        for w in ["NASA", "CUDA", "SCADA", "STRIDE", "FOSS", "YAML"] {
            assert!(pronounceable(w), "{w}");
        }
        for w in [
            "NTFS", "XKCD", "GPGPU", "LLVM", "BRRR", "TSLA", "MSVC", "PNPM",
        ] {
            assert!(!pronounceable(w), "{w}");
        }
    }

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
        // Unlisted from four letters: espeak's if sayable, else spelled.
        assert_eq!(
            decide("ZQXW"),
            (Some("Z-Q-X-W".into()), "acronym unsayable")
        );
        assert_eq!(decide("FLOKI"), (None, "acronym espeak"));
        assert_eq!(decide("SCSI"), (None, "acronym list"));
    }

    #[test]
    fn the_rule_alone() {
        use super::super::engine::apply;
        assert_eq!(apply(&acronym, "the API's limits"), "the A-P-I's limits");
        assert_eq!(apply(&acronym, "I said"), "I said");
    }
}
