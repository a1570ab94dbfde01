# The two quick-start commands are `make run` and `make test` (see README.md).

GO ?= go
SYNCTEST_FLAGS = --players 4 --frames 3600 --seed 7 --check-distance 7

# The front end's tests need a display: without one, run them under Xvfb.
XVFB := $(shell [ -z "$$DISPLAY" ] && command -v xvfb-run >/dev/null && echo 'xvfb-run -a -s "-screen 0 1280x720x24"')

.PHONY: run test tools vet unit race crossarch bench

run:
	$(GO) run ./cmd/fishgame lab --transport p2p --players 4 --frames 1200

test: tools
	$(MAKE) vet unit race crossarch

# The tools make test needs besides Go, checked before anything runs:
# xvfb-run for the window tests (unless a display is already there), qemu
# user-mode for the 386 and arm64 checks, node for wasm, gcc for -race.
# .ci/run installs them on a fresh machine.
TOOLS = qemu-i386-static:qemu-user-static qemu-aarch64-static:qemu-user-static node:nodejs gcc:gcc
ifeq ($(DISPLAY),)
TOOLS += xvfb-run:xvfb
endif

tools:
	@missing=""; for t in $(TOOLS); do \
		command -v $${t%%:*} >/dev/null || missing="$$missing $${t#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "make test: missing tools; install them first: apt-get install -y$$missing" >&2; exit 1; \
	fi

vet:
	$(GO) vet ./...
	$(GO) vet -tags headless ./cmd/fishgame

# FISHGAME_REQUIRE_DISPLAY makes the window tests fail, not skip, when they
# find no display.
unit:
	FISHGAME_REQUIRE_DISPLAY=1 $(XVFB) $(GO) test -count=1 ./...

# The race detector on the packages with goroutines and the netcode core.
race:
	$(GO) test -count=1 -race ./rollback/... ./signaling/... ./p2p/...

# Determinism across architectures: the game's golden checksums under 386,
# arm64 (qemu-user) and wasm (node), and the same synctest checksum everywhere.
crossarch:
	scripts/crossarch.sh $(SYNCTEST_FLAGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./game/... ./rollback/... ./signaling/... ./p2p/...
