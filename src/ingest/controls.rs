//! Author controls: HTML comments that steer the narration from inside a
//! post, invisible to readers of the page.
//!
//! ```text
//! <!-- narrate: skip -->  …  <!-- narrate: end -->   not spoken
//! <!-- narrate: say "A table of latencies by region." -->   spoken instead of the next block
//! <!-- narrate: pause 2s -->   silence here
//! ```
//!
//! The same comments work in Markdown, HTML pages and a feed's
//! `content:encoded`. A malformed control is a warning naming the line, and
//! the post builds as if it were absent: [`prepare`] finds every control
//! first, reports the bad ones and disarms them, so the parsers only ever
//! meet well-formed, balanced controls.

use std::borrow::Cow;

/// The longest pause a control may ask for.
pub const MAX_PAUSE_MS: u32 = 10_000;

/// What a well-formed control asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    Skip,
    End,
    Say(String),
    Pause(u32),
}

/// A malformed control: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line in the post's body.
    pub line: usize,
    pub message: String,
}

/// The marker a disarmed control gets instead of `narrate:`, so that no
/// parser takes it for a control.
const DISARMED: &str = "narrate-ignored:";

/// Reads the inside of one HTML comment. `Ok(None)`: not a narrate control;
/// `Err`: a narrate control that is malformed, and why.
pub fn parse(comment: &str) -> Result<Option<Control>, String> {
    let Some(rest) = comment.trim().strip_prefix("narrate:") else {
        return Ok(None);
    };
    let rest = rest.trim();
    let (verb, arg) = match rest.split_once(char::is_whitespace) {
        Some((v, a)) => (v, a.trim()),
        None => (rest, ""),
    };
    match verb {
        "skip" | "end" if !arg.is_empty() => Err(format!("`{verb}` takes nothing after it")),
        "skip" => Ok(Some(Control::Skip)),
        "end" => Ok(Some(Control::End)),
        "say" => {
            let text = unquote(arg).ok_or_else(|| {
                "`say` needs its words in quotes: <!-- narrate: say \"A chart of latency.\" -->"
                    .to_string()
            })?;
            if text.trim().is_empty() {
                return Err("`say` has nothing to say".into());
            }
            Ok(Some(Control::Say(text.to_string())))
        }
        "pause" => {
            let ms = duration_ms(arg).ok_or_else(|| {
                format!("`pause {arg}` is not a duration; write e.g. `pause 2s` or `pause 500ms`")
            })?;
            if ms > MAX_PAUSE_MS {
                return Err(format!(
                    "`pause {arg}` is longer than {} s; a listener would think the episode ended",
                    MAX_PAUSE_MS / 1000
                ));
            }
            Ok(Some(Control::Pause(ms)))
        }
        "" => Err("a control needs a verb: skip, end, say or pause".into()),
        other => Err(format!(
            "unknown control `{other}`; the controls are skip, end, say \"…\" and pause"
        )),
    }
}

/// `"…"` or `“…”` → the words inside.
fn unquote(s: &str) -> Option<&str> {
    s.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| s.strip_prefix('“').and_then(|r| r.strip_suffix('”')))
}

/// `2s`, `1.5s`, `500ms`, `2` (seconds) → milliseconds.
fn duration_ms(s: &str) -> Option<u32> {
    let s = s.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (s, 1000.0)
    };
    let v: f64 = num.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| (v * scale).round().min(u32::MAX as f64) as u32)
}

/// The well-formed controls in a piece of HTML (a Markdown HTML event, a
/// comment node's text), in order.
pub fn in_html(html: &str) -> Vec<Control> {
    comments(html, false)
        .into_iter()
        .filter_map(|(range, _)| parse(&html[range]).ok().flatten())
        .collect()
}

/// The well-formed control in the text of one comment node (what is
/// between `<!--` and `-->`), if it is one.
pub fn of_comment(inside: &str) -> Option<Control> {
    parse(inside).ok().flatten()
}

/// Every `<!-- … -->` comment in `text`: (byte range of its inside, line).
/// With `markdown`, comments inside fenced code blocks and code spans are
/// left out: there they are text, not comments. Linear in the text.
fn comments(text: &str, markdown: bool) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    // Newlines counted up to `counted`, incrementally.
    let (mut line, mut counted) = (1, 0);
    let mut last_nl: Option<usize> = None;
    let mut fence: Option<&str> = None;
    let mut fence_checked = 0;
    while let Some(open) = text[from..].find("<!--") {
        let at = from + open;
        let start = at + 4;
        let Some(len) = text[start..].find("-->") else {
            break;
        };
        let seen = &text[counted..start];
        line += seen.matches('\n').count();
        if let Some(i) = seen.rfind('\n') {
            last_nl = Some(counted + i);
        }
        counted = start;
        from = start + len + 3;
        if markdown {
            let line_start = last_nl.map_or(0, |i| i + 1);
            // Fences opened or closed on the whole lines before this
            // comment's line, each line looked at once.
            let before = if line_start > fence_checked {
                &text[fence_checked..line_start]
            } else {
                ""
            };
            fence_checked = fence_checked.max(line_start);
            for l in before.lines() {
                let t = l.trim_start();
                let marker = if t.starts_with("```") {
                    "```"
                } else if t.starts_with("~~~") {
                    "~~~"
                } else {
                    continue;
                };
                fence = match fence {
                    Some(m) if m == marker => None,
                    None => Some(marker),
                    keep => keep,
                };
            }
            // (On one enormous line, only its last 4 KB: linear either way.)
            let mut from = line_start.max(at.saturating_sub(4096));
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let ticks = text[from..at].matches('`').count();
            if fence.is_some() || ticks % 2 == 1 {
                continue;
            }
        }
        out.push((start..start + len, line));
    }
    out
}

/// Checks every control in a body: returns the body with malformed and
/// unbalanced controls disarmed, and a warning for each.
pub fn prepare(body: &str, markdown: bool) -> (Cow<'_, str>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut disarm: Vec<usize> = Vec::new();
    // The open skip: its comment's start and line.
    let mut open: Option<(usize, usize)> = None;
    for (range, line) in comments(body, markdown) {
        let inside = &body[range.clone()];
        if inside.contains('\n') && parse(inside).is_ok_and(|c| c.is_some()) {
            // Parsers see a multi-line comment piecemeal: one line a control.
            warnings.push(Warning {
                line,
                message: "a control must be on one line; ignored".into(),
            });
            disarm.push(range.start);
            continue;
        }
        match parse(inside) {
            Ok(None) => {}
            Ok(Some(Control::Skip)) => {
                if let Some((_, first)) = open {
                    warnings.push(Warning {
                        line,
                        message: format!("`skip` inside the skip opened on line {first}; ignored"),
                    });
                    disarm.push(range.start);
                } else {
                    open = Some((range.start, line));
                }
            }
            Ok(Some(Control::End)) => {
                if open.take().is_none() {
                    warnings.push(Warning {
                        line,
                        message: "`end` without a `skip` before it; ignored".into(),
                    });
                    disarm.push(range.start);
                }
            }
            Ok(Some(_)) => {}
            Err(message) => {
                warnings.push(Warning { line, message });
                disarm.push(range.start);
            }
        }
    }
    if let Some((start, line)) = open {
        warnings.push(Warning {
            line,
            message: "`skip` is never closed by `<!-- narrate: end -->`; ignored, so everything after it is read".into(),
        });
        disarm.push(start);
    }
    if disarm.is_empty() {
        // The common case, a post with no bad control: no copy.
        return (Cow::Borrowed(body), warnings);
    }
    // One forward pass: each disarmed comment's "narrate:" is rewritten.
    disarm.sort_unstable();
    let mut out = String::with_capacity(body.len() + disarm.len() * 8);
    let mut at = 0;
    for start in disarm {
        if let Some(k) = body[start..].find("narrate:") {
            out.push_str(&body[at..start + k]);
            out.push_str(DISARMED);
            at = start + k + "narrate:".len();
        }
    }
    out.push_str(&body[at..]);
    warnings.sort_by_key(|w| w.line);
    (Cow::Owned(out), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_parse() {
        assert_eq!(parse(" narrate: skip "), Ok(Some(Control::Skip)));
        assert_eq!(parse("narrate: end"), Ok(Some(Control::End)));
        assert_eq!(
            parse("narrate: say \"A table of latencies.\""),
            Ok(Some(Control::Say("A table of latencies.".into())))
        );
        assert_eq!(
            parse("narrate: say “Curly.”"),
            Ok(Some(Control::Say("Curly.".into())))
        );
        assert_eq!(parse("narrate: pause 2s"), Ok(Some(Control::Pause(2000))));
        assert_eq!(parse("narrate: pause 1.5s"), Ok(Some(Control::Pause(1500))));
        assert_eq!(parse("narrate: pause 300ms"), Ok(Some(Control::Pause(300))));
        assert_eq!(parse(" a plain comment "), Ok(None));
        assert!(parse("narrate: pause 11s")
            .unwrap_err()
            .contains("longer than 10 s"));
        assert!(parse("narrate: shout")
            .unwrap_err()
            .contains("unknown control `shout`"));
        assert!(parse("narrate: say no quotes")
            .unwrap_err()
            .contains("quotes"));
        assert!(parse("narrate: pause soon").is_err());
        assert!(parse("narrate:").is_err());
    }

    #[test]
    fn bad_controls_are_warned_about_and_disarmed() {
        let body = "a\n<!-- narrate: skip -->\nb\n<!-- narrate: shout -->\n<!-- narrate: end -->\n<!-- narrate: end -->\n<!-- narrate: skip -->\nc\n";
        let (out, w) = prepare(body, true);
        let lines: Vec<usize> = w.iter().map(|w| w.line).collect();
        assert_eq!(lines, [4, 6, 7], "{w:?}");
        assert!(w[2].message.contains("never closed"));
        // The good pair stays, the bad ones no longer read as controls.
        assert_eq!(out.matches("narrate:").count(), 2);
        assert_eq!(out.matches("narrate-ignored:").count(), 3);
        let (same, none) = prepare("<!-- narrate: skip -->x<!-- narrate: end -->", false);
        assert!(none.is_empty());
        assert_eq!(same, "<!-- narrate: skip -->x<!-- narrate: end -->");
    }

    #[test]
    fn code_examples_and_multi_line_comments_are_not_controls() {
        let body = "<!-- narrate: skip -->\nExample:\n```html\n<!-- narrate: end -->\n```\nSay `<!-- narrate: pause 99s -->` inline.\n<!-- narrate: end -->\n<!-- narrate: say\n\"two lines\" -->\n";
        let (out, w) = prepare(body, true);
        let lines: Vec<usize> = w.iter().map(|w| w.line).collect();
        assert_eq!(lines, [8], "{w:?}");
        assert!(w[0].message.contains("one line"));
        // The skip closes at the real end (line 7), not in the code.
        assert_eq!(out.matches("narrate-ignored:").count(), 1);
        // Linear: many comments in a large body.
        let big = "<!---->\n".repeat(200_000);
        let (_, w) = prepare(&big, true);
        assert!(w.is_empty());
        let one_line = "é<!--narrate:x-->".repeat(100_000);
        let (out, w) = prepare(&one_line, true);
        assert_eq!(w.len(), 100_000);
        assert_eq!(out.matches("narrate-ignored:").count(), 100_000);
    }
}
