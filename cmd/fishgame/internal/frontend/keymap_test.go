package frontend

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/game"
)

func TestKeymapSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cfg", "keys.json")
	got, err := LoadKeymap(path)
	if err != nil || !reflect.DeepEqual(got, DefaultKeymap()) {
		t.Fatalf("LoadKeymap(missing) = %v, %v; want the default keymap", got, err)
	}
	k := DefaultKeymap()
	k.rebind(0, 2, ebiten.KeySpace)
	if err := SaveKeymap(path, k); err != nil {
		t.Fatal(err)
	}
	got, err = LoadKeymap(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, k) {
		t.Errorf("LoadKeymap after SaveKeymap = %v, want %v", got, k)
	}
	if in := got[0].Input(held(ebiten.KeySpace)); in != game.InputJump {
		t.Errorf("saved P1 layout: Input(Space) = %v, want jump", in)
	}
}

func TestParseKeymapRejects(t *testing.T) {
	good, err := DefaultKeymap().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseKeymap(good); err != nil {
		t.Fatalf("ParseKeymap(default) = %v", err)
	}
	for _, data := range []string{
		``,
		`{`,
		`[]`,
		`{"players":[]}`,
		`{"players":[{"left":["A"],"right":["D"],"jump":["W"],"down":["S"],"fire":["F"],"grab":["G"]}]}`,
		`{"players":[{"left":["A"],"right":["D"],"jump":["W"],"down":["S"],"fire":["F"],"grab":["G"]},{"left":["ArrowLeft"],"right":["ArrowRight"],"jump":["ArrowUp"],"down":["ArrowDown"],"fire":[],"grab":["Slash"]}]}`,
		`{"players":[{"left":["A"],"right":["D"],"jump":["W"],"down":["S"],"fire":["F"],"grab":["G"]},{"left":["NoSuchKey"],"right":["ArrowRight"],"jump":["ArrowUp"],"down":["ArrowDown"],"fire":["Period"],"grab":["Slash"]}]}`,
		`{"players":[{"left":["A","B","C","E","H"],"right":["D"],"jump":["W"],"down":["S"],"fire":["F"],"grab":["G"]},{"left":["ArrowLeft"],"right":["ArrowRight"],"jump":["ArrowUp"],"down":["ArrowDown"],"fire":["Period"],"grab":["Slash"]}]}`,
		`{"players":[{"left":["A"],"right":["D"],"jump":["W"],"down":["S"],"fire":["F"],"grab":["G"],"dance":["X"]},{"left":["ArrowLeft"],"right":["ArrowRight"],"jump":["ArrowUp"],"down":["ArrowDown"],"fire":["Period"],"grab":["Slash"]}]}`,
		string(good) + `{}`,
	} {
		if _, err := ParseKeymap([]byte(data)); !errors.Is(err, ErrKeymap) {
			t.Errorf("ParseKeymap(%q) = %v, want ErrKeymap", data, err)
		}
	}
}

func TestLoadKeymapNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(path, []byte(`{"players":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadKeymap(path)
	if !errors.Is(err, ErrKeymap) || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadKeymap(bad file) = %v, want ErrKeymap naming %s", err, path)
	}
}

func TestRebindMovesTheKey(t *testing.T) {
	k := DefaultKeymap()
	k.rebind(0, 4, ebiten.KeyPeriod) // P1 fire takes P2's '.'
	if got := k[0].Fire; !reflect.DeepEqual(got, []ebiten.Key{ebiten.KeyPeriod}) {
		t.Errorf("P1 fire = %v, want [Period]", got)
	}
	if got := k[1].Fire; !reflect.DeepEqual(got, []ebiten.Key{ebiten.KeyControlRight}) {
		t.Errorf("P2 fire = %v, want [ControlRight] after losing Period", got)
	}
	if _, _, ok := k.unbound(); ok {
		t.Error("unbound() found a button without keys, want none")
	}
	k.rebind(1, 0, ebiten.KeyA) // P2 left takes P1's only left key
	if p, a, ok := k.unbound(); !ok || p != 0 || a != 0 {
		t.Errorf("unbound() = %d, %d, %v; want player 0 action 0 (LEFT)", p, a, ok)
	}
}

func FuzzParseKeymap(f *testing.F) {
	good, err := DefaultKeymap().MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"players":[{},{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParseKeymap(data)
		if err != nil {
			return
		}
		again, err := k.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a parsed keymap: %v", err)
		}
		k2, err := ParseKeymap(again)
		if err != nil || !reflect.DeepEqual(k, k2) {
			t.Fatalf("round trip of %q: %v, %v", data, k2, err)
		}
	})
}
