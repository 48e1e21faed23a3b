//! Install: where narrate's large parts live on a user's machine, and how
//! they get there.
//!
//! narrate is an installed tool used inside someone else's site repository,
//! so the voices and the ONNX Runtime library cannot be found relative to
//! the working directory. They live in a per-user data folder ([`home`]),
//! filled by `narrate setup` ([`setup`]) from a manifest compiled into the
//! binary ([`manifest`]) that also drives this repository's
//! `scripts/bootstrap`. Hashing a 63 MB model on every run is avoided by a
//! memo keyed by (path, size, mtime) ([`hashes`]).

pub mod hashes;
pub mod home;
pub mod manifest;
pub mod setup;
