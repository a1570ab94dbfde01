// Package bot generates plausible, deterministic inputs for a fish: it walks
// to weapons, picks them up, chases the nearest rival, jumps over walls and
// pits, drops through platforms, glides, shoots, swings and throws empty guns.
//
// A Bot uses integer arithmetic and its own seeded PRNG only, so the same
// seed and the same sequence of states give the same inputs on every
// machine. synctest, replays, benchmarks and the netcode lab use it.
package bot
