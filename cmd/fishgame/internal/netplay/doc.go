// Package netplay is fishgame's headless online client: everything between
// "play online" and a running rollback session, with no window and no clock
// of its own, so the netcode lab and the Ebitengine front end share it.
//
// A match goes through three steps:
//
//	c, err := netplay.Login(ctx, cfg)              // device auth, socket, ice_servers RPC
//	m, err := c.Create(ctx, "room-1", 4)           // or Join by id, or Matchmake
//	err = m.Connect(ctx)                           // members, hello, WebRTC mesh
//	g, err := m.NewGame()                          // rollback session of the real game
//	for now := ...; ; now += tick { g.Tick(now, input) }
//
// Slots are the match members sorted by session id and the game seed is
// derived from the match id, so every peer agrees on both without a round
// trip. Each peer announces its client version (hello) before any offer is
// made, and a peer with another version makes Connect fail with
// ErrVersionMismatch. The mesh's offers, answers, candidates and relayed
// packets travel as Nakama match data through a p2p.Signaler over the
// realtime socket; once the data channels are open the match no longer needs
// the signaling server.
//
// When the match ends, Game.Outcome tells the winner once the end is final
// (every frame up to it confirmed by every peer, so no rollback can change
// it), and Game.Report then records the local player's result in the
// fish_game_wins leaderboard in the background and lists its top: the
// winner's own session adds one win, every other player's adds none, and
// a match reports once. A front end polls the Report from its game loop:
//
//	if _, final := g.Outcome(); final && r == nil {
//		r, _ = g.Report(ctx)                   // never blocks
//	}
//	select { case <-r.Done(): u, err := r.Result() ... default: }
//
// A player who quits with Game.Leave forfeits: the others hear a goodbye
// on the links' control channel and play on, and the last one left wins
// and records the win. A player who drops out silently (a crash, a
// network split) makes the match record nothing. The listing of a Report
// waits, bounded, until every finisher's result is in, so the loser's
// board shows the winner's new win.
//
// The ready room (Room) is the other way to a game, the one the window
// uses:
//
//	r, err := c.CreateRoom(ctx, "")               // or JoinRoom(id), MatchmakeRoom
//	r.SetReady(true)                              // when the player presses Ready
//	for { started, err := r.Update(); ... }       // every frame; Members() to draw
//	g, err := r.NewGame()                         // once started
//	r.Rematch()                                   // after the game; or r.Leave()
//
// Members come and go; each pair has its own link, set up as soon as both
// are there, so the room shows every member's path and RTT before anyone is
// ready. The game starts on every peer at once when everyone present is
// ready and there are at least two: no host decides, every member decides
// from the same votes, and slots and seed derive from them.
//
// Only protocol features listed in docs/nakama-protocol.md are used, so a
// stock Nakama with the deploy/nakama module works as well as the embedded
// server.
package netplay
