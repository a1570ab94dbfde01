// Package game is Fish Game's simulation: the complete rules as a pure,
// deterministic function of player inputs.
//
// A match is a [State] created by [New] and advanced one 60 Hz frame at a
// time by [State.Step]. State is a plain value made of fixed-size arrays, so
// saving it for rollback is a copy and loading it is a copy back;
// [State.Checksum] hashes a canonical little-endian encoding of it, so peers
// on any architecture can compare states.
//
// Determinism rules, checked by tests: integer arithmetic only (positions and
// velocities are in sub-pixels, 1 px = [SubPixel] units), no floats, no maps,
// no clocks, no goroutines, no global randomness (the PRNG lives in State).
// The same inputs give bit-identical states on amd64, 386, arm64 and wasm.
//
// Effects (sound, particles, screen shake) come from [State.Events]: each
// event carries the frame it happened on, so a front end that remembers what
// it has already played can ignore the events of resimulated frames.
//
// Maps are text files embedded by package assets and parsed by [ParseMap];
// matches are recorded and re-checked with [Replay].
package game
