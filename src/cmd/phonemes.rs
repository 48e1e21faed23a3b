//! `narrate phonemes`: the phonemizer alone, one output line per input line,
//! for comparison with piper-phonemize, or, for a Kokoro voice, with misaki
//! (no normalization, no lexicon).

use std::io::{BufRead, Write};

use narrate::config::Config;
use narrate::voice::espeak::Espeak;
use narrate::voice::kokoro::voice::KokoroText;
use narrate::voice::preset::Spec;

use super::Exit;
use crate::cli::PhonemesArgs;

pub fn run(args: &PhonemesArgs, config: &Config, verbose: bool) -> anyhow::Result<Exit> {
    let espeak = Espeak::get().map_err(anyhow::Error::msg)?;
    // The espeak voice (and, for Kokoro, the phoneme mapping) comes from
    // the preset when it can be read; phonemizing needs no model, so fall
    // back to Piper's American English.
    let name = args.voice.as_deref().unwrap_or(&config.voice);
    let (voice, kokoro) = match narrate::voice::preset::resolve(&config.voices_dir, name) {
        Ok(Spec::Kokoro(k)) => (String::new(), Some(KokoroText::new(&k)?)),
        Ok(spec) => (spec.espeak_voice().to_string(), None),
        Err(e) => {
            if verbose {
                eprintln!("note: {e}; using espeak voice en-us");
            }
            ("en-us".to_string(), None)
        }
    };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let phonemes = match &kokoro {
            // misaki's symbols, as the Kokoro model is given them.
            Some(k) => k.phonemes(&line).map_err(anyhow::Error::msg)?,
            None => espeak
                .phonemize_inline(&line, &voice)
                .map_err(anyhow::Error::msg)?
                .iter()
                .map(|s| s.trim())
                .collect::<Vec<_>>()
                .join(" "),
        };
        writeln!(out, "{phonemes}")?;
    }
    Ok(Exit::Ok)
}
