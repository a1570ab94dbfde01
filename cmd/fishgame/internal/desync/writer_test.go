package desync

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestWriterWritesAReportFileThatParses(t *testing.T) {
	r := sampleReport(t, 300)
	dir := filepath.Join(t.TempDir(), "reports")
	w := NewWriter(dir, 0, discard)
	if !w.Submit(r) {
		t.Fatal("Submit = false on an empty writer")
	}
	w.Close()
	if written, failed, dropped := w.Stats(); written != 1 || failed != 0 || dropped != 0 {
		t.Fatalf("Stats() = %d, %d, %d, want 1 written", written, failed, dropped)
	}
	data, err := os.ReadFile(w.Path(&r))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseReport(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Error("the written report parses to another report")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the report directory, want only the report", len(entries))
	}
}

// TestWriterSubmitNeverWaitsForTheDisk holds the writer's disk up: Submit
// still returns at once, queueing up to the queue's size and dropping
// (counted and logged) beyond it, and every queued report is written once
// the disk is back.
func TestWriterSubmitNeverWaitsForTheDisk(t *testing.T) {
	started, release := make(chan struct{}, 8), make(chan struct{})
	var saved []string
	save := func(dir, path string, data []byte) error {
		started <- struct{}{}
		<-release
		saved = append(saved, path)
		return nil
	}
	var logs bytes.Buffer
	w := newWriter(t.TempDir(), 2, slog.New(slog.NewTextHandler(&logs, nil)), save)
	r := sampleReport(t, 60)
	if !w.Submit(r) {
		t.Fatal("first Submit = false")
	}
	<-started // the writer is now stuck on the disk with the first report
	for i := range 2 {
		if !w.Submit(r) {
			t.Fatalf("Submit %d with room in the queue = false", i+2)
		}
	}
	if w.Submit(r) {
		t.Fatal("Submit to a full queue = true, want a drop")
	}
	if !bytes.Contains(logs.Bytes(), []byte("writer queue full")) {
		t.Errorf("a drop logged nothing: %q", logs.String())
	}
	close(release)
	w.Close()
	if w.Submit(r) {
		t.Error("Submit after Close = true")
	}
	if written, failed, dropped := w.Stats(); written != 3 || failed != 0 || dropped != 2 {
		t.Errorf("Stats() = %d written, %d failed, %d dropped, want 3, 0, 2", written, failed, dropped)
	}
	if len(saved) != 3 {
		t.Errorf("%d saves, want 3", len(saved))
	}
}

func TestWriterCountsAndLogsAFailedWrite(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	w := NewWriter(file, 0, slog.New(slog.NewTextHandler(&logs, nil)))
	w.Submit(sampleReport(t, 30))
	bad := sampleReport(t, 30)
	bad.Players = nil // does not encode
	w.Submit(bad)
	w.Close()
	if written, failed, _ := w.Stats(); written != 0 || failed != 2 {
		t.Errorf("Stats() = %d written, %d failed, want 0, 2", written, failed)
	}
	if n := bytes.Count(logs.Bytes(), []byte("desync report not written")); n != 2 {
		t.Errorf("%d failures logged, want 2: %s", n, logs.String())
	}
}

func TestPathNamesMatchFrameAndSlot(t *testing.T) {
	r := sampleReport(t, 30)
	r.MatchID = "../a b/c"
	if got, want := FileName(&r), "desync-abc-f000030-slot0.fgdr"; got != want {
		t.Errorf("FileName = %q, want %q", got, want)
	}
	if _, err := ParseReport(nil); !errors.Is(err, ErrReport) {
		t.Errorf("ParseReport(nil) = %v, want ErrReport", err)
	}
}

// BenchmarkWriteReport is the writer goroutine's work for one 4-player
// report at frame 3000 with both sides: encoding and writing the file.
func BenchmarkWriteReport(b *testing.B) {
	r := sampleReport(b, 3000)
	w := NewWriter(b.TempDir(), 0, discard)
	defer w.Close()
	var buf []byte
	var size int
	for b.Loop() {
		_, out, err := w.write(&r, buf[:0])
		if err != nil {
			b.Fatal(err)
		}
		buf, size = out, len(out)
	}
	b.ReportMetric(float64(size), "report-bytes")
}

// BenchmarkNewReport is the game loop's part of a report: building it from
// the recorder and the state (handing it to Submit is a channel send).
func BenchmarkNewReport(b *testing.B) {
	rec, s := sampleMatch(b, 3000)
	for b.Loop() {
		if _, err := NewReport(sampleMatchInfo, rec, sampleEvent(&s), &s); err != nil {
			b.Fatal(err)
		}
	}
}
