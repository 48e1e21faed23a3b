//! espeak-ng through its C API, reproducing Piper's phonemization.
//!
//! Piper (piper-phonemize) phonemizes clause by clause and appends each
//! clause's terminator punctuation to the phonemes; the voice was trained on
//! exactly that, so the pauses and intonation it learned depend on it. The
//! Debian library has no call that reports the terminator, so it is
//! recovered from the text each call consumed. espeak-ng keeps global state
//! and is not thread-safe: every call goes through one process-wide lock.

use std::ffi::{c_char, c_int, c_void, CStr, CString};

use super::VoiceError;
use std::sync::{Mutex, OnceLock};

use unicode_normalization::UnicodeNormalization;

// From speak_lib.h (espeak-ng 1.51).
const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
const ESPEAK_CHARS_UTF8: c_int = 1;
const ESPEAK_PHONEMES_IPA: c_int = 0x02;
const EE_OK: c_int = 0;

#[link(name = "espeak-ng")]
extern "C" {
    fn espeak_Initialize(
        output: c_int,
        buflength: c_int,
        path: *const c_char,
        options: c_int,
    ) -> c_int;
    fn espeak_SetVoiceByName(name: *const c_char) -> c_int;
    fn espeak_TextToPhonemes(
        textptr: *mut *const c_void,
        textmode: c_int,
        phonememode: c_int,
    ) -> *const c_char;
}

/// The phonemizer: a handle proving espeak-ng is initialized, with the voice
/// (language) last selected.
pub struct Espeak {
    state: &'static Mutex<Option<String>>,
}

static STATE: OnceLock<Result<Mutex<Option<String>>, VoiceError>> = OnceLock::new();

impl Espeak {
    /// Initializes espeak-ng once per process. `ESPEAK_DATA_PATH` overrides
    /// the data folder, as it does for the espeak-ng CLI.
    pub fn get() -> Result<Espeak, VoiceError> {
        let state = STATE.get_or_init(|| {
            let path = std::env::var("ESPEAK_DATA_PATH").ok().and_then(|p| CString::new(p).ok());
            let ptr = path.as_ref().map_or(std::ptr::null(), |p| p.as_ptr());
            // SAFETY: called once, before any other espeak call, with a valid
            // (or null) NUL-terminated path.
            let rate = unsafe { espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, ptr, 0) };
            if rate <= 0 {
                return Err(VoiceError::Phonemizer(format!(
                    "espeak-ng could not start (its data folder is missing or unreadable{}); \
                     reinstall libespeak-ng-dev or set ESPEAK_DATA_PATH to the folder holding espeak-ng-data",
                    std::env::var("ESPEAK_DATA_PATH").map(|p| format!(": {p}")).unwrap_or_default()
                )));
            }
            Ok(Mutex::new(None))
        });
        match state {
            Ok(m) => Ok(Espeak { state: m }),
            Err(e) => Err(e.clone()),
        }
    }

    /// Phonemizes `text` with the espeak voice `voice` (e.g. `en-us`): one
    /// string of phonemes per sentence, clause terminators included, NFD.
    pub fn phonemize(&self, text: &str, voice: &str) -> Result<Vec<String>, VoiceError> {
        self.phonemize_mode(text, voice, false)
    }

    /// Like [`phonemize`](Self::phonemize), with `^` tying the halves of
    /// diphthongs and affricates (`a^ɪ`, `d^ʒ`) and no Unicode
    /// decomposition: the form Kokoro's phoneme mapping reads
    /// (`voice::kokoro::misaki`).
    pub fn phonemize_tied(&self, text: &str, voice: &str) -> Result<Vec<String>, VoiceError> {
        self.phonemize_mode(text, voice, true)
    }

    fn phonemize_mode(
        &self,
        text: &str,
        voice: &str,
        tied: bool,
    ) -> Result<Vec<String>, VoiceError> {
        // The tie character goes in bits 8–23 of the mode, with flag 0x80.
        let mode = if tied {
            ESPEAK_PHONEMES_IPA | 0x80 | (('^' as c_int) << 8)
        } else {
            ESPEAK_PHONEMES_IPA
        };
        let mut current = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if current.as_deref() != Some(voice) {
            let name = CString::new(voice)
                .map_err(|_| VoiceError::Phonemizer(format!("bad espeak voice name {voice:?}")))?;
            // SAFETY: espeak is initialized and we hold the lock.
            let rc = unsafe { espeak_SetVoiceByName(name.as_ptr()) };
            if rc != EE_OK {
                return Err(VoiceError::Phonemizer(format!(
                    "espeak-ng has no voice `{voice}` (the voice's `espeak.voice`)"
                )));
            }
            *current = Some(voice.to_string());
        }
        let prepared = prepare(text);
        let input = CString::new(prepared.as_str())
            .map_err(|_| VoiceError::Phonemizer("text contains a NUL character".into()))?;
        let base = input.as_ptr() as usize;
        let len = input.as_bytes().len();
        let mut ptr: *const c_void = input.as_ptr().cast();
        let mut sentences = Vec::new();
        let mut sentence = String::new();
        while !ptr.is_null() {
            let start = ptr as usize - base;
            // SAFETY: `ptr` points into `input`, which outlives the loop, and
            // espeak advances it within the string or sets it to null.
            let out = unsafe { espeak_TextToPhonemes(&mut ptr, ESPEAK_CHARS_UTF8, mode) };
            let end = if ptr.is_null() {
                len
            } else {
                (ptr as usize - base).min(len)
            };
            let phonemes = if out.is_null() {
                String::new()
            } else {
                // SAFETY: espeak returns a NUL-terminated string it owns,
                // valid until the next call; we copy it at once.
                unsafe { CStr::from_ptr(out) }
                    .to_string_lossy()
                    .into_owned()
            };
            let phonemes = strip_language_flags(&phonemes);
            if tied {
                sentence.push_str(&phonemes);
            } else {
                // Piper's phoneme ids are of decomposed characters.
                sentence.push_str(&phonemes.nfd().collect::<String>());
            }
            let consumed = prepared.get(start.min(len)..end).unwrap_or("");
            match terminator(consumed, ptr.is_null()) {
                Some(t @ ('.' | '?' | '!')) => {
                    sentence.push(t);
                    sentences.push(std::mem::take(&mut sentence));
                }
                Some(t) => {
                    sentence.push(t);
                    sentence.push(' ');
                }
                None => {}
            }
            if end <= start && !ptr.is_null() {
                break; // no progress: never loop forever on odd input
            }
        }
        if !sentence.trim().is_empty() {
            sentences.push(sentence);
        }
        Ok(sentences)
    }
}

/// A piece of text for the voice: words for espeak, or phonemes given
/// inline as `[[ … ]]` (from the lexicon) that bypass it.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece<'a> {
    Text(&'a str),
    Phonemes(&'a str),
}

/// Splits `[[ phonemes ]]` out of text. An unclosed `[[` is text.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        let Some(len) = rest[open + 2..].find("]]") else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Phonemes(rest[open + 2..open + 2 + len].trim()));
        rest = &rest[open + 2 + len + 2..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

impl Espeak {
    /// Like [`Espeak::phonemize`], honouring inline `[[ phonemes ]]`: text
    /// with them becomes one sentence, the words around them phonemized by
    /// espeak and the bracketed phonemes passed through as written.
    pub fn phonemize_inline(&self, text: &str, voice: &str) -> Result<Vec<String>, VoiceError> {
        let parts = pieces(text);
        if !parts.iter().any(|p| matches!(p, Piece::Phonemes(_))) {
            return self.phonemize(text, voice);
        }
        let mut joined: Vec<String> = Vec::new();
        for p in parts {
            match p {
                Piece::Text(t) if t.trim().is_empty() => {}
                Piece::Text(t) => joined.extend(
                    self.phonemize(t, voice)?
                        .into_iter()
                        .map(|s| s.trim().to_string()),
                ),
                Piece::Phonemes(ph) if !ph.is_empty() => joined.push(ph.to_string()),
                Piece::Phonemes(_) => {}
            }
        }
        Ok(vec![joined.join(" ")])
    }
}

/// Ties the two halves of English diphthongs and affricates, as espeak
/// does in tied mode, in phonemes a person wrote (Kokoro's inline
/// `[[ phonemes ]]`, `kokoro::g2p`).
pub fn tie(phonemes: &str) -> String {
    const PAIRS: &[(&str, &str)] = &[
        ("aɪ", "a^ɪ"),
        ("aʊ", "a^ʊ"),
        ("eɪ", "e^ɪ"),
        ("ɔɪ", "ɔ^ɪ"),
        ("oʊ", "o^ʊ"),
        ("əʊ", "ə^ʊ"),
        ("dʒ", "d^ʒ"),
        ("tʃ", "t^ʃ"),
    ];
    PAIRS
        .iter()
        .fold(phonemes.to_string(), |s, (from, to)| s.replace(from, to))
}

/// Makes the text break into clauses where Piper's espeak-ng does: its fork
/// treats a dash with spaces around it (` — `, ` – `) as a clause break
/// (`;`); a dash between two words (`shot—it`) is no break at all.
fn prepare(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let spaced = i > 0
            && chars[i - 1].is_whitespace()
            && chars.get(i + 1).is_some_and(|n| n.is_whitespace());
        if matches!(c, '—' | '–') && spaced {
            while out.ends_with(char::is_whitespace) {
                out.pop();
            }
            out.push(';');
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// The punctuation that ended a clause, from the text espeak consumed for it.
/// espeak reads one character past the terminator and its space, so every
/// span but the last ends with the next clause's first character.
fn terminator(consumed: &str, at_end: bool) -> Option<char> {
    let mut span = consumed;
    if !at_end {
        let mut chars = span.chars();
        chars.next_back();
        span = chars.as_str();
    }
    // Closing quotes and brackets after the mark do not change the clause type.
    let core = span
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    let is_mark = |c: char| matches!(c, '.' | '?' | '!' | ',' | ':' | ';' | '…');
    let run = &core[core.trim_end_matches(is_mark).len()..];
    // In a run like `?!` espeak goes by the first mark; an ellipsis ends a
    // clause but adds no punctuation and no sentence end.
    match run.chars().next()? {
        '…' => None,
        '.' if run.starts_with("..") => None,
        c => Some(c),
    }
}

/// Removes espeak's language-switch markers such as `(en)` or `(fr)`.
fn strip_language_flags(phonemes: &str) -> String {
    let mut out = String::with_capacity(phonemes.len());
    let mut rest = phonemes;
    while let Some(open) = rest.find('(') {
        match rest[open..].find(')') {
            Some(close)
                if rest[open + 1..open + close]
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '-') =>
            {
                out.push_str(&rest[..open]);
                rest = &rest[open + close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn written_phonemes_get_the_ties_espeak_would_give() {
        use super::tie;
        assert_eq!(tie("hˈaʊ mˈaɪ dʒˈʌdʒ"), "hˈa^ʊ mˈa^ɪ d^ʒˈʌd^ʒ");
        assert_eq!(tie("tʃˈɜːtʃ ɡˈoʊ"), "t^ʃˈɜːt^ʃ ɡˈo^ʊ");
        assert_eq!(tie("kˈæt"), "kˈæt");
    }

    #[test]
    fn inline_phonemes_are_split_out() {
        use super::{pieces, Piece};
        assert_eq!(
            pieces("We use [[ kˌuːbɚnˈɛɾiːz ]] daily."),
            vec![
                Piece::Text("We use "),
                Piece::Phonemes("kˌuːbɚnˈɛɾiːz"),
                Piece::Text(" daily.")
            ]
        );
        assert_eq!(pieces("open [[ only"), vec![Piece::Text("open [[ only")]);
        assert_eq!(
            pieces("[[a]][[b]]"),
            vec![Piece::Phonemes("a"), Piece::Phonemes("b")]
        );
    }

    use super::*;

    #[test]
    fn terminators_from_consumed_spans() {
        // Every span but the last carries one character of the next clause.
        assert_eq!(terminator("The gut, h", false), Some(','));
        assert_eq!(terminator("Really?! Y", false), Some('?'));
        assert_eq!(terminator("He said \"Stop.\" T", false), Some('.'));
        assert_eq!(terminator("Wait... W", false), None);
        assert_eq!(terminator("responses,...", true), Some(','));
        assert_eq!(terminator("ended… T", false), None);
        assert_eq!(terminator("x", true), None);
        assert_eq!(terminator("", true), None);
    }

    #[test]
    fn language_flags_are_removed() {
        assert_eq!(
            strip_language_flags("(fr)bɔ̃ʒuːɹ(en) wˈɜːld"),
            "bɔ̃ʒuːɹ wˈɜːld"
        );
        assert_eq!(strip_language_flags("a (b c) d"), "a (b c) d");
    }

    #[test]
    fn dashes_become_clause_breaks() {
        assert_eq!(prepare("system — four"), "system; four");
        assert_eq!(prepare("a – b"), "a; b");
        assert_eq!(prepare("shot—it"), "shot—it");
    }
}
