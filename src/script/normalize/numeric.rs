//! Rules for everything with digits: money, percentages, units, ranges,
//! fractions, multipliers, ordinals, decades and years, versions, status
//! codes and ports, long digit strings, and plain numbers last.

use super::engine::{Ctx, Hit};
use super::numbers::{cardinal, digit_by_digit, is_digits, number, ordinal, plural, version, year};

/// (symbol, singular, plural, minor unit singular, minor plural).
const CURRENCIES: &[(&str, &str, &str, &str, &str)] = &[
    ("$", "dollar", "dollars", "cent", "cents"),
    ("US$", "dollar", "dollars", "cent", "cents"),
    ("€", "euro", "euros", "cent", "cents"),
    ("£", "pound", "pounds", "penny", "pence"),
    ("¥", "yen", "yen", "", ""),
    ("₹", "rupee", "rupees", "paisa", "paise"),
];

/// Scale suffixes after an amount: `$2M`, `$1.5B`, `$5k`.
fn scale(suffix: &str) -> Option<&'static str> {
    match suffix {
        "k" | "K" => Some("thousand"),
        "M" | "m" | "mn" => Some("million"),
        "B" | "bn" => Some("billion"),
        "T" | "tn" => Some("trillion"),
        _ => None,
    }
}

/// `$5.50` → "five dollars and fifty cents"; `$2M` → "two million
/// dollars"; `€1` → "one euro"; `¥500` → "five hundred yen".
pub fn money(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (sign, core) = match core.strip_prefix(['-', '−']) {
        Some(r) => ("minus ", r),
        None => ("", core),
    };
    let &(sym, one, many, minor_one, minor_many) =
        CURRENCIES.iter().find(|c| core.starts_with(c.0))?;
    let many = if attributive(ctx) { one } else { many };
    let amount = &core[sym.len()..];
    let digits_end = amount
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(amount.len());
    let (num, suffix) = amount.split_at(digits_end);
    // A scale word may also be the next token: "$2 million".
    let (scale_word, n) = match (suffix, ctx.core(1)) {
        ("", Some(w @ ("thousand" | "million" | "billion" | "trillion"))) if ctx.joined(0) => {
            (Some(w), 2)
        }
        ("", _) => (None, 1),
        (s, _) => (Some(scale(s)?), 1),
    };
    if num.is_empty() {
        return None;
    }
    let text = match scale_word {
        Some(w) => format!("{sign}{} {w} {many}", number(num)?),
        None => {
            let (int, cents) = match num.split_once('.') {
                Some((i, c)) if c.len() == 2 && is_digits(c) => (i, Some(c)),
                Some(_) => {
                    return Some(Hit::new(
                        1,
                        format!("{sign}{} {many}", number(num)?),
                        "money",
                    ))
                }
                None => (num, None),
            };
            let int_words = number(int)?;
            let unit = if int_words == "one" { one } else { many };
            let cents = cents
                .map(|c| c.trim_start_matches('0'))
                .filter(|c| !c.is_empty());
            match cents {
                Some(c) if !minor_many.is_empty() => {
                    let minor = if c == "1" { minor_one } else { minor_many };
                    if int.trim_start_matches('0').is_empty() {
                        format!("{sign}{} {minor}", cardinal(c))
                    } else {
                        format!("{sign}{int_words} {unit} and {} {minor}", cardinal(c))
                    }
                }
                Some(_) => format!("{sign}{} {many}", number(num)?),
                None => format!("{sign}{int_words} {unit}"),
            }
        }
    };
    Some(Hit::new(n, text, "money"))
}

/// `10%` → "ten percent", `0.5%` → "zero point five percent".
pub fn percent(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let num = core.strip_suffix('%')?;
    if let Some((a, b)) = split_range(num) {
        return Some(Hit::new(
            1,
            format!("{} to {} percent", number(a)?, number(b)?),
            "percent",
        ));
    }
    Some(Hit::new(1, format!("{} percent", number(num)?), "percent"))
}

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
    ("°C", "degree Celsius", "degrees Celsius"),
    ("°F", "degree Fahrenheit", "degrees Fahrenheit"),
    ("°", "degree", "degrees"),
    ("km/h", "kilometer per hour", "kilometers per hour"),
    ("mph", "mile per hour", "miles per hour"),
];

fn unit(abbr: &str) -> Option<(&'static str, &'static str)> {
    UNITS.iter().find(|u| u.0 == abbr).map(|u| (u.1, u.2))
}

/// A unit that may stand alone after a number as its own token; single
/// letters that are also words ("in", "s", "m") only when attached.
fn spaced_unit(abbr: &str) -> Option<(&'static str, &'static str)> {
    if matches!(
        abbr,
        "in" | "s" | "m" | "h" | "g" | "l" | "L" | "B" | "W" | "V" | "pt" | "us" | "mi"
    ) {
        return None;
    }
    unit(abbr)
}

/// "a 2 TB drive", "a $5k budget": a measure used as an adjective takes
/// the singular unit.
fn attributive(ctx: &Ctx) -> bool {
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

/// `10-20`, `2020–2026`: two numbers around a hyphen or en dash.
fn split_range(s: &str) -> Option<(&str, &str)> {
    let (a, b) = s.split_once(['–', '-']).filter(|(a, _)| !a.is_empty())?;
    (number(a).is_some() && number(b).is_some() && !b.starts_with(['-', '+'])).then_some((a, b))
}

/// `2020–2026` → "twenty twenty to twenty twenty-six"; `10-20` → "ten to
/// twenty". Years when both ends look like years.
pub fn range(ctx: &Ctx) -> Option<Hit> {
    let (a, b) = split_range(ctx.core(0)?)?;
    let as_year = |s: &str| -> Option<String> {
        let y: u32 = s.parse().ok().filter(|_| s.len() == 4 && is_digits(s))?;
        (1000..=2099).contains(&y).then(|| year(y))
    };
    let text = match (as_year(a), as_year(b)) {
        (Some(x), Some(y)) => format!("{x} to {y}"),
        _ => format!("{} to {}", number(a)?, number(b)?),
    };
    Some(Hit::new(1, text, "range"))
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

/// `10x` → "ten times", `1.5×` → "one point five times".
pub fn multiplier(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let num = core.strip_suffix('x').or_else(|| core.strip_suffix('×'))?;
    Some(Hit::new(1, format!("{} times", number(num)?), "multiplier"))
}

/// `1/2` → "one half", `3/4` → "three quarters", `24/7` → "twenty-four
/// seven". Only small denominators: `6/13` may be a date, left alone.
pub fn fraction(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if core == "24/7" {
        return Some(Hit::new(1, "twenty-four seven", "fraction"));
    }
    let (a, b) = core.split_once('/')?;
    if !is_digits(a) || !is_digits(b) || a.len() > 3 || b.len() > 3 {
        return None;
    }
    let (n, d): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    // "40/40 hosts": a count out of a total; what could be a date (6/13) is
    // left alone.
    if d > 10 && n <= d && (d > 31 || n > 12) {
        return Some(Hit::new(
            1,
            format!("{} out of {}", cardinal(a), cardinal(b)),
            "fraction",
        ));
    }
    let (one, many) = match d {
        2 => ("half", "halves"),
        3 => ("third", "thirds"),
        4 => ("quarter", "quarters"),
        5 => ("fifth", "fifths"),
        6 => ("sixth", "sixths"),
        8 => ("eighth", "eighths"),
        10 => ("tenth", "tenths"),
        _ => return None,
    };
    if n == 0 || n >= d * 10 {
        return None;
    }
    let word = if n == 1 { one } else { many };
    Some(Hit::new(1, format!("{} {word}", cardinal(a)), "fraction"))
}

/// `1st` → "first", `22nd`, `101st`, `3rd`, `4th`.
pub fn ordinal_rule(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let split = core.find(|c: char| !c.is_ascii_digit())?;
    let (num, suffix) = core.split_at(split);
    if num.is_empty() {
        return None;
    }
    let _: u64 = num.parse().ok()?;
    // Any suffix counts, the wrong one too: "22th" is a typo for the
    // ordinal, not another word.
    matches!(
        suffix.to_ascii_lowercase().as_str(),
        "st" | "nd" | "rd" | "th"
    )
    .then(|| Hit::new(1, ordinal(num), "ordinal"))
}

/// `1970s` → "nineteen seventies", `'90s` → "nineties", `2020s` →
/// "twenty twenties".
pub fn decade(ctx: &Ctx) -> Option<Hit> {
    let t = ctx.tok(0)?;
    let num = t
        .core
        .strip_suffix("s")
        .or_else(|| t.core.strip_suffix("’s"))?;
    if !is_digits(num) {
        return None;
    }
    let text = match num.len() {
        2 if t.lead.ends_with(['\'', '’']) && num.ends_with('0') => plural(&cardinal(num)),
        4 if num.ends_with('0') => {
            let y: u32 = num.parse().ok()?;
            if !(1000..=2099).contains(&y) {
                return None;
            }
            if y.is_multiple_of(100) {
                plural(&year(y))
            } else {
                format!(
                    "{} {}",
                    cardinal(&(y / 100).to_string()),
                    plural(&cardinal(&(y % 100).to_string()))
                )
            }
        }
        _ => return None,
    };
    let mut hit = Hit::new(1, text, "year");
    // The apostrophe of '90s is not an opening quote: it goes.
    if num.len() == 2 {
        hit.lead = Some(
            t.lead[..t.lead.len() - t.lead.chars().next_back().map_or(0, char::len_utf8)]
                .to_string(),
        );
    }
    Some(hit)
}

/// Words after which a four-digit number is a year (besides month names).
const YEAR_BEFORE: &[&str] = &[
    "in", "since", "by", "of", "from", "until", "till", "before", "after", "circa", "year",
    "early", "late", "mid", "during", "around", "spring", "summer", "autumn", "fall", "winter",
    "to", "and", "through",
];

/// `in 1999` → "in nineteen ninety-nine". A bare four-digit number is not a
/// year unless the word before says so ("in", "since", a month…), or the
/// number before was a year ("from 2019 to 2021").
pub fn year_in_context(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if core.len() != 4 || !is_digits(core) {
        return None;
    }
    let y: u32 = core.parse().ok()?;
    if !(1100..=2099).contains(&y) {
        return None;
    }
    let prev = ctx.prev()?;
    if !prev.trail.is_empty() && !prev.trail.starts_with(',') {
        return None;
    }
    let word = prev.core.trim_end_matches('.');
    let month = super::dates::month(prev.core).is_some();
    let yes = month
        || YEAR_BEFORE.iter().any(|w| {
            w.eq_ignore_ascii_case(word)
                && (!matches!(*w, "to" | "and" | "through") || year_before(ctx))
        });
    yes.then(|| Hit::new(1, year(y), "year"))
}

/// "from 2019 to 2021": the token two back is a year-like number.
fn year_before(ctx: &Ctx) -> bool {
    ctx.i >= 2 && {
        let t = &ctx.toks[ctx.i - 2];
        t.core.len() == 4 && is_digits(t.core)
    }
}

/// Names after which a number is a version: `Python 3.11`, `TLS 1.3`.
const VERSIONED: &[&str] = &[
    "version",
    "Version",
    "v",
    "Python",
    "Rust",
    "Node",
    "Node.js",
    "Go",
    "Java",
    "Ruby",
    "PHP",
    "Perl",
    "Kotlin",
    "Swift",
    "Scala",
    "TLS",
    "SSL",
    "HTTP",
    "OpenSSL",
    "Ubuntu",
    "Debian",
    "Fedora",
    "macOS",
    "iOS",
    "Android",
    "Windows",
    "Linux",
    "kernel",
    "Postgres",
    "PostgreSQL",
    "MySQL",
    "Redis",
    "Kubernetes",
    "Django",
    "Rails",
    "React",
    "Angular",
    "Vue",
    "Docker",
    "release",
    "Release",
    "Firefox",
    "Chrome",
    "Safari",
    "Emacs",
    "Vim",
    "GCC",
    "LLVM",
    "Clang",
    "Unicode",
    "IPv",
    "OAuth",
    "Bluetooth",
    "USB",
    "Wi-Fi",
    "C++",
    "ECMAScript",
    "ES",
];

/// `v4.13.0` → "version four point thirteen point zero"; `4.13.0` alone
/// (two dots) too; `Python 3.11` → "Python three point eleven".
pub fn version_rule(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if let Some(v) = core
        .strip_prefix(['v', 'V'])
        .filter(|v| v.contains('.') || is_digits(v))
    {
        let words = version(v)?;
        // "version v4" would say it twice.
        let prev_is_version = ctx
            .prev()
            .is_some_and(|p| p.core.eq_ignore_ascii_case("version"));
        let text = if prev_is_version {
            words
        } else {
            format!("version {words}")
        };
        return Some(Hit::new(1, text, "version"));
    }
    if core.matches('.').count() >= 2 {
        // Four parts up to 255 is an IPv4 address: "ten dot zero dot zero
        // dot one", as people say them.
        let parts: Vec<&str> = core.split('.').collect();
        let octet =
            |p: &&str| is_digits(p) && p.len() <= 3 && p.parse::<u32>().is_ok_and(|n| n <= 255);
        if parts.len() == 4 && parts.iter().all(octet) {
            let words: Vec<String> = parts.iter().map(|p| cardinal(p)).collect();
            return Some(Hit::new(1, words.join(" dot "), "IP address"));
        }
        return Some(Hit::new(1, version(core)?, "version"));
    }
    if !core.contains('.') {
        return None;
    }
    let prev = ctx.prev()?;
    if prev.trail.is_empty() && VERSIONED.contains(&prev.core) {
        return Some(Hit::new(1, version(core)?, "version"));
    }
    // "PostgreSQL hosts from 14.11 to 16.3": a named product up to three
    // words back, in the same clause, and no quantity after the number
    // ("Python took 2.25 seconds" stays a decimal).
    let quantity = ctx.core(1).is_some_and(|n| {
        unit(n).is_some()
            || matches!(
                n.to_ascii_lowercase().as_str(),
                "seconds"
                    | "second"
                    | "minutes"
                    | "hours"
                    | "days"
                    | "times"
                    | "percent"
                    | "points"
                    | "x"
            )
    });
    let named = (1..=3)
        .map_while(|k| ctx.i.checked_sub(k).map(|j| &ctx.toks[j]))
        .take_while(|t| t.trail.is_empty())
        .any(|t| {
            VERSIONED.contains(&t.core) && t.core.chars().next().is_some_and(char::is_uppercase)
        });
    (named && !quantity)
        .then(|| version(core).map(|v| Hit::new(1, v, "version")))
        .flatten()
}

/// `HTTP/2` → "HTTP two", `IPv6` → "IP v six": a name, a slash or `v`, a
/// version number glued to it.
pub fn glued_version(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (name, v) = core
        .split_once('/')
        .filter(|(n, _)| n.chars().all(|c| c.is_ascii_uppercase()))?;
    if name.len() < 2 || !v.chars().next()?.is_ascii_digit() {
        return None;
    }
    Some(Hit::new(
        1,
        format!("{} {}", super::words::letters(name), version(v)?),
        "version",
    ))
}

/// HTTP status codes: `404` after "HTTP", "status", "error", "code" or
/// before "error", "errors", "response", "page", "status": "four oh four".
pub fn status_code(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if core.len() != 3 || !is_digits(core) || !(100..=599).contains(&core.parse::<u32>().ok()?) {
        return None;
    }
    let before = ctx.prev().is_some_and(|p| {
        matches!(
            p.core.to_ascii_lowercase().as_str(),
            "http" | "status" | "error" | "code" | "a" | "an" | "the"
        ) && p.trail.is_empty()
    });
    let after = ctx.joined(0)
        && ctx.core(1).is_some_and(|n| {
            matches!(
                n.to_ascii_lowercase().as_str(),
                "error"
                    | "errors"
                    | "response"
                    | "responses"
                    | "page"
                    | "status"
                    | "code"
                    | "codes"
            )
        });
    let plain_article = ctx
        .prev()
        .is_some_and(|p| matches!(p.core, "a" | "an" | "the"));
    if !(after || (before && !plain_article)) {
        return None;
    }
    let d: Vec<&str> = core.split("").filter(|s| !s.is_empty()).collect();
    let text = if d[1] == "0" && d[2] == "0" {
        format!("{} hundred", cardinal(d[0]))
    } else if d[1] == "0" {
        format!("{} oh {}", cardinal(d[0]), cardinal(d[2]))
    } else {
        format!("{} {}", cardinal(d[0]), cardinal(&core[1..]))
    };
    Some(Hit::new(1, text, "status code"))
}

/// `port 8080` → "port eighty eighty", `port 443` → "port four four
/// three", `:5432` style numbers after "port" read as a narrator would.
pub fn port(ctx: &Ctx) -> Option<Hit> {
    let prev = ctx.prev()?;
    if !prev.core.eq_ignore_ascii_case("port") || !prev.trail.is_empty() {
        return None;
    }
    let core = ctx.core(0)?;
    if !is_digits(core) {
        return None;
    }
    let text = match core.len() {
        1 | 2 => cardinal(core),
        4 if !core.starts_with('0') => {
            let (a, b) = core.split_at(2);
            let b_words = if b == "00" {
                "hundred".to_string()
            } else if b.starts_with('0') {
                format!("oh {}", cardinal(b))
            } else {
                cardinal(b)
            };
            format!("{} {b_words}", cardinal(a))
        }
        _ => digit_by_digit(core),
    };
    Some(Hit::new(1, text, "port"))
}

/// Digit strings over 15 digits (IDs, card numbers) and long hex strings
/// (hashes): never read out in full.
pub fn long_number(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let digits = core.chars().filter(|c| c.is_ascii_digit()).count();
    let numberish = core
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | ' '));
    if numberish && digits > 15 {
        return Some(Hit::new(1, "a long number", "long number"));
    }
    let hex = core.len() >= 12
        && core.chars().all(|c| c.is_ascii_hexdigit())
        && core.chars().any(|c| c.is_ascii_digit())
        && core.chars().any(|c| c.is_ascii_alphabetic());
    hex.then(|| Hit::new(1, "a hash", "long number"))
}

/// Whatever number is left: `17,280`, `-5`, `3.5`, `007`.
pub fn plain_number(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    Some(Hit::new(1, number(core)?, "number"))
}

#[cfg(test)]
mod tests {
    use super::super::engine::apply;
    use super::*;

    #[test]
    fn each_rule_alone() {
        assert_eq!(apply(&money, "$5.50"), "five dollars and fifty cents");
        assert_eq!(apply(&percent, "10%"), "ten percent");
        assert_eq!(apply(&measure, "25ms"), "twenty-five milliseconds");
        assert_eq!(
            apply(&range, "2020–2026"),
            "twenty twenty to twenty twenty-six"
        );
        assert_eq!(apply(&fraction, "3/4"), "three quarters");
        assert_eq!(apply(&ordinal_rule, "22nd"), "twenty-second");
        assert_eq!(apply(&ordinal_rule, "22th"), "twenty-second");
        assert_eq!(apply(&port, "port 8080"), "port eighty eighty");
    }
}
