package frontend

import (
	"slices"
	"testing"

	"github.com/fishgame/fishgame/game"
)

// recorder is a player that remembers what it was asked to play.
type recorder struct{ played []Sound }

func (r *recorder) Play(k Sound) { r.played = append(r.played, k) }

func TestReact(t *testing.T) {
	tests := []struct {
		name      string
		events    []game.Event
		sounds    []Sound
		particles bool
		shake     bool
	}{
		{"shot flashes and kicks", []game.Event{{Kind: game.EventShot, Slot: 0, X: 100, Y: 100}}, []Sound{SoundShot}, true, true},
		{"death shakes the screen", []game.Event{{Kind: game.EventDeath, Slot: 1, Other: 0, X: 50, Y: 60}}, []Sound{SoundDeath}, true, true},
		{"hit bursts", []game.Event{{Kind: game.EventHit, Slot: 2, Other: 0, X: 50, Y: 60}}, []Sound{SoundHit}, true, false},
		{"round start and draw", []game.Event{{Kind: game.EventRoundStart, Slot: -1}, {Kind: game.EventRoundEnd, Slot: -1}}, []Sound{SoundRoundStart}, false, false},
		{"round won and match won", []game.Event{{Kind: game.EventRoundEnd, Slot: 1}, {Kind: game.EventMatchEnd, Slot: 1}}, []Sound{SoundRoundWin, SoundMatchWin}, false, false},
		{"pickup, throw, stun", []game.Event{{Kind: game.EventPickup}, {Kind: game.EventThrow}, {Kind: game.EventStun}}, []Sound{SoundPickup, SoundThrow, SoundStun}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newEffects(1)
			var r recorder
			react(tt.events, fx, &r)
			if !slices.Equal(r.played, tt.sounds) {
				t.Errorf("sounds = %v, want %v", r.played, tt.sounds)
			}
			live := 0
			for _, p := range fx.parts {
				if p.life > 0 {
					live++
				}
			}
			if (live > 0) != tt.particles {
				t.Errorf("%d particles alive, want any: %v", live, tt.particles)
			}
			if (fx.shake > 0) != tt.shake {
				t.Errorf("shake = %d frames, want any: %v", fx.shake, tt.shake)
			}
		})
	}
}

func TestEffectsFadeOut(t *testing.T) {
	fx := newEffects(2)
	react([]game.Event{{Kind: game.EventDeath, X: 10, Y: 10}, {Kind: game.EventHit, X: 10, Y: 10}}, fx, &recorder{})
	for range 200 {
		fx.update()
	}
	for i, p := range fx.parts {
		if p.life > 0 {
			t.Fatalf("particle %d still alive after 200 frames: %+v", i, p)
		}
	}
	if dx, dy := fx.offset(); fx.shake != 0 || dx != 0 || dy != 0 {
		t.Errorf("after 200 frames shake = %d, offset = %v,%v; want none", fx.shake, dx, dy)
	}
}
