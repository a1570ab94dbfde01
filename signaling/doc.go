// Package signaling is fishgame's Nakama client and the WebRTC signaling
// protocol that rides on Nakama match data.
//
// It speaks the subset of the Nakama 3.x API described in
// docs/nakama-protocol.md, so the same code works against a stock Nakama
// server and against the embedded server in signaling/server:
//
//   - REST ([Client], [Session]): authenticate by device id or email,
//     refresh, logout, account, leaderboard write/list and RPC. A [Session]
//     keeps its token fresh (refresh before expiry, refresh and retry once on
//     a 401, re-authenticate with the remembered credentials when the refresh
//     token is gone), so callers never see a stale token.
//   - Realtime ([Socket]): one WebSocket in JSON format with requests
//     correlated by cid, per-request timeouts, match create/join/leave, match
//     data, matchmaker, status and socket RPC. Server events arrive on
//     [Socket.Events]; a dropped socket is reported through [Socket.Done] and
//     [Socket.Err], and [Socket.Redial] reconnects with a fresh token.
//   - Signaling messages: op codes and compact versioned binary payloads for
//     hello, SDP offer/answer (split into chunks when a description would not
//     fit one 4096-byte frame), ICE candidates, relayed game packets and bye.
//     A [Filter] accepts a message only from a current match member and only
//     when it is addressed to us, reassembling chunked descriptions.
//
// Wire messages are the nakama-common api and rtapi types, encoded with
// protojson using proto field names; unknown fields from a newer server are
// discarded rather than treated as errors.
package signaling
