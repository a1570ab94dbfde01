package desync

import (
	"errors"
	"reflect"
	"testing"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// sampleMatch records a 4-player scripted match to frame; it returns the
// recorder and the state at frame.
func sampleMatch(t testing.TB, frame int32) (*Recorder, game.State) {
	t.Helper()
	cfg := game.Config{Players: 4, Seed: 3}
	rec, err := NewRecorder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := game.New(cfg)
	for f := range frame {
		var in [game.MaxPlayers]game.Input
		for p := range in {
			in[p] = game.Input((int(f)/9 + p*5) % 64)
		}
		s.Step(in)
		rec.Record(in, s.Checksum())
	}
	return rec, s
}

// sampleEvent is slot 0's desync event with slot 1 at s's frame.
func sampleEvent(s *game.State) rollback.Event {
	return rollback.Event{Kind: rollback.EventDesync, Peer: 1, Frame: s.Frame(), Local: s.Checksum(), Remote: 42}
}

var sampleMatchInfo = Match{ID: "m-1", Players: []string{"a", "b", "c", "d"}, Slot: 0}

// sampleReport records a 4-player scripted match to frame and builds its
// local report with a remote side.
func sampleReport(t testing.TB, frame int32) Report {
	t.Helper()
	rec, s := sampleMatch(t, frame)
	r, err := NewReport(sampleMatchInfo, rec, sampleEvent(&s), &s)
	if err != nil {
		t.Fatal(err)
	}
	remote := r.Local
	remote.Slot, remote.Checksum = 1, 42
	if err := r.AttachRemote(remote); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReportRoundTrip(t *testing.T) {
	r := sampleReport(t, 3000)
	b, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("4-player desync report at frame 3000 with both sides: %d bytes", len(b))
	got, err := ParseReport(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("ParseReport(MarshalBinary(r)) differs from r")
	}
	for _, n := range []int{0, 5, 30, len(b) - 1} {
		if _, err := ParseReport(b[:n]); !errors.Is(err, ErrReport) {
			t.Errorf("ParseReport(%d of %d bytes) error = %v, want ErrReport", n, len(b), err)
		}
	}
}

func FuzzParseReport(f *testing.F) {
	r := sampleReport(f, 20)
	b, _ := r.MarshalBinary()
	f.Add(b)
	r.Remote = Side{Slot: 1, Checksum: 42}
	b, _ = r.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ParseReport(data)
		if err != nil {
			return
		}
		if _, err := rep.MarshalBinary(); err != nil {
			t.Fatalf("a parsed report does not encode: %v", err)
		}
	})
}
