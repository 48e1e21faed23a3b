//! Dates and times: `June 13, 2026`, `13 Jun 2026`, `2026-06-13` → "June
//! thirteenth, twenty twenty-six"; `3:30pm` → "three thirty P-M", `14:02`
//! → "fourteen oh two". Month and weekday abbreviations are expanded only
//! inside a date, where they cannot be another word.

use super::engine::{Ctx, Hit};
use super::spoken::{cardinal, is_digits, ordinal, year};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `Jun`, `Jun.`, `June`, `Sept` → 1-based month.
pub fn month(word: &str) -> Option<usize> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 || !w.chars().next()?.is_uppercase() {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w
                || (w.len() >= 3
                    && w.len() < m.len()
                    && m.starts_with(w)
                    && (w.len() == 3 || w == "Sept"))
        })
        .map(|i| i + 1)
}

fn weekday(word: &str) -> Option<&'static str> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    WEEKDAYS
        .iter()
        .find(|d| **d == w || (d.starts_with(w) && (w.len() == 3 || matches!(w, "Tues" | "Thurs"))))
        .copied()
}

fn day(s: &str) -> Option<u32> {
    let d: u32 = s.parse().ok().filter(|_| is_digits(s) && s.len() <= 2)?;
    (1..=31).contains(&d).then_some(d)
}

fn year_of(s: &str) -> Option<u32> {
    let y: u32 = s.parse().ok().filter(|_| is_digits(s) && s.len() == 4)?;
    (1000..=2999).contains(&y).then_some(y)
}

fn say(m: usize, d: Option<u32>, y: Option<u32>) -> String {
    let mut s = MONTHS[m - 1].to_string();
    if let Some(d) = d {
        s.push(' ');
        s.push_str(&ordinal(&d.to_string()));
    }
    if let Some(y) = y {
        if d.is_some() {
            s.push(',');
        }
        s.push(' ');
        s.push_str(&year(y));
    }
    s
}

/// A day token as written after a month: `13`, `13th`.
fn day_token(s: &str) -> Option<u32> {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    if !suffix.is_empty() && !matches!(suffix, "st" | "nd" | "rd" | "th") {
        return None;
    }
    day(digits)
}

/// `June 13, 2026`, `Jun 13`, `June 2026`, `13 June 2026`, `13 Jun`, with
/// an optional weekday in front (`Sat, 13 Jun 2026`).
pub fn date(ctx: &Ctx) -> Option<Hit> {
    let (wd, start) = match weekday(ctx.core(0)?) {
        Some(w) if ctx.tok(0)?.trail.trim_start_matches('.').len() <= 1 => (Some(w), 1),
        _ => (None, 0),
    };
    let at = |k: usize| ctx.core(start + k);
    let trail = |k: usize| ctx.tok(start + k).map_or("", |t| t.trail);
    let (text, used) = if let Some(m) = at(0).and_then(month) {
        // Month first.
        match at(1).and_then(day_token) {
            Some(d) if trail(0).trim_start_matches('.').is_empty() => {
                match at(2)
                    .and_then(year_of)
                    .filter(|_| matches!(trail(1), "" | ","))
                {
                    Some(y) => (say(m, Some(d), Some(y)), 3),
                    None => (say(m, Some(d), None), 2),
                }
            }
            _ => match at(1).and_then(year_of) {
                Some(y) if trail(0).trim_start_matches('.').is_empty() => {
                    (say(m, None, Some(y)), 2)
                }
                _ => return None,
            },
        }
    } else if let Some(d) = at(0).and_then(day_token) {
        // Day first: needs a month after it.
        let m = at(1).and_then(month).filter(|_| trail(0).is_empty())?;
        match at(2)
            .and_then(year_of)
            .filter(|_| trail(1).trim_start_matches('.').is_empty())
        {
            Some(y) => (say(m, Some(d), Some(y)), 3),
            None => (say(m, Some(d), None), 2),
        }
    } else {
        return None;
    };
    let text = match wd {
        Some(w) => format!("{w}, {text}"),
        None => text,
    };
    let mut hit = Hit::new(start + used, text, "date");
    // "Jun." ends with the abbreviation's dot, not a sentence.
    if let Some(last) = ctx.tok(start + used - 1) {
        if month(last.core).is_some() && last.trail.starts_with('.') {
            hit.trail = Some(last.trail[1..].to_string());
        }
    }
    Some(hit)
}

/// `2026-06-13` → "June thirteenth, twenty twenty-six".
pub fn iso_date(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    // Year and month alone: `2024-09` → "September twenty twenty-four".
    if core.len() == 7 && core.as_bytes()[4] == b'-' {
        let (y, m) = (year_of(core.get(..4)?)?, core.get(5..)?);
        let m = m
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=12).contains(n) && is_digits(m))?;
        return Some(Hit::new(1, say(m, None, Some(y)), "date"));
    }
    let date = core.get(..10)?;
    if core.len() > 10 && !core[10..].starts_with('T') {
        return None;
    }
    let mut p = date.split('-');
    let (y, m, d) = (p.next()?, p.next()?, p.next()?);
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d) = (
        year_of(y)?,
        m.parse::<usize>().ok().filter(|m| (1..=12).contains(m))?,
        day(d)?,
    );
    Some(Hit::new(1, say(m, Some(d), Some(y)), "date"))
}

/// `a.m.`, `am`, `AM`, `a.m` → which half of the day.
fn meridiem(s: &str) -> Option<&'static str> {
    match s
        .to_ascii_lowercase()
        .trim_end_matches('.')
        .replace('.', "")
        .as_str()
    {
        "am" => Some("A-M"),
        "pm" => Some("P-M"),
        _ => None,
    }
}

const TIME_ZONES: &[&str] = &[
    "UTC", "GMT", "CET", "CEST", "EET", "EEST", "WET", "BST", "IST", "JST", "KST", "AEST", "AEDT",
    "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "HST",
];

fn clock(h: u32, m: u32) -> String {
    match m {
        0 if h > 12 || h == 0 => format!("{} hundred", cardinal(&h.to_string())),
        0 => format!("{} o'clock", cardinal(&h.to_string())),
        1..=9 => format!(
            "{} oh {}",
            cardinal(&h.to_string()),
            cardinal(&m.to_string())
        ),
        _ => format!("{} {}", cardinal(&h.to_string()), cardinal(&m.to_string())),
    }
}

/// `2.45pm`, `2.45 p.m.`: a dot between the hour and the minutes, as
/// British writing (and a recognizer) puts it, written with a colon. Only
/// with a meridiem, attached or next: `2.45` alone is a decimal.
fn dotted_clock(ctx: &Ctx) -> Option<String> {
    let core = ctx.core(0)?;
    let (h, rest) = core.split_once('.')?;
    let (m, attached) = rest.split_at(
        rest.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len()),
    );
    if !(is_digits(h) && h.len() <= 2 && m.len() == 2 && is_digits(m)) {
        return None;
    }
    let tok = ctx.tok(0)?;
    let with_trail_dot = |w: &str, trail: &str| {
        if trail.starts_with('.') {
            format!("{w}.")
        } else {
            w.to_string()
        }
    };
    let half = if attached.is_empty() {
        ctx.joined(0)
            .then(|| ctx.tok(1))
            .flatten()
            .and_then(|t| meridiem(&with_trail_dot(t.core, t.trail)))
    } else {
        meridiem(&with_trail_dot(attached, tok.trail))
    };
    half.map(|_| format!("{h}:{m}{attached}"))
}

/// `3:30pm`, `3:30 p.m.`, `9am`, `9 a.m.`, `14:02`, `1:02:03` (a duration).
pub fn time(ctx: &Ctx) -> Option<Hit> {
    let dotted;
    let core = match dotted_clock(ctx) {
        Some(c) => {
            dotted = c;
            dotted.as_str()
        }
        None => ctx.core(0)?,
    };
    // Attached meridiem: "3:30pm", "9am".
    let digits_end = core
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(core.len());
    let (clock_part, rest) = core.split_at(digits_end);
    let tok = ctx.tok(0)?;
    // "a.m" + the trail's dot is "a.m."; any other trail is punctuation.
    let with_dot = |core: &str, trail: &str| {
        if trail.starts_with('.') {
            format!("{core}.")
        } else {
            core.to_string()
        }
    };
    let next = ctx.joined(0).then(|| ctx.tok(1)).flatten();
    let (half, n, dot_in_trail) = if !rest.is_empty() {
        (
            Some(meridiem(&with_dot(rest, tok.trail))?),
            1,
            tok.trail.starts_with('.') && rest.contains('.'),
        )
    } else if let Some(h) = next.and_then(|t| meridiem(&with_dot(t.core, t.trail))) {
        (
            Some(h),
            2,
            next.is_some_and(|t| t.core.contains('.') && t.trail.starts_with('.')),
        )
    } else {
        (None, 1, false)
    };
    let parts: Vec<&str> = clock_part.split(':').collect();
    let text = match (parts.as_slice(), half) {
        ([h], Some(half)) if is_digits(h) && h.len() <= 2 => {
            let h: u32 = h.parse().ok().filter(|h| (1..=12).contains(h))?;
            format!("{} {half}", cardinal(&h.to_string()))
        }
        ([h, m], half) if is_digits(h) && is_digits(m) && m.len() == 2 && h.len() <= 2 => {
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            if h > 24 || m > 59 || (half.is_some() && !(1..=12).contains(&h)) {
                return None;
            }
            match half {
                Some(half) if m == 0 => format!("{} {half}", cardinal(&h.to_string())),
                Some(half) => format!("{} {half}", clock(h, m)),
                None => clock(h, m),
            }
        }
        ([h, m, s], None)
            if [h, m, s].iter().all(|p| is_digits(p)) && m.len() == 2 && s.len() == 2 =>
        {
            let unit = |v: &str, one: &str, many: &str| {
                let n: u32 = v.parse().unwrap_or(0);
                (n > 0).then(|| {
                    format!(
                        "{} {}",
                        cardinal(&n.to_string()),
                        if n == 1 { one } else { many }
                    )
                })
            };
            let said: Vec<String> = [
                unit(h, "hour", "hours"),
                unit(m, "minute", "minutes"),
                unit(s, "second", "seconds"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if said.is_empty() {
                return None;
            }
            said.join(" ")
        }
        _ => return None,
    };
    let mut hit = Hit::new(n, text, "time");
    if dot_in_trail {
        // The dot of "p.m." — a sentence end only if a capital follows.
        let last = ctx.tok(n - 1)?;
        // A time zone after the time is no new sentence: "6 a.m. UTC".
        let zone = ctx.core(n).is_some_and(|z| TIME_ZONES.contains(&z));
        if zone || !ctx.ends_sentence(n - 1) {
            hit.trail = Some(last.trail[1..].to_string());
        }
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use super::super::engine::apply;
    use super::*;

    #[test]
    fn dates_and_times() {
        assert_eq!(
            apply(&date, "June 13, 2026"),
            "June thirteenth, twenty twenty-six"
        );
        assert_eq!(
            apply(&date, "Sat, 13 Jun 2026"),
            "Saturday, June thirteenth, twenty twenty-six"
        );
        assert_eq!(
            apply(&iso_date, "2026-06-13"),
            "June thirteenth, twenty twenty-six"
        );
        assert_eq!(apply(&time, "3:30pm"), "three thirty P-M");
        assert_eq!(apply(&time, "14:02"), "fourteen oh two");
        assert_eq!(apply(&date, "May I"), "May I");
    }
}
