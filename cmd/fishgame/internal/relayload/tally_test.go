package relayload

import (
	"encoding/base64"
	"testing"
	"time"
)

// delivery is the match_data frame socket sender's message seq would arrive
// as, in match matchID.
func delivery(matchID string, sender, seq uint32, sent time.Duration) serverFrame {
	p := make([]byte, MinPayload+4)
	putStamp(p, stamp{sent: sent, sender: sender, seq: seq})
	return serverFrame{matchData: true, dataMatchID: []byte(matchID), data: []byte(base64.StdEncoding.EncodeToString(p))}
}

func TestTallyReceive(t *testing.T) {
	lay := layout{sockets: 6, players: 4} // matches {0,1,2,3} and {4,5}
	const self = 1
	short := delivery("m", 0, 0, 0)
	short.data = []byte(base64.StdEncoding.EncodeToString(make([]byte, MinPayload-1)))
	bad := delivery("m", 0, 0, 0)
	bad.data = []byte("not base64!")
	tests := []struct {
		name      string
		f         serverFrame
		delivered bool
	}{
		{"from a mate", delivery("m", 0, 0, time.Millisecond), true},
		{"the next from the same mate", delivery("m", 0, 1, time.Millisecond), true},
		{"another mate", delivery("m", 3, 0, time.Millisecond), true},
		{"the same again", delivery("m", 3, 0, time.Millisecond), true},
		{"an older one", delivery("m", 0, 0, time.Millisecond), true},
		{"another match id", delivery("x", 0, 2, 0), false},
		{"a socket of another match", delivery("m", 4, 0, 0), false},
		{"itself", delivery("m", self, 0, 0), false},
		{"no such socket", delivery("m", 6, 0, 0), false},
		{"a short payload", short, false},
		{"bad base64", bad, false},
	}
	var tl tally
	for _, tt := range tests {
		if got := tl.receive(tt.f, 5*time.Millisecond, []byte("m"), self, lay); got != tt.delivered {
			t.Errorf("receive(%s) = %v, want %v", tt.name, got, tt.delivered)
		}
	}
	if tl.misrouted != 6 || tl.outOfOrder != 2 || len(tl.latencies) != 5 || tl.latencies[0] != 4*time.Millisecond {
		t.Errorf("tally = %d misrouted, %d out of order, latencies %v; want 6, 2 and five of 4ms", tl.misrouted, tl.outOfOrder, tl.latencies)
	}
}

func FuzzTallyReceive(f *testing.F) {
	f.Add([]byte(delivery("m", 0, 7, time.Second).data), uint8(1))
	f.Add([]byte("AAAA"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, self uint8) {
		lay := layout{sockets: 8, players: 4}
		var tl tally
		ok := tl.receive(serverFrame{matchData: true, dataMatchID: []byte("m"), data: data}, time.Second, []byte("m"), int(self%8), lay)
		if ok != (len(tl.latencies) == 1) || ok == (tl.misrouted == 1) {
			t.Fatalf("receive(%q) = %v with tally %+v", data, ok, tl)
		}
	})
}
