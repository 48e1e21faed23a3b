//! `narrate voices`: the presets, their model files, and whether they exist.

use narrate::config::Config;
use narrate::voice::preset;

use super::Outcome;

pub fn run(config: &Config) -> anyhow::Result<Outcome> {
    let names = preset::list(&config.voices_dir)?;
    if names.is_empty() {
        println!("no voice presets in {}", config.voices_dir.display());
    }
    for name in names {
        let marker = if name == config.voice { "*" } else { " " };
        match preset::resolve(&config.voices_dir, &name) {
            Ok(v) => println!(
                "{marker} {name:<12} {}  present  {} Hz  {} speaker(s)  espeak {}",
                v.model.display(),
                v.config.audio.sample_rate,
                v.config.num_speakers,
                v.config.espeak.voice
            ),
            Err(e) => println!("{marker} {name:<12} missing: {e}"),
        }
    }
    Ok(Outcome::Ok)
}
