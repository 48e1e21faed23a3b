//! Links the system libespeak-ng, found with pkg-config (Debian:
//! libespeak-ng-dev). A missing library fails here, with the fix spelled out,
//! rather than as an obscure linker error.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if let Err(e) = pkg_config::Config::new()
        .atleast_version("1.49")
        .probe("espeak-ng")
    {
        panic!(
            "libespeak-ng was not found through pkg-config ({e}).\n\
             Run scripts/bootstrap (or: apt-get install pkg-config libespeak-ng-dev) and build again."
        );
    }
}
