//! Text → the words a careful narrator would say.
//!
//! espeak-ng reads raw text literally: "$5.50" becomes "dollar five point
//! five zero", "v4.13.0" "v four point one three point zero", "API" may be a
//! word. This pass runs on every block's text before sentence splitting:
//! decorative symbols are dropped (`symbols`), then one left-to-right pass
//! over the tokens tries the rules in the order of `Normalizer::run`
//! (`engine`): URLs, references (which consult the lexicon for their
//! names), the lexicon, code in prose, dates, money, versions, years, names
//! with digits, units, numbers, symbols, acronyms (decided by the evidence
//! in `acronyms.tsv`) and identifiers. A rule never fires where the reading
//! is unsure: "I" stays a pronoun, "us" is not "US", a four-digit number
//! before a plural noun stays a count. Each change is recorded with the
//! rule that made it (`narrate script --explain`).

pub mod abbreviations;
pub mod acronyms;
pub mod business;
pub mod code;
pub mod dates;
pub mod engine;
pub mod identifiers;
pub mod lexicon;
pub mod names;
pub mod numeric;
pub mod references;
pub mod spoken;
pub mod symbols;
pub mod urls;
pub mod years;

use crate::config::{LongNumberMode, ScriptConfig, UrlMode};
pub use engine::Change;
use engine::{Ctx, Hit, Rule};
pub use lexicon::Lexicon;

/// A block's text, normalized.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Normalized {
    /// What the voice says.
    pub text: String,
    /// What captions show: the same, but lexicon respellings in their
    /// written form.
    pub caption: String,
    pub changes: Vec<Change>,
}

/// The normalizer: the lexicon and the options of the configuration.
#[derive(Debug, Clone)]
pub struct Normalizer {
    lexicon: Lexicon,
    urls: UrlMode,
    url_phrase: String,
    long_numbers: LongNumberMode,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new(Lexicon::english(), &ScriptConfig::default())
    }
}

impl Normalizer {
    pub fn new(lexicon: Lexicon, config: &ScriptConfig) -> Normalizer {
        Normalizer {
            lexicon,
            urls: config.urls,
            url_phrase: config.url_phrase.clone(),
            long_numbers: config.long_numbers,
        }
    }

    /// This normalizer with more lexicon entries over its own: a post's
    /// `narrate.lexicon`.
    pub fn with_entries(&self, entries: &std::collections::BTreeMap<String, String>) -> Normalizer {
        let mut n = self.clone();
        n.lexicon.extend(entries);
        n
    }

    /// How a URL is said: its host, or the configured phrase.
    pub fn url(&self, url: &str) -> String {
        match self.urls {
            UrlMode::Host => urls::speak_host(url),
            UrlMode::Phrase => self.url_phrase.clone(),
        }
    }

    fn url_rule(&self, ctx: &Ctx) -> Option<Hit> {
        let core = ctx.core(0)?;
        let is_url = core.starts_with("http://")
            || core.starts_with("https://")
            || (core.starts_with("www.") && core.len() > 4);
        is_url.then(|| Hit::new(1, self.url(core), "url"))
    }

    fn long_number_rule(&self, ctx: &Ctx) -> Option<Hit> {
        let hit = numeric::long_number(ctx)?;
        match (self.long_numbers, hit.text.as_str()) {
            (LongNumberMode::Groups, "a long number") => {
                let digits: String = ctx.core(0)?.chars().filter(char::is_ascii_digit).collect();
                let groups: Vec<String> = digits
                    .as_bytes()
                    .chunks(3)
                    .map(|g| spoken::digit_by_digit(std::str::from_utf8(g).unwrap_or("")))
                    .collect();
                Some(Hit::new(1, groups.join(", "), "long number"))
            }
            _ => Some(hit),
        }
    }

    /// How a name inside a reference, a product name or a part of a path,
    /// compound or slash-joined pair is said: the lexicon's respelling,
    /// the acronym decision for an all-caps word, else as written. A
    /// slash-joined name is said part by part (`ISO/IEC`), a possessive
    /// follows its name (`yarn's`).
    fn say_name(&self, name: &str) -> String {
        if let Some(v) = self.lexicon.part(name) {
            return v.to_string();
        }
        if name.len() > 1 && name.contains('/') {
            return name
                .split('/')
                .filter(|p| !p.is_empty())
                .map(|p| self.say_name(p))
                .collect::<Vec<_>>()
                .join(" ");
        }
        for suffix in ["'s", "’s"] {
            if let Some(stem) = name.strip_suffix(suffix).filter(|s| s.len() >= 2) {
                let said = self.say_name(stem);
                if said != stem && !said.starts_with("[[") {
                    return format!("{said}'s");
                }
            }
        }
        if name.len() >= 2 && name.chars().all(|c| c.is_ascii_uppercase()) {
            // As the acronym rule says it: the table, else espeak or letters.
            return acronyms::decide(name).0.unwrap_or_else(|| name.to_string());
        }
        name.to_string()
    }

    /// The words a code rule made from a path, a file name, a command line
    /// or an identifier, each said as prose says it (`say_name`):
    /// `/usr/bin/nginx` → "slash usr slash bin slash engine x". Captions
    /// keep the token as written.
    fn parts(&self, hit: Option<Hit>) -> Option<Hit> {
        let mut hit = hit?;
        let said = hit
            .text
            .split(' ')
            .map(|w| self.say_name(w))
            .collect::<Vec<_>>()
            .join(" ");
        if said != hit.text {
            hit.text = said;
            hit.caption = Some(String::new());
        }
        Some(hit)
    }

    /// A hyphenated compound with a name the lexicon or the acronym table
    /// knows is said part by part: `kubectl-apply` → "cube control apply",
    /// `postgres-backed`, `API-first` → "A-P-I first"; compounds of plain
    /// words (`well-known`) and shouted ones (`NOT-SO`) are left alone. An
    /// amount glued after a word is the money rule's: `then-$4 billion` →
    /// "then four billion dollars".
    fn compound_rule(&self, ctx: &Ctx) -> Option<Hit> {
        let core = ctx.core(0)?;
        let (head, rest) = core.split_once('-')?;
        if head.is_empty() || !head.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        if rest.starts_with(['$', '€', '£', '¥']) && rest.chars().any(|c| c.is_ascii_digit()) {
            let scale = ctx
                .core(1)
                .filter(|w| matches!(*w, "thousand" | "million" | "billion" | "trillion"))
                .filter(|_| ctx.joined(0));
            let (amount, n) = match scale {
                Some(w) => (format!("{rest} {w}"), 2),
                None => (rest.to_string(), 1),
            };
            let said = self.run(&amount).text;
            return Some(Hit::new(n, format!("{head} {said}"), "money"));
        }
        let parts: Vec<&str> = core.split('-').collect();
        let word = |p: &&str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '’')
                && p.starts_with(|c: char| c.is_ascii_alphabetic())
        };
        let shouted = parts
            .iter()
            .all(|p| !p.chars().any(|c| c.is_ascii_lowercase()));
        if parts.len() > 4 || !parts.iter().all(word) || shouted {
            return None;
        }
        let said: Vec<String> = parts.iter().map(|p| self.say_name(p)).collect();
        if said.iter().zip(&parts).all(|(s, p)| s == p) {
            return None;
        }
        let mut hit = Hit::new(1, said.join(" "), "compound");
        hit.caption = Some(String::new());
        Some(hit)
    }

    /// A number glued to a name with `#`: a standard's part number in
    /// capitals is read as the reference (`ISO/IEC#27001` as `ISO/IEC
    /// 27001`), a word's as a number (`bug#12` as `bug #12`, "bug number
    /// twelve"). `C#` and a lone `#42` are other rules'.
    fn part_number_rule(&self, ctx: &Ctx) -> Option<Hit> {
        let core = ctx.core(0)?;
        let (name, num) = core.split_once('#')?;
        let standard = name.starts_with(|c: char| c.is_ascii_uppercase())
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '/' || c == '-');
        let word = name.chars().all(|c| c.is_ascii_lowercase());
        let num_like = num.starts_with(|c: char| c.is_ascii_digit())
            && num
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-:.".contains(c));
        if name.len() < 2 || !num_like || !(standard || word) {
            return None;
        }
        let written = if standard {
            format!("{name} {num}")
        } else {
            format!("{name} #{num}")
        };
        Some(Hit::new(1, self.run(&written).text, "reference"))
    }

    /// A symbol glued before something the rules read: `@9` → "at nine",
    /// `@5V` → "at five volts", `<5ms` → "less than five milliseconds",
    /// `~$20` → "about twenty dollars".
    fn prefixed_rule(&self, ctx: &Ctx) -> Option<Hit> {
        let core = ctx.core(0)?;
        if core == "<3" {
            // The heart, not a comparison: "I <3 Rust".
            return Some(Hit::new(1, "love", "symbol"));
        }
        let mut chars = core.chars();
        let word = match chars.next()? {
            '@' => "at",
            '<' => "less than",
            '>' => "more than",
            '~' | '≈' => "about",
            '≥' => "at least",
            '≤' => "at most",
            _ => return None,
        };
        let rest = chars.as_str();
        if !rest.starts_with(|c: char| c.is_ascii_digit() || "$€£¥".contains(c)) {
            return None;
        }
        // The unit written apart is the number's: `~4 GB`, `<10 MB`.
        if ctx.joined(0)
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || ".,-–".contains(c))
        {
            if let Some(unit) = ctx.core(1).filter(|u| numeric::spaced_unit(u).is_some()) {
                let said = self.run(&format!("{rest} {unit}")).text;
                return Some(Hit::new(2, format!("{word} {said}"), "symbol"));
            }
        }
        Some(Hit::new(
            1,
            format!("{word} {}", self.run(rest).text),
            "symbol",
        ))
    }

    /// An amount per something: `$100/month` → "one hundred dollars a
    /// month", `$20/seat/month` → "twenty dollars per seat per month",
    /// `1,000/month`, `10GB/s` is the unit rule's.
    fn per_rule(&self, ctx: &Ctx) -> Option<Hit> {
        let core = ctx.core(0)?;
        let (amount, per) = core.split_once('/')?;
        let pers: Vec<&str> = per.split('/').collect();
        let amount_like = amount.starts_with(|c: char| c.is_ascii_digit() || "$€£¥".contains(c))
            && amount.chars().any(|c| c.is_ascii_digit());
        if !amount_like
            || pers
                .iter()
                .any(|p| p.len() < 2 || !p.chars().all(|c| c.is_ascii_lowercase()))
        {
            return None;
        }
        let time = |p: &str| {
            matches!(
                p,
                "second"
                    | "minute"
                    | "hour"
                    | "day"
                    | "night"
                    | "week"
                    | "month"
                    | "year"
                    | "yr"
                    | "mo"
                    | "hr"
                    | "wk"
            )
        };
        let unit = |p: &str| -> String {
            match p {
                "yr" => "year",
                "mo" => "month",
                "hr" => "hour",
                "wk" => "week",
                p => p,
            }
            .to_string()
        };
        let per_words = if let [p] = pers.as_slice() {
            if time(p) {
                format!("a {}", unit(p))
            } else {
                format!("per {}", unit(p))
            }
        } else {
            pers.iter()
                .map(|p| format!("per {}", unit(p)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        Some(Hit::new(
            1,
            format!("{} {per_words}", self.run(amount).text),
            "per",
        ))
    }

    pub fn run(&self, text: &str) -> Normalized {
        let cleaned = symbols::clean(text);
        let lexicon = |c: &Ctx| self.lexicon.rule(c);
        let url = |c: &Ctx| self.url_rule(c);
        let long = |c: &Ctx| self.long_number_rule(c);
        let say = |name: &str| self.say_name(name);
        let reference = |c: &Ctx| references::reference(c, &say);
        let named = |c: &Ctx| names::name_with_digits(c, &say);
        let prefixed = |c: &Ctx| self.prefixed_rule(c);
        let per = |c: &Ctx| self.per_rule(c);
        let compound = |c: &Ctx| self.compound_rule(c);
        let part_number = |c: &Ctx| self.part_number_rule(c);
        let call_or_path = |c: &Ctx| self.parts(code::call_or_path(c));
        let path_or_flag = |c: &Ctx| self.parts(code::path_or_flag(c));
        let slashed = |c: &Ctx| symbols::slashed(c, &say);
        let identifier = |c: &Ctx| self.parts(identifiers::identifier(c));
        let rules: [Rule; 57] = [
            &url,
            // Before the lexicon, which it consults for the name: a lexicon
            // entry for "RFC" must not leave "7231" to the number rules.
            &reference,
            &part_number,
            &lexicon,
            &urls::email_or_handle,
            &abbreviations::abbreviation,
            // Before code in prose, which would read `2.14.0-rc.2` as a path.
            &numeric::tagged_version,
            &code::big_o,
            &code::symbol_name,
            &code::keys,
            &call_or_path,
            &code::assignment,
            &path_or_flag,
            &code::cidr,
            &code::ratio,
            &code::duration,
            &code::exponent,
            &code::relation,
            &prefixed,
            &per,
            &business::period_over_period,
            &business::half_year,
            &business::basis_points,
            &references::numbered_act,
            &dates::iso_date,
            &dates::date,
            &dates::time,
            &numeric::money,
            &numeric::percent,
            &numeric::version_rule,
            &numeric::glued_version,
            &years::decade,
            &years::year_compound,
            &named,
            &names::resolution,
            &numeric::feet_inches,
            &numeric::measure,
            &numeric::measure_spaced,
            &numeric::compound,
            &numeric::multiplier,
            &numeric::scaled,
            &numeric::fraction,
            &numeric::ordinal_rule,
            &numeric::status_code,
            &numeric::port,
            &years::year_in_context,
            &long,
            &years::bare_year,
            &numeric::range,
            &numeric::plain_number,
            &symbols::symbol,
            &slashed,
            &compound,
            &acronyms::acronym,
            &acronyms::mixed_case,
            &identifier,
            &names::leftover_digits,
        ];
        let mut changes = Vec::new();
        let (spoken, caption) = engine::run_both(&cleaned, &rules, &mut changes);
        Normalized {
            text: symbols::tidy_spacing(&spoken),
            caption: symbols::tidy_spacing(&caption),
            changes,
        }
    }
}

#[cfg(test)]
mod tests;
