package lab

import (
	"fmt"
	"log/slog"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/desync"
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// desyncReports writes the desync report of each peer's first desync, as
// a client would, into cfg.DesyncDir. Every peer runs in this process, so
// each report holds both sides directly: the remote peer's state at the
// frame and its replay prefix. Reports are written off the match loop by a
// desync.Writer, started at the first report.
type desyncReports struct {
	cfg     Config
	log     *slog.Logger
	w       *desync.Writer
	handled [game.MaxPlayers]int // events of each peer looked at
	written [game.MaxPlayers]bool
}

func newDesyncReports(cfg Config) *desyncReports {
	return &desyncReports{cfg: cfg, log: cfg.log()}
}

// collect reports the first desync of every peer that saw one since the
// last call.
func (d *desyncReports) collect(peers []*peer) {
	if d.cfg.DesyncDir == "" {
		return
	}
	for i, p := range peers {
		for ; d.handled[i] < len(p.desyncs); d.handled[i]++ {
			if d.written[i] {
				continue
			}
			d.written[i] = true
			if err := d.report(peers, p, p.desyncs[d.handled[i]]); err != nil {
				d.log.Error("desync report not made", "slot", p.slot, "frame", p.desyncs[d.handled[i]].Frame, "err", err)
			}
		}
	}
}

// report builds p's report of ev with the remote peer's side and hands it
// to the writer.
func (d *desyncReports) report(peers []*peer, p *peer, ev rollback.Event) error {
	state, _, ok := p.sess.Snapshot(ev.Frame)
	if !ok {
		return fmt.Errorf("no snapshot of frame %d", ev.Frame)
	}
	players := make([]string, len(peers))
	for i := range players {
		players[i] = fmt.Sprintf("bot P%d", i+1)
	}
	m := desync.Match{ID: fmt.Sprintf("lab-%s-seed%d", d.cfg.Transport, d.cfg.Seed), Players: players, Slot: p.slot}
	r, err := desync.NewReport(m, p.rec, ev, &state)
	if err != nil {
		return err
	}
	if ev.Peer < 0 || ev.Peer >= len(peers) {
		return fmt.Errorf("desync with peer %d of %d", ev.Peer, len(peers))
	}
	if side, ok := remoteSide(peers[ev.Peer], ev); ok {
		if err := r.AttachRemote(side); err != nil {
			return err
		}
	} else {
		d.log.Warn("desync report without the remote side: its snapshot is gone", "slot", p.slot, "remote", ev.Peer, "frame", ev.Frame)
	}
	if d.w == nil {
		d.w = desync.NewWriter(d.cfg.DesyncDir, len(peers), d.log)
	}
	d.w.Submit(r)
	return nil
}

// remoteSide is q's side of ev: its state at the frame, if it still has
// it with the checksum it sent, and its replay prefix, if recorded.
func remoteSide(q *peer, ev rollback.Event) (desync.Side, bool) {
	state, sum, ok := q.sess.Snapshot(ev.Frame)
	if !ok || sum != ev.Remote {
		return desync.Side{}, false
	}
	enc, _ := state.AppendBinary(make([]byte, 0, game.StateEncodingSize))
	side := desync.Side{Slot: q.slot, Checksum: sum, State: enc}
	if prefix, err := q.rec.Prefix(ev.Frame); err == nil {
		side.Replay = prefix
	}
	return side, true
}

// close waits until every report is written.
func (d *desyncReports) close() {
	if d.w != nil {
		d.w.Close()
	}
}
