package lab

import (
	"context"
	"fmt"
	"time"

	"github.com/fishgame/fishgame/rollback"
)

// rollbackTransport is the transport under one peer's session.
type rollbackTransport = rollback.Transport

// play plays cfg's match over net and measures it.
func play(ctx context.Context, cfg Config, net network, progress func(frame int32)) (*Report, error) {
	peers, err := newPeers(cfg, net)
	if err != nil {
		return nil, err
	}
	return playPeers(ctx, cfg, net, peers, progress)
}

// newPeers returns the match's peers by slot, each on its transport of net.
func newPeers(cfg Config, net network) ([]*peer, error) {
	peers := make([]*peer, cfg.Players)
	for i := range peers {
		p, err := newPeer(net.Transport(i), cfg, i)
		if err != nil {
			return nil, err
		}
		peers[i] = p
	}
	for _, p := range peers {
		p.match = peers
	}
	return peers, nil
}

// playPeers plays peers until each has played cfg.Frames or left. progress
// sees peer 0's frame whenever it moves on.
func playPeers(ctx context.Context, cfg Config, net network, peers []*peer, progress func(frame int32)) (*Report, error) {
	lat := newLatency(cfg.Players, cfg.Frames)
	var rtts []time.Duration
	tick := rollback.DefaultFrameDuration
	reports := newDesyncReports(cfg)
	defer reports.close()
	// A match that stalls for good (every link dead) ends after this long.
	limit := time.Duration(cfg.Frames)*tick*4 + 10*time.Second
	// Between ticks every peer, playing or done, handles packets as they
	// arrive: quality reports are answered at once and inputs are stamped
	// when they land, so RTT and input latency are not rounded to ticks.
	receive := func(at time.Duration) {
		for _, p := range peers {
			if !p.left {
				p.receive(at, lat)
			}
		}
	}
	var now time.Duration
	lastProgress := int32(0)
	for {
		done := true
		for _, p := range peers {
			if !p.left && int(p.sess.Frame()) < cfg.Frames {
				done = false
			}
		}
		if done {
			break
		}
		if now > limit {
			return nil, fmt.Errorf("match stuck at frame %d after %v of match time", peers[0].sess.Frame(), now)
		}
		now += tick
		if err := net.Wait(ctx, now, receive); err != nil {
			return partial(ctx, err, cfg, net, peers, now, rtts, lat)
		}
		for _, p := range peers {
			// Each peer acts at the clock's time when its turn comes (later
			// than the tick in real time), so its samples are stamped
			// truly.
			at := net.Now()
			switch {
			case p.left:
				continue
			case int(p.sess.Frame()) >= cfg.Frames:
				// Done: keep answering the others until they are done too.
				p.poll(at)
				continue
			}
			if err := p.step(at, lat); err != nil {
				return nil, err
			}
			rtts = p.newRTTs(cfg.Players, rtts)
		}
		reports.collect(peers)
		if f := peers[0].sess.Frame(); f != lastProgress {
			lastProgress = f
			progress(f)
		}
		if err := ctx.Err(); err != nil {
			return partial(ctx, err, cfg, net, peers, now, rtts, lat)
		}
	}
	rep := newReport(cfg, peers, net.Paths(), now, rtts, lat.samples)
	rep.Link = net.Links()
	return rep, nil
}
