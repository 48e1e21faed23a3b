//! The `narrate` binary: parse the command line, run one command, map the
//! result to an exit code. All the work is in the library.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use cmd::Outcome;

/// Exit codes (documented in the README).
const EXIT_OK: u8 = 0;
const EXIT_POST_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_FATAL: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(Outcome::Ok) => ExitCode::from(EXIT_OK),
        Ok(Outcome::SomeFailed) => ExitCode::from(EXIT_POST_FAILED),
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            let usage = e
                .downcast_ref::<narrate::Error>()
                .is_some_and(narrate::Error::is_usage);
            ExitCode::from(if usage { EXIT_USAGE } else { EXIT_FATAL })
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<Outcome> {
    // init writes the config, so it must not need one.
    if let Some(Command::Init(args)) = &cli.command {
        return cmd::init::run(args);
    }
    let config = narrate::config::Config::load(cli.config.as_deref())?;
    match &cli.command {
        None => cmd::build::run(&cli::BuildArgs::default(), &config),
        Some(Command::Build(args)) => cmd::build::run(args, &config),
        Some(Command::Check(args)) => cmd::check::run(args, &config),
        Some(Command::Script(args)) => cmd::script::run(args, &config),
        Some(Command::Phonemes(args)) => cmd::phonemes::run(args, &config, cli.verbose),
        Some(Command::Say(args)) => cmd::say::run(args, &config, cli.verbose),
        Some(Command::Voices) => cmd::voices::run(&config),
        Some(Command::Setup(args)) => cmd::setup::run(args, &config),
        Some(Command::Paths(args)) => cmd::paths::run(args, &config),
        Some(Command::Init(args)) => cmd::init::run(args),
    }
}
