//! What was meant against what was heard, by sound. Both sides are words
//! with their phonemes (the script's words as the voice was asked to say
//! them; the recognizer's words after our own normalizer, so "2025" and
//! "twenty twenty-five" are the same words). The two phoneme strings are
//! aligned whole, by edit distance, so words the recognizer joins or splits
//! ("Java script", "JavaScript") cost nothing; then each meant word is
//! judged by the edits inside its own stretch of the alignment. A word is
//! flagged when enough of its sounds differ, not when its spelling does.

use serde::Serialize;

/// A word and its phonemes.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub phonemes: String,
}

/// How different a word may sound before it is flagged: the share of its
/// phonemes edited, and the least number of edits (one edit in a short
/// word is a reduced vowel or a dropped `t`, which recognizers and listeners
/// both forgive).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tolerance {
    pub share: f32,
    pub edits: usize,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            share: 0.4,
            edits: 2,
        }
    }
}

/// Short words whose sound the recognizer's language model decides more
/// than the audio does.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "in", "on", "of", "to", "it", "its", "is", "as", "at", "by",
    "for", "from", "with", "that", "this", "be", "are", "was", "were", "has", "have", "had", "but",
    "if", "so", "than", "then", "into", "onto", "we", "you", "i", "he", "she", "they", "our",
    "your", "their", "his", "her",
];

/// A run of meant words that sounded different, and what was heard there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// Index of the first meant word.
    pub at: usize,
    pub said: String,
    pub heard: String,
}

/// The sound of a phoneme string, coarsely: stress and length marks go,
/// and the vowels and flaps that vary by speaker and recognizer are one
/// class (a reduced vowel is not a misreading).
pub fn sounds(phonemes: &str) -> Vec<char> {
    phonemes
        .chars()
        .filter_map(|c| match c {
            'ˈ' | 'ˌ' | 'ː' | 'ˑ' | 'ʲ' | '-' | '‿' | '^' | ' ' | '\u{303}' | '\u{329}' => {
                None
            }
            'ɐ' | 'ə' | 'ɚ' | 'ɜ' | 'ʌ' | 'ᵻ' => Some('ə'),
            'ɑ' | 'ɔ' | 'ɒ' => Some('ɑ'),
            'ɾ' => Some('t'),
            'ɹ' | 'r' => Some('ɹ'),
            'ɪ' => Some('i'),
            'ʊ' => Some('u'),
            'ɛ' => Some('e'),
            c if c.is_alphabetic() || "æðŋθʃʒʔ".contains(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// One step of the alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Same,
    Changed,
    /// A meant sound not heard.
    Dropped,
    /// A heard sound not meant.
    Added,
}

/// The edit-distance alignment of `a` against `b`, as steps from start to
/// end.
fn align(a: &[char], b: &[char]) -> Vec<Step> {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = d[i - 1][j - 1] + u32::from(a[i - 1] != b[j - 1]);
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let (mut i, mut j) = (n, m);
    let mut steps = Vec::with_capacity(n.max(m));
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + u32::from(a[i - 1] != b[j - 1]) {
            steps.push(if a[i - 1] == b[j - 1] {
                Step::Same
            } else {
                Step::Changed
            });
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            steps.push(Step::Dropped);
            i -= 1;
        } else {
            steps.push(Step::Added);
            j -= 1;
        }
    }
    steps.reverse();
    steps
}

/// The comparison of one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compared {
    /// Meant words heard as meant.
    pub words_heard: usize,
    pub words: usize,
    pub differences: Vec<Difference>,
}

/// Compares `said` with `heard` (see the module's documentation).
pub fn compare(said: &[Word], heard: &[Word], tolerance: Tolerance) -> Compared {
    // Every sound, with the word it belongs to.
    let flat = |words: &[Word]| -> (Vec<char>, Vec<usize>) {
        let mut s = Vec::new();
        let mut owner = Vec::new();
        for (w, word) in words.iter().enumerate() {
            for c in sounds(&word.phonemes) {
                s.push(c);
                owner.push(w);
            }
        }
        (s, owner)
    };
    let (a, a_owner) = flat(said);
    let (b, b_owner) = flat(heard);
    let steps = align(&a, &b);
    // Per meant word: its sounds, its edits, and the heard words in its stretch.
    let mut edits = vec![0usize; said.len()];
    let mut length = vec![0usize; said.len()];
    let mut heard_in: Vec<Vec<usize>> = vec![Vec::new(); said.len()];
    let (mut i, mut j) = (0, 0);
    // A heard sound with no meant sound is charged to the meant word before
    // it (or the first word, at the start).
    let current = |i: usize| {
        a_owner
            .get(i.saturating_sub(1))
            .or(a_owner.first())
            .copied()
    };
    for step in steps {
        match step {
            Step::Same | Step::Changed => {
                let w = a_owner[i];
                length[w] += 1;
                edits[w] += usize::from(step == Step::Changed);
                heard_in[w].push(b_owner[j]);
                i += 1;
                j += 1;
            }
            Step::Dropped => {
                let w = a_owner[i];
                length[w] += 1;
                edits[w] += 1;
                i += 1;
            }
            Step::Added => {
                if let Some(w) = current(i) {
                    edits[w] += 1;
                    heard_in[w].push(b_owner[j]);
                }
                j += 1;
            }
        }
    }
    let differs: Vec<bool> = (0..said.len())
        .map(|w| {
            edits[w] >= tolerance.edits
                && edits[w] as f32 > tolerance.share * length[w].max(1) as f32
        })
        .collect();
    // A function word alone is the recognizer's guess ("refused a run"
    // heard as "refused to run"): voices do not misread them, recognizers
    // often do. It is flagged only beside a flagged word that is not one.
    let content =
        |w: usize| differs[w] && !FUNCTION_WORDS.contains(&said[w].text.to_lowercase().as_str());
    let flagged: Vec<bool> = (0..said.len())
        .map(|w| {
            content(w)
                || differs[w] && (w > 0 && content(w - 1) || w + 1 < said.len() && content(w + 1))
        })
        .collect();
    // Adjacent flagged words are one difference; what was heard there is
    // every heard word their stretches touch.
    let mut differences: Vec<Difference> = Vec::new();
    let mut w = 0;
    while w < said.len() {
        if !flagged[w] {
            w += 1;
            continue;
        }
        let start = w;
        while w < said.len() && flagged[w] {
            w += 1;
        }
        let mut hw: Vec<usize> = heard_in[start..w].iter().flatten().copied().collect();
        hw.sort_unstable();
        hw.dedup();
        differences.push(Difference {
            at: start,
            said: join(&said[start..w]),
            heard: hw
                .iter()
                .map(|&k| heard[k].text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    Compared {
        words_heard: flagged.iter().filter(|f| !**f).count(),
        words: said.len(),
        differences,
    }
}

fn join(words: &[Word]) -> String {
    words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words with their phonemes, written as `word/phonemes` pairs.
    fn words(s: &str) -> Vec<Word> {
        s.split_whitespace()
            .map(|p| {
                let (text, ph) = p.split_once('/').unwrap();
                Word {
                    text: text.into(),
                    phonemes: ph.into(),
                }
            })
            .collect()
    }

    fn diffs(said: &str, heard: &str) -> Vec<(String, String)> {
        compare(&words(said), &words(heard), Tolerance::default())
            .differences
            .into_iter()
            .map(|d| (d.said, d.heard))
            .collect()
    }

    #[test]
    fn the_same_sounds_are_no_difference_however_they_are_split() {
        // "JavaScript" heard as "Java script".
        assert!(diffs(
            "JavaScript/dʒˈɑːvəskɹɪpt runs/ɹˈʌnz",
            "Java/dʒˈɑːvə script/skɹˈɪpt runs/ɹˈʌnz"
        )
        .is_empty());
        // A reduced vowel and a flap: one edit, forgiven.
        assert!(diffs("data/dˈeɪɾə", "data/dˈeɪtɐ").is_empty());
        let c = compare(
            &words("a/ɐ cat/kˈæt"),
            &words("a/ə cat/kˈæt"),
            Tolerance::default(),
        );
        assert_eq!((c.words_heard, c.words), (2, 2));
    }

    #[test]
    fn a_word_said_as_another_is_flagged_with_what_was_heard() {
        assert_eq!(
            diffs("seven/sˈɛvən nodes/nˈoʊdz", "eight/ˈeɪt nodes/nˈoʊdz"),
            [("seven".to_string(), "eight".to_string())]
        );
        // A name read as something else, the recognizer's words joined.
        assert_eq!(
            diffs(
                "restart/ɹiːstˈɑːɹt nginx/ˈɛndʒɪnˈɛks now/nˈaʊ",
                "restart/ɹiːstˈɑːɹt nagging/nˈæɡɪŋ now/nˈaʊ"
            ),
            [("nginx".to_string(), "nagging".to_string())]
        );
        // Homophones and near-homophones are not misreadings.
        assert!(diffs("cache/kˈæʃ", "cash/kˈæʃ").is_empty());
        assert!(diffs("cache/kˈæʃ", "catch/kˈætʃ").is_empty());
        // Two flagged words side by side are one difference.
        let c = compare(
            &words("the/ðə seven/sˈɛvən nodes/nˈoʊdz failed/fˈeɪld"),
            &words("the/ðə eight/ˈeɪt bikes/bˈaɪks failed/fˈeɪld"),
            Tolerance::default(),
        );
        assert_eq!((c.words_heard, c.words), (2, 4));
        assert_eq!(
            c.differences,
            [Difference {
                at: 1,
                said: "seven nodes".into(),
                heard: "eight bikes".into()
            }]
        );
    }

    #[test]
    fn a_function_word_alone_is_not_flagged() {
        assert!(diffs(
            "refused/ɹɪfjˈuːzd a/ɐ run/ɹˈʌn",
            "refused/ɹɪfjˈuːzd to/tə run/ɹˈʌn"
        )
        .is_empty());
        assert!(diffs(
            "feeding/fˈiːdɪŋ and/ænd it/ɪt",
            "feeding/fˈiːdɪŋ in/ɪn it/ɪt"
        )
        .is_empty());
        // Beside a misread word it is part of the difference.
        assert_eq!(
            diffs("the/ðə seven/sˈɛvən", "eight/ˈeɪt"),
            [("the seven".to_string(), "eight".to_string())]
        );
    }

    #[test]
    fn nothing_heard_flags_every_word() {
        let c = compare(
            &words("hello/həlˈoʊ world/wˈɜːld"),
            &[],
            Tolerance::default(),
        );
        assert_eq!(c.words_heard, 0);
        assert_eq!(
            c.differences,
            [Difference {
                at: 0,
                said: "hello world".into(),
                heard: String::new()
            }]
        );
    }

    #[test]
    fn sounds_fold_what_varies() {
        assert_eq!(sounds("ˈæləˌwiː"), sounds("ˈælɐwi"));
        assert_eq!(sounds("dˈeɪɾə"), ['d', 'e', 'i', 't', 'ə']);
    }
}
