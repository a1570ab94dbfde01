package frontend

import (
	"encoding/binary"
	"math"
)

// Sound names one synthesized sound effect.
type Sound uint8

// The sound effects.
const (
	// SoundJump plays when a fish jumps or drops through a platform.
	SoundJump Sound = iota
	// SoundLand plays when a fish lands.
	SoundLand
	// SoundShot plays when a gun fires.
	SoundShot
	// SoundEmpty plays when an empty gun clicks.
	SoundEmpty
	// SoundSwing plays when a sword swings.
	SoundSwing
	// SoundClash plays when two swords clash.
	SoundClash
	// SoundHit plays when a bullet or sword hits a fish.
	SoundHit
	// SoundDeath plays when a fish dies.
	SoundDeath
	// SoundPickup plays when a fish picks up a weapon.
	SoundPickup
	// SoundThrow plays when a fish throws a weapon.
	SoundThrow
	// SoundStun plays when a thrown weapon stuns a fish.
	SoundStun
	// SoundSpawn plays when a weapon appears.
	SoundSpawn
	// SoundRoundStart plays when a round begins.
	SoundRoundStart
	// SoundRoundWin plays when a fish wins a round.
	SoundRoundWin
	// SoundMatchWin plays when a fish wins the match.
	SoundMatchWin
	soundCount
)

// wave is the shape of a tone.
type wave uint8

const (
	waveSquare wave = iota
	waveTriangle
	waveSine
	waveNoise
)

// note is one segment of a sound: a tone sliding from f0 to f1 Hz.
type note struct {
	w      wave
	f0, f1 float64
	ms     int
	vol    float64
}

// recipe returns the notes of sound s, played one after the other.
func recipe(s Sound) []note {
	switch s {
	case SoundJump:
		return []note{{waveSquare, 280, 620, 90, 0.25}}
	case SoundLand:
		return []note{{waveNoise, 900, 200, 50, 0.25}}
	case SoundShot:
		return []note{{waveNoise, 4000, 600, 90, 0.45}, {waveSquare, 180, 90, 30, 0.2}}
	case SoundEmpty:
		return []note{{waveSquare, 1800, 1800, 15, 0.15}}
	case SoundSwing:
		return []note{{waveNoise, 600, 2500, 110, 0.25}}
	case SoundClash:
		return []note{{waveTriangle, 2200, 1900, 180, 0.35}}
	case SoundHit:
		return []note{{waveSquare, 520, 110, 140, 0.35}}
	case SoundDeath:
		return []note{{waveSquare, 700, 60, 380, 0.35}}
	case SoundPickup:
		return []note{{waveTriangle, 660, 660, 60, 0.35}, {waveTriangle, 990, 990, 90, 0.35}}
	case SoundThrow:
		return []note{{waveNoise, 300, 1500, 130, 0.2}}
	case SoundStun:
		return []note{{waveTriangle, 1200, 800, 70, 0.3}, {waveTriangle, 1200, 800, 70, 0.3}}
	case SoundSpawn:
		return []note{{waveSine, 880, 1320, 120, 0.2}}
	case SoundRoundStart:
		return []note{{waveSquare, 523, 523, 110, 0.2}, {waveSquare, 659, 659, 110, 0.2}, {waveSquare, 784, 784, 180, 0.2}}
	case SoundRoundWin:
		return []note{{waveTriangle, 784, 784, 100, 0.35}, {waveTriangle, 988, 988, 100, 0.35}, {waveTriangle, 1175, 1175, 260, 0.35}}
	default: // SoundMatchWin
		return []note{
			{waveSquare, 523, 523, 120, 0.2}, {waveSquare, 659, 659, 120, 0.2}, {waveSquare, 784, 784, 120, 0.2},
			{waveSquare, 1047, 1047, 360, 0.22},
		}
	}
}

// Synthesize renders sound s as 16-bit little-endian stereo PCM at
// sampleRate samples per second. The result depends only on its arguments.
func Synthesize(s Sound, sampleRate int) []byte {
	var pcm []byte
	noise := uint32(0x2545f491) // xorshift state, local to this call
	for _, n := range recipe(s) {
		count := sampleRate * n.ms / 1000
		attack := sampleRate / 500 // 2 ms
		phase := 0.0
		hold := 0.0
		for i := range count {
			t := float64(i) / float64(count)
			f := n.f0 + (n.f1-n.f0)*t
			phase += f / float64(sampleRate)
			phase -= math.Floor(phase)
			var v float64
			switch n.w {
			case waveSquare:
				v = 1
				if phase >= 0.5 {
					v = -1
				}
			case waveTriangle:
				v = 4*math.Abs(phase-0.5) - 1
			case waveSine:
				v = math.Sin(2 * math.Pi * phase)
			case waveNoise:
				// Sample and hold white noise at the note's frequency.
				if phase < f/float64(sampleRate) || i == 0 {
					noise ^= noise << 13
					noise ^= noise >> 17
					noise ^= noise << 5
					hold = float64(noise)/float64(math.MaxUint32)*2 - 1
				}
				v = hold
			}
			env := (1 - t) * (1 - t)
			if i < attack {
				env *= float64(i) / float64(attack)
			}
			sample := int16(v * env * n.vol * math.MaxInt16)
			pcm = binary.LittleEndian.AppendUint16(pcm, uint16(sample))
			pcm = binary.LittleEndian.AppendUint16(pcm, uint16(sample))
		}
	}
	return pcm
}
