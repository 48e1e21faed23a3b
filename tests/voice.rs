//! The voice stage with the real parts: espeak-ng and the joe voice that
//! `make test` fetched (scripts/bootstrap). Nothing here is skipped.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use narrate::cache::Cache;
use narrate::script::{Kind, Segment};
use narrate::synth;
use narrate::voice::espeak::Espeak;
use narrate::voice::fake::ToneVoice;
use narrate::voice::preset;
use narrate::voice::runtime::{find_runtime, Layout};
use narrate::voice::Synthesizer;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A voice by preset name, from `voices` or built in, its model from this
/// repository's models/ (scripts/bootstrap --test installs both families).
fn open(name: &str, voices: &Path) -> Box<dyn Synthesizer> {
    let spec = preset::resolve(voices, name).expect("run scripts/bootstrap --test");
    narrate::voice::load(
        spec,
        Layout {
            sessions: 1,
            intra_threads: 2,
            device: narrate::config::Device::Cpu,
        },
        &find_runtime(None).unwrap(),
    )
    .unwrap()
}

fn joe() -> Box<dyn Synthesizer> {
    open("joe", &root().join("no-voices-here"))
}

fn seg(text: &str) -> Segment {
    Segment {
        kind: Kind::Sentence,
        text: text.into(),
        caption: None,
        changes: Vec::new(),
        pause_ms: 300,
        chapter: 0,
    }
}

fn rms(s: &[f32]) -> f32 {
    (s.iter().map(|x| x * x).sum::<f32>() / s.len().max(1) as f32).sqrt()
}

/// Sentences written for this project, with the phonemes piper-phonemize
/// 1.1.0 gives them (generated once, committed).
#[test]
fn phonemizer_matches_piper_phonemize_golden() {
    let espeak = Espeak::get().unwrap();
    let table = fs::read_to_string(root().join("tests/fixtures/phonemes/expected.tsv")).unwrap();
    let mut n = 0;
    for line in table.lines().skip(1) {
        let (text, want) = line.split_once('\t').unwrap();
        let got = espeak.phonemize(text, "en-us").unwrap();
        let got: Vec<&str> = got.iter().map(|s| s.trim_end()).collect();
        use unicode_normalization::UnicodeNormalization;
        let want: String = want.nfd().collect();
        assert_eq!(got.join(" "), want, "{text}");
        n += 1;
    }
    assert_eq!(n, 20);
}

#[test]
fn phonemes_cli_prints_one_line_per_input_line() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let long = "word, ".repeat(8_500); // a 51,000-character line
    let input = format!("Hello there. Bye!\n\n{long}\nПривет мир\n日本語のテキスト\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .arg("phonemes")
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        5,
        "{:?}",
        &lines
            .iter()
            .map(|l| l.chars().take(40).collect::<String>())
            .collect::<Vec<_>>()
    );
    assert_eq!(lines[0], "həlˈoʊ ðˈɛɹ. bˈaɪ!".nfd_string());
    assert_eq!(lines[1], "");
    assert!(lines[2].matches("wˈɜːd,").count() >= 8_000);
    assert!(
        !lines[3].is_empty() && !lines[4].is_empty(),
        "other scripts give phonemes, not a failure"
    );
}

trait Nfd {
    fn nfd_string(&self) -> String;
}
impl Nfd for str {
    fn nfd_string(&self) -> String {
        use unicode_normalization::UnicodeNormalization;
        self.nfd().collect()
    }
}

#[test]
fn real_voice_speaks_and_longer_text_lasts_longer() {
    let voice = joe();
    assert_eq!(voice.sample_rate(), 22050);
    let segments = [
        seg("Hello, world."),
        seg("Hello, world. This sentence is quite a lot longer than the first one."),
    ];
    let u = synth::synthesize("test", &segments, &voice, None, 1, &()).unwrap();
    assert_eq!(u.sample_rate, 22050);
    let (short, long) = (&u.segments[0], &u.segments[1]);
    let secs = |s: &Vec<f32>| s.len() as f32 / 22050.0;
    assert!(
        secs(short) > 0.5 && secs(short) < 3.0,
        "short: {} s",
        secs(short)
    );
    assert!(
        secs(long) > 2.0 * secs(short),
        "long {} s vs short {} s",
        secs(long),
        secs(short)
    );
    assert!(rms(short) > 0.02, "not silent: rms {}", rms(short));
    assert!(u.missing_phonemes.is_empty());
}

#[test]
fn cache_gives_identical_samples_and_survives_a_truncated_entry() {
    let voice = joe();
    let tmp = tempfile::tempdir().unwrap();
    let cache = Cache::new(tmp.path());
    let segments = [
        seg("The cache keeps this sentence."),
        seg("And this one too."),
    ];
    let first = synth::synthesize("test", &segments, &voice, Some(&cache), 2, &()).unwrap();
    assert_eq!(first.cached, 0);
    let second = synth::synthesize("test", &segments, &voice, Some(&cache), 2, &()).unwrap();
    assert_eq!(second.cached, 2);
    assert_eq!(
        first.segments, second.segments,
        "cache hits are bit-identical"
    );
    // Truncate every entry: each is detected, discarded and regenerated.
    let mut entries = 0;
    for dir in fs::read_dir(tmp.path()).unwrap() {
        for f in fs::read_dir(dir.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            let len = fs::metadata(&p).unwrap().len();
            fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .unwrap()
                .set_len(len / 2)
                .unwrap();
            entries += 1;
        }
    }
    assert_eq!(entries, 2);
    let third = synth::synthesize("test", &segments, &voice, Some(&cache), 2, &()).unwrap();
    assert_eq!(third.cached, 0);
    assert!(third.segments.iter().all(|s| rms(s) > 0.02));
    let fourth = synth::synthesize("test", &segments, &voice, Some(&cache), 2, &()).unwrap();
    assert_eq!(fourth.cached, 2, "regenerated entries are good again");
}

#[test]
fn fake_voice_is_deterministic_and_keeps_order_in_parallel() {
    let voice = ToneVoice::default();
    let segments: Vec<Segment> = (0..40).map(|i| seg(&"ab".repeat(i + 1))).collect();
    let a = synth::synthesize("fake", &segments, &voice, None, 4, &()).unwrap();
    let b = synth::synthesize("fake", &segments, &voice, None, 1, &()).unwrap();
    assert_eq!(a, b);
    for (i, s) in a.segments.iter().enumerate() {
        assert_eq!(s.len(), (i + 1) * 2 * 441, "segment {i} in order");
    }
}

/// The error of synthesizing one segment with a preset whose model is bad:
/// loading is lazy, so it surfaces there, naming the post and the segment.
fn first_segment_error(voices: &Path, name: &str) -> String {
    let spec = preset::resolve(voices, name).unwrap();
    let voice = narrate::voice::load(
        spec,
        Layout {
            sessions: 1,
            intra_threads: 1,
            device: narrate::config::Device::Cpu,
        },
        &find_runtime(None).unwrap(),
    )
    .unwrap();
    let err = synth::synthesize("post.md", &[seg("Hi.")], &*voice, None, 1, &())
        .unwrap_err()
        .to_string();
    assert!(err.contains("post.md: segment 1"), "{err}");
    err
}

fn write_preset(dir: &Path, name: &str, body: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(format!("{name}.toml")), body).unwrap();
}

#[test]
fn missing_model_and_mismatched_json_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let voices = tmp.path().join("voices");
    write_preset(&voices, "ghost", "model = \"nope.onnx\"\n");
    let err = preset::resolve(&voices, "ghost").unwrap_err().to_string();
    assert!(
        err.contains("nope.onnx") && err.contains("is not installed; run `narrate setup`"),
        "{err}"
    );
    write_preset(&voices, "lost", "model = \"sub/nope.onnx\"\n");
    let err = preset::resolve(&voices, "lost").unwrap_err().to_string();
    assert!(
        err.contains("voices/sub/nope.onnx") && err.contains("fix `model` in the preset"),
        "a path (not a bare name) is taken as written: {err}"
    );

    let err = preset::resolve(&voices, "absent").unwrap_err().to_string();
    assert!(
        err.contains("absent.toml")
            && err.contains("none built in (built in: joe, kokoro-heart, kokoro-bella"),
        "{err}"
    );

    // The real model with a JSON that claims two speakers.
    let model = root().join("models/en_US-joe-medium.onnx");
    let json = fs::read_to_string(root().join("models/en_US-joe-medium.onnx.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["num_speakers"] = 2.into();
    fs::write(tmp.path().join("two.json"), v.to_string()).unwrap();
    write_preset(
        &voices,
        "two",
        &format!(
            "model = {:?}\nconfig = \"../two.json\"\n",
            model.display().to_string()
        ),
    );
    let err = first_segment_error(&voices, "two");
    assert!(err.contains("does not match the model"), "{err}");

    // A truncated model file.
    let bytes = fs::read(&model).unwrap();
    fs::write(tmp.path().join("cut.onnx"), &bytes[..4096]).unwrap();
    fs::copy(
        root().join("models/en_US-joe-medium.onnx.json"),
        tmp.path().join("cut.onnx.json"),
    )
    .unwrap();
    write_preset(&voices, "cut", "model = \"../cut.onnx\"\n");
    let err = first_segment_error(&voices, "cut");
    assert!(
        err.contains("cut.onnx") && err.contains("cannot load the model"),
        "{err}"
    );

    // Not a voice config at all.
    fs::write(tmp.path().join("bad.onnx.json"), "{\"audio\": {}}").unwrap();
    fs::copy(&model, tmp.path().join("bad.onnx")).unwrap();
    write_preset(&voices, "bad", "model = \"../bad.onnx\"\n");
    let err = preset::resolve(&voices, "bad").unwrap_err().to_string();
    assert!(err.contains("not a Piper voice config"), "{err}");
}

#[test]
fn say_writes_a_wav_and_rejects_empty_text() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg.toml");
    fs::write(
        &cfg,
        format!(
            "cache-dir = {:?}\n",
            tmp.path().join("cache").display().to_string()
        ),
    )
    .unwrap();
    let cfg = cfg.display().to_string();
    let out = narrate(
        tmp.path(),
        &["--config", &cfg, "say", "Hello, world.", "-o", "hello.wav"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut r = hound::WavReader::open(tmp.path().join("hello.wav")).unwrap();
    assert_eq!(r.spec().sample_rate, 22050);
    assert_eq!(r.spec().bits_per_sample, 16);
    let samples: Vec<f32> = r
        .samples::<i16>()
        .map(|s| s.unwrap() as f32 / 32768.0)
        .collect();
    assert!(samples.len() > 11_025 && rms(&samples) > 0.02);

    let out = narrate(tmp.path(), &["--config", &cfg, "say", "   \n  "]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nothing to say"), "{}", stderr(&out));
}

#[test]
fn voices_lists_presets() {
    let out = narrate(&root(), &["voices"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("* joe") && text.contains("22050 Hz") && text.contains("(preset: built in)"),
        "{text}"
    );
}

#[test]
fn every_shipped_lexicon_entry_phonemizes_into_the_voice() {
    let voice = joe();
    let lexicon = narrate::script::normalize::Lexicon::english();
    let mut bad = Vec::new();
    for (key, value) in lexicon.entries() {
        let p = voice.prepare(value).unwrap();
        if p.sentences.is_empty() || !p.missing.is_empty() {
            bad.push(format!("{key} = {value}: missing {:?}", p.missing));
        }
    }
    assert!(bad.is_empty(), "{bad:?}");
    // The respelling of the word espeak gets most wrong lands on the
    // reference (piper-phonemize) reading but for where the stress falls.
    let espeak = Espeak::get().unwrap();
    let ours = espeak
        .phonemize("koobernettease", "en-us")
        .unwrap()
        .concat();
    let strip = |s: &str| s.replace(['ˈ', 'ˌ'], "");
    assert_eq!(strip(&ours), strip("kˌuːbɚnˈɛɾiːz"));
}

#[test]
fn inline_phonemes_reach_the_voice() {
    let voice = joe();
    let with = voice.prepare("We use [[ kˌuːbɚnˈɛɾiːz ]] daily.").unwrap();
    let plain = voice.prepare("We use daily.").unwrap();
    assert_eq!(with.sentences.len(), 1);
    assert!(with.missing.is_empty());
    // Eleven more phonemes, each followed by the pad id.
    let n = "kˌuːbɚnˈɛɾiːz ".chars().count();
    assert_eq!(with.sentences[0].len(), plain.sentences[0].len() + 2 * n);
    let audio = voice.infer(&with, 0).unwrap();
    assert!(rms(&audio) > 0.01);
}

/// The name of each letter as espeak-ng (`en-us`) says the letter alone,
/// stress aside: written by hand from the voice's phoneme set, and checked
/// against espeak by `acronym_table_agrees_through_the_phonemizer`. A
/// spelled acronym must sound like these names in a row, whatever
/// `spoken::letters` writes to get them said.
const LETTER_NAMES: [(char, &str); 26] = [
    ('A', "eɪ"),
    ('B', "biː"),
    ('C', "siː"),
    ('D', "diː"),
    ('E', "iː"),
    ('F', "ɛf"),
    ('G', "dʒiː"),
    ('H', "eɪtʃ"),
    ('I', "aɪ"),
    ('J', "dʒeɪ"),
    ('K', "keɪ"),
    ('L', "ɛl"),
    ('M', "ɛm"),
    ('N', "ɛn"),
    ('O', "oʊ"),
    ('P', "piː"),
    ('Q', "kjuː"),
    ('R', "ɑːɹ"),
    ('S', "ɛs"),
    ('T', "tiː"),
    ('U', "juː"),
    ('V', "viː"),
    ('W', "dʌbəljuː"),
    ('X', "ɛks"),
    ('Y', "waɪ"),
    ('Z', "ziː"),
];

/// The phonemes of `word` said letter by letter: the letters' names in a
/// row, with the linking r of connected English (espeak says R before a
/// name that starts with a vowel as "ɑːɹ ɹ…": R-S-A is ɑːɹɹɛseɪ).
fn spelled_phonemes(word: &str) -> String {
    let name = |c: char| {
        LETTER_NAMES
            .iter()
            .find(|(l, _)| *l == c)
            .map(|(_, n)| *n)
            .unwrap_or_else(|| panic!("{word}: no letter name for {c:?}"))
    };
    let names: Vec<&str> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(name)
        .collect();
    let mut out = String::new();
    for (i, n) in names.iter().enumerate() {
        out.push_str(n);
        let next_is_vowel = names
            .get(i + 1)
            .and_then(|m| m.chars().next())
            .is_some_and(|c| "aeiouɑɛɪʌæəɔ".contains(c));
        if n.ends_with('ɹ') && next_is_vowel {
            out.push('ɹ');
        }
    }
    out
}

/// Mixed-case rows whose reading differs from the table's respelling, and
/// why (the lexicon speaks first; tests/fixtures/normalize/
/// acronyms-said-by-the-lexicon.tsv).
const MIXED_SAID_OTHERWISE: [(&str, &str); 1] = [(
    "LaTeX",
    "the lexicon says \"lah tech\", the table \"lay tech\": both are heard",
)];

/// Issue 23, made independent in issue 33: the acronym table through the
/// real phonemizer, against expectations that do not come from narrate's
/// own speller. For every all-caps row, what the script stage gives the
/// voice (lexicon included) is phonemized and compared, stress aside, with
/// the row's letter names in a row (`LETTER_NAMES`, each checked here
/// against espeak saying the letter alone):
/// - a `letters` row must sound exactly like its letter names;
/// - a `word` row must not, and a respelled one must sound like its
///   respelling said as words;
/// - the ESPEAK column (what espeak does with the bare word) must be true:
///   the bare word sounds like its letter names exactly when it says
///   `letters`.
///
/// Mixed-case names must phonemize into the voice's phoneme set, and a
/// respelled one sound like its respelling (but for `MIXED_SAID_OTHERWISE`).
#[test]
fn acronym_table_agrees_through_the_phonemizer() {
    use narrate::script::normalize::acronyms::{rows, Say};
    use narrate::script::normalize::Normalizer;
    let espeak = Espeak::get().unwrap();
    let voice = joe();
    let norm = Normalizer::default();
    let phonemes = |t: &str| {
        espeak
            .phonemize(t, "en-us")
            .unwrap()
            .concat()
            .replace(['ˈ', 'ˌ', ' '], "")
    };
    for (letter, name) in LETTER_NAMES {
        assert_eq!(
            phonemes(&letter.to_string()),
            name,
            "espeak says the letter {letter} alone"
        );
    }
    let (mut checked, mut bad) = ([0usize; 2], Vec::new());
    for r in rows() {
        let said = norm.run(r.word).text;
        if r.word.chars().any(|c| c.is_ascii_lowercase()) {
            let p = voice.prepare(&said).unwrap();
            if !p.missing.is_empty() {
                bad.push(format!("{}: {said:?} misses {:?}", r.word, p.missing));
            }
            if let Some(respelled) = r.respelling {
                let differs = phonemes(&said) != phonemes(respelled);
                let listed = MIXED_SAID_OTHERWISE.iter().any(|(w, _)| *w == r.word);
                if differs != listed {
                    bad.push(format!(
                        "{}: table respells {respelled:?} ({}), the voice gets {said:?} ({}){}",
                        r.word,
                        phonemes(respelled),
                        phonemes(&said),
                        if listed {
                            ": listed as differing, but it agrees now"
                        } else {
                            ""
                        }
                    ));
                }
            }
            continue;
        }
        let letters = spelled_phonemes(r.word);
        let (heard, bare) = (phonemes(&said), phonemes(r.word));
        match (r.say, r.respelling) {
            (Say::Letters, _) if heard != letters => bad.push(format!(
                "{}: table says letters ({letters}), the voice gets {said:?} ({heard})",
                r.word
            )),
            (Say::Word, _) if heard == letters => bad.push(format!(
                "{}: table says a word, the voice gets letters: {said:?} ({heard})",
                r.word
            )),
            (Say::Word, Some(respelled)) if heard != phonemes(respelled) => bad.push(format!(
                "{}: table respells {respelled:?} ({}), the voice gets {said:?} ({heard})",
                r.word,
                phonemes(respelled)
            )),
            _ => {}
        }
        if (bare == letters) != (r.espeak == Say::Letters) {
            bad.push(format!(
                "{}: ESPEAK column says {:?}, espeak says the bare word {bare} (letters: {letters})",
                r.word, r.espeak
            ));
        }
        checked[usize::from(r.say == Say::Word)] += 1;
    }
    let [letters_rows, word_rows] = checked;
    assert!(
        letters_rows >= 300 && word_rows >= 100,
        "{letters_rows} letters rows, {word_rows} word rows"
    );
    assert!(
        bad.is_empty(),
        "{} rows disagree:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Issue 22, the text end of Kokoro's path with the real espeak-ng: tied
/// phonemes, mapped into misaki's set, give the reference's token ids for
/// the golden sentences of docs/kokoro-research.md.
#[test]
fn kokoro_phonemes_from_the_real_espeak_match_the_reference() {
    use narrate::voice::kokoro::{misaki, vocab};
    let espeak = Espeak::get().unwrap();
    for (text, want) in [
        (
            "Hello world, this is a test.",
            "həlˈO wˈɜɹld, ðɪs ɪz ɐ tˈɛst.",
        ),
        (
            "Why did the boy choose a bigger boat?",
            "wˌI dˈɪd ðə bˈY ʧˈuz ɐ bˈɪɡəɹ bˈOt?",
        ),
        (
            "Our journey through the cloud was surprisingly smooth!",
            "ˌWəɹ ʤˈɜɹni θɹu ðə klˈWd wʌz səɹpɹˈIzɪŋli smˈuð!",
        ),
    ] {
        let tied = espeak.phonemize_tied(text, "en-us").unwrap().join(" ");
        let mapped = misaki::from_espeak(&tied, misaki::Accent::American);
        assert_eq!(mapped, want, "{text}: espeak gave {tied}");
        let (ids, dropped) = vocab::ids(&mapped);
        assert!(dropped.is_empty() && ids.len() <= vocab::MAX_IDS);
    }
}

fn kokoro(name: &str, voices: &Path) -> Box<dyn Synthesizer> {
    open(name, voices)
}

/// The model `scripts/bootstrap --test` joined from its four parts is the
/// one the manifest names, byte for byte.
#[test]
fn the_joined_kokoro_model_is_the_published_one() {
    let model = root().join("models/kokoro-v1.0.int8.onnx");
    assert_eq!(fs::metadata(&model).unwrap().len(), 92_361_271);
    assert_eq!(
        narrate::install::hashes::sha256(&model).unwrap(),
        "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
    );
}

/// Kokoro through the real espeak-ng, mapping, style row and model: the ids
/// of a known sentence, then 24 kHz speech of a plausible length, finite and
/// not silent; a preset of one's own at speed 2 says it in less time.
#[test]
fn kokoro_speaks_a_known_sentence_at_24_khz() {
    let none = root().join("no-voices-here");
    let voice = kokoro("kokoro-heart", &none);
    assert_eq!(voice.sample_rate(), 24_000);
    let p = voice.prepare("Hello world, this is a test.").unwrap();
    // G1 of docs/kokoro-research.md as misaki says it (the article a is ɐ),
    // padded with a 0 at each end.
    let g1: Vec<i64> = [
        50, 83, 54, 156, 31, 16, 65, 156, 87, 123, 54, 46, 3, 16, 81, 102, 61, 16, 102, 68, 16, 70,
        16, 62, 156, 86, 61, 62, 4,
    ]
    .to_vec();
    let padded: Vec<i64> = std::iter::once(0).chain(g1).chain([0]).collect();
    assert_eq!(p.sentences, vec![padded]);
    assert!(p.missing.is_empty(), "{:?}", p.missing);
    let audio = voice.infer(&p, 0).unwrap();
    let seconds = audio.len() as f32 / 24_000.0;
    assert!((1.2..4.0).contains(&seconds), "{seconds} s");
    assert_eq!(audio.len() % 600, 0, "the model speaks in 25 ms frames");
    assert!(audio.iter().all(|s| s.is_finite()));
    let peak = audio.iter().fold(0f32, |m, s| m.max(s.abs()));
    assert!(peak > 0.1 && peak <= 1.5, "peak {peak}");
    assert!(rms(&audio) > 0.02, "rms {}", rms(&audio));

    // A spelled initialism, as the script stage writes it, gets misaki's
    // stress on its last letter (espeak leaves it unstressed mid-sentence,
    // and Kokoro then says "APA").
    let api = voice.prepare("The A-P-I and the C-I run.").unwrap();
    let symbols: String = api.sentences[0]
        .iter()
        .filter_map(|&i| narrate::voice::kokoro::vocab::symbol(i))
        .collect();
    assert!(
        symbols.contains("ˌApˌiˈI") && symbols.contains("sˌiˈI"),
        "{symbols}"
    );

    // A preset of one's own: the shipped model and table, twice as fast.
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("quick.toml"),
        "family = \"kokoro\"\nmodel = \"kokoro-v1.0.int8.onnx\"\nstyle = \"kokoro-af_heart.bin\"\nspeed = 2.0\n",
    )
    .unwrap();
    let quick = kokoro("quick", tmp.path());
    assert_ne!(
        quick.signature(),
        voice.signature(),
        "speed is in the cache key"
    );
    let fast = quick
        .infer(&quick.prepare("Hello world, this is a test.").unwrap(), 0)
        .unwrap();
    assert!(
        (fast.len() as f32) < audio.len() as f32 * 0.7,
        "speed 2: {} samples against {}",
        fast.len(),
        audio.len()
    );
}

/// A sentence too long for one call is cut where it pauses: every call
/// within the model's 510 ids, no word lost.
#[test]
fn a_long_sentence_is_cut_into_calls_kokoro_accepts() {
    let voice = kokoro("kokoro-emma", &root().join("no-voices-here"));
    // The British voice phonemizes with espeak's British English (GOAT is
    // `ə^ʊ`, mapped to misaki's `Q`; length marks kept).
    let hello = voice.prepare("Hello world.").unwrap();
    let symbols: String = hello.sentences[0]
        .iter()
        .filter_map(|&i| narrate::voice::kokoro::vocab::symbol(i))
        .collect();
    assert_eq!(symbols, "həlˈQ wˈɜːld.");
    let clause = "the committee reviewed every proposal with unusual care";
    let sentence = format!("{}.", vec![clause; 16].join(", "));
    let p = voice.prepare(&sentence).unwrap();
    assert!(p.sentences.len() >= 2, "{} calls", p.sentences.len());
    let total: usize = p.sentences.iter().map(|s| s.len() - 2).sum();
    assert!(total > 510, "{total} ids in all");
    for call in &p.sentences {
        assert!(call.len() <= 512, "{} ids", call.len());
        assert_eq!((call[0], call[call.len() - 1]), (0, 0));
        // Cut after a comma: each call but the last ends in one.
        let ids = &call[1..call.len() - 1];
        assert!(
            [3, 4].contains(ids.last().unwrap()),
            "a call ends at a pause: {:?}",
            &ids[ids.len().saturating_sub(5)..]
        );
    }
}

/// A Kokoro preset that sets Piper's keys, a table of the wrong size, and a
/// speed out of range: each refused with the file named.
#[test]
fn bad_kokoro_presets_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let v = tmp.path();
    let write = |name: &str, text: &str| fs::write(v.join(format!("{name}.toml")), text).unwrap();
    let head = "family = \"kokoro\"\nmodel = \"kokoro-v1.0.int8.onnx\"\n";
    write(
        "mixed",
        &format!("{head}style = \"kokoro-af_heart.bin\"\nnoise-w = 0.5\n"),
    );
    let err = preset::resolve(v, "mixed").unwrap_err().to_string();
    assert!(
        err.contains("mixed.toml") && err.contains("`noise-w` is not a key of a kokoro voice"),
        "{err}"
    );
    write("nostyle", head);
    let err = preset::resolve(v, "nostyle").unwrap_err().to_string();
    assert!(err.contains("needs `style`"), "{err}");
    write(
        "fast",
        &format!("{head}style = \"kokoro-af_heart.bin\"\nspeed = 3\n"),
    );
    let err = preset::resolve(v, "fast").unwrap_err().to_string();
    assert!(err.contains("speed is 3"), "{err}");
    fs::write(v.join("short.bin"), [0u8; 1000]).unwrap();
    write(
        "short",
        &format!("{head}style = \"short.bin\"\naccent = \"british\"\n"),
    );
    let spec = preset::resolve(v, "short").unwrap();
    let err = narrate::voice::load(
        spec,
        Layout {
            sessions: 1,
            intra_threads: 1,
            device: narrate::config::Device::Cpu,
        },
        &find_runtime(None).unwrap(),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(
        err.contains("short.bin") && err.contains("this one is 1000"),
        "{err}"
    );
    // No accent and a table name that does not tell it.
    write("plain", &format!("{head}style = \"short.bin\"\n"));
    let err = preset::resolve(v, "plain").unwrap_err().to_string();
    assert!(err.contains("set `accent`"), "{err}");
}

/// The decoder run over overlapping windows of the latent frames gives the
/// audio of one run over the whole sentence: with the model's noise off
/// (it is then deterministic), sample for sample, even with windows small
/// enough to put a dozen seams in one sentence.
#[test]
fn a_split_model_decodes_in_windows_to_the_same_audio() {
    let preset::Spec::Piper(mut spec) =
        preset::resolve(&root().join("no-voices-here"), "joe").unwrap()
    else {
        panic!("joe is a Piper voice")
    };
    spec.noise_scale = 0.0;
    spec.noise_w = 0.0;
    let layout = Layout {
        sessions: 1,
        intra_threads: 2,
        device: narrate::config::Device::Cpu,
    };
    let runtime = find_runtime(None).unwrap();
    let store = tempfile::tempdir().unwrap();
    let load = |window| {
        narrate::voice::piper::PiperVoice::load(spec.clone(), layout, &runtime)
            .unwrap()
            .with_decoder_window(window)
            .with_split_store(Some(store.path().to_path_buf()))
    };
    let (whole, windowed) = (load(0), load(40));
    let text = "The release went out on a quiet Tuesday, after three weeks of \
                review, two rollbacks, and one long night spent reading \
                logs that nobody had looked at since the spring.";
    let prepared = whole.prepare(text).unwrap();
    let a = whole.infer(&prepared, 0).unwrap();
    let b = windowed.infer(&prepared, 0).unwrap();
    assert!(a.len() > 22050 * 5, "a long sentence: {} samples", a.len());
    assert_eq!(a.len(), b.len());
    assert!(rms(&a) > 0.02);
    let worst = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f32, f32::max);
    eprintln!("largest difference, windows of 40 frames: {worst:e}");
    assert!(worst < 1e-3, "largest difference {worst}");
    assert!(windowed.runs_split() && !whole.runs_split());

    // Two sessions (NARRATE_SESSIONS=2): two workers at once, each with
    // its own decoder and the one encoder between them, the same audio.
    let two = narrate::voice::piper::PiperVoice::load(
        spec.clone(),
        Layout {
            sessions: 2,
            intra_threads: 1,
            ..layout
        },
        &runtime,
    )
    .unwrap()
    .with_decoder_window(40)
    .with_split_store(Some(store.path().to_path_buf()));
    two.infer(&prepared, 0).unwrap();
    let (c, d) = std::thread::scope(|s| {
        let first = s.spawn(|| two.infer(&prepared, 0).unwrap());
        let second = s.spawn(|| two.infer(&prepared, 1).unwrap());
        (first.join().unwrap(), second.join().unwrap())
    });
    for other in [&c, &d] {
        assert_eq!(other.len(), a.len());
        let worst = a
            .iter()
            .zip(other)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0f32, f32::max);
        assert!(worst < 1e-3, "largest difference {worst}");
    }
    assert!(two.runs_split());
    assert_eq!(two.slots_open(), 2, "a decoder per worker");

    // The halves were kept in the store, and a voice loaded after runs
    // from them to the same audio.
    let kept: Vec<_> = walk(store.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "onnx"))
        .collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    let again = load(40);
    assert_eq!(again.infer(&prepared, 0).unwrap(), b);
    assert!(again.runs_split());
    // A damaged half: the model runs whole, and the halves are removed
    // so that the next run splits it again.
    let decoder = kept.iter().find(|p| p.ends_with("decoder.onnx")).unwrap();
    std::fs::write(decoder, b"not a model").unwrap();
    let damaged = load(40);
    assert_eq!(damaged.infer(&prepared, 0).unwrap().len(), a.len());
    assert!(!damaged.runs_split());
    assert!(!decoder.exists());
    let healed = load(40);
    assert_eq!(healed.infer(&prepared, 0).unwrap(), b);
    assert!(healed.runs_split() && decoder.exists());
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
