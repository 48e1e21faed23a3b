//! `narrate voices`: every preset of both families, where each comes from,
//! whether its files are installed, its sample rate and what it costs.

use narrate::config::Config;
use narrate::voice::preset::{self, Family};

use super::Exit;

pub fn run(config: &Config) -> anyhow::Result<Exit> {
    println!(
        "  {:<15} {:<7} {:>8}  {:<22} status",
        "voice", "family", "rate", "speed (2 cores)"
    );
    for name in preset::list(&config.voices_dir) {
        let marker = if name == config.voice { "*" } else { " " };
        let found = preset::find(&config.voices_dir, &name);
        let origin = found
            .as_ref()
            .map(|(o, _)| o.to_string())
            .unwrap_or_else(|e| e.to_string());
        let family = found.as_ref().map(|(_, p)| p.family).ok();
        let (rate, status) = match preset::resolve(&config.voices_dir, &name) {
            Ok(spec) => (
                format!("{} Hz", spec.sample_rate()),
                format!("installed: {} (preset: {origin})", spec.model().display()),
            ),
            Err(e) => (
                match family {
                    Some(Family::Kokoro) => {
                        format!("{} Hz", narrate::voice::kokoro::SAMPLE_RATE)
                    }
                    _ => "?".into(),
                },
                format!("not ready: {e}"),
            ),
        };
        println!(
            "{marker} {name:<15} {:<7} {rate:>8}  {:<22} {status}",
            family.map_or("?".to_string(), |f| f.to_string()),
            family.map_or("", |f| f.measured_speed()),
        );
    }
    println!("(* the configured voice; speed: seconds of audio per second of compute, measured with scripts/bench-voices; see the book's Voices page)");
    Ok(Exit::Ok)
}
