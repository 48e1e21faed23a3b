//! Time in the two units narrate counts in: samples (at a rate) and
//! milliseconds, and where a segment lies in a track ([`Span`]). Offsets
//! and durations are converted and rescaled here. What stays elsewhere:
//! printing a clock (`publish::transcript`, `publish::duration` split
//! milliseconds into hours, minutes and seconds) and the limiter's
//! look-ahead and release, fractions of a millisecond in its own filter
//! arithmetic.

use serde::Serialize;

/// A count of mono samples at `rate` Hz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Samples {
    pub count: usize,
    pub rate: u32,
}

/// A duration or an offset in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash, Serialize)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl Samples {
    pub fn new(count: usize, rate: u32) -> Samples {
        Samples { count, rate }
    }

    /// Rounded to the nearest millisecond.
    pub fn millis(self) -> Millis {
        let rate = u64::from(self.rate.max(1));
        Millis((self.count as u64 * 1000 + rate / 2) / rate)
    }

    /// The same instant at another rate (rounded down).
    pub fn at(self, rate: u32) -> Samples {
        let count = (self.count as u64 * u64::from(rate) / u64::from(self.rate.max(1))) as usize;
        Samples { count, rate }
    }

    pub fn seconds(self) -> f64 {
        self.count as f64 / f64::from(self.rate.max(1))
    }
}

/// Where a segment's speech lies in a track: samples `start..end` at the
/// track's rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The same stretch after `n` samples were put before it.
    pub fn shifted(self, n: usize) -> Span {
        Span::new(self.start + n, self.end + n)
    }

    /// The same stretch in a track resampled from `from` to `to` Hz.
    pub fn at(self, from: u32, to: u32) -> Span {
        let at = |s: usize| Samples::new(s, from).at(to).count;
        Span::new(at(self.start), at(self.end))
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

impl Millis {
    /// How many samples this lasts at `rate` (rounded down).
    pub fn samples(self, rate: u32) -> usize {
        (self.0.saturating_mul(u64::from(rate)) / 1000) as usize
    }

    pub fn seconds(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// For ID3 fields, which hold 32-bit milliseconds (49 days).
    pub fn as_u32_saturating(self) -> u32 {
        self.0.min(u64::from(u32::MAX)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_and_rescale_in_one_place() {
        assert_eq!(Samples::new(22050, 22050).millis(), Millis(1000));
        assert_eq!(Samples::new(11, 22050).millis(), Millis(0));
        assert_eq!(Samples::new(12, 22050).millis(), Millis(1), "rounded");
        assert_eq!(Samples::new(22050, 22050).at(44100).count, 44100);
        assert_eq!(Samples::new(3, 22050).at(44100).count, 6);
        assert_eq!(Millis(350).samples(22050), 7717);
        assert_eq!(Millis(1500).seconds(), 1.5);
        assert_eq!(Samples::new(11025, 22050).seconds(), 0.5);
        assert_eq!(
            Samples::new(5, 0).millis(),
            Millis(5000),
            "a zero rate never divides by zero"
        );
        assert_eq!(Millis(u64::MAX).samples(48000), (u64::MAX / 1000) as usize);
    }
}
