package frontend

import (
	"image/color"
	"math/rand/v2"

	"github.com/hajimehoshi/ebiten/v2"
)

// maxParticles bounds the particles alive at once; new ones replace the
// oldest.
const maxParticles = 512

// particle is one short-lived coloured pixel.
type particle struct {
	x, y, vx, vy float32
	gravity      float32
	life, total  int
	size         float32
	c            color.RGBA
}

// effects holds the particles and the screen shake. It is presentation only:
// it never feeds back into the simulation, and its randomness is its own.
type effects struct {
	parts [maxParticles]particle
	next  int
	rng   *rand.Rand
	// shake counts down the frames of screen shake; shakeAmp is its size.
	shake    int
	shakeAmp float32
}

// newEffects makes an empty effect layer with its own random source.
func newEffects(seed uint64) *effects {
	return &effects{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

// burst emits n particles at x, y flying out at up to speed px/frame.
func (e *effects) burst(x, y float32, n int, speed, gravity float32, life int, c color.RGBA) {
	for range n {
		p := &e.parts[e.next]
		e.next = (e.next + 1) % maxParticles
		*p = particle{
			x: x, y: y,
			vx:      (e.rng.Float32()*2 - 1) * speed,
			vy:      (e.rng.Float32()*2 - 1) * speed,
			gravity: gravity,
			life:    life/2 + e.rng.IntN(life/2+1),
			size:    1 + float32(e.rng.IntN(2)),
			c:       c,
		}
		p.total = p.life
	}
}

// spray emits n particles at x, y flying mostly in direction dir (±1).
func (e *effects) spray(x, y, dir float32, n int, c color.RGBA) {
	for range n {
		p := &e.parts[e.next]
		e.next = (e.next + 1) % maxParticles
		*p = particle{
			x: x, y: y,
			vx:   dir * (1 + e.rng.Float32()*2.5),
			vy:   (e.rng.Float32()*2 - 1) * 0.8,
			life: 6 + e.rng.IntN(8), size: 1, c: c,
		}
		p.total = p.life
	}
}

// bubbles emits n slowly rising bubbles around x, y.
func (e *effects) bubbles(x, y float32, n int) {
	for range n {
		p := &e.parts[e.next]
		e.next = (e.next + 1) % maxParticles
		*p = particle{
			x: x + (e.rng.Float32()*2-1)*6, y: y + (e.rng.Float32()*2-1)*4,
			vx: (e.rng.Float32()*2 - 1) * 0.2, vy: -0.3 - e.rng.Float32()*0.5,
			life: 40 + e.rng.IntN(40), size: 2,
			c: color.RGBA{0x7e, 0xa0, 0xb0, 0xb0}, // premultiplied
		}
		p.total = p.life
	}
}

// shakeScreen starts a shake of amp pixels for frames frames, unless a
// bigger one is running.
func (e *effects) shakeScreen(amp float32, frames int) {
	if e.shake > 0 && e.shakeAmp > amp {
		return
	}
	e.shakeAmp, e.shake = amp, frames
}

// update moves the particles and counts the shake down by one frame.
func (e *effects) update() {
	for i := range e.parts {
		p := &e.parts[i]
		if p.life <= 0 {
			continue
		}
		p.life--
		p.x += p.vx
		p.y += p.vy
		p.vy += p.gravity
		p.vx *= 0.94
	}
	if e.shake > 0 {
		e.shake--
	}
}

// offset returns this frame's screen shake in whole pixels.
func (e *effects) offset() (float64, float64) {
	if e.shake == 0 {
		return 0, 0
	}
	a := e.shakeAmp * float32(e.shake) / 12
	if a > e.shakeAmp {
		a = e.shakeAmp
	}
	dx := (e.rng.Float32()*2 - 1) * a
	dy := (e.rng.Float32()*2 - 1) * a
	return float64(int(dx)), float64(int(dy))
}

// draw paints the living particles, fading out, shifted by dx, dy.
func (e *effects) draw(dst *ebiten.Image, dx, dy float64) {
	for i := range e.parts {
		p := &e.parts[i]
		if p.life <= 0 {
			continue
		}
		c := p.c
		if p.life < p.total/2 {
			f := float32(p.life) / float32(p.total/2+1)
			c.R, c.G, c.B, c.A = uint8(float32(c.R)*f), uint8(float32(c.G)*f), uint8(float32(c.B)*f), uint8(float32(c.A)*f)
		}
		rect(dst, float32(int(p.x)+int(dx)), float32(int(p.y)+int(dy)), p.size, p.size, c)
	}
}

// clear removes every particle and stops the shake.
func (e *effects) clear() {
	e.parts = [maxParticles]particle{}
	e.shake = 0
}
