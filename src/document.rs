//! The parsed post: blocks of inline content, independent of whether the
//! source was Markdown or HTML. Ingest produces it; the script stage reads it.
//!
//! Links are already reduced to their text here, and code blocks carry no
//! code: nothing downstream could speak it, so it is never kept.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Inline {
    /// Prose, entities decoded, whitespace not yet collapsed.
    Text(String),
    /// Inline code, spoken as words by the script stage.
    Code(String),
    /// A link whose visible text is a URL: spoken as its host name.
    Url(String),
    /// A footnote marker; the id is the definition's.
    FootnoteRef(String),
    /// Keys the reader presses (`<kbd>`): "Ctrl+Shift+P".
    Keys(String),
    /// An abbreviation (`<abbr title>`): as written, and its expansion.
    Abbr { text: String, title: Option<String> },
    /// A superscript that is no footnote marker: an exponent ("64" in
    /// 2<sup>64</sup>) or an ordinal's letters.
    Sup(String),
    /// A subscript: a formula's count (CO<sub>2</sub>) or an index.
    Sub(String),
    /// Mathematics (MathML, KaTeX, MathJax, `$…$`): its TeX or text source.
    Math(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    ListItem(Vec<Inline>),
    Quote(Vec<Block>),
    /// A code block; its text is dropped at parse time.
    Code,
    Image {
        alt: String,
    },
    Table,
    /// A thematic break (`---`, `<hr>`): a section pause.
    Rule,
    /// An author's `<!-- narrate: say "…" -->`: spoken instead of the block
    /// that follows it.
    Say(String),
    /// An author's `<!-- narrate: pause 2s -->`, in milliseconds.
    Pause(u32),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footnote {
    pub id: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    /// The title found in the body (first `h1`), when the metadata has none.
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    /// Footnote definitions in the order they were defined.
    pub footnotes: Vec<Footnote>,
}

impl Document {
    /// True when no block would produce a spoken word.
    pub fn is_empty(&self) -> bool {
        !self.blocks.iter().any(Block::has_words)
    }
}

impl Block {
    fn has_words(&self) -> bool {
        match self {
            Block::Heading { content, .. }
            | Block::Paragraph(content)
            | Block::ListItem(content) => has_words(content),
            Block::Quote(blocks) => blocks.iter().any(Block::has_words),
            Block::Image { alt } => !alt.trim().is_empty(),
            Block::Say(text) => text.chars().any(char::is_alphanumeric),
            Block::Code | Block::Table | Block::Rule | Block::Pause(_) => false,
        }
    }
}

pub fn has_words(content: &[Inline]) -> bool {
    content.iter().any(|i| match i {
        Inline::Text(t)
        | Inline::Code(t)
        | Inline::Url(t)
        | Inline::Keys(t)
        | Inline::Sup(t)
        | Inline::Sub(t)
        | Inline::Abbr { text: t, .. } => t.chars().any(char::is_alphanumeric),
        // An equation is announced when it cannot be read.
        Inline::Math(_) => true,
        Inline::FootnoteRef(_) => false,
    })
}

/// The plain text of inline content (markers dropped), for titles and headings.
pub fn plain_text(content: &[Inline]) -> String {
    let mut s = String::new();
    for i in content {
        if let Inline::Text(t) | Inline::Code(t) | Inline::Url(t) = i {
            s.push_str(t);
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds blocks from a stream of open/close/text calls; both the Markdown
/// and the HTML parser drive it, so the nesting rules (a paragraph inside a
/// list item is part of the item, a nested list ends its parent's text, an
/// image splits a paragraph) live in one place.
#[derive(Debug, Default)]
pub struct Builder {
    /// Finished blocks per open quote level; index 0 is the document.
    levels: Vec<Vec<Block>>,
    open: Option<Open>,
}

#[derive(Debug)]
struct Open {
    kind: OpenKind,
    content: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum OpenKind {
    Paragraph,
    Heading(u8),
    ListItem,
}

impl Builder {
    pub fn new() -> Self {
        Builder {
            levels: vec![Vec::new()],
            open: None,
        }
    }

    fn flush(&mut self) {
        if let Some(open) = self.open.take() {
            if open.content.is_empty() {
                return;
            }
            let block = match open.kind {
                OpenKind::Paragraph => Block::Paragraph(open.content),
                OpenKind::Heading(level) => Block::Heading {
                    level,
                    content: open.content,
                },
                OpenKind::ListItem => Block::ListItem(open.content),
            };
            self.push_block(block);
        }
    }

    fn push_block(&mut self, block: Block) {
        self.levels.last_mut().expect("document level").push(block);
    }

    fn open(&mut self, kind: OpenKind) {
        self.flush();
        self.open = Some(Open {
            kind,
            content: Vec::new(),
        });
    }

    pub fn paragraph_start(&mut self) {
        match &mut self.open {
            // A paragraph inside a list item continues the item.
            Some(o) if o.kind == OpenKind::ListItem => self.text(" "),
            _ => self.open(OpenKind::Paragraph),
        }
    }

    pub fn paragraph_end(&mut self) {
        if matches!(&self.open, Some(o) if o.kind == OpenKind::Paragraph) {
            self.flush();
        }
    }

    pub fn heading_start(&mut self, level: u8) {
        self.open(OpenKind::Heading(level));
    }

    pub fn list_item_start(&mut self) {
        self.open(OpenKind::ListItem);
    }

    /// Ends whatever is open: a heading, a list item, a div's loose text.
    pub fn end(&mut self) {
        self.flush();
    }

    pub fn quote_start(&mut self) {
        self.flush();
        self.levels.push(Vec::new());
    }

    pub fn quote_end(&mut self) {
        self.flush();
        if self.levels.len() > 1 {
            let inner = self.levels.pop().unwrap_or_default();
            if !inner.is_empty() {
                self.push_block(Block::Quote(inner));
            }
        }
    }

    /// A block with no inline content (code, image, table, rule). An image in
    /// the middle of a paragraph splits it, and the paragraph goes on after.
    pub fn leaf(&mut self, block: Block) {
        let resume = self.open.as_ref().map(|o| o.kind);
        self.flush();
        if block == Block::Rule
            && matches!(
                self.levels.last().and_then(|l| l.last()),
                Some(Block::Rule) | None
            )
        {
            // Two rules in a row, or a rule first, carry no extra pause.
        } else {
            self.push_block(block);
        }
        if let Some(kind) = resume {
            self.open = Some(Open {
                kind,
                content: Vec::new(),
            });
        }
    }

    pub fn inline(&mut self, inline: Inline) {
        if self.open.is_none() {
            // Loose text (in a div, after a nested list) reads as a paragraph.
            if matches!(&inline, Inline::Text(t) if t.trim().is_empty()) {
                return;
            }
            self.open(OpenKind::Paragraph);
        }
        let content = &mut self.open.as_mut().expect("opened above").content;
        // Merge neighbouring text so later passes see whole words.
        match (content.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
            (_, inline) => content.push(inline),
        }
    }

    pub fn text(&mut self, text: &str) {
        self.inline(Inline::Text(text.to_string()));
    }

    pub fn finish(mut self) -> Vec<Block> {
        self.flush();
        while self.levels.len() > 1 {
            self.quote_end();
        }
        self.levels.pop().unwrap_or_default()
    }
}
