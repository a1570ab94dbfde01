// Package lab is fishgame's netcode lab: it plays bot matches of the real
// game through rollback sessions, one peer per player, over a simulated
// network in virtual time (sim) or over the real stacks (WebRTC data
// channels, or the signaling server's relay) in real time, and reports
// netcode figures: RTT, input latency, rollbacks, bandwidth, disconnects
// and whether every peer's confirmed checksum agrees.
//
// The command line lives in package main (cmd/fishgame/lab.go); this
// package takes a Config:
//
//	runs, err := lab.Run(ctx, cfg, os.Stdout) // one report per transport run
package lab
