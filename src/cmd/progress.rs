//! Progress of a build: indicatif bars on a terminal (one for the post being
//! synthesized, one for the batch, with ETA), plain lines otherwise — when
//! stdout is not a terminal or `CI` is set, a log reads better than bars.

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use narrate::pipeline::{Events, PostReport, Status};

pub struct Ui {
    look: Look,
    /// `--verbose`: each segment's and block's decision as a line.
    verbose: bool,
}

enum Look {
    Bars {
        multi: MultiProgress,
        overall: Mutex<Option<ProgressBar>>,
        post: Mutex<Option<ProgressBar>>,
    },
    Lines {
        total: Mutex<(usize, usize)>,
    },
}

impl Ui {
    pub fn new(verbose: bool) -> Ui {
        let plain = !std::io::stdout().is_terminal() || std::env::var_os("CI").is_some();
        let look = if plain {
            Look::Lines {
                total: Mutex::new((0, 0)),
            }
        } else {
            Look::Bars {
                multi: MultiProgress::new(),
                overall: Mutex::new(None),
                post: Mutex::new(None),
            }
        };
        Ui { look, verbose }
    }

    /// Prints a line above the bars (or just prints it).
    pub fn line(&self, msg: &str) {
        match &self.look {
            Look::Bars { multi, .. } => {
                let _ = multi.println(msg);
            }
            Look::Lines { .. } => eprintln!("{msg}"),
        }
    }
}

fn finished_line(b: &PostReport) -> String {
    match (&b.status, &b.episode) {
        (Status::Failed(e), _) => format!("error: {e}"),
        (s, Some(e)) => format!(
            "{}: {} ({}, {}, {:.1} s)",
            b.slug,
            s.as_str(),
            super::clock(e.duration),
            super::size(e.bytes),
            b.seconds
        ),
        (s, None) => format!("{}: {}", b.slug, s.as_str()),
    }
}

impl Events for Ui {
    fn warning(&self, message: &str) {
        self.line(&format!("warning: {message}"));
    }

    fn detail(&self, message: &str) {
        if self.verbose {
            self.line(message);
        }
    }

    fn batch_started(&self, posts: usize) {
        match &self.look {
            Look::Bars { multi, overall, .. } => {
                let bar = multi.add(ProgressBar::new(posts as u64));
                bar.set_style(
                    ProgressStyle::with_template(
                        "{prefix:>8} [{bar:30}] {pos}/{len} posts, ETA {eta}",
                    )
                    .expect("valid template")
                    .progress_chars("=> "),
                );
                bar.set_prefix("batch");
                *overall.lock().expect("not poisoned") = Some(bar);
            }
            Look::Lines { total } => *total.lock().expect("not poisoned") = (0, posts),
        }
    }

    fn post_started(&self, label: &str, segments: usize) {
        match &self.look {
            Look::Bars { multi, post, .. } => {
                let bar = multi.insert(0, ProgressBar::new(segments as u64));
                bar.set_style(
                    ProgressStyle::with_template(
                        "{prefix:>8} [{bar:30}] {pos}/{len} segments, ETA {eta} {msg}",
                    )
                    .expect("valid template")
                    .progress_chars("=> "),
                );
                bar.set_prefix("post");
                bar.set_message(label.to_string());
                *post.lock().expect("not poisoned") = Some(bar);
            }
            Look::Lines { total } => {
                let (done, all) = *total.lock().expect("not poisoned");
                eprintln!(
                    "[{}/{all}] {label}: synthesizing {segments} segments",
                    done + 1
                );
            }
        }
    }

    fn segment_done(&self, done: usize, _total: usize) {
        if let Look::Bars { post, .. } = &self.look {
            if let Some(bar) = post.lock().expect("not poisoned").as_ref() {
                bar.set_position(done as u64);
            }
        }
    }

    fn post_encoding(&self, label: &str) {
        match &self.look {
            Look::Bars { post, .. } => {
                if let Some(bar) = post.lock().expect("not poisoned").as_ref() {
                    bar.set_message(format!("{label}: loudness and MP3"));
                }
            }
            Look::Lines { .. } => eprintln!("{label}: loudness and MP3"),
        }
    }

    fn post_finished(&self, report: &PostReport) {
        match &self.look {
            Look::Bars {
                multi,
                overall,
                post,
            } => {
                if let Some(bar) = post.lock().expect("not poisoned").take() {
                    bar.finish_and_clear();
                    multi.remove(&bar);
                }
                let _ = multi.println(finished_line(report));
                if let Some(bar) = overall.lock().expect("not poisoned").as_ref() {
                    bar.inc(1);
                }
            }
            Look::Lines { total } => {
                total.lock().expect("not poisoned").0 += 1;
                eprintln!("{}", finished_line(report));
            }
        }
    }
}

impl Drop for Ui {
    fn drop(&mut self) {
        if let Look::Bars { overall, .. } = &mut self.look {
            if let Some(bar) = overall.get_mut().ok().and_then(Option::take) {
                bar.finish_and_clear();
            }
        }
    }
}
