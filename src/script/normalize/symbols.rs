//! Symbols a voice would read as noise (emoji, arrows, footnote daggers) are
//! removed; the few that carry meaning become words. Typographic quotes and
//! dashes stay: the phonemizer turns them into pauses.

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
    for c in text.chars() {
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
}
