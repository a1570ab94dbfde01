package frontend

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/fishgame/fishgame/game"
)

// Binding maps keys to the buttons of one player's game.Input. Any key of
// a list presses its button.
type Binding struct {
	Left  []ebiten.Key `json:"left"`
	Right []ebiten.Key `json:"right"`
	Jump  []ebiten.Key `json:"jump"`
	Down  []ebiten.Key `json:"down"`
	Fire  []ebiten.Key `json:"fire"`
	Grab  []ebiten.Key `json:"grab"`
}

// Player1Keys returns player 1's layout: A/D move, W jumps and glides,
// S is down, F fires, G picks up and throws. Online, every player uses it.
func Player1Keys() Binding {
	return Binding{
		Left:  []ebiten.Key{ebiten.KeyA},
		Right: []ebiten.Key{ebiten.KeyD},
		Jump:  []ebiten.Key{ebiten.KeyW},
		Down:  []ebiten.Key{ebiten.KeyS},
		Fire:  []ebiten.Key{ebiten.KeyF},
		Grab:  []ebiten.Key{ebiten.KeyG},
	}
}

// Player2Keys returns player 2's layout: arrows move, jump and go down,
// Right Ctrl or '.' fires, Right Shift or '/' picks up and throws.
func Player2Keys() Binding {
	return Binding{
		Left:  []ebiten.Key{ebiten.KeyArrowLeft},
		Right: []ebiten.Key{ebiten.KeyArrowRight},
		Jump:  []ebiten.Key{ebiten.KeyArrowUp},
		Down:  []ebiten.Key{ebiten.KeyArrowDown},
		Fire:  []ebiten.Key{ebiten.KeyControlRight, ebiten.KeyPeriod},
		Grab:  []ebiten.Key{ebiten.KeyShiftRight, ebiten.KeySlash},
	}
}

// Input returns the buttons that pressed reports held. Holding left and
// right together cancels both, so a fish never runs both ways.
func (b Binding) Input(pressed func(ebiten.Key) bool) game.Input {
	var in game.Input
	for _, m := range [...]struct {
		keys []ebiten.Key
		bit  game.Input
	}{
		{b.Left, game.InputLeft}, {b.Right, game.InputRight}, {b.Jump, game.InputJump},
		{b.Down, game.InputDown}, {b.Fire, game.InputFire}, {b.Grab, game.InputGrab},
	} {
		for _, k := range m.keys {
			if pressed(k) {
				in |= m.bit
				break
			}
		}
	}
	return cancelOpposites(in)
}

// cancelOpposites clears left and right when both are held.
func cancelOpposites(in game.Input) game.Input {
	if in.Has(game.InputLeft | game.InputRight) {
		in &^= game.InputLeft | game.InputRight
	}
	return in
}

// stickDeadZone is how far a stick must lean before it counts as a press.
const stickDeadZone = 0.4

// PadInput returns the buttons of a gamepad in the standard layout, given
// which buttons pressed reports held and the left stick's position: stick or
// d-pad moves, A (bottom) jumps, X (left) fires, B (right) picks up and
// throws, stick or d-pad down is down.
func PadInput(pressed func(ebiten.StandardGamepadButton) bool, stickX, stickY float64) game.Input {
	var in game.Input
	if pressed(ebiten.StandardGamepadButtonLeftLeft) || stickX < -stickDeadZone {
		in |= game.InputLeft
	}
	if pressed(ebiten.StandardGamepadButtonLeftRight) || stickX > stickDeadZone {
		in |= game.InputRight
	}
	if pressed(ebiten.StandardGamepadButtonLeftBottom) || stickY > stickDeadZone {
		in |= game.InputDown
	}
	if pressed(ebiten.StandardGamepadButtonRightBottom) {
		in |= game.InputJump
	}
	if pressed(ebiten.StandardGamepadButtonRightLeft) {
		in |= game.InputFire
	}
	if pressed(ebiten.StandardGamepadButtonRightRight) {
		in |= game.InputGrab
	}
	return cancelOpposites(in)
}

// controls reads the local players' devices: keyboard layouts and gamepads.
type controls struct {
	// keys is the keyboard layout of players 1 and 2; nil means
	// DefaultKeymap.
	keys *Keymap
	pads []ebiten.GamepadID
}

// read returns the input of local player n (0-based) of humans: its
// keyboard layout (a lone human may use either) or'ed with the n-th
// connected standard gamepad.
func (c *controls) read(n, humans int) game.Input {
	keys := DefaultKeymap()
	if c.keys != nil {
		keys = *c.keys
	}
	var in game.Input
	switch {
	case humans == 1:
		in = keys[0].Input(ebiten.IsKeyPressed) | keys[1].Input(ebiten.IsKeyPressed)
	case n == 0 || n == 1:
		in = keys[n].Input(ebiten.IsKeyPressed)
	}
	c.pads = ebiten.AppendGamepadIDs(c.pads[:0])
	if n < len(c.pads) {
		id := c.pads[n]
		if ebiten.IsStandardGamepadLayoutAvailable(id) {
			in |= PadInput(func(b ebiten.StandardGamepadButton) bool {
				return ebiten.IsStandardGamepadButtonPressed(id, b)
			}, ebiten.StandardGamepadAxisValue(id, ebiten.StandardGamepadAxisLeftStickHorizontal),
				ebiten.StandardGamepadAxisValue(id, ebiten.StandardGamepadAxisLeftStickVertical))
		}
	}
	return cancelOpposites(in)
}

// menuPressed reports whether Esc or a gamepad's Start was pressed this tick.
func (c *controls) menuPressed() bool {
	if inpututil.IsKeyJustPressed(ebiten.KeyEscape) {
		return true
	}
	c.pads = ebiten.AppendGamepadIDs(c.pads[:0])
	for _, id := range c.pads {
		if inpututil.IsStandardGamepadButtonJustPressed(id, ebiten.StandardGamepadButtonCenterRight) {
			return true
		}
	}
	return false
}
