//! Podcasting 2.0 JSON chapters (`application/json+chapters`): `version`
//! and `chapters[]` with `startTime` (seconds) and `title`; `endTime` too,
//! since we know it.

use serde::Serialize;

use crate::timeline::Timeline;

#[derive(Serialize)]
struct File<'a> {
    version: &'static str,
    chapters: Vec<Entry<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    start_time: f64,
    end_time: f64,
    title: &'a str,
}

pub fn json(timeline: &Timeline) -> String {
    let file = File {
        version: "1.2.0",
        chapters: timeline
            .chapters
            .iter()
            .map(|c| Entry {
                start_time: c.start.seconds(),
                end_time: c.end.seconds(),
                title: &c.title,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&file).expect("plain data serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Chapter;
    use crate::units::Millis;

    #[test]
    fn version_and_chapters_in_seconds() {
        let t = Timeline {
            duration: Millis(5000),
            cues: vec![],
            chapters: vec![
                Chapter {
                    title: "Start".into(),
                    start: Millis(0),
                    end: Millis(1250),
                },
                Chapter {
                    title: "Why \"retries\"".into(),
                    start: Millis(1250),
                    end: Millis(5000),
                },
            ],
        };
        let v: serde_json::Value = serde_json::from_str(&json(&t)).unwrap();
        assert_eq!(v["version"], "1.2.0");
        assert_eq!(v["chapters"][1]["startTime"], 1.25);
        assert_eq!(v["chapters"][1]["endTime"], 5.0);
        assert_eq!(v["chapters"][1]["title"], "Why \"retries\"");
        assert_eq!(v["chapters"].as_array().unwrap().len(), 2);
    }
}
