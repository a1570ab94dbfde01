package frontend

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
)

// maxKeysPerAction bounds the keys one button can have.
const maxKeysPerAction = 4

// Keymap is the keyboard layout of the two local players: Keymap[0] is
// player 1's, Keymap[1] player 2's. Online, the local player may use
// either.
type Keymap [2]Binding

// DefaultKeymap returns the layouts of GAME.md: Player1Keys and
// Player2Keys.
func DefaultKeymap() Keymap { return Keymap{Player1Keys(), Player2Keys()} }

// keymapFile is the JSON form of a Keymap.
type keymapFile struct {
	Players []Binding `json:"players"`
}

// actions returns pointers to the key lists of b, in the order
// left, right, jump, down, fire, grab.
func (b *Binding) actions() [6]*[]ebiten.Key {
	return [6]*[]ebiten.Key{&b.Left, &b.Right, &b.Jump, &b.Down, &b.Fire, &b.Grab}
}

// actionNames names the buttons in the order of Binding.actions.
var actionNames = [6]string{"LEFT", "RIGHT", "JUMP", "DOWN", "FIRE", "GRAB"}

// ParseKeymap decodes a keymap file: {"players":[{"left":["A"],...},{...}]}
// with Ebitengine key names. Every button of both players needs 1 to 4
// known keys.
func ParseKeymap(data []byte) (Keymap, error) {
	var f keymapFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return Keymap{}, fmt.Errorf("%w: %w", ErrKeymap, err)
	}
	if dec.More() {
		return Keymap{}, fmt.Errorf("%w: data after the keymap", ErrKeymap)
	}
	if len(f.Players) != 2 {
		return Keymap{}, fmt.Errorf("%w: %d players, want 2", ErrKeymap, len(f.Players))
	}
	var k Keymap
	copy(k[:], f.Players)
	for p := range k {
		for i, keys := range k[p].actions() {
			if n := len(*keys); n < 1 || n > maxKeysPerAction {
				return Keymap{}, fmt.Errorf("%w: player %d %s has %d keys, want 1 to %d",
					ErrKeymap, p+1, actionNames[i], n, maxKeysPerAction)
			}
		}
	}
	return k, nil
}

// MarshalJSON encodes k in the keymap file format.
func (k Keymap) MarshalJSON() ([]byte, error) {
	return json.MarshalIndent(keymapFile{Players: k[:]}, "", "  ")
}

// LoadKeymap reads the keymap file at path; a missing file gives
// DefaultKeymap.
func LoadKeymap(path string) (Keymap, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return DefaultKeymap(), nil
	}
	if err != nil {
		return Keymap{}, fmt.Errorf("read keymap: %w", err)
	}
	k, err := ParseKeymap(data)
	if err != nil {
		return Keymap{}, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// SaveKeymap writes k to path (creating its directory), replacing the old
// file only once the new one is complete.
func SaveKeymap(path string, k Keymap) error {
	data, err := k.MarshalJSON()
	if err != nil {
		return fmt.Errorf("encode keymap: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("save keymap: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".keys-*.json")
	if err != nil {
		return fmt.Errorf("save keymap: %w", err)
	}
	_, werr := tmp.Write(append(data, '\n'))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save keymap: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save keymap: %w", err)
	}
	return nil
}

// DefaultKeymapPath returns where the keymap is kept: fishgame/keys.json in
// the user's configuration directory.
func DefaultKeymapPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("keymap location: %w", err)
	}
	return filepath.Join(dir, "fishgame", "keys.json"), nil
}

// rebind makes key the only key of action a of player p, taking it away
// from any other button that had it so that one key never presses two.
func (k *Keymap) rebind(p, a int, key ebiten.Key) {
	for q := range k {
		for _, keys := range k[q].actions() {
			*keys = slices.DeleteFunc(*keys, func(x ebiten.Key) bool { return x == key })
		}
	}
	*k[p].actions()[a] = []ebiten.Key{key}
}

// unbound reports the first button of either player left without a key.
func (k *Keymap) unbound() (player, action int, ok bool) {
	for p := range k {
		for a, keys := range k[p].actions() {
			if len(*keys) == 0 {
				return p, a, true
			}
		}
	}
	return 0, 0, false
}
