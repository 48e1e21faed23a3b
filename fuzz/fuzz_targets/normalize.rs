//! Any text through the normalizer: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::config::ScriptConfig;
use narrate::script::normalize::{Lexicon, Normalizer};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        thread_local! {
            static N: Normalizer = Normalizer::new(Lexicon::english(), &ScriptConfig::default());
        }
        N.with(|n| {
            let _ = n.run(text);
        });
    }
});
