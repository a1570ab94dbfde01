package netplay

import (
	"encoding/binary"
	"slices"
	"sync"

	"github.com/fishgame/fishgame/rollback"
)

// roomRound is one game started in a room: its players by slot and the
// links to them. It is the game's transport: each packet carries a tag
// derived from the seed, so a straggler of the previous game on the same
// link is dropped instead of read as this one's.
type roomRound struct {
	room    *Room
	roster  []string // session ids by slot
	seed    uint64
	tag     [4]byte
	slot    int
	players []Player
	peers   []*roomPeer // by slot; nil at ours
	results results

	// forfeits holds the slots whose forfeit the room read (room.mu).
	forfeits []int

	mu   sync.Mutex // guards buf and next
	buf  []byte
	next int
}

func seedTag(seed uint64) (t [4]byte) {
	binary.BigEndian.PutUint32(t[:], uint32(seed>>32)^uint32(seed))
	return t
}

func (rd *roomRound) has(pr *roomPeer) bool { return slices.Contains(rd.peers, pr) }

func (rd *roomRound) slotOf(pr *roomPeer) int { return slices.Index(rd.peers, pr) }

// Send implements rollback.Transport.
func (rd *roomRound) Send(slot int, packet []byte) {
	if slot < 0 || slot >= len(rd.peers) || rd.peers[slot] == nil {
		return
	}
	pr := rd.peers[slot]
	rd.mu.Lock()
	defer rd.mu.Unlock()
	rd.buf = append(append(rd.buf[:0], rd.tag[:]...), packet...)
	pr.mesh.Send(pr.slot, rd.buf)
}

// Receive implements rollback.Transport.
func (rd *roomRound) Receive() (slot int, packet []byte, ok bool) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	for empty := 0; empty < len(rd.peers); {
		i := rd.next
		pr := rd.peers[i]
		if pr == nil {
			rd.next = (i + 1) % len(rd.peers)
			empty++
			continue
		}
		from, p, ok := pr.mesh.Receive()
		if !ok {
			rd.next = (i + 1) % len(rd.peers)
			empty++
			continue
		}
		if from != pr.slot || len(p) < len(rd.tag) || [4]byte(p[:4]) != rd.tag {
			continue // another game's packet
		}
		return i, p[len(rd.tag):], true
	}
	return 0, nil, false
}

// roundControl is a room game's control channel: forfeits go out on the
// links, and come in through the room, which reads every link's control
// messages.
type roundControl struct{ rd *roomRound }

// SendControl implements controlChannel.
func (c roundControl) SendControl(slot int, msg []byte) error {
	if slot < 0 || slot >= len(c.rd.peers) || c.rd.peers[slot] == nil {
		return nil
	}
	pr := c.rd.peers[slot]
	return pr.mesh.SendControl(pr.slot, msg)
}

// ReceiveControl implements controlChannel.
func (c roundControl) ReceiveControl() (int, []byte, bool) {
	r := c.rd.room
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(c.rd.forfeits) == 0 {
		r.update()
	}
	if len(c.rd.forfeits) == 0 {
		return 0, nil, false
	}
	slot := c.rd.forfeits[0]
	c.rd.forfeits = c.rd.forfeits[1:]
	msg, err := appendControl(nil, control{kind: ctlForfeit})
	return slot, msg, err == nil
}

// NewGame starts the rollback session of the game the room started (see
// Update): the roster's members in slot order, the agreed seed. opts tune
// the session.
func (r *Room) NewGame(opts ...rollback.Option) (*Game, error) {
	r.mu.Lock()
	rd, playing := r.round, r.playing
	r.mu.Unlock()
	if !playing {
		return nil, ErrNotStarted
	}
	return newGame(lineup{
		id: r.id, slot: rd.slot, seed: rd.seed, players: rd.players,
		client: r.c, control: roundControl{rd}, results: &rd.results,
	}, rd, opts...)
}

// Players returns the players of the game started last, by slot (nil
// before the first).
func (r *Room) Players() []Player {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.round == nil {
		return nil
	}
	return slices.Clone(r.round.players)
}

// Seed returns the seed of the game started last.
func (r *Room) Seed() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.round == nil {
		return 0
	}
	return r.round.seed
}

// Slot returns the local player's slot in the game started last.
func (r *Room) Slot() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.round == nil {
		return -1
	}
	return r.round.slot
}

// Rematch ends the game played last and makes the local player ready for
// the next one: it starts, as the first did, once everyone in the room is
// ready. Players who do not want a rematch leave the room (Leave).
func (r *Room) Rematch() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.endRound()
	r.setReady(true)
}

// BackToRoom ends the game played last and returns to the room not ready.
func (r *Room) BackToRoom() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.endRound()
}

// endRound ends the game that is on, closing the links of its players who
// left the room meanwhile; r.mu is held.
func (r *Room) endRound() {
	if !r.playing {
		return
	}
	r.playing = false
	for sid, pr := range r.peers {
		if pr.gone {
			delete(r.peers, sid)
			closeMeshes(pr.mesh)
		}
	}
}
