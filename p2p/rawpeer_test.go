package p2p_test

import (
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
)

// rawPeer is a bare pion peer connection playing slot 0 against a Mesh:
// it offers whatever channels a test gives it.
type rawPeer struct {
	t   *testing.T
	pc  *webrtc.PeerConnection
	sig p2p.Signaler
}

func (r *rawPeer) HandleSignal(_ int, s p2p.Signal) error {
	switch s.Kind {
	case p2p.SignalAnswer:
		return r.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: s.SDP})
	case p2p.SignalCandidate:
		return r.pc.AddICECandidate(webrtc.ICECandidateInit{Candidate: s.Candidate, SDPMid: &s.SDPMid})
	}
	return nil
}

func (r *rawPeer) HandleRelay(int, []byte) error { return nil }

// TestMeshRefusesUnexpectedChannels has a peer offer a reliable "inputs"
// channel, a proper "control" channel and a channel of its own: the mesh
// closes the first and the last, never counts the link as direct, and
// relays instead.
func TestMeshRefusesUnexpectedChannels(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net := p2ptest.NewNetwork(t, p2ptest.Options{Peers: 2})
		hub := p2ptest.NewHub(2)

		var se webrtc.SettingEngine
		se.SetNet(net.Nets[0])
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
		se.DisableCloseByDTLS(true) // see match.close
		pc, err := webrtc.NewAPI(webrtc.WithSettingEngine(se)).NewPeerConnection(webrtc.Configuration{})
		if err != nil {
			t.Fatal(err)
		}
		raw := &rawPeer{t: t, pc: pc, sig: hub.Signaler(0)}
		hub.Attach(0, raw)
		closed := make(chan string, 4)
		// control is as the mesh wants it; inputs is reliable and ordered,
		// which would stall the game under loss; evil is not ours.
		for _, label := range []string{"inputs", "control", "evil"} {
			dc, err := pc.CreateDataChannel(label, nil)
			if err != nil {
				t.Fatal(err)
			}
			dc.OnClose(func() { closed <- label })
		}
		pc.OnICECandidate(func(c *webrtc.ICECandidate) {
			if c != nil {
				_ = raw.sig.Signal(1, p2p.Signal{Kind: p2p.SignalCandidate, Candidate: c.ToJSON().Candidate, SDPMid: "0"})
			}
		})

		mesh, err := p2p.New(p2p.Config{Slot: 1, Players: 2, Net: net.Nets[1], Logger: testLogger()}, hub.Signaler(1))
		if err != nil {
			t.Fatal(err)
		}
		hub.Attach(1, mesh)
		if err := mesh.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		offer, err := pc.CreateOffer(nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := pc.SetLocalDescription(offer); err != nil {
			t.Fatal(err)
		}
		if err := raw.sig.Signal(1, p2p.Signal{Kind: p2p.SignalOffer, SDP: offer.SDP}); err != nil {
			t.Fatal(err)
		}
		if err := mesh.WaitReady(t.Context()); err != nil {
			t.Fatalf("WaitReady() = %v", err)
		}
		st := mesh.Stats()[0]
		if st.State != p2p.LinkRelay || !errors.Is(st.Reason, p2p.ErrConnectTimeout) {
			t.Errorf("link to the raw peer: state %s (reason %v), want relay after ErrConnectTimeout", st.State, st.Reason)
		}
		got := map[string]bool{}
		for range 2 {
			select {
			case label := <-closed:
				got[label] = true
			case <-time.After(10 * time.Second):
			}
		}
		if !got["inputs"] || !got["evil"] {
			t.Errorf("first closed channels %v, want inputs and evil", got)
		}
		_ = mesh.Close()
		time.Sleep(time.Second) // see match.close
		_ = pc.Close()
	})
}
