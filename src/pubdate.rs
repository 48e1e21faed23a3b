//! A post's date as its source writes it (front matter, an HTML head, a
//! feed, a Jekyll file name) → one parsed [`Moment`]: the RFC 2822 date a
//! podcast feed's `<pubDate>` needs, the ID3 date, an instant to order
//! episodes by. The one date parser; every stage calls it.
//!
//! Accepted: `2026-06-13`, `2026-06-13 08:00`, `2026-06-13T08:00:00Z`,
//! `…+02:00` / `…+0200`, and RFC 2822 itself (`Sat, 13 Jun 2026 09:00:00
//! GMT`). A date without a time is midnight UTC. Unknown forms give `None`
//! and the episode goes without a pubDate (the caller warns).

/// A moment with the offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Minutes east of UTC.
    pub offset: i32,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// days_from_civil).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Moment {
    /// Seconds since the Unix epoch, UTC.
    pub fn unix(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
            - i64::from(self.offset) * 60
    }

    /// `Sat, 13 Jun 2026 09:00:00 +0000`.
    pub fn rfc2822(&self) -> String {
        let days = days_from_civil(self.year, self.month, self.day);
        let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
        let sign = if self.offset < 0 { '-' } else { '+' };
        let off = self.offset.unsigned_abs();
        format!(
            "{weekday}, {:02} {} {:04} {:02}:{:02}:{:02} {sign}{:02}{:02}",
            self.day,
            MONTHS[(self.month - 1) as usize],
            self.year,
            self.hour,
            self.minute,
            self.second,
            off / 60,
            off % 60
        )
    }

    fn valid(self) -> Option<Moment> {
        ((1000..=9999).contains(&self.year)
            && (1..=12).contains(&self.month)
            && (1..=days_in_month(self.year, self.month)).contains(&self.day)
            && self.hour < 24
            && self.minute < 60
            && self.second < 61
            && self.offset.abs() < 24 * 60)
            .then_some(self)
    }
}

fn num(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `Z`, `UTC`, `GMT`, `+02:00`, `+0200`, `-05`; `None` if not an offset.
fn offset(s: &str) -> Option<i32> {
    match s {
        "" | "Z" | "z" | "UTC" | "GMT" | "UT" => return Some(0),
        _ => {}
    }
    let sign = match s.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    let (h, m) = match digits.len() {
        2 => (num(&digits)?, 0),
        4 => (num(&digits[..2])?, num(&digits[2..])?),
        _ => return None,
    };
    Some(sign * (h * 60 + m) as i32)
}

/// `HH:MM[:SS[.frac]]` then an optional offset.
fn time_and_offset(s: &str) -> Option<(u32, u32, u32, i32)> {
    let s = s.trim();
    if s.is_empty() {
        return Some((0, 0, 0, 0));
    }
    let split = s
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, 'Z' | 'z' | '+' | '-' | ' '))
        .map_or(s.len(), |(i, _)| i);
    let (time, zone) = s.split_at(split);
    let mut parts = time.split(':');
    let h = num(parts.next()?)?;
    let mi = num(parts.next()?)?;
    let sec = match parts.next() {
        Some(p) => num(p.split('.').next()?)?,
        None => 0,
    };
    Some((h, mi, sec, offset(zone.trim())?))
}

/// Parses a post's date (see the module docs).
pub fn parse(s: &str) -> Option<Moment> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, m, d) = (num(&s[..4])?, num(&s[5..7])?, num(&s[8..10])?);
        let rest = s[10..].trim_start_matches(['T', 't', ' ']);
        let (hour, minute, second, offset) = time_and_offset(rest)?;
        return Moment {
            year: y as i32,
            month: m,
            day: d,
            hour,
            minute,
            second,
            offset,
        }
        .valid();
    }
    // RFC 2822: [Day,] DD Mon YYYY HH:MM[:SS] zone
    let rest = s.split_once(',').map_or(s, |(_, r)| r);
    let mut w = rest.split_whitespace();
    let (d, mon, y) = (num(w.next()?)?, w.next()?, num(w.next()?)?);
    let month = MONTHS
        .iter()
        .position(|m| mon.len() >= 3 && m.eq_ignore_ascii_case(&mon[..3]))? as u32
        + 1;
    let time: Vec<&str> = w.collect();
    let (hour, minute, second, offset) = time_and_offset(&time.join(" "))?;
    Moment {
        year: y as i32,
        month,
        day: d,
        hour,
        minute,
        second,
        offset,
    }
    .valid()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Option<String> {
        parse(s).map(|m| m.rfc2822())
    }

    #[test]
    fn dates_become_rfc2822() {
        assert_eq!(
            r("2026-06-13").as_deref(),
            Some("Sat, 13 Jun 2026 00:00:00 +0000")
        );
        assert_eq!(
            r("2026-06-13 08:05").as_deref(),
            Some("Sat, 13 Jun 2026 08:05:00 +0000")
        );
        assert_eq!(
            r("2026-06-13T08:05:09Z").as_deref(),
            Some("Sat, 13 Jun 2026 08:05:09 +0000")
        );
        assert_eq!(
            r("2026-06-13T08:05:09.123+02:00").as_deref(),
            Some("Sat, 13 Jun 2026 08:05:09 +0200")
        );
        assert_eq!(
            r("2026-11-20 10:00:00 -0500").as_deref(),
            Some("Fri, 20 Nov 2026 10:00:00 -0500")
        );
        assert_eq!(
            r("Sat, 13 Jun 2026 09:00:00 GMT").as_deref(),
            Some("Sat, 13 Jun 2026 09:00:00 +0000")
        );
        assert_eq!(
            r("13 June 2026 09:00 +0100").as_deref(),
            Some("Sat, 13 Jun 2026 09:00:00 +0100")
        );
        assert_eq!(
            r("2024-02-29").as_deref(),
            Some("Thu, 29 Feb 2024 00:00:00 +0000")
        );
        assert_eq!(
            r("2000-01-01").as_deref(),
            Some("Sat, 01 Jan 2000 00:00:00 +0000")
        );
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "yesterday",
            "",
            "2026-06-13T25:00",
            "2026-06-13 8 o'clock",
        ] {
            assert_eq!(r(bad), None, "{bad}");
        }
    }

    #[test]
    fn instants_order_across_offsets() {
        let a = parse("2026-06-13T08:00:00+02:00").unwrap();
        let b = parse("2026-06-13T07:00:00Z").unwrap();
        assert!(a.unix() < b.unix());
        assert_eq!(parse("1970-01-01").unwrap().unix(), 0);
        assert_eq!(parse("2026-01-01").unwrap().unix(), 1_767_225_600);
    }
}
