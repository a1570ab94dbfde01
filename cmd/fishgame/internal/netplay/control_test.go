package netplay

import (
	"errors"
	"reflect"
	"testing"
)

var controlSamples = []control{
	{kind: ctlForfeit},
	{kind: ctlVote, ready: voteReady, nonce: 0xfeedface, roster: []string{"a-session", "b-session", "c"}},
	{kind: ctlVote, roster: []string{"only"}},
	{kind: ctlVote, ready: votePlaying, roster: []string{"x", "y"}},
	{kind: ctlStart, seed: 42, roster: []string{"s1", "s2", "s3", "s4"}},
}

func TestControlRoundTrip(t *testing.T) {
	for _, c := range controlSamples {
		b, err := appendControl(nil, c)
		if err != nil {
			t.Fatalf("appendControl(%+v) = %v", c, err)
		}
		got, err := parseControl(b)
		if err != nil || !reflect.DeepEqual(got, c) {
			t.Errorf("parseControl(appendControl(%+v)) = %+v, %v", c, got, err)
		}
	}
	bad := []control{
		{kind: 9},
		{kind: ctlVote, roster: []string{"b", "a"}},
		{kind: ctlStart, roster: []string{"a", "b", "c", "d", "e"}},
		{kind: ctlVote, roster: []string{""}},
	}
	for _, c := range bad {
		if _, err := appendControl(nil, c); !errors.Is(err, errControl) {
			t.Errorf("appendControl(%+v) = %v, want errControl", c, err)
		}
	}
	for _, p := range [][]byte{nil, {2, 1}, {1, 1, 0}, {1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {1, 1, 0}, {1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 'a', 1, 'a'}} {
		if _, err := parseControl(p); !errors.Is(err, errControl) {
			t.Errorf("parseControl(%v) = %v, want errControl", p, err)
		}
	}
}

// FuzzParseControl: control messages come from peers; decoding never
// panics, and what decodes encodes back to the same bytes.
func FuzzParseControl(f *testing.F) {
	for _, c := range controlSamples {
		b, _ := appendControl(nil, c)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		c, err := parseControl(p)
		if err != nil {
			return
		}
		b, err := appendControl(nil, c)
		if err != nil || string(b) != string(p) {
			t.Errorf("parseControl(%x) = %+v; encodes to %x, %v", p, c, b, err)
		}
	})
}
