//! Years and decades, beside dates.rs: `in 1999`, `from 2019 to 2021`,
//! `1970s`, `'90s`.

use crate::script::normalize::engine::{Ctx, Hit};
use crate::script::normalize::spoken::{cardinal, is_digits, plural, year};

/// `1970s` → "nineteen seventies", `'90s` → "nineties", `2020s` →
/// "twenty twenties".
pub fn decade(ctx: &Ctx) -> Option<Hit> {
    let t = ctx.tok(0)?;
    let num = t
        .core
        .strip_suffix("s")
        .or_else(|| t.core.strip_suffix("’s"))?;
    if !is_digits(num) {
        return None;
    }
    let text = match num.len() {
        2 if num.ends_with('0') && (t.lead.ends_with(['\'', '’']) || decade_word_before(ctx)) => {
            plural(&cardinal(num))
        }
        4 if num.ends_with('0') => {
            let y: u32 = num.parse().ok()?;
            if !(1000..=2099).contains(&y) {
                return None;
            }
            if y.is_multiple_of(100) {
                plural(&year(y))
            } else {
                format!(
                    "{} {}",
                    cardinal(&(y / 100).to_string()),
                    plural(&cardinal(&(y % 100).to_string()))
                )
            }
        }
        _ => return None,
    };
    let mut hit = Hit::new(1, text, "year");
    // The apostrophe of '90s is not an opening quote: it goes.
    if num.len() == 2 && !t.lead.is_empty() {
        hit.lead = Some(
            t.lead[..t.lead.len() - t.lead.chars().next_back().map_or(0, char::len_utf8)]
                .to_string(),
        );
    }
    Some(hit)
}

/// "the 90s", "early 80s": without an apostrophe, "90s" is a decade only
/// after these words; elsewhere it is a duration ("took 90s").
fn decade_word_before(ctx: &Ctx) -> bool {
    ctx.prev().is_some_and(|p| {
        p.trail.is_empty()
            && matches!(
                p.core.to_lowercase().as_str(),
                "the" | "early" | "late" | "mid" | "roaring" | "those" | "her" | "his" | "their"
            )
    })
}

/// Words after which a four-digit number is a year (besides month names).
const YEAR_BEFORE: &[&str] = &[
    "in", "since", "by", "of", "from", "until", "till", "before", "after", "circa", "year",
    "early", "late", "mid", "during", "around", "spring", "summer", "autumn", "fall", "winter",
    "to", "and", "through",
];

/// `in 1999` → "in nineteen ninety-nine". A bare four-digit number is not a
/// year unless the word before says so ("in", "since", a month…), or the
/// number before was a year ("from 2019 to 2021").
pub fn year_in_context(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if core.len() != 4 || !is_digits(core) {
        return None;
    }
    let y: u32 = core.parse().ok()?;
    if !(1100..=2099).contains(&y) {
        return None;
    }
    let prev = ctx.prev()?;
    if !prev.trail.is_empty() && !prev.trail.starts_with(',') {
        return None;
    }
    let word = prev.core.trim_end_matches('.');
    let month = super::dates::month(prev.core).is_some();
    let yes = month
        || YEAR_BEFORE.iter().any(|w| {
            w.eq_ignore_ascii_case(word)
                && (!matches!(*w, "to" | "and" | "through") || year_before(ctx))
        });
    // "a buffer of 2048 bytes" counts bytes, whatever the word before; "in
    // 2020 companies moved" is a year.
    (yes && !measures_next(ctx)).then(|| Hit::new(1, year(y), "year"))
}

/// "from 2019 to 2021": the token two back is a year-like number.
fn year_before(ctx: &Ctx) -> bool {
    ctx.i >= 2 && {
        let t = &ctx.toks[ctx.i - 2];
        t.core.len() == 4 && is_digits(t.core)
    }
}

/// Words after which a four-digit number counts something: "about 1500",
/// "over 2000", "than 1200".
const COUNT_BEFORE: &[&str] = &[
    "/",
    "*",
    "×",
    "÷",
    "+",
    "-",
    "=",
    "<",
    ">",
    "about",
    "over",
    "under",
    "nearly",
    "almost",
    "than",
    "some",
    "exactly",
    "only",
    "just",
    "approximately",
    "roughly",
    "least",
    "most",
    "another",
    "additional",
    "extra",
    "all",
    "every",
    "top",
    "first",
    "last",
    "with",
    "plus",
    "minus",
    "times",
    "total",
    "sold",
    "scored",
    "hit",
    "reached",
    "costs",
    "cost",
    "weighs",
    "x",
    "=",
    "equals",
];

/// Words after a number that make it a count: "1500 people", "1200 more".
/// ("2019 to 2021" and "2019 and 2020" are left to the year rules.)
const COUNTED: &[&str] = &[
    "/", "*", "×", "÷", "+", "-", "=", "<", ">", "people", "children", "men", "women", "staff",
    "feet", "data", "sheep", "fish", "more", "fewer", "less", "percent", "per", "times", "of",
    "out", "x", "pixels", "px",
];

/// A plural noun or a counted word follows the number: "2048 bytes",
/// "1500 people", "2000 or more".
fn counts_next(ctx: &Ctx) -> bool {
    ctx.joined(0)
        && ctx.core(1).is_some_and(|n| {
            let lower = n.to_lowercase();
            COUNTED.contains(&lower.as_str())
                || (n.len() > 2
                    && n.ends_with('s')
                    && !n.ends_with("ss")
                    && !matches!(
                        lower.as_str(),
                        "is" | "was" | "has" | "its" | "this" | "us" | "does" | "thus" | "as"
                    )
                    && n.chars().all(|c| c.is_alphabetic()))
        })
}

/// Things a number measures in technical writing: after "of" or "in", a
/// number before them is a quantity, not a year.
const MEASURED: &[&str] = &[
    "bytes",
    "bits",
    "kilobytes",
    "megabytes",
    "pixels",
    "px",
    "rows",
    "lines",
    "items",
    "entries",
    "records",
    "requests",
    "words",
    "characters",
    "tokens",
    "points",
    "dollars",
    "times",
    "more",
    "fewer",
];

fn measures_next(ctx: &Ctx) -> bool {
    ctx.joined(0)
        && ctx
            .core(1)
            .is_some_and(|n| MEASURED.contains(&n.to_lowercase().as_str()))
}

/// Words before a bare year used as an adjective: "the 2019 results",
/// "our 2024 plans" (a count rarely takes them: "1500 people").
const DETERMINERS: &[&str] = &[
    "the", "The", "our", "Our", "their", "Their", "its", "Its", "this", "This", "that", "That",
    "his", "her", "my", "your", "those", "these",
];

/// A bare year: a four-digit number from 1900 to 2099 (earlier years need
/// a word such as "in"), written without a thousands separator, that counts
/// nothing: "ACM Queue, 1984", "the 2019
/// outage", "planning for 2031", "Q4 2024". It stays a number when a
/// plural noun or a counted word follows ("2048 bytes", "1500 people") or
/// a quantity word precedes ("about 1500", "than 1200").
pub fn bare_year(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    // "2021's survey": the year's possessive.
    if let Some(y) = core
        .strip_suffix("'s")
        .or_else(|| core.strip_suffix("’s"))
        .filter(|y| y.len() == 4 && is_digits(y))
    {
        let y: u32 = y.parse().ok().filter(|y| (1100..=2099).contains(y))?;
        return Some(Hit::new(1, format!("{}'s", year(y)), "year"));
    }
    if core.len() != 4 || !is_digits(core) {
        return None;
    }
    let y: u32 = core.parse().ok()?;
    // Without a word that says "year", only the years people write most:
    // "The total was 1234" is a number.
    if !(1900..=2099).contains(&y) {
        return None;
    }
    let determiner = ctx
        .prev()
        .is_some_and(|p| p.trail.is_empty() && DETERMINERS.contains(&p.core));
    let next_counts = counts_next(ctx) && !determiner;
    let prev_counts = ctx.prev().is_some_and(|p| {
        p.trail.is_empty()
            && (COUNT_BEFORE.contains(&p.core.to_lowercase().as_str())
                || p.core
                    .starts_with(|c: char| c.is_ascii_digit() || "$€£¥#".contains(c)))
    });
    (!next_counts && !prev_counts).then(|| Hit::new(1, year(y), "year"))
}

/// Words glued to a year by a hyphen: "mid-2027", "pre-2020".
const YEAR_PREFIXES: &[&str] = &[
    "mid", "early", "late", "pre", "post", "end", "Mid", "Early", "Late", "Pre", "Post", "End",
];

/// `mid-2027` → "mid twenty twenty-seven"; `FY2024` → "F-Y twenty
/// twenty-four"; `2019-era` → "twenty nineteen era".
pub fn year_compound(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let as_year = |s: &str| super::spoken::year_within(s, 1100..=2099);
    if let Some((word, y)) = core.split_once('-') {
        if YEAR_PREFIXES.contains(&word) {
            return Some(Hit::new(1, format!("{word} {}", as_year(y)?), "year"));
        }
        if matches!(word.len(), 4) && matches!(y, "era" | "style" | "vintage" | "model") {
            return Some(Hit::new(1, format!("{} {y}", as_year(word)?), "year"));
        }
        return None;
    }
    let y = core
        .strip_prefix("FY")
        .or_else(|| core.strip_prefix("CY"))?;
    let words = match y.len() {
        4 => as_year(y)?,
        2 if is_digits(y) => super::spoken::serial(y),
        _ => return None,
    };
    Some(Hit::new(1, format!("{}-Y {words}", &core[..1]), "year"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;

    #[test]
    fn each_rule_alone() {
        assert_eq!(apply(&decade, "1970s"), "nineteen seventies");
        assert_eq!(apply(&decade, "'90s"), "nineties");
        assert_eq!(
            apply(&year_in_context, "in 1999"),
            "in nineteen ninety-nine"
        );
        assert_eq!(
            apply(&year_in_context, "from 2019 to 2021"),
            "from twenty nineteen to twenty twenty-one"
        );
        assert_eq!(apply(&year_in_context, "2048 bytes"), "2048 bytes");
        assert_eq!(
            apply(&bare_year, "Queue, 1984."),
            "Queue, nineteen eighty-four."
        );
        assert_eq!(
            apply(&bare_year, "the 2019 outage"),
            "the twenty nineteen outage"
        );
        assert_eq!(apply(&bare_year, "2048 bytes"), "2048 bytes");
        assert_eq!(apply(&bare_year, "1500 people"), "1500 people");
        assert_eq!(apply(&bare_year, "about 1500"), "about 1500");
        assert_eq!(apply(&bare_year, "1,984"), "1,984");
        assert_eq!(apply(&year_compound, "mid-2027"), "mid twenty twenty-seven");
        assert_eq!(apply(&year_compound, "FY2024"), "F-Y twenty twenty-four");
    }
}
