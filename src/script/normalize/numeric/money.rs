//! Money and percentages: `$5.50`, `€1`, `$2M`, `10%`.

use super::counts::split_range;
use super::units::attributive;
use crate::script::normalize::engine::{Ctx, Hit};
use crate::script::normalize::spoken::{cardinal, is_digits, number};

/// (symbol, singular, plural, minor unit singular, minor plural).
const CURRENCIES: &[(&str, &str, &str, &str, &str)] = &[
    ("$", "dollar", "dollars", "cent", "cents"),
    ("US$", "dollar", "dollars", "cent", "cents"),
    ("€", "euro", "euros", "cent", "cents"),
    ("£", "pound", "pounds", "penny", "pence"),
    ("¥", "yen", "yen", "", ""),
    ("₹", "rupee", "rupees", "paisa", "paise"),
];

/// Scale suffixes after an amount: `$2M`, `$1.5B`, `$5k`.
fn scale(suffix: &str) -> Option<&'static str> {
    match suffix {
        "k" | "K" => Some("thousand"),
        "M" | "m" | "mn" => Some("million"),
        "B" | "bn" => Some("billion"),
        "T" | "tn" => Some("trillion"),
        _ => None,
    }
}

/// `$5.50` → "five dollars and fifty cents"; `$2M` → "two million
/// dollars"; `€1` → "one euro"; `¥500` → "five hundred yen".
pub fn money(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (sign, core) = match core.strip_prefix(['-', '−']) {
        Some(r) => ("minus ", r),
        None => ("", core),
    };
    let &(sym, one, many, minor_one, minor_many) =
        CURRENCIES.iter().find(|c| core.starts_with(c.0))?;
    let many = if attributive(ctx) { one } else { many };
    let amount = &core[sym.len()..];
    let digits_end = amount
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(amount.len());
    let (num, suffix) = amount.split_at(digits_end);
    // "$200+" → "two hundred dollars plus".
    if suffix == "+" && !num.is_empty() {
        let text = format!("{sign}{} {many} plus", number(num)?);
        return Some(Hit::new(1, text, "money"));
    }
    // A range of amounts: "$10-20", "$10–$20" → "ten to twenty dollars";
    // each end says its own scale: "$3M–$4.5M" → "three million to four
    // point five million dollars", "$3–4.5M" → "three to four point five
    // million dollars".
    if let Some(dash) = suffix.find(['-', '–']) {
        let (lo_scale, rest) = suffix.split_at(dash);
        let hi = rest.trim_start_matches(['-', '–']);
        let hi = hi.strip_prefix(sym).unwrap_or(hi);
        let end = hi
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(hi.len());
        let (hi_num, hi_scale) = hi.split_at(end);
        let end_said = |n: &str, s: &str| -> Option<String> {
            let words = number(n)?;
            if s.is_empty() {
                Some(words)
            } else {
                Some(format!("{words} {}", scale(s)?))
            }
        };
        let text = format!(
            "{sign}{} to {} {many}",
            end_said(num, lo_scale)?,
            end_said(hi_num, hi_scale)?
        );
        return Some(Hit::new(1, text, "money"));
    }
    // A scale word may also be the next token: "$2 million".
    let (scale_word, n) = match (suffix, ctx.core(1)) {
        ("", Some(w @ ("thousand" | "million" | "billion" | "trillion"))) if ctx.joined(0) => {
            (Some(w), 2)
        }
        ("", _) => (None, 1),
        (s, _) => (Some(scale(s)?), 1),
    };
    if num.is_empty() {
        return None;
    }
    let text = match scale_word {
        Some(w) => format!("{sign}{} {w} {many}", number(num)?),
        None => {
            let (int, cents) = match num.split_once('.') {
                Some((i, c)) if c.len() == 2 && is_digits(c) => (i, Some(c)),
                Some(_) => {
                    return Some(Hit::new(
                        1,
                        format!("{sign}{} {many}", number(num)?),
                        "money",
                    ))
                }
                None => (num, None),
            };
            let int_words = number(int)?;
            let unit = if int_words == "one" { one } else { many };
            let cents = cents
                .map(|c| c.trim_start_matches('0'))
                .filter(|c| !c.is_empty());
            match cents {
                Some(c) if !minor_many.is_empty() => {
                    let minor = if c == "1" { minor_one } else { minor_many };
                    if int.trim_start_matches('0').is_empty() {
                        format!("{sign}{} {minor}", cardinal(c))
                    } else {
                        format!("{sign}{int_words} {unit} and {} {minor}", cardinal(c))
                    }
                }
                Some(_) => format!("{sign}{} {many}", number(num)?),
                None => format!("{sign}{int_words} {unit}"),
            }
        }
    };
    Some(Hit::new(n, text, "money"))
}

/// `10%` → "ten percent", `0.5%` → "zero point five percent".
pub fn percent(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let num = core.strip_suffix('%')?;
    if let Some((a, b)) = split_range(num) {
        return Some(Hit::new(
            1,
            format!("{} to {} percent", number(a)?, number(b)?),
            "percent",
        ));
    }
    Some(Hit::new(1, format!("{} percent", number(num)?), "percent"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;

    #[test]
    fn each_rule_alone() {
        assert_eq!(apply(&money, "$5.50"), "five dollars and fifty cents");
        assert_eq!(apply(&money, "$2M"), "two million dollars");
        assert_eq!(apply(&money, "€1"), "one euro");
        assert_eq!(apply(&money, "¥500"), "five hundred yen");
        assert_eq!(apply(&percent, "10%"), "ten percent");
        assert_eq!(apply(&percent, "0.5%"), "zero point five percent");
    }
}
