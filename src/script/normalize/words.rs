//! Rules for words and symbols: abbreviations, acronyms, identifiers that
//! reached the prose, emails, and the symbols that carry meaning.

use super::acronyms;
use super::engine::{Ctx, Hit};
use super::numbers::{cardinal, is_digits, number};

/// An initialism (two or more capitals) spelled, any other word kept: how
/// a name is said where no lexicon is at hand (names inside code, the rules'
/// unit tests).
pub fn initialism_spelled(w: &str) -> String {
    if w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()) {
        letters(w)
    } else {
        w.to_string()
    }
}

/// The written form of a spoken text with spelled letters, for captions:
/// the "eh" that [`letters`] puts for an inner A is shown as the A it is.
pub fn written(spoken: &str) -> String {
    spoken.replace("-eh-", "-A-")
}

/// Capital letters spelled so the voice says their names: "A-P-I". Hyphens
/// keep espeak from reading a lone "A" as the article.
/// Inside a spelled word espeak reads "-A-" as the article ("F-uh-Q"); "eh"
/// gives the letter's name.
pub fn letters(word: &str) -> String {
    let chars: Vec<char> = word.chars().filter(char::is_ascii_alphanumeric).collect();
    let last = chars.len().saturating_sub(1);
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if *c == 'A' && i > 0 && i < last {
                "eh".to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// (abbreviation with its dot, words). Case-sensitive.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("e.g.", "for example"),
    ("E.g.", "For example"),
    ("i.e.", "that is"),
    ("I.e.", "That is"),
    ("etc.", "et cetera"),
    ("vs.", "versus"),
    ("approx.", "approximately"),
    ("Approx.", "Approximately"),
    ("cf.", "compare"),
    ("Mr.", "Mister"),
    ("Mrs.", "Missus"),
    ("Ms.", "Miz"),
    ("Dr.", "Doctor"),
    ("Prof.", "Professor"),
    ("Jr.", "Junior"),
    ("Sr.", "Senior"),
    ("a.k.a.", "also known as"),
    ("incl.", "including"),
    ("min.", "minimum"),
    ("max.", "maximum"),
    ("est.", "established"),
    ("Fig.", "Figure"),
    ("fig.", "figure"),
    ("Ch.", "Chapter"),
    ("p.", "page"),
    ("pp.", "pages"),
];

/// `e.g.` → "for example"; `etc.` keeps its dot only where it also ends the
/// sentence; `Dr.` before a name; `St.` only when sure (Saint before a
/// name, Street after one); `No. 5` → "number five"; `vs` without a dot.
pub fn abbreviation(ctx: &Ctx) -> Option<Hit> {
    let t = ctx.tok(0)?;
    let with_dot = t.with_dot();
    let next_is_name = ctx
        .core(1)
        .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
    let next_is_number = ctx
        .core(1)
        .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
    let words = match with_dot.as_deref() {
        Some("St.")
            if next_is_name
                && ctx
                    .prev()
                    .is_none_or(|p| !p.core.chars().next().is_some_and(char::is_uppercase)) =>
        {
            "Saint"
        }
        Some("St.")
            if ctx
                .prev()
                .is_some_and(|p| p.core.chars().next().is_some_and(char::is_uppercase))
                && ctx.i >= 2
                && is_digits(ctx.toks[ctx.i - 2].core) =>
        {
            "Street"
        }
        Some("No." | "no.") if next_is_number => "number",
        Some("Nos." | "nos.") if next_is_number => "numbers",
        Some(d @ ("Dr." | "Mr." | "Mrs." | "Ms." | "Prof.")) if !next_is_name => {
            let _ = d;
            return None;
        }
        Some(d) => ABBREVIATIONS
            .iter()
            .find(|(a, _)| *a == d)
            .map(|(_, w)| *w)?,
        // Without its dot only between two named things: "Rust vs Go".
        None if t.core == "vs" && next_is_name => "versus",
        None => return None,
    };
    let mut hit = Hit::new(1, words, "abbreviation");
    if with_dot.is_some() {
        // The dot belongs to the abbreviation; keep it only as a sentence end.
        let rest = &t.trail[1..];
        let sentence_end = rest.is_empty() && ctx.ends_sentence(0) && t.core == "etc";
        hit.trail = Some(if sentence_end {
            t.trail.to_string()
        } else {
            rest.to_string()
        });
    }
    Some(hit)
}

/// Capitalized words that are ordinary English when shouted, read as words.
const SHOUTED: &[&str] = &[
    "NOT", "NO", "YES", "ALL", "ANY", "DO", "DON'T", "MUST", "NEVER", "ONLY", "THIS", "THAT",
    "NOW", "NEW", "STOP", "WAIT", "HELP", "WARNING", "NOTE", "TODO", "FIXME", "VERY", "REALLY",
    "ONE", "TWO", "AND", "OR", "THE", "IS", "ARE", "WAS", "IT", "WE", "YOU", "BE", "SO", "IF",
    "ON", "OFF", "OUT", "UP", "GO", "OK",
    // Short English words an author shouts ("a BIG deal", "It HAS to"),
    // and the verbs of HTTP, SQL and Dockerfiles, said as words.
    "BIG", "BAD", "WAY", "MY", "TEN", "WOW", "FUN", "HAS", "HAD", "CAN", "WHY", "HOW", "WHO", "YET",
    "BUT", "FOR", "NOR", "TOO", "OWN", "OLD", "GOT", "GET", "PUT", "SET", "RUN", "ADD", "LET",
    "SEE", "SAY", "TRY", "USE", "END", "BIT", "LOT", "HOT", "TOP", "WIN", "ASK", "HIM", "HER",
    "HIS", "OUR", "ME", "HE", "AS", "AT", "BY", "IN", "OF", "TO", "AM", "AN", "POST", "PATCH",
    "DELETE", "HEAD", "COPY", "FROM", "WHERE", "JOIN", "CMD", "ENV", "ARG", "EXPOSE",
];

/// `API` → "A-P-I", `APIs` → "A-P-I's", `API's` → "A-P-I's", `CI/CD`;
/// long capitalized words (emphasis) and shouted common words are lowered.
/// The pronoun "I" and single capitals stay.
pub fn acronym(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (stem, suffix) =
        if let Some(s) = core.strip_suffix("'s").or_else(|| core.strip_suffix("’s")) {
            (s, "'s")
        } else if let Some(s) = core
            .strip_suffix('s')
            .filter(|s| s.len() >= 2 && s.chars().all(|c| c.is_ascii_uppercase()))
        {
            (s, "'s")
        } else {
            (core, "")
        };
    if stem.len() < 2
        || !stem
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        || !stem.chars().next()?.is_ascii_uppercase()
    {
        return None;
    }
    if stem.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // A word of the table is itself, not a plural: "IOPS", "BIOS".
    let (stem, suffix) = if suffix == "'s" && !core.contains('\'') && acronyms::row(core).is_some()
    {
        (core, "")
    } else {
        (stem, suffix)
    };
    // "World War II", "Rocky IV": a Roman numeral after a name is a number.
    let after_name = ctx.prev().is_some_and(|p| {
        p.trail.is_empty()
            && p.core.starts_with(char::is_uppercase)
            && !matches!(
                p.core,
                "The"
                    | "A"
                    | "An"
                    | "This"
                    | "That"
                    | "Our"
                    | "My"
                    | "Your"
                    | "Its"
                    | "Their"
                    | "His"
                    | "Her"
            )
    });
    if suffix.is_empty() && after_name {
        if let Some(n) = roman(stem) {
            return Some(Hit::new(1, cardinal(&n.to_string()), "roman numeral"));
        }
    }
    let letters_only = stem.chars().all(|c| c.is_ascii_uppercase());
    let listed = letters_only && acronyms::row(stem).is_some();
    let shouted = shouting_around(ctx);
    if SHOUTED.contains(&stem) && (!listed || shouted) {
        return Some(Hit::new(
            1,
            format!(
                "{}{suffix}",
                super::lexicon::capitalized(ctx, &stem.to_lowercase())
            ),
            "shouting",
        ));
    }
    if letters_only && (listed || !shouted) {
        // espeak reads a bare "IX" or "VII" as "roman nine": not after a
        // name, such a word is letters.
        let (text, rule) = if !listed && roman(stem).is_some() {
            (Some(letters(stem)), "acronym")
        } else {
            acronyms::decide(stem)
        };
        if listed || !is_emphasis(stem) {
            let mut hit = match text {
                // A respelling starts a sentence with a capital, as the word did.
                Some(t) => Hit::new(
                    1,
                    format!("{}{suffix}", super::lexicon::capitalized(ctx, &t)),
                    rule,
                ),
                None => Hit::new(1, format!("{stem}{suffix}"), rule),
            };
            // Captions show the acronym as written; --explain shows who decided.
            hit.caption = Some(core.to_string());
            hit.explain = true;
            return Some(hit);
        }
    }
    // Long words with vowels are emphasis, not acronyms ("IMPORTANT"); so
    // is any unlisted word among shouted ones ("DO NOT TOUCH IT").
    if is_emphasis(stem) || (letters_only && shouted) {
        return Some(Hit::new(
            1,
            format!(
                "{}{suffix}",
                super::lexicon::capitalized(ctx, &stem.to_lowercase())
            ),
            "shouting",
        ));
    }
    // Digits inside are part of the name: "MP3" → "M-P-three", "X448" →
    // "X-four four eight", "CR2032" → "C-R-twenty thirty-two".
    let mut parts = Vec::new();
    let mut run = String::new();
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if !run.is_empty() {
                parts.push(super::names::name_digits(&name, &run));
                run.clear();
                name.clear();
            }
            name.push(c);
            parts.push(c.to_string());
        }
    }
    if !run.is_empty() {
        parts.push(super::names::name_digits(&name, &run));
    }
    Some(Hit::new(
        1,
        format!("{}{suffix}", parts.join("-")),
        "acronym",
    ))
}

/// A long all-caps word with vowels is shouted English ("IMPORTANT"),
/// unless the acronym table knows it ("EBITDA", "UNESCO").
fn is_emphasis(stem: &str) -> bool {
    let vowels = stem.chars().filter(|c| "AEIOU".contains(*c)).count();
    stem.len() >= 6 && vowels >= 2 && stem.chars().all(|c| c.is_ascii_uppercase())
}

/// A neighbouring word is shouted too ("DO NOT TOUCH IT"): then even a
/// listed initialism ("IT") is read as the English word.
fn shouting_around(ctx: &Ctx) -> bool {
    let shouted = |w: &str| {
        w.len() >= 2
            && w.chars().all(|c| c.is_ascii_uppercase())
            && (SHOUTED.contains(&w) || (w.len() >= 4 && acronyms::row(w).is_none()))
    };
    ctx.prev().is_some_and(|p| shouted(p.core)) || ctx.core(1).is_some_and(shouted)
}

/// `II` → 2 … `XXXIX` → 39: I, V and X only (so "MIX" or "DIV" are never
/// numbers), and only in canonical form.
fn roman(s: &str) -> Option<u32> {
    if s.len() < 2 || !s.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return None;
    }
    let value = |c: char| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let chars: Vec<u32> = s.chars().map(value).collect();
    let mut n = 0i64;
    for (i, &v) in chars.iter().enumerate() {
        if chars.get(i + 1).is_some_and(|&next| next > v) {
            n -= v as i64;
        } else {
            n += v as i64;
        }
    }
    let n = u32::try_from(n).ok().filter(|n| (1..40).contains(n))?;
    // Only the canonical spelling: "IIII" or "VX" are not numerals.
    let canonical = {
        let tens = ["", "X", "XX", "XXX"][(n / 10) as usize];
        let ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][(n % 10) as usize];
        format!("{tens}{ones}")
    };
    (canonical == s).then_some(n)
}

/// `½` → ("", "one half"), `2¾` → ("2", "three quarters").
fn vulgar_fraction(core: &str) -> Option<(&str, &'static str)> {
    let (i, c) = core.char_indices().last()?;
    let words = match c {
        '½' => "one half",
        '⅓' => "one third",
        '⅔' => "two thirds",
        '¼' => "one quarter",
        '¾' => "three quarters",
        '⅕' => "one fifth",
        '⅛' => "one eighth",
        _ => return None,
    };
    let whole = &core[..i];
    (whole.is_empty() || is_digits(whole)).then_some((whole, words))
}

/// "one half" → "a half" after a whole number: "two and a half".
fn with_article(part: &str) -> String {
    match part.strip_prefix("one ") {
        Some(rest) => format!("a {rest}"),
        None => part.to_string(),
    }
}

/// `CI/CD` → "C-I C-D", `and/or` → "and or", `client/server` → "client
/// server": a slash between words is read as a pause, not "slash".
pub fn slashed(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if !core.contains('/') || core.contains("//") {
        return None;
    }
    let parts: Vec<&str> = core.split('/').collect();
    if parts.len() > 4
        || parts.iter().any(|p| {
            p.is_empty()
                || !p
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '\'')
        })
    {
        return None;
    }
    if parts.iter().all(|p| is_digits(p)) {
        return None;
    }
    let words: Vec<String> = parts
        .iter()
        .map(|p| {
            if p.len() >= 2 && p.len() <= 5 && p.chars().all(|c| c.is_ascii_uppercase()) {
                letters(p)
            } else {
                p.to_string()
            }
        })
        .collect();
    Some(Hit::new(1, words.join(" "), "slash"))
}

/// `name@example.com` → "name at example dot com"; `@alice` → "at alice".
pub fn email_or_handle(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if let Some(handle) = core.strip_prefix('@') {
        // "@9 volts" is "at nine volts", a number for the other rules.
        if !handle.is_empty()
            && !handle.starts_with(|c: char| c.is_ascii_digit())
            && handle
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return Some(Hit::new(
                1,
                format!("at {}", handle.replace(['_', '-'], " ")),
                "handle",
            ));
        }
        return None;
    }
    let (user, host) = core.split_once('@')?;
    if user.is_empty() || !host.contains('.') || host.contains('@') || host.ends_with('.') {
        return None;
    }
    let user = user.replace(['.', '_', '-', '+'], " ");
    Some(Hit::new(
        1,
        format!(
            "{user} at {}",
            host.split('.').collect::<Vec<_>>().join(" dot ")
        ),
        "email",
    ))
}

/// Symbols that mean something: `#5` → "number five", `~5` → "about
/// five", `≥`, `≤`, `±`, `×`, `→`, `=`, `+`, `&`, `°C` on its own.
pub fn symbol(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let text = match core {
        "&" => "and".to_string(),
        "+" => "plus".into(),
        "=" | "==" => "equals".into(),
        "≠" | "!=" => "is not equal to".into(),
        "≥" | ">=" => "at least".into(),
        "≤" | "<=" => "at most".into(),
        // "Settings > Privacy", "Edit -> Preferences": a path through menus.
        ">" | "->" | "→"
            if ctx
                .prev()
                .is_some_and(|p| p.core.starts_with(char::is_uppercase))
                && ctx
                    .core(1)
                    .is_some_and(|n| n.starts_with(char::is_uppercase)) =>
        {
            "then".into()
        }
        // "count < limit": a comparison between two phrases; "< 5 minutes"
        // has nothing before it to compare.
        "<" | ">" => {
            // Before a number ("need < 5 minutes") it is a bound, not a
            // comparison of two things.
            let operand_before = ctx.prev().is_some_and(|p| {
                p.trail.is_empty() && p.core.chars().last().is_some_and(char::is_alphanumeric)
            }) && ctx.core(1).is_none_or(|n| number(n).is_none());
            let words = if core == "<" {
                "less than"
            } else {
                "more than"
            };
            if operand_before {
                format!("is {words}")
            } else {
                words.to_string()
            }
        }
        "±" | "+/-" => "plus or minus".into(),
        "×" => "times".into(),
        "÷" => "divided by".into(),
        "→" | "->" | "=>" | "⇒" => "to".into(),
        "←" | "<-" => "from".into(),
        "≈" | "~" => "about".into(),
        "%" => "percent".into(),
        "°C" => "degrees Celsius".into(),
        "°F" => "degrees Fahrenheit".into(),
        // "2000 / 64": a division between two numbers.
        "/" if ctx.prev().is_some_and(|p| number(p.core).is_some())
            && ctx.core(1).is_some_and(|n| number(n).is_some()) =>
        {
            "divided by".into()
        }
        "*" | "**" | "***" | "†" | "‡" | "™" | "®" | "©" | "#" | "|" | "/" | "\\" => {
            String::new()
        }
        _ => {
            if let Some(n) = core.strip_prefix('#').filter(|n| is_digits(n)) {
                // Issue and ticket numbers are serials: "number twelve
                // thirty-four", never "one thousand two hundred…".
                format!("number {}", super::numbers::serial(n))
            } else if let Some(w) = core.strip_prefix('#').filter(|w| {
                w.chars().next().is_some_and(char::is_alphabetic)
                    && w.chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            }) {
                // A channel or tag: "#ops" is said "ops".
                w.replace(['-', '_'], " ")
            } else if let Some(n) = core.strip_prefix(['~', '≈']) {
                format!("about {}", number(n)?)
            } else if let Some(n) = core.strip_prefix(['≥']).or_else(|| core.strip_prefix(">=")) {
                format!("at least {}", number(n)?)
            } else if let Some(n) = core.strip_prefix(['≤']).or_else(|| core.strip_prefix("<=")) {
                format!("at most {}", number(n)?)
            } else if let Some(n) = core.strip_prefix(['±']) {
                format!("plus or minus {}", number(n)?)
            } else if let Some(n) = core.strip_prefix('+').filter(|n| is_digits(n)) {
                format!("plus {}", cardinal(n))
            } else if let Some((whole, part)) = vulgar_fraction(core) {
                match whole {
                    "" => part.to_string(),
                    w => format!("{} and {}", number(w)?, with_article(part)),
                }
            } else if let Some(n) = core.strip_suffix('+').filter(|n| number(n).is_some()) {
                // "200+ racks": "two hundred plus racks".
                format!("{} plus", number(n)?)
            } else if let Some((a, b)) = core.split_once('×').or_else(|| {
                core.split_once('x')
                    .filter(|(a, b)| is_digits(a) && is_digits(b))
            }) {
                format!("{} by {}", number(a)?, number(b)?)
            } else if let Some(w) = core.strip_suffix(['™', '®', '©', '*', '†', '‡']) {
                if w.is_empty() || w.ends_with(['™', '®', '©', '*', '†', '‡']) {
                    return None;
                }
                w.to_string()
            } else if let Some(w) = core.strip_prefix('*').and_then(|w| w.strip_suffix('*')) {
                w.to_string()
            } else {
                return None;
            }
        }
    };
    Some(Hit::new(1, text, "symbol"))
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
    let spoken = super::identifiers::speak(core)
        .split(' ')
        .map(|w| {
            if is_digits(w) {
                super::numbers::serial(w)
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
            super::numbers::serial(run)
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
    use super::super::engine::apply;
    use super::*;

    #[test]
    fn rules_alone() {
        assert_eq!(apply(&acronym, "the API's limits"), "the A-P-I's limits");
        assert_eq!(apply(&acronym, "I said"), "I said");
        assert_eq!(
            apply(&abbreviation, "apples, etc. Then"),
            "apples, et cetera. Then"
        );
        assert_eq!(apply(&abbreviation, "e.g., this"), "for example, this");
        assert_eq!(apply(&slashed, "and/or"), "and or");
        assert_eq!(
            apply(&email_or_handle, "ada@example.com"),
            "ada at example dot com"
        );
        assert_eq!(apply(&identifier, "HashMap"), "Hash Map");
    }
}
