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
    ("Mt.", "Mount"),
    ("Ft.", "Fort"),
    ("Gen.", "General"),
    ("Gov.", "Governor"),
    ("Sen.", "Senator"),
    ("Rep.", "Representative"),
    ("Capt.", "Captain"),
    ("Lt.", "Lieutenant"),
    ("Sgt.", "Sergeant"),
];

/// Words of an address that follow the street's name: `Elm Rd.`, `Park
/// Ave.`, `Sunset Blvd.`. Only after a capitalized word ("Ave." alone is
/// left to the voice).
const STREETS: &[(&str, &str)] = &[
    ("St.", "Street"),
    ("Rd.", "Road"),
    ("Ave.", "Avenue"),
    ("Av.", "Avenue"),
    ("Blvd.", "Boulevard"),
    ("Ln.", "Lane"),
    ("Dr.", "Drive"),
    ("Ct.", "Court"),
    ("Pl.", "Place"),
    ("Sq.", "Square"),
    ("Hwy.", "Highway"),
    ("Pkwy.", "Parkway"),
    ("Terr.", "Terrace"),
];

/// Said after a name, so their dot may also end the sentence.
const AFTER_A_NAME: &[&str] = &["Jr.", "Sr."];

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
    // The word before is a name in the same phrase: "Oak St.", "Elm Rd.";
    // the first word of a sentence may be a verb ("Visit St. Louis").
    let after_name = ctx.prev().is_some_and(|p| {
        p.is_name_word()
            && p.core.chars().all(char::is_alphabetic)
            && !matches!(p.core, "In" | "On" | "At" | "To" | "From")
    });
    let sentence_start = ctx.i < 2 || {
        let before = &ctx.toks[ctx.i - 2];
        before.trail.ends_with(['.', '!', '?', ':'])
    };
    let street = with_dot
        .as_deref()
        .and_then(|d| STREETS.iter().find(|(a, _)| *a == d))
        .map(|(_, w)| *w);
    let words = match with_dot.as_deref() {
        // "Dr. Smith" and "St. Louis": a title or a saint before a name,
        // unless the word before is the street's own name.
        Some("St." | "Dr.") if next_is_name && (!after_name || sentence_start) => {
            if t.core == "St" {
                "Saint"
            } else {
                "Doctor"
            }
        }
        Some(_) if street.is_some() && after_name => street?,
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
        Some(
            "Dr." | "Mr." | "Mrs." | "Ms." | "Prof." | "Mt." | "Ft." | "Gen." | "Gov." | "Sen."
            | "Rep." | "Capt." | "Lt." | "Sgt.",
        ) if !next_is_name => {
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
    let ends_phrase = t.core == "etc"
        || (street.is_some() && words != "Saint" && words != "Doctor")
        || with_dot
            .as_deref()
            .is_some_and(|d| AFTER_A_NAME.contains(&d));
    let mut hit = Hit::new(1, words, "abbreviation");
    if with_dot.is_some() {
        // The dot belongs to the abbreviation; keep it only as a sentence end.
        let rest = &t.trail[1..];
        let sentence_end = rest.is_empty() && ctx.ends_sentence(0) && ends_phrase;
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
        assert_eq!(
            apply(&abbreviation, "on Elm Rd. today"),
            "on Elm Road today"
        );
        assert_eq!(
            apply(&abbreviation, "on Oak St. Then"),
            "on Oak Street. Then"
        );
        assert_eq!(apply(&abbreviation, "in St. Louis"), "in Saint Louis");
        assert_eq!(apply(&abbreviation, "Ask Dr. Lee"), "Ask Doctor Lee");
        assert_eq!(apply(&abbreviation, "an Ave. sign"), "an Ave. sign");
        assert_eq!(apply(&abbreviation, "Rust vs Go"), "Rust versus Go");
        assert_eq!(
            apply(&abbreviation, "no dot in vs here"),
            "no dot in vs here"
        );
    }
}
