//! Reference numbers: standards, specifications, advisories and tickets,
//! read the way people say them aloud. "RFC 7231" is "R-F-C seventy-two
//! thirty-one", "CVE-2021-44228" is "C-V-E twenty twenty-one, four four two
//! two eight", "(EU) 2016/679" is "twenty sixteen slash six seventy-nine":
//! never "seven thousand two hundred thirty-one". The serial reading itself
//! is `numbers::serial`; this module finds where it applies.

use super::engine::{Ctx, Hit};
use super::spoken::{digit_by_digit, is_digits, serial, year, SayName};

/// Names after which a number is a reference read as a serial. Case
/// matters: "Form 1040" is a reference, "form 1040" may be a count.
const PREFIXES: &[&str] = &[
    "RFC",
    "RFCs",
    "ISO",
    "IEC",
    "ISO/IEC",
    "IEEE",
    "FIPS",
    "PEP",
    "ECMA",
    "CWE",
    "NIST",
    "SP",
    "ANSI",
    "ITU-T",
    "DIN",
    "JSR",
    "KB",
    "EIP",
    "ERC",
    "BIP",
    "SEP",
    "WCAG",
    // A law's section or article is named by its number: "Section 230" is
    // "section two thirty" (a dotted one is read with "point").
    "Section",
    "Article",
    "Regulation",
    "Directive",
    "Form",
    "Flight",
    "Apollo",
    "issue",
    "Issue",
    "bug",
    "Bug",
    "ticket",
    "Ticket",
    "PR",
    "MR",
    "CL",
];

/// Words that label a part of a text or a series: the number after them is a count
/// ("Chapter 240" is "Chapter two hundred forty"), never a serial, and a
/// dotted one is read with "point" ("Section 5.2").
const LABELS: &[&str] = &[
    "section", "article", "Chapter", "chapter", "Rule", "Part", "Step", "Page", "Appendix",
    "Lesson", "Level", "Exercise", "Figure", "Table", "Episode", "Season",
];

/// `RFC 7231`, `ISO 8601`, `FIPS 140-3`, `IEEE 802.11`, `ISO 8601:2004`,
/// `issue 4521`, and the same glued with a hyphen (`ECMA-262`, `PEP-8`),
/// and `CVE-2021-44228` in either form.
pub fn reference(ctx: &Ctx, say: SayName) -> Option<Hit> {
    let core = ctx.core(0)?;
    // CVE identifiers: a year, then a serial of four or more digits.
    if let Some(rest) = core
        .strip_prefix("CVE-")
        .or_else(|| core.strip_prefix("cve-"))
    {
        let (y, n) = rest.split_once('-')?;
        let y: u32 = y.parse().ok().filter(|_| y.len() == 4)?;
        if !is_digits(n) {
            return None;
        }
        return Some(Hit::new(
            1,
            format!("C-V-E {}, {}", year(y), digit_by_digit(n)),
            "reference",
        ));
    }
    // Glued with a hyphen: `ECMA-262`.
    if let Some((name, num)) = core.split_once('-') {
        if PREFIXES.contains(&name) && name.chars().all(|c| c.is_ascii_uppercase()) {
            let words = reference_number(num)?;
            return Some(Hit::new(1, format!("{} {words}", say(name)), "reference"));
        }
    }
    if !ctx.joined(0) {
        return None;
    }
    if LABELS.contains(&core) {
        return label(ctx, core, say);
    }
    if !PREFIXES.contains(&core) {
        return None;
    }
    let num = ctx.core(1)?;
    // "issue #4521" → "issue number forty-five twenty-one".
    let (hash, num) = match num.strip_prefix('#') {
        Some(n) => ("number ", n),
        None => ("", num),
    };
    let words = match core {
        "Section" | "Article" if num.contains('.') => super::spoken::version(num)?,
        _ => reference_number(num)?,
    };
    Some(Hit::new(
        2,
        format!("{} {hash}{words}", say(core)),
        "reference",
    ))
}

/// A labelled part of a text: `Chapter 240`, `Section 5.2`, `Step 12a`
/// is the label's and left alone. A count, not a serial: people say
/// "page three hundred twelve", and read a dotted part with "point".
fn label(ctx: &Ctx, core: &str, say: SayName) -> Option<Hit> {
    let num = ctx.core(1)?;
    let words = if is_digits(num) && num.len() <= 6 {
        super::spoken::cardinal(num)
    } else if num.contains('.') {
        super::spoken::version(num)?
    } else {
        return None;
    };
    Some(Hit::new(2, format!("{} {words}", say(core)), "label"))
}

/// The number part of a reference: `7231`, `140-3`, `800-53`, `802.11`,
/// `802.11ax`, `8601:2004`, `2016/679`.
fn reference_number(num: &str) -> Option<String> {
    if is_digits(num) {
        return Some(serial(num));
    }
    if let Some((a, b)) = num.split_once(':') {
        // A standard's edition year: "ISO 8601:2004".
        let y: u32 = b.parse().ok().filter(|_| b.len() == 4)?;
        return is_digits(a).then(|| format!("{}, {}", serial(a), year(y)));
    }
    if let Some(words) = year_slash(num) {
        return Some(words);
    }
    if let Some((a, b)) = num.split_once('-') {
        return (is_digits(a) && is_digits(b)).then(|| format!("{} dash {}", serial(a), serial(b)));
    }
    if let Some((a, b)) = num.split_once('.') {
        if !is_digits(a) {
            return None;
        }
        let split = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
        let (digits, letters) = b.split_at(split);
        if digits.is_empty() || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let mut words = format!("{} dot {}", serial(a), serial(digits));
        for c in letters.chars() {
            words.push(' ');
            words.push(c.to_ascii_uppercase());
        }
        return Some(words);
    }
    None
}

/// `2016/679` → "twenty sixteen slash six seventy-nine": a year, a slash
/// and a serial, as EU acts and many registries number their documents.
fn year_slash(token: &str) -> Option<String> {
    let (y, n) = token.split_once('/')?;
    if !is_digits(n) || n.len() < 2 {
        return None;
    }
    let words = super::spoken::year_within(y, 1900..=2099)?;
    Some(format!("{words} slash {}", serial(n)))
}

/// A year-numbered act: `(EU) 2016/679`, `Directive 2019/1937`. Only after
/// the words that number acts this way: "2000/64" elsewhere is a division.
pub fn numbered_act(ctx: &Ctx) -> Option<Hit> {
    let after_act = ctx.prev().is_some_and(|p| {
        matches!(
            p.core,
            "EU" | "EC" | "EEC" | "Regulation" | "Directive" | "Decision" | "No" | "No." | "Act"
        )
    });
    if !after_act {
        return None;
    }
    year_slash(ctx.core(0)?).map(|w| Hit::new(1, w, "reference"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;
    use crate::script::normalize::spoken::initialism_spelled;

    fn rule(ctx: &Ctx) -> Option<Hit> {
        reference(ctx, &initialism_spelled)
    }

    #[test]
    fn standards_and_advisories() {
        assert_eq!(apply(&rule, "RFC 7231"), "R-F-C seventy-two thirty-one");
        assert_eq!(
            apply(&rule, "ISO 8601:2004"),
            "I-S-O eighty-six oh one, two thousand four"
        );
        assert_eq!(apply(&rule, "FIPS 140-3"), "F-I-P-S one forty dash three");
        assert_eq!(
            apply(&rule, "IEEE 802.11ax"),
            "I-E-E-E eight oh two dot eleven A X"
        );
        assert_eq!(apply(&rule, "ECMA-262"), "E-C-M-A two sixty-two");
        assert_eq!(
            apply(&rule, "CVE-2021-44228"),
            "C-V-E twenty twenty-one, four four two two eight"
        );
        assert_eq!(
            apply(&rule, "issue #12345"),
            "issue number one two three four five"
        );
        assert_eq!(
            apply(&numbered_act, "(EU) 2016/679"),
            "(EU) twenty sixteen slash six seventy-nine"
        );
        assert_eq!(apply(&numbered_act, "per 2016/679"), "per 2016/679");
        // A label's number is a count: "Chapter 240".
        assert_eq!(apply(&rule, "Chapter 240"), "Chapter two hundred forty");
        assert_eq!(apply(&rule, "Section 230"), "Section two thirty");
        // Not references: a plain word before a number, a fraction.
        assert_eq!(apply(&rule, "room 42"), "room 42");
        assert_eq!(apply(&numbered_act, "3/4"), "3/4");
    }
}
