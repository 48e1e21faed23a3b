//! How things are said, apart from where: number words and spelled letters.
//! The rules in the sibling files decide where a reading applies; they all
//! call these. A leaf: nothing here imports a rule, so no rule file needs
//! another rule file for its words (the architecture test keeps it so).

mod letters;
mod numbers;

pub use letters::{initialism_spelled, letters, written, SayName};
pub use numbers::{
    cardinal, digit_by_digit, ipv4, is_digits, number, ordinal, plural, serial, version, year,
    year_within,
};
