//! The episode as data: where every segment and chapter sits in the final
//! audio. Built once from the script and the assembled track, then read by
//! the ID3 chapters, the WebVTT transcript and the JSON chapters, so the
//! three always agree.

use serde::Serialize;

use crate::script::Script;
use crate::units::{Millis, Samples, Span};

/// One spoken segment's place in the audio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cue {
    pub start: Millis,
    pub end: Millis,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chapter {
    pub title: String,
    pub start: Millis,
    pub end: Millis,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub duration: Millis,
    pub cues: Vec<Cue>,
    pub chapters: Vec<Chapter>,
}

fn ms(samples: usize, rate: u32) -> Millis {
    Samples::new(samples, rate).millis()
}

impl Timeline {
    /// From the script, where each of its segments is in the assembled
    /// track, and the track's length (at the spans' rate). A chapter starts at its first segment
    /// (the first chapter at 0, so intro music belongs to it) and ends where
    /// the next begins; chapters with no spoken segment are left out.
    pub fn new(script: &Script, spans: &[Span], length: Samples) -> Timeline {
        let rate = length.rate;
        let duration = length.millis();
        let cues = script
            .segments
            .iter()
            .zip(spans)
            .filter(|(_, span)| !span.is_empty())
            .map(|(seg, span)| Cue {
                start: ms(span.start, rate),
                end: ms(span.end, rate),
                // Captions show words as written, not lexicon respellings.
                text: seg.caption.clone().unwrap_or_else(|| seg.text.clone()),
            })
            .collect();
        let mut chapters: Vec<Chapter> = Vec::new();
        let mut current = None;
        for (seg, span) in script.segments.iter().zip(spans) {
            if current == Some(seg.chapter) {
                continue;
            }
            current = Some(seg.chapter);
            let title = script
                .chapters
                .get(seg.chapter)
                .cloned()
                .unwrap_or_default();
            let start = if chapters.is_empty() {
                Millis(0)
            } else {
                ms(span.start, rate)
            };
            if let Some(last) = chapters.last_mut() {
                last.end = start;
            }
            chapters.push(Chapter {
                title,
                start,
                end: duration,
            });
        }
        Timeline {
            duration,
            cues,
            chapters,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{Kind, Segment};
    use crate::units::Millis;

    fn seg(text: &str, chapter: usize) -> Segment {
        Segment {
            kind: Kind::Sentence,
            text: text.into(),
            caption: None,
            changes: Vec::new(),
            pause_ms: 0,
            chapter,
        }
    }

    /// A timeline at 1000 Hz (samples are milliseconds).
    fn timeline(script: &Script, spans: &[(usize, usize)], total: usize) -> Timeline {
        let spans: Vec<Span> = spans.iter().map(|&(s, e)| Span::new(s, e)).collect();
        Timeline::new(script, &spans, Samples::new(total, 1000))
    }

    #[test]
    fn cues_and_chapters_from_spans() {
        let script = Script {
            slug: "s".into(),
            title: "T".into(),
            chapters: vec!["T".into(), "Empty".into(), "Two".into()],
            segments: vec![seg("a", 0), seg("b", 0), seg("c", 2), seg("d", 2)],
        };
        // 1000 Hz: samples are milliseconds.
        let spans = [(100, 400), (500, 900), (1500, 2000), (2100, 2500)];
        let t = timeline(&script, &spans, 2600);
        assert_eq!(t.duration.0, 2600);
        assert_eq!(t.cues.len(), 4);
        assert_eq!(
            (t.cues[2].start.0, t.cues[2].end.0, t.cues[2].text.as_str()),
            (1500, 2000, "c")
        );
        assert_eq!(
            t.chapters,
            vec![
                Chapter {
                    title: "T".into(),
                    start: Millis(0),
                    end: Millis(1500)
                },
                Chapter {
                    title: "Two".into(),
                    start: Millis(1500),
                    end: Millis(2600)
                },
            ]
        );
    }

    #[test]
    fn silent_segments_get_no_cue() {
        let script = Script {
            slug: "s".into(),
            title: "T".into(),
            chapters: vec!["T".into()],
            segments: vec![seg("a", 0), seg("(silent)", 0)],
        };
        let t = timeline(&script, &[(0, 10), (20, 20)], 30);
        assert_eq!(t.cues.len(), 1);
    }
}
