//! The `narrate` binary: parse the command line, run one command, map the
//! result to an exit code. The commands (cmd/) parse, call the library and
//! print; the decisions and the work are the library's.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use cmd::Exit;

/// Exit codes (documented in docs/src/exit-codes.md).
const EXIT_OK: u8 = 0;
const EXIT_POST_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_FATAL: u8 = 3;
const EXIT_LOCKED: u8 = 4;
const EXIT_INTERRUPTED: i32 = 130;

/// SIGINT/SIGTERM: remove this run's temp files and leave at once with 130.
/// Every output is renamed into place whole, so what is under a final name
/// is the previous version or a complete new one; only temp files can be
/// half-written, and they go. `_exit` skips the ONNX Runtime's exit
/// handlers, which must not run while its threads are mid-inference.
fn on_interrupt() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let n = narrate::atomic::remove_registered();
            eprintln!(
                "\ninterrupted: removed {n} temp file(s); finished episodes and the feed are as they were"
            );
            // SAFETY: _exit ends the process without running any handler.
            unsafe { libc::_exit(EXIT_INTERRUPTED) };
        }
    });
}

fn main() -> ExitCode {
    // Output piped into `head` or `less` that closes early ends narrate
    // quietly, as it ends any Unix tool, instead of a panic on the next
    // print.
    // SAFETY: restoring a signal's default action has no memory effects.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    let cli = Cli::parse();
    on_interrupt();
    match run(&cli) {
        Ok(Exit::Ok) => ExitCode::from(EXIT_OK),
        Ok(Exit::SomeFailed) => ExitCode::from(EXIT_POST_FAILED),
        Err(e) => {
            eprint!("{}", error_report(&e));
            let code = match e.downcast_ref::<narrate::Error>() {
                Some(narrate::Error::Locked { .. }) => EXIT_LOCKED,
                Some(err) if err.is_usage() => EXIT_USAGE,
                _ => EXIT_FATAL,
            };
            ExitCode::from(code)
        }
    }
}

/// The error and the causes its message does not already say: the
/// library's errors carry their cause inside their message (the file, what
/// failed, what to do), so printing the chain as well said it twice.
fn error_report(e: &anyhow::Error) -> String {
    let mut said = e.to_string();
    let mut out = format!("error: {said}\n");
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !said.contains(&cause) {
            out += &format!("  caused by: {cause}\n");
            said += &cause;
        }
    }
    out
}

/// No pipeline.toml here or above: the commands that write into a site
/// refuse to guess one from the defaults (a stray `narrate` in a home folder
/// would narrate whatever `content/posts/*.md` holds into `./out`), unless
/// the posts are named; then they say which defaults they run on.
fn outside_a_site(cli: &Cli) -> anyhow::Result<()> {
    let named = match &cli.command {
        None => false,
        Some(Command::Build(a)) => !a.posts.inputs.is_empty(),
        Some(Command::Review(a)) => !a.posts.inputs.is_empty(),
        Some(Command::Proof(a)) => !a.posts.inputs.is_empty(),
        Some(Command::Publish(_)) => false,
        _ => return Ok(()),
    };
    let here = std::env::current_dir().unwrap_or_default();
    if !named {
        return Err(narrate::Error::Usage(format!(
            "no {} in {} or any folder above, so this is not a site narrate knows: run `narrate init` here to write one for your site, or name the posts to narrate (`narrate build POST.md`)",
            narrate::config::DEFAULT_FILE,
            here.display()
        ))
        .into());
    }
    let d = narrate::config::Config::default();
    eprintln!(
        "note: no {} here or above; using the defaults (episodes into {}/, voice `{}`, cache {}/); `narrate init` writes one",
        narrate::config::DEFAULT_FILE,
        d.out_dir.display(),
        d.voice,
        d.cache_dir.display()
    );
    Ok(())
}

fn run(cli: &Cli) -> anyhow::Result<Exit> {
    // init writes the config, so it must not need one.
    if let Some(Command::Init(args)) = &cli.command {
        return cmd::init::run(args);
    }
    let config = narrate::config::Config::load(cli.config.as_deref())?;
    if config.file.is_none() {
        outside_a_site(cli)?;
    }
    match &cli.command {
        None => cmd::build::run(&cli::BuildArgs::default(), &config, cli.verbose),
        Some(Command::Build(args)) => cmd::build::run(args, &config, cli.verbose),
        Some(Command::Check(args)) => cmd::check::run(args, &config, cli.verbose),
        Some(Command::Publish(args)) => cmd::publish::run(args, &config, cli.verbose),
        Some(Command::Script(args)) => cmd::script::run(args, &config),
        Some(Command::Phonemes(args)) => cmd::phonemes::run(args, &config, cli.verbose),
        Some(Command::Say(args)) => cmd::say::run(args, &config, cli.verbose),
        Some(Command::Review(args)) => cmd::review::run(args, &config),
        Some(Command::Proof(args)) => cmd::proof::run(args, &config),
        Some(Command::Voices) => cmd::voices::run(&config),
        Some(Command::Setup(args)) => cmd::setup::run(args, &config),
        Some(Command::Paths(args)) => cmd::paths::run(args, &config),
        Some(Command::Init(args)) => cmd::init::run(args),
    }
}

#[cfg(test)]
mod tests {
    use super::error_report;

    #[test]
    fn a_cause_already_in_the_message_is_not_said_again() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let e: anyhow::Error = narrate::Error::Read {
            path: "post.md".into(),
            source: io,
        }
        .into();
        assert_eq!(
            error_report(&e),
            "error: post.md: cannot read the file: No such file; check the path and its permissions\n"
        );
        // A context that does not say its cause still prints it.
        let e = anyhow::anyhow!("disk full").context("cannot write the summary");
        assert_eq!(
            error_report(&e),
            "error: cannot write the summary\n  caused by: disk full\n"
        );
    }
}
