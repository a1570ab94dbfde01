# The two quick-start commands are `make run` and `make test` (see README.md).

GO ?= go
SYNCTEST_FLAGS = --players 4 --frames 3600 --seed 7 --check-distance 7

# The front end's tests need a display: without one, run them under Xvfb.
XVFB := $(shell [ -z "$$DISPLAY" ] && command -v xvfb-run >/dev/null && echo 'xvfb-run -a -s "-screen 0 1280x720x24"')

.PHONY: run test vet unit race crossarch bench

run:
	$(GO) run ./cmd/fishgame lab --transport p2p --players 4 --frames 1200

test: vet unit race crossarch

vet:
	$(GO) vet ./...
	$(GO) vet -tags headless ./cmd/fishgame

unit:
	$(XVFB) $(GO) test -count=1 ./...

# The race detector on the packages with goroutines and the netcode core.
race:
	$(GO) test -count=1 -race ./rollback/... ./signaling/... ./p2p/...

# Determinism across architectures: the game's golden checksums under 386,
# arm64 (qemu-user) and wasm (node), and the same synctest checksum everywhere.
crossarch:
	scripts/crossarch.sh $(SYNCTEST_FLAGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./game/... ./rollback/... ./signaling/... ./p2p/...
