package frontend

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/game"
)

// held returns a pressed function reporting keys as held.
func held(keys ...ebiten.Key) func(ebiten.Key) bool {
	return func(k ebiten.Key) bool {
		for _, h := range keys {
			if h == k {
				return true
			}
		}
		return false
	}
}

func TestBindingInput(t *testing.T) {
	tests := []struct {
		name string
		b    Binding
		keys []ebiten.Key
		want game.Input
	}{
		{"p1 nothing", Player1Keys(), nil, 0},
		{"p1 left jump", Player1Keys(), []ebiten.Key{ebiten.KeyA, ebiten.KeyW}, game.InputLeft | game.InputJump},
		{"p1 right fire grab", Player1Keys(), []ebiten.Key{ebiten.KeyD, ebiten.KeyF, ebiten.KeyG}, game.InputRight | game.InputFire | game.InputGrab},
		{"p1 drop through", Player1Keys(), []ebiten.Key{ebiten.KeyS, ebiten.KeyW}, game.InputDown | game.InputJump},
		{"p1 both ways cancel", Player1Keys(), []ebiten.Key{ebiten.KeyA, ebiten.KeyD, ebiten.KeyF}, game.InputFire},
		{"p1 ignores p2 keys", Player1Keys(), []ebiten.Key{ebiten.KeyArrowLeft, ebiten.KeyControlRight}, 0},
		{"p2 arrows", Player2Keys(), []ebiten.Key{ebiten.KeyArrowRight, ebiten.KeyArrowUp, ebiten.KeyArrowDown}, game.InputRight | game.InputJump | game.InputDown},
		{"p2 right ctrl fires", Player2Keys(), []ebiten.Key{ebiten.KeyControlRight}, game.InputFire},
		{"p2 period fires", Player2Keys(), []ebiten.Key{ebiten.KeyPeriod}, game.InputFire},
		{"p2 right shift grabs", Player2Keys(), []ebiten.Key{ebiten.KeyShiftRight}, game.InputGrab},
		{"p2 slash grabs", Player2Keys(), []ebiten.Key{ebiten.KeySlash}, game.InputGrab},
		{"p2 ignores p1 keys", Player2Keys(), []ebiten.Key{ebiten.KeyA, ebiten.KeyW, ebiten.KeyF, ebiten.KeyG}, 0},
		{"p2 left ctrl does nothing", Player2Keys(), []ebiten.Key{ebiten.KeyControlLeft, ebiten.KeyShiftLeft}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.b.Input(held(tt.keys...)); got != tt.want {
				t.Errorf("Input(%v) = %v, want %v", tt.keys, got, tt.want)
			}
		})
	}
}

func TestPadInput(t *testing.T) {
	tests := []struct {
		name    string
		buttons []ebiten.StandardGamepadButton
		x, y    float64
		want    game.Input
	}{
		{"rest", nil, 0, 0, 0},
		{"stick inside dead zone", nil, 0.3, 0.3, 0},
		{"stick left", nil, -0.9, 0, game.InputLeft},
		{"stick right and down", nil, 0.9, 0.8, game.InputRight | game.InputDown},
		{"d-pad left", []ebiten.StandardGamepadButton{ebiten.StandardGamepadButtonLeftLeft}, 0, 0, game.InputLeft},
		{"A jumps", []ebiten.StandardGamepadButton{ebiten.StandardGamepadButtonRightBottom}, 0, 0, game.InputJump},
		{"X fires", []ebiten.StandardGamepadButton{ebiten.StandardGamepadButtonRightLeft}, 0, 0, game.InputFire},
		{"B grabs", []ebiten.StandardGamepadButton{ebiten.StandardGamepadButtonRightRight}, 0, 0, game.InputGrab},
		{"d-pad left, stick right cancel", []ebiten.StandardGamepadButton{ebiten.StandardGamepadButtonLeftLeft}, 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pressed := func(b ebiten.StandardGamepadButton) bool {
				for _, h := range tt.buttons {
					if h == b {
						return true
					}
				}
				return false
			}
			if got := PadInput(pressed, tt.x, tt.y); got != tt.want {
				t.Errorf("PadInput(%v, %v, %v) = %v, want %v", tt.buttons, tt.x, tt.y, got, tt.want)
			}
		})
	}
}
