//! Years and decades, beside dates.rs: `in 1999`, `from 2019 to 2021`,
//! `1970s`, `'90s`.

use crate::script::normalize::engine::{Ctx, Hit};
use crate::script::normalize::numbers::{cardinal, is_digits, plural, year};

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
        2 if t.lead.ends_with(['\'', '’']) && num.ends_with('0') => plural(&cardinal(num)),
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
    if num.len() == 2 {
        hit.lead = Some(
            t.lead[..t.lead.len() - t.lead.chars().next_back().map_or(0, char::len_utf8)]
                .to_string(),
        );
    }
    Some(hit)
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
    yes.then(|| Hit::new(1, year(y), "year"))
}

/// "from 2019 to 2021": the token two back is a year-like number.
fn year_before(ctx: &Ctx) -> bool {
    ctx.i >= 2 && {
        let t = &ctx.toks[ctx.i - 2];
        t.core.len() == 4 && is_digits(t.core)
    }
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
    }
}
