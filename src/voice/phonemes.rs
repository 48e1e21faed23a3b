//! Phonemes → model input ids, as Piper does: `^`, `_`, then each phoneme
//! followed by `_`, then `$`. A phoneme the voice does not know is skipped
//! and counted, so a caller can report it rather than fail the segment.

use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct IdMap {
    ids: HashMap<char, Vec<i64>>,
    bos: Vec<i64>,
    eos: Vec<i64>,
    pad: Vec<i64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ids {
    pub ids: Vec<i64>,
    /// Phonemes missing from the map, in order of appearance.
    pub missing: Vec<char>,
}

impl IdMap {
    /// From a voice JSON's `phoneme_id_map` (keys are single codepoints).
    pub fn new(map: &HashMap<String, Vec<i64>>) -> IdMap {
        let get = |k: &str| map.get(k).cloned().unwrap_or_default();
        let ids = map
            .iter()
            .filter_map(|(k, v)| {
                let mut chars = k.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some((c, v.clone())),
                    _ => None,
                }
            })
            .collect();
        IdMap {
            ids,
            bos: get("^"),
            eos: get("$"),
            pad: get("_"),
        }
    }

    pub fn to_ids(&self, phonemes: &str) -> Ids {
        let mut out = Ids::default();
        out.ids.extend(&self.bos);
        out.ids.extend(&self.pad);
        for c in phonemes.chars() {
            match self.ids.get(&c) {
                Some(id) => {
                    out.ids.extend(id);
                    out.ids.extend(&self.pad);
                }
                None => out.missing.push(c),
            }
        }
        out.ids.extend(&self.eos);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> IdMap {
        let m: HashMap<String, Vec<i64>> = [
            ("_", 0),
            ("^", 1),
            ("$", 2),
            (" ", 3),
            ("a", 14),
            ("b", 15),
            ("ˈ", 120),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), vec![v]))
        .collect();
        IdMap::new(&m)
    }

    #[test]
    fn interspersed_pad_as_piper() {
        // piper-phonemize 1.1.0: phoneme_ids_espeak(['a', 'b']) == [1, 0, 14, 0, 15, 0, 2]
        assert_eq!(map().to_ids("ab").ids, vec![1, 0, 14, 0, 15, 0, 2]);
    }

    #[test]
    fn missing_phonemes_are_skipped_and_counted() {
        let ids = map().to_ids("aˈxb");
        assert_eq!(ids.ids, vec![1, 0, 14, 0, 120, 0, 15, 0, 2]);
        assert_eq!(ids.missing, vec!['x']);
    }
}
