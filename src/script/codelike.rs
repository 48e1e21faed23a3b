//! Paragraphs that are code although the markup says prose.
//!
//! Some sites render code inside `<p>` (a template that lost its `<pre>`, a
//! feed that flattened it), and authors paste shell sessions as plain
//! paragraphs. Read aloud, these are noise for a minute or more, so a
//! paragraph that is clearly code is treated like a code block: dropped, or
//! announced when `code = "announce"`. "Clearly" is the point: an ordinary
//! sentence that mentions `f(x)` or a `--flag` must stay, so each test asks
//! for signs prose does not give: a prompt followed by a command (not a
//! sentence), several lines of code, a statement inside braces, or a line
//! dense in code characters with few words. Inline code in a sentence
//! counts as one word.

use crate::document::Inline;

/// Prompts that start a shell or REPL session line.
const PROMPTS: &[&str] = &[
    "$ ",
    ">>> ",
    "% ",
    "PS> ",
    "PS C:\\>",
    "C:\\>",
    "❯ ",
    "irb> ",
    "mysql> ",
    "postgres=# ",
    "iex> ",
];

/// Words that start a line of code in the common languages.
const KEYWORDS: &[&str] = &[
    "def ",
    "fn ",
    "let ",
    "const ",
    "var ",
    "return ",
    "import ",
    "from ",
    "class ",
    "#include",
    "pub fn ",
    "func ",
    "package ",
    "use ",
    "elif ",
    "else:",
    "try:",
    "except ",
    "async def ",
    "public ",
    "private ",
    "static ",
    "struct ",
    "impl ",
    "while ",
    "for (",
    "if (",
    "}",
];

/// Characters that are rare in prose and common in code.
fn is_code_char(c: char) -> bool {
    matches!(
        c,
        '{' | '}'
            | '['
            | ']'
            | '('
            | ')'
            | ';'
            | '='
            | '<'
            | '>'
            | '|'
            | '&'
            | '*'
            | '\\'
            | '_'
            | '$'
            | '`'
            | '^'
            | '~'
    )
}

/// True when the paragraph is code, by the signs above.
pub fn is_code(content: &[Inline]) -> bool {
    let mut text = String::new();
    for inline in content {
        match inline {
            Inline::Text(t) => text.push_str(t),
            // A mention of code is a word of the sentence: `{ x; }` inside
            // prose must not make the prose look like code.
            Inline::Code(_) => text.push_str("code"),
            Inline::Url(u) => text.push_str(u),
            Inline::Keys(t) | Inline::Sup(t) | Inline::Sub(t) | Inline::Abbr { text: t, .. } => {
                text.push_str(t)
            }
            // Mathematics is not code, whatever its symbols.
            Inline::Math(_) => text.push_str(" equation "),
            Inline::FootnoteRef(_) => {}
        }
    }
    looks_like_code(&text)
}

/// The text test behind [`is_code`].
pub fn looks_like_code(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let Some(first) = lines.first() else {
        return false;
    };
    let first = first.trim_start();
    // A session: the first line is a prompt and a command.
    // A prompt line is a command, not a sentence ("$ signs are fine.").
    let sentence =
        |l: &str| l.trim_end().ends_with(['.', '!', '?']) || l.split_whitespace().count() > 12;
    if !sentence(first)
        && PROMPTS.iter().any(|p| {
            first.strip_prefix(p).is_some_and(|rest| {
                rest.starts_with(|c: char| c.is_ascii_lowercase() || c == '.' || c == '/')
            })
        })
    {
        return true;
    }
    // Several lines, most of them code.
    if lines.len() >= 2 {
        let code_lines = lines.iter().filter(|l| is_code_line(l)).count();
        if code_lines >= 2 && code_lines * 2 >= lines.len() {
            return true;
        }
    }
    // A block with a statement in it: "{ return x; }".
    if let (Some(open), Some(close)) = (text.find('{'), text.rfind('}')) {
        if open < close && text[open..close].contains(';') {
            return true;
        }
    }
    // One long line dense with code characters and poor in prose words.
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 12 {
        return false;
    }
    let code_chars = chars.iter().filter(|c| is_code_char(**c)).count();
    let words: Vec<&str> = text.split_whitespace().collect();
    let prose_words = words.iter().filter(|w| is_prose_word(w)).count();
    let statements =
        text.matches(';').count() + text.matches('{').count() + text.matches('}').count();
    code_chars * 100 >= chars.len() * 12 && statements >= 2 && prose_words * 2 < words.len()
}

/// A line that reads as code: a keyword start, an assignment, or a line
/// that ends as statements and blocks do and holds a code character.
fn is_code_line(line: &str) -> bool {
    let t = line.trim_start();
    let indented = line.len() - t.len() >= 2;
    // A keyword line ends as code does ("while we waited (for weeks):
    // nothing moved." does not).
    if KEYWORDS.iter().any(|k| t.starts_with(k))
        && (indented || t.ends_with([':', '{', ';', ')']) || t == "}")
        && !t.contains(". ")
    {
        return true;
    }
    if is_assignment(t) {
        return true;
    }
    // A line ending as statements do, with a statement's characters; an
    // unindented line ending in "," or ")" is often prose broken across
    // lines ("three services (auth, billing and search),").
    let ends_like_code = t.ends_with(['{', '}', ';', ')', ':', ',', '(', '[', ']']);
    ends_like_code
        && (t.contains(['{', '=', ';']) || indented && t.contains(['(', '[']))
        && !t.contains(". ")
}

/// `name = value`, `self.x += 1`, `let y: T = …`: an identifier (with dots)
/// then an assignment operator.
fn is_assignment(t: &str) -> bool {
    let Some(eq) = t.find('=') else {
        return false;
    };
    let lhs = t[..eq]
        .trim_end_matches(['+', '-', '*', '/', ':', '!', '<', '>', '='])
        .trim();
    let rhs = t[eq + 1..].trim_start_matches('=');
    !lhs.is_empty()
        && !rhs.trim().is_empty()
        && lhs.split_whitespace().count() <= 2
        && lhs
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ' ' | ':' | '[' | ']'))
        && lhs.contains(|c: char| c == '_' || c == '.' || c.is_ascii_lowercase())
        && (lhs.contains('_')
            || lhs.contains('.')
            || rhs.contains(['(', '[', '"', '\''])
            || rhs.trim().ends_with(';'))
}

/// A word of prose: letters, perhaps an apostrophe or a hyphen, perhaps
/// followed by sentence punctuation.
fn is_prose_word(w: &str) -> bool {
    let core = w
        .trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'', ')', '”'])
        .trim_start_matches(['"', '(', '“']);
    !core.is_empty()
        && core
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::looks_like_code;

    #[test]
    fn sessions_and_code_are_code() {
        for text in [
            "$ cargo install narrate-podcast",
            ">>> import this",
            "% ls -la ~/blog",
            "int main(void) { puts(\"hi\"); return 0; }",
            "int gap(void) { return produced - consumed; }",
            "x = load(path); y = parse(x); if (y) { emit(y); }",
            " HealthReport:\n    upstream = metrics.count_in(hour=True)\n    downstream = sink.count_in(hour=True)\n    lag = upstream - downstream\n    return Report(lag=lag)`}",
            "def add(a, b):\n    return a + b",
            "let total = items.len();\nprintln!(\"{total}\");",
        ] {
            assert!(looks_like_code(text), "{text:?} should be code");
        }
    }

    #[test]
    fn prose_that_mentions_code_stays() {
        for text in [
            "The function f(x) returns twice its input.",
            "Run cargo build, then cargo test; both should pass.",
            "It costs $5 today and $10 tomorrow.",
            "Set the value to 5 (the default) and restart.",
            "He said: yes; she said: no; they agreed.",
            "We wrote x = y + 1 on the whiteboard and stared at it.",
            "Use the --force flag (or -f) only when the lock is stale.",
            "# of users grew",
            "$ signs in prose are fine.",
            "We tested three services (auth, billing and search),\nthen the two queues (orders, events),\nand finally the cron jobs (nightly and hourly).\nAll of them passed.",
            "We waited for weeks,\nwhile the vendor (slowly) replied:\nnothing moved.",
            "Lines end with a colon:\nlike this one:",
            "An array is written [1, 2, 3] in most languages, and a map {a: 1}.",
        ] {
            assert!(!looks_like_code(text), "{text:?} should be prose");
        }
    }
}
