//! Any bytes as a Markdown post, an HTML page, front matter and a feed:
//! never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = narrate::ingest::markdown::parse(text);
        let _ = narrate::ingest::html::parse(text, &["article".into(), "body".into()]);
        let _ = narrate::ingest::frontmatter::split(text);
        let _ = narrate::ingest::feed_items::items(text);
        let _ = narrate::feed::item_audio(text);
    }
});
