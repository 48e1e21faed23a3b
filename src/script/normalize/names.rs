//! Names with digits in them: products, algorithms, curves, chips and
//! display formats. Their digits are part of a name, so they are never read
//! as a large quantity: "Curve448" is "Curve four four eight", "AES-128" is
//! "A-E-S one twenty-eight", "x86" is "x eighty-six", "1080p" is "ten eighty
//! P", "8K" is "eight K", "TLSv1.3" is "T-L-S version one point three".

use super::engine::{Ctx, Hit};
use super::spoken::SayName;
use super::spoken::{cardinal, digit_by_digit, is_digits, letters, serial, version};

/// Names whose numbers are said digit by digit ("X four four eight",
/// "Ed two five five one nine"): elliptic curves and their key types.
const DIGITWISE: &[&str] = &["Curve", "curve", "X", "Ed", "ed", "secp", "prime"];

/// The digits of a name: a serial ("one twenty-eight", "sixty-four"), or
/// digit by digit after the names that are said that way.
pub fn name_digits(name: &str, digits: &str) -> String {
    if digits.len() >= 3 && DIGITWISE.contains(&name) {
        digit_by_digit(digits)
    } else {
        serial(digits)
    }
}

/// Plural nouns and units after "8K" make it a count ("8K users").
fn counted_next(ctx: &Ctx) -> bool {
    ctx.joined(0)
        && ctx.core(1).is_some_and(|n| {
            n.len() > 3 && n.ends_with('s') && n.chars().all(|c| c.is_ascii_lowercase())
        })
}

/// `Curve448`, `x86`, `OAuth2`, `Win32`, `Ed25519` (letters then digits,
/// some lower case), `AES-128`, `SHA-512`, `P-384`, `GPT-5.5`, `F-35`
/// (a name, a hyphen, a number), `TLSv1.3` and `IMDSv1` (an initialism
/// with a glued version). All-caps names with glued digits (`MP3`, `S3`)
/// are the acronym rule's.
pub fn name_with_digits(ctx: &Ctx, say: SayName) -> Option<Hit> {
    let core = ctx.core(0)?;
    // A glued version after an initialism of three or more letters:
    // "TLSv1.3". ("IPv6" is a name of its own, read by the lexicon and the
    // acronym rule.)
    if let Some(pos) = core.find('v') {
        let (name, v) = (&core[..pos], &core[pos + 1..]);
        if name.len() >= 3
            && name.chars().all(|c| c.is_ascii_uppercase())
            && v.starts_with(|c: char| c.is_ascii_digit())
        {
            let words = version(v)?;
            return Some(Hit::new(
                1,
                format!("{} version {words}", say(name)),
                "name number",
            ));
        }
    }
    // A letter, a dot, a number: the ITU's "H.265", "X.509", "V.90".
    if let Some((letter, num)) = core.split_once('.') {
        if letter.len() == 1 && letter.chars().all(|c| c.is_ascii_uppercase()) && is_digits(num) {
            return Some(Hit::new(
                1,
                format!("{letter} {}", serial(num)),
                "name number",
            ));
        }
    }
    // An initialism and a letter: "USB-C".
    if let Some((name, letter)) = core.split_once('-') {
        let caps = |s: &str| s.chars().all(|c| c.is_ascii_uppercase());
        if name.len() >= 2 && caps(name) && letter.len() == 1 && caps(letter) {
            return Some(Hit::new(
                1,
                format!("{} {letter}", say(name)),
                "name number",
            ));
        }
    }
    // A name, a hyphen, a number: "AES-128", "GPT-5.5".
    if let Some((name, num)) = core.split_once('-') {
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphabetic())
            || !name.starts_with(|c: char| c.is_ascii_uppercase())
            || num.is_empty()
        {
            return None;
        }
        let words = if is_digits(num) {
            name_digits(name, num)
        } else if num.contains('.') {
            version(num)?
        } else {
            return None;
        };
        return Some(Hit::new(1, format!("{} {words}", say(name)), "name number"));
    }
    // Letters then digits, the letters not all capitals: "Curve448".
    let split = core.find(|c: char| c.is_ascii_digit())?;
    let (name, digits) = core.split_at(split);
    if name.is_empty()
        || !is_digits(digits)
        || !name.chars().all(|c| c.is_ascii_alphabetic())
        || name.chars().all(|c| c.is_ascii_uppercase())
        // "IPv6": an initialism and a version letter, the lexicon's.
        || name
            .strip_suffix('v')
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_uppercase()))
    {
        return None;
    }
    Some(Hit::new(
        1,
        format!("{} {}", say(name), name_digits(name, digits)),
        "name number",
    ))
}

/// Display formats: `1080p` → "ten eighty P", `4K` and `8K` → "four K",
/// "eight K" (a resolution, unless a plural noun follows: "8K users").
pub fn resolution(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if let Some(lines) = core.strip_suffix('p').filter(|d| is_digits(d)) {
        if matches!(
            lines,
            "240" | "360" | "480" | "576" | "720" | "1080" | "1440" | "2160"
        ) {
            return Some(Hit::new(1, format!("{} P", serial(lines)), "name number"));
        }
        return None;
    }
    let n = core.strip_suffix('K')?;
    if n.len() != 1 || !is_digits(n) || counted_next(ctx) {
        return None;
    }
    Some(Hit::new(1, format!("{} K", cardinal(n)), "name number"))
}

/// Letters and digits that no rule read: `log4j` → "log four j", `S3` →
/// "S three". The last rule, so no digit reaches the voice as a digit.
pub fn leftover_digits(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if !core.chars().any(|c| c.is_ascii_digit())
        || !core
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'))
    {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut run = String::new();
    let mut digits = false;
    let flush = |run: &mut String, digits: bool, parts: &mut Vec<String>| {
        if run.is_empty() {
            return;
        }
        parts.push(if digits {
            super::spoken::serial(run)
        } else if run.len() >= 2 && run.chars().all(|c| c.is_ascii_uppercase()) {
            letters(run)
        } else {
            run.clone()
        });
        run.clear();
    };
    for c in core.chars() {
        if !c.is_alphanumeric() {
            flush(&mut run, digits, &mut parts);
            continue;
        }
        let d = c.is_ascii_digit();
        if d != digits {
            flush(&mut run, digits, &mut parts);
            digits = d;
        }
        run.push(c);
    }
    flush(&mut run, digits, &mut parts);
    Some(Hit::new(1, parts.join(" "), "digits"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;
    use crate::script::normalize::spoken::initialism_spelled;

    fn rule(ctx: &Ctx) -> Option<Hit> {
        name_with_digits(ctx, &initialism_spelled)
    }

    #[test]
    fn names_keep_their_digits_small() {
        assert_eq!(apply(&rule, "Curve448"), "Curve four four eight");
        assert_eq!(apply(&rule, "Ed25519"), "Ed two five five one nine");
        assert_eq!(apply(&rule, "x86"), "x eighty-six");
        assert_eq!(apply(&rule, "Win32"), "Win thirty-two");
        assert_eq!(apply(&rule, "AES-128"), "A-E-S one twenty-eight");
        assert_eq!(apply(&rule, "P-384"), "P three eighty-four");
        assert_eq!(apply(&rule, "GPT-5.5"), "G-P-T five point five");
        assert_eq!(apply(&rule, "TLSv1.3"), "T-L-S version one point three");
        assert_eq!(apply(&rule, "IMDSv1"), "I-M-D-S version one");
        assert_eq!(apply(&rule, "H.265"), "H two sixty-five");
        assert_eq!(apply(&rule, "USB-C"), "U-S-B C");
        // Not names: all capitals (the acronym rule's), counts, plain words.
        assert_eq!(apply(&rule, "MP3"), "MP3");
        assert_eq!(apply(&rule, "4-core"), "4-core");
        assert_eq!(apply(&rule, "IPv6"), "IPv6");
    }

    #[test]
    fn display_formats() {
        assert_eq!(apply(&resolution, "1080p"), "ten eighty P");
        assert_eq!(apply(&resolution, "an 8K display"), "an eight K display");
        assert_eq!(apply(&resolution, "8K users"), "8K users");
        assert_eq!(apply(&resolution, "1234p"), "1234p");
    }
}
