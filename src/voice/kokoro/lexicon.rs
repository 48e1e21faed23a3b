//! misaki's English lexicon: how Kokoro's training data said each word.
//!
//! Kokoro-82M was trained on misaki's phonemes, and misaki takes 98% of
//! the words of ordinary prose from its lexicon (gold, then silver), not
//! from espeak-ng: measured on 1,039 sentences of sample prose, espeak
//! mapped into misaki's symbols agrees with misaki on 76% of words, the
//! lexicon on 98%. `narrate setup` installs the lexicon files from the
//! `misaki` wheel (Apache-2.0). This is a port of misaki 0.9.4's word
//! lookup (`en.Lexicon`): case folding, the stress that capitals carry,
//! the -s, -ed and -ing stems; part-of-speech tags are not used (misaki's
//! tagger is a neural model; its `DEFAULT` reading is taken), which cost
//! 0.8 points in that measurement.

use std::collections::HashMap;
use std::path::Path;

use super::misaki::Accent;

/// Stress marks, primary and secondary.
const PRIMARY: char = 'ˈ';
const SECONDARY: char = 'ˌ';
/// misaki's vowels (its diphthong letters included).
const VOWELS: &str = "AIOQWYaiuæɑɒɔəɛɜɪʊʌᵻ";
/// Vowels after which a US t is a flap (misaki's US_TAUS).
const US_TAUS: &str = "AIOWYiuæɑəɛɪɹʊʌ";

/// One accent's gold and silver dictionaries.
pub struct Lexicon {
    golds: HashMap<String, String>,
    silvers: HashMap<String, String>,
    british: bool,
}

/// A dictionary file that cannot be read or is not misaki's.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct BadLexicon {
    pub path: String,
    pub message: String,
}

impl Lexicon {
    /// Reads misaki's `*_gold.json` and `*_silver.json` for `accent`.
    pub fn load(gold: &Path, silver: &Path, accent: Accent) -> Result<Lexicon, BadLexicon> {
        Ok(Lexicon {
            golds: grow(read(gold)?),
            silvers: grow(read(silver)?),
            british: accent == Accent::British,
        })
    }

    /// A lexicon of the given entries.
    #[cfg(test)]
    fn from_entries(golds: &[(&str, &str)], accent: Accent) -> Lexicon {
        let map = |e: &[(&str, &str)]| {
            e.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        Lexicon {
            golds: grow(map(golds)),
            silvers: HashMap::new(),
            british: accent == Accent::British,
        }
    }

    fn get(&self, word: &str) -> Option<&str> {
        self.golds
            .get(word)
            .or_else(|| self.silvers.get(word))
            .map(String::as_str)
    }

    fn has(&self, word: &str) -> bool {
        self.golds.contains_key(word) || self.silvers.contains_key(word)
    }

    /// The phonemes of `word` (as written: capitals carry stress), with
    /// `next_vowel` telling whether the next word starts with a vowel
    /// (`None`: nothing follows in the sentence). `None`: not in the
    /// lexicon; the caller asks espeak.
    pub fn word(&self, word: &str, next_vowel: Option<bool>) -> Option<String> {
        let word = word.replace(['‘', '’'], "'");
        let stress = if word == word.to_lowercase() {
            None
        } else if word == word.to_uppercase() {
            Some(2.0)
        } else {
            Some(0.5)
        };
        let ps = self.get_word(&word, stress, next_vowel)?;
        Some(ps.replace('ɾ', "T").replace('ʔ', "t"))
    }

    /// Words whose reading depends on the next word, or on the role misaki's
    /// tagger would give (the article, the pronoun).
    fn special(&self, word: &str, next_vowel: Option<bool>) -> Option<String> {
        Some(match word {
            "a" | "A" => "ɐ".into(),
            "an" | "An" => "ɐn".into(),
            "am" | "Am" if next_vowel.is_some() && word == "am" => "ɐm".into(),
            "I" => format!("{SECONDARY}I"),
            "to" | "To" => match next_vowel {
                None => self.golds.get("to")?.clone(),
                Some(false) => "tə".into(),
                Some(true) => "tʊ".into(),
            },
            "in" | "In" => match next_vowel {
                None => format!("{PRIMARY}ɪn"),
                Some(_) => "ɪn".into(),
            },
            "the" | "The" => match next_vowel {
                Some(true) => "ði".into(),
                _ => "ðə".into(),
            },
            _ => return None,
        })
    }

    fn get_word(
        &self,
        word: &str,
        stress: Option<f32>,
        next_vowel: Option<bool>,
    ) -> Option<String> {
        if let Some(ps) = self.special(word, next_vowel) {
            return Some(ps);
        }
        let lower = word.to_lowercase();
        let mut word = word.to_string();
        let rest_lower = !word.chars().skip(1).any(char::is_uppercase);
        if word.chars().count() > 1
            && word.replace('\'', "").chars().all(char::is_alphabetic)
            && word != lower
            && !self.has(&word)
            && (word == word.to_uppercase() || rest_lower)
            && (self.has(&lower)
                || self.stem_s(&lower, stress).is_some()
                || self.stem_ed(&lower, stress).is_some()
                || self.stem_ing(&lower, stress).is_some())
        {
            word = lower;
        }
        if self.is_known(&word) {
            return self.lookup(&word, stress);
        }
        if let Some(stem) = word.strip_suffix("s'") {
            let possessive = format!("{stem}'s");
            if self.is_known(&possessive) {
                return self.lookup(&possessive, stress);
            }
        }
        if let Some(stem) = word.strip_suffix('\'') {
            if self.is_known(stem) {
                return self.lookup(stem, stress);
            }
        }
        self.stem_s(&word, stress)
            .or_else(|| self.stem_ed(&word, stress))
            .or_else(|| self.stem_ing(&word, Some(stress.unwrap_or(0.5))))
    }

    fn is_known(&self, word: &str) -> bool {
        if self.has(word) {
            return true;
        }
        if !word
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '-')
            || !word.chars().all(char::is_alphabetic)
        {
            return false;
        }
        let n = word.chars().count();
        if n == 1 {
            return true;
        }
        if word == word.to_uppercase() && self.golds.contains_key(&word.to_lowercase()) {
            return true;
        }
        !word.chars().skip(1).any(char::is_lowercase)
    }

    fn lookup(&self, word: &str, stress: Option<f32>) -> Option<String> {
        let mut word = word.to_string();
        if word == word.to_uppercase() && !self.golds.contains_key(&word) {
            word = word.to_lowercase();
        }
        let ps = match self.get(&word) {
            Some(ps) => ps.to_string(),
            // Known but absent: a capitalized run, said letter by letter.
            None => return self.letters(&word),
        };
        Some(apply_stress(&ps, stress))
    }

    /// A word said letter by letter, stressed on the last (misaki's NNP).
    fn letters(&self, word: &str) -> Option<String> {
        let mut ps = String::new();
        for c in word.chars().filter(|c| c.is_alphabetic()) {
            ps.push_str(self.golds.get(&c.to_uppercase().to_string())?);
        }
        let ps = apply_stress(&ps, Some(0.0));
        Some(match ps.rfind(SECONDARY) {
            Some(i) => format!("{}{PRIMARY}{}", &ps[..i], &ps[i + SECONDARY.len_utf8()..]),
            None => ps,
        })
    }

    fn stem_s(&self, word: &str, stress: Option<f32>) -> Option<String> {
        if word.len() < 3 || !word.ends_with('s') {
            return None;
        }
        let n = word.len();
        let stem = if !word.ends_with("ss") && self.is_known(&word[..n - 1]) {
            word[..n - 1].to_string()
        } else if (word.ends_with("'s")
            || (n > 4 && word.ends_with("es") && !word.ends_with("ies")))
            && self.is_known(&word[..n - 2])
        {
            word[..n - 2].to_string()
        } else if n > 4 && word.ends_with("ies") && self.is_known(&format!("{}y", &word[..n - 3])) {
            format!("{}y", &word[..n - 3])
        } else {
            return None;
        };
        let ps = self.lookup(&stem, stress)?;
        let last = ps.chars().last()?;
        Some(if "ptkfθ".contains(last) {
            format!("{ps}s")
        } else if "szʃʒʧʤ".contains(last) {
            format!("{ps}{}z", if self.british { 'ɪ' } else { 'ᵻ' })
        } else {
            format!("{ps}z")
        })
    }

    fn stem_ed(&self, word: &str, stress: Option<f32>) -> Option<String> {
        if word.len() < 4 || !word.ends_with('d') {
            return None;
        }
        let n = word.len();
        let stem = if !word.ends_with("dd") && self.is_known(&word[..n - 1]) {
            &word[..n - 1]
        } else if n > 4
            && word.ends_with("ed")
            && !word.ends_with("eed")
            && self.is_known(&word[..n - 2])
        {
            &word[..n - 2]
        } else {
            return None;
        };
        let ps = self.lookup(stem, stress)?;
        let chars: Vec<char> = ps.chars().collect();
        let last = *chars.last()?;
        let reduced = if self.british { 'ɪ' } else { 'ᵻ' };
        Some(if "pkfθʃsʧ".contains(last) {
            format!("{ps}t")
        } else if last == 'd' {
            format!("{ps}{reduced}d")
        } else if last != 't' {
            format!("{ps}d")
        } else if self.british || chars.len() < 2 {
            format!("{ps}ɪd")
        } else if US_TAUS.contains(chars[chars.len() - 2]) {
            format!("{}ɾᵻd", chars[..chars.len() - 1].iter().collect::<String>())
        } else {
            format!("{ps}ᵻd")
        })
    }

    fn stem_ing(&self, word: &str, stress: Option<f32>) -> Option<String> {
        if word.len() < 5 || !word.ends_with("ing") {
            return None;
        }
        let n = word.len();
        let base = &word[..n - 3];
        let doubled = {
            let b: Vec<char> = base.chars().collect();
            b.len() >= 2
                && ((b[b.len() - 1] == b[b.len() - 2]
                    && "bcdgklmnprstvxz".contains(b[b.len() - 1]))
                    || base.ends_with("ck"))
        };
        let stem = if n > 5 && self.is_known(base) {
            base.to_string()
        } else if self.is_known(&format!("{base}e")) {
            format!("{base}e")
        } else if n > 5 && doubled && self.is_known(&word[..n - 4]) {
            word[..n - 4].to_string()
        } else {
            return None;
        };
        let ps = self.lookup(&stem, stress)?;
        let chars: Vec<char> = ps.chars().collect();
        if self.british {
            if "əː".contains(*chars.last()?) {
                return None;
            }
        } else if chars.len() > 1
            && chars[chars.len() - 1] == 't'
            && US_TAUS.contains(chars[chars.len() - 2])
        {
            return Some(format!(
                "{}ɾɪŋ",
                chars[..chars.len() - 1].iter().collect::<String>()
            ));
        }
        Some(format!("{ps}ɪŋ"))
    }
}

/// misaki's `apply_stress`: `None` keeps the word's own stress; below −1
/// removes it; −1 (or 0 and −0.5 on a word with primary stress) lowers it
/// to secondary; 0 to 1 gives an unstressed word secondary stress; 1 and
/// up raises secondary to primary; above 1 gives an unstressed word primary.
pub fn apply_stress(ps: &str, stress: Option<f32>) -> String {
    let Some(stress) = stress else {
        return ps.to_string();
    };
    let has_stress = ps.contains(PRIMARY) || ps.contains(SECONDARY);
    let has_vowel = ps.chars().any(|c| VOWELS.contains(c));
    if stress < -1.0 {
        ps.replace([PRIMARY, SECONDARY], "")
    } else if stress == -1.0 || ((stress == 0.0 || stress == -0.5) && ps.contains(PRIMARY)) {
        ps.replace(SECONDARY, "")
            .replace(PRIMARY, &SECONDARY.to_string())
    } else if [0.0, 0.5, 1.0].contains(&stress) && !has_stress {
        if !has_vowel {
            return ps.to_string();
        }
        restress(&format!("{SECONDARY}{ps}"))
    } else if stress >= 1.0 && !ps.contains(PRIMARY) && ps.contains(SECONDARY) {
        ps.replace(SECONDARY, &PRIMARY.to_string())
    } else if stress > 1.0 && !has_stress {
        if !has_vowel {
            return ps.to_string();
        }
        restress(&format!("{PRIMARY}{ps}"))
    } else {
        ps.to_string()
    }
}

/// Moves each stress mark to just before the next vowel.
fn restress(ps: &str) -> String {
    let chars: Vec<char> = ps.chars().collect();
    let mut placed: Vec<(f32, char)> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == PRIMARY || c == SECONDARY {
                let j = (i..chars.len())
                    .find(|&j| VOWELS.contains(chars[j]))
                    .unwrap_or(i);
                (j as f32 - 0.5, c)
            } else {
                (i as f32, c)
            }
        })
        .collect();
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    placed.into_iter().map(|(_, c)| c).collect()
}

/// misaki's `grow_dictionary`: a lower-case entry also answers for its
/// capitalized form and a capitalized one for its lower case.
fn grow(mut d: HashMap<String, String>) -> HashMap<String, String> {
    let mut extra = Vec::new();
    for (k, v) in &d {
        if k.chars().count() < 2 {
            continue;
        }
        let lower = k.to_lowercase();
        let capitalized = capitalize(&lower);
        if *k == lower {
            if *k != capitalized {
                extra.push((capitalized, v.clone()));
            }
        } else if *k == capitalized {
            extra.push((lower, v.clone()));
        }
    }
    for (k, v) in extra {
        d.entry(k).or_insert(v);
    }
    d
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A misaki dictionary: word → phonemes, or word → {tag → phonemes} of
/// which the `DEFAULT` reading is kept.
fn read(path: &Path) -> Result<HashMap<String, String>, BadLexicon> {
    let bad = |message: String| BadLexicon {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        bad(format!(
            "cannot read misaki's lexicon ({e}); run `narrate setup` for the Kokoro voice"
        ))
    })?;
    let raw: HashMap<String, serde_json::Value> = serde_json::from_str(&text).map_err(|e| {
        bad(format!(
            "not misaki's lexicon: {e}; run `narrate setup` to install it again"
        ))
    })?;
    Ok(raw
        .into_iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k, s)),
            serde_json::Value::Object(m) => m
                .get("DEFAULT")
                .and_then(|d| d.as_str())
                .map(|s| (k, s.to_string())),
            _ => None,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us() -> Lexicon {
        Lexicon::from_entries(
            &[
                ("to", "tʊ"),
                ("cat", "kˈæt"),
                ("wait", "wˈAt"),
                ("fix", "fˈɪks"),
                ("hope", "hˈOp"),
                ("stop", "stˈɑp"),
                ("need", "nˈid"),
                ("party", "pˈɑɹTi"),
                ("A", "ˈA"),
                ("P", "pˈi"),
                ("I", "ˈI"),
            ],
            Accent::American,
        )
    }

    #[test]
    fn words_by_context_and_by_stem() {
        let l = us();
        assert_eq!(l.word("cat", None).as_deref(), Some("kˈæt"));
        // Capitalized at a sentence's start: the same word.
        assert_eq!(l.word("Cat", None).as_deref(), Some("kˈæt"));
        // The next word's first sound decides "the" and "to".
        assert_eq!(l.word("the", Some(true)).as_deref(), Some("ði"));
        assert_eq!(l.word("the", Some(false)).as_deref(), Some("ðə"));
        assert_eq!(l.word("to", Some(false)).as_deref(), Some("tə"));
        assert_eq!(l.word("to", None).as_deref(), Some("tʊ"));
        assert_eq!(l.word("a", Some(false)).as_deref(), Some("ɐ"));
        assert_eq!(l.word("I", None).as_deref(), Some("ˌI"));
        // Stems: -s after a voiceless sound, a sibilant, -ies; -ed; -ing.
        assert_eq!(l.word("cats", None).as_deref(), Some("kˈæts"));
        assert_eq!(l.word("fixes", None).as_deref(), Some("fˈɪksᵻz"));
        assert_eq!(l.word("parties", None).as_deref(), Some("pˈɑɹTiz"));
        assert_eq!(l.word("fixed", None).as_deref(), Some("fˈɪkst"));
        assert_eq!(l.word("needed", None).as_deref(), Some("nˈidᵻd"));
        // A US t after a vowel is a flap, written T as misaki does.
        assert_eq!(l.word("waited", None).as_deref(), Some("wˈATᵻd"));
        assert_eq!(l.word("waiting", None).as_deref(), Some("wˈATɪŋ"));
        assert_eq!(l.word("hoping", None).as_deref(), Some("hˈOpɪŋ"));
        assert_eq!(l.word("stopping", None).as_deref(), Some("stˈɑpɪŋ"));
        // A run of capitals not in the lexicon: letters, the last stressed.
        assert_eq!(l.word("AP", None).as_deref(), Some("ˌApˈi"));
        // Not known: the caller asks espeak.
        assert_eq!(l.word("Kubernetes", None), None);
        assert_eq!(l.word("don't", None), None);
    }

    #[test]
    fn stress_as_misaki_applies_it() {
        assert_eq!(apply_stress("kˈæt", None), "kˈæt");
        assert_eq!(apply_stress("kˈæt", Some(-2.0)), "kæt");
        assert_eq!(apply_stress("kˈæt", Some(-1.0)), "kˌæt");
        // An unstressed word gets its mark before its first vowel.
        assert_eq!(apply_stress("ðə", Some(0.5)), "ðˌə");
        assert_eq!(apply_stress("ðə", Some(2.0)), "ðˈə");
        assert_eq!(apply_stress("kˌæt", Some(2.0)), "kˈæt");
        assert_eq!(apply_stress("st", Some(2.0)), "st", "no vowel, no stress");
    }
}
