//! Markdown body → [`Document`], with pulldown-cmark (footnotes, tables and
//! strikethrough on). Events drive the shared [`Builder`]; code blocks, tables
//! and raw HTML tags are consumed here so their text never reaches a block.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::controls::Control;
use crate::document::{Block, Builder, Document, Footnote, Inline};

const OPTIONS: Options = Options::ENABLE_FOOTNOTES
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_MATH);

/// Inline HTML elements whose meaning the script stage needs: their text is
/// collected between the opening and the closing tag.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Semantic {
    Kbd,
    Sup,
    Sub,
    Abbr,
}

/// An opening tag of one of the [`Semantic`] elements, with `abbr`'s title.
fn semantic_open(tag: &str) -> Option<(Semantic, Option<String>)> {
    let t = tag.trim();
    let inner = t.strip_prefix('<')?.strip_suffix('>')?;
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let kind = match inner[..name_end].to_ascii_lowercase().as_str() {
        "kbd" => Semantic::Kbd,
        "sup" => Semantic::Sup,
        "sub" => Semantic::Sub,
        "abbr" => Semantic::Abbr,
        _ => return None,
    };
    let title = inner[name_end..].split_once("title=").and_then(|(_, v)| {
        let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        v[1..].split(q).next().map(str::to_string)
    });
    Some((kind, title))
}

fn semantic_close(tag: &str, kind: Semantic) -> bool {
    let name = match kind {
        Semantic::Kbd => "</kbd>",
        Semantic::Sup => "</sup>",
        Semantic::Sub => "</sub>",
        Semantic::Abbr => "</abbr>",
    };
    tag.trim().eq_ignore_ascii_case(name)
}

/// How deep the post's elements nest (quotes in lists in quotes…), counted
/// without recursion, so a hostile post can be refused before the
/// recursive stages see it.
pub fn depth(markdown: &str) -> usize {
    let (mut d, mut max) = (0usize, 0usize);
    for event in Parser::new_ext(markdown, OPTIONS) {
        match event {
            Event::Start(_) => {
                d += 1;
                max = max.max(d);
            }
            Event::End(_) => d = d.saturating_sub(1),
            _ => {}
        }
    }
    max
}

pub fn parse(markdown: &str) -> Document {
    let mut r = MarkdownReader {
        main: Builder::new(),
        footnote: None,
        footnotes: Vec::new(),
        skip_depth: 0,
        image_alt: None,
        link_url: Vec::new(),
        semantic: None,
        author_skip: false,
        dropped_image: false,
    };
    for event in Parser::new_ext(markdown, OPTIONS) {
        let Some(event) = r.skips(event) else {
            continue;
        };
        let Some(event) = r.captures(event) else {
            continue;
        };
        r.structure(event);
    }
    Document {
        title: None,
        blocks: r.main.finish(),
        footnotes: r.footnotes,
    }
}

/// What [`parse`] is in the middle of, event by event.
struct MarkdownReader {
    main: Builder,
    /// The definition being read, if any: its blocks go to their own builder.
    footnote: Option<(String, Builder)>,
    footnotes: Vec<Footnote>,
    /// Inside these, text events are not prose (code, table cells).
    skip_depth: usize,
    /// An image's alt text so far.
    image_alt: Option<String>,
    /// Open links: their URL and text so far.
    link_url: Vec<(String, String)>,
    /// An open `<kbd>`, `<sup>`, `<sub>` or `<abbr>`: its kind, title, text.
    semantic: Option<(Semantic, Option<String>, String)>,
    /// Between an author's `skip` and `end`; an image being dropped there.
    author_skip: bool,
    dropped_image: bool,
}

impl MarkdownReader {
    /// Where blocks go now: the footnote being read, else the post.
    fn b(&mut self) -> &mut Builder {
        match &mut self.footnote {
            Some((_, fb)) => fb,
            None => &mut self.main,
        }
    }

    /// Code and tables, author controls and what an author's skip drops:
    /// `None` when the event ends here.
    fn skips<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        if self.skip_depth > 0 {
            match &event {
                Event::Start(Tag::CodeBlock(_) | Tag::Table(_)) => self.skip_depth += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::Table) => self.skip_depth -= 1,
                // A skip or end inside a table still opens or closes the skip.
                Event::Html(h) | Event::InlineHtml(h) => {
                    for c in super::controls::in_html(h) {
                        match c {
                            Control::Skip => self.author_skip = true,
                            Control::End => self.author_skip = false,
                            Control::Say(_) | Control::Pause(_) => {}
                        }
                    }
                }
                _ => {}
            }
            return None;
        }
        // Author controls (`controls::prepare` left only well-formed ones).
        if let Event::Html(h) | Event::InlineHtml(h) = &event {
            let found = super::controls::in_html(h);
            for c in &found {
                match c {
                    Control::Skip => self.author_skip = true,
                    Control::End => self.author_skip = false,
                    Control::Say(t) if !self.author_skip => self.b().leaf(Block::Say(t.clone())),
                    Control::Pause(ms) if !self.author_skip => self.b().leaf(Block::Pause(*ms)),
                    _ => {}
                }
            }
            if !found.is_empty() {
                return None;
            }
        }
        if self.dropped_image {
            self.dropped_image = !matches!(event, Event::End(TagEnd::Image));
            return None;
        }
        // Inside an author's skip, words and leaf blocks are dropped; the
        // structure (paragraphs, lists, quotes) still opens and closes.
        if self.author_skip {
            match &event {
                Event::Start(Tag::CodeBlock(_) | Tag::Table(_)) => {
                    self.skip_depth = 1;
                    return None;
                }
                Event::Start(Tag::Image { .. }) => {
                    self.dropped_image = true;
                    return None;
                }
                Event::Start(_) | Event::End(_) => {}
                _ => return None,
            }
        }
        Some(event)
    }

    /// An image's alt text and a semantic element's words are gathered
    /// whole: `None` when the event ends here.
    fn captures<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        if let Some(alt) = &mut self.image_alt {
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => {
                    let alt = self.image_alt.take().unwrap_or_default();
                    self.b().leaf(Block::Image {
                        alt: alt.trim().to_string(),
                    });
                }
                _ => {}
            }
            return None;
        }
        if let Some((kind, title, text)) = &mut self.semantic {
            match event {
                Event::Text(t) | Event::Code(t) => {
                    text.push_str(&t);
                    return None;
                }
                Event::InlineHtml(tag) if semantic_close(&tag, *kind) => {
                    let text = std::mem::take(text);
                    let inline = match kind {
                        Semantic::Kbd => Inline::Keys(text),
                        Semantic::Sup => Inline::Sup(text),
                        Semantic::Sub => Inline::Sub(text),
                        Semantic::Abbr => Inline::Abbr {
                            text,
                            title: title.take(),
                        },
                    };
                    self.semantic = None;
                    self.b().inline(inline);
                    return None;
                }
                // Anything else inside ends the element as written.
                _ => {
                    let text = std::mem::take(text);
                    self.semantic = None;
                    self.b().text(&text);
                }
            }
        }
        Some(event)
    }

    /// Blocks, inline elements and text into the document.
    fn structure(&mut self, event: Event) {
        let b = match &mut self.footnote {
            Some((_, fb)) => fb,
            None => &mut self.main,
        };
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => b.paragraph_start(),
                Tag::Heading { level, .. } => b.heading_start(heading_level(level)),
                Tag::BlockQuote(_) => b.quote_start(),
                Tag::CodeBlock(_) => {
                    b.leaf(Block::Code);
                    self.skip_depth = 1;
                }
                Tag::Table(_) => {
                    b.leaf(Block::Table);
                    self.skip_depth = 1;
                }
                Tag::Item => b.list_item_start(),
                Tag::FootnoteDefinition(id) => {
                    self.footnote = Some((id.to_string(), Builder::new()));
                }
                Tag::Image { .. } => self.image_alt = Some(String::new()),
                Tag::Link { dest_url, .. } => {
                    self.link_url.push((dest_url.to_string(), String::new()))
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph => b.paragraph_end(),
                TagEnd::Heading(_) | TagEnd::Item => b.end(),
                TagEnd::BlockQuote(_) => b.quote_end(),
                TagEnd::FootnoteDefinition => {
                    if let Some((id, fb)) = self.footnote.take() {
                        self.footnotes.push(Footnote {
                            id,
                            blocks: fb.finish(),
                        });
                    }
                }
                TagEnd::Link => {
                    if let Some((url, text)) = self.link_url.pop() {
                        // An autolink's text is its URL: say the host instead.
                        if text == url
                            || text.trim_start_matches("mailto:")
                                == url.trim_start_matches("mailto:")
                        {
                            b.inline(Inline::Url(url));
                        } else {
                            b.text(&text);
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) => match self.link_url.last_mut() {
                Some((_, text)) => text.push_str(&t),
                None => b.text(&t),
            },
            Event::Code(c) => {
                // Inline code in link text is still code; keep it simple and
                // read it as part of the link's text.
                match self.link_url.last_mut() {
                    Some((_, text)) => text.push_str(&c),
                    None => b.inline(Inline::Code(c.to_string())),
                }
            }
            Event::FootnoteReference(id) => b.inline(Inline::FootnoteRef(id.to_string())),
            Event::SoftBreak | Event::HardBreak => match self.link_url.last_mut() {
                Some((_, text)) => text.push(' '),
                None => b.text(" "),
            },
            Event::Rule => b.leaf(Block::Rule),
            Event::InlineHtml(tag) => {
                if let Some((kind, title)) = semantic_open(&tag) {
                    self.semantic = Some((kind, title, String::new()));
                }
            }
            // Other raw HTML tags and comments are markup, never words.
            Event::Html(_) => {}
            // "$200/month … spending ~$1,000" parses as math too: money in
            // prose is put back as the text it was.
            Event::InlineMath(m) if is_prose(&m) => b.text(&format!("${m}$")),
            Event::InlineMath(m) | Event::DisplayMath(m) => b.inline(Inline::Math(m.to_string())),
            Event::TaskListMarker(_) => {}
        }
    }
}

/// Inline "math" that is really text between two dollar signs ("$5 per
/// seat, or US$10", "$HOME/$USER"): math has a TeX command or an operator,
/// or is a short variable ("$n$"); three plain words are prose, which TeX
/// would write inside `\text{}`.
fn is_prose(math: &str) -> bool {
    let words = math
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_end_matches(['.', ',', ';', ':', '!', '?']);
            w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic())
        })
        .count();
    let operator = math.contains(['\\', '^', '_', '=', '+', '<', '>', '{']);
    let variable = math.len() <= 3 && math.chars().all(|c| c.is_ascii_alphabetic());
    words >= 3 || !(operator || variable)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Inline::*;

    fn t(s: &str) -> Inline {
        Text(s.into())
    }

    #[test]
    fn fenced_and_indented_code_is_dropped() {
        let doc = parse("Before.\n\n```rust\nfn main() {}\n```\n\n    let x = 1;\n\nAfter.\n");
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph(vec![t("Before.")]),
                Block::Code,
                Block::Code,
                Block::Paragraph(vec![t("After.")])
            ]
        );
    }

    #[test]
    fn footnotes_are_collected_with_their_markers() {
        let doc = parse("Claim.[^a] More.\n\n[^a]: The [source](https://example.com/x) says so.\n");
        assert_eq!(
            doc.blocks,
            vec![Block::Paragraph(vec![
                t("Claim."),
                FootnoteRef("a".into()),
                t(" More.")
            ])]
        );
        assert_eq!(doc.footnotes.len(), 1);
        assert_eq!(doc.footnotes[0].id, "a");
        assert_eq!(
            doc.footnotes[0].blocks,
            vec![Block::Paragraph(vec![t("The source says so.")])]
        );
    }

    #[test]
    fn tight_and_loose_lists_and_nesting() {
        let doc = parse("- one\n- two\n  - inner\n\n1. first\n\n   still first\n2. second\n");
        assert_eq!(
            doc.blocks,
            vec![
                Block::ListItem(vec![t("one")]),
                Block::ListItem(vec![t("two")]),
                Block::ListItem(vec![t("inner")]),
                Block::ListItem(vec![t(" first still first")]),
                Block::ListItem(vec![t(" second")]),
            ]
        );
    }

    #[test]
    fn images_tables_quotes_rules_and_autolinks() {
        let doc = parse("![A cat on a keyboard](cat.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> Wise words.\n\n---\n\nSee <https://docs.example.org/guide>.\n");
        assert_eq!(
            doc.blocks,
            vec![
                Block::Image {
                    alt: "A cat on a keyboard".into()
                },
                Block::Table,
                Block::Quote(vec![Block::Paragraph(vec![t("Wise words.")])]),
                Block::Rule,
                Block::Paragraph(vec![
                    t("See "),
                    Url("https://docs.example.org/guide".into()),
                    t(".")
                ]),
            ]
        );
    }

    #[test]
    fn raw_html_tags_are_not_text() {
        let doc = parse("Some <em>raw</em> html.<!-- hidden -->\n");
        assert_eq!(
            doc.blocks,
            vec![Block::Paragraph(vec![t("Some raw html.")])]
        );
    }

    #[test]
    fn inline_code_is_marked() {
        let doc = parse("Call `task.cancel()` now.");
        assert_eq!(
            doc.blocks,
            vec![Block::Paragraph(vec![
                t("Call "),
                Code("task.cancel()".into()),
                t(" now.")
            ])]
        );
    }
}
