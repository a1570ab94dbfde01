package game

import "testing"

func TestRunAcceleratesToRunSpeedAndStops(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 2, 16)
	run(&s, 1, inputs(InputRight))
	if got := s.fish[0].VX; got != RunAccel {
		t.Fatalf("VX after one frame of running = %d, want %d", got, RunAccel)
	}
	run(&s, 10, inputs(InputRight))
	if got := s.fish[0].VX; got != RunSpeed {
		t.Fatalf("VX after 11 frames of running = %d, want RunSpeed %d", got, RunSpeed)
	}
	if a := s.fish[0].Anim(); a != AnimRun {
		t.Errorf("Anim while running = %d, want AnimRun", a)
	}
	x := s.fish[0].X
	run(&s, 1, inputs(InputRight))
	if got := s.fish[0].X - x; got != RunSpeed {
		t.Errorf("X moved %d in a frame at top speed, want %d", got, RunSpeed)
	}
	// Friction stops the fish within a handful of frames.
	run(&s, RunSpeed/GroundFriction+1, inputs())
	if got := s.fish[0].VX; got != 0 {
		t.Errorf("VX after releasing = %d, want 0", got)
	}
	if a := s.fish[0].Anim(); a != AnimIdle {
		t.Errorf("Anim at rest = %d, want AnimIdle", a)
	}
	// Turning brakes and accelerates at once.
	run(&s, 12, inputs(InputRight))
	run(&s, 1, inputs(InputLeft))
	if got, want := s.fish[0].VX, int32(RunSpeed-RunAccel-GroundFriction); got != want {
		t.Errorf("VX after one frame of turning = %d, want %d", got, want)
	}
	if s.fish[0].Facing != -1 {
		t.Errorf("Facing after turning = %d, want -1", s.fish[0].Facing)
	}
}

// apex returns how many pixels a fish standing in the open rises when it
// holds jump for hold frames.
func apex(t *testing.T, hold int) int32 {
	t.Helper()
	s := newArena(t, 2)
	place(&s, 0, 7, 16)
	start := s.fish[0].Y
	top := start
	for i := range 120 {
		var in Input
		if i < hold {
			in = InputJump
		}
		s.Step(inputs(in))
		top = min(top, s.fish[0].Y)
	}
	if !s.fish[0].OnGround {
		t.Fatalf("fish did not land after jumping")
	}
	return (start - top) / SubPixel
}

func TestJumpHeightVariesWithHold(t *testing.T) {
	full := apex(t, 60)
	if full < 3*TileSize+TileSize/2 || full > 4*TileSize+TileSize/2 {
		t.Errorf("full jump rises %d px, want about 4 tiles (56 to 72)", full)
	}
	tap := apex(t, 1)
	if tap > TileSize+TileSize/2 {
		t.Errorf("tapped jump rises %d px, want at most 1.5 tiles", tap)
	}
	mid := apex(t, 8)
	if mid <= tap || mid >= full {
		t.Errorf("jump held 8 frames rises %d px, want between tap %d and full %d", mid, tap, full)
	}
}

func TestJumpEmitsJumpAndLand(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 7, 16)
	evs := run(&s, 1, inputs(InputJump))
	if n := count(evs, EventJump, 0); n != 1 {
		t.Fatalf("jump events = %d, want 1", n)
	}
	// Holding jump does not jump again; the fish lands once.
	evs = run(&s, 90, inputs(InputJump))
	if n := count(evs, EventJump, 0); n != 0 {
		t.Errorf("jump events while holding = %d, want 0", n)
	}
	if n := count(evs, EventLand, 0); n != 1 {
		t.Errorf("land events = %d, want 1", n)
	}
}

func TestGlideCapsFallSpeed(t *testing.T) {
	fall := func(in Input) (maxVY int32, frames int, glided bool) {
		s := newArena(t, 2)
		place(&s, 0, 7, 2) // high above the floor
		s.fish[0].OnGround = false
		s.fish[0].airFrames = CoyoteFrames
		for !s.fish[0].OnGround {
			s.Step(inputs(in))
			frames++
			maxVY = max(maxVY, s.fish[0].VY)
			glided = glided || s.fish[0].Anim() == AnimGlide
		}
		return maxVY, frames, glided
	}
	vy, freeFrames, glided := fall(0)
	if vy != MaxFallSpeed || glided {
		t.Errorf("free fall: max VY = %d, glided %v, want MaxFallSpeed %d without gliding", vy, glided, MaxFallSpeed)
	}
	vy, glideFrames, glided := fall(InputJump)
	if vy != GlideFallSpeed || !glided {
		t.Errorf("glide: max VY = %d, glided %v, want GlideFallSpeed %d with AnimGlide", vy, glided, GlideFallSpeed)
	}
	if GlideFallSpeed*3 > MaxFallSpeed || GlideFallSpeed*3 < MaxFallSpeed-3 {
		t.Errorf("GlideFallSpeed = %d, want a third of MaxFallSpeed %d", GlideFallSpeed, MaxFallSpeed)
	}
	if glideFrames < 2*freeFrames {
		t.Errorf("glide took %d frames to land, free fall %d, want the glide at least twice as long", glideFrames, freeFrames)
	}
}

func TestOneWayPlatform(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 12, 16) // under the platform (row 13, top 208 px)
	run(&s, 60, inputs(InputJump))
	run(&s, 30, inputs())
	f := s.fish[0]
	if !f.OnGround || f.Y+fishH != 13*tileSub {
		t.Fatalf("after jumping up through the platform: bottom %d px, on ground %v; want standing on it at 208 px",
			(f.Y+fishH)/SubPixel, f.OnGround)
	}
	// Down alone does nothing.
	run(&s, 10, inputs(InputDown))
	if f := s.fish[0]; f.Y+fishH != 13*tileSub || !f.OnGround {
		t.Fatalf("down alone moved the fish off the platform to %d px", (f.Y+fishH)/SubPixel)
	}
	// Down + jump drops through, without jumping.
	evs := run(&s, 1, inputs(InputDown|InputJump))
	if count(evs, EventDrop, 0) != 1 || count(evs, EventJump, 0) != 0 {
		t.Fatalf("down+jump events = %v, want one drop and no jump", evs)
	}
	run(&s, 40, inputs(InputDown|InputJump))
	if f := s.fish[0]; f.Y+fishH != 16*tileSub || !f.OnGround {
		t.Errorf("after dropping: bottom %d px, on ground %v; want on the floor at 256 px", (f.Y+fishH)/SubPixel, f.OnGround)
	}
	// On a solid floor down + jump is a plain jump.
	evs = run(&s, 1, inputs(InputDown|InputJump))
	evs = append(evs, run(&s, 1, inputs())...)
	evs = append(evs, run(&s, 1, inputs(InputDown|InputJump))...)
	if count(evs, EventDrop, 0) != 0 || count(evs, EventJump, 0) != 1 {
		t.Errorf("down+jump on a solid floor gave %d drops, %d jumps; want 0 and 1", count(evs, EventDrop, 0), count(evs, EventJump, 0))
	}
}

func TestWallsAndCeilingsStopFish(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 24, 16) // right of the pit, left of the wall at col 25
	run(&s, 30, inputs(InputRight))
	f := s.fish[0]
	if want := int32(25*tileSub - fishW); f.X != want || f.VX != 0 {
		t.Errorf("running into the wall: X = %d, VX = %d; want X %d (touching col 25), VX 0", f.X, f.VX, want)
	}
	// The left edge of the world is a wall too.
	place(&s, 1, 1, 16)
	run(&s, 30, inputs(0, InputLeft))
	if got := s.fish[1].X; got != tileSub {
		t.Errorf("running into the left wall: X = %d, want %d", got, tileSub)
	}
	// A low ceiling stops the jump.
	place(&s, 0, 3, 16)
	top := s.fish[0].Y
	for range 20 {
		s.Step(inputs(InputJump))
		top = min(top, s.fish[0].Y)
	}
	if want := int32(14 * tileSub); top != want {
		t.Errorf("jumping under a ceiling: top reached %d px, want %d (the ceiling's underside)", top/SubPixel, want/SubPixel)
	}
}

func TestFallingOutOfTheMapKills(t *testing.T) {
	s := newArena(t, 3)
	place(&s, 0, 18, 16)
	var evs []Event
	for range 120 {
		s.Step(inputs(InputRight))
		evs = append(evs, s.Events()...)
		if !s.fish[0].Alive {
			break
		}
	}
	e, ok := find(evs, EventDeath)
	if !ok || e.Slot != 0 || e.Other != -1 {
		t.Fatalf("falling into the pit: death event %+v (found %v), want slot 0 killed by -1", e, ok)
	}
	if s.fish[0].Alive || s.fish[0].Anim() != AnimDead {
		t.Errorf("fish alive %v, anim %d after falling out; want dead", s.fish[0].Alive, s.fish[0].Anim())
	}
	if got := s.Alive(); got != 2 {
		t.Errorf("Alive() = %d, want 2", got)
	}
}

func TestDeadFishStaysAndIgnoresInput(t *testing.T) {
	s := newArena(t, 3)
	place(&s, 0, 2, 16)
	s.kill(0, 1)
	x := s.fish[0].X
	evs := run(&s, 30, inputs(InputRight|InputJump|InputFire|InputGrab))
	if s.fish[0].X != x || len(evs) != 0 {
		t.Errorf("dead fish moved from %d to %d or made events %v", x, s.fish[0].X, evs)
	}
	if s.fish[0].Anim() != AnimDead || s.fish[0].AnimFrames < 30 {
		t.Errorf("body anim %d after %d frames, want AnimDead counting frames", s.fish[0].Anim(), s.fish[0].AnimFrames)
	}
}
