//! Text → misaki's phonemes, as misaki itself does it: word by word, from
//! the lexicon first (`lexicon`), espeak-ng for a word it lacks (mapped by
//! `misaki`), right to left so that "the", "to", "in" know whether the
//! next word starts with a vowel. Punctuation Kokoro knows is kept where
//! it stands; inline `[[ phonemes ]]` (the lexicon of narrate, spelled
//! initialisms) pass through the mapping.

use super::lexicon::Lexicon;
use super::misaki::{self, Accent};
use crate::voice::espeak::{self, Espeak, Piece};
use crate::voice::VoiceError;

/// Punctuation Kokoro's vocabulary has, kept as written.
const KEPT: &str = ";:,.!?—…\"“”()";
/// Consonants in misaki's set (for the next word's first sound).
const CONSONANTS: &str = "bdfhjklmnpstvwzðŋɡɹɾʃʒʤʧθT";
const VOWELS: &str = "AIOQWYaiuæɑɒɔəɛɜɪʊʌᵻɐ";

#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    /// A word (letters, digits, inner apostrophes and hyphens).
    Word(&'a str),
    /// Punctuation the model knows.
    Punct(char),
    /// Phonemes written inline, already in misaki's symbols.
    Phonemes(String),
}

/// One segment's phonemes in misaki's symbols.
pub fn phonemize(
    espeak: &Espeak,
    lexicon: &Lexicon,
    text: &str,
    accent: Accent,
) -> Result<String, VoiceError> {
    // (token, whitespace after it)
    let mut tokens: Vec<(Token, bool)> = Vec::new();
    for piece in espeak::pieces(text) {
        match piece {
            Piece::Text(t) => tokenize(t, &mut tokens),
            Piece::Phonemes(p) => {
                let mapped = misaki::from_espeak(&espeak::tie(p), accent);
                tokens.push((Token::Phonemes(mapped), true));
            }
        }
    }
    let voice = accent.espeak_voice();
    let mut said: Vec<String> = vec![String::new(); tokens.len()];
    let mut next_vowel: Option<bool> = None;
    for (i, (token, _)) in tokens.iter().enumerate().rev() {
        let ps = match token {
            Token::Punct(c) => c.to_string(),
            Token::Phonemes(p) => p.clone(),
            Token::Word(w) => match word(lexicon, w, next_vowel) {
                Some(ps) => ps,
                None => fallback(espeak, w, voice, accent)?,
            },
        };
        next_vowel = first_sound(&ps).unwrap_or(next_vowel);
        said[i] = ps;
    }
    let mut out = String::new();
    for ((_, space), ps) in tokens.iter().zip(said) {
        out.push_str(&ps);
        if *space && !ps.is_empty() {
            out.push(' ');
        }
    }
    Ok(out.trim_end().to_string())
}

/// A word from the lexicon; a hyphenated one whole, else part by part.
fn word(lexicon: &Lexicon, w: &str, next_vowel: Option<bool>) -> Option<String> {
    if let Some(ps) = lexicon.word(w, next_vowel) {
        return Some(ps);
    }
    if !w.contains('-') {
        return None;
    }
    let parts: Vec<&str> = w.split('-').filter(|p| !p.is_empty()).collect();
    let mut out = String::new();
    for (k, p) in parts.iter().enumerate() {
        let next = if k + 1 < parts.len() {
            None
        } else {
            next_vowel
        };
        out.push_str(&lexicon.word(p, next)?);
    }
    Some(out)
}

/// A word the lexicon lacks: espeak-ng alone on it, mapped, as misaki's
/// own fallback does.
fn fallback(espeak: &Espeak, w: &str, voice: &str, accent: Accent) -> Result<String, VoiceError> {
    let ipa = espeak.phonemize_tied(w, voice)?.join(" ");
    let ipa = ipa.trim().trim_end_matches(['.', ',', '?', '!', ';', ':']);
    Ok(misaki::from_espeak(ipa, accent))
}

/// Whether phonemes start with a vowel; `Some(None)` at clause punctuation
/// (nothing follows in the clause), `None` when they say nothing.
fn first_sound(ps: &str) -> Option<Option<bool>> {
    ps.chars().find_map(|c| {
        if VOWELS.contains(c) {
            Some(Some(true))
        } else if CONSONANTS.contains(c) {
            Some(Some(false))
        } else if KEPT.contains(c) && !"\"“”".contains(c) {
            Some(None)
        } else {
            None
        }
    })
}

fn tokenize<'a>(text: &'a str, out: &mut Vec<(Token<'a>, bool)>) {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            if let Some(last) = out.last_mut() {
                last.1 = true;
            }
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let inner = matches!(d, '\'' | '’' | '-')
                    && text[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if d.is_alphanumeric() || inner {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push((Token::Word(&text[i..end]), false));
        } else if KEPT.contains(c) {
            out.push((Token::Punct(c), false));
        } else if c == '-' || c == '–' {
            // A dash between words is a pause.
            out.push((Token::Punct('—'), false));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_punctuation_keep_their_places() {
        let mut t = Vec::new();
        tokenize("Hello, world — it's well-known (really).", &mut t);
        let words: Vec<_> = t.iter().map(|(k, s)| (k.clone(), *s)).collect();
        assert_eq!(
            words,
            [
                (Token::Word("Hello"), false),
                (Token::Punct(','), true),
                (Token::Word("world"), true),
                (Token::Punct('—'), true),
                (Token::Word("it's"), true),
                (Token::Word("well-known"), true),
                (Token::Punct('('), false),
                (Token::Word("really"), false),
                (Token::Punct(')'), false),
                (Token::Punct('.'), false),
            ]
        );
    }

    #[test]
    fn the_next_sound_is_read_from_phonemes() {
        assert_eq!(first_sound("ˈæpᵊl"), Some(Some(true)));
        assert_eq!(first_sound("dˈɔɡ"), Some(Some(false)));
        assert_eq!(first_sound(","), Some(None));
        assert_eq!(first_sound("“"), None);
    }
}
