//! espeak-ng IPA → misaki's phoneme set, the set Kokoro-82M was trained on.
//!
//! misaki (Kokoro's own phonemizer) falls back to espeak-ng for words it
//! does not know and maps espeak's IPA into its set: diphthongs and
//! affricates become single symbols (`a^ɪ` → `I`, `d^ʒ` → `ʤ`), `r` is `ɹ`,
//! `ɚ` is `əɹ`, the US flap is `T`, length marks go. The mapping needs
//! espeak's output with ties (`^` joining the two halves of a diphthong or
//! affricate), which `espeak.rs` asks for in Kokoro's mode. The rules are
//! data, applied in order, each over the output of the one before: the
//! order matters (`e^ɪ` before `e`; `ɜːɹ` before `ɜː` before dropping `ː`).
//! Verified against misaki 0.9.4's table (docs/src/kokoro-research.md).

/// The accent of the voice: American voices (af_, am_) or British (bf_, bm_).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Accent {
    American,
    British,
}

impl Accent {
    /// The espeak-ng voice misaki falls back to for this accent, by the
    /// name espeak's C API selects (`en` is the British voice, language
    /// en-gb; the API knows no voice named `en-gb`).
    pub fn espeak_voice(self) -> &'static str {
        match self {
            Accent::American => "en-us",
            Accent::British => "en",
        }
    }

    /// The accent of a Kokoro voice by its name's first letter (`af_heart`:
    /// American, `bf_emma`: British), as the voice tables are named.
    pub fn of_voice(name: &str) -> Option<Accent> {
        match name
            .strip_prefix("kokoro-")
            .unwrap_or(name)
            .chars()
            .next()?
        {
            'a' => Some(Accent::American),
            'b' => Some(Accent::British),
            _ => None,
        }
    }
}

/// Rules for both accents, in order: misaki's table, longest first.
const COMMON: &[(&str, &str)] = &[
    ("ʔˌn\u{329}", "ʔn"),
    ("ʔn\u{329}", "ʔn"),
    ("a^ɪ", "I"),
    ("a^ʊ", "W"),
    ("d^ʒ", "ʤ"),
    ("e^ɪ", "A"),
    ("t^ʃ", "ʧ"),
    ("ɔ^ɪ", "Y"),
    ("ə^l", "ᵊl"),
    ("ʲo", "jo"),
    ("ʲə", "jə"),
    ("e", "A"),
    ("ʲ", ""),
    ("ɚ", "əɹ"),
    ("r", "ɹ"),
    ("x", "k"),
    ("ç", "k"),
    ("ɐ", "ə"),
    ("ɬ", "l"),
    ("\u{303}", ""),
];

/// American: the GOAT diphthong, the r-coloured NURSE vowel, no length.
const AMERICAN: &[(&str, &str)] = &[
    ("o^ʊ", "O"),
    ("ɜːɹ", "ɜɹ"),
    ("ɜː", "ɜɹ"),
    ("ɪə", "iə"),
    ("ː", ""),
];

/// British: misaki's own rules (its `e^ə` rule never fires, since `e` is
/// already `A` by then; kept to match misaki).
const BRITISH: &[(&str, &str)] = &[("e^ə", "ɛː"), ("iə", "ɪə"), ("ə^ʊ", "Q")];

/// Both accents, last: any other `o`, the flap, the glottal stop, ties.
const LAST: &[(&str, &str)] = &[("o", "ɔ"), ("ɾ", "T"), ("ʔ", "t"), ("^", "")];

/// Whole words whose espeak form misaki's lexicon says otherwise, measured
/// on the sample prose (1,039 sentences): the article "a" (and "an", "am")
/// keeps espeak's `ɐ` where rule `ɐ → ə` would drop it (misaki: ɐ in 532
/// of 534). Checked before the rules.
const KEPT: &[&str] = &["ɐ", "ɐn", "ɐm"];

/// …and after them: the pronoun "I" has secondary stress, "the" before a
/// vowel is `ði`.
const RESPELT: &[(&str, &str)] = &[("I", "ˌI"), ("ðɪ", "ði")];

/// `ə^l` … with ties → misaki's symbols, word by word (no rule spans a
/// space), with the whole-word exceptions above.
pub fn from_espeak(ipa: &str, accent: Accent) -> String {
    let mut out = String::with_capacity(ipa.len());
    for (i, word) in ipa.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // Clause punctuation stays outside the word.
        let end = word
            .trim_end_matches(|c: char| c.is_ascii_punctuation() || "—…“”".contains(c))
            .len();
        let (core, punct) = word.split_at(end);
        if KEPT.contains(&core) {
            out.push_str(core);
        } else {
            let mapped = map_word(core, accent);
            match RESPELT.iter().find(|(from, _)| *from == mapped) {
                Some((_, to)) => out.push_str(to),
                None => out.push_str(&mapped),
            }
        }
        out.push_str(punct);
    }
    out
}

fn map_word(ipa: &str, accent: Accent) -> String {
    // espeak's r-coloured schwa before an r (battery bˈæɾɚɹi) is one r in
    // misaki (bˈæTəɹi), not the two rule `ɚ → əɹ` would leave.
    let mut s = ipa.replace("ɚɹ", "əɹ");
    for (from, to) in COMMON {
        s = s.replace(from, to);
    }
    s = syllabic(&s);
    let accent_rules = match accent {
        Accent::American => AMERICAN,
        Accent::British => BRITISH,
    };
    for (from, to) in accent_rules.iter().chain(LAST) {
        s = s.replace(from, to);
    }
    s
}

/// A syllabic consonant (`n̩`, U+0329 after it) gets a schwa before it;
/// a stray mark goes.
fn syllabic(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if chars.get(i + 1) == Some(&'\u{329}') && !c.is_whitespace() {
            out.push('ᵊ');
            out.push(c);
            i += 2;
        } else {
            if c != '\u{329}' {
                out.push(c);
            }
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voice::kokoro::vocab::ids;

    #[test]
    fn each_rule_on_a_word() {
        for (espeak, misaki) in [
            ("bˈʌʔn̩", "bˈʌtn"),
            ("lˈɪɾə^l", "lˈɪTᵊl"),
            ("hˈɛ^ɹ", "hˈɛɹ"),
            ("nˈɪ^ɹ", "nˈɪɹ"),
            ("t^ʃˈɜːt^ʃ", "ʧˈɜɹʧ"),
            ("d^ʒˈʌd^ʒ", "ʤˈʌʤ"),
            ("bˈɔ^ɪ", "bˈY"),
            ("hˈa^ʊ", "hˈW"),
            ("mˈa^ɪ", "mˈI"),
            ("dˈe^ɪ", "dˈA"),
            ("ɡˈo^ʊ", "ɡˈO"),
            ("bˈɜːd", "bˈɜɹd"),
            ("bˈʌɾɚ", "bˈʌTəɹ"),
            ("tˈʊ^ɹ", "tˈʊɹ"),
            ("fˈa^ɪ^ɚ", "fˈIəɹ"),
            ("ˈa^ʊɚ", "ˈWəɹ"),
            ("kjˈuːt", "kjˈut"),
            ("ˈʌni^ən", "ˈʌniən"),
            ("kˈɜːtən", "kˈɜɹtən"),
            ("mˈa^ʊntɪn", "mˈWntɪn"),
        ] {
            assert_eq!(from_espeak(espeak, Accent::American), misaki, "{espeak}");
        }
        assert_eq!(from_espeak("ɡˈə^ʊ", Accent::British), "ɡˈQ");
        assert_eq!(
            from_espeak("hˈe^ə", Accent::British),
            "hˈAə",
            "as misaki does"
        );
        assert_eq!(from_espeak("wˈɔːtə", Accent::British), "wˈɔːtə");
    }

    #[test]
    fn whole_words_misaki_says_otherwise() {
        let us = |s| from_espeak(s, Accent::American);
        // The article keeps espeak's ɐ; ɐ inside a word ("than") does not.
        assert_eq!(us("ɪz ɐ tˈɛst."), "ɪz ɐ tˈɛst.");
        assert_eq!(us("ɐn ˈæpəl, ɐm"), "ɐn ˈæpəl, ɐm");
        assert_eq!(us("mˈɔːɹ ðɐn"), "mˈɔɹ ðən");
        // The pronoun I, "the" before a vowel, punctuation kept outside.
        assert_eq!(us("a^ɪ θˈɪŋk"), "ˌI θˈɪŋk");
        assert_eq!(us("ðɪ ˈɛnd, ðɪ."), "ði ˈɛnd, ði.");
        assert_eq!(us("mˈa^ɪ"), "mˈI", "a stressed I is another word");
        // One r where espeak writes ɚ before r (battery, around).
        assert_eq!(us("bˈæɾɚɹi"), "bˈæTəɹi");
        assert_eq!(us("ɚɹˈa^ʊnd"), "əɹˈWnd");
    }

    /// Sentences whose espeak-ng 1.51 output (with ties), mapping and ids
    /// were produced once with the reference tools (docs/src/kokoro-research.md).
    #[test]
    fn golden_sentences() {
        let golden: &[(&str, &str, &[i64])] = &[
            (
                "həlˈo^ʊ wˈɜːld, ðɪs ɪz ɐ tˈɛst.",
                "həlˈO wˈɜɹld, ðɪs ɪz ɐ tˈɛst.",
                &[
                    50, 83, 54, 156, 31, 16, 65, 156, 87, 123, 54, 46, 3, 16, 81, 102, 61, 16, 102,
                    68, 16, 70, 16, 62, 156, 86, 61, 62, 4,
                ],
            ),
            (
                "ðə kwˈɪk bɹˈa^ʊn fˈɑːks d^ʒˈʌmps ˌo^ʊvɚ ðə lˈe^ɪzi dˈɑːɡ.",
                "ðə kwˈɪk bɹˈWn fˈɑks ʤˈʌmps ˌOvəɹ ðə lˈAzi dˈɑɡ.",
                &[
                    81, 83, 16, 53, 65, 156, 102, 53, 16, 44, 123, 156, 39, 56, 16, 48, 156, 69,
                    53, 61, 16, 82, 156, 138, 55, 58, 61, 16, 157, 31, 64, 83, 123, 16, 81, 83, 16,
                    54, 156, 24, 68, 51, 16, 46, 156, 69, 92, 4,
                ],
            ),
            (
                "wˌa^ɪ dˈɪd ðə bˈɔ^ɪ t^ʃˈuːz ɐ bˈɪɡɚ bˈo^ʊt?",
                "wˌI dˈɪd ðə bˈY ʧˈuz ɐ bˈɪɡəɹ bˈOt?",
                &[
                    65, 157, 25, 16, 46, 156, 102, 46, 16, 81, 83, 16, 44, 156, 41, 16, 133, 156,
                    63, 68, 16, 70, 16, 44, 156, 102, 92, 83, 123, 16, 44, 156, 31, 62, 6,
                ],
            ),
            (
                "bˈɛɾɚ wˈɔːɾɚ mˌe^ɪks ɐ lˈɪɾə^l dˈɪfɹəns, dˈʌzənt ɪt?",
                "bˈɛTəɹ wˈɔTəɹ mˌAks ɐ lˈɪTᵊl dˈɪfɹəns, dˈʌzənt ɪt?",
                &[
                    44, 156, 86, 36, 83, 123, 16, 65, 156, 76, 36, 83, 123, 16, 55, 157, 24, 53,
                    61, 16, 70, 16, 54, 156, 102, 36, 42, 54, 16, 46, 156, 102, 48, 123, 83, 56,
                    61, 3, 16, 46, 156, 138, 68, 83, 56, 62, 16, 102, 62, 6,
                ],
            ),
            (
                "ˌa^ʊɚ d^ʒˈɜːni θɹuː ðə klˈa^ʊd wʌz sɚpɹˈa^ɪzɪŋli smˈuːð!",
                "ˌWəɹ ʤˈɜɹni θɹu ðə klˈWd wʌz səɹpɹˈIzɪŋli smˈuð!",
                &[
                    157, 39, 83, 123, 16, 82, 156, 87, 123, 56, 51, 16, 119, 123, 63, 16, 81, 83,
                    16, 53, 54, 156, 39, 46, 16, 65, 138, 68, 16, 61, 83, 123, 58, 123, 156, 25,
                    68, 102, 112, 54, 51, 16, 61, 55, 156, 63, 81, 5,
                ],
            ),
        ];
        for (espeak, mapped, want) in golden {
            let m = from_espeak(espeak, Accent::American);
            assert_eq!(&m, mapped);
            let (got, dropped) = ids(&m);
            assert_eq!(&got, want, "{m}");
            assert!(dropped.is_empty(), "{dropped:?}");
        }
    }
}
