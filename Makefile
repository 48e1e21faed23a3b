# The two set-up commands of the README: `make demo` and `make test`.
# Both first run scripts/bootstrap, which installs only what is missing.

CARGO ?= cargo
NARRATE := target/release/narrate

.PHONY: demo test bootstrap build bench clean-demo

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(CARGO) build --release --locked

# Narrates the example blog (examples/blog); writes only under out/ and the
# git-ignored cache, never a tracked file.
demo: build
	cd examples/blog && ../../$(NARRATE) script
	mkdir -p out
	$(NARRATE) say "Hello from narrate. This is the joe voice, running locally." -o out/hello.wav

test: bootstrap
	$(CARGO) test --locked

bench: build
	scripts/bench
