//! Numbers as a US narrator says them: cardinals, decimals, ordinals, years,
//! versions and digit strings.
//!
//! Cardinals and ordinals are spelled here rather than with `num2words`:
//! that crate goes through arbitrary-precision floats and dominated the
//! profile of `cargo bench --bench normalize`. It stays as the oracle the
//! tests compare against: all numbers to 1,000, every seventh to 100,000,
//! and larger samples.

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [&str; 5] = ["", "thousand", "million", "billion", "trillion"];

/// Below 1000, no "and": "one hundred one".
fn below_thousand(n: u64, out: &mut Vec<String>) {
    let (h, rest) = (n / 100, n % 100);
    if h > 0 {
        out.push(ONES[h as usize].to_string());
        out.push("hundred".to_string());
    }
    match rest {
        0 => {}
        1..=19 => out.push(ONES[rest as usize].to_string()),
        _ => {
            let (t, o) = (rest / 10, rest % 10);
            out.push(if o == 0 {
                TENS[t as usize].to_string()
            } else {
                format!("{}-{}", TENS[t as usize], ONES[o as usize])
            });
        }
    }
}

fn spell(n: u64) -> String {
    if n == 0 {
        return "zero".into();
    }
    let mut groups = Vec::new();
    let mut m = n;
    while m > 0 {
        groups.push(m % 1000);
        m /= 1000;
    }
    let mut words = Vec::new();
    for (i, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            continue;
        }
        below_thousand(*g, &mut words);
        if i > 0 {
            words.push(SCALES[i].to_string());
        }
    }
    words.join(" ")
}

/// "twenty-one" → "twenty-first", "twelve" → "twelfth".
fn ordinal_of(cardinal: &str) -> String {
    let (head, last) = match cardinal.rfind([' ', '-']) {
        Some(i) => cardinal.split_at(i + 1),
        None => ("", cardinal),
    };
    let last = match last {
        "one" => "first".to_string(),
        "two" => "second".to_string(),
        "three" => "third".to_string(),
        "five" => "fifth".to_string(),
        "eight" => "eighth".to_string(),
        "nine" => "ninth".to_string(),
        "twelve" => "twelfth".to_string(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

/// `17280` → "seventeen thousand two hundred eighty". Digits only (no sign,
/// separators or point); numbers too long for i64 read digit by digit.
pub fn cardinal(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        return "zero".into();
    }
    match trimmed.parse::<u64>() {
        Ok(n) if trimmed.len() <= 15 => spell(n),
        _ => digit_by_digit(digits),
    }
}

/// `22` → "twenty-second".
pub fn ordinal(digits: &str) -> String {
    match digits.parse::<u64>() {
        Ok(n) if digits.len() <= 15 => ordinal_of(&spell(n)),
        _ => cardinal(digits),
    }
}

const DIGITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// `007` → "zero zero seven".
pub fn digit_by_digit(digits: &str) -> String {
    digits
        .chars()
        .filter_map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A plain number as written: optional sign, thousands separators, a
/// decimal part. `-3.25` → "minus three point two five"; `17,280` →
/// "seventeen thousand two hundred eighty"; `0042` → "zero zero four two".
pub fn number(text: &str) -> Option<String> {
    let (sign, rest) = match text.strip_prefix(['-', '−']) {
        Some(r) => ("minus ", r),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    if !valid_integer(int)
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let digits: String = int.chars().filter(|c| *c != ',').collect();
    // A leading zero (not "0" or "0.5") is a code, read digit by digit.
    let int_words = if digits.len() > 1 && digits.starts_with('0') {
        digit_by_digit(&digits)
    } else if digits.is_empty() {
        "zero".to_string()
    } else {
        cardinal(&digits)
    };
    let mut out = format!("{sign}{int_words}");
    if let Some(f) = frac {
        out.push_str(" point ");
        out.push_str(&digit_by_digit(f));
    }
    Some(out)
}

/// Digits, or digits with correct thousands separators (`1,234,567`); an
/// empty integer part only before a decimal point (`.5`) is not accepted.
fn valid_integer(s: &str) -> bool {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return false;
    }
    if !s.contains(',') {
        return true;
    }
    let groups: Vec<&str> = s.split(',').collect();
    (1..=3).contains(&groups[0].len())
        && !groups[0].is_empty()
        && groups[1..].iter().all(|g| g.len() == 3)
}

/// Year reading: 1999 → "nineteen ninety-nine", 2026 → "twenty twenty-six",
/// 1905 → "nineteen oh five", 1900 → "nineteen hundred", 2005 → "two
/// thousand five".
pub fn year(y: u32) -> String {
    match y {
        2000..=2009 => cardinal(&y.to_string()),
        1000..=2099 if y.is_multiple_of(100) => {
            format!("{} hundred", cardinal(&(y / 100).to_string()))
        }
        1000..=2099 => {
            let (hi, lo) = (y / 100, y % 100);
            let lo = if lo < 10 {
                format!("oh {}", cardinal(&lo.to_string()))
            } else {
                cardinal(&lo.to_string())
            };
            format!("{} {lo}", cardinal(&hi.to_string()))
        }
        _ => cardinal(&y.to_string()),
    }
}

/// A serial or model number as people say it: `7231` → "seventy-two
/// thirty-one", `793` → "seven ninety-three", `8601` → "eighty-six oh one",
/// `9001` → "nine thousand one", `44228` → "four four two two eight".
/// One or two digits are cardinals; three and four read in pairs, round
/// ones as cardinals; five or more (or a leading zero) digit by digit,
/// except a round thousand plus a small number (`27001`).
pub fn serial(digits: &str) -> String {
    if !is_digits(digits) {
        return digits.to_string();
    }
    let b = digits.as_bytes();
    let pair = |s: &str| -> String {
        if s == "00" {
            "hundred".into()
        } else if let Some(d) = s.strip_prefix('0') {
            format!("oh {}", cardinal(d))
        } else {
            cardinal(s)
        }
    };
    match b.len() {
        _ if b.len() > 1 && b[0] == b'0' => digit_by_digit(digits),
        1 | 2 => cardinal(digits),
        3 if &digits[1..] == "00" => cardinal(digits),
        3 => format!("{} {}", cardinal(&digits[..1]), pair(&digits[1..])),
        4 if &digits[1..3] == "00" => cardinal(digits),
        4 => format!("{} {}", cardinal(&digits[..2]), pair(&digits[2..])),
        5 if &digits[2..4] == "00" => cardinal(digits),
        _ => digit_by_digit(digits),
    }
}

/// `s` read as a year when it is four digits within `span`: the check the
/// year, range and act-number rules share.
pub fn year_within(s: &str, span: std::ops::RangeInclusive<u32>) -> Option<String> {
    let y: u32 = s.parse().ok().filter(|_| s.len() == 4 && is_digits(s))?;
    span.contains(&y).then(|| year(y))
}

/// An IPv4 address as people say it: `10.0.0.1` → "ten dot zero dot zero
/// dot one"; `None` unless four parts of at most 255.
pub fn ipv4(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('.').collect();
    let octet = |p: &&str| is_digits(p) && p.len() <= 3 && p.parse::<u32>().is_ok_and(|n| n <= 255);
    (parts.len() == 4 && parts.iter().all(octet)).then(|| {
        parts
            .iter()
            .map(|p| cardinal(p))
            .collect::<Vec<_>>()
            .join(" dot ")
    })
}

/// `4.13.0` → "four point thirteen point zero": each part a number.
pub fn version(v: &str) -> Option<String> {
    let parts: Vec<&str> = v.split('.').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(
        parts
            .iter()
            .map(|p| {
                if p.len() > 1 && p.starts_with('0') {
                    digit_by_digit(p)
                } else {
                    cardinal(p)
                }
            })
            .collect::<Vec<_>>()
            .join(" point "),
    )
}

/// Plural of a number word for decades: "seventy" → "seventies".
pub fn plural(words: &str) -> String {
    if let Some(stem) = words.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{words}s")
    }
}

/// True for a non-empty run of ASCII digits and nothing else.
pub fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use num2words::Num2Words;

    /// num2words (minus its "and") is the oracle.
    fn oracle(n: i64, ordinal: bool) -> String {
        let w = Num2Words::new(n);
        let w = if ordinal { w.ordinal() } else { w };
        w.to_words().unwrap().replace(" and ", " ")
    }

    #[test]
    fn agrees_with_num2words() {
        let mut ns: Vec<i64> = (0..=100_000).step_by(7).collect();
        ns.extend((0..=1000).collect::<Vec<_>>());
        ns.extend([
            1_000_000,
            1_000_001,
            12_345_678,
            999_999_999,
            1_000_000_000_000,
            123_456_789_012_345,
        ]);
        for n in ns {
            assert_eq!(cardinal(&n.to_string()), oracle(n, false), "{n}");
            if n > 0 {
                assert_eq!(ordinal(&n.to_string()), oracle(n, true), "{n}");
            }
        }
    }

    #[test]
    fn readings() {
        assert_eq!(cardinal("17280"), "seventeen thousand two hundred eighty");
        assert_eq!(cardinal("2005"), "two thousand five");
        assert_eq!(ordinal("101"), "one hundred first");
        assert_eq!(
            number("17,280").unwrap(),
            "seventeen thousand two hundred eighty"
        );
        assert_eq!(number("-3.25").unwrap(), "minus three point two five");
        assert_eq!(number("007").unwrap(), "zero zero seven");
        assert_eq!(number("1,23"), None);
        assert_eq!(number("1.2.3"), None);
        assert_eq!(year(1999), "nineteen ninety-nine");
        assert_eq!(year(2026), "twenty twenty-six");
        assert_eq!(year(1905), "nineteen oh five");
        assert_eq!(year(1900), "nineteen hundred");
        assert_eq!(year(2000), "two thousand");
        assert_eq!(version("4.13.0").unwrap(), "four point thirteen point zero");
        assert_eq!(plural("seventy"), "seventies");
        assert_eq!(cardinal("12345678901234567890"), "one two three four five six seven eight nine zero one two three four five six seven eight nine zero");
    }

    #[test]
    fn serials_read_as_people_say_them() {
        for (digits, said) in [
            ("8", "eight"),
            ("79", "seventy-nine"),
            ("793", "seven ninety-three"),
            ("802", "eight oh two"),
            ("800", "eight hundred"),
            ("7231", "seventy-two thirty-one"),
            ("8601", "eighty-six oh one"),
            ("1200", "twelve hundred"),
            ("9001", "nine thousand one"),
            ("2000", "two thousand"),
            ("27001", "twenty-seven thousand one"),
            ("44228", "four four two two eight"),
            ("0160", "zero one six zero"),
        ] {
            assert_eq!(serial(digits), said, "{digits}");
        }
    }
}
