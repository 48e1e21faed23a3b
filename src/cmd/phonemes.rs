//! `narrate phonemes`: the phonemizer alone, one output line per input line,
//! for comparison with piper-phonemize (no normalization, no lexicon).

use std::io::{BufRead, Write};

use narrate::config::Config;
use narrate::voice::espeak::Espeak;

use super::Outcome;
use crate::cli::PhonemesArgs;

pub fn run(_args: &PhonemesArgs, _config: &Config) -> anyhow::Result<Outcome> {
    let espeak = Espeak::get().map_err(anyhow::Error::msg)?;
    let voice = "en-us";
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let sentences = espeak.phonemize(&line, voice).map_err(anyhow::Error::msg)?;
        let joined: Vec<&str> = sentences.iter().map(|s| s.trim_end()).collect();
        writeln!(out, "{}", joined.join(" "))?;
    }
    Ok(Outcome::Ok)
}
