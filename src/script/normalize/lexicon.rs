//! The pronunciation lexicon: a word or phrase → a respelling the voice
//! reads right ("Kubernetes" → "koobernettease") or phonemes in Piper's
//! `[[ … ]]` form, passed straight to the voice.
//!
//! Three layers, later ones winning: the English technology lexicon shipped
//! with narrate (`lexicon-en.toml`, written and checked for this project),
//! the voice preset's `[lexicon]`, the project's `[lexicon]` in
//! pipeline.toml. A key in lower case matches any case; a key with capitals
//! matches only as written ("US" is not "us"). Longer phrases are tried
//! first, so "Visual Studio Code" wins over "Code".

use std::collections::{BTreeMap, HashMap};

use super::engine::{Ctx, Hit};

const DEFAULT: &str = include_str!("lexicon-en.toml");

#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Keys with capitals, as written → value.
    exact: HashMap<String, String>,
    /// Lower-case keys → value.
    folded: HashMap<String, String>,
    /// Keys of mixed case (product names: "Postgres", "MySQL"), lowered →
    /// value: how a name written in lower case inside a path, a command or
    /// a compound is found (`postgres-backed`, `/var/lib/mysql`).
    lowered: HashMap<String, String>,
    /// The most words any key has.
    longest: usize,
}

impl Lexicon {
    /// The shipped English lexicon.
    pub fn english() -> Lexicon {
        let table: BTreeMap<String, String> =
            toml::from_str(DEFAULT).expect("the shipped lexicon is valid TOML");
        let mut l = Lexicon::default();
        l.extend(&table);
        l
    }

    /// Adds (or overrides with) `entries`.
    pub fn extend(&mut self, entries: &BTreeMap<String, String>) {
        for (k, v) in entries {
            let key = k.split_whitespace().collect::<Vec<_>>().join(" ");
            if key.is_empty() {
                continue;
            }
            self.longest = self.longest.max(key.split(' ').count());
            if key.chars().any(char::is_uppercase) {
                if key.chars().any(char::is_lowercase) && !key.contains(' ') {
                    self.lowered
                        .insert(key.to_lowercase(), v.trim().to_string());
                }
                self.exact.insert(key, v.trim().to_string());
            } else {
                self.folded.insert(key, v.trim().to_string());
            }
        }
    }

    /// Every entry, keys as written in their layer.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.exact
            .iter()
            .chain(&self.folded)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.exact.len() + self.folded.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The respelling of one word, if the lexicon has one.
    pub fn word(&self, word: &str) -> Option<&str> {
        self.get(word)
    }

    /// The respelling of one part of a path, command or compound: as a
    /// word, or a product name written in lower case (`postgres`, `mysql`).
    pub fn part(&self, word: &str) -> Option<&str> {
        self.get(word).or_else(|| {
            word.chars()
                .all(|c| c.is_ascii_lowercase())
                .then(|| self.lowered.get(word).map(String::as_str))
                .flatten()
        })
    }

    fn get(&self, phrase: &str) -> Option<&str> {
        self.exact
            .get(phrase)
            .or_else(|| self.folded.get(&phrase.to_lowercase()))
            .map(String::as_str)
    }

    /// The rule: the longest phrase starting at this token that the lexicon
    /// knows. Inner tokens must not carry punctuation ("Visual Studio,
    /// Code" is not the phrase).
    pub fn rule(&self, ctx: &Ctx) -> Option<Hit> {
        for n in (1..=self.longest).rev() {
            let Some(toks) = ctx.toks.get(ctx.i..ctx.i + n) else {
                continue;
            };
            let inner_clean = toks[..n - 1].iter().all(|t| t.trail.is_empty())
                && toks[1..].iter().all(|t| t.lead.is_empty());
            if !inner_clean {
                continue;
            }
            let phrase = toks.iter().map(|t| t.core).collect::<Vec<_>>().join(" ");
            if let Some(v) = self.get(&phrase) {
                return Some(lexicon_hit(n, &capitalized(ctx, v)));
            }
            // Plural and possessive of a one-word entry: "PRs", "API's".
            if n == 1 {
                for suffix in ["'s", "’s", "s"] {
                    if let Some(stem) = phrase.strip_suffix(suffix).filter(|s| s.len() >= 2) {
                        if let Some(v) = self.get(stem).filter(|v| !v.starts_with("[[")) {
                            return Some(lexicon_hit(1, &format!("{v}'s")));
                        }
                    }
                }
            }
        }
        None
    }
}

/// A respelling in lower case starts a sentence with a capital, as the
/// word it replaces did.
pub(super) fn capitalized(ctx: &Ctx, value: &str) -> String {
    let starts_sentence = ctx.prev().is_none_or(|p| p.trail.contains(['.', '!', '?']));
    let word_capital = ctx
        .core(0)
        .is_some_and(|c| c.starts_with(char::is_uppercase));
    let mut chars = value.chars();
    match chars.next() {
        Some(f) if starts_sentence && word_capital && f.is_lowercase() => {
            f.to_uppercase().chain(chars).collect()
        }
        _ => value.to_string(),
    }
}

fn lexicon_hit(n: usize, value: &str) -> Hit {
    let mut h = Hit::new(n, value, "lexicon");
    h.caption = Some(String::new());
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(entries: &[(&str, &str)]) -> Lexicon {
        let mut l = Lexicon::default();
        l.extend(
            &entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        l
    }

    fn apply(l: &Lexicon, text: &str) -> String {
        super::super::engine::apply(&|ctx: &Ctx| l.rule(ctx), text)
    }

    #[test]
    fn case_longest_match_and_layers() {
        let mut l = with(&[
            ("nginx", "engine x"),
            ("US", "U-S"),
            ("Visual Studio Code", "V S Code"),
            ("Code", "kode"),
        ]);
        assert_eq!(
            apply(&l, "NGINX and Nginx, nginx."),
            "Engine x and engine x, engine x.",
            "capital at a sentence start"
        );
        assert_eq!(apply(&l, "the US and us"), "the U-S and us");
        assert_eq!(
            apply(&l, "in Visual Studio Code today"),
            "in V S Code today"
        );
        assert_eq!(apply(&l, "Visual Studio, Code"), "Visual Studio, kode");
        l.extend(
            &[("nginx".to_string(), "N jinx".to_string())]
                .into_iter()
                .collect(),
        );
        assert_eq!(apply(&l, "nginx"), "N jinx", "a later layer wins");
        assert_eq!(apply(&with(&[("PR", "P-R")]), "two PRs"), "two P-R's");
    }

    #[test]
    fn a_part_finds_a_product_name_in_lower_case() {
        let l = with(&[("Postgres", "post gress"), ("US", "U-S")]);
        assert_eq!(l.part("postgres"), Some("post gress"));
        assert_eq!(l.word("postgres"), None, "prose keeps the key's case");
        assert_eq!(l.part("us"), None, "an all-caps key is never lowered");
        assert_eq!(l.part("Postgres"), Some("post gress"));
    }

    #[test]
    fn shipped_lexicon_is_large_and_valid() {
        let l = Lexicon::english();
        assert!(l.len() >= 150, "{} entries", l.len());
        for (k, v) in l.exact.iter().chain(&l.folded) {
            assert!(!v.is_empty(), "{k} has an empty value");
            assert!(
                !v.chars().any(|c| c.is_ascii_digit()),
                "{k}: digits would be normalized again"
            );
        }
    }
}
