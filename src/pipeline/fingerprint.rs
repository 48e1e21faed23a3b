//! What an episode is built from, hashed: if nothing in it changed and the
//! files are there, the episode is up to date.
//!
//! It covers the script (slug, title, chapters, and every segment's text,
//! caption, kind, pause and chapter; not the `--explain` records), the voice
//! (model hash and parameters), the audio settings, intro/outro clips and
//! cover art (by content), and every tag value. It is stored in the MP3's
//! own ID3 tag (TXXX), so the output folder needs no state file beside it.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audio::tags::TagInfo;
use crate::config::AudioConfig;
use crate::script::Script;

/// Bumped when narrate's output changes for the same inputs (a new tag, a
/// different encoder setting), so old episodes are rebuilt once.
const FORMAT: u32 = 1;

#[derive(Serialize)]
struct Inputs<'a> {
    format: u32,
    /// The script without its `--explain` records, which change no sound.
    script: Script,
    voice: &'a str,
    bitrate: u32,
    sample_rate: u32,
    loudness: f64,
    true_peak: f64,
    intro: Option<String>,
    outro: Option<String>,
    title: &'a str,
    author: &'a Option<String>,
    podcast: &'a Option<String>,
    date: &'a Option<String>,
    description: &'a Option<String>,
    link: &'a Option<String>,
    image: Option<String>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `clips` are the intro and outro samples (hashed, not stored).
pub fn fingerprint(
    script: &Script,
    voice_identity: &str,
    audio: &AudioConfig,
    clips: (Option<&[f32]>, Option<&[f32]>),
    tag: &TagInfo,
) -> String {
    let inputs = inputs(script, voice_identity, audio, clips, tag);
    sha256_hex(&serde_json::to_vec(&inputs).expect("plain data serializes"))
}

/// What is hashed.
fn inputs<'a>(
    script: &Script,
    voice_identity: &'a str,
    audio: &AudioConfig,
    clips: (Option<&[f32]>, Option<&[f32]>),
    tag: &'a TagInfo,
) -> Inputs<'a> {
    let hash_clip = |c: Option<&[f32]>| {
        c.map(|s| {
            let bytes: Vec<u8> = s.iter().flat_map(|x| x.to_le_bytes()).collect();
            sha256_hex(&bytes)
        })
    };
    Inputs {
        format: FORMAT,
        script: Script {
            segments: script
                .segments
                .iter()
                .map(|seg| crate::script::Segment {
                    changes: Vec::new(),
                    ..seg.clone()
                })
                .collect(),
            ..script.clone()
        },
        voice: voice_identity,
        bitrate: audio.bitrate,
        sample_rate: audio.sample_rate,
        loudness: audio.loudness,
        true_peak: audio.true_peak,
        intro: hash_clip(clips.0),
        outro: hash_clip(clips.1),
        title: &tag.title,
        author: &tag.author,
        podcast: &tag.podcast,
        date: &tag.date,
        description: &tag.description,
        link: &tag.link,
        image: tag.image.as_ref().map(|(_, b)| sha256_hex(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{Kind, Segment};

    fn script(text: &str) -> Script {
        Script {
            slug: "s".into(),
            title: "T".into(),
            chapters: vec!["T".into()],
            segments: vec![Segment {
                kind: Kind::Sentence,
                text: text.into(),
                caption: None,
                changes: Vec::new(),
                pause_ms: 350,
                chapter: 0,
            }],
        }
    }

    /// Everything a fingerprint is made from, as a test varies it.
    #[derive(Clone)]
    struct Case {
        script: Script,
        voice: &'static str,
        audio: AudioConfig,
        intro: Option<Vec<f32>>,
        outro: Option<Vec<f32>>,
        tag: TagInfo,
    }

    impl Case {
        fn base() -> Case {
            Case {
                script: script("Hello."),
                voice: "v1",
                audio: AudioConfig::default(),
                intro: None,
                outro: None,
                tag: TagInfo {
                    title: "T".into(),
                    ..TagInfo::default()
                },
            }
        }

        fn with(f: impl Fn(&mut Case)) -> Case {
            let mut c = Case::base();
            f(&mut c);
            c
        }

        fn clips(&self) -> (Option<&[f32]>, Option<&[f32]>) {
            (self.intro.as_deref(), self.outro.as_deref())
        }

        fn fingerprint(&self) -> String {
            fingerprint(
                &self.script,
                self.voice,
                &self.audio,
                self.clips(),
                &self.tag,
            )
        }

        /// The names of the inputs hashed (`Inputs`' fields).
        fn input_names(&self) -> std::collections::BTreeSet<String> {
            let inputs = inputs(
                &self.script,
                self.voice,
                &self.audio,
                self.clips(),
                &self.tag,
            );
            let value = serde_json::to_value(&inputs).unwrap();
            value.as_object().unwrap().keys().cloned().collect()
        }
    }

    #[test]
    fn changes_with_every_input_and_only_those() {
        let base = Case::base().fingerprint();
        assert_eq!(base, Case::base().fingerprint());
        // What `--explain` records changes no sound.
        let explained = Case::with(|c| {
            c.script.segments[0]
                .changes
                .push(crate::script::normalize::Change {
                    rule: "number",
                    from: "1".into(),
                    to: "one".into(),
                })
        });
        assert_eq!(base, explained.fingerprint());

        let image = |bytes: Vec<u8>| Some(("image/png".to_string(), bytes));
        // (the input of `Inputs` it changes, what, the case)
        let changed: Vec<(&str, &str, Case)> = vec![
            (
                "script",
                "text",
                Case::with(|c| c.script = script("Hello!")),
            ),
            (
                "script",
                "kind",
                Case::with(|c| c.script.segments[0].kind = Kind::Heading),
            ),
            (
                "script",
                "pause",
                Case::with(|c| c.script.segments[0].pause_ms = 351),
            ),
            (
                "script",
                "caption",
                Case::with(|c| c.script.segments[0].caption = Some("Hi.".into())),
            ),
            (
                "script",
                "chapter",
                Case::with(|c| c.script.segments[0].chapter = 1),
            ),
            ("script", "slug", Case::with(|c| c.script.slug = "t".into())),
            (
                "script",
                "title",
                Case::with(|c| c.script.title = "U".into()),
            ),
            (
                "script",
                "chapters",
                Case::with(|c| c.script.chapters.push("C".into())),
            ),
            ("voice", "voice", Case::with(|c| c.voice = "v2")),
            ("bitrate", "bitrate", Case::with(|c| c.audio.bitrate = 96)),
            (
                "sample_rate",
                "rate",
                Case::with(|c| c.audio.sample_rate = 44100),
            ),
            (
                "loudness",
                "loudness",
                Case::with(|c| c.audio.loudness = -14.0),
            ),
            (
                "true_peak",
                "true peak",
                Case::with(|c| c.audio.true_peak = -2.0),
            ),
            (
                "intro",
                "an intro",
                Case::with(|c| c.intro = Some(vec![0.1])),
            ),
            (
                "intro",
                "its content",
                Case::with(|c| c.intro = Some(vec![0.2])),
            ),
            (
                "outro",
                "an outro",
                Case::with(|c| c.outro = Some(vec![0.1])),
            ),
            (
                "outro",
                "its content",
                Case::with(|c| c.outro = Some(vec![0.2])),
            ),
            (
                "title",
                "tag title",
                Case::with(|c| c.tag.title = "U".into()),
            ),
            (
                "author",
                "author",
                Case::with(|c| c.tag.author = Some("A".into())),
            ),
            (
                "podcast",
                "podcast",
                Case::with(|c| c.tag.podcast = Some("P".into())),
            ),
            (
                "date",
                "date",
                Case::with(|c| c.tag.date = Some("2026-06-13".into())),
            ),
            (
                "description",
                "description",
                Case::with(|c| c.tag.description = Some("D".into())),
            ),
            (
                "link",
                "link",
                Case::with(|c| c.tag.link = Some("L".into())),
            ),
            (
                "image",
                "an image",
                Case::with(|c| c.tag.image = image(vec![1])),
            ),
            (
                "image",
                "its content",
                Case::with(|c| c.tag.image = image(vec![2])),
            ),
        ];
        let mut seen = std::collections::HashSet::from([base]);
        for (input, what, case) in &changed {
            assert!(
                seen.insert(case.fingerprint()),
                "changing the {input} ({what}) did not change the fingerprint"
            );
        }
        // Every input but the format version is varied: a field added to
        // `Inputs` without a case here fails.
        let mut varied: std::collections::BTreeSet<String> =
            changed.iter().map(|(i, _, _)| i.to_string()).collect();
        varied.insert("format".into());
        assert_eq!(varied, Case::base().input_names());
    }
}
