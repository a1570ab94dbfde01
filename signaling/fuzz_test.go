package signaling

import (
	"bytes"
	"log/slog"
	"testing"
	"time"

	"github.com/heroiclabs/nakama-common/rtapi"
)

func FuzzParseHello(f *testing.F) {
	for _, v := range []string{"1.0", "dev", "1.2.3_rc1"} {
		p, _ := AppendHello(nil, v)
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		v, err := ParseHello(p)
		if err != nil {
			return
		}
		q, err := AppendHello(nil, v)
		if err != nil || !bytes.Equal(p, q) {
			t.Errorf("ParseHello(% x) = %q, which encodes back as % x, %v", p, v, q, err)
		}
	})
}

func FuzzParseDescriptionChunk(f *testing.F) {
	chunks, _ := SplitDescription(testSession, 9, bigSDP(), 1000)
	for _, c := range chunks {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		c, err := ParseDescriptionChunk(p)
		if err != nil {
			return
		}
		if c.Index >= c.Count || c.Count > MaxChunks || len(c.Data) == 0 || c.To == "" {
			t.Errorf("ParseDescriptionChunk(% x) = %+v, out of bounds", p, c)
		}
		var r Reassembler
		r.Add("s", OpOffer, c, t0)
	})
}

func FuzzParseCandidate(f *testing.F) {
	for _, c := range []Candidate{
		{To: testSession, Candidate: "candidate:1 1 udp 2130706431 10.0.0.2 50000 typ host", SDPMid: ptr("0"), SDPMLineIndex: ptr[uint16](0)},
		{To: testSession, UsernameFragment: ptr("abcd")},
	} {
		p, _ := AppendCandidate(nil, c)
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		c, err := ParseCandidate(p)
		if err != nil {
			return
		}
		q, err := AppendCandidate(nil, c)
		if err != nil || !bytes.Equal(p, q) {
			t.Errorf("ParseCandidate(% x) = %s, which encodes back as % x, %v", p, candidateString(c), q, err)
		}
	})
}

func FuzzParseBye(f *testing.F) {
	p, _ := AppendBye(nil, testSession, ByeFailed)
	f.Add(p)
	p, _ = AppendBye(nil, "", ByeLeaving)
	f.Add(p)
	f.Fuzz(func(t *testing.T, p []byte) {
		to, r, err := ParseBye(p)
		if err != nil {
			return
		}
		q, err := AppendBye(nil, to, r)
		if err != nil || !bytes.Equal(p, q) {
			t.Errorf("ParseBye(% x) = %q %v, which encodes back as % x, %v", p, to, r, q, err)
		}
	})
}

// FuzzFilterAccept feeds arbitrary match data from a member and a stranger
// through a filter.
func FuzzFilterAccept(f *testing.F) {
	hello, _ := AppendHello(nil, "1.0")
	f.Add(OpHello, hello, false)
	offer, _ := SplitDescription(alice.SessionId, 1, bigSDP(), 900)
	for _, c := range offer {
		f.Add(OpOffer, c, false)
	}
	cand, _ := AppendCandidate(nil, Candidate{To: alice.SessionId, Candidate: "candidate:1"})
	f.Add(OpCandidate, cand, true)
	bye, _ := AppendBye(nil, alice.SessionId, ByeLeaving)
	f.Add(OpBye, bye, false)
	f.Add(OpRelay, []byte{1, 2, 3}, true)
	f.Fuzz(func(t *testing.T, op int64, data []byte, stranger bool) {
		flt, err := NewFilter(&rtapi.Match{MatchId: "m.", Self: alice, Presences: []*rtapi.UserPresence{bob}}, "1.0")
		if err != nil {
			t.Fatal(err)
		}
		from := bob
		if stranger {
			from = carol
		}
		for i := range 3 { // repeated, as a hostile peer would
			m, ok, err := flt.Accept(md(from, op, data), t0.Add(time.Duration(i)*time.Second))
			if ok && (err != nil || m.From != from || m.Op != op) {
				t.Errorf("Accept = %+v, %v, %v", m, ok, err)
			}
		}
		for _, md := range flt.Update(&rtapi.MatchPresenceEvent{MatchId: "m.", Joins: []*rtapi.UserPresence{carol}}, t0) {
			flt.Accept(md, t0)
		}
	})
}

// FuzzSocketFrame feeds arbitrary server frames through the socket's decoder
// and dispatcher.
func FuzzSocketFrame(f *testing.F) {
	for _, s := range []string{
		`{"cid":"1","pong":{}}`,
		`{"match_data":{"match_id":"m.","presence":{"user_id":"u","session_id":"s"},"op_code":"6","data":"AQID"}}`,
		`{"match_presence_event":{"match_id":"m.","joins":[{"user_id":"u","session_id":"s","username":"x"}]}}`,
		`{"matchmaker_matched":{"ticket":"t","token":"x","users":[{"presence":{"session_id":"s"}}]}}`,
		`{"cid":"2","error":{"code":4,"message":"Match not found","context":{"a":"b"}}}`,
		`{"cid":"3"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		c := &Client{log: slog.New(slog.DiscardHandler)}
		s := &Socket{sess: &Session{c: c}, cfg: SocketConfig{}.withDefaults(),
			events: make(chan *rtapi.Envelope, 4), closing: make(chan struct{}),
			pending: map[string]chan *rtapi.Envelope{"1": make(chan *rtapi.Envelope, 1), "2": make(chan *rtapi.Envelope, 1)}}
		env := new(rtapi.Envelope)
		if err := unmarshalOpts.Unmarshal(frame, env); err != nil {
			return
		}
		close(s.closing) // never wait for a consumer
		s.dispatch(env)
	})
}

func FuzzParseToken(f *testing.F) {
	srv := newFakeNakama(&testing.T{}, func() time.Time { return t0 })
	f.Add(srv.mint("00000001-0000-4000-8000-000000000000", "tid", time.Minute))
	f.Add("a.b.c")
	f.Add("eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ4In0.x")
	f.Fuzz(func(t *testing.T, raw string) {
		tok, err := parseToken(raw, t0)
		if err != nil {
			return
		}
		if tok.claims.UserID == "" || tok.claims.ExpiresAt == nil {
			t.Errorf("parseToken(%q) accepted a token without uid or exp", raw)
		}
		tok.stale(t0)
	})
}

func FuzzParseErrorBody(f *testing.F) {
	f.Add([]byte(`{"code":16,"message":"Auth token invalid"}`))
	f.Add([]byte(`{"error":"x","code":5}`))
	f.Add([]byte("<html>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		e := parseErrorBody("op", 400, body, true)
		if e.Error() == "" || e.Status != 400 {
			t.Errorf("parseErrorBody(%q) = %+v", body, e)
		}
	})
}
