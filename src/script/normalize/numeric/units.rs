//! Units and scales: `25ms`, `100 MB`, `4-core`, `10k`, `10x`.

use super::counts::split_range;
use crate::script::normalize::engine::{Ctx, Hit};
use crate::script::normalize::spoken::{cardinal, is_digits, number};

/// (abbreviation, singular, plural). Case matters: `m` is metres, `M` is not
/// a unit; `MB` megabytes, `Mb` megabits.
const UNITS: &[(&str, &str, &str)] = &[
    ("ns", "nanosecond", "nanoseconds"),
    ("µs", "microsecond", "microseconds"),
    ("us", "microsecond", "microseconds"),
    ("ms", "millisecond", "milliseconds"),
    ("s", "second", "seconds"),
    ("sec", "second", "seconds"),
    ("secs", "second", "seconds"),
    ("min", "minute", "minutes"),
    ("mins", "minute", "minutes"),
    ("h", "hour", "hours"),
    ("hr", "hour", "hours"),
    ("hrs", "hour", "hours"),
    ("B", "byte", "bytes"),
    ("KB", "kilobyte", "kilobytes"),
    ("kB", "kilobyte", "kilobytes"),
    ("MB", "megabyte", "megabytes"),
    ("GB", "gigabyte", "gigabytes"),
    ("TB", "terabyte", "terabytes"),
    ("PB", "petabyte", "petabytes"),
    ("KiB", "kibibyte", "kibibytes"),
    ("MiB", "mebibyte", "mebibytes"),
    ("GiB", "gibibyte", "gibibytes"),
    ("TiB", "tebibyte", "tebibytes"),
    ("Kb", "kilobit", "kilobits"),
    ("Mb", "megabit", "megabits"),
    ("Gb", "gigabit", "gigabits"),
    ("kbps", "kilobit per second", "kilobits per second"),
    ("Kbps", "kilobit per second", "kilobits per second"),
    ("Mbps", "megabit per second", "megabits per second"),
    ("Gbps", "gigabit per second", "gigabits per second"),
    ("MB/s", "megabyte per second", "megabytes per second"),
    ("GB/s", "gigabyte per second", "gigabytes per second"),
    ("Hz", "hertz", "hertz"),
    ("kHz", "kilohertz", "kilohertz"),
    ("MHz", "megahertz", "megahertz"),
    ("GHz", "gigahertz", "gigahertz"),
    ("mm", "millimeter", "millimeters"),
    ("cm", "centimeter", "centimeters"),
    ("m", "meter", "meters"),
    ("km", "kilometer", "kilometers"),
    ("mi", "mile", "miles"),
    ("ft", "foot", "feet"),
    ("in", "inch", "inches"),
    ("mg", "milligram", "milligrams"),
    ("g", "gram", "grams"),
    ("kg", "kilogram", "kilograms"),
    ("lb", "pound", "pounds"),
    ("lbs", "pound", "pounds"),
    ("ml", "milliliter", "milliliters"),
    ("mL", "milliliter", "milliliters"),
    ("l", "liter", "liters"),
    ("L", "liter", "liters"),
    ("fps", "frame per second", "frames per second"),
    ("rpm", "revolution per minute", "revolutions per minute"),
    ("rps", "request per second", "requests per second"),
    ("qps", "query per second", "queries per second"),
    ("px", "pixel", "pixels"),
    ("pt", "point", "points"),
    ("W", "watt", "watts"),
    ("kW", "kilowatt", "kilowatts"),
    ("kWh", "kilowatt hour", "kilowatt hours"),
    ("V", "volt", "volts"),
    ("mAh", "milliamp hour", "milliamp hours"),
    ("mV", "millivolt", "millivolts"),
    ("kV", "kilovolt", "kilovolts"),
    ("A", "amp", "amps"),
    ("mA", "milliamp", "milliamps"),
    ("uA", "microamp", "microamps"),
    ("µA", "microamp", "microamps"),
    ("nA", "nanoamp", "nanoamps"),
    ("pA", "picoamp", "picoamps"),
    ("F", "farad", "farads"),
    ("uF", "microfarad", "microfarads"),
    ("µF", "microfarad", "microfarads"),
    ("nF", "nanofarad", "nanofarads"),
    ("pF", "picofarad", "picofarads"),
    ("Ω", "ohm", "ohms"),
    ("kΩ", "kilohm", "kilohms"),
    ("MW", "megawatt", "megawatts"),
    ("°C", "degree Celsius", "degrees Celsius"),
    ("°F", "degree Fahrenheit", "degrees Fahrenheit"),
    ("°", "degree", "degrees"),
    ("km/h", "kilometer per hour", "kilometers per hour"),
    ("mph", "mile per hour", "miles per hour"),
];

pub(super) fn unit(abbr: &str) -> Option<(&'static str, &'static str)> {
    UNITS.iter().find(|u| u.0 == abbr).map(|u| (u.1, u.2))
}

/// A unit that may stand alone after a number as its own token; single
/// letters that are also words ("in", "s", "m") only when attached.
pub fn spaced_unit(abbr: &str) -> Option<(&'static str, &'static str)> {
    if matches!(
        abbr,
        "in" | "s" | "m" | "h" | "g" | "l" | "L" | "B" | "W" | "V" | "A" | "F" | "pt" | "us" | "mi"
    ) {
        return None;
    }
    unit(abbr)
}

/// "a 2 TB drive", "a $5k budget": a measure used as an adjective takes
/// the singular unit.
pub(super) fn attributive(ctx: &Ctx) -> bool {
    ctx.prev()
        .is_some_and(|p| matches!(p.core, "a" | "an" | "A" | "An") && p.trail.is_empty())
}

fn with_unit(num_words: &str, is_one: bool, u: (&str, &str)) -> String {
    format!("{num_words} {}", if is_one { u.0 } else { u.1 })
}

/// A number and a unit: `25ms`, `100 MB`, `1.5 GHz`, `8 GiB`, `-4°C`;
/// a range with a unit: `10-20 ms` → "ten to twenty milliseconds".
pub fn measure(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    // Attached: the number is the leading digits.
    let split = core
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '−' | '–')))
        .map(|(i, _)| i)?;
    let (num, abbr) = core.split_at(split);
    if !num.is_empty() && !abbr.is_empty() {
        if let Some(u) = unit(abbr) {
            let u = if attributive(ctx) { (u.0, u.0) } else { u };
            return number_with_unit(num, u).map(|t| Hit::new(1, t, "unit"));
        }
    }
    None
}

/// A number token followed by a unit token: `100 MB`, `10-20 ms`.
pub fn measure_spaced(ctx: &Ctx) -> Option<Hit> {
    let num = ctx.core(0)?;
    if !ctx.joined(0) || !num.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    let u = spaced_unit(ctx.core(1)?)?;
    let u = if attributive(ctx) { (u.0, u.0) } else { u };
    number_with_unit(num, u).map(|t| Hit::new(2, t, "unit"))
}

fn number_with_unit(num: &str, u: (&str, &str)) -> Option<String> {
    if let Some((a, b)) = split_range(num) {
        return Some(format!(
            "{} to {}",
            number(a)?,
            with_unit(&number(b)?, false, u)
        ));
    }
    let words = number(num)?;
    Some(with_unit(&words, words == "one", u))
}

/// `4-core` → "four-core", `3-day` → "three-day": a number used as an
/// adjective keeps its hyphen.
pub fn compound(ctx: &Ctx) -> Option<Hit> {
    let (num, word) = ctx.core(0)?.split_once('-')?;
    if !is_digits(num) || word.is_empty() || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let word = match unit(word) {
        Some((one, _)) => one.to_string(),
        None => word.to_string(),
    };
    Some(Hit::new(1, format!("{}-{word}", cardinal(num)), "number"))
}

/// `10k` → "ten thousand", `2.5M` → "two point five million": a count
/// with a scale letter (not a unit: `M` alone is no unit, `m` is metres).
pub fn scaled(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (split, _) = core.char_indices().last()?;
    let (num, suffix) = core.split_at(split);
    let word = match suffix {
        "k" | "K" => "thousand",
        "M" => "million",
        _ => return None,
    };
    Some(Hit::new(1, format!("{} {word}", number(num)?), "number"))
}

/// A height in feet and inches: `5'4"` → "five foot four", `6′2″`. The
/// inch mark was set aside as closing punctuation, so it is taken from the
/// token's trail.
pub fn feet_inches(ctx: &Ctx) -> Option<Hit> {
    let t = ctx.tok(0)?;
    let (feet, inches) = t.core.split_once(['\'', '′', '’'])?;
    let rest = t
        .trail
        .strip_prefix('"')
        .or_else(|| t.trail.strip_prefix('″'))
        .or_else(|| t.trail.strip_prefix('”'))?;
    if !is_digits(feet) || !is_digits(inches) || feet.len() > 1 || inches.len() > 2 {
        return None;
    }
    let mut hit = Hit::new(
        1,
        format!("{} foot {}", cardinal(feet), cardinal(inches)),
        "unit",
    );
    hit.trail = Some(rest.to_string());
    Some(hit)
}

/// `10x` → "ten times", `1.5×` → "one point five times".
pub fn multiplier(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let num = core.strip_suffix('x').or_else(|| core.strip_suffix('×'))?;
    Some(Hit::new(1, format!("{} times", number(num)?), "multiplier"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;

    #[test]
    fn each_rule_alone() {
        assert_eq!(apply(&measure, "25ms"), "twenty-five milliseconds");
        assert_eq!(apply(&measure, "1.5GHz"), "one point five gigahertz");
        assert_eq!(apply(&measure_spaced, "100 MB"), "one hundred megabytes");
        assert_eq!(
            apply(&measure_spaced, "10-20 ms"),
            "ten to twenty milliseconds"
        );
        assert_eq!(apply(&compound, "4-core"), "four-core");
        assert_eq!(apply(&scaled, "10k"), "ten thousand");
        assert_eq!(apply(&multiplier, "10x"), "ten times");
        assert_eq!(
            apply(&feet_inches, "is 5'4\" tall"),
            "is five foot four tall"
        );
        assert_eq!(apply(&multiplier, "1.5×"), "one point five times");
    }
}
