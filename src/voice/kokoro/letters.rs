//! Spelled-out letters (`A-P-I`, the script stage's way of saying an
//! initialism) as Kokoro needs them.
//!
//! espeak-ng gives `ˈeɪpˈiːaɪ` for `A-P-I` inside a sentence: the last
//! letter unstressed. Piper's voices were trained on exactly that and say
//! it well; Kokoro was trained on misaki, which stresses the last letter
//! (`ˌApˌiˈI`), and without that stress it says "APA" or "CIA" (measured:
//! 0 of 6 test sentences heard right by an ASR, 6 of 6 with the stress).
//! So for Kokoro a spelled run becomes inline phonemes: each letter's name
//! in espeak's IPA, secondary stress on all but the last.

use std::borrow::Cow;

use super::misaki::Accent;

/// A letter's name in espeak-ng's IPA (with the primary stress mark), for
/// the accent; ties are added later, as for any inline phonemes.
fn name(letter: char, accent: Accent) -> Option<&'static str> {
    let british = accent == Accent::British;
    Some(match letter.to_ascii_uppercase() {
        'A' => "ˈeɪ",
        'B' => "bˈiː",
        'C' => "sˈiː",
        'D' => "dˈiː",
        'E' => "ˈiː",
        'F' => "ˈɛf",
        'G' => "dʒˈiː",
        'H' => "ˈeɪtʃ",
        'I' => "ˈaɪ",
        'J' => "dʒˈeɪ",
        'K' => "kˈeɪ",
        'L' => "ˈɛl",
        'M' => "ˈɛm",
        'N' => "ˈɛn",
        'O' if british => "ˈəʊ",
        'O' => "ˈoʊ",
        'P' => "pˈiː",
        'Q' => "kjˈuː",
        'R' if british => "ˈɑː",
        'R' => "ˈɑːɹ",
        'S' => "ˈɛs",
        'T' => "tˈiː",
        'U' => "jˈuː",
        'V' => "vˈiː",
        'W' => "dˈʌbəljˌuː",
        'X' => "ˈɛks",
        'Y' => "wˈaɪ",
        'Z' if british => "zˈɛd",
        'Z' => "zˈiː",
        _ => return None,
    })
}

/// The spelled runs of `text` (letters, or the script's "eh" for an inner
/// A, joined by hyphens: `A-P-I`, `F-eh-Q`) as `[[ phonemes ]]`; a
/// following `s` or `'s` becomes a final `z`. Other text is unchanged.
pub fn respell(text: &str, accent: Accent) -> Cow<'_, str> {
    if !text.contains('-') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    let mut changed = false;
    while !rest.is_empty() {
        let at_boundary = !out.ends_with(|c: char| c.is_alphanumeric() || c == '-' || c == '\'');
        if at_boundary {
            if let Some((phonemes, len)) = run(rest, accent) {
                out.push_str("[[ ");
                out.push_str(&phonemes);
                out.push_str(" ]]");
                rest = &rest[len..];
                changed = true;
                continue;
            }
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// A spelled run at the start of `s`: its phonemes and its length in bytes.
fn run(s: &str, accent: Accent) -> Option<(String, usize)> {
    let mut names: Vec<&str> = Vec::new();
    let mut pos = 0;
    loop {
        let tail = &s[pos..];
        let (letter, len) = if tail.starts_with("eh") {
            ('A', 2)
        } else {
            let c = tail.chars().next()?;
            if !c.is_ascii_uppercase() {
                return None;
            }
            (c, 1)
        };
        names.push(name(letter, accent)?);
        pos += len;
        if s[pos..].starts_with('-')
            && s[pos + 1..].starts_with(|c: char| c.is_ascii_uppercase() || c == 'e')
        {
            pos += 1;
            continue;
        }
        break;
    }
    // A run ends at a word's end, after a plural or possessive s.
    let mut plural = false;
    for suffix in ["'s", "’s", "s"] {
        if s[pos..].starts_with(suffix) {
            pos += suffix.len();
            plural = true;
            break;
        }
    }
    if names.len() < 2 || s[pos..].starts_with(|c: char| c.is_alphanumeric() || c == '-') {
        return None;
    }
    let last = names.len() - 1;
    let mut phonemes: String = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i < last {
                n.replace('ˈ', "ˌ")
            } else {
                n.to_string()
            }
        })
        .collect();
    if plural {
        phonemes.push('z');
    }
    Some((phonemes, pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelled_runs_stress_their_last_letter() {
        let us = Accent::American;
        assert_eq!(
            respell("The A-P-I and the C-I.", us),
            "The [[ ˌeɪpˌiːˈaɪ ]] and the [[ sˌiːˈaɪ ]]."
        );
        assert_eq!(respell("the F-eh-Q", us), "the [[ ˌɛfˌeɪkjˈuː ]]");
        assert_eq!(
            respell("two A-P-Is, the V-M's disk", us),
            "two [[ ˌeɪpˌiːˈaɪz ]], the [[ vˌiːˈɛmz ]] disk"
        );
        assert_eq!(respell("U-S-B-C", Accent::British), "[[ jˌuːˌɛsbˌiːsˈiː ]]");
        assert_eq!(respell("Z-R", Accent::British), "[[ zˌɛdˈɑː ]]");
        // Not spelled runs: words with hyphens, a lone letter, lower case.
        for text in [
            "win-win",
            "X-ray",
            "a well-known A",
            "T-shirt",
            "e-mail",
            "Wi-Fi",
            "x-y",
            "A-",
        ] {
            assert_eq!(respell(text, us), text);
        }
    }

    #[test]
    fn mapped_they_are_what_misaki_says() {
        use crate::voice::espeak::tie;
        use crate::voice::kokoro::misaki::from_espeak;
        // Inline phonemes get ties before the mapping, as g2p gives them.
        let api = respell("A-P-I", Accent::American);
        let inline = api.trim_start_matches("[[ ").trim_end_matches(" ]]");
        assert_eq!(from_espeak(&tie(inline), Accent::American), "ˌApˌiˈI");
    }
}
