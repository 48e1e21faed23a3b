//! Any feed text with one episode written back: never a panic, and when it
//! succeeds, writing again changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::publish::writeback::{write_back, Episode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ep = Episode {
        slug: "a".into(),
        guid: Some("a".into()),
        link: None,
        url: "https://x.example/a.mp3".into(),
        length: 10,
        duration_ms: 1000,
        transcript_url: Some("https://x.example/a.vtt".into()),
        chapters_url: None,
    };
    if let Ok(once) = write_back(text, std::slice::from_ref(&ep)) {
        let twice = write_back(&once.text, &[ep]).expect("our own output reads");
        assert_eq!(twice.text, once.text);
    }
});
