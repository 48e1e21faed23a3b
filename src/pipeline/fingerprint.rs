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
    fn changes_with_every_input() {
        let a = AudioConfig::default();
        let t = TagInfo {
            title: "T".into(),
            ..TagInfo::default()
        };
        let base = fingerprint(&script("Hello."), "v1", &a, (None, None), &t);
        assert_eq!(
            base,
            fingerprint(&script("Hello."), "v1", &a, (None, None), &t)
        );
        assert_ne!(
            base,
            fingerprint(&script("Hello!"), "v1", &a, (None, None), &t)
        );
        assert_ne!(
            base,
            fingerprint(&script("Hello."), "v2", &a, (None, None), &t)
        );
        let louder = AudioConfig {
            loudness: -14.0,
            ..a.clone()
        };
        assert_ne!(
            base,
            fingerprint(&script("Hello."), "v1", &louder, (None, None), &t)
        );
        assert_ne!(
            base,
            fingerprint(&script("Hello."), "v1", &a, (Some(&[0.1]), None), &t)
        );
        let dated = TagInfo {
            date: Some("2026-06-13".into()),
            ..t.clone()
        };
        assert_ne!(
            base,
            fingerprint(&script("Hello."), "v1", &a, (None, None), &dated)
        );
    }
}
