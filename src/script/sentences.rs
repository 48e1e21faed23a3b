//! Sentence splitting and the segment length budget.
//!
//! A split needs a terminator (`.`, `?`, `!`, `…`), optional closing quotes or
//! brackets, white space, and then something that can start a sentence (a
//! capital, a digit, an opening quote). The word before a full stop vetoes
//! the split when it is an abbreviation ("Dr.", "e.g.", "U.S.", "No. 5").

/// Abbreviations (lowercase, without the final dot) after which a full stop
/// does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "fig", "figs", "approx", "cf", "al",
    "mt", "gen", "col", "lt", "sgt", "rev", "hon", "capt", "cpt", "gov", "sen", "rep", "ft", "ave",
    "blvd", "dept", "est", "vol", "ch", "sec", "pp", "ed", "eds", "op", "nr",
];

/// Abbreviations that do not end a sentence only when a number follows.
const BEFORE_NUMBERS: &[&str] = &["no", "p", "pt", "art", "ver", "v"];

pub fn split(text: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut quote_depth = 0i32;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        match c {
            '“' => quote_depth += 1,
            '”' => quote_depth = (quote_depth - 1).max(0),
            _ => {}
        }
        let is_ellipsis = c == '…' || (c == '.' && text[pos..].starts_with("..."));
        if !matches!(c, '.' | '?' | '!' | '…') {
            i += 1;
            continue;
        }
        // The end of the terminator run, closing quotes and brackets included.
        let mut j = i + 1;
        while j < chars.len()
            && matches!(
                chars[j].1,
                '.' | '?' | '!' | '…' | '"' | '\'' | '”' | '’' | ')' | ']'
            )
        {
            if chars[j].1 == '”' {
                quote_depth = (quote_depth - 1).max(0);
            }
            j += 1;
        }
        let followed_by_space = j < chars.len() && chars[j].1.is_whitespace();
        if !followed_by_space {
            i = j;
            continue;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k == chars.len() {
            break;
        }
        let next = chars[k].1;
        let starts_sentence = next.is_uppercase()
            || next.is_ascii_digit()
            || matches!(next, '“' | '"' | '‘' | '(' | '[' | '¡' | '¿');
        let vetoed = (c == '.' && !is_ellipsis && abbreviation_before(text, pos, next))
            || (is_ellipsis && quote_depth > 0);
        if starts_sentence && !vetoed {
            let end = chars[j].0;
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                out.push(sentence.to_string());
            }
            start = chars[k].0;
        }
        i = k;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// Is the word ending at the full stop at `dot` an abbreviation?
fn abbreviation_before(text: &str, dot: usize, next: char) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '“' | '"' | '‘'))
        .map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    // Single-letter dotted abbreviations: e.g, i.e, U.S, a.m (but a.m. and
    // p.m. end a sentence when a capital follows).
    let parts: Vec<&str> = lower.split('.').collect();
    if parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
    {
        return !(matches!(lower.as_str(), "a.m" | "p.m") && next.is_uppercase());
    }
    // An initial: "J. Smith".
    let mut wc = word.chars();
    if let (Some(first), None) = (wc.next(), wc.next()) {
        if first.is_uppercase() {
            return true;
        }
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    BEFORE_NUMBERS.contains(&lower.as_str()) && next.is_ascii_digit()
}

/// Splits `text` into pieces of at most `budget` characters, each at the best
/// clause boundary available: `;`, then `:`, then a dash, then `,`, then a
/// space. A boundary in the first third of the budget is not used, so no
/// piece is a stub.
pub fn fit(text: &str, budget: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > budget {
        let limit = rest
            .char_indices()
            .nth(budget)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let window = &rest[..limit];
        let floor = window
            .char_indices()
            .nth(budget / 3)
            .map(|(i, _)| i)
            .unwrap_or(0);
        let cut = ["; ", ": ", " — ", "— ", " – ", ", "]
            .iter()
            .find_map(|sep| {
                window
                    .rfind(sep)
                    .filter(|&p| p >= floor)
                    .map(|p| p + sep.trim_end().len())
            })
            .or_else(|| window.rfind(' ').filter(|&p| p >= floor))
            .unwrap_or(limit);
        let (head, tail) = rest.split_at(cut);
        out.push(head.trim().to_string());
        rest = tail.trim_start();
    }
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_terminators() {
        assert_eq!(
            split("One. Two? Three! Four"),
            ["One.", "Two?", "Three!", "Four"]
        );
        assert_eq!(
            split("He said “Stop.” Then he left."),
            ["He said “Stop.”", "Then he left."]
        );
        assert_eq!(split("Wait... What now?"), ["Wait...", "What now?"]);
        assert_eq!(
            split("It ended (finally.) Next one."),
            ["It ended (finally.)", "Next one."]
        );
        assert_eq!(
            split("Done. 2026 was a good year."),
            ["Done.", "2026 was a good year."]
        );
    }

    #[test]
    fn does_not_split_inside_abbreviations_and_numbers() {
        assert_eq!(
            split("Use tools, e.g. Make and Cargo."),
            ["Use tools, e.g. Make and Cargo."]
        );
        assert_eq!(
            split("Ask Dr. Smith about it."),
            ["Ask Dr. Smith about it."]
        );
        assert_eq!(split("The U.S. Army agreed."), ["The U.S. Army agreed."]);
        assert_eq!(
            split("It is 3.5 times faster."),
            ["It is 3.5 times faster."]
        );
        assert_eq!(
            split("We run v4.13.0 today. Then v5."),
            ["We run v4.13.0 today.", "Then v5."]
        );
        assert_eq!(split("See No. 5 in the list."), ["See No. 5 in the list."]);
        assert_eq!(
            split("Written by J. R. Hartley."),
            ["Written by J. R. Hartley."]
        );
        assert_eq!(split("Cats vs. Dogs is old."), ["Cats vs. Dogs is old."]);
    }

    #[test]
    fn ellipsis_inside_a_quote_does_not_split() {
        assert_eq!(
            split("She wrote “wait… Really?” and stopped."),
            ["She wrote “wait… Really?” and stopped."]
        );
        assert_eq!(
            split("It trailed off… Then silence."),
            ["It trailed off…", "Then silence."]
        );
    }

    #[test]
    fn lowercase_after_stop_does_not_split() {
        assert_eq!(
            split("Call it via the CLI. or not"),
            ["Call it via the CLI. or not"]
        );
    }

    #[test]
    fn am_pm_ends_sentence_before_capital() {
        assert_eq!(
            split("We met at 9 a.m. It rained."),
            ["We met at 9 a.m.", "It rained."]
        );
        assert_eq!(
            split("We met at 9 a.m. sharp."),
            ["We met at 9 a.m. sharp."]
        );
    }

    #[test]
    fn fit_prefers_clause_boundaries() {
        let text = "alpha beta gamma delta; epsilon zeta eta theta, iota kappa lambda mu";
        let parts = fit(text, 40);
        assert_eq!(
            parts,
            [
                "alpha beta gamma delta;",
                "epsilon zeta eta theta,",
                "iota kappa lambda mu"
            ]
        );
        assert!(parts.iter().all(|p| p.chars().count() <= 40));
    }

    #[test]
    fn fit_never_exceeds_budget_even_without_spaces() {
        let long = "x".repeat(1000);
        let parts = fit(&long, 400);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.chars().count() <= 400));
        assert_eq!(parts.concat(), long);
    }

    #[test]
    fn fit_keeps_short_text_whole() {
        assert_eq!(fit("short", 400), ["short"]);
        assert!(fit("   ", 400).is_empty());
    }
}
