package game

import (
	"fmt"
	"strings"
)

// String describes the whole state in readable text, one entity per line,
// for desync reports: diffing the dumps of two peers' states at the first
// mismatching frame shows what diverged. It allocates; keep it off hot paths.
func (s *State) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "frame %d phase %v timer %d round %d map %d/%d (%s) last-winner %d wins %v rng 0x%016x maps 0x%016x checksum 0x%016x\n",
		s.frame, s.phase, s.phaseTimer, s.round, s.MapIndex(), s.numMaps, s.currentMap().Name(),
		s.lastWinner, s.wins[:s.players], s.rng.s, s.mapsDigest, s.Checksum())
	fmt.Fprintf(&b, "respawn %v dying %04b killer %v\n", s.respawn, s.dying, s.killer)
	for i := range int(s.players) {
		f := &s.fish[i]
		fmt.Fprintf(&b, "fish %d: pos %d,%d vel %d,%d facing %d alive %v ground %v glide %v weapon %v ammo %d cooldown %d swing %d stun %d anim %d/%d prev %v air %d jumpbuf %d drop %d\n",
			i, f.X, f.Y, f.VX, f.VY, f.Facing, f.Alive, f.OnGround, f.Gliding, f.Weapon, f.Ammo, f.Cooldown,
			f.Swing, f.Stun, f.anim, f.AnimFrames, f.prev, f.airFrames, f.jumpBuffer, f.dropFrames)
	}
	for i := range s.items {
		it := &s.items[i]
		if it.Weapon == WeaponNone && *it == (Item{}) {
			continue
		}
		fmt.Fprintf(&b, "item %d: %v pos %d,%d vel %d,%d ammo %d thrown %v by %d fresh %v ground %v\n",
			i, it.Weapon, it.X, it.Y, it.VX, it.VY, it.Ammo, it.Thrown, it.Thrower, it.Fresh, it.OnGround)
	}
	for i := range s.bullets {
		bl := &s.bullets[i]
		if *bl == (Bullet{}) {
			continue
		}
		fmt.Fprintf(&b, "bullet %d: active %v pos %d,%d vx %d owner %d\n", i, bl.Active, bl.X, bl.Y, bl.VX, bl.Owner)
	}
	return b.String()
}
