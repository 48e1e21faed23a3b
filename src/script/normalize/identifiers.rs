//! Inline code read as words: `task.cancel()` → "task dot cancel",
//! `snake_case_name` → "snake case name", `CancelledError` → "Cancelled
//! Error", `--force` → "dash dash force". Brackets and most operators are
//! dropped; the few a developer would say aloud are named. The rule
//! [`identifier`] finds such names in prose.

use super::engine::{Ctx, Hit};
use super::spoken::is_digits;

pub fn speak(code: &str) -> String {
    // SCREAMING_SNAKE_CASE constants are words, not acronyms.
    let lowered;
    let code = if code.contains('_') && !code.chars().any(|c| c.is_lowercase()) {
        lowered = code.to_lowercase();
        lowered.as_str()
    } else {
        code
    };
    let chars: Vec<char> = code.trim().chars().collect();
    let mut out = String::with_capacity(code.len() * 2);
    let mut i = 0;
    let word = |c: char| c.is_alphanumeric();
    while i < chars.len() {
        let c = chars[i];
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
        let (spoken, used): (&str, usize) = match (c, two.as_str()) {
            (_, "::") => (" ", 2),
            (_, "->") | (_, "=>") => (" ", 2),
            (_, "==") => (" equals ", 2),
            (_, "!=") => (" not equals ", 2),
            (_, "&&") => (" and ", 2),
            (_, "||") => (" or ", 2),
            (_, "<=") => (" at most ", 2),
            (_, ">=") => (" at least ", 2),
            (_, "--") if prev.is_none_or(|p| p.is_whitespace()) => (" dash dash ", 2),
            ('-', _) if prev.is_none_or(|p| p.is_whitespace()) && next.is_some_and(word) => {
                (" dash ", 1)
            }
            // A dot between digits is a decimal or version: the number rules read it.
            ('.', _)
                if prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()) =>
            {
                (".", 1)
            }
            ('.', _) if next.is_some_and(word) => (" dot ", 1),
            ('.', _) => (" ", 1),
            ('/', _) if next.is_some_and(|n| n == '/') => (" ", 2),
            ('/', _) => (" slash ", 1),
            ('=', _) => (" equals ", 1),
            ('+', _) => (" plus ", 1),
            ('@', _) => (" at ", 1),
            ('%', _) => (" percent ", 1),
            ('&', _) => (" and ", 1),
            ('|', _) => (" pipe ", 1),
            // Separators inside names.
            ('_' | '-' | ':' | ',' | ';', _) => (" ", 1),
            // Brackets, quotes, sigils and the rest: noise when read aloud.
            (c, _) if !c.is_alphanumeric() && !c.is_whitespace() => (" ", 1),
            _ => ("", 0),
        };
        if used > 0 {
            out.push_str(spoken);
            i += used;
            continue;
        }
        // camelCase and PascalCase boundaries: "parseHTTPResponse" →
        // "parse HTTP Response".
        if c.is_uppercase() {
            if let Some(p) = prev {
                let lower_before = p.is_lowercase() || p.is_ascii_digit();
                let acronym_end = p.is_uppercase() && next.is_some_and(char::is_lowercase);
                if lower_before || acronym_end {
                    out.push(' ');
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Identifiers that reached the prose: `snake_case`, `dotted.path`,
/// `file.ext`, `--flag`, `PascalCase` names.
pub fn identifier(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let letters_only =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    let is_ident = core.contains('_') && core.chars().all(|c| c.is_alphanumeric() || c == '_')
        || core.starts_with("--") && core.len() > 2
        || core.contains('.')
            && core.split('.').all(letters_only)
            && core.chars().any(char::is_alphabetic)
            && !core.split('.').all(|p| p.len() == 1)
        || is_pascal(core);
    if !is_ident {
        return None;
    }
    // Digits left between the words of a name are a serial: "item 42".
    let spoken = speak(core)
        .split(' ')
        .map(|w| {
            if is_digits(w) {
                super::spoken::serial(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    (spoken != core).then(|| Hit::new(1, spoken, "identifier"))
}

/// `CancelledError`, `HashMap`: two or more capitalized humps, each with
/// lowercase letters. Brand names with one hump stay whole.
fn is_pascal(s: &str) -> bool {
    let mut humps = 0;
    let mut prev_lower = false;
    for (i, c) in s.chars().enumerate() {
        if !c.is_ascii_alphabetic() {
            return false;
        }
        if c.is_ascii_uppercase() && (i == 0 || prev_lower) {
            humps += 1;
        }
        prev_lower = c.is_ascii_lowercase();
    }
    humps >= 2
        && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().filter(|c| c.is_ascii_uppercase()).count() <= s.len() / 2
}

#[cfg(test)]
mod tests {
    use super::speak;

    #[test]
    fn issue_examples() {
        assert_eq!(speak("task.cancel()"), "task dot cancel");
        assert_eq!(speak("snake_case_name"), "snake case name");
        assert_eq!(speak("CancelledError"), "Cancelled Error");
    }

    #[test]
    fn paths_flags_and_operators() {
        assert_eq!(speak("--force"), "dash dash force");
        assert_eq!(speak("-v"), "dash v");
        assert_eq!(speak("std::fs::read_to_string"), "std fs read to string");
        assert_eq!(speak("main.rs"), "main dot rs");
        assert_eq!(speak("/etc/hosts"), "slash etc slash hosts");
        assert_eq!(speak("a == b && c != d"), "a equals b and c not equals d");
        assert_eq!(speak("Vec<Option<T>>"), "Vec Option T");
        assert_eq!(speak("items[0]"), "items 0");
        assert_eq!(speak("$HOME"), "HOME");
        assert_eq!(speak("kebab-case-name"), "kebab case name");
    }

    #[test]
    fn acronyms_and_versions() {
        assert_eq!(speak("parseHTTPResponse"), "parse HTTP Response");
        assert_eq!(speak("MAX_RETRIES"), "max retries");
        assert_eq!(speak("python3.11"), "python3.11");
        assert_eq!(speak("x.y.z()"), "x dot y dot z");
    }

    #[test]
    fn only_noise_is_empty() {
        assert_eq!(speak("{}"), "");
        assert_eq!(speak("  "), "");
    }

    #[test]
    fn the_rule_reads_names_in_prose() {
        use crate::script::normalize::engine::apply;
        assert_eq!(apply(&super::identifier, "HashMap"), "Hash Map");
        assert_eq!(apply(&super::identifier, "Hello"), "Hello");
    }
}
