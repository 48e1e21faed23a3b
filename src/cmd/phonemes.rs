//! `narrate phonemes`: the phonemizer alone, one output line per input line,
//! for comparison with piper-phonemize (no normalization, no lexicon).

use std::io::{BufRead, Write};

use narrate::config::Config;
use narrate::voice::espeak::Espeak;

use super::Outcome;
use crate::cli::PhonemesArgs;

pub fn run(args: &PhonemesArgs, config: &Config, verbose: bool) -> anyhow::Result<Outcome> {
    let espeak = Espeak::get().map_err(anyhow::Error::msg)?;
    // The espeak voice comes from the preset's model config when it can be
    // read; phonemizing needs no model, so fall back to American English.
    let name = args.voice.as_deref().unwrap_or(&config.voice);
    let voice = match narrate::voice::preset::resolve(&config.voices_dir, name) {
        Ok(spec) => spec.espeak_voice().to_string(),
        Err(e) => {
            if verbose {
                eprintln!("note: {e}; using espeak voice en-us");
            }
            "en-us".to_string()
        }
    };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let sentences = espeak
            .phonemize_inline(&line, &voice)
            .map_err(anyhow::Error::msg)?;
        let joined: Vec<&str> = sentences.iter().map(|s| s.trim_end()).collect();
        writeln!(out, "{}", joined.join(" "))?;
    }
    Ok(Outcome::Ok)
}
