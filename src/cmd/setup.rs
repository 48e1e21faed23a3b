//! `narrate setup`: install the voice and ONNX Runtime into the data folder.

use narrate::config::Config;
use narrate::install::{home, setup};

use super::Exit;
use crate::cli::SetupArgs;

pub fn run(args: &SetupArgs, config: &Config) -> anyhow::Result<Exit> {
    let voice = args.voice.as_deref().unwrap_or(&config.voice);
    let dest = setup::destination()?;
    // `device = "cuda"` needs the CUDA build: setup installs it unasked.
    let gpu = args.gpu || config.device == narrate::config::Device::Cuda;
    let mut packages = setup::packages_for(voice, gpu)?;
    if args.proof || config.proof {
        packages.push(narrate::install::manifest::recognizer());
    }
    let before = setup::status(&dest, &packages);
    if before.iter().all(setup::Status::present) {
        println!(
            "everything is present in {}: {}",
            dest.display(),
            describe(&packages)
        );
        return Ok(Exit::Ok);
    }
    for s in before.iter().filter(|s| !s.present()) {
        println!(
            "{}: missing {} ({})",
            s.package.name,
            s.missing.join(", "),
            s.package.describe()
        );
    }
    if args.check {
        return Err(narrate::Error::Setup(format!(
            "not installed in {}; run `narrate setup{}` to install",
            dest.display(),
            if args.proof { " --proof" } else { "" }
        ))
        .into());
    }
    let todo: Vec<_> = before
        .iter()
        .filter(|s| !s.present())
        .map(|s| s.package)
        .collect();
    setup::install(&dest, &todo, &setup::python())?;
    println!("installed into {}: {}", dest.display(), describe(&todo));
    if std::env::var_os(home::HOME_ENV).is_none() {
        println!(
            "(set {} to install somewhere else; CI caches this folder)",
            home::HOME_ENV
        );
    }
    Ok(Exit::Ok)
}

fn describe(packages: &[&narrate::install::manifest::Package]) -> String {
    packages
        .iter()
        .map(|p| p.describe())
        .collect::<Vec<_>>()
        .join(", ")
}
