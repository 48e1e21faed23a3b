//! Rules for everything with digits, one file per idea: money and
//! percentages, units and scales, counts (ranges, fractions, ordinals,
//! plain numbers), versions, and codes, ports and long numbers. Years and
//! decades sit beside dates (`super::years`). The order the rules run in is
//! the normalizer's (`super::Normalizer::run`).

mod codes;
mod counts;
mod money;
mod units;
mod versions;

pub use codes::{long_number, port, status_code};
pub use counts::{fraction, ordinal_rule, plain_number, range};
pub use money::{money, percent};
pub use units::{compound, feet_inches, measure, measure_spaced, multiplier, scaled, spaced_unit};
pub use versions::{glued_version, tagged_version, version_rule};
