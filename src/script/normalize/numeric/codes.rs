//! Codes, ports and long numbers: `404` after "HTTP", `port 8080`, IDs and
//! hashes too long to read out.

use crate::script::normalize::engine::{Ctx, Hit};
use crate::script::normalize::spoken::{cardinal, digit_by_digit, is_digits};

/// HTTP status codes: `404` after "HTTP", "status", "error", "code" or
/// before "error", "errors", "response", "page", "status": "four oh four".
pub fn status_code(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if core.len() != 3 || !is_digits(core) || !(100..=599).contains(&core.parse::<u32>().ok()?) {
        return None;
    }
    let before = ctx.prev().is_some_and(|p| {
        matches!(
            p.core.to_ascii_lowercase().as_str(),
            "http" | "status" | "error" | "code" | "a" | "an" | "the"
        ) && p.trail.is_empty()
    });
    let after = ctx.joined(0)
        && ctx.core(1).is_some_and(|n| {
            matches!(
                n.to_ascii_lowercase().as_str(),
                "error"
                    | "errors"
                    | "response"
                    | "responses"
                    | "page"
                    | "status"
                    | "code"
                    | "codes"
            )
        });
    let plain_article = ctx
        .prev()
        .is_some_and(|p| matches!(p.core, "a" | "an" | "the"));
    if !(after || (before && !plain_article)) {
        return None;
    }
    let d: Vec<&str> = core.split("").filter(|s| !s.is_empty()).collect();
    let text = if d[1] == "0" && d[2] == "0" {
        format!("{} hundred", cardinal(d[0]))
    } else if d[1] == "0" {
        format!("{} oh {}", cardinal(d[0]), cardinal(d[2]))
    } else {
        format!("{} {}", cardinal(d[0]), cardinal(&core[1..]))
    };
    Some(Hit::new(1, text, "status code"))
}

/// `port 8080` → "port eighty eighty", `port 443` → "port four four
/// three", `:5432` style numbers after "port" read as a narrator would.
pub fn port(ctx: &Ctx) -> Option<Hit> {
    let prev = ctx.prev()?;
    if !prev.core.eq_ignore_ascii_case("port") || !prev.trail.is_empty() {
        return None;
    }
    let core = ctx.core(0)?;
    if !is_digits(core) {
        return None;
    }
    let text = match core.len() {
        1 | 2 => cardinal(core),
        4 if !core.starts_with('0') => {
            let (a, b) = core.split_at(2);
            let b_words = if b == "00" {
                "hundred".to_string()
            } else if b.starts_with('0') {
                format!("oh {}", cardinal(b))
            } else {
                cardinal(b)
            };
            format!("{} {b_words}", cardinal(a))
        }
        _ => digit_by_digit(core),
    };
    Some(Hit::new(1, text, "port"))
}

/// Digit strings over 15 digits (IDs, card numbers) and long hex strings
/// (hashes): never read out in full.
pub fn long_number(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let digits = core.chars().filter(|c| c.is_ascii_digit()).count();
    let numberish = core
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | ' '));
    if numberish && digits > 15 {
        return Some(Hit::new(1, "a long number", "long number"));
    }
    let hex = core.len() >= 12
        && core.chars().all(|c| c.is_ascii_hexdigit())
        && core.chars().any(|c| c.is_ascii_digit())
        && core.chars().any(|c| c.is_ascii_alphabetic());
    hex.then(|| Hit::new(1, "a hash", "long number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;

    #[test]
    fn each_rule_alone() {
        assert_eq!(apply(&status_code, "HTTP 404"), "HTTP four oh four");
        assert_eq!(apply(&status_code, "404 error"), "four oh four error");
        assert_eq!(apply(&port, "port 8080"), "port eighty eighty");
        assert_eq!(apply(&port, "port 443"), "port four four three");
        assert_eq!(apply(&long_number, "1234567890123456789"), "a long number");
    }
}
