package p2ptest

import (
	"errors"
	"fmt"
	"sync"

	"github.com/fishgame/fishgame/p2p"
)

// ErrSignalingDown indicates a Hub whose signaling server was stopped, or a
// peer that vanished from it.
var ErrSignalingDown = errors.New("p2ptest: signaling server unreachable")

// Endpoint receives what a Hub delivers to one slot; *p2p.Mesh is one.
type Endpoint interface {
	HandleSignal(from int, s p2p.Signal) error
	HandleRelay(from int, packet []byte) error
}

// Hub is an in-memory signaling server for the meshes of one match. It
// delivers signals and relayed packets synchronously and in order, like
// Nakama match data addressed to one presence.
type Hub struct {
	mu        sync.Mutex
	endpoints []Endpoint
	down      bool
	gone      []bool
	tamper    func(from, to int, s *p2p.Signal)
	errs      []error
	signals   int
	relayed   int
}

// NewHub returns a hub for a match of players slots.
func NewHub(players int) *Hub {
	return &Hub{endpoints: make([]Endpoint, players), gone: make([]bool, players)}
}

// Attach makes e receive what is sent to slot.
func (h *Hub) Attach(slot int, e Endpoint) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.endpoints[slot] = e
}

// Signaler returns the Signaler for the player in slot.
func (h *Hub) Signaler(slot int) p2p.Signaler { return hubSignaler{h: h, from: slot} }

// Stop takes the signaling server down: from now on every signal and relayed
// packet fails.
func (h *Hub) Stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.down = true
}

// Vanish drops slot from the server: nothing it sends is delivered and
// nothing reaches it.
func (h *Hub) Vanish(slot int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gone[slot] = true
}

// Tamper lets f rewrite every signal before it is delivered, to play a
// malicious or broken peer.
func (h *Hub) Tamper(f func(from, to int, s *p2p.Signal)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tamper = f
}

// Errors returns the errors the endpoints returned for delivered signals
// and relayed packets.
func (h *Hub) Errors() []error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]error(nil), h.errs...)
}

// Counts returns how many signals and relayed packets were delivered.
func (h *Hub) Counts() (signals, relayed int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.signals, h.relayed
}

// route returns the endpoint for a message from one slot to another.
func (h *Hub) route(from, to int) (Endpoint, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if to < 0 || to >= len(h.endpoints) {
		return nil, fmt.Errorf("p2ptest: no slot %d", to)
	}
	if h.down || h.gone[from] || h.gone[to] {
		return nil, ErrSignalingDown
	}
	if h.endpoints[to] == nil {
		return nil, fmt.Errorf("p2ptest: slot %d not attached", to)
	}
	return h.endpoints[to], nil
}

func (h *Hub) record(err error, signal bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if signal {
		h.signals++
	} else {
		h.relayed++
	}
	if err != nil {
		h.errs = append(h.errs, err)
	}
}

type hubSignaler struct {
	h    *Hub
	from int
}

func (s hubSignaler) Signal(peer int, sig p2p.Signal) error {
	e, err := s.h.route(s.from, peer)
	if err != nil {
		return err
	}
	s.h.mu.Lock()
	tamper := s.h.tamper
	s.h.mu.Unlock()
	if tamper != nil {
		tamper(s.from, peer, &sig)
	}
	s.h.record(e.HandleSignal(s.from, sig), true)
	return nil
}

func (s hubSignaler) Relay(peer int, packet []byte) error {
	e, err := s.h.route(s.from, peer)
	if err != nil {
		return err
	}
	// Like a network, the server keeps its own copy.
	s.h.record(e.HandleRelay(s.from, append([]byte(nil), packet...)), false)
	return nil
}
