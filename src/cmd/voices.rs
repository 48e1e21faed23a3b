//! `narrate voices`: the presets, where each comes from, and whether its
//! model is installed.

use narrate::config::Config;
use narrate::voice::preset;

use super::Outcome;

pub fn run(config: &Config) -> anyhow::Result<Outcome> {
    for name in preset::list(&config.voices_dir) {
        let marker = if name == config.voice { "*" } else { " " };
        let origin = preset::find(&config.voices_dir, &name)
            .map(|(o, _)| o.to_string())
            .unwrap_or_else(|e| e.to_string());
        match preset::resolve(&config.voices_dir, &name) {
            Ok(v) => println!(
                "{marker} {name:<12} {}  {} Hz  {} speaker(s)  espeak {}  (preset: {origin})",
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
