// Package server is the embedded, Nakama-compatible signaling server run by
// "fishgame server".
//
// It speaks the subset of Nakama 3.x described in docs/nakama-protocol.md on one
// port, byte-compatible in paths, envelopes, field names, error codes, close
// behaviour and defaults, so that a stock Nakama client works against it:
//
//   - REST: device and email authentication, session refresh and logout,
//     account, the fish_game_wins leaderboard, RPCs (ice_servers) and
//     /healthcheck;
//   - the realtime socket (/ws, JSON format): ping, relayed matches with
//     presence events and match data relay (with presence targeting), the
//     matchmaker (see package matchmaker), status follow/update and RPCs.
//
// Accounts, sessions and leaderboard records live in SQLite (WAL) under a data
// directory, which also keeps the JWT signing secrets generated on first
// start. The match data relay has a hand-written fast path that produces the
// same JSON as protojson (tested and fuzzed against it), so relaying a message
// costs one decode and one encode however many receivers it has. Outbound
// frames are framed by the server and written by whoever produces them when
// the receiving socket is idle (one non-blocking write, no goroutine
// hand-off), else queued for the socket's writer goroutine, batched with
// writev; a socket whose queue overflows is closed, so a slow or hostile
// client never holds up anyone else.
//
// Use [New] with a [Config], then [Server.Serve] on a listener (or
// [Server.Handler] with httptest), and [Server.Close] when done.
package server
