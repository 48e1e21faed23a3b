//! Numbers as a US narrator says them: cardinals, decimals, ordinals, years,
//! versions and digit strings. `num2words` does the counting; the readings
//! (no "and" inside numbers, "oh" in years, digits after a decimal point)
//! are ours.

use num2words::Num2Words;

/// num2words writes "two thousand and five" but "one hundred one"; a US
/// narrator says neither "and", so it is removed everywhere.
fn tidy(words: String) -> String {
    words.replace(" and ", " ")
}

/// `17280` → "seventeen thousand two hundred eighty". Digits only (no sign,
/// separators or point); numbers too long for i64 read digit by digit.
pub fn cardinal(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        return "zero".into();
    }
    match trimmed.parse::<i64>() {
        Ok(n) if trimmed.len() <= 15 => Num2Words::new(n)
            .to_words()
            .map(tidy)
            .unwrap_or_else(|_| digit_by_digit(digits)),
        _ => digit_by_digit(digits),
    }
}

/// `22` → "twenty-second".
pub fn ordinal(digits: &str) -> String {
    match digits.parse::<i64>() {
        Ok(n) if digits.len() <= 15 => Num2Words::new(n)
            .ordinal()
            .to_words()
            .map(tidy)
            .unwrap_or_else(|_| cardinal(digits)),
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
        1000..=2099 if y.is_multiple_of(100) => format!("{} hundred", cardinal(&(y / 100).to_string())),
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

/// "twenty-four" stays as words; the hyphens num2words writes are kept.
pub fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
