package netplay

import (
	"crypto/rand"
	"encoding/binary"
	"hash/fnv"
	"slices"
	"strings"
)

// The agreed start. Every member votes over its links: ready or not, and
// the roster it sees (every member of its version, itself included, by
// session id). A member whose own vote and the last vote of every member
// of its roster are ready for that same roster, with at least two members
// and every link up, starts the game: slots are the roster's order and the
// seed derives from the match id and the nonces the members drew when they
// pressed Ready, so every peer computes both alike. It tells the roster's
// members it started; one that voted ready for that roster since its last
// game follows, even if its view moved on meanwhile (a member who joined
// or un-readied in that instant), so a start reaches everyone it names.

// Update handles the votes the other members sent, sends ours, and starts
// the game once everyone present is ready. The ready room calls it every
// frame. It returns true once when the game starts (then NewGame), and the
// room's error when it cannot go on.
func (r *Room) Update() (started bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.update()
	started = r.starts > r.told
	r.told = r.starts
	return started, r.err
}

// update runs one step of the agreement; r.mu is held.
func (r *Room) update() {
	if r.left {
		return
	}
	for _, pr := range r.peers {
		if pr.mesh == nil {
			continue
		}
		for {
			slot, msg, ok := pr.mesh.ReceiveControl()
			if !ok {
				break
			}
			if slot == pr.slot {
				r.control(pr, msg)
			}
		}
	}
	if !r.playing {
		r.tryStart()
	}
	r.sendVotes()
}

// control applies one control message from pr.
func (r *Room) control(pr *roomPeer, msg []byte) {
	c, err := parseControl(msg)
	if err != nil {
		r.c.log.Debug("room control refused", "from", pr.p.GetUsername(), "err", err)
		return
	}
	switch c.kind {
	case ctlVote:
		pr.vote = c
	case ctlStart:
		r.follow(pr, c)
	case ctlForfeit:
		if r.playing {
			if slot := r.round.slotOf(pr); slot >= 0 {
				r.round.forfeits = append(r.round.forfeits, slot)
			}
		}
	}
}

// roster returns the session ids of the members of our version, sorted.
func (r *Room) roster() []string {
	out := []string{r.self.GetSessionId()}
	for sid, pr := range r.peers {
		if pr.otherVersion == "" && !pr.gone {
			out = append(out, sid)
		}
	}
	slices.Sort(out)
	return out
}

func rosterKey(roster []string) string { return strings.Join(roster, "\x00") }

// vote returns our current vote.
func (r *Room) vote() control {
	v := control{kind: ctlVote, roster: r.roster()}
	switch {
	case r.playing:
		v.ready = votePlaying
	case r.ready:
		v.ready, v.nonce = voteReady, r.nonce
	}
	if len(v.roster) > maxRoster {
		v.roster, v.ready = v.roster[:maxRoster], voteNotReady // a full room: no start
	}
	return v
}

// sendVotes sends our vote to every connected member that has not got it.
func (r *Room) sendVotes() {
	v := r.vote()
	msg, err := appendControl(nil, v)
	if err != nil {
		r.c.log.Warn("room vote", "err", err)
		return
	}
	if v.ready == voteReady {
		r.voted[rosterKey(v.roster)] = true
	}
	for _, pr := range r.peers {
		if string(pr.sent) == string(msg) || pr.gone || !pr.connected() {
			continue
		}
		if err := pr.mesh.SendControl(pr.slot, msg); err == nil {
			pr.sent = msg
		}
	}
}

// tryStart starts the game when every member of our roster is connected
// and voted ready for it, as we do.
func (r *Room) tryStart() {
	v := r.vote()
	if v.ready != voteReady || len(v.roster) < 2 {
		return
	}
	nonces := make([]uint64, len(v.roster))
	for i, sid := range v.roster {
		if sid == r.self.GetSessionId() {
			nonces[i] = r.nonce
			continue
		}
		pr := r.peers[sid]
		if !pr.connected() || pr.vote.ready != voteReady || !slices.Equal(pr.vote.roster, v.roster) {
			return
		}
		nonces[i] = pr.vote.nonce
	}
	r.voted[rosterKey(v.roster)] = true
	r.begin(v.roster, roundSeed(r.id, nonces))
}

// follow starts the game another member started, if we are in it and
// voted ready for its roster since our last game.
func (r *Room) follow(from *roomPeer, c control) {
	me := r.self.GetSessionId()
	if !slices.Contains(c.roster, me) || !slices.Contains(c.roster, from.p.GetSessionId()) {
		return
	}
	if r.playing {
		if !slices.Equal(r.round.roster, c.roster) || r.round.seed != c.seed {
			r.c.log.Warn("a room member started another game", "member", from.p.GetUsername(),
				"roster", len(c.roster), "ours", len(r.round.roster))
		}
		return
	}
	if !r.voted[rosterKey(c.roster)] {
		r.c.log.Debug("start for a roster we did not vote for", "member", from.p.GetUsername())
		return
	}
	for _, sid := range c.roster {
		if pr, ok := r.peers[sid]; sid != me && (!ok || pr.mesh == nil) {
			return // a member we have no link to
		}
	}
	r.begin(c.roster, c.seed)
}

// begin starts the game of roster with seed and tells its members.
func (r *Room) begin(roster []string, seed uint64) {
	me := r.self.GetSessionId()
	rd := &roomRound{room: r, roster: roster, seed: seed, peers: make([]*roomPeer, len(roster)), tag: seedTag(seed)}
	for i, sid := range roster {
		if sid == me {
			rd.slot = i
			rd.players = append(rd.players, Player{Slot: i, UserID: r.self.GetUserId(), SessionID: me, Username: r.self.GetUsername()})
			continue
		}
		pr := r.peers[sid]
		rd.peers[i] = pr
		rd.players = append(rd.players, Player{Slot: i, UserID: pr.p.GetUserId(), SessionID: sid, Username: pr.p.GetUsername()})
	}
	r.round, r.playing = rd, true
	r.starts++
	r.ready = false
	clear(r.voted)
	if msg, err := appendControl(nil, control{kind: ctlStart, roster: roster, seed: seed}); err == nil {
		for _, pr := range rd.peers {
			if pr != nil {
				pr.mesh.SendControl(pr.slot, msg)
			}
		}
	}
	r.c.log.Info("room game starts", "room", r.id, "slot", rd.slot, "players", len(roster))
}

// roundSeed derives a game's seed from the match id and the members'
// nonces in slot order.
func roundSeed(matchID string, nonces []uint64) uint64 {
	h := fnv.New64a()
	h.Write([]byte(matchID))
	var b [8]byte
	for _, n := range nonces {
		binary.BigEndian.PutUint64(b[:], n)
		h.Write(b[:])
	}
	return h.Sum64()
}

func randomNonce() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.BigEndian.Uint64(b[:])
}
