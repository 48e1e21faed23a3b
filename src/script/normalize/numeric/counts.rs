//! Numbers as counts: ranges, fractions, ordinals, and whatever number is
//! left (the last rule).

use crate::script::normalize::engine::{Ctx, Hit};
use crate::script::normalize::spoken::{cardinal, is_digits, number, ordinal, year_within};

/// `10-20`, `2020–2026`: two numbers around a hyphen or en dash.
pub(super) fn split_range(s: &str) -> Option<(&str, &str)> {
    let (a, b) = s.split_once(['–', '-']).filter(|(a, _)| !a.is_empty())?;
    (number(a).is_some() && number(b).is_some() && !b.starts_with(['-', '+'])).then_some((a, b))
}

/// `2020–2026` → "twenty twenty to twenty twenty-six"; `10-20` → "ten to
/// twenty". Years when both ends look like years.
pub fn range(ctx: &Ctx) -> Option<Hit> {
    let (a, b) = split_range(ctx.core(0)?)?;
    let as_year = |s: &str| year_within(s, 1000..=2099);
    let text = match (as_year(a), as_year(b)) {
        (Some(x), Some(y)) => format!("{x} to {y}"),
        _ => format!("{} to {}", number(a)?, number(b)?),
    };
    Some(Hit::new(1, text, "range"))
}

/// `1/2` → "one half", `3/4` → "three quarters", `24/7` → "twenty-four
/// seven". Only small denominators: `6/13` may be a date, left alone.
pub fn fraction(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if core == "24/7" {
        return Some(Hit::new(1, "twenty-four seven", "fraction"));
    }
    let (a, b) = core.split_once('/')?;
    if !is_digits(a) || !is_digits(b) || a.len() > 3 || b.len() > 3 {
        return None;
    }
    let (n, d): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    // "40/40 hosts": a count out of a total; what could be a date (6/13) is
    // left alone.
    if d > 10 && n <= d && (d > 31 || n > 12) {
        return Some(Hit::new(
            1,
            format!("{} out of {}", cardinal(a), cardinal(b)),
            "fraction",
        ));
    }
    let (one, many) = match d {
        2 => ("half", "halves"),
        3 => ("third", "thirds"),
        4 => ("quarter", "quarters"),
        5 => ("fifth", "fifths"),
        6 => ("sixth", "sixths"),
        8 => ("eighth", "eighths"),
        10 => ("tenth", "tenths"),
        _ => return None,
    };
    if n == 0 || n >= d * 10 {
        return None;
    }
    let word = if n == 1 { one } else { many };
    Some(Hit::new(1, format!("{} {word}", cardinal(a)), "fraction"))
}

/// `1st` → "first", `22nd`, `101st`, `3rd`, `4th`.
pub fn ordinal_rule(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let split = core.find(|c: char| !c.is_ascii_digit())?;
    let (num, suffix) = core.split_at(split);
    if num.is_empty() {
        return None;
    }
    let _: u64 = num.parse().ok()?;
    // Any suffix counts, the wrong one too: "22th" is a typo for the
    // ordinal, not another word.
    matches!(
        suffix.to_ascii_lowercase().as_str(),
        "st" | "nd" | "rd" | "th"
    )
    .then(|| Hit::new(1, ordinal(num), "ordinal"))
}

/// Whatever number is left: `17,280`, `-5`, `3.5`, `007`.
pub fn plain_number(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    Some(Hit::new(1, number(core)?, "number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;

    #[test]
    fn each_rule_alone() {
        assert_eq!(
            apply(&range, "2020–2026"),
            "twenty twenty to twenty twenty-six"
        );
        assert_eq!(apply(&range, "10-20"), "ten to twenty");
        assert_eq!(apply(&fraction, "3/4"), "three quarters");
        assert_eq!(apply(&fraction, "6/13"), "6/13");
        assert_eq!(apply(&ordinal_rule, "22nd"), "twenty-second");
        assert_eq!(apply(&ordinal_rule, "22th"), "twenty-second");
        assert_eq!(apply(&ordinal_rule, "101st"), "one hundred first");
        assert_eq!(
            apply(&plain_number, "17,280"),
            "seventeen thousand two hundred eighty"
        );
        assert_eq!(apply(&plain_number, "-5"), "minus five");
    }
}
