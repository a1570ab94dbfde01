package desync

import (
	"errors"
	"reflect"
	"testing"
)

// exchange sends r's dump through chunks and a reassembler, as a peer's
// control channel would carry it, and returns the dump received.
func exchange(t *testing.T, r *Report) []byte {
	t.Helper()
	dump, err := r.AppendDump(nil)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := SplitDump(r.Frame, r.Local.Slot, dump)
	if err != nil {
		t.Fatal(err)
	}
	ra := NewReassembler(0)
	for i, m := range msgs {
		if len(m) > MaxChunkSize {
			t.Fatalf("chunk %d of %d bytes, more than %d", i, len(m), MaxChunkSize)
		}
		got, done, err := ra.Add(m)
		if err != nil {
			t.Fatalf("chunk %d: %v", i, err)
		}
		if done != (i == len(msgs)-1) {
			t.Fatalf("chunk %d of %d: done = %v", i, len(msgs), done)
		}
		if done {
			return got
		}
	}
	t.Fatal("no chunks")
	return nil
}

func TestDumpExchangeGivesEachReportBothSides(t *testing.T) {
	good := viewOf(t, 3000, scripted, -1, "")
	bad := viewOf(t, 3000, scripted, 2990, "fish[3].y")
	r0, r1 := reportOf(t, 0, good, 1, bad, false), reportOf(t, 1, bad, 0, good, false)
	d0, d1 := exchange(t, &r0), exchange(t, &r1)
	t.Logf("4-player dump at frame 3000: %d bytes in %d chunks", len(d0), chunkCount(len(d0)))
	if err := r0.AttachDump(d1); err != nil {
		t.Fatal(err)
	}
	if err := r1.AttachDump(d0); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r0.Remote, r1.Local) || !reflect.DeepEqual(r1.Remote, r0.Local) {
		t.Fatal("a report's remote side differs from the other report's local side after the exchange")
	}
	a, err := Analyze(r0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(a.Fields); !reflect.DeepEqual(got, []string{"fish[3].y"}) || a.Remote.Diverged != 2990 {
		t.Errorf("after the exchange: fields %v, slot 1 diverged at %d; want [fish[3].y] at 2990", got, a.Remote.Diverged)
	}

	// A dump is only taken by the report of its desync.
	other := reportOf(t, 0, viewOf(t, 60, scripted, -1, ""), 1, good, false)
	if err := other.AttachDump(d1); !errors.Is(err, ErrReport) {
		t.Errorf("AttachDump of another frame's dump = %v, want ErrReport", err)
	}
	if err := r0.AttachDump(d0); !errors.Is(err, ErrReport) {
		t.Errorf("AttachDump of its own dump = %v, want ErrReport", err)
	}
}

func TestReassemblerRefusesBadChunks(t *testing.T) {
	r := reportOf(t, 0, viewOf(t, 900, scripted, -1, ""), 1, viewOf(t, 900, scripted, -1, ""), false)
	dump, _ := r.AppendDump(nil)
	msgs, err := SplitDump(r.Frame, 0, dump)
	if err != nil || len(msgs) < 3 {
		t.Fatalf("SplitDump = %d chunks, %v; want 3 or more", len(msgs), err)
	}
	ra := NewReassembler(0)
	if _, _, err := ra.Add(msgs[0]); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ra.Add(msgs[0]); !errors.Is(err, ErrChunk) {
		t.Errorf("a duplicate chunk = %v, want ErrChunk", err)
	}
	short := msgs[1][:len(msgs[1])-1]
	if _, _, err := ra.Add(short); !errors.Is(err, ErrChunk) {
		t.Errorf("a short chunk = %v, want ErrChunk", err)
	}
	for _, m := range msgs[1:] {
		if _, _, err := ra.Add(m); err != nil {
			t.Fatalf("after refused chunks: %v", err)
		}
	}

	// A flipped byte fails the checksum; a chunk of another dump restarts.
	ra = NewReassembler(0)
	bent := append([]byte(nil), msgs[1]...)
	bent[ChunkHeaderSize+5] ^= 1
	var last error
	for _, m := range append([][]byte{bent}, append(msgs[:1:1], msgs[2:]...)...) {
		_, _, last = ra.Add(m)
	}
	if !errors.Is(last, ErrDumpChecksum) {
		t.Errorf("a dump with a flipped byte = %v, want ErrDumpChecksum", last)
	}
	ra = NewReassembler(0)
	later, _ := SplitDump(r.Frame+30, 0, dump)
	ra.Add(msgs[0])
	var done bool
	for _, m := range later {
		_, done, err = ra.Add(m)
	}
	if !done || err != nil {
		t.Errorf("a later dump after a partial one: done %v, %v; want it complete", done, err)
	}

	if _, _, err := NewReassembler(len(dump) - 1).Add(msgs[0]); !errors.Is(err, ErrChunk) {
		t.Errorf("a dump over the limit = %v, want ErrChunk", err)
	}
	if _, err := SplitDump(0, 0, make([]byte, MaxDumpSize+1)); !errors.Is(err, ErrChunk) {
		t.Errorf("SplitDump over MaxDumpSize = %v, want ErrChunk", err)
	}
}

func FuzzParseChunk(f *testing.F) {
	msgs, _ := SplitDump(30, 1, make([]byte, 2*ChunkPayload+7))
	for _, m := range msgs {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		c, err := ParseChunk(msg)
		if err != nil {
			return
		}
		if c.Index >= c.Count || len(c.Payload) > ChunkPayload || c.Size > MaxDumpSize {
			t.Fatalf("ParseChunk accepted %+v", c)
		}
	})
}

// FuzzReassembler feeds two messages, each a real chunk or not, to a
// reassembler: it never panics, and a dump it completes has its checksum.
func FuzzReassembler(f *testing.F) {
	msgs, _ := SplitDump(30, 1, []byte("0123456789"))
	two, _ := SplitDump(60, 2, make([]byte, ChunkPayload+1))
	f.Add(msgs[0], two[0])
	f.Add(two[0], two[1])
	f.Add(two[1], two[1])
	f.Fuzz(func(t *testing.T, a, b []byte) {
		ra := NewReassembler(4096)
		for _, m := range [][]byte{a, b} {
			dump, done, err := ra.Add(m)
			if done && (err != nil || len(dump) == 0) {
				t.Fatalf("Add = %d bytes, done, %v", len(dump), err)
			}
		}
	})
}

func FuzzParseDump(f *testing.F) {
	r := sampleReport(f, 20)
	d, _ := r.AppendDump(nil)
	f.Add(d)
	r.Local.Replay = r.Remote.Replay
	r.Local.State = nil
	d, _ = r.AppendDump(nil)
	f.Add(d)
	f.Fuzz(func(t *testing.T, data []byte) {
		frame, cfg, s, err := ParseDump(data)
		if err != nil {
			return
		}
		rep := Report{Frame: frame, Config: cfg, Local: s}
		if _, err := rep.AppendDump(nil); err != nil {
			t.Fatalf("a parsed dump does not encode: %v", err)
		}
	})
}
