package frontend

import (
	"image/color"

	"github.com/fishgame/fishgame/game"
)

// soundPlayer plays sound effects; *Speaker is one.
type soundPlayer interface {
	Play(k Sound)
}

// react turns fresh game events into sounds, particles and screen shake.
func react(events []game.Event, fx *effects, sp soundPlayer) {
	for _, e := range events {
		x, y := float32(e.X), float32(e.Y)
		switch e.Kind {
		case game.EventJump:
			sp.Play(SoundJump)
			fx.burst(x, y, 3, 0.6, 0.02, 14, color.RGBA{0x82, 0x96, 0xa0, 0xa0})
		case game.EventLand:
			sp.Play(SoundLand)
			fx.burst(x, y, 4, 0.8, 0.03, 12, color.RGBA{0x90, 0x84, 0x6c, 0xc0})
		case game.EventDrop:
			sp.Play(SoundJump)
		case game.EventShot:
			sp.Play(SoundShot)
			fx.burst(x, y, 5, 0.9, 0, 8, bulletColor)
			fx.shakeScreen(1, 3)
		case game.EventEmpty:
			sp.Play(SoundEmpty)
		case game.EventSwing:
			sp.Play(SoundSwing)
		case game.EventBulletStop:
			fx.burst(x, y, 7, 1.4, 0.05, 14, color.RGBA{0xff, 0xd0, 0x60, 0xff})
		case game.EventHit:
			sp.Play(SoundHit)
			c := color.RGBA{0xff, 0x40, 0x40, 0xff}
			if e.Slot >= 0 {
				c = SlotColor(int(e.Slot))
			}
			fx.burst(x, y, 18, 2.2, 0.06, 30, c)
			fx.burst(x, y, 8, 1.5, 0.06, 24, color.RGBA{0xff, 0x40, 0x40, 0xff})
		case game.EventDeath:
			sp.Play(SoundDeath)
			fx.bubbles(x, y, 10)
			fx.shakeScreen(3, 14)
		case game.EventPickup:
			sp.Play(SoundPickup)
			fx.burst(x, y, 6, 1, -0.02, 18, textGold)
		case game.EventThrow:
			sp.Play(SoundThrow)
		case game.EventStun:
			sp.Play(SoundStun)
			fx.burst(x, y, 8, 1.2, 0, 20, textGold)
			fx.shakeScreen(1, 6)
		case game.EventClash:
			sp.Play(SoundClash)
			fx.burst(x, y, 14, 2, 0.04, 16, eyeWhite)
			fx.shakeScreen(2, 8)
		case game.EventSpawn:
			sp.Play(SoundSpawn)
			fx.bubbles(x, y, 6)
		case game.EventRoundStart:
			sp.Play(SoundRoundStart)
		case game.EventRoundEnd:
			if e.Slot >= 0 {
				sp.Play(SoundRoundWin)
			}
		case game.EventMatchEnd:
			sp.Play(SoundMatchWin)
		}
	}
}
