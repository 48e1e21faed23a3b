//! Inline semantics the markup states and the text alone would lose: keys
//! (`<kbd>`), abbreviations (`<abbr title>`), superscripts that are
//! exponents, subscripts and mathematics. Each becomes text the normalizer
//! then reads like any other: `2<sup>64</sup>` becomes "2^64" ("two to the
//! sixty-fourth"), never "264".

use crate::config::{AbbrMode, MathMode, ScriptConfig};
use crate::script::normalize::code::speak_keys;

/// What `<kbd>` holds, as key names.
pub fn keys(k: &str) -> String {
    speak_keys(k)
}

/// An abbreviation as written, or its title when `abbreviations = "expand"`.
pub fn abbr<'t>(text: &'t str, title: Option<&'t str>, config: &ScriptConfig) -> &'t str {
    match (config.abbreviations, title) {
        (AbbrMode::Expand, Some(t)) if !t.trim().is_empty() => t.trim(),
        _ => text,
    }
}

/// What a superscript adds to the text before it: an exponent is written
/// `^N` for the exponent rule ("2^64", "x^2"); an ordinal's letters are
/// glued back ("1<sup>st</sup>" is "1st"); marks such as ™ say nothing.
pub fn sup(s: &str, before: &str) -> String {
    let s = s.trim();
    let ordinal = matches!(s, "st" | "nd" | "rd" | "th" | "er" | "e" | "o");
    if ordinal {
        return s.to_string();
    }
    // An exponent raises a number, a one-letter variable or a bracket; after
    // a word, a superscript is an unlinked footnote marker ("it is³").
    let last_word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let base = before.ends_with(|c: char| c.is_ascii_digit() || c == ')')
        || last_word.chars().count() == 1;
    if !base {
        return String::new();
    }
    let exponent = !s.is_empty()
        && s.len() <= 4
        && s.trim_start_matches(['-', '−'])
            .chars()
            .all(|c| c.is_ascii_alphanumeric());
    if exponent {
        return format!("^{}", s.replace('−', "-"));
    }
    if s.chars()
        .all(|c| matches!(c, '™' | '®' | '©' | '*' | '†' | '‡'))
    {
        return String::new();
    }
    format!(" {s} ")
}

/// What a subscript adds: a formula's count stays glued ("CO<sub>2</sub>"
/// is "CO2", said "C-O-two"); an index is "sub i".
pub fn sub(s: &str, before: &str) -> String {
    let s = s.trim();
    // A count in a formula follows an element symbol or a bracket (CO₂,
    // (OH)₂); after a lower-case variable it is an index ("x sub ten").
    let formula = before.ends_with(|c: char| c.is_ascii_uppercase() || c == ')');
    if formula && !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        s.to_string()
    } else {
        format!(" sub {s} ")
    }
}

/// Mathematics: read aloud when simple enough (a few symbols, no
/// structure beyond powers, fractions and roots), else the announcement.
pub fn math(source: &str, config: &ScriptConfig) -> String {
    match config.math {
        MathMode::Skip => String::new(),
        MathMode::Announce => format!(" {} ", config.math_announcement),
        MathMode::Read => match readable(source) {
            Some(text) => format!(" {text} "),
            None => format!(" {} ", config.math_announcement),
        },
    }
}

/// TeX commands with a plain reading. Relations are said between their
/// operands ("a is at most b"); × and → are handed to the normalizer.
const COMMANDS: &[(&str, &str)] = &[
    ("cdot", "×"),
    ("times", "×"),
    ("le", "is at most"),
    ("leq", "is at most"),
    ("ge", "is at least"),
    ("geq", "is at least"),
    ("ne", "is not equal to"),
    ("neq", "is not equal to"),
    ("approx", "is approximately"),
    ("to", "→"),
    ("rightarrow", "→"),
    ("infty", "infinity"),
    ("log", "log"),
    ("ln", "ln"),
    ("sin", "sine"),
    ("cos", "cosine"),
    ("pi", "pi"),
    ("alpha", "alpha"),
    ("beta", "beta"),
    ("gamma", "gamma"),
    ("delta", "delta"),
    ("epsilon", "epsilon"),
    ("theta", "theta"),
    ("lambda", "lambda"),
    ("mu", "mu"),
    ("sigma", "sigma"),
    ("Sigma", "sigma"),
    ("omega", "omega"),
    ("left", ""),
    ("right", ""),
];

/// Words at most in an equation read aloud; past this a listener loses it.
const MAX_WORDS: usize = 12;

/// `x^2 + y^2 = z^2` → "x^2 + y^2 = z^2" for the normalizer, `\frac{a}{b}`
/// → "a over b", `\sqrt{n}` → "the square root of n"; `None` when the
/// source holds anything else (sums, integrals, matrices, unknown commands).
pub fn readable(source: &str) -> Option<String> {
    readable_at(source, 0)
}

/// Fractions and roots nest at most this deep in what is read aloud (and a
/// hostile page cannot recurse the stack away).
const MAX_NESTING: usize = 2;
/// Math longer than this is announced without being looked at further.
const MAX_SOURCE: usize = 200;

fn readable_at(source: &str, depth: usize) -> Option<String> {
    if depth > MAX_NESTING || source.len() > MAX_SOURCE {
        return None;
    }
    let src = source
        .trim()
        .trim_start_matches("\\(")
        .trim_end_matches("\\)")
        .trim_matches('$')
        .trim();
    if src.is_empty() {
        return None;
    }
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && chars[end].is_ascii_alphabetic() {
                    end += 1;
                }
                let name: String = chars[start..end].iter().collect();
                i = end;
                match name.as_str() {
                    // Spacing commands: "\," "\;" "\ ".
                    "" => {
                        i += 1;
                        out.push(' ');
                    }
                    "frac" => {
                        let (a, next) = group(&chars, i)?;
                        let (b, next) = group(&chars, next)?;
                        out.push_str(&format!(
                            " {} over {} ",
                            readable_at(&a, depth + 1)?,
                            readable_at(&b, depth + 1)?
                        ));
                        i = next;
                    }
                    "sqrt" => {
                        let (a, next) = group(&chars, i)?;
                        out.push_str(&format!(
                            " the square root of {} ",
                            readable_at(&a, depth + 1)?
                        ));
                        i = next;
                    }
                    _ => {
                        let (_, word) = COMMANDS.iter().find(|(n, _)| *n == name)?;
                        out.push(' ');
                        out.push_str(word);
                        out.push(' ');
                    }
                }
                continue;
            }
            '{' | '}' => {}
            '_' => out.push_str(" sub "),
            '<' => out.push_str(" is less than "),
            '>' => out.push_str(" is greater than "),
            '≤' => out.push_str(" is at most "),
            '≥' => out.push_str(" is at least "),
            '+' | '=' | '×' | '·' => {
                out.push(' ');
                out.push(if c == '·' { '×' } else { c });
                out.push(' ');
            }
            '-' | '−' if !out.trim().is_empty() => out.push_str(" - "),
            c if c.is_alphanumeric()
                || matches!(c, '^' | '(' | ')' | ',' | '.' | ' ' | '-' | '!') =>
            {
                out.push(c)
            }
            _ => return None,
        }
        i += 1;
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_WORDS {
        return None;
    }
    // A binary minus between operands is said "minus".
    let text = words
        .iter()
        .map(|w| if *w == "-" { "minus" } else { w })
        .collect::<Vec<_>>()
        .join(" ");
    Some(text)
}

/// The `{…}` group at `i` (or a single character), and where it ends.
fn group(chars: &[char], i: usize) -> Option<(String, usize)> {
    let mut i = i;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    if chars.get(i) != Some(&'{') {
        return chars.get(i).map(|c| (c.to_string(), i + 1));
    }
    let mut depth = 0;
    for (k, &c) in chars.iter().enumerate().skip(i) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((chars[i + 1..k].iter().collect(), k + 1));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscripts_and_subscripts() {
        assert_eq!(sup("64", "2"), "^64");
        assert_eq!(sup("2", "area x"), "^2");
        assert_eq!(sup("st", "1"), "st");
        assert_eq!(sup("−1", "10"), "^-1");
        assert_eq!(sup("™", "Acme"), "");
        assert_eq!(sup("3", "so it is"), "");
        assert_eq!(sub("2", "CO"), "2");
        assert_eq!(sub("10", "x"), " sub 10 ");
        assert_eq!(sub("i", "x"), " sub i ");
    }

    #[test]
    fn simple_math_is_read_the_rest_announced() {
        assert_eq!(readable("x^2 + y^2 = z^2").unwrap(), "x^2 + y^2 = z^2");
        assert_eq!(readable("$E = mc^2$").unwrap(), "E = mc^2");
        assert_eq!(readable("\\frac{a}{b}").unwrap(), "a over b");
        assert_eq!(readable("\\sqrt{n}").unwrap(), "the square root of n");
        assert_eq!(readable("a \\le b").unwrap(), "a is at most b");
        assert_eq!(readable("n - 1").unwrap(), "n minus 1");
        assert_eq!(readable("-1").unwrap(), "-1");
        assert_eq!(readable("\\sum_{i=1}^{n} i"), None);
        assert_eq!(readable("\\int_0^1 f(x)\\,dx"), None);
        assert_eq!(readable("a+b+c+d+e+f+g+h"), None);
        // Deep nesting is announced, not recursed into.
        let deep = format!("{}x{}", "\\sqrt{".repeat(20_000), "}".repeat(20_000));
        assert_eq!(readable(&deep), None);
        assert_eq!(readable("\\frac{\\frac{\\frac{a}{b}}{c}}{d}"), None);
        let config = ScriptConfig::default();
        assert_eq!(math("\\sum_i x_i", &config).trim(), "an equation");
    }
}
