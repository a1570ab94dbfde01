package signaling

import (
	"testing"

	"github.com/heroiclabs/nakama-common/rtapi"
)

// The relay path runs once per frame per peer in relay mode: encoding a
// match_data_send and, on the other side, decoding the match_data frame and
// filtering it.

func BenchmarkRelayEncode(b *testing.B) {
	packet := make([]byte, 64)
	to := []*rtapi.UserPresence{bob}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := marshalOpts.Marshal(matchDataEnvelope("0b8e4a6c-4d6f-4bb6-9d5d-0a5c8a1d2e3f.", OpRelay, packet, to)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRelayDecodeAndFilter(b *testing.B) {
	frame, err := marshalOpts.Marshal(&rtapi.Envelope{Message: &rtapi.Envelope_MatchData{MatchData: md(bob, OpRelay, make([]byte, 64))}})
	if err != nil {
		b.Fatal(err)
	}
	f, err := NewFilter(&rtapi.Match{MatchId: "m.", Self: alice, Presences: []*rtapi.UserPresence{bob}}, "1.0")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		env := new(rtapi.Envelope)
		if err := unmarshalOpts.Unmarshal(frame, env); err != nil {
			b.Fatal(err)
		}
		if _, ok, err := f.Accept(env.GetMatchData(), t0); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkCandidateRoundTrip(b *testing.B) {
	c := Candidate{To: testSession, Candidate: "candidate:842163049 1 udp 1677729535 203.0.113.7 61495 typ srflx raddr 0.0.0.0 rport 0",
		SDPMid: ptr("0"), SDPMLineIndex: ptr[uint16](0)}
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		p, err := AppendCandidate(buf[:0], c)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ParseCandidate(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDescriptionSplitAndReassemble(b *testing.B) {
	sdp := bigSDP()
	b.ReportAllocs()
	for b.Loop() {
		chunks, err := SplitDescription(alice.SessionId, 1, sdp, 2900)
		if err != nil {
			b.Fatal(err)
		}
		var r Reassembler
		for _, p := range chunks {
			c, err := ParseDescriptionChunk(p)
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := r.Add("sb", OpOffer, c, t0); err != nil {
				b.Fatal(err)
			}
		}
	}
}
