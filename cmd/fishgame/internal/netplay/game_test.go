package netplay_test

import (
	"testing"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/rollback"
)

// TestGameReceiveBetweenTicks plays a direct loopback match at 60 Hz with
// Receive called about every millisecond between ticks: the round trips
// the peers measure are shorter than a tick (handled only at ticks, a round
// trip reads at least one whole tick), and the checksums agree.
func TestGameReceiveBetweenTicks(t *testing.T) {
	e := newEnv(t)
	matches := connected(t, configs(t, e, 2, false), createJoin(2))
	const frames = 150
	games := make([]*netplay.Game, len(matches))
	bots := make([]*bot.Bot, len(matches))
	for i, m := range matches {
		g, err := m.NewGame()
		if err != nil {
			t.Fatal(err)
		}
		games[i], bots[i] = g, bot.New(m.Seed(), i)
	}
	tick := rollback.DefaultFrameDuration
	poll := time.NewTicker(time.Millisecond)
	defer poll.Stop()
	deadline := time.After(testWait)
	start := time.Now()
	next := tick
	for games[0].Frame() < frames || games[1].Frame() < frames {
		select {
		case <-poll.C:
		case <-deadline:
			t.Fatalf("match stuck at frame %d after %v", games[0].Frame(), testWait)
		}
		now := time.Since(start)
		if now < next {
			for _, g := range games {
				g.Receive(now)
			}
			continue
		}
		next += tick
		tickAll(t, games, bots, now, frames)
	}
	for i, g := range games {
		ps, ok := g.PeerStats(1 - i)
		switch {
		case !ok || ps.RTTSamples == 0:
			t.Errorf("slot %d: no RTT measured of its peer: %+v", i, ps)
		case ps.RTT >= tick:
			t.Errorf("slot %d: RTT %v, want under a tick (%v) on loopback with Receive between ticks", i, ps.RTT, tick)
		}
	}
	confirmed := min(games[0].Stats().ConfirmedFrame, games[1].Stats().ConfirmedFrame)
	a, ok0 := games[0].ChecksumAt(confirmed)
	b, ok1 := games[1].ChecksumAt(confirmed)
	if confirmed < frames/2 || !ok0 || !ok1 || a != b {
		t.Errorf("confirmed frame %d: checksums %#x (%v), %#x (%v); want equal", confirmed, a, ok0, b, ok1)
	}
}

// TestClientVersionTracksWireVersion is a tripwire: the matchmaker and the
// hello match players on ClientVersion only, so a new rollback wire format
// must come with a new client version, or players of both builds would be
// matched and then drop each other's every packet.
func TestClientVersionTracksWireVersion(t *testing.T) {
	const wire, client = 2, "0.2.0"
	if rollback.WireVersion != wire || netplay.ClientVersion != client {
		t.Errorf("rollback.WireVersion %d, ClientVersion %q: bump ClientVersion with the wire version, then update this test (was %d, %q)",
			rollback.WireVersion, netplay.ClientVersion, wire, client)
	}
}
