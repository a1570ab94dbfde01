package lab

import (
	"fmt"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/desync"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/rollback"
)

// peer is one player's machine in a lab match: a rollback session, the
// game state it drives, the bot that plays it and the figures it collects.
// It knows nothing of the transport under the session.
type peer struct {
	slot  int
	sess  *rollback.P2PSession[game.State]
	state game.State
	bot   *bot.Bot
	input []byte
	wait  int

	sums netplay.Checksums
	rec  *desync.Recorder // every confirmed frame, for desync reports; nil without them
	// perturb, when set, changes every state the simulation steps to.
	perturb func(*game.State)

	seen    [game.MaxPlayers]int32
	rttSeen [game.MaxPlayers]uint64
	desyncs []rollback.Event

	// match is every peer of the match by slot, p included.
	match []*peer
	// links follows each remote peer's link; drops are the players this
	// session dropped.
	links [game.MaxPlayers]linkWatch
	drops []Disconnect
	// left is set once p said goodbye; it plays no more.
	left bool
}

func newPeer(t rollback.Transport, cfg Config, slot int) (*peer, error) {
	owners := make([]int, cfg.Players)
	for i := range owners {
		owners[i] = i
	}
	sess, err := rollback.NewP2P[game.State](t, owners, slot, rollback.WithInputDelay(cfg.InputDelay))
	if err != nil {
		return nil, err
	}
	gc := game.Config{Players: cfg.Players, Seed: cfg.Seed}
	st, err := game.New(gc)
	if err != nil {
		return nil, err
	}
	p := &peer{slot: slot, sess: sess, state: st, bot: bot.New(cfg.Seed, slot), input: make([]byte, 1)}
	if cfg.DesyncDir != "" {
		if p.rec, err = desync.NewRecorder(gc); err != nil {
			return nil, err
		}
	}
	if cfg.perturb != nil {
		p.perturb = func(s *game.State) { cfg.perturb(slot, s) }
	}
	for i := range p.seen {
		p.seen[i] = -1
	}
	return p, nil
}

// receive handles the packets that arrived since the last call, between
// ticks: quality reports are answered at once, and remote inputs that are
// new here go to lat with their arrival time now.
func (p *peer) receive(now time.Duration, lat *latency) {
	p.sess.Receive(now)
	p.noteArrivals(now, lat)
	p.watchLinks(now, p.match)
}

// poll keeps a peer that is done playing answering the others at now.
func (p *peer) poll(now time.Duration) {
	p.sess.Poll(now)
	p.watchLinks(now, p.match)
	p.drainEvents()
}

// leave says goodbye to the other peers at now; p plays no more.
func (p *peer) leave(now time.Duration) {
	p.sess.Leave(now)
	p.left = true
}

// step runs one 60 Hz tick at now: it waits (polling the network) if time
// sync asked for it, or samples the bot and advances. Input sample times go
// to lat, which also receives the latency of every remote input first seen.
func (p *peer) step(now time.Duration, lat *latency) error {
	if p.wait > 0 {
		p.wait--
		p.sess.Poll(now)
	} else {
		p.input[0] = byte(p.bot.Input(&p.state))
		reqs, err := p.sess.AdvanceFrame(now, p.input)
		if err != nil {
			return fmt.Errorf("player %d: %w", p.slot, err)
		}
		for _, r := range reqs {
			netplay.Execute(&p.state, &p.sums, r)
			if p.perturb != nil && r.Kind == rollback.RequestAdvance {
				p.perturb(&p.state)
			}
		}
		if len(reqs) > 0 && reqs[len(reqs)-1].Kind == rollback.RequestAdvance {
			lat.sampled(p.slot, p.sess.PlayerConfirmed(p.slot), now)
		}
	}
	p.noteArrivals(now, lat)
	p.watchLinks(now, p.match)
	p.drainEvents()
	return nil
}

// noteArrivals gives lat the latency of every remote input first known here
// at now.
func (p *peer) noteArrivals(now time.Duration, lat *latency) {
	for q := range p.seen {
		if q == p.slot || q >= len(lat.at) {
			continue
		}
		c := p.sess.PlayerConfirmed(q)
		for f := p.seen[q] + 1; f <= c; f++ {
			lat.received(q, f, now)
		}
		p.seen[q] = max(p.seen[q], c)
	}
}

// drainEvents takes the session's pending events: time-sync advice is
// followed, desyncs are kept for the report and agreed disconnect frames
// noted.
func (p *peer) drainEvents() {
	if p.rec != nil { // record the frames confirmed since the last call
		p.rec.Pull(p.sess)
	}
	for {
		e, ok := p.sess.PollEvent()
		if !ok {
			break
		}
		switch e.Kind {
		case rollback.EventTimeSync:
			p.wait = e.Wait
		case rollback.EventDesync:
			p.desyncs = append(p.desyncs, e)
		case rollback.EventDisconnected:
			if e.Player >= 0 {
				p.agreed(e.Player, e.Frame)
			}
		}
	}
}

// newRTTs appends the round-trip samples measured since the last call.
func (p *peer) newRTTs(peers int, out []time.Duration) []time.Duration {
	for q := range peers {
		if st, ok := p.sess.PeerStats(q); ok && st.RTTSamples > p.rttSeen[q] {
			p.rttSeen[q] = st.RTTSamples
			out = append(out, st.LastRTT)
		}
	}
	return out
}

// latency measures input latency: when a player's input for a frame was
// sampled, and when each other peer first had it.
type latency struct {
	at      [][]time.Duration
	samples []time.Duration
}

func newLatency(players, frames int) *latency {
	l := &latency{at: make([][]time.Duration, players)}
	for i := range l.at {
		l.at[i] = make([]time.Duration, frames+2*rollback.MaxInputDelay+2)
		for f := range l.at[i] {
			l.at[i][f] = -1
		}
	}
	return l
}

func (l *latency) sampled(player int, frame int32, now time.Duration) {
	if frame >= 0 && int(frame) < len(l.at[player]) {
		l.at[player][frame] = now
	}
}

func (l *latency) received(player int, frame int32, now time.Duration) {
	if frame >= 0 && int(frame) < len(l.at[player]) && l.at[player][frame] >= 0 {
		l.samples = append(l.samples, now-l.at[player][frame])
	}
}
