//! The rule engine: text is cut into whitespace-separated tokens, each with
//! its leading and trailing punctuation set aside; rules are tried in order
//! at each token, and the first that matches replaces one or more tokens.
//! One pass, left to right, each rule looking at a bounded window of
//! tokens: linear in the text, whatever it holds.

use serde::Serialize;

/// One token (or phrase) a rule changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub rule: &'static str,
    pub from: String,
    pub to: String,
}

/// Opening punctuation kept in front of a replaced token.
const LEAD: &[char] = &['"', '\'', '“', '‘', '(', '[', '{', '¿', '¡', '«'];
/// Closing punctuation kept after it.
const TRAIL: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '\'', '”', '’', '…', '»',
];

#[derive(Debug, Clone, PartialEq)]
pub struct Tok<'a> {
    pub lead: &'a str,
    pub core: &'a str,
    pub trail: &'a str,
}

/// Capitalized words that open a phrase rather than name something: the
/// word after one of them is not part of a name ("The II", "Our St.").
pub const DETERMINERS: &[&str] = &[
    "The", "A", "An", "This", "That", "Our", "My", "Your", "Its", "Their", "His", "Her",
];

impl<'a> Tok<'a> {
    /// A capitalized word with nothing after it in the phrase's way (no
    /// trailing punctuation) that is not a determiner: a name's word, as
    /// "World War" before "II" or "Oak" before "St.".
    pub fn is_name_word(&self) -> bool {
        self.trail.is_empty()
            && self.core.starts_with(char::is_uppercase)
            && !DETERMINERS.contains(&self.core)
    }

    pub fn new(raw: &'a str) -> Tok<'a> {
        let core_start = raw.len() - raw.trim_start_matches(LEAD).len();
        let rest = &raw[core_start..];
        let core_len = rest.trim_end_matches(TRAIL).len();
        Tok {
            lead: &raw[..core_start],
            core: &rest[..core_len],
            trail: &rest[core_len..],
        }
    }

    /// The core with the first `.` of the trail: `e.g.` or `Dr.`.
    pub fn with_dot(&self) -> Option<String> {
        self.trail
            .starts_with('.')
            .then(|| format!("{}.", self.core))
    }
}

/// A rule's replacement of `n` tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub n: usize,
    pub text: String,
    pub rule: &'static str,
    /// Replaces the last token's trailing punctuation (e.g. the dot of an
    /// abbreviation that is not a sentence end).
    pub trail: Option<String>,
    /// Replaces the first token's leading punctuation (the apostrophe of
    /// '90s is not a quote).
    pub lead: Option<String>,
    /// What captions show instead of `text`: the written word for a
    /// lexicon respelling ("Kubernetes", not "koobernettease").
    pub caption: Option<String>,
    /// Recorded for `--explain` even when the text is unchanged: a word left
    /// to the voice on purpose (an acronym espeak says right).
    pub explain: bool,
}

impl Hit {
    pub fn new(n: usize, text: impl Into<String>, rule: &'static str) -> Hit {
        Hit {
            n,
            text: text.into(),
            rule,
            trail: None,
            lead: None,
            caption: None,
            explain: false,
        }
    }
}

/// What a rule sees: all tokens, and where it is.
pub struct Ctx<'t, 'a> {
    pub toks: &'t [Tok<'a>],
    pub i: usize,
}

impl<'a> Ctx<'_, 'a> {
    pub fn tok(&self, offset: usize) -> Option<&Tok<'a>> {
        self.toks.get(self.i + offset)
    }

    pub fn core(&self, offset: usize) -> Option<&'a str> {
        self.tok(offset).map(|t| t.core)
    }

    /// The token before this one.
    pub fn prev(&self) -> Option<&Tok<'a>> {
        self.i.checked_sub(1).and_then(|j| self.toks.get(j))
    }

    /// No punctuation between token `offset` and the next: they belong to
    /// the same phrase ("June 13, 2026" allows the comma, callers decide).
    pub fn joined(&self, offset: usize) -> bool {
        self.tok(offset).is_some_and(|t| t.trail.is_empty())
    }

    /// The token at `offset` ends a sentence: a final token, or one whose
    /// successor starts with a capital.
    pub fn ends_sentence(&self, offset: usize) -> bool {
        match self.tok(offset + 1) {
            None => true,
            Some(t) => t.lead.is_empty() && t.core.chars().next().is_some_and(char::is_uppercase),
        }
    }
}

/// A rule: a function or closure that looks at the tokens from `ctx.i`.
pub type Rule<'r> = &'r dyn for<'t, 'a> Fn(&Ctx<'t, 'a>) -> Option<Hit>;

/// Runs `rules` over `text`, returning the new text and what changed.
pub fn run(text: &str, rules: &[Rule], changes: &mut Vec<Change>) -> String {
    run_both(text, rules, changes).0
}

/// Like [`run`], also returning the caption text (see [`Hit::caption`]).
pub fn run_both(text: &str, rules: &[Rule], changes: &mut Vec<Change>) -> (String, String) {
    let toks: Vec<Tok> = text.split_whitespace().map(Tok::new).collect();
    let mut out: Vec<String> = Vec::with_capacity(toks.len());
    let mut caption: Vec<String> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let ctx = Ctx { toks: &toks, i };
        let hit = rules
            .iter()
            .find_map(|rule| rule(&ctx).filter(|h| h.n >= 1 && i + h.n <= toks.len()));
        match hit {
            Some(h) => {
                let first = &toks[i];
                let last = &toks[i + h.n - 1];
                let trail = h.trail.as_deref().unwrap_or(last.trail);
                let lead = h.lead.as_deref().unwrap_or(first.lead);
                let from = source(&toks[i..i + h.n]);
                if from != h.text || h.explain {
                    changes.push(Change {
                        rule: h.rule,
                        from: from.clone(),
                        to: h.text.clone(),
                    });
                }
                let shown = if h.caption.is_some() {
                    from.clone()
                } else {
                    super::spoken::written(&h.text)
                };
                caption.push(format!("{lead}{shown}{trail}"));
                out.push(format!("{lead}{}{trail}", h.text));
                i += h.n;
            }
            None => {
                let t = &toks[i];
                let w = format!("{}{}{}", t.lead, t.core, t.trail);
                caption.push(w.clone());
                out.push(w);
                i += 1;
            }
        }
    }
    out.retain(|w| !w.is_empty());
    caption.retain(|w| !w.is_empty());
    (out.join(" "), caption.join(" "))
}

/// One rule alone over `text`: what the per-rule unit tests call.
#[cfg(test)]
pub fn apply(rule: Rule, text: &str) -> String {
    run(text, &[rule], &mut Vec::new())
}

/// The text of consecutive tokens without the outer punctuation.
fn source(toks: &[Tok]) -> String {
    let mut s = String::new();
    for (k, t) in toks.iter().enumerate() {
        if k > 0 {
            s.push(' ');
            s.push_str(t.lead);
        }
        s.push_str(t.core);
        if k + 1 < toks.len() {
            s.push_str(t.trail);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_their_punctuation_aside() {
        assert_eq!(
            Tok::new("(“$5.50”),"),
            Tok {
                lead: "(“",
                core: "$5.50",
                trail: "”),"
            }
        );
        assert_eq!(Tok::new("e.g.,").with_dot().as_deref(), Some("e.g."));
        assert_eq!(Tok::new("...").core, "");
    }

    #[test]
    fn a_rule_replaces_tokens_and_records_the_change() {
        fn shout(ctx: &Ctx) -> Option<Hit> {
            (ctx.core(0)? == "hello").then(|| Hit::new(2, "HELLO THERE", "shout"))
        }
        let mut changes = Vec::new();
        let out = run("Say (hello there), friend.", &[&shout], &mut changes);
        assert_eq!(out, "Say (HELLO THERE), friend.");
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].from, "hello there");
    }
}
