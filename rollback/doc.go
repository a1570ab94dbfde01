// Package rollback is Fish Game's netcode core: input-prediction rollback
// sessions that drive any deterministic game through ordered requests.
//
// A session never calls the game, never reads a clock and never starts a
// goroutine. Each tick the caller passes the current time and its local
// inputs to AdvanceFrame and executes the returned requests in order:
//
//	for _, r := range sess.AdvanceFrame(now, local) {
//		switch r.Kind {
//		case rollback.RequestSave:
//			r.Cell.Save(state, state.Checksum())
//		case rollback.RequestLoad:
//			state = r.Cell.State()
//		case rollback.RequestAdvance:
//			state.Step(r.Inputs)
//		}
//	}
//
// Between ticks, Receive handles packets as they arrive (answering quality
// reports at once) without sending inputs, so a caller that calls it
// whenever packets may have come in measures RTT and input arrival to that
// resolution instead of whole ticks, at the same bandwidth.
//
// Events (peer interrupted, resumed or disconnected, desync detected,
// time-sync recommendation, input delay changed) are polled with PollEvent.
//
// Three sessions share the request model:
//   - P2PSession: 2–4 players spread over peers that exchange inputs over an
//     unordered, unreliable Transport, with input delay, a bounded prediction
//     window, time sync, desync detection and agreed disconnects;
//   - SyncTestSession: a single-process session that rolls back every frame
//     and compares checksums to find nondeterminism;
//   - SpectatorSession: follows the confirmed inputs one peer relays.
//
// The package also owns the game-packet wire format: a one-byte versioned
// header, strictly length-checked bodies, and input packets that repeat
// every unacknowledged input, delta-coded against the frame before (which
// the receiver has) and run-length-compressed, so one surviving packet in
// several is enough. Checksum and quality reports ride in input packets;
// disconnect reports stop once both sides agreed.
//
// Inputs are one byte per player per frame.
package rollback
