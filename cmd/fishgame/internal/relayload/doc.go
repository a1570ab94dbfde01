// Package relayload measures how fast a Nakama-compatible server relays match
// data, and what that costs the server in CPU. It is "fishgame lab
// relay-load".
//
// It speaks Nakama's realtime protocol as any client does, so it runs
// against "fishgame server" and a stock Nakama alike: every socket is a
// device-authenticated user (REST, through package signaling) with its own
// WebSocket (/ws, JSON format). Sockets are grouped into relayed matches of
// Config.Players (the first creates the match, the others join it), then
// every socket sends match_data_send at Config.Rate for Config.Duration.
//
// Each payload carries its send time, its sender and a sequence number. The
// senders and the receivers live in this one process and read one monotonic
// clock, so a receiver knows a message's one-way latency exactly, and knows
// whether it came from a match mate, in order. The result counts what was
// offered and delivered, what was lost, misrouted or out of order, latency
// percentiles and, given the server's pid on Linux, the server's CPU seconds
// per 1000 delivered messages.
//
// The command line lives in package main (cmd/fishgame/relayload.go):
//
//	res, err := relayload.Run(ctx, cfg, os.Stderr, slog.Default())
//	relayload.WriteText(os.Stdout, res)
package relayload
