package signaling

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/heroiclabs/nakama-common/rtapi"
)

func ptr[T any](v T) *T { return &v }

const testSession = "9d2f3c3e-5a4b-4c1d-8e7f-0123456789ab"

// bigSDP builds a non-trickle data-channel offer with many host, srflx and
// relay candidates, like pion's after gathering completes: about 6 KB.
func bigSDP() string {
	var b strings.Builder
	b.WriteString("v=0\r\no=- 4215775240449105457 1732412345 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n")
	b.WriteString("a=fingerprint:sha-256 0F:74:31:25:CB:A2:13:EC:28:6F:6D:2C:61:FF:5D:C2:BC:B9:DB:3D:98:14:8D:1A:BB:EA:33:0C:A4:60:A8:8E\r\n")
	b.WriteString("a=extmap-allow-mixed\r\na=group:BUNDLE 0\r\n")
	b.WriteString("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n")
	b.WriteString("a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=sctp-port:5000\r\n")
	b.WriteString("a=ice-ufrag:TeOqhHnLxVeSCXbA\r\na=ice-pwd:wnmNXUfJcZQzbtLzBHQgDlJNTxIcEGLv\r\n")
	for i := range 48 {
		fmt.Fprintf(&b, "a=candidate:%d 1 udp %d 192.168.%d.%d %d typ host\r\n", 1000000000+i, 2130706431-i, i/8, i+10, 50000+i)
	}
	b.WriteString("a=end-of-candidates\r\n")
	return b.String()
}

func TestHelloRoundTrip(t *testing.T) {
	p, err := AppendHello(nil, "1.2.0")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ParseHello(p); err != nil || got != "1.2.0" {
		t.Errorf("ParseHello(AppendHello(1.2.0)) = %q, %v", got, err)
	}
	if _, err := AppendHello(nil, ""); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("AppendHello(empty) = %v, want ErrInvalidArgument", err)
	}
}

func TestParseStrict(t *testing.T) {
	hello, _ := AppendHello(nil, "1.0")
	chunks, _ := SplitDescription(testSession, 7, "v=0\r\n", 3000)
	cand, _ := AppendCandidate(nil, Candidate{To: testSession, Candidate: "candidate:1 1 udp 1 10.0.0.1 5000 typ host", SDPMid: ptr("0")})
	bye, _ := AppendBye(nil, testSession, ByeLeaving)
	withVersion := func(p []byte, v byte) []byte { q := bytes.Clone(p); q[0] = v; return q }
	tests := []struct {
		name  string
		parse func([]byte) error
		in    []byte
	}{
		{"hello empty", func(p []byte) error { _, err := ParseHello(p); return err }, nil},
		{"hello version 2", func(p []byte) error { _, err := ParseHello(p); return err }, withVersion(hello, 2)},
		{"hello truncated", func(p []byte) error { _, err := ParseHello(p); return err }, hello[:len(hello)-1]},
		{"hello trailing", func(p []byte) error { _, err := ParseHello(p); return err }, append(bytes.Clone(hello), 0)},
		{"hello empty version", func(p []byte) error { _, err := ParseHello(p); return err }, []byte{1, 0}},
		{"hello not utf-8", func(p []byte) error { _, err := ParseHello(p); return err }, []byte{1, 2, 0xff, 0xfe}},
		{"chunk index", func(p []byte) error { _, err := ParseDescriptionChunk(p); return err }, func() []byte {
			q := bytes.Clone(chunks[0])
			q[2+len(testSession)+4] = 1 // index 1 of 1
			return q
		}()},
		{"chunk count 0", func(p []byte) error { _, err := ParseDescriptionChunk(p); return err }, func() []byte {
			q := bytes.Clone(chunks[0])
			q[2+len(testSession)+5] = 0
			return q
		}()},
		{"chunk count 33", func(p []byte) error { _, err := ParseDescriptionChunk(p); return err }, func() []byte {
			q := bytes.Clone(chunks[0])
			q[2+len(testSession)+5] = 33
			return q
		}()},
		{"chunk empty", func(p []byte) error { _, err := ParseDescriptionChunk(p); return err }, chunks[0][:2+len(testSession)+6]},
		{"chunk no recipient", func(p []byte) error { _, err := ParseDescriptionChunk(p); return err }, []byte{1, 0, 0, 0, 0, 0, 0, 1, 'v'}},
		{"candidate flags", func(p []byte) error { _, err := ParseCandidate(p); return err }, func() []byte {
			q := bytes.Clone(cand)
			q[2+len(testSession)] |= 0x80
			return q
		}()},
		{"candidate truncated mid", func(p []byte) error { _, err := ParseCandidate(p); return err }, cand[:2+len(testSession)+2]},
		{"candidate too long", func(p []byte) error { _, err := ParseCandidate(p); return err }, append(bytes.Clone(cand), make([]byte, MaxCandidate)...)},
		{"bye reason", func(p []byte) error { _, _, err := ParseBye(p); return err }, append(bytes.Clone(bye[:len(bye)-1]), 9)},
		{"bye trailing", func(p []byte) error { _, _, err := ParseBye(p); return err }, append(bytes.Clone(bye), 1)},
		{"relay empty", func(p []byte) error { _, err := ParseRelay(p); return err }, nil},
		{"relay huge", func(p []byte) error { _, err := ParseRelay(p); return err }, make([]byte, MaxRelayPacket+1)},
	}
	for _, tt := range tests {
		if err := tt.parse(tt.in); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: parse(% x) = %v, want ErrMalformed", tt.name, tt.in, err)
		}
	}
}

func TestCandidateRoundTrip(t *testing.T) {
	tests := []Candidate{
		{To: testSession, Candidate: "candidate:842163049 1 udp 1677729535 203.0.113.7 61495 typ srflx raddr 0.0.0.0 rport 0 generation 0",
			SDPMid: ptr("0"), SDPMLineIndex: ptr[uint16](0), UsernameFragment: ptr("TeOqhHnLxVeSCXbA")},
		{To: testSession, Candidate: "candidate:1 1 udp 2130706431 10.0.0.2 50000 typ host"},
		{To: testSession, SDPMLineIndex: ptr[uint16](65535)},
		{To: testSession, SDPMid: ptr("")},
	}
	for _, c := range tests {
		p, err := AppendCandidate(nil, c)
		if err != nil {
			t.Fatalf("AppendCandidate(%+v) = %v", c, err)
		}
		got, err := ParseCandidate(p)
		if err != nil {
			t.Fatalf("ParseCandidate = %v", err)
		}
		if fmt.Sprint(candidateString(got)) != candidateString(c) {
			t.Errorf("round trip = %s, want %s", candidateString(got), candidateString(c))
		}
	}
	if _, err := AppendCandidate(nil, Candidate{Candidate: "x"}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("AppendCandidate without recipient = %v, want ErrInvalidArgument", err)
	}
}

func candidateString(c Candidate) string {
	s := fmt.Sprintf("to=%s cand=%q", c.To, c.Candidate)
	if c.SDPMid != nil {
		s += fmt.Sprintf(" mid=%q", *c.SDPMid)
	}
	if c.SDPMLineIndex != nil {
		s += fmt.Sprintf(" mline=%d", *c.SDPMLineIndex)
	}
	if c.UsernameFragment != nil {
		s += fmt.Sprintf(" ufrag=%q", *c.UsernameFragment)
	}
	return s
}

func TestByeRoundTrip(t *testing.T) {
	for _, to := range []string{testSession, ""} {
		p, err := AppendBye(nil, to, ByeVersionMismatch)
		if err != nil {
			t.Fatal(err)
		}
		gotTo, r, err := ParseBye(p)
		if err != nil || gotTo != to || r != ByeVersionMismatch {
			t.Errorf("ParseBye(AppendBye(%q)) = %q, %v, %v", to, gotTo, r, err)
		}
	}
	if _, err := AppendBye(nil, "", 0); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("AppendBye(reason 0) = %v, want ErrInvalidArgument", err)
	}
}

func TestSplitDescription(t *testing.T) {
	sdp := bigSDP()
	const budget = 3000
	chunks, err := SplitDescription(testSession, 42, sdp, budget)
	if err != nil {
		t.Fatal(err)
	}
	if len(sdp) <= budget || len(chunks) < 2 {
		t.Fatalf("SDP of %d bytes gave %d chunks; the test needs one that does not fit", len(sdp), len(chunks))
	}
	var joined []byte
	for i, c := range chunks {
		if len(c) > budget {
			t.Errorf("chunk %d is %d bytes, budget %d", i, len(c), budget)
		}
		d, err := ParseDescriptionChunk(c)
		if err != nil || d.Index != i || d.Count != len(chunks) || d.ID != 42 || d.To != testSession {
			t.Fatalf("chunk %d = %+v, %v", i, d, err)
		}
		joined = append(joined, d.Data...)
	}
	if string(joined) != sdp {
		t.Error("chunks do not join back into the SDP")
	}
	if _, err := SplitDescription(testSession, 1, strings.Repeat("a", MaxDescription), 100); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("SplitDescription needing > %d chunks = %v, want ErrInvalidArgument", MaxChunks, err)
	}
	if _, err := SplitDescription(testSession, 1, "v=0", 10); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("SplitDescription with no room = %v, want ErrInvalidArgument", err)
	}
}

func TestLargeSDPFitsFrames(t *testing.T) {
	to := []*rtapi.UserPresence{{UserId: "7f1c2d3e-4b5a-4c6d-8e9f-aabbccddeeff", SessionId: testSession}}
	matchID := "0b8e4a6c-4d6f-4bb6-9d5d-0a5c8a1d2e3f."
	room := maxPayload(DefaultMaxFrameSize, matchID, OpOffer, to)
	chunks, err := SplitDescription(testSession, 1, bigSDP(), room)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range chunks {
		b, err := marshalOpts.Marshal(matchDataEnvelope(matchID, OpOffer, c, to))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > DefaultMaxFrameSize {
			t.Errorf("frame %d of the offer is %d bytes, limit %d", i, len(b), DefaultMaxFrameSize)
		}
	}
}
