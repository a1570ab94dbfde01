package netplay_test

import (
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
)

// TestChecksums checks that only recorded, still-kept frames are known: the
// zero value knows no frame (not even 0), and a frame 512 later replaces it.
func TestChecksums(t *testing.T) {
	var c netplay.Checksums
	if sum, ok := c.At(0); ok {
		t.Errorf("empty At(0) = %#x, true, want not kept", sum)
	}
	c.Put(0, 0xaa)
	c.Put(7, 0xbb)
	c.Put(-1, 0xcc)
	tests := []struct {
		frame int32
		sum   uint64
		ok    bool
	}{
		{0, 0xaa, true},
		{7, 0xbb, true},
		{1, 0, false},
		{-1, 0, false},
		{512, 0, false},
	}
	for _, tt := range tests {
		if sum, ok := c.At(tt.frame); sum != tt.sum || ok != tt.ok {
			t.Errorf("At(%d) = %#x, %v, want %#x, %v", tt.frame, sum, ok, tt.sum, tt.ok)
		}
	}
	c.Put(512, 0xdd)
	if sum, ok := c.At(0); ok {
		t.Errorf("At(0) after Put(512) = %#x, true, want not kept", sum)
	}
	if sum, ok := c.At(512); !ok || sum != 0xdd {
		t.Errorf("At(512) = %#x, %v, want 0xdd, true", sum, ok)
	}
}
