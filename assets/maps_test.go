package assets

import (
	"errors"
	"testing"
)

func TestMapsSortedAndNonEmpty(t *testing.T) {
	maps, err := Maps()
	if err != nil {
		t.Fatalf("Maps() error = %v", err)
	}
	if len(maps) < 2 {
		t.Fatalf("len(Maps()) = %d, want at least 2", len(maps))
	}
	for i, m := range maps {
		if len(m.Data) == 0 {
			t.Errorf("Maps()[%d] (%s) has no data", i, m.Name)
		}
		if i > 0 && maps[i-1].Name >= m.Name {
			t.Errorf("Maps() not sorted: %q before %q", maps[i-1].Name, m.Name)
		}
	}
}

func TestMapLookup(t *testing.T) {
	m, err := Map("reef")
	if err != nil {
		t.Fatalf("Map(reef) error = %v", err)
	}
	if m.Path != "maps/reef.txt" {
		t.Errorf("Map(reef).Path = %q, want maps/reef.txt", m.Path)
	}
	if _, err := Map("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Map(nope) error = %v, want ErrNotFound", err)
	}
}

func TestMapsReturnsCopies(t *testing.T) {
	a, _ := Maps()
	a[0].Data[0] ^= 0xff
	b, _ := Maps()
	if a[0].Data[0] == b[0].Data[0] {
		t.Errorf("Maps() shares its data between calls")
	}
}
