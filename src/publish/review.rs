//! The review page: one static HTML file per post that lists its script
//! segment by segment — what is written, what the voice says, every rule or
//! lexicon entry that changed it, how long it lasts — each with a player for
//! that segment's audio, and the segments that changed since the last
//! episode marked. An author listens to exactly those and fixes the lexicon.
//! Proofread (`narrate review --proof`), each segment also shows what a
//! speech recognizer heard, the differing words marked, and a filter shows
//! only the flagged segments.
//!
//! No server, no framework, no network: inline CSS, a few lines of inline
//! script for the keyboard and the "changed only" filter, native `<audio>`
//! elements (keyboard-usable everywhere). Pure: values in, a string out;
//! `pipeline::review` writes it and the audio files beside it.

use crate::script::Script;
use crate::units::Millis;

/// One segment's audio and whether it is new since the last episode.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentAudio {
    /// The audio file, relative to the page.
    pub src: String,
    pub duration: Millis,
    pub changed: bool,
    /// What the recognizer heard, when the review was proofread.
    pub heard: Option<crate::proof::Heard>,
}

/// `true` for each segment whose transcript line (caption, else text) is
/// not among the previous episode's cues: new or edited since then. With
/// no previous episode, nothing is marked (everything would be).
pub fn changed_since(script: &Script, previous_cues: Option<&[String]>) -> Vec<bool> {
    let Some(cues) = previous_cues else {
        return vec![false; script.segments.len()];
    };
    let known: std::collections::HashSet<&str> = cues.iter().map(String::as_str).collect();
    script
        .segments
        .iter()
        .map(|s| !known.contains(s.caption.as_deref().unwrap_or(&s.text)))
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn seconds(d: Millis) -> String {
    format!("{:.1} s", d.seconds())
}

const STYLE: &str = "
:root { color-scheme: light dark; --accent: #2563eb; --changed: #b45309; }
* { box-sizing: border-box; }
body { font: 17px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 1rem; overflow-wrap: anywhere; }
header p { margin: .25rem 0; }
ol { list-style: none; padding: 0; }
li.seg { border: 1px solid #8884; border-radius: .5rem; padding: .75rem; margin: .75rem 0; }
li.seg:focus-within { outline: 3px solid var(--accent); }
li.seg.changed { border-left: .4rem solid var(--changed); }
.meta { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; font-size: .85rem; opacity: .8; }
.badge { background: var(--changed); color: white; border-radius: .25rem; padding: 0 .4rem; }
.written { margin: .4rem 0; font-size: 1.05rem; }
.spoken { margin: .2rem 0; font-style: italic; }
audio { width: 100%; margin-top: .4rem; }
ul.changes { margin: .3rem 0 0; padding-left: 1.2rem; font-size: .85rem; }
code { font-size: .85em; }
body.only-changed li.seg:not(.changed) { display: none; }
li.seg.flagged { border-right: .4rem solid #dc2626; }
.heard { margin: .3rem 0 0; font-size: .9rem; }
.heard mark { background: #fecaca; color: inherit; }
body.only-flagged li.seg:not(.flagged) { display: none; }
@media (max-width: 30rem) { body { font-size: 16px; padding: .5rem; } }
";

/// Keyboard: `j`/`k` (or ↓/↑) move between segments, space or `p` plays
/// the focused one; the checkbox shows only the changed segments.
const SCRIPT: &str = "
const segs = [...document.querySelectorAll('li.seg')];
let at = 0;
function focusSeg(i) { if (!segs.length) return; at = Math.max(0, Math.min(segs.length - 1, i)); segs[at].focus(); }
document.addEventListener('keydown', (e) => {
  if (e.target.tagName === 'INPUT' || e.target.tagName === 'AUDIO' || e.metaKey || e.ctrlKey) return;
  if (e.key === 'j' || e.key === 'ArrowDown') { focusSeg(at + 1); e.preventDefault(); }
  else if (e.key === 'k' || e.key === 'ArrowUp') { focusSeg(at - 1); e.preventDefault(); }
  else if (e.key === ' ' || e.key === 'p') {
    const a = segs[at] && segs[at].querySelector('audio');
    if (a) { a.paused ? a.play() : a.pause(); e.preventDefault(); }
  }
});
segs.forEach((s, i) => s.addEventListener('focus', () => { at = i; }));
for (const name of ['only-changed', 'only-flagged']) {
  const box = document.getElementById(name);
  if (box) box.addEventListener('change', () => document.body.classList.toggle(name, box.checked));
}
";

/// The page for `script`, with one entry of `audio` per segment.
pub fn page(script: &Script, audio: &[SegmentAudio], previous: bool) -> String {
    let total = Millis(audio.iter().map(|a| a.duration.0).sum());
    let changed = audio.iter().filter(|a| a.changed).count();
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // For the author, not for readers or search engines.
    out.push_str("<meta name=\"robots\" content=\"noindex, nofollow\">\n");
    out.push_str(&format!("<title>Review: {}</title>\n", esc(&script.title)));
    out.push_str(&format!(
        "<style>{STYLE}</style>\n</head>\n<body>\n<header>\n"
    ));
    out.push_str(&format!("<h1>{}</h1>\n", esc(&script.title)));
    out.push_str(&format!(
        "<p>{} segments, {} of speech. ",
        script.segments.len(),
        seconds(total)
    ));
    if previous {
        out.push_str(&format!(
            "{changed} changed since the last episode, marked.</p>\n<p><label><input type=\"checkbox\" id=\"only-changed\"> Show only the changed segments</label></p>\n"
        ));
    } else {
        out.push_str("No earlier episode to compare with.</p>\n");
    }
    let heard: Vec<&crate::proof::Heard> = audio.iter().filter_map(|a| a.heard.as_ref()).collect();
    if !heard.is_empty() {
        let words: usize = heard.iter().map(|h| h.words).sum();
        let words_heard: usize = heard.iter().map(|h| h.words_heard).sum();
        let flagged = heard.iter().filter(|h| h.flagged).count();
        out.push_str(&format!(
            "<p>Heard {words_heard} of {words} words as written; {flagged} segment(s) flagged, marked.</p>\n<p><label><input type=\"checkbox\" id=\"only-flagged\"> Show only the flagged segments</label></p>\n"
        ));
    }
    out.push_str("<p>Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous segment, <kbd>space</kbd> play or pause.</p>\n</header>\n<main>\n<ol>\n");
    for (i, (seg, a)) in script.segments.iter().zip(audio).enumerate() {
        let n = i + 1;
        let written = seg.caption.as_deref().unwrap_or(&seg.text);
        let flagged = a.heard.as_ref().is_some_and(|h| h.flagged);
        out.push_str(&format!(
            "<li class=\"seg{}{}\" id=\"seg-{n}\" tabindex=\"-1\" aria-labelledby=\"seg-{n}-text\">\n",
            if a.changed { " changed" } else { "" },
            if flagged { " flagged" } else { "" }
        ));
        out.push_str(&format!(
            "<div class=\"meta\"><span>#{n}</span><span>{}</span><span>{}</span>{}</div>\n",
            seg.kind.as_str(),
            seconds(a.duration),
            if a.changed {
                "<span class=\"badge\">changed</span>"
            } else {
                ""
            }
        ));
        out.push_str(&format!(
            "<p class=\"written\" id=\"seg-{n}-text\">{}</p>\n",
            esc(written)
        ));
        if seg.text != written {
            out.push_str(&format!(
                "<p class=\"spoken\">Said: {}</p>\n",
                esc(&seg.text)
            ));
        }
        out.push_str(&format!(
            "<audio controls preload=\"none\" src=\"{}\" aria-label=\"Play segment {n}\"></audio>\n",
            esc(&a.src)
        ));
        if let Some(h) = &a.heard {
            out.push_str(&heard_html(h));
        }
        if !seg.changes.is_empty() {
            out.push_str("<ul class=\"changes\">\n");
            for c in &seg.changes {
                out.push_str(&format!(
                    "<li><code>{}</code> “{}” → “{}”</li>\n",
                    esc(c.rule),
                    esc(&c.from),
                    esc(&c.to)
                ));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</main>\n");
    out.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    out
}

/// "Heard: …" with each difference's heard words marked, and the words the
/// post meant beside them.
fn heard_html(h: &crate::proof::Heard) -> String {
    let mut text = esc(&h.heard);
    for d in &h.differences {
        if !d.heard.is_empty() {
            let e = esc(&d.heard);
            text = text.replacen(&e, &format!("<mark>{e}</mark>"), 1);
        }
    }
    let mut out = format!("<p class=\"heard\">Heard: {text}</p>\n");
    if h.flagged {
        let words: Vec<String> = h
            .differences
            .iter()
            .map(|d| format!("“{}” heard as “{}”", esc(&d.said), esc(&d.heard)))
            .collect();
        out.push_str(&format!(
            "<p class=\"heard\"><span class=\"badge\">flagged</span> {}</p>\n",
            words.join("; ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{Kind, Segment};

    fn seg(text: &str, caption: Option<&str>) -> Segment {
        Segment {
            kind: Kind::Sentence,
            text: text.into(),
            caption: caption.map(String::from),
            pause_ms: 350,
            chapter: 0,
            changes: vec![],
        }
    }

    #[test]
    fn changed_segments_are_those_not_in_the_last_transcript() {
        let script = Script {
            slug: "s".into(),
            title: "T & <b>".into(),
            chapters: vec!["T".into()],
            segments: vec![
                seg("Old.", None),
                seg("koobernettease is new.", Some("Kubernetes is new.")),
            ],
        };
        let cues = vec!["Old.".to_string(), "Gone.".to_string()];
        assert_eq!(changed_since(&script, Some(&cues)), [false, true]);
        assert_eq!(changed_since(&script, None), [false, false]);
        let audio: Vec<SegmentAudio> = (1..=2)
            .map(|i| SegmentAudio {
                src: format!("s/{i:04}.wav"),
                duration: Millis(1500),
                changed: i == 2,
                heard: None,
            })
            .collect();
        let html = page(&script, &audio, true);
        assert!(html.contains("<title>Review: T &amp; &lt;b&gt;</title>"));
        assert_eq!(html.matches("<li class=\"seg").count(), 2);
        assert_eq!(html.matches("<audio controls").count(), 2);
        assert!(html.contains("src=\"s/0002.wav\""));
        assert!(html.contains("1 changed since the last episode"));
        assert!(
            html.contains("Kubernetes is new.") && html.contains("Said: koobernettease is new.")
        );
        assert_eq!(html.matches("class=\"seg changed\"").count(), 1);
    }

    #[test]
    fn a_proofread_segment_shows_what_was_heard_and_the_flagged_ones_filter() {
        let script = Script {
            slug: "s".into(),
            title: "T".into(),
            chapters: vec!["T".into()],
            segments: vec![
                seg("We use carpet.", Some("We use Redis.")),
                seg("Fine.", None),
            ],
        };
        let heard = |i: usize, text: &str, diff: Option<(&str, &str)>| crate::proof::Heard {
            segment: i,
            said: String::new(),
            heard: text.into(),
            words_heard: 3 - usize::from(diff.is_some()),
            words: 3,
            differences: diff
                .map(|(said, heard)| crate::proof::align::Difference {
                    at: 2,
                    said: said.into(),
                    heard: heard.into(),
                })
                .into_iter()
                .collect(),
            flagged: diff.is_some(),
            cached: false,
        };
        let audio = vec![
            SegmentAudio {
                src: "s/0001.wav".into(),
                duration: Millis(1000),
                changed: false,
                heard: Some(heard(0, "We use carpet.", Some(("Redis", "carpet")))),
            },
            SegmentAudio {
                src: "s/0002.wav".into(),
                duration: Millis(1000),
                changed: false,
                heard: Some(heard(1, "Fine.", None)),
            },
        ];
        let html = page(&script, &audio, false);
        assert!(
            html.contains("Heard 5 of 6 words as written; 1 segment(s) flagged"),
            "{html}"
        );
        assert!(html.contains("id=\"only-flagged\""));
        assert_eq!(html.matches("class=\"seg flagged\"").count(), 1);
        assert!(html.contains("<p class=\"heard\">Heard: We use <mark>carpet</mark>.</p>"));
        assert!(html.contains("“Redis” heard as “carpet”"));
        assert!(html.contains("<p class=\"heard\">Heard: Fine.</p>"));
    }
}
