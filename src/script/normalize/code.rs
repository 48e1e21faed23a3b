//! Code-like text in prose, read as a programmer reads it aloud to a
//! colleague: "C++" is "C plus plus", "os.path.join()" is "os dot path dot
//! join", "O(n^2)" is "O of n squared", "2^64" is "two to the sixty-fourth",
//! "Ctrl+Shift+P" is "control shift P", "/etc/hosts" is "slash etc slash
//! hosts", "-rf" is "dash r f", "4:1" is "four to one", "2h45m" is "two
//! hours forty-five minutes", "10.0.0.0/8" is "ten dot zero dot zero dot
//! zero slash eight". Brackets are never said; what they mean is.

use super::engine::{Ctx, Hit};
use super::identifiers::speak;
use super::spoken::{cardinal, is_digits, number, ordinal};

/// Language and platform names written with symbols, and the increment
/// idioms: `C++`, `C#`, `F#`, `.NET`, `ASP.NET`, `i++`, `n+1`.
pub fn symbol_name(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let text = match core {
        "C++" | "c++" => "C plus plus".to_string(),
        "C#" => "C sharp".into(),
        "F#" => "F sharp".into(),
        "J#" => "J sharp".into(),
        ".NET" => "dot net".into(),
        _ => {
            if let Some(name) = core.strip_suffix(".NET") {
                if !name.chars().all(|c| c.is_ascii_alphabetic()) {
                    return None;
                }
                format!("{} dot net", super::spoken::initialism_spelled(name))
            } else if let Some(v) = core.strip_suffix("++").filter(|v| counter(v)) {
                format!("{v} plus plus")
            } else if let Some(v) = core.strip_suffix("--").filter(|v| counter(v)) {
                format!("{v} minus minus")
            } else if let Some(v) = core
                .strip_suffix("--")
                .filter(|v| v.len() > 3 && v.chars().all(char::is_alphabetic))
            {
                // "good-- really": a dash typed as two hyphens, a pause.
                format!("{v} —")
            } else if let Some((a, b)) = core.split_once('+') {
                // "n+1", "N+1 queries": a variable plus a small number.
                if a.len() > 2 || !is_ident(a) || !is_digits(b) || b.len() > 2 {
                    return None;
                }
                format!("{a} plus {}", cardinal(b))
            } else {
                return None;
            }
        }
    };
    Some(Hit::new(1, text, "code"))
}

/// A loop counter: short, or written as code (`i`, `idx`, `n_items`).
fn counter(s: &str) -> bool {
    is_ident(s) && (s.len() <= 3 || s.contains('_'))
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}

/// `x^2` → "x squared", `2^64` → "two to the sixty-fourth", `2^n` → "two
/// to the n", `n²` → "n squared".
fn power(base: &str, exp: &str) -> Option<String> {
    let base = operand(base)?;
    let exp = exp.trim_start_matches('{').trim_end_matches('}');
    Some(match exp {
        "2" => format!("{base} squared"),
        "3" => format!("{base} cubed"),
        e if is_digits(e) => format!("{base} to the {}", ordinal(e)),
        e if is_ident(e) && e.len() <= 3 => format!("{base} to the {e}"),
        e if e.starts_with('-') && is_digits(&e[1..]) => {
            format!("{base} to the minus {}", cardinal(&e[1..]))
        }
        _ => return None,
    })
}

/// A number or a short variable as spoken.
fn operand(s: &str) -> Option<String> {
    if let Some(n) = number(s) {
        return Some(n);
    }
    (is_ident(s) && s.len() <= 3).then(|| s.to_string())
}

/// Superscript digits written inline: `n²`, `10³`.
fn superscript(s: &str) -> Option<(&str, &'static str)> {
    let (i, c) = s.char_indices().last()?;
    let exp = match c {
        '²' => "2",
        '³' => "3",
        _ => return None,
    };
    Some((&s[..i], exp))
}

/// `2^64`, `x^2`, `n²` as a token of their own.
pub fn exponent(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (base, exp) = core.split_once('^').or_else(|| superscript(core))?;
    power(base, exp).map(|t| Hit::new(1, t, "code"))
}

/// Big-O notation, over up to four tokens: `O(1)`, `O(n^2)`, `O(n log
/// n)`, `O(log n)` → "O of n log n".
pub fn big_o(ctx: &Ctx) -> Option<Hit> {
    let first = ctx.core(0)?;
    let inner_start = first
        .strip_prefix("O(")
        .or_else(|| first.strip_prefix("Θ("))
        .or_else(|| first.strip_prefix("Ω("))?;
    let mut parts = vec![inner_start.to_string()];
    let mut n = 1;
    // The closing bracket is the last token's trail (or inside its core
    // when more punctuation follows).
    while !ctx.tok(n - 1)?.trail.starts_with(')') {
        if n >= 4 || !ctx.joined(n - 1) {
            return None;
        }
        parts.push(ctx.core(n)?.to_string());
        n += 1;
    }
    let mut words = Vec::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        let w = if let Some((b, e)) = p.split_once('^').or_else(|| superscript(p)) {
            power(b, e)?
        } else if let Some((a, b)) = p.split_once('*') {
            format!("{} times {}", operand(a)?, operand(b)?)
        } else if p == "log" || p == "lg" || p == "ln" {
            "log".to_string()
        } else {
            operand(p)?
        };
        words.push(w);
    }
    let letter = &first[..first.find('(')?];
    let letter = match letter {
        "Θ" => "theta",
        "Ω" => "omega",
        _ => "O",
    };
    let mut hit = Hit::new(n, format!("{letter} of {}", words.join(" ")), "code");
    hit.trail = Some(ctx.tok(n - 1)?.trail[1..].to_string());
    Some(hit)
}

/// Calls and paths in prose: `os.path.join()` → "os dot path dot join",
/// `f(x)` → "f of x", `std::mem::take` → "std mem take", `node->next` →
/// "node arrow next".
pub fn call_or_path(ctx: &Ctx) -> Option<Hit> {
    let tok = ctx.tok(0)?;
    let core = tok.core;
    if let Some(open) = core.find('(') {
        // The closing bracket was set aside as trailing punctuation.
        let (name, args) = (&core[..open], &core[open + 1..]);
        if !tok.trail.starts_with(')')
            || name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':'))
            || !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            || !args
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ',' | '"' | '\''))
        {
            return None;
        }
        // "file(s)", "user(es)": a plural written for both numbers.
        if matches!(args, "s" | "es") && name.chars().all(|c| c.is_ascii_lowercase()) {
            let mut hit = Hit::new(1, format!("{name}{args}"), "code");
            hit.trail = Some(tok.trail[1..].to_string());
            return Some(hit);
        }
        // "Service(TOS)": an abbreviation in brackets after a word, not a call.
        if name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains(['.', ':', '_']) {
            let caps =
                !args.is_empty() && args.len() <= 6 && args.chars().all(|c| c.is_ascii_uppercase());
            if !caps {
                return None;
            }
            let mut hit = Hit::new(
                1,
                format!("{name}, {}", super::spoken::letters(args)),
                "code",
            );
            hit.trail = Some(tok.trail[1..].to_string());
            return Some(hit);
        }
        let mut text = speak(name);
        if !args.is_empty() {
            text.push_str(" of ");
            text.push_str(&operand(args).unwrap_or_else(|| speak(args)));
        }
        let mut hit = Hit::new(1, text, "code");
        hit.trail = Some(tok.trail[1..].to_string());
        return Some(hit);
    }
    let arrow = core
        .split_once("->")
        .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
    let scoped = core.contains("::") || arrow;
    if !scoped
        || !core
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '>' | '.'))
    {
        return None;
    }
    let text = core
        .split("->")
        .map(speak)
        .collect::<Vec<_>>()
        .join(" arrow ");
    (!text.is_empty()).then(|| Hit::new(1, text, "code"))
}

/// A setting written as `key=value`: `max.poll.records=32` → "max dot poll
/// dot records equals thirty-two", `retries=3`.
pub fn assignment(ctx: &Ctx) -> Option<Hit> {
    let (lhs, rhs) = ctx.core(0)?.split_once('=')?;
    let name_like = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    };
    if !name_like(lhs) || !name_like(rhs) || !lhs.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let value = number(rhs).unwrap_or_else(|| speak(rhs));
    Some(Hit::new(
        1,
        format!("{} equals {value}", speak(lhs)),
        "code",
    ))
}

/// Key names as a narrator says them.
fn key(k: &str) -> Option<String> {
    let named = match k.to_ascii_lowercase().as_str() {
        "ctrl" | "control" => "control",
        "shift" => "shift",
        "alt" => "alt",
        "opt" | "option" | "⌥" => "option",
        "cmd" | "command" | "⌘" => "command",
        "meta" => "meta",
        "super" => "super",
        "win" | "windows" => "windows",
        "fn" => "function",
        "esc" | "escape" => "escape",
        "tab" => "tab",
        "enter" | "return" => "enter",
        "space" => "space",
        "del" | "delete" => "delete",
        "backspace" => "backspace",
        "home" => "home",
        "end" => "end",
        "pgup" => "page up",
        "pgdn" => "page down",
        "up" => "up",
        "down" => "down",
        "left" => "left",
        "right" => "right",
        _ => {
            let mut c = k.chars();
            return match (c.next(), c.next()) {
                (Some(ch), None) if ch.is_ascii_alphanumeric() => Some(if ch.is_ascii_digit() {
                    cardinal(k)
                } else {
                    ch.to_ascii_uppercase().to_string()
                }),
                (Some('F' | 'f'), Some(_)) if is_digits(&k[1..]) && k.len() <= 3 => {
                    Some(format!("F {}", cardinal(&k[1..])))
                }
                _ => None,
            };
        }
    };
    Some(named.to_string())
}

fn is_modifier(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "ctrl"
            | "control"
            | "shift"
            | "alt"
            | "opt"
            | "option"
            | "cmd"
            | "command"
            | "meta"
            | "super"
            | "win"
            | "fn"
            | "⌘"
            | "⌥"
    )
}

/// Key chords: `Ctrl+Shift+P` → "control shift P", `Ctrl-C` → "control
/// C", `Cmd+K`. At least one modifier, every part a key.
pub fn keys(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let parts: Vec<&str> = core.split(['+', '-']).collect();
    if parts.len() < 2 || !is_modifier(parts[0]) {
        return None;
    }
    // A chord ends in a key that is not a modifier; with hyphens, only the
    // modifiers no English word shares ("win-win", "Super-8" are words).
    if parts.iter().all(|p| is_modifier(p))
        || !core.contains('+')
            && !matches!(
                parts[0].to_ascii_lowercase().as_str(),
                "ctrl" | "control" | "shift" | "alt" | "opt" | "option" | "cmd" | "command"
            )
    {
        return None;
    }
    let words: Option<Vec<String>> = parts.iter().map(|k| key(k)).collect();
    Some(Hit::new(1, words?.join(" "), "keys"))
}

/// What `<kbd>` holds, said as key names: "Ctrl+Shift+P" → "control
/// shift P", "Esc" → "escape"; a word that names no key stays as written.
pub fn speak_keys(text: &str) -> String {
    text.split(|c: char| c == '+' || c.is_whitespace())
        .filter(|k| !k.is_empty())
        .map(|k| key(k).unwrap_or_else(|| k.to_string()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Paths and short flags: `/etc/hosts` → "slash etc slash hosts",
/// `~/.config` → "tilde slash dot config", `./build.sh`, `-rf` → "dash r
/// f".
pub fn path_or_flag(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if let Some(flags) = core.strip_prefix('-') {
        // One to three letters after a single dash: a command's flags.
        if (1..=3).contains(&flags.len()) && flags.chars().all(|c| c.is_ascii_lowercase()) {
            let letters: Vec<String> = flags.chars().map(String::from).collect();
            return Some(Hit::new(1, format!("dash {}", letters.join(" ")), "code"));
        }
        return None;
    }
    // "$HOME/bin": a path under an environment variable.
    if core.starts_with('$')
        && core.contains('/')
        && core[1..].starts_with(|c: char| c.is_ascii_uppercase())
    {
        if !core
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '$'))
        {
            return None;
        }
        return Some(Hit::new(1, speak(core), "code"));
    }
    let (home, rest) = match core.strip_prefix('~') {
        Some(r) => ("tilde ", r),
        None => ("", core),
    };
    let is_path = (rest.starts_with('/') || rest.starts_with("./") || rest.starts_with("../"))
        && rest.len() > 1
        && rest.chars().any(|c| c.is_ascii_alphabetic())
        && !rest.starts_with("//")
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '*'));
    if !is_path {
        return None;
    }
    let spoken = rest
        .replace("../", " dot dot slash ")
        .replace("./", " dot slash ");
    let spoken = spoken
        .split(' ')
        .map(|part| {
            if part.contains(['/', '.', '_', '-']) {
                speak(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    // A leading dot of a hidden file ("/.config") is said.
    let spoken = spoken.replace("slash .", "slash dot ");
    Some(Hit::new(
        1,
        format!(
            "{home}{}",
            spoken.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
        "code",
    ))
}

/// Ratios: `4:1` → "four to one", `16:9`, `100:1`. A clock time has two
/// digits after the colon and at most two before it, and is left to the
/// time rule.
pub fn ratio(ctx: &Ctx) -> Option<Hit> {
    // "Psalm 23:4", "Genesis 1:3": a chapter and verse after a name.
    if ctx
        .prev()
        .is_some_and(|p| p.trail.is_empty() && p.core.starts_with(char::is_uppercase))
    {
        return None;
    }
    let (a, b) = ctx.core(0)?.split_once(':')?;
    if !is_digits(a) || !is_digits(b) || (b.len() == 2 && a.len() <= 2) {
        return None;
    }
    Some(Hit::new(
        1,
        format!("{} to {}", cardinal(a), cardinal(b)),
        "ratio",
    ))
}

/// The parts of a duration token: `2h45m` → [(2, 1), (45, 2)], each a
/// number and the rank of its unit (days 0 … milliseconds 4).
fn duration_parts(core: &str) -> Option<Vec<(&str, usize)>> {
    let mut parts = Vec::new();
    let mut rest = core;
    while !rest.is_empty() {
        let digits_end = rest.find(|c: char| !c.is_ascii_digit())?;
        let (n, tail) = rest.split_at(digits_end);
        if n.is_empty() || n.len() > 6 {
            return None;
        }
        let unit_end = tail
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (unit, after) = tail.split_at(unit_end);
        let rank = match unit {
            "d" => 0,
            "h" => 1,
            "m" | "min" => 2,
            "s" => 3,
            "ms" => 4,
            _ => return None,
        };
        parts.push((n, rank));
        rest = after;
    }
    Some(parts)
}

/// Units of a duration, largest first: each used once, so `2h 15m` is one
/// and `100m 200m` is not.
fn descending(parts: &[(&str, usize)]) -> bool {
    parts.windows(2).all(|w| w[0].1 < w[1].1)
}

/// Compound durations: `2h45m` → "two hours forty-five minutes", `1m30s`,
/// `1d12h`, and the same spaced, `2h 15m`, `1h 5m 30s` (units largest
/// first, no punctuation between). `m` is minutes there; alone it is the
/// unit rule's metres, unless a duration in hours or seconds stands within
/// three words: "2h and 45m" (a single `3h` or `90s` is a unit).
pub fn duration(ctx: &Ctx) -> Option<Hit> {
    let mut parts = duration_parts(ctx.core(0)?)?;
    let mut n = 1;
    while n < 4 && ctx.joined(n - 1) {
        let Some(more) = ctx.core(n).and_then(duration_parts) else {
            break;
        };
        let mut joined = parts.clone();
        joined.extend(more);
        if !descending(&joined) {
            break;
        }
        parts = joined;
        n += 1;
    }
    if !descending(&parts) {
        return None;
    }
    let minutes_alone = parts.len() == 1 && parts[0].1 == 2 && {
        let timed = |t: &super::engine::Tok| {
            duration_parts(t.core).is_some_and(|p| p.iter().any(|(_, r)| matches!(r, 1 | 3)))
        };
        let before = ctx.toks[ctx.i.saturating_sub(3)..ctx.i].iter().any(timed);
        let after = ctx.toks[ctx.i + 1..(ctx.i + 4).min(ctx.toks.len())]
            .iter()
            .any(timed);
        before || after
    };
    if parts.len() < 2 && !minutes_alone {
        return None;
    }
    const UNITS: [(&str, &str); 5] = [
        ("day", "days"),
        ("hour", "hours"),
        ("minute", "minutes"),
        ("second", "seconds"),
        ("millisecond", "milliseconds"),
    ];
    let words: Vec<String> = parts
        .iter()
        .map(|(num, rank)| {
            let (one, many) = UNITS[*rank];
            let word = if num.trim_start_matches('0') == "1" {
                one
            } else {
                many
            };
            format!("{} {word}", cardinal(num))
        })
        .collect();
    Some(Hit::new(n, words.join(" "), "duration"))
}

/// CIDR blocks: `192.168.0.0/16` → the address as the IP rule says it, then
/// "slash sixteen".
pub fn cidr(ctx: &Ctx) -> Option<Hit> {
    let (addr, bits) = ctx.core(0)?.split_once('/')?;
    if !is_digits(bits) || !bits.parse::<u32>().is_ok_and(|b| b <= 32) {
        return None;
    }
    let words = super::spoken::ipv4(addr)?;
    Some(Hit::new(
        1,
        format!("{words} slash {}", cardinal(bits)),
        "IP address",
    ))
}

/// A comparison between two short operands: `a ≈ b` → "a is approximately
/// b", `x < y` → "x is less than y", `n > 0`.
pub fn relation(ctx: &Ctx) -> Option<Hit> {
    let op = ctx.core(1)?;
    let words = match op {
        "≈" => "is approximately",
        "<" => "is less than",
        ">" => "is greater than",
        "≪" => "is much less than",
        "≫" => "is much greater than",
        _ => return None,
    };
    if !ctx.joined(0) || !ctx.joined(1) {
        return None;
    }
    let a = operand(ctx.core(0)?)?;
    let b = operand(ctx.core(2)?)?;
    Some(Hit::new(3, format!("{a} {words} {b}"), "code"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;

    #[test]
    fn languages_and_increments() {
        assert_eq!(apply(&symbol_name, "C++ and C#"), "C plus plus and C sharp");
        assert_eq!(apply(&symbol_name, "ASP.NET"), "A-S-P dot net");
        assert_eq!(apply(&symbol_name, "i++"), "i plus plus");
        assert_eq!(apply(&symbol_name, "n+1"), "n plus one");
        assert_eq!(apply(&symbol_name, "+5"), "+5");
    }

    #[test]
    fn powers_and_big_o() {
        assert_eq!(apply(&exponent, "2^64"), "two to the sixty-fourth");
        assert_eq!(apply(&exponent, "n^2"), "n squared");
        assert_eq!(apply(&exponent, "n²"), "n squared");
        assert_eq!(apply(&big_o, "O(n^2)."), "O of n squared.");
        assert_eq!(apply(&big_o, "(O(n log n))"), "(O of n log n)");
        assert_eq!(apply(&big_o, "O(1) time"), "O of one time");
        assert_eq!(apply(&big_o, "O(n"), "O(n");
    }

    #[test]
    fn calls_paths_keys_flags() {
        assert_eq!(
            apply(&call_or_path, "os.path.join()"),
            "os dot path dot join"
        );
        assert_eq!(apply(&call_or_path, "(f(x))"), "(f of x)");
        assert_eq!(apply(&call_or_path, "std::mem::take"), "std mem take");
        assert_eq!(apply(&call_or_path, "node->next"), "node arrow next");
        assert_eq!(apply(&keys, "Ctrl+Shift+P"), "control shift P");
        assert_eq!(apply(&keys, "Alt+F4"), "alt F four");
        assert_eq!(apply(&keys, "Shift-work"), "Shift-work");
        assert_eq!(speak_keys("Ctrl + Shift + P"), "control shift P");
        assert_eq!(speak_keys("Esc"), "escape");
        assert_eq!(apply(&path_or_flag, "/etc/hosts"), "slash etc slash hosts");
        assert_eq!(apply(&path_or_flag, "~/.config"), "tilde slash dot config");
        assert_eq!(apply(&path_or_flag, "rm -rf"), "rm dash r f");
        assert_eq!(apply(&path_or_flag, "-5"), "-5");
    }

    #[test]
    fn ratios_durations_networks_relations() {
        assert_eq!(apply(&ratio, "4:1"), "four to one");
        assert_eq!(
            apply(&assignment, "max.poll.records=32"),
            "max dot poll dot records equals thirty-two"
        );
        assert_eq!(apply(&ratio, "16:9"), "sixteen to nine");
        assert_eq!(apply(&ratio, "3:30"), "3:30");
        assert_eq!(apply(&duration, "2h45m"), "two hours forty-five minutes");
        assert_eq!(apply(&duration, "1m30s"), "one minute thirty seconds");
        assert_eq!(apply(&duration, "90s"), "90s");
        assert_eq!(
            apply(&cidr, "10.0.0.0/8"),
            "ten dot zero dot zero dot zero slash eight"
        );
        assert_eq!(apply(&relation, "a ≈ b"), "a is approximately b");
        assert_eq!(apply(&relation, "n > 0"), "n is greater than zero");
    }
}
