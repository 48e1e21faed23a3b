//! Abbreviations with a dot, said in full: "e.g." is "for example", "vs."
//! "versus", "St." "Saint" or "Street" by what stands around it; the dot
//! stays only where it also ends the sentence.

use super::engine::{Ctx, Hit};
use super::spoken::is_digits;

/// (abbreviation with its dot, words). Case-sensitive.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("e.g.", "for example"),
    ("E.g.", "For example"),
    ("i.e.", "that is"),
    ("I.e.", "That is"),
    ("etc.", "et cetera"),
    ("vs.", "versus"),
    ("approx.", "approximately"),
    ("Approx.", "Approximately"),
    ("cf.", "compare"),
    ("Mr.", "Mister"),
    ("Mrs.", "Missus"),
    ("Ms.", "Miz"),
    ("Dr.", "Doctor"),
    ("Prof.", "Professor"),
    ("Jr.", "Junior"),
    ("Sr.", "Senior"),
    ("a.k.a.", "also known as"),
    ("incl.", "including"),
    ("min.", "minimum"),
    ("max.", "maximum"),
    ("est.", "established"),
    ("Fig.", "Figure"),
    ("fig.", "figure"),
    ("Ch.", "Chapter"),
    ("p.", "page"),
    ("pp.", "pages"),
];

/// `e.g.` → "for example"; `etc.` keeps its dot only where it also ends the
/// sentence; `Dr.` before a name; `St.` only when sure (Saint before a
/// name, Street after one); `No. 5` → "number five"; `vs` without a dot.
pub fn abbreviation(ctx: &Ctx) -> Option<Hit> {
    let t = ctx.tok(0)?;
    let with_dot = t.with_dot();
    let next_is_name = ctx
        .core(1)
        .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
    let next_is_number = ctx
        .core(1)
        .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
    let words = match with_dot.as_deref() {
        Some("St.")
            if next_is_name
                && ctx
                    .prev()
                    .is_none_or(|p| !p.core.chars().next().is_some_and(char::is_uppercase)) =>
        {
            "Saint"
        }
        Some("St.")
            if ctx
                .prev()
                .is_some_and(|p| p.core.chars().next().is_some_and(char::is_uppercase))
                && ctx.i >= 2
                && is_digits(ctx.toks[ctx.i - 2].core) =>
        {
            "Street"
        }
        Some("No." | "no.") if next_is_number => "number",
        Some("Nos." | "nos.") if next_is_number => "numbers",
        Some(d @ ("Dr." | "Mr." | "Mrs." | "Ms." | "Prof.")) if !next_is_name => {
            let _ = d;
            return None;
        }
        Some(d) => ABBREVIATIONS
            .iter()
            .find(|(a, _)| *a == d)
            .map(|(_, w)| *w)?,
        // Without its dot only between two named things: "Rust vs Go".
        None if t.core == "vs" && next_is_name => "versus",
        None => return None,
    };
    let mut hit = Hit::new(1, words, "abbreviation");
    if with_dot.is_some() {
        // The dot belongs to the abbreviation; keep it only as a sentence end.
        let rest = &t.trail[1..];
        let sentence_end = rest.is_empty() && ctx.ends_sentence(0) && t.core == "etc";
        hit.trail = Some(if sentence_end {
            t.trail.to_string()
        } else {
            rest.to_string()
        });
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use super::super::engine::apply;
    use super::*;

    #[test]
    fn said_in_full() {
        assert_eq!(
            apply(&abbreviation, "apples, etc. Then"),
            "apples, et cetera. Then"
        );
        assert_eq!(apply(&abbreviation, "e.g., this"), "for example, this");
        assert_eq!(apply(&abbreviation, "Rust vs Go"), "Rust versus Go");
        assert_eq!(
            apply(&abbreviation, "no dot in vs here"),
            "no dot in vs here"
        );
    }
}
