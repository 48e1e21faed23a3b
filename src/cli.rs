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
