//! Symbols a voice would read as noise (emoji, arrows, footnote daggers) are
//! removed; the few that carry meaning become words. Typographic quotes and
//! dashes stay: the phonemizer turns them into pauses. The rules here
//! read what is left in a token: `#5`, `~5`, `≥`, `½`, `and/or`.

use super::engine::{Ctx, Hit};
use super::spoken::{cardinal, is_digits, number};

/// Removes decorative characters and names the meaningful ones.
pub fn clean(text: &str) -> String {
    // An editor's elision, "[…]", is a pause like the ellipsis it holds.
    let elided;
    let text = if text.contains("[…]") || text.contains("[...]") {
        elided = text.replace("[…]", "…").replace("[...]", "…");
        elided.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A terminal's colour code pasted from a log ("ESC[31m"): the
        // sequence goes whole, or "[31m" would be read as "thirty-one metres".
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            while chars.next_if(|c| c.is_ascii_digit() || *c == ';').is_some() {}
            chars.next_if(char::is_ascii_alphabetic);
            out.push(' ');
            continue;
        }
        match c {
            // Footnote marks left in prose, backlink arrows, bullets.
            '†' | '‡' | '↩' | '↑' | '⤴' | '•' | '·' | '¶' | '§' => out.push(' '),
            '&' => out.push_str(" and "),
            // Arrows that mean "to" become their own token for the rules.
            '→' | '⇒' | '⟶' => out.push_str(" → "),
            '\u{a0}' | '\u{2009}' | '\u{202f}' | '\t' | '\n' | '\r' => out.push(' '),
            // The replacement character stands for text that was lost.
            '\u{fffd}' => out.push(' '),
            // Zero-width characters and variation selectors.
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}' => {}
            // Bidi embeddings and overrides steer display, not speech.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            // NUL, escape sequences and other controls: the phonemizer takes
            // C strings, and a NUL would cut the sentence short.
            c if c.is_control() => out.push(' '),
            c if is_decorative(c) => out.push(' '),
            // Runs of the same punctuation ("!!!", ",,") say nothing more.
            // ("::" is a path separator in code, kept for the code rules.)
            '!' | '?' | ',' | ';' if prev == Some(c) => {}
            _ => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// Emoji and pictographs, dingbats, arrows, box drawing, geometric shapes.
fn is_decorative(c: char) -> bool {
    matches!(c as u32,
        0x2190..=0x21FF      // arrows
        | 0x2500..=0x25FF    // box drawing, block elements, geometric shapes
        | 0x2600..=0x27BF    // misc symbols, dingbats
        | 0x2B00..=0x2BFF    // misc symbols and arrows
        | 0x1F000..=0x1FAFF  // emoji, pictographs, flags
        | 0xE0020..=0xE007F  // tag characters
    )
}

/// Collapses white space and removes spaces before closing punctuation, which
/// removed markers (footnote refs, emoji) leave behind.
pub fn tidy_spacing(text: &str) -> String {
    // Brackets left empty by what was removed from them (inline code a feed
    // dropped, an emoji) say nothing: "the default ( )." → "the default.".
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let collapsed = if collapsed.contains("( )")
        || collapsed.contains("()")
        || collapsed.contains("[ ]")
        || collapsed.contains("[]")
    {
        collapsed
            .replace("( )", "")
            .replace("()", "")
            .replace("[ ]", "")
            .replace("[]", "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        collapsed
    };
    let mut out = String::with_capacity(collapsed.len());
    let mut chars = collapsed.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' '
            && matches!(
                chars.peek(),
                Some('.' | ',' | ';' | ':' | '!' | '?' | ')' | '”' | '’' | '…')
            )
        {
            // "word ." → "word."; an ellipsis hugs its word too.
            continue;
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// `CI/CD` → "C-I C-D", `and/or` → "and or", `client/server` → "client
/// server": a slash between words is read as a pause, not "slash".
pub fn slashed(ctx: &Ctx, say: &dyn Fn(&str) -> String) -> Option<Hit> {
    let core = ctx.core(0)?;
    if !core.contains('/') || core.contains("//") {
        return None;
    }
    // A trailing slash is the name's, not a path's: `e/OS/`.
    let body = core
        .strip_suffix('/')
        .filter(|b| b.contains('/'))
        .unwrap_or(core);
    let parts: Vec<&str> = body.split('/').collect();
    if parts.len() > 4
        || parts.iter().any(|p| {
            p.is_empty()
                || !p
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’')
        })
    {
        return None;
    }
    if parts.iter().all(|p| is_digits(p)) {
        return None;
    }
    // Each name as prose says it: the lexicon, the acronym decision
    // (`npm/yarn's` → "N-P-M yarn's", `CI/CD` → "C-I C-D").
    let words: Vec<String> = parts.iter().map(|p| say(p)).collect();
    Some(Hit::new(1, words.join(" "), "slash"))
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
                format!("number {}", super::spoken::serial(n))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn both(s: &str) -> String {
        tidy_spacing(&clean(s))
    }

    #[test]
    fn emoji_and_arrows_are_removed() {
        assert_eq!(both("Shipped it 🚀🎉 today ↩"), "Shipped it today");
        assert_eq!(
            both("Build ✅ passed → deploy"),
            "Build passed → deploy",
            "the arrow is left for the symbol rule"
        );
        assert_eq!(both("Family 👨\u{200d}👩\u{200d}👧 trip"), "Family trip");
    }

    #[test]
    fn meaningful_symbols_become_words() {
        assert_eq!(both("Tea & toast"), "Tea and toast");
        assert_eq!(both("the default ( ). Then"), "the default. Then");
        assert_eq!(both("a (b) c"), "a (b) c");
    }

    #[test]
    fn terminal_colour_codes_go_whole() {
        assert_eq!(
            both("escape \u{1b}[31mred\u{1b}[0m text \u{1b}[1;32mok"),
            "escape red text ok"
        );
        // A lone escape is a control like any other.
        assert_eq!(both("a\u{1b}b"), "a b");
    }

    #[test]
    fn quotes_and_dashes_stay() {
        assert_eq!(
            both("It “works” — mostly – fine"),
            "It “works” — mostly – fine"
        );
    }

    #[test]
    fn spacing_and_repeats() {
        assert_eq!(both("Really !!!  Yes ,  sure ."), "Really! Yes, sure.");
        assert_eq!(both("a\u{a0}b\tc\n d"), "a b c d");
    }

    #[test]
    fn slashes_and_symbols_as_rules() {
        use super::super::engine::apply;
        use super::super::spoken::letters;
        let say = |p: &str| {
            if p.len() >= 2 && p.chars().all(|c| c.is_ascii_uppercase()) {
                letters(p)
            } else {
                p.to_string()
            }
        };
        let slashed = |c: &Ctx| slashed(c, &say);
        assert_eq!(apply(&slashed, "and/or"), "and or");
        assert_eq!(apply(&slashed, "CI/CD"), "C-I C-D");
        assert_eq!(apply(&slashed, "e/OS/"), "e O-S");
        assert_eq!(apply(&symbol, "~5 tries"), "about five tries");
        assert_eq!(apply(&symbol, "2¾ cups"), "two and three quarters cups");
    }
}
