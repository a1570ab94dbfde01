package netplay

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/signaling"
	"github.com/heroiclabs/nakama-common/rtapi"
)

// signaler carries a mesh's signals and relayed packets as Nakama match
// data, addressed to the member in the peer's slot.
type signaler struct {
	sock    *signaling.Socket
	matchID string
	members []*rtapi.UserPresence // by slot
	timeout time.Duration

	mu  sync.Mutex
	ids [p2p.MaxPlayers]uint32 // descriptions sent per peer
}

func (s *signaler) member(peer int) (*rtapi.UserPresence, error) {
	if peer < 0 || peer >= len(s.members) {
		return nil, fmt.Errorf("%w: slot %d", p2p.ErrUnknownPeer, peer)
	}
	return s.members[peer], nil
}

// Signal implements p2p.Signaler.
func (s *signaler) Signal(peer int, sig p2p.Signal) error {
	to, err := s.member(peer)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	switch sig.Kind {
	case p2p.SignalOffer, p2p.SignalAnswer:
		op := signaling.OpOffer
		if sig.Kind == p2p.SignalAnswer {
			op = signaling.OpAnswer
		}
		s.mu.Lock()
		s.ids[peer]++
		id := s.ids[peer]
		s.mu.Unlock()
		return s.sock.SendDescription(ctx, s.matchID, op, to, id, sig.SDP)
	case p2p.SignalCandidate:
		c := signaling.Candidate{Candidate: sig.Candidate}
		if sig.SDPMid != "" {
			c.SDPMid = &sig.SDPMid
		}
		idx := sig.SDPMLineIndex
		c.SDPMLineIndex = &idx
		if sig.UsernameFragment != "" {
			c.UsernameFragment = &sig.UsernameFragment
		}
		return s.sock.SendCandidate(ctx, s.matchID, to, c)
	case p2p.SignalBye:
		return s.sock.SendBye(ctx, s.matchID, signaling.ByeLeaving, to)
	}
	return fmt.Errorf("signal kind %d: %w", sig.Kind, p2p.ErrBadSignal)
}

// Relay implements p2p.Signaler.
func (s *signaler) Relay(peer int, packet []byte) error {
	to, err := s.member(peer)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	return s.sock.SendRelay(ctx, s.matchID, to, packet)
}

// deliver hands an accepted signaling message from slot to the mesh.
func deliver(mesh *p2p.Mesh, slot int, msg signaling.Message) error {
	switch msg.Op {
	case signaling.OpOffer:
		return mesh.HandleSignal(slot, p2p.Signal{Kind: p2p.SignalOffer, SDP: msg.SDP})
	case signaling.OpAnswer:
		return mesh.HandleSignal(slot, p2p.Signal{Kind: p2p.SignalAnswer, SDP: msg.SDP})
	case signaling.OpCandidate:
		c := msg.Candidate
		sig := p2p.Signal{Kind: p2p.SignalCandidate, Candidate: c.Candidate}
		if c.SDPMid != nil {
			sig.SDPMid = *c.SDPMid
		}
		if c.SDPMLineIndex != nil {
			sig.SDPMLineIndex = *c.SDPMLineIndex
		}
		if c.UsernameFragment != nil {
			sig.UsernameFragment = *c.UsernameFragment
		}
		return mesh.HandleSignal(slot, sig)
	case signaling.OpBye:
		return mesh.HandleSignal(slot, p2p.Signal{Kind: p2p.SignalBye})
	case signaling.OpRelay:
		return mesh.HandleRelay(slot, msg.Packet)
	}
	return fmt.Errorf("op code %d: %w", msg.Op, signaling.ErrUnknownOp)
}
