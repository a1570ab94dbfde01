package p2p_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
	"github.com/pion/webrtc/v4"
)

func TestNewRejectsBadConfig(t *testing.T) {
	hub := p2ptest.NewHub(4)
	tests := []struct {
		name string
		cfg  p2p.Config
	}{
		{"one player", p2p.Config{Slot: 0, Players: 1}},
		{"five players", p2p.Config{Slot: 0, Players: 5}},
		{"slot beyond players", p2p.Config{Slot: 2, Players: 2}},
		{"negative slot", p2p.Config{Slot: -1, Players: 2}},
		{"negative timeout", p2p.Config{Slot: 0, Players: 2, ConnectTimeout: -time.Second}},
		{"negative queue", p2p.Config{Slot: 0, Players: 2, QueueSize: -1}},
		{"ICE URL that crashes pion's parser", p2p.Config{Slot: 0, Players: 2, ICEServers: []webrtc.ICEServer{{URLs: []string{"turns:[::1]_x:5349"}}}}},
		{"ICE URL of another scheme", p2p.Config{Slot: 0, Players: 2, ICEServers: []webrtc.ICEServer{{URLs: []string{"http://example.com"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := p2p.New(tt.cfg, hub.Signaler(0))
			if !errors.Is(err, p2p.ErrBadConfig) {
				if m != nil {
					_ = m.Close()
				}
				t.Fatalf("New(%+v) = %v, want ErrBadConfig", tt.cfg, err)
			}
		})
	}
	if _, err := p2p.New(p2p.Config{Slot: 0, Players: 2}, nil); !errors.Is(err, p2p.ErrBadConfig) {
		t.Errorf("New(nil signaler) = %v, want ErrBadConfig", err)
	}
}

func TestMeshRefusesPeersOutsideTheMatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 2}, nil)
		mesh := m.meshes[0]
		for _, from := range []int{-1, 0, 2, 3, 1 << 20} {
			if err := mesh.HandleSignal(from, p2p.Signal{Kind: p2p.SignalOffer, SDP: "v=0"}); !errors.Is(err, p2p.ErrUnknownPeer) {
				t.Errorf("HandleSignal(from %d) = %v, want ErrUnknownPeer", from, err)
			}
			if err := mesh.HandleRelay(from, []byte("Ihello")); !errors.Is(err, p2p.ErrUnknownPeer) {
				t.Errorf("HandleRelay(from %d) = %v, want ErrUnknownPeer", from, err)
			}
			if err := mesh.SendControl(from, []byte("hi")); !errors.Is(err, p2p.ErrUnknownPeer) {
				t.Errorf("SendControl(%d) = %v, want ErrUnknownPeer", from, err)
			}
			mesh.Send(from, []byte("dropped")) // must not panic
		}
		for _, pkt := range [][]byte{nil, {}, []byte("Xhello"), append([]byte("I"), make([]byte, p2p.MaxMessageSize+1)...)} {
			if err := mesh.HandleRelay(1, pkt); err == nil {
				t.Errorf("HandleRelay(1, %.8q) = nil, want an error", pkt)
			}
		}
		// A wrong-direction signal is refused without hurting the link.
		if err := mesh.HandleSignal(1, p2p.Signal{Kind: p2p.SignalOffer, SDP: "v=0"}); !errors.Is(err, p2p.ErrUnexpectedSignal) {
			t.Errorf("HandleSignal(offer from the answering side) = %v, want ErrUnexpectedSignal", err)
		}
		if err := mesh.HandleSignal(1, p2p.Signal{Kind: 99}); !errors.Is(err, p2p.ErrBadSignal) {
			t.Errorf("HandleSignal(kind 99) = %v, want ErrBadSignal", err)
		}
		m.waitReady(t)
		if _, pkt, ok := mesh.Receive(); ok {
			t.Errorf("Receive() = %q after refused packets, want nothing", pkt)
		}
	})
}

// TestMeshBadSignalFailsOnlyThatPair corrupts what one peer signals to
// another in a 3-player match: that pair relays, with a clear reason, and
// the other pairs connect directly.
func TestMeshBadSignalFailsOnlyThatPair(t *testing.T) {
	fingerprint := regexp.MustCompile(`(a=fingerprint:sha-256 )([0-9A-F]{2})`)
	tests := []struct {
		name   string
		tamper func(s *p2p.Signal)
		want   error
	}{
		{"garbage offer", func(s *p2p.Signal) {
			if s.Kind == p2p.SignalOffer {
				s.SDP = "this is not SDP"
			}
		}, p2p.ErrBadSignal},
		{"oversized offer", func(s *p2p.Signal) {
			if s.Kind == p2p.SignalOffer {
				s.SDP += strings.Repeat("a=x\r\n", 10000)
			}
		}, p2p.ErrBadSignal},
		{"garbage candidate", func(s *p2p.Signal) {
			if s.Kind == p2p.SignalCandidate {
				s.Candidate = "candidate:1 1 udp not-a-priority 1.2.3.4 x typ host"
			}
		}, p2p.ErrBadSignal},
		{"forged DTLS fingerprint", func(s *p2p.Signal) {
			if s.Kind == p2p.SignalOffer {
				s.SDP = fingerprint.ReplaceAllStringFunc(s.SDP, func(m string) string {
					if strings.HasSuffix(m, "00") {
						return m[:len(m)-2] + "11"
					}
					return m[:len(m)-2] + "00"
				})
			}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				m := newMatch(t, p2ptest.Options{Peers: 3}, nil, func(m *match) {
					m.hub.Tamper(func(from, to int, s *p2p.Signal) {
						if from == 0 && to == 2 || from == 2 && to == 0 {
							tt.tamper(s)
						}
					})
				})
				m.waitReady(t)
				if took := time.Since(start); took > 5*time.Second {
					t.Errorf("links settled after %v, want within the 5s connect timeout", took)
				}
				for _, mesh := range m.meshes {
					for _, st := range mesh.Stats() {
						bad := mesh.Slot()+st.Peer == 2 // the 0–2 pair
						if bad && st.State != p2p.LinkRelay || !bad && st.State != p2p.LinkDirect {
							t.Errorf("slot %d → peer %d: state %s (reason %v), want relay only between 0 and 2",
								mesh.Slot(), st.Peer, st.State, st.Reason)
						}
						if bad && st.Reason == nil {
							t.Errorf("slot %d → peer %d relays without a reason", mesh.Slot(), st.Peer)
						}
					}
				}
				if tt.want != nil {
					found := false
					for _, err := range m.hub.Errors() {
						found = found || errors.Is(err, tt.want)
					}
					if !found {
						t.Errorf("hub saw errors %v, want one wrapping %v", m.hub.Errors(), tt.want)
					}
				}
				wantAll(t, m.exchange(t, 50), 50)
			})
		})
	}
}
