//! `<itunes:duration>` values: the accepted forms, and keeping a feed's style.

use crate::units::Millis;

/// The forms Apple's spec accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `1:02:03`, and `0:04:05` under an hour. The default.
    HMmSs,
    /// `01:02:03`.
    HhMmSs,
    /// `04:05` under an hour, `1:02:03` from an hour on.
    MmSs,
    /// `3723`.
    Seconds,
}

/// The style of an existing value; `None` if it is not a duration.
pub fn style_of(value: &str) -> Option<Style> {
    let v = value.trim();
    let parts: Vec<&str> = v.split(':').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    match parts.len() {
        1 => Some(Style::Seconds),
        2 => Some(Style::MmSs),
        3 if parts[0].len() == 2 => Some(Style::HhMmSs),
        3 => Some(Style::HMmSs),
        _ => None,
    }
}

/// The style most of the feed's existing values use (ties: the first seen);
/// H:MM:SS for a feed without any.
pub fn feed_style<'a>(values: impl IntoIterator<Item = &'a str>) -> Style {
    let mut counts: Vec<(Style, usize)> = Vec::new();
    for s in values.into_iter().filter_map(style_of) {
        match counts.iter_mut().find(|(k, _)| *k == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    let mut best: Option<(Style, usize)> = None;
    for (s, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((s, n));
        }
    }
    best.map_or(Style::HMmSs, |(s, _)| s)
}

/// Whole seconds, rounded, in `style`.
pub fn format(d: Millis, style: Style) -> String {
    let total = d.0.saturating_add(500) / 1000;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    match style {
        Style::Seconds => total.to_string(),
        Style::MmSs if h == 0 => format!("{m:02}:{s:02}"),
        Style::HhMmSs => format!("{h:02}:{m:02}:{s:02}"),
        Style::HMmSs | Style::MmSs => format!("{h}:{m:02}:{s:02}"),
    }
}

/// Seconds in any accepted form.
pub fn parse(value: &str) -> Option<u64> {
    style_of(value)?;
    value.trim().split(':').try_fold(0u64, |acc, p| {
        acc.checked_mul(60)?.checked_add(p.parse::<u64>().ok()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_each_style() {
        let ms = 3_723_400; // 1:02:03.4
        assert_eq!(format(Millis(ms), Style::HMmSs), "1:02:03");
        assert_eq!(format(Millis(ms), Style::HhMmSs), "01:02:03");
        assert_eq!(format(Millis(ms), Style::MmSs), "1:02:03");
        assert_eq!(format(Millis(ms), Style::Seconds), "3723");
        assert_eq!(format(Millis(245_600), Style::MmSs), "04:06");
        assert_eq!(format(Millis(245_600), Style::HMmSs), "0:04:06");
    }

    #[test]
    fn detects_the_feeds_style() {
        assert_eq!(feed_style(["12:30", "1:02:03", "45:00"]), Style::MmSs);
        assert_eq!(feed_style(["754", "1200"]), Style::Seconds);
        assert_eq!(feed_style(["00:12:30"]), Style::HhMmSs);
        assert_eq!(feed_style(["0:12:30", "bogus"]), Style::HMmSs);
        assert_eq!(feed_style([]), Style::HMmSs);
        assert_eq!(style_of("1::2"), None);
        assert_eq!(style_of("-5"), None);
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(parse("1:02:03"), Some(3723));
        assert_eq!(parse("04:06"), Some(246));
        assert_eq!(parse(" 754 "), Some(754));
        assert_eq!(parse("x"), None);
        // Crafted values: no overflow, no panic.
        assert_eq!(parse("18446744073709551615:59"), None);
        assert_eq!(parse("99999999999999999999"), None);
        assert_eq!(parse("307445734561825860:15"), Some(u64::MAX));
        assert_eq!(
            format(Millis(u64::MAX), Style::Seconds),
            (u64::MAX / 1000).to_string()
        );
    }
}
