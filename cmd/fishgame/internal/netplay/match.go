package netplay

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/signaling"
	"github.com/heroiclabs/nakama-common/rtapi"
)

// Player is one member of a connected match.
type Player struct {
	// Slot is the player's slot: its index among the members sorted by
	// session id.
	Slot int
	// UserID, SessionID and Username identify the member.
	UserID, SessionID, Username string
}

// Match is one match of a Client, from its creation (or join) through the
// connection of its mesh to leaving it.
type Match struct {
	c       *Client
	id      string
	players int

	// Owned by the client's pump goroutine.
	filter *signaling.Filter
	hellos map[string]bool
	slotOf map[string]int

	formedCh chan struct{} // closed when every member joined and slots are set
	hellosCh chan struct{} // closed when every other member said hello
	failCh   chan struct{} // closed with err set when connecting failed

	mu        sync.Mutex
	err       error
	slot      int
	members   []*rtapi.UserPresence
	mesh      *p2p.Mesh
	formedAt  time.Time
	readyAt   time.Time
	connected bool
	left      bool
	sigErr    error
	results   results // the leaderboard update of the match's result
}

// SeedFromMatchID derives the game seed of a match from its id, so every
// peer agrees on it without a round trip.
func SeedFromMatchID(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

func (m *Match) matchID() string { return m.id }
func (m *Match) installed()      { m.check() }

// shutdown ends a Connect still waiting and leaves the match.
func (m *Match) shutdown() error {
	m.fail(ErrClosed)
	return m.leave()
}

// ID returns the match id, which other players Join.
func (m *Match) ID() string { return m.id }

// Players returns the number of players the match waits for.
func (m *Match) Players() int { return m.players }

// Slot returns the local player's slot, once every member joined.
func (m *Match) Slot() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.slot
}

// Seed returns the game seed, derived from the match id.
func (m *Match) Seed() uint64 { return SeedFromMatchID(m.id) }

// Members returns the players by slot, once every member joined.
func (m *Match) Members() []Player {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Player, len(m.members))
	for i, p := range m.members {
		out[i] = Player{Slot: i, UserID: p.GetUserId(), SessionID: p.GetSessionId(), Username: p.GetUsername()}
	}
	return out
}

// Formed returns when every member had joined (zero before).
func (m *Match) Formed() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.formedAt
}

// Ready returns when every link was open or relayed (zero before).
func (m *Match) Ready() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.readyAt
}

// Transport returns the mesh as a rollback transport, once connected.
func (m *Match) Transport() (rollback.Transport, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.connected {
		return nil, ErrNotConnected
	}
	return m.mesh, nil
}

// Links returns the stats of the links to the other players, in slot
// order (nil before the match formed).
func (m *Match) Links() []p2p.LinkStats {
	m.mu.Lock()
	mesh := m.mesh
	m.mu.Unlock()
	if mesh == nil {
		return nil
	}
	return mesh.Stats()
}

// SignalingErr returns why the socket to the signaling server closed
// while the match was on, or nil while it is open. A connected match plays
// on without it; only relayed links stop.
func (m *Match) SignalingErr() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sigErr
}

// Connect waits for every player to join and say hello, then connects the
// mesh and waits until every link is open or relayed. The joining and
// hello phases are bounded by the client's JoinTimeout, the links by the
// mesh's connect timeout.
func (m *Match) Connect(ctx context.Context) error {
	m.mu.Lock()
	connected := m.connected
	m.mu.Unlock()
	if connected {
		return nil
	}
	join, cancel := context.WithTimeout(ctx, m.c.cfg.JoinTimeout)
	defer cancel()
	if err := m.wait(join, m.formedCh, "players to join"); err != nil {
		return err
	}
	if err := m.wait(join, m.hellosCh, "players to say hello"); err != nil {
		return err
	}
	m.mu.Lock()
	mesh := m.mesh
	m.mu.Unlock()
	if err := mesh.Start(ctx); err != nil {
		return fmt.Errorf("start mesh: %w", err)
	}
	if err := m.wait(ctx, mesh.Ready(), "links to open"); err != nil {
		return err
	}
	m.mu.Lock()
	m.readyAt = m.c.now()
	m.connected = true
	m.mu.Unlock()
	m.c.log.Info("match connected", "match", m.id, "slot", m.Slot(), "players", m.players,
		"connect", m.Ready().Sub(m.Formed()).Round(time.Microsecond))
	return nil
}

func (m *Match) wait(ctx context.Context, ch <-chan struct{}, what string) error {
	select {
	case <-ch:
		return nil
	case <-m.failCh:
		return m.failure()
	case <-ctx.Done():
		// A failure that raced the deadline is the better explanation.
		select {
		case <-m.failCh:
			return m.failure()
		default:
		}
		return fmt.Errorf("match %s: waiting for %s: %w", m.id, what, ctx.Err())
	}
}

func (m *Match) failure() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.err
}

// fail ends Connect with err; only the first failure counts, and none
// after the match connected.
func (m *Match) fail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil || m.connected {
		return
	}
	m.err = err
	close(m.failCh)
}

// signalingLost is called by the pump when the socket closed.
func (m *Match) signalingLost(err error) {
	m.mu.Lock()
	m.sigErr = err
	connected := m.connected
	m.mu.Unlock()
	if connected {
		m.c.log.Warn("signaling server gone; the match plays on over its open links", "err", err)
		return
	}
	m.fail(fmt.Errorf("%w: %w", ErrSignalingLost, err))
}

// handle applies one match event (pump goroutine).
func (m *Match) handle(env *rtapi.Envelope) {
	now := m.c.now()
	if ev := env.GetMatchPresenceEvent(); ev != nil {
		if ev.GetMatchId() != m.id {
			return
		}
		for _, p := range ev.GetLeaves() {
			m.departed(p)
		}
		for _, md := range m.filter.Update(ev, now) {
			m.accept(md, now)
		}
		m.check()
		return
	}
	if md := env.GetMatchData(); md != nil {
		m.accept(md, now)
	}
}

// departed handles a member's departure.
func (m *Match) departed(p *rtapi.UserPresence) {
	slot, ok := m.slotOf[p.GetSessionId()]
	if !ok {
		return
	}
	m.mu.Lock()
	connected, mesh := m.connected, m.mesh
	m.mu.Unlock()
	if !connected {
		m.fail(fmt.Errorf("%w: %s (slot %d)", ErrPeerLeft, p.GetUsername(), slot))
	}
	if err := mesh.HandleSignal(slot, p2p.Signal{Kind: p2p.SignalBye}); err != nil {
		m.c.log.Debug("bye for departed player", "slot", slot, "err", err)
	}
}

// check forms the match once every expected member is there (pump
// goroutine): slots are the members sorted by session id.
func (m *Match) check() {
	if m.slotOf != nil {
		return
	}
	n := m.filter.Len()
	if n > m.players {
		m.fail(fmt.Errorf("%w: match %s has %d members, expected %d", ErrMatchFull, m.id, n, m.players))
		return
	}
	if n < m.players {
		return
	}
	members := m.filter.Members()
	self := m.filter.Self().GetSessionId()
	m.slotOf = make(map[string]int, len(members))
	slot := 0
	for i, p := range members {
		m.slotOf[p.GetSessionId()] = i
		if p.GetSessionId() == self {
			slot = i
		}
	}
	cfg := m.c.cfg.Mesh
	cfg.Slot, cfg.Players = slot, m.players
	cfg.ICEServers = slices.Concat(cfg.ICEServers, m.c.ice)
	if cfg.Logger == nil {
		cfg.Logger = m.c.log.With("match", m.id)
	}
	sig := &signaler{sock: m.c.sock, matchID: m.id, members: members, timeout: m.c.cfg.SignalTimeout}
	mesh, err := p2p.New(cfg, sig)
	if err != nil {
		m.fail(fmt.Errorf("create mesh: %w", err))
		return
	}
	m.mu.Lock()
	m.slot, m.members, m.mesh, m.formedAt = slot, members, mesh, m.c.now()
	m.mu.Unlock()
	close(m.formedCh)
	// Hello goes out only now, so a peer that hears from everyone knows
	// every mesh exists and may send its offers.
	others := make([]*rtapi.UserPresence, 0, len(members)-1)
	for _, p := range members {
		if p.GetSessionId() != self {
			others = append(others, p)
		}
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), m.c.cfg.SignalTimeout)
		defer cancel()
		if err := m.c.sock.SendHello(ctx, m.id, m.c.cfg.ClientVersion, others...); err != nil {
			m.fail(fmt.Errorf("send hello: %w", err))
		}
	}()
	m.checkHellos()
}

func (m *Match) checkHellos() {
	if m.slotOf == nil {
		return
	}
	select {
	case <-m.hellosCh:
		return
	default:
	}
	for sid := range m.slotOf {
		if sid != m.filter.Self().GetSessionId() && !m.hellos[sid] {
			return
		}
	}
	close(m.hellosCh)
}

// accept checks one match data message and routes it (pump goroutine).
func (m *Match) accept(md *rtapi.MatchData, now time.Time) {
	msg, ok, err := m.filter.Accept(md, now)
	var verr *signaling.VersionError
	switch {
	case errors.As(err, &verr):
		m.fail(&VersionMismatchError{Username: verr.Username, Theirs: verr.Remote, Ours: verr.Local})
		go m.c.sendBye(m.id, signaling.ByeVersionMismatch, md.GetPresence())
		return
	case err != nil:
		m.c.log.Debug("match data refused", "op", md.GetOpCode(), "err", err)
		return
	case !ok:
		return
	}
	sid := msg.From.GetSessionId()
	if msg.Op == signaling.OpHello {
		if m.hellos == nil {
			m.hellos = make(map[string]bool)
		}
		m.hellos[sid] = true
		m.checkHellos()
		return
	}
	if msg.Op == signaling.OpBye && msg.Reason == signaling.ByeVersionMismatch {
		m.fail(fmt.Errorf("%w: %s runs another version, you run %s: update to play together", ErrVersionMismatch, msg.From.GetUsername(), m.c.cfg.ClientVersion))
	}
	slot, member := m.slotOf[sid]
	if !member {
		m.c.log.Debug("signal from a player outside the match's slots", "op", msg.Op, "from", msg.From.GetUsername())
		return
	}
	m.mu.Lock()
	mesh := m.mesh
	m.mu.Unlock()
	if err := deliver(mesh, slot, msg); err != nil {
		m.c.log.Info("signal refused", "from", slot, "op", msg.Op, "err", err)
	}
}

func (c *Client) sendBye(matchID string, reason signaling.ByeReason, to *rtapi.UserPresence) {
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.SignalTimeout)
	defer cancel()
	if err := c.sock.SendBye(ctx, matchID, reason, to); err != nil {
		c.log.Debug("send bye", "err", err)
	}
}

// Leave says goodbye to the other players, closes the mesh and leaves the
// match; the client may then form another one. Client.Close leaves too.
func (m *Match) Leave() error {
	err := m.leave()
	m.c.release(m)
	return err
}

// leave closes the mesh (its goodbyes go first) and leaves the match.
func (m *Match) leave() error {
	m.mu.Lock()
	if m.left {
		m.mu.Unlock()
		return nil
	}
	m.left = true
	mesh := m.mesh
	m.mu.Unlock()
	var err error
	if mesh != nil {
		err = mesh.Close()
	}
	if m.SignalingErr() != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), m.c.cfg.SignalTimeout)
	defer cancel()
	if lerr := m.c.sock.LeaveMatch(ctx, m.id); lerr != nil && !errors.Is(lerr, signaling.ErrSocketClosed) {
		err = errors.Join(err, fmt.Errorf("leave match: %w", lerr))
	}
	return err
}
