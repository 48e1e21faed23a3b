//! Command-line definitions (clap derive). Parsing only; the work is in `cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "narrate",
    version,
    about = "Turn blog posts into podcast episodes with a local Piper voice"
)]
pub struct Cli {
    /// Configuration file (default: ./pipeline.toml if present, else built-in defaults).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print more detail (e.g. phonemes missing from the voice).
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the script of each post: the segments a voice will speak.
    Script(ScriptArgs),
    /// Read lines on stdin, print each line's phonemes (espeak-ng, as Piper phonemizes).
    Phonemes(PhonemesArgs),
    /// Speak TEXT (or stdin) through the script stage and the voice into a 16-bit WAV.
    Say(SayArgs),
    /// List the voice presets in `voices-dir`.
    Voices,
}

#[derive(Debug, clap::Args)]
pub struct SayArgs {
    /// Text to speak (Markdown allowed); read from stdin when absent.
    pub text: Option<String>,
    /// Output WAV file.
    #[arg(short, long, default_value = "say.wav")]
    pub output: PathBuf,
    /// Voice preset (default: `voice` from the config).
    #[arg(long)]
    pub voice: Option<String>,
    /// Worker threads (default: `jobs` from the config; 0 = one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Do not read or write the segment cache.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, clap::Args)]
pub struct PhonemesArgs {
    /// Voice preset whose espeak voice is used (default: `voice` from the config).
    #[arg(long)]
    pub voice: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ScriptArgs {
    /// Posts: Markdown, HTML, or an RSS feed (every item is a post). Default: `posts` from the config.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Only the posts with this slug or guid (repeatable).
    #[arg(long, value_name = "SLUG|GUID")]
    pub only: Vec<String>,

    /// Print JSON instead of one line per segment.
    #[arg(long)]
    pub json: bool,
}
