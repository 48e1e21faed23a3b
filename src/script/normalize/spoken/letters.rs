//! Letters as a voice says them: "A-P-I" with hyphens so espeak names each
//! letter, and the caption's written form of such a spelling.

/// How a name before a number is said: the lexicon's respelling, letters
/// for an all-caps initialism, else the word itself. Supplied by the
/// normalizer, which holds the lexicon.
pub type SayName<'s> = &'s dyn Fn(&str) -> String;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_hyphened_and_an_inner_a_is_its_name() {
        assert_eq!(letters("API"), "A-P-I");
        assert_eq!(letters("FAQ"), "F-eh-Q");
        assert_eq!(letters("AWS"), "A-W-S");
        assert_eq!(written(&letters("FAQ")), "F-A-Q");
        assert_eq!(initialism_spelled("TLS"), "T-L-S");
        assert_eq!(initialism_spelled("Curve"), "Curve");
        assert_eq!(initialism_spelled("X"), "X");
    }
}
