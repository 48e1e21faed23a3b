# The two set-up commands of the README: `make demo` and `make test`.
# Both first run scripts/bootstrap, which installs only what is missing.

CARGO ?= cargo
NARRATE := target/release/narrate

.PHONY: demo test bootstrap build bench clean-demo fuzz docs

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(CARGO) build --release --locked

# Narrates the example blog (examples/blog) into out/: an MP3, a WebVTT
# transcript and JSON chapters per post, and out/feed.xml, a copy of the
# example feed with the enclosures written in. Never writes a tracked file.
demo: build
	mkdir -p out
	cp examples/blog/feed.xml out/feed.xml
	cd examples/blog && ../../$(NARRATE) build
	cd examples/blog && ../../$(NARRATE) check

# Also installs the tools only tests use (Debian's hugo), then checks
# formatting and lints before the tests.
test:
	@scripts/bootstrap --test
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) test --locked

bench: build
	scripts/bench

# Fuzz the parsers for FUZZ_SECONDS each (outside CI): cargo-fuzz drives
# libFuzzer, which needs nightly compiler flags; RUSTC_BOOTSTRAP lets the
# stable toolchain accept them.
FUZZ_SECONDS ?= 60
fuzz:
	@command -v cargo-fuzz >/dev/null || { echo "make fuzz needs cargo-fuzz: cargo install cargo-fuzz"; exit 1; }
	for t in ingest writeback normalize; do \
		RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run --fuzz-dir fuzz $$t -- -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done

# The book (docs/src, an mdBook) into docs/book. mdbook is installed with
# cargo when it is not on PATH (a few minutes to compile, once); `make test`
# does not build the book, but tests/docs.rs checks its table of contents,
# its links and anchors, and that the configuration reference matches the
# code.
MDBOOK ?= $(shell command -v mdbook || echo $${CARGO_HOME:-$$HOME/.cargo}/bin/mdbook)
docs:
	@test -x "$(MDBOOK)" || $(CARGO) install mdbook --locked
	$(MDBOOK) build docs
