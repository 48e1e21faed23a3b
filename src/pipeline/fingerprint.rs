//! What an episode is built from, hashed: if nothing in it changed and the
//! files are there, the episode is up to date.
//!
//! It covers the script (every segment's text, kind and pause), the voice
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
    let hash_clip = |c: Option<&[f32]>| {
        c.map(|s| {
            let bytes: Vec<u8> = s.iter().flat_map(|x| x.to_le_bytes()).collect();
            sha256_hex(&bytes)
        })
    };
    let inputs = Inputs {
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
    };
    sha256_hex(&serde_json::to_vec(&inputs).expect("plain data serializes"))
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

    #[test]
    fn changes_with_every_input_and_only_those() {
        let a = AudioConfig::default();
        let t = TagInfo {
            title: "T".into(),
            ..TagInfo::default()
        };
        let fp = |s: &Script,
                  v: &str,
                  a: &AudioConfig,
                  c: (Option<&[f32]>, Option<&[f32]>),
                  t: &TagInfo| { fingerprint(s, v, a, c, t) };
        let base = fp(&script("Hello."), "v1", &a, (None, None), &t);
        assert_eq!(base, fp(&script("Hello."), "v1", &a, (None, None), &t));
        // What `--explain` records changes no sound.
        let mut explained = script("Hello.");
        explained.segments[0]
            .changes
            .push(crate::script::normalize::Change {
                rule: "number",
                from: "1".into(),
                to: "one".into(),
            });
        assert_eq!(base, fp(&explained, "v1", &a, (None, None), &t));

        let with_segment = |f: &dyn Fn(&mut Segment)| {
            let mut s = script("Hello.");
            f(&mut s.segments[0]);
            s
        };
        let with_script = |f: &dyn Fn(&mut Script)| {
            let mut s = script("Hello.");
            f(&mut s);
            s
        };
        let with_audio = |f: &dyn Fn(&mut AudioConfig)| {
            let mut x = a.clone();
            f(&mut x);
            x
        };
        let with_tag = |f: &dyn Fn(&mut TagInfo)| {
            let mut x = t.clone();
            f(&mut x);
            x
        };
        let h = script("Hello.");
        let changed: Vec<(&str, String)> = vec![
            ("text", fp(&script("Hello!"), "v1", &a, (None, None), &t)),
            (
                "kind",
                fp(
                    &with_segment(&|s| s.kind = Kind::Heading),
                    "v1",
                    &a,
                    (None, None),
                    &t,
                ),
            ),
            (
                "pause",
                fp(
                    &with_segment(&|s| s.pause_ms = 351),
                    "v1",
                    &a,
                    (None, None),
                    &t,
                ),
            ),
            (
                "caption",
                fp(
                    &with_segment(&|s| s.caption = Some("Hi.".into())),
                    "v1",
                    &a,
                    (None, None),
                    &t,
                ),
            ),
            (
                "chapter",
                fp(
                    &with_segment(&|s| s.chapter = 1),
                    "v1",
                    &a,
                    (None, None),
                    &t,
                ),
            ),
            (
                "slug",
                fp(
                    &with_script(&|s| s.slug = "t".into()),
                    "v1",
                    &a,
                    (None, None),
                    &t,
                ),
            ),
            (
                "script title",
                fp(
                    &with_script(&|s| s.title = "U".into()),
                    "v1",
                    &a,
                    (None, None),
                    &t,
                ),
            ),
            (
                "chapters",
                fp(
                    &with_script(&|s| s.chapters.push("C".into())),
                    "v1",
                    &a,
                    (None, None),
                    &t,
                ),
            ),
            ("voice", fp(&h, "v2", &a, (None, None), &t)),
            (
                "bitrate",
                fp(&h, "v1", &with_audio(&|x| x.bitrate = 96), (None, None), &t),
            ),
            (
                "sample rate",
                fp(
                    &h,
                    "v1",
                    &with_audio(&|x| x.sample_rate = 44100),
                    (None, None),
                    &t,
                ),
            ),
            (
                "loudness",
                fp(
                    &h,
                    "v1",
                    &with_audio(&|x| x.loudness = -14.0),
                    (None, None),
                    &t,
                ),
            ),
            (
                "true peak",
                fp(
                    &h,
                    "v1",
                    &with_audio(&|x| x.true_peak = -2.0),
                    (None, None),
                    &t,
                ),
            ),
            ("intro", fp(&h, "v1", &a, (Some(&[0.1]), None), &t)),
            ("outro", fp(&h, "v1", &a, (None, Some(&[0.1])), &t)),
            (
                "tag title",
                fp(
                    &h,
                    "v1",
                    &a,
                    (None, None),
                    &with_tag(&|x| x.title = "U".into()),
                ),
            ),
            (
                "author",
                fp(
                    &h,
                    "v1",
                    &a,
                    (None, None),
                    &with_tag(&|x| x.author = Some("A".into())),
                ),
            ),
            (
                "podcast",
                fp(
                    &h,
                    "v1",
                    &a,
                    (None, None),
                    &with_tag(&|x| x.podcast = Some("P".into())),
                ),
            ),
            (
                "date",
                fp(
                    &h,
                    "v1",
                    &a,
                    (None, None),
                    &with_tag(&|x| x.date = Some("2026-06-13".into())),
                ),
            ),
            (
                "description",
                fp(
                    &h,
                    "v1",
                    &a,
                    (None, None),
                    &with_tag(&|x| x.description = Some("D".into())),
                ),
            ),
            (
                "link",
                fp(
                    &h,
                    "v1",
                    &a,
                    (None, None),
                    &with_tag(&|x| x.link = Some("L".into())),
                ),
            ),
            (
                "image",
                fp(
                    &h,
                    "v1",
                    &a,
                    (None, None),
                    &with_tag(&|x| x.image = Some(("image/png".into(), vec![1]))),
                ),
            ),
        ];
        // Every input of `Inputs` but the format version is changed once.
        assert_eq!(changed.len(), 22);
        let mut seen = std::collections::HashSet::new();
        seen.insert(base.clone());
        for (what, f) in &changed {
            assert!(
                seen.insert(f.clone()),
                "changing the {what} did not change the fingerprint"
            );
        }
    }
}
