package signaling

import (
	"errors"
	"testing"
	"time"

	"github.com/heroiclabs/nakama-common/rtapi"
)

var (
	alice = &rtapi.UserPresence{UserId: "ua", SessionId: "sa", Username: "alice"}
	bob   = &rtapi.UserPresence{UserId: "ub", SessionId: "sb", Username: "bob"}
	carol = &rtapi.UserPresence{UserId: "uc", SessionId: "sc", Username: "carol"}
	t0    = time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
)

// newTestFilter is alice's filter in a match with bob.
func newTestFilter(t *testing.T) *Filter {
	t.Helper()
	f, err := NewFilter(&rtapi.Match{MatchId: "m.", Self: alice, Presences: []*rtapi.UserPresence{bob}}, "1.0")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func md(from *rtapi.UserPresence, op int64, data []byte) *rtapi.MatchData {
	return &rtapi.MatchData{MatchId: "m.", Presence: from, OpCode: op, Data: data}
}

func must(t *testing.T) func([]byte, error) []byte {
	return func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

func TestFilterAccepts(t *testing.T) {
	hello := must(t)(AppendHello(nil, "1.0"))
	offer, err := SplitDescription(alice.SessionId, 3, "v=0\r\n", 1000)
	if err != nil {
		t.Fatal(err)
	}
	cand := must(t)(AppendCandidate(nil, Candidate{To: alice.SessionId, Candidate: "candidate:1 1 udp 1 10.0.0.1 1 typ host"}))
	byeAll := must(t)(AppendBye(nil, "", ByeLeaving))
	tests := []struct {
		name string
		in   *rtapi.MatchData
		want func(Message) bool
	}{
		{"hello", md(bob, OpHello, hello), func(m Message) bool { return m.ClientVersion == "1.0" }},
		{"offer", md(bob, OpOffer, offer[0]), func(m Message) bool { return m.SDP == "v=0\r\n" && m.DescriptionID == 3 }},
		{"answer", md(bob, OpAnswer, offer[0]), func(m Message) bool { return m.SDP == "v=0\r\n" }},
		{"candidate", md(bob, OpCandidate, cand), func(m Message) bool { return m.Candidate.Candidate != "" }},
		{"bye to all", md(bob, OpBye, byeAll), func(m Message) bool { return m.Reason == ByeLeaving }},
		{"relay", md(bob, OpRelay, []byte{9, 9}), func(m Message) bool { return len(m.Packet) == 2 }},
	}
	for _, tt := range tests {
		f := newTestFilter(t)
		m, ok, err := f.Accept(tt.in, t0)
		if err != nil || !ok || m.Op != tt.in.OpCode || m.From.SessionId != bob.SessionId || !tt.want(m) {
			t.Errorf("%s: Accept = %+v, %v, %v", tt.name, m, ok, err)
		}
	}
}

func TestFilterRejects(t *testing.T) {
	hello := must(t)(AppendHello(nil, "1.0"))
	candForBob := must(t)(AppendCandidate(nil, Candidate{To: bob.SessionId}))
	offerForCarol, _ := SplitDescription(carol.SessionId, 1, "v=0", 1000)
	byeForCarol := must(t)(AppendBye(nil, carol.SessionId, ByeLeaving))
	forged := &rtapi.UserPresence{UserId: "evil", SessionId: bob.SessionId}
	tests := []struct {
		name string
		in   *rtapi.MatchData
		want error
	}{
		{"other match", &rtapi.MatchData{MatchId: "x.", Presence: bob, OpCode: OpHello, Data: hello}, ErrNotMember},
		{"no presence", &rtapi.MatchData{MatchId: "m.", OpCode: OpHello, Data: hello}, ErrNotMember},
		{"from ourselves", md(alice, OpHello, hello), ErrNotMember},
		{"user mismatch", md(forged, OpHello, hello), ErrNotMember},
		{"candidate for bob", md(bob, OpCandidate, candForBob), ErrNotAddressed},
		{"offer for carol", md(bob, OpOffer, offerForCarol[0]), ErrNotAddressed},
		{"bye for carol", md(bob, OpBye, byeForCarol), ErrNotAddressed},
		{"unknown op", md(bob, 99, hello), ErrUnknownOp},
		{"garbage", md(bob, OpCandidate, []byte{7, 7, 7}), ErrMalformed},
		{"old version", md(bob, OpHello, must(t)(AppendHello(nil, "0.9"))), ErrVersionMismatch},
	}
	for _, tt := range tests {
		f := newTestFilter(t)
		_, ok, err := f.Accept(tt.in, t0)
		if ok || !errors.Is(err, tt.want) {
			t.Errorf("%s: Accept = %v, %v; want %v", tt.name, ok, err, tt.want)
		}
	}
	f := newTestFilter(t)
	_, _, err := f.Accept(md(bob, OpHello, must(t)(AppendHello(nil, "0.9"))), t0)
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Local != "1.0" || ve.Remote != "0.9" || ve.Username != "bob" {
		t.Errorf("version mismatch error = %v, want a *VersionError naming bob, 1.0 and 0.9", err)
	}
}

func TestFilterHoldsDataBeforeJoin(t *testing.T) {
	f := newTestFilter(t)
	hello := must(t)(AppendHello(nil, "1.0"))
	relay := []byte{1}
	// carol's data overtakes the presence event announcing her.
	for _, in := range []*rtapi.MatchData{md(carol, OpHello, hello), md(carol, OpRelay, relay)} {
		if _, ok, err := f.Accept(in, t0); ok || err != nil {
			t.Fatalf("Accept before join = %v, %v; want held", ok, err)
		}
	}
	ready := f.Update(&rtapi.MatchPresenceEvent{MatchId: "m.", Joins: []*rtapi.UserPresence{carol}}, t0.Add(time.Second))
	if len(ready) != 2 || ready[0].OpCode != OpHello || ready[1].OpCode != OpRelay {
		t.Fatalf("Update released %v, want carol's hello then relay", ready)
	}
	for _, in := range ready {
		if _, ok, err := f.Accept(in, t0.Add(time.Second)); !ok || err != nil {
			t.Errorf("Accept(released op %d) = %v, %v", in.OpCode, ok, err)
		}
	}
	if got := len(f.Members()); got != 3 {
		t.Errorf("Members = %d, want 3", got)
	}

	// A sender that never joins: held, then expired, bounded meanwhile.
	dave := &rtapi.UserPresence{UserId: "ud", SessionId: "sd"}
	for i := range MaxHeldPerSender {
		if _, _, err := f.Accept(md(dave, OpRelay, relay), t0); err != nil {
			t.Fatalf("hold %d: %v", i, err)
		}
	}
	if _, _, err := f.Accept(md(dave, OpRelay, relay), t0); !errors.Is(err, ErrLimit) {
		t.Errorf("hold beyond the per-sender limit = %v, want ErrLimit", err)
	}
	f.Update(&rtapi.MatchPresenceEvent{MatchId: "m."}, t0.Add(HoldTimeout))
	if _, _, err := f.Accept(md(dave, OpRelay, relay), t0.Add(HoldTimeout)); err != nil {
		t.Errorf("hold after expiry = %v, want room again", err)
	}
	if ready := f.Update(&rtapi.MatchPresenceEvent{MatchId: "m.", Joins: []*rtapi.UserPresence{dave}}, t0.Add(HoldTimeout)); len(ready) != 1 {
		t.Errorf("released %d for dave, want only the one held after expiry", len(ready))
	}
}

func TestFilterLeaves(t *testing.T) {
	f := newTestFilter(t)
	chunks, err := SplitDescription(alice.SessionId, 1, bigSDP(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := f.Accept(md(bob, OpOffer, chunks[0]), t0); ok || err != nil {
		t.Fatalf("first chunk = %v, %v", ok, err)
	}
	f.Update(&rtapi.MatchPresenceEvent{MatchId: "m.", Leaves: []*rtapi.UserPresence{bob}}, t0)
	if f.reasm.Pending() != 0 {
		t.Error("bob's partial offer survived his leave")
	}
	if _, _, err := f.Accept(md(bob, OpRelay, []byte{1}), t0); err != nil {
		t.Errorf("data after leave = %v, want held (it could be a rejoin race), not accepted", err)
	}
	if _, ok := f.Member(bob.SessionId); ok {
		t.Error("bob still a member after leaving")
	}
	// Members are sorted by session id: slots.
	f.Update(&rtapi.MatchPresenceEvent{MatchId: "m.", Joins: []*rtapi.UserPresence{carol, bob}}, t0)
	ms := f.Members()
	if len(ms) != 3 || ms[0].SessionId != "sa" || ms[1].SessionId != "sb" || ms[2].SessionId != "sc" {
		t.Errorf("Members = %v, want sorted by session id", ms)
	}
}

func TestReassembly(t *testing.T) {
	sdp := bigSDP()
	chunks, err := SplitDescription(alice.SessionId, 5, sdp, 700)
	if err != nil {
		t.Fatal(err)
	}
	parse := func(p []byte) DescriptionChunk {
		c, err := ParseDescriptionChunk(p)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Run("out of order with duplicates", func(t *testing.T) {
		var r Reassembler
		order := []int{}
		for i := len(chunks) - 1; i >= 0; i-- {
			order = append(order, i, i) // each twice
		}
		var got string
		var done int
		for _, i := range order {
			s, ok, err := r.Add("sb", OpOffer, parse(chunks[i]), t0)
			if err != nil {
				t.Fatalf("Add(chunk %d) = %v", i, err)
			}
			if ok {
				got, done = s, done+1
			}
		}
		if got != sdp || done != 1 {
			t.Errorf("reassembled %d times, equal %v; want once and equal", done, got == sdp)
		}
		if r.Pending() != 0 {
			t.Errorf("Pending = %d after completion", r.Pending())
		}
	})
	t.Run("contradicting chunk", func(t *testing.T) {
		var r Reassembler
		r.Add("sb", OpOffer, parse(chunks[0]), t0)
		c := parse(chunks[0])
		c.Data = []byte("different")
		if _, _, err := r.Add("sb", OpOffer, c, t0); !errors.Is(err, ErrMalformed) {
			t.Errorf("Add(conflicting chunk) = %v, want ErrMalformed", err)
		}
		c = parse(chunks[1])
		c.Count++
		r.Add("sb", OpOffer, parse(chunks[0]), t0)
		if _, _, err := r.Add("sb", OpOffer, c, t0); !errors.Is(err, ErrMalformed) {
			t.Errorf("Add(other count) = %v, want ErrMalformed", err)
		}
	})
	t.Run("limits and timeout", func(t *testing.T) {
		var r Reassembler
		for id := range uint32(MaxPendingDescriptions) {
			c := parse(chunks[0])
			c.ID = id
			if _, _, err := r.Add("sb", OpOffer, c, t0); err != nil {
				t.Fatal(err)
			}
		}
		c := parse(chunks[0])
		c.ID = 99
		if _, _, err := r.Add("sb", OpOffer, c, t0); !errors.Is(err, ErrLimit) {
			t.Errorf("Add beyond %d pending = %v, want ErrLimit", MaxPendingDescriptions, err)
		}
		if _, _, err := r.Add("sc", OpOffer, c, t0); err != nil {
			t.Errorf("another sender's description = %v, want its own budget", err)
		}
		if _, _, err := r.Add("sb", OpOffer, c, t0.Add(DescriptionTimeout)); err != nil {
			t.Errorf("Add after the timeout = %v, want the stale ones gone", err)
		}
		if r.Pending() != 1 {
			t.Errorf("Pending = %d, want 1", r.Pending())
		}
	})
	t.Run("size limit", func(t *testing.T) {
		var r Reassembler
		big := make([]byte, MaxDescription/2+1)
		for i := range 2 {
			_, _, err := r.Add("sb", OpOffer, DescriptionChunk{To: "sa", ID: 1, Index: i, Count: 3, Data: big}, t0)
			if i == 1 && !errors.Is(err, ErrLimit) {
				t.Errorf("Add past %d bytes = %v, want ErrLimit", MaxDescription, err)
			}
		}
	})
}
