// Package rollbacktest holds test doubles for package rollback: Network, an
// in-memory, seeded network with per-link latency, jitter, loss,
// duplication, reordering and partitions under a virtual clock, whose
// endpoints implement rollback.Transport; and Toy, a tiny deterministic game
// with an input script, for exercising sessions without the real game.
package rollbacktest
