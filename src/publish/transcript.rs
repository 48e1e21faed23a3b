//! WebVTT transcript: one cue per spoken segment, timed from the sample
//! offsets of the assembled audio (so a player highlights the sentence
//! being heard).

use crate::timeline::Timeline;

/// `HH:MM:SS.mmm`, the form WebVTT requires hours in for long files.
fn timestamp(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Cue text is not markup: `&`, `<`, `>` are escaped, and a cue can never
/// contain the `-->` arrow or a blank line that would end it.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', " ")
}

pub fn webvtt(timeline: &Timeline) -> String {
    let mut out = String::from("WEBVTT\n");
    for (i, cue) in timeline.cues.iter().enumerate() {
        out.push_str(&format!(
            "\n{}\n{} --> {}\n{}\n",
            i + 1,
            timestamp(cue.start.0),
            timestamp(cue.end.0),
            escape(&cue.text)
        ));
    }
    out
}

/// The cue texts of a WebVTT file this module wrote, unescaped, in order:
/// what an earlier episode said, for the review page's "changed" marks.
pub fn cue_texts(vtt: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = vtt.lines();
    while let Some(line) = lines.next() {
        if line.contains(" --> ") {
            let text: Vec<&str> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
            out.push(
                text.join(" ")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Cue;
    use crate::units::Millis;

    #[test]
    fn cues_are_numbered_timed_and_escaped() {
        let t = Timeline {
            duration: Millis(3_725_500),
            cues: vec![
                Cue {
                    start: Millis(0),
                    end: Millis(1500),
                    text: "Tea & <toast> --> jam".into(),
                },
                Cue {
                    start: Millis(3_723_004),
                    end: Millis(3_725_000),
                    text: "Bye.".into(),
                },
            ],
            chapters: vec![],
        };
        assert_eq!(
            webvtt(&t),
            "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nTea &amp; &lt;toast&gt; --&gt; jam\n\n2\n01:02:03.004 --> 01:02:05.000\nBye.\n"
        );
        // Read back: the texts as written.
        assert_eq!(cue_texts(&webvtt(&t)), ["Tea & <toast> --> jam", "Bye."]);
    }
}
