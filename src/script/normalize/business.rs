//! Business and reporting periods as analysts say them: `QoQ` is "quarter
//! over quarter", `H1 2025` "the first half of twenty twenty-five", `25
//! bps` "twenty-five basis points". Each form is also something else in
//! technical writing (`H1` a heading, `bps` bits per second, `WoW` a game),
//! so each reads as a period only where the sentence says so.

use super::engine::{Ctx, Hit, Tok};
use super::spoken::{number, year_within};

/// The period a letter names in `QoQ`, `YoY`, `MoM`, `WoW`, `DoD`, `HoH`.
fn period(c: char) -> Option<&'static str> {
    Some(match c {
        'Q' => "quarter",
        'Y' => "year",
        'M' => "month",
        'W' => "week",
        'D' => "day",
        'H' => "half",
        _ => return None,
    })
}

/// A number, a percentage or an amount within `k` tokens either side.
fn figures_near(ctx: &Ctx, k: usize) -> bool {
    let lo = ctx.i.saturating_sub(k);
    let hi = (ctx.i + k + 1).min(ctx.toks.len());
    (lo..hi).any(|j| j != ctx.i && ctx.toks[j].core.chars().any(|c| c.is_ascii_digit()))
}

/// `QoQ` → "quarter over quarter", `YoY`, `MoM`; `WoW`, `DoD` and `HoH`
/// only beside a figure ("the WoW raid", "the DoD budget" are names).
pub fn period_over_period(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let b = core.as_bytes();
    if b.len() != 3 || b[1] != b'o' || b[0] != b[2] {
        return None;
    }
    let c = char::from(b[0]);
    let p = period(c)?;
    if !matches!(c, 'Q' | 'Y' | 'M') && !figures_near(ctx, 4) {
        return None;
    }
    Some(Hit::new(1, format!("{p} over {p}"), "business"))
}

/// `H1 2025` → "the first half of twenty twenty-five" (the article only
/// where none is written), `2H 2024`, `H2 FY26`: a half followed by its
/// year. Without a year `H1` stays a heading.
pub fn half_year(ctx: &Ctx) -> Option<Hit> {
    let which = match ctx.core(0)? {
        "H1" | "1H" => "first",
        "H2" | "2H" => "second",
        _ => return None,
    };
    if !ctx.joined(0) {
        return None;
    }
    let next = ctx.core(1)?;
    let year = match next.strip_prefix("FY") {
        Some(y) if y.len() == 2 && y.bytes().all(|b| b.is_ascii_digit()) => {
            format!("fiscal {}", super::spoken::cardinal(y))
        }
        Some(y) => format!("fiscal {}", year_within(y, 1900..=2099)?),
        None => year_within(next, 1900..=2099)?,
    };
    let article = ctx.prev().is_none_or(|p: &Tok| {
        !matches!(
            p.core.to_ascii_lowercase().as_str(),
            "the" | "a" | "this" | "that" | "its" | "our" | "their"
        )
    });
    let the = if article && ctx.prev().is_some() {
        "the "
    } else {
        ""
    };
    Some(Hit::new(
        2,
        format!("{the}{which} half of {year}"),
        "business",
    ))
}

/// Words that make `bps` basis points rather than bits per second.
const FINANCE: &[&str] = &[
    "rate", "rates", "yield", "yields", "spread", "spreads", "margin", "margins", "hike", "hikes",
    "cut", "cuts", "fee", "fees", "bond", "bonds", "Fed", "basis", "revenue", "interest", "points",
    "raised", "lowered", "widened", "narrowed", "percent", "%",
];

/// `25 bps` / `25bps` → "twenty-five basis points" in a sentence about
/// rates, fees or margins; "bits per second" elsewhere (`9600 bps`).
pub fn basis_points(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (num, n) = match core.strip_suffix("bps") {
        Some(num) if !num.is_empty() => (num, 1),
        _ if ctx.joined(0) && ctx.core(1) == Some("bps") => (core, 2),
        _ => return None,
    };
    let words = number(num)?;
    let lo = ctx.i.saturating_sub(8);
    let hi = (ctx.i + n + 8).min(ctx.toks.len());
    let finance = ctx.toks[lo..hi].iter().any(|t| {
        FINANCE.contains(&t.core) || t.core.ends_with('%') || t.core.starts_with(['$', '€', '£'])
    });
    let unit = if finance {
        if words == "one" {
            "basis point"
        } else {
            "basis points"
        }
    } else {
        "bits per second"
    };
    Some(Hit::new(n, format!("{words} {unit}"), "business"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;

    #[test]
    fn each_rule_alone() {
        assert_eq!(
            apply(&period_over_period, "up 4% QoQ"),
            "up 4% quarter over quarter"
        );
        assert_eq!(apply(&period_over_period, "the WoW raid"), "the WoW raid");
        assert_eq!(apply(&period_over_period, "Dog"), "Dog");
        assert_eq!(
            apply(&half_year, "in H1 2025"),
            "in the first half of twenty twenty-five"
        );
        assert_eq!(apply(&half_year, "an H1 heading"), "an H1 heading");
        assert_eq!(
            apply(&basis_points, "a rate cut of 25 bps"),
            "a rate cut of twenty-five basis points"
        );
        assert_eq!(
            apply(&basis_points, "a 9600 bps modem"),
            "a nine thousand six hundred bits per second modem"
        );
    }
}
