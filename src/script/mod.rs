//! Script: a [`Document`] becomes the ordered segments a voice will speak.
//!
//! This is the stage that decides what a listener hears: code is dropped or
//! announced, footnotes are spoken once where they are needed, markup and
//! symbols become words, and text is cut into sentences with the pause that
//! follows each. It is pure: document and settings in, [`Script`] out.

pub mod codelike;
pub mod inline;
pub mod normalize;
pub mod sentences;
pub mod template;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::config::{CodeMode, FootnoteMode, Pauses, ScriptConfig, TableMode};
use crate::document::{Block, Document, Footnote, Inline};
use crate::post::Meta;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Title,
    Heading,
    Sentence,
    Footnote,
    Quote,
    Announcement,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Heading => "heading",
            Kind::Sentence => "sentence",
            Kind::Footnote => "footnote",
            Kind::Quote => "quote",
            Kind::Announcement => "announcement",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub kind: Kind,
    /// What the voice says.
    pub text: String,
    /// What a transcript shows when it differs from `text`: lexicon
    /// respellings in their written form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Silence after this segment, in milliseconds.
    pub pause_ms: u32,
    /// Index into [`Script::chapters`].
    pub chapter: usize,
    /// What normalization changed in this segment, and which rule did it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<normalize::Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Script {
    pub slug: String,
    pub title: String,
    /// Chapter titles; chapter 0 is the post's title.
    pub chapters: Vec<String>,
    pub segments: Vec<Segment>,
}

impl Script {
    /// One line per segment: kind, pause, text. What `narrate script` prints
    /// and what the golden files hold.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for seg in &self.segments {
            out.push_str(&format!(
                "{:<12} {:>5}ms  {}\n",
                seg.kind.as_str(),
                seg.pause_ms,
                seg.text
            ));
        }
        out
    }
}

/// Builds the script of one post with the shipped lexicon.
pub fn build(meta: &Meta, doc: &Document, config: &ScriptConfig, pauses: &Pauses) -> Script {
    let norm = normalize::Normalizer::new(normalize::Lexicon::english(), config);
    build_with(meta, doc, config, pauses, &norm)
}

/// Builds the script of one post, normalizing with `norm` (its lexicon is
/// the shipped one, the voice's and the project's, merged).
pub fn build_with(
    meta: &Meta,
    doc: &Document,
    config: &ScriptConfig,
    pauses: &Pauses,
    norm: &normalize::Normalizer,
) -> Script {
    // The post's own pronunciations, over the project's and the voice's.
    let own;
    let norm = if meta.narrate.lexicon.is_empty() {
        norm
    } else {
        own = norm.with_entries(&meta.narrate.lexicon);
        &own
    };
    let title = meta
        .title
        .clone()
        .or_else(|| doc.title.clone())
        .unwrap_or_else(|| meta.slug.replace('-', " "));
    // The post's own intro and outro, instead of the configured ones.
    let intro_template = meta.narrate.intro.as_ref().unwrap_or(&config.intro);
    let outro_template = meta.narrate.outro.as_ref().unwrap_or(&config.outro);
    let mut w = Writer {
        config,
        pauses,
        segments: Vec::new(),
        chapters: vec![title.clone()],
        notes: doc.footnotes.iter().map(|f| (f.id.as_str(), f)).collect(),
        spoken_notes: HashSet::new(),
        pending_notes: Vec::new(),
        norm,
        changes: Default::default(),
        captions: HashMap::new(),
    };
    let values = template::Values::from_meta(meta, &title);
    let intro = template::render(intro_template, &values);
    // An intro that names the title speaks it; saying it twice is noise.
    if !(intro.is_some() && intro_template.contains("{title}")) {
        let t = w.prose(&title);
        w.push(Kind::Title, &t, pauses.heading);
    }
    if let Some(intro) = intro {
        let intro = w.prose(&intro);
        w.sentences(Kind::Announcement, &intro, pauses.heading);
    }
    w.blocks(&doc.blocks, false);
    match config.footnotes {
        FootnoteMode::End => {
            let order: Vec<&Footnote> = w
                .pending_notes
                .drain(..)
                .filter_map(|id| w.notes.get(id.as_str()).copied())
                .collect();
            for note in order {
                w.footnote(note);
            }
        }
        FootnoteMode::Inline | FootnoteMode::Drop => {}
    }
    if config.footnotes != FootnoteMode::Drop {
        // Notes never referenced are still the author's words: read them last.
        let unreferenced: Vec<&Footnote> = doc
            .footnotes
            .iter()
            .filter(|f| !w.spoken_notes.contains(f.id.as_str()))
            .collect();
        for note in unreferenced {
            w.footnote(note);
        }
    }
    if let Some(outro) = template::render(outro_template, &values) {
        // Normalized like the intro: a `{date}` or a number in an outro
        // must reach the voice as words.
        let outro = w.prose(&outro);
        w.bump_last_pause(pauses.section);
        w.sentences(Kind::Announcement, &outro, pauses.paragraph);
    }
    Script {
        slug: meta.slug.clone(),
        title,
        chapters: w.chapters,
        segments: w.segments,
    }
}

struct Writer<'a> {
    config: &'a ScriptConfig,
    pauses: &'a Pauses,
    segments: Vec<Segment>,
    chapters: Vec<String>,
    notes: HashMap<&'a str, &'a Footnote>,
    spoken_notes: HashSet<&'a str>,
    /// With `footnotes = "end"`: referenced notes, in first-reference order.
    pending_notes: Vec<String>,
    norm: &'a normalize::Normalizer,
    /// What normalization changed in the text being written, not yet
    /// given to a segment.
    changes: std::collections::VecDeque<normalize::Change>,
    /// Normalized text → its caption, where they differ.
    captions: HashMap<String, String>,
}

impl<'a> Writer<'a> {
    /// Normalizes a block's text, keeping its changes and caption for the
    /// segments about to be cut from it.
    fn prose(&mut self, text: &str) -> String {
        let n = self.norm.run(text);
        self.changes = n.changes.into();
        if n.caption != n.text {
            self.captions.insert(n.text.clone(), n.caption);
        }
        n.text
    }

    fn push(&mut self, kind: Kind, text: &str, pause_ms: u32) {
        self.push_captioned(kind, text, None, pause_ms);
    }

    fn push_captioned(&mut self, kind: Kind, text: &str, caption: Option<String>, pause_ms: u32) {
        let text = text.trim();
        if !text.chars().any(char::is_alphanumeric) {
            return;
        }
        // The changes whose result is in this segment, in order.
        let mut changes = Vec::new();
        let mut at = 0;
        while let Some(c) = self.changes.front() {
            match text[at..].find(c.to.as_str()) {
                Some(p) => {
                    at += p + c.to.len();
                    changes.extend(self.changes.pop_front());
                }
                None => break,
            }
        }
        let caption = caption
            .or_else(|| self.captions.get(text).cloned())
            .filter(|c| c != text);
        self.segments.push(Segment {
            kind,
            text: text.to_string(),
            caption,
            pause_ms,
            chapter: self.chapters.len() - 1,
            changes,
        });
    }

    fn bump_last_pause(&mut self, pause: u32) {
        if let Some(last) = self.segments.last_mut() {
            last.pause_ms = last.pause_ms.max(pause);
        }
    }

    /// Splits prose into sentences, then fits each into the length budget;
    /// the last piece gets `final_pause`.
    fn sentences(&mut self, kind: Kind, text: &str, final_pause: u32) {
        let cut = |t: &str| -> Vec<String> {
            sentences::split(t)
                .into_iter()
                .flat_map(|s| sentences::fit(&s, self.config.max_segment_chars))
                .filter(|s| s.chars().any(char::is_alphanumeric))
                .collect()
        };
        let pieces = cut(text);
        // Captions are cut the same way; if a respelling moved a boundary,
        // the spoken text serves as caption.
        let captions = self
            .captions
            .get(text)
            .map(|c| cut(c))
            .filter(|c| c.len() == pieces.len());
        let n = pieces.len();
        for (i, piece) in pieces.into_iter().enumerate() {
            let pause = if i + 1 == n {
                final_pause
            } else {
                self.pauses.sentence
            };
            let caption = captions.as_ref().map(|c| c[i].clone());
            self.push_captioned(kind, &piece, caption, pause);
        }
    }

    /// Renders inline content to prose and notes the footnotes it references.
    fn render(&mut self, content: &'a [Inline]) -> (String, Vec<&'a str>) {
        let mut text = String::new();
        let mut refs = Vec::new();
        for (i, inline) in content.iter().enumerate() {
            match inline {
                // "<kbd>Cmd</kbd>+<kbd>K</kbd>": the plus between two keys is
                // how a chord is written, not a word.
                Inline::Text(t)
                    if t.trim() == "+"
                        && i > 0
                        && matches!(content[i - 1], Inline::Keys(_))
                        && matches!(content.get(i + 1), Some(Inline::Keys(_))) =>
                {
                    text.push(' ')
                }
                Inline::Text(t) => text.push_str(t),
                Inline::Code(c) => text.push_str(&normalize::identifiers::speak(c)),
                Inline::Url(u) => text.push_str(&self.norm.url(u)),
                Inline::FootnoteRef(id) => refs.push(id.as_str()),
                Inline::Keys(k) => text.push_str(&inline::keys(k)),
                Inline::Abbr { text: t, title } => {
                    text.push_str(inline::abbr(t, title.as_deref(), self.config))
                }
                Inline::Sup(s) => text.push_str(&inline::sup(s, &text)),
                Inline::Sub(s) => text.push_str(&inline::sub(s, &text)),
                Inline::Math(m) => text.push_str(&inline::math(m, self.config)),
            }
        }
        (self.prose(&text), refs)
    }

    /// Blocks in order; an author's `say` is spoken instead of the block
    /// after it (a table, an image, a paragraph), or of the whole list when
    /// a list follows.
    fn blocks(&mut self, blocks: &'a [Block], in_quote: bool) {
        let mut i = 0;
        while i < blocks.len() {
            // A say in place of a chapter heading still starts the chapter
            // (ID3 and JSON chapters keep the heading's title).
            if let (Block::Say(_), Some(Block::Heading { level, content })) =
                (&blocks[i], blocks.get(i + 1))
            {
                if *level <= self.config.chapter_level && !in_quote {
                    let (title, _) = self.render(content);
                    self.bump_last_pause(self.pauses.section);
                    self.chapters.push(title);
                }
            }
            self.block(&blocks[i], in_quote);
            if matches!(blocks[i], Block::Say(_)) {
                i += 1;
                // A list is replaced whole: its items are blocks in a row.
                if matches!(blocks.get(i), Some(Block::ListItem(_))) {
                    while matches!(blocks.get(i), Some(Block::ListItem(_))) {
                        i += 1;
                    }
                    continue;
                }
            }
            i += 1;
        }
    }

    fn block(&mut self, block: &'a Block, in_quote: bool) {
        let prose_kind = if in_quote {
            Kind::Quote
        } else {
            Kind::Sentence
        };
        match block {
            Block::Heading { level, content } => {
                let (text, refs) = self.render(content);
                if *level <= self.config.chapter_level && !in_quote {
                    self.bump_last_pause(self.pauses.section);
                    self.chapters.push(text.clone());
                }
                self.push(Kind::Heading, &text, self.pauses.heading);
                self.notes_after(&refs);
            }
            // A paragraph that is code in all but markup is read as code.
            Block::Paragraph(content) if codelike::is_code(content) => {
                self.block(&Block::Code, in_quote);
            }
            Block::Paragraph(content) => {
                let (text, refs) = self.render(content);
                self.sentences(prose_kind, &text, self.pauses.paragraph);
                self.notes_after(&refs);
            }
            Block::ListItem(content) => {
                let (text, refs) = self.render(content);
                self.sentences(prose_kind, &end_sentence(&text), self.pauses.list_item);
                self.notes_after(&refs);
            }
            Block::Quote(blocks) => {
                self.sentences(
                    Kind::Announcement,
                    &self.config.quote_intro.clone(),
                    self.pauses.sentence,
                );
                self.blocks(blocks, true);
                self.sentences(
                    Kind::Announcement,
                    &self.config.quote_outro.clone(),
                    self.pauses.paragraph,
                );
            }
            Block::Code => {
                if self.config.code == CodeMode::Announce {
                    self.sentences(
                        Kind::Announcement,
                        &self.config.code_announcement.clone(),
                        self.pauses.paragraph,
                    );
                }
            }
            Block::Table => {
                if self.config.tables == TableMode::Announce {
                    self.sentences(
                        Kind::Announcement,
                        &self.config.table_announcement.clone(),
                        self.pauses.paragraph,
                    );
                }
            }
            Block::Image { alt } => {
                let alt = self.prose(alt);
                if alt.chars().any(char::is_alphanumeric) {
                    self.sentences(
                        Kind::Announcement,
                        &format!("Image: {}", end_sentence(&alt)),
                        self.pauses.paragraph,
                    );
                }
            }
            Block::Rule => self.bump_last_pause(self.pauses.section),
            Block::Say(text) => {
                let text = self.prose(text);
                self.sentences(prose_kind, &end_sentence(&text), self.pauses.paragraph);
            }
            Block::Pause(ms) => self.bump_last_pause(*ms),
        }
    }

    /// Speaks (or queues) the notes first referenced by the block just read.
    fn notes_after(&mut self, refs: &[&'a str]) {
        for &id in refs {
            if self.spoken_notes.contains(id) || !self.notes.contains_key(id) {
                continue;
            }
            match self.config.footnotes {
                FootnoteMode::Inline => {
                    let note = self.notes[id];
                    self.footnote(note);
                }
                FootnoteMode::End => {
                    self.spoken_notes.insert(id);
                    self.pending_notes.push(id.to_string());
                }
                FootnoteMode::Drop => {
                    self.spoken_notes.insert(id);
                }
            }
        }
    }

    fn footnote(&mut self, note: &'a Footnote) {
        self.spoken_notes.insert(note.id.as_str());
        let mut text = String::new();
        for block in &note.blocks {
            match block {
                Block::Paragraph(c) | Block::ListItem(c) | Block::Heading { content: c, .. } => {
                    let (t, _) = self.render(c);
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(&end_sentence(&t));
                }
                // Code, tables and images inside a note are not read.
                _ => {}
            }
        }
        if text.chars().any(char::is_alphanumeric) {
            let intro = self.config.footnote_intro.trim();
            let spoken = if intro.is_empty() {
                text
            } else {
                format!("{intro} {text}")
            };
            self.sentences(Kind::Footnote, &spoken, self.pauses.paragraph);
        }
    }
}

/// Gives a list item or note a sentence-final stop, so the voice falls.
fn end_sentence(text: &str) -> String {
    let t = text.trim().trim_end_matches([',', ';', ':']).trim_end();
    if t.is_empty() || t.ends_with(['.', '!', '?', '…', '”', '"', '’', ')']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

#[cfg(test)]
mod tests;
