package netplay

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/signaling"
	"github.com/heroiclabs/nakama-common/rtapi"
)

// Room is the ready room of a match: the players gather, each connects to
// every other one as soon as both are there, each presses Ready, and the
// game starts on every peer at once when everyone present is ready and
// there are at least two. No host decides: every member decides from the
// same votes (see Update). After a game the room stays: whoever presses
// Rematch plays again with the others who do.
//
// Every pair of members has a link of its own (a two-player p2p mesh), so
// members come and go without disturbing the others' links. A member who
// leaves disappears from the room. Methods are safe for concurrent use;
// Update is meant for the ready room's frame loop.
type Room struct {
	c  *Client
	id string

	// Owned by the client's pump goroutine.
	filter  *signaling.Filter
	earlier map[string]bool // session ids of the members there before us

	mu      sync.Mutex
	self    *rtapi.UserPresence
	peers   map[string]*roomPeer // the other members, by session id
	err     error                // why the room cannot go on
	ready   bool
	nonce   uint64          // drawn when the local player pressed Ready
	voted   map[string]bool // rosters this player voted ready for since the last start
	round   *roomRound      // the game started last; nil before the first
	playing bool            // round's game is on: votes and starts wait
	starts  int             // games started
	told    int             // games Update reported started
	left    bool
	sigErr  error
}

// roomPeer is another member of the room and the link to it.
type roomPeer struct {
	p     *rtapi.UserPresence
	mesh  *p2p.Mesh
	slot  int  // the peer's slot in the pair's mesh
	hello bool // the peer announced our client version
	// otherVersion is the version of a peer that runs another one; such a
	// peer is not a member.
	otherVersion string
	vote         control // its last vote (kind 0 before any)
	sent         []byte  // our last vote sent to it
	gone         bool    // left while its game was on; closed when it ends
}

// MemberStatus is where a member of a room stands.
type MemberStatus int

// Member statuses, in the order a member goes through them.
const (
	// StatusJoining: in the match, not yet heard from.
	StatusJoining MemberStatus = iota
	// StatusConnecting: it runs our version; the link to it is being set up.
	StatusConnecting
	// StatusConnected: the link is up (Path, RTT); not ready.
	StatusConnected
	// StatusReady: connected and ready to play.
	StatusReady
	// StatusPlaying: in a game the local player is not part of.
	StatusPlaying
	// StatusFailed: the link to it could not be set up.
	StatusFailed
)

// String names the status as the ready room shows it.
func (s MemberStatus) String() string {
	switch s {
	case StatusJoining:
		return "joining"
	case StatusConnecting:
		return "connecting"
	case StatusConnected:
		return "connected"
	case StatusReady:
		return "READY"
	case StatusPlaying:
		return "playing"
	case StatusFailed:
		return "no connection"
	}
	return fmt.Sprintf("MemberStatus(%d)", int(s))
}

// Paths of a link, as the ready room shows them.
const (
	PathDirect      = "direct"
	PathTURN        = "TURN relay"
	PathServerRelay = "server relay"
)

// Member is one member of a room as the local player sees it.
type Member struct {
	// Slot is the member's place among the members sorted by session id:
	// its slot (and fish colour and pattern) if the game starts with
	// everyone present.
	Slot int
	// UserID, SessionID and Username identify the member.
	UserID, SessionID, Username string
	// Self marks the local player.
	Self bool
	// Status is where the member stands; the local player is
	// StatusConnected or StatusReady.
	Status MemberStatus
	// Path is how packets to the member travel once connected: PathDirect,
	// PathTURN or PathServerRelay; empty before.
	Path string
	// RTT is the link's round-trip time, when known.
	RTT time.Duration
}

// VersionMismatchError reports a member who was in the room before us and
// runs another client version. It matches ErrVersionMismatch.
type VersionMismatchError struct {
	Username, Theirs, Ours string
}

// Error says who runs which version and what to do.
func (e *VersionMismatchError) Error() string {
	return fmt.Sprintf("%s runs version %s, you run %s: update to play together", e.Username, e.Theirs, e.Ours)
}

// Is reports whether target is ErrVersionMismatch.
func (e *VersionMismatchError) Is(target error) bool { return target == ErrVersionMismatch }

// CreateRoom creates the room called name, or enters it when another
// player created it first (the match id derives from the name); an empty
// name makes a fresh room whose ID the others JoinRoom.
func (c *Client) CreateRoom(ctx context.Context, name string) (*Room, error) {
	return c.formRoom(ctx, func(ctx context.Context) (*rtapi.Match, error) { return c.sock.CreateMatch(ctx, name) })
}

// JoinRoom enters the room with this match id.
func (c *Client) JoinRoom(ctx context.Context, matchID string) (*Room, error) {
	if matchID == "" {
		return nil, fmt.Errorf("%w: empty match id", ErrBadConfig)
	}
	return c.formRoom(ctx, func(ctx context.Context) (*rtapi.Match, error) { return c.sock.JoinMatch(ctx, matchID, nil) })
}

// formRoom creates or joins a match with do and hands the room to the
// event pump.
func (c *Client) formRoom(ctx context.Context, do func(context.Context) (*rtapi.Match, error)) (*Room, error) {
	r := &Room{c: c, peers: map[string]*roomPeer{}, voted: map[string]bool{}, earlier: map[string]bool{}}
	if err := c.claim(r); err != nil {
		return nil, err
	}
	reply, err := do(ctx)
	if err == nil {
		r.id, r.self = reply.GetMatchId(), reply.GetSelf()
		r.filter, err = signaling.NewFilter(reply, c.cfg.ClientVersion)
	}
	if err != nil {
		c.release(r)
		return nil, fmt.Errorf("enter room: %w", err)
	}
	for _, p := range reply.GetPresences() {
		if p.GetSessionId() != "" && p.GetSessionId() != r.self.GetSessionId() {
			r.earlier[p.GetSessionId()] = true
		}
	}
	if len(r.earlier) >= p2p.MaxPlayers {
		r.leave()
		c.release(r)
		return nil, fmt.Errorf("%w: room %s has %d players already", ErrMatchFull, r.id, len(r.earlier))
	}
	for _, p := range reply.GetPresences() {
		r.addPeer(p)
	}
	if err := c.installHandler(r); err != nil {
		r.leave()
		c.release(r)
		return nil, fmt.Errorf("enter room: %w", err)
	}
	return r, nil
}

// ID returns the room's match id, which other players JoinRoom.
func (r *Room) ID() string { return r.id }

// Err returns why the room cannot go on (another client version, the
// signaling server lost before the game), or nil.
func (r *Room) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// SetReady says whether the local player is ready to play.
func (r *Room) SetReady(ready bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.setReady(ready)
}

func (r *Room) setReady(ready bool) {
	if ready && !r.ready {
		r.nonce = randomNonce()
	}
	r.ready = ready
}

// Ready reports whether the local player is ready.
func (r *Room) Ready() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ready
}

// Members returns the room's members, the local player included, sorted
// by session id (their slots if the game starts with everyone). Members
// running another client version are not listed.
func (r *Room) Members() []Member {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Member
	if r.self != nil {
		st := StatusConnected
		if r.ready {
			st = StatusReady
		}
		out = append(out, Member{UserID: r.self.GetUserId(), SessionID: r.self.GetSessionId(), Username: r.self.GetUsername(), Self: true, Status: st})
	}
	for _, pr := range r.peers {
		if pr.otherVersion != "" || pr.gone {
			continue
		}
		m := Member{UserID: pr.p.GetUserId(), SessionID: pr.p.GetSessionId(), Username: pr.p.GetUsername()}
		m.Status, m.Path, m.RTT = pr.status()
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Member) int { return cmp.Compare(a.SessionID, b.SessionID) })
	for i := range out {
		out[i].Slot = i
	}
	return out
}

// status tells where the peer stands, with its link's path and RTT.
func (pr *roomPeer) status() (MemberStatus, string, time.Duration) {
	if !pr.hello {
		return StatusJoining, "", 0
	}
	st := pr.linkStats()
	switch st.State {
	case p2p.LinkConnecting:
		return StatusConnecting, "", 0
	case p2p.LinkClosed:
		return StatusFailed, "", 0
	}
	path := PathDirect
	switch {
	case st.State == p2p.LinkRelay:
		path = PathServerRelay
	case st.Path == "relay":
		path = PathTURN
	}
	switch pr.vote.ready {
	case voteReady:
		return StatusReady, path, st.RTT
	case votePlaying:
		return StatusPlaying, path, st.RTT
	}
	return StatusConnected, path, st.RTT
}

// linkStats returns the stats of the link to the peer.
func (pr *roomPeer) linkStats() p2p.LinkStats {
	if pr.mesh == nil {
		return p2p.LinkStats{State: p2p.LinkClosed}
	}
	for _, s := range pr.mesh.Stats() {
		return s
	}
	return p2p.LinkStats{State: p2p.LinkClosed}
}

// connected reports whether packets can go to the peer.
func (pr *roomPeer) connected() bool {
	s := pr.linkStats().State
	return pr.hello && (s == p2p.LinkDirect || s == p2p.LinkRelay)
}

// addPeer creates the link to a new member and says hello to it, once.
// The caller holds no lock the pump needs; addPeer takes r.mu.
func (r *Room) addPeer(p *rtapi.UserPresence) *roomPeer {
	sid := p.GetSessionId()
	r.mu.Lock()
	defer r.mu.Unlock()
	if pr, ok := r.peers[sid]; ok || r.left || sid == "" || sid == r.self.GetSessionId() {
		return pr
	}
	pair := []*rtapi.UserPresence{r.self, p}
	slices.SortFunc(pair, func(a, b *rtapi.UserPresence) int { return cmp.Compare(a.GetSessionId(), b.GetSessionId()) })
	mySlot := slices.Index(pair, r.self)
	cfg := r.c.cfg.Mesh
	cfg.Slot, cfg.Players = mySlot, 2
	cfg.ICEServers = slices.Concat(cfg.ICEServers, r.c.ice)
	if cfg.Logger == nil {
		cfg.Logger = r.c.log.With("room", r.id, "peer", p.GetUsername())
	}
	pr := &roomPeer{p: p, slot: 1 - mySlot}
	mesh, err := p2p.New(cfg, &signaler{sock: r.c.sock, matchID: r.id, members: pair, timeout: r.c.cfg.SignalTimeout})
	if err != nil {
		r.c.log.Warn("no link to a room member", "room", r.id, "member", p.GetUsername(), "err", err)
	}
	pr.mesh = mesh
	r.peers[sid] = pr
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), r.c.cfg.SignalTimeout)
		defer cancel()
		if err := r.c.sock.SendHello(ctx, r.id, r.c.cfg.ClientVersion, p); err != nil {
			r.c.log.Debug("hello to a room member", "member", p.GetUsername(), "err", err)
		}
	}()
	return pr
}

// dropPeer forgets a member who left; its link closes in the background,
// or when the game it plays ends.
func (r *Room) dropPeer(sid string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	pr, ok := r.peers[sid]
	if !ok {
		return
	}
	if r.playing && r.round.has(pr) {
		pr.gone = true // the game decides: a goodbye or a timeout
		return
	}
	delete(r.peers, sid)
	closeMeshes(pr.mesh)
}

// closeMeshes closes meshes in the background (SCTP shutdown takes a while).
func closeMeshes(meshes ...*p2p.Mesh) {
	for _, m := range meshes {
		if m != nil {
			go m.Close()
		}
	}
}

func (r *Room) matchID() string { return r.id }
func (r *Room) installed()      {}

// handle applies one match event (pump goroutine).
func (r *Room) handle(env *rtapi.Envelope) {
	now := r.c.now()
	if ev := env.GetMatchPresenceEvent(); ev != nil {
		if ev.GetMatchId() != r.id {
			return
		}
		for _, p := range ev.GetLeaves() {
			r.dropPeer(p.GetSessionId())
		}
		held := r.filter.Update(ev, now)
		for _, p := range ev.GetJoins() {
			r.addPeer(p)
		}
		for _, md := range held {
			r.accept(md, now)
		}
		return
	}
	if md := env.GetMatchData(); md != nil {
		r.accept(md, now)
	}
}

// accept checks one match data message and routes it (pump goroutine).
func (r *Room) accept(md *rtapi.MatchData, now time.Time) {
	msg, ok, err := r.filter.Accept(md, now)
	var verr *signaling.VersionError
	switch {
	case errors.As(err, &verr):
		r.otherVersion(md.GetPresence(), verr.Remote)
		return
	case err != nil:
		r.c.log.Debug("room data refused", "op", md.GetOpCode(), "err", err)
		return
	case !ok:
		return
	}
	pr := r.addPeer(msg.From)
	if pr == nil {
		return
	}
	if msg.Op == signaling.OpHello {
		r.mu.Lock()
		first := !pr.hello
		pr.hello = true
		r.mu.Unlock()
		if first && pr.mesh != nil {
			if err := pr.mesh.Start(context.Background()); err != nil {
				r.c.log.Debug("start link", "member", msg.From.GetUsername(), "err", err)
			}
		}
		return
	}
	if pr.mesh == nil {
		return
	}
	if err := deliver(pr.mesh, pr.slot, msg); err != nil {
		r.c.log.Debug("room signal refused", "from", msg.From.GetUsername(), "op", msg.Op, "err", err)
	}
}

// otherVersion handles a member running another client version: one who
// was there before us means this room is not for us; one who came later
// is left out.
func (r *Room) otherVersion(p *rtapi.UserPresence, version string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.earlier[p.GetSessionId()] && r.err == nil {
		r.err = &VersionMismatchError{Username: p.GetUsername(), Theirs: version, Ours: r.c.cfg.ClientVersion}
	}
	if pr, ok := r.peers[p.GetSessionId()]; ok && pr.otherVersion == "" {
		pr.otherVersion = version
		closeMeshes(pr.mesh)
		pr.mesh = nil
	}
}

// signalingLost is called by the pump when the socket closed.
func (r *Room) signalingLost(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sigErr = err
	if !r.playing && r.err == nil {
		r.err = fmt.Errorf("%w: %w", ErrSignalingLost, err)
	}
}

func (r *Room) shutdown() error { return r.leave() }

// Leave closes every link and leaves the room; the client may then enter
// another one. Client.Close leaves too.
func (r *Room) Leave() error {
	err := r.leave()
	r.c.release(r)
	return err
}

func (r *Room) leave() error {
	r.mu.Lock()
	if r.left {
		r.mu.Unlock()
		return nil
	}
	r.left = true
	var meshes []*p2p.Mesh
	for _, pr := range r.peers {
		if pr.mesh != nil {
			meshes = append(meshes, pr.mesh)
		}
	}
	sigErr := r.sigErr
	r.mu.Unlock()
	var wg sync.WaitGroup
	for _, m := range meshes {
		wg.Go(func() { m.Close() })
	}
	wg.Wait()
	if sigErr != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.c.cfg.SignalTimeout)
	defer cancel()
	if err := r.c.sock.LeaveMatch(ctx, r.id); err != nil && !errors.Is(err, signaling.ErrSocketClosed) {
		return fmt.Errorf("leave room: %w", err)
	}
	return nil
}
