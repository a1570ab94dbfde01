package game

import "testing"

// giveItem puts a resting weapon centered on col, on the floor at floorRow.
func giveItem(s *State, i int, w Weapon, col, floorRow int, fresh bool) {
	x, y := spawnItemPos(TilePos{Col: int8(col), Row: int8(floorRow - 1)})
	it := Item{X: x, Y: y, Weapon: w, Fresh: fresh, Thrower: -1, OnGround: true}
	if w == WeaponGun {
		it.Ammo = GunAmmo
	}
	s.items[i] = it
}

// arm gives the fish in slot a weapon in hand.
func arm(s *State, slot int, w Weapon) {
	s.fish[slot].Weapon = w
	if w == WeaponGun {
		s.fish[slot].Ammo = GunAmmo
	}
}

func TestPickupNeedsTouchAndGrab(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 2, 16)
	giveItem(&s, 0, WeaponGun, 2, 16, true)
	giveItem(&s, 1, WeaponSword, 8, 16, true)
	// Touching without grab picks up nothing.
	run(&s, 5, inputs())
	if s.fish[0].Weapon != WeaponNone {
		t.Fatalf("weapon picked up without grab")
	}
	evs := run(&s, 1, inputs(InputGrab))
	if e, ok := find(evs, EventPickup); !ok || e.Slot != 0 || e.Weapon != WeaponGun {
		t.Fatalf("grab while touching: pickup event %+v (found %v), want slot 0 gun", e, ok)
	}
	if f := s.fish[0]; f.Weapon != WeaponGun || f.Ammo != GunAmmo {
		t.Fatalf("after pickup: weapon %v ammo %d, want gun with %d", f.Weapon, f.Ammo, GunAmmo)
	}
	if s.items[0].Weapon != WeaponNone {
		t.Errorf("picked-up item still on the map")
	}
	// A grab away from any weapon throws the held one instead of grabbing.
	place(&s, 1, 5, 16)
	run(&s, 1, inputs(0, InputGrab))
	if s.fish[1].Weapon != WeaponNone {
		t.Errorf("grab with nothing in reach gave slot 1 a %v", s.fish[1].Weapon)
	}
	// Taking a spawned weapon brings a new one RespawnFrames later.
	before := 0
	for i := range s.items {
		if s.items[i].Weapon != WeaponNone {
			before++
		}
	}
	evs = run(&s, RespawnFrames+1, inputs())
	if n := count(evs, EventSpawn, -2); n != 1 {
		t.Fatalf("spawn events in the %d frames after a pickup = %d, want 1", RespawnFrames+1, n)
	}
	after := 0
	for i := range s.items {
		if s.items[i].Weapon != WeaponNone {
			after++
			if it := s.items[i]; it.Fresh && (it.X%SubPixel != 0 || it.Y%SubPixel != 0) {
				t.Errorf("spawned item at unaligned %d,%d", it.X, it.Y)
			}
		}
	}
	if after != before+1 {
		t.Errorf("items on the map after respawn = %d, want %d", after, before+1)
	}
}

func TestGunShootsKillsAndRunsDry(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 2, 16)
	place(&s, 1, 12, 16)
	arm(&s, 0, WeaponGun)
	evs := run(&s, 1, inputs(InputFire))
	shot, ok := find(evs, EventShot)
	if !ok || shot.Slot != 0 {
		t.Fatalf("fire: shot event %+v (found %v), want slot 0", shot, ok)
	}
	if got := s.fish[0].VX; got != -GunRecoil {
		t.Errorf("shooter VX after a shot = %d, want recoil %d", got, -GunRecoil)
	}
	if s.fish[0].Ammo != GunAmmo-1 {
		t.Errorf("ammo after a shot = %d, want %d", s.fish[0].Ammo, GunAmmo-1)
	}
	var b Bullet
	for i := range s.bullets {
		if s.bullets[i].Active {
			b = s.bullets[i]
		}
	}
	x := b.X
	run(&s, 1, inputs())
	for i := range s.bullets {
		if s.bullets[i].Active && s.bullets[i].X-x != BulletSpeed {
			t.Errorf("bullet moved %d in a frame, want %d", s.bullets[i].X-x, BulletSpeed)
		}
	}
	evs = run(&s, 30, inputs())
	death, ok := find(evs, EventDeath)
	if !ok || death.Slot != 1 || death.Other != 0 {
		t.Fatalf("death event %+v (found %v), want slot 1 killed by 0", death, ok)
	}
	if _, ok := find(evs, EventHit); !ok {
		t.Errorf("no hit event before the death")
	}
	// Held fire shoots once per cooldown until the gun is empty, then clicks.
	s = newArena(t, 2)
	place(&s, 0, 2, 16)
	place(&s, 1, 27, 16) // behind the wall
	arm(&s, 0, WeaponGun)
	evs = run(&s, GunCooldown*(GunAmmo+1), inputs(InputFire))
	if n := count(evs, EventShot, 0); n != GunAmmo {
		t.Errorf("shots from a held trigger = %d, want %d", n, GunAmmo)
	}
	if n := count(evs, EventEmpty, 0); n != 1 {
		t.Errorf("empty clicks = %d, want 1", n)
	}
	var shots []int32
	for _, e := range evs {
		if e.Kind == EventShot {
			shots = append(shots, e.Frame)
		}
	}
	for i := 1; i < len(shots); i++ {
		if d := shots[i] - shots[i-1]; d != GunCooldown {
			t.Errorf("frames between shots %d and %d = %d, want %d", i-1, i, d, GunCooldown)
		}
	}
}

func TestBulletsStopAtWalls(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 23, 16)
	place(&s, 1, 27, 16) // behind the wall at col 25
	arm(&s, 0, WeaponGun)
	evs := run(&s, 20, inputs(InputFire))
	if !s.fish[1].Alive {
		t.Fatalf("fish behind a wall was shot")
	}
	stop, ok := find(evs, EventBulletStop)
	if !ok || stop.X != 25*TileSize {
		t.Errorf("bullet stop event %+v (found %v), want one at the wall's face x=%d", stop, ok, 25*TileSize)
	}
	for i := range s.bullets {
		if b := s.bullets[i]; b.Active && b.X >= 25*tileSub {
			t.Errorf("bullet %d at x=%d px, inside or past the wall", i, b.X/SubPixel)
		}
	}
	// One-way platforms do not stop bullets.
	s = newArena(t, 2)
	place(&s, 0, 8, 14) // level with the platform row 13
	s.fish[0].Y = 13*tileSub - 2*SubPixel
	s.fish[0].OnGround = false
	place(&s, 1, 18, 14)
	s.fish[1].Y = s.fish[0].Y
	arm(&s, 0, WeaponGun)
	s.fire(0)
	for range 25 {
		s.stepBullets()
	}
	if s.dying&2 == 0 {
		t.Errorf("bullet fired along a one-way platform did not reach the fish behind it")
	}
}

func TestSwordKillsInReach(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 2, 16)
	place(&s, 1, 3, 16) // 16 px away: within SwordReach of the front
	arm(&s, 0, WeaponSword)
	evs := run(&s, 1, inputs(InputFire))
	if n := count(evs, EventSwing, 0); n != 1 {
		t.Fatalf("swing events = %d, want 1", n)
	}
	if d, ok := find(evs, EventDeath); !ok || d.Slot != 1 || d.Other != 0 || d.Weapon != WeaponNone {
		t.Errorf("death event %+v (found %v), want slot 1 killed by 0", d, ok)
	}
	// Out of reach the swing hits nothing, and the cooldown holds the next one.
	s = newArena(t, 2)
	place(&s, 0, 2, 16)
	place(&s, 1, 5, 16)
	arm(&s, 0, WeaponSword)
	evs = run(&s, SwordCooldown, inputs(InputFire))
	if !s.fish[1].Alive {
		t.Errorf("fish out of the sword's reach died")
	}
	if n := count(evs, EventSwing, 0); n != 1 {
		t.Errorf("swings in %d frames of held fire = %d, want 1", SwordCooldown, n)
	}
}

func TestSwordsClash(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 6, 16)
	place(&s, 1, 8, 16)
	s.fish[1].Facing = -1
	arm(&s, 0, WeaponSword)
	arm(&s, 1, WeaponSword)
	evs := run(&s, 1, inputs(InputFire, InputFire))
	c, ok := find(evs, EventClash)
	if !ok {
		t.Fatalf("events %v, want a clash", evs)
	}
	if (c.Slot != 0 || c.Other != 1) && (c.Slot != 1 || c.Other != 0) {
		t.Errorf("clash between %d and %d, want 0 and 1", c.Slot, c.Other)
	}
	if !s.fish[0].Alive || !s.fish[1].Alive {
		t.Fatalf("a fish died in a clash")
	}
	if s.fish[0].VX >= 0 || s.fish[1].VX <= 0 {
		t.Errorf("VX after clash = %d, %d; want both pushed apart", s.fish[0].VX, s.fish[1].VX)
	}
	run(&s, 20, inputs())
	if d := s.fish[1].X - s.fish[0].X; d <= 2*tileSub {
		t.Errorf("fish %d px apart after the knockback, want more than the 32 px they started at", d/SubPixel)
	}
}

func TestThrowStunsButDoesNotKill(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 2, 16)
	place(&s, 1, 6, 16)
	arm(&s, 0, WeaponGun)
	evs := run(&s, 1, inputs(InputGrab))
	if e, ok := find(evs, EventThrow); !ok || e.Slot != 0 || e.Weapon != WeaponGun {
		t.Fatalf("throw event %+v (found %v), want slot 0 gun", e, ok)
	}
	if s.fish[0].Weapon != WeaponNone {
		t.Fatalf("thrower still holds %v", s.fish[0].Weapon)
	}
	var stun Event
	for i := 0; i < 30; i++ {
		evs := run(&s, 1, inputs())
		if e, ok := find(evs, EventStun); ok {
			stun = e
			break
		}
	}
	if stun.Slot != 1 || stun.Other != 0 {
		t.Fatalf("stun event %+v, want slot 1 stunned by 0", stun)
	}
	if !s.fish[1].Alive || s.fish[1].Stun == 0 {
		t.Fatalf("victim alive %v stun %d, want alive and stunned", s.fish[1].Alive, s.fish[1].Stun)
	}
	// A stunned fish ignores its input.
	s.fish[1].VX = 0
	x := s.fish[1].X
	run(&s, 10, inputs(0, InputLeft|InputJump))
	if s.fish[1].X != x || !s.fish[1].OnGround {
		t.Errorf("stunned fish moved from %d to %d px (on ground %v)", x/SubPixel, s.fish[1].X/SubPixel, s.fish[1].OnGround)
	}
	run(&s, StunFrames, inputs())
	if s.fish[1].Stun != 0 {
		t.Errorf("stun %d after StunFrames, want 0", s.fish[1].Stun)
	}
	run(&s, 10, inputs(0, InputLeft))
	if s.fish[1].X >= x {
		t.Errorf("fish could not move after the stun wore off")
	}
	// The thrown gun lands and can be picked up with its ammo.
	run(&s, 60, inputs())
	var found bool
	for i := range s.items {
		if it := s.items[i]; it.Weapon == WeaponGun && !it.Thrown && it.OnGround && it.Ammo == GunAmmo && !it.Fresh {
			found = true
		}
	}
	if !found {
		t.Errorf("the thrown gun is not resting on the map with its ammo")
	}
}

func TestDeathDropsTheWeapon(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 1, 9, 16)
	arm(&s, 1, WeaponSword)
	s.kill(1, 0)
	var found bool
	for i := range s.items {
		if s.items[i].Weapon == WeaponSword {
			found = true
		}
	}
	if !found || s.fish[1].Weapon != WeaponNone {
		t.Errorf("dead fish kept its sword (dropped: %v)", found)
	}
}

func TestContestedPickupAlternates(t *testing.T) {
	winners := map[int8]bool{}
	for frame := range 4 {
		s := newArena(t, 2)
		run(&s, frame, inputs())
		place(&s, 0, 8, 16)
		place(&s, 1, 8, 16)
		giveItem(&s, 0, WeaponSword, 8, 16, false)
		evs := run(&s, 1, inputs(InputGrab, InputGrab))
		if n := count(evs, EventPickup, -2); n != 1 {
			t.Fatalf("pickups of one weapon by two fish = %d, want 1", n)
		}
		e, _ := find(evs, EventPickup)
		winners[e.Slot] = true
	}
	if len(winners) != 2 {
		t.Errorf("the same slot won every contested pickup: %v", winners)
	}
}

func TestItemsFallOutOfTheWorld(t *testing.T) {
	s := newArena(t, 2)
	giveItem(&s, 3, WeaponGun, 20, 16, true) // over the pit
	run(&s, 60, inputs())
	if s.items[3].Weapon != WeaponNone {
		t.Errorf("item over the pit is still at %d,%d px", s.items[3].X/SubPixel, s.items[3].Y/SubPixel)
	}
}

func TestRespawnWaitsForAFreeSpawnPoint(t *testing.T) {
	s := newArena(t, 2)
	// The arena's only weapon spawn point (col 15) is taken by a weapon.
	giveItem(&s, 0, WeaponSword, 15, 16, false)
	giveItem(&s, 1, WeaponGun, 2, 16, true)
	place(&s, 0, 2, 16)
	run(&s, 1, inputs(InputGrab))
	if s.fish[0].Weapon != WeaponGun {
		t.Fatalf("pickup failed")
	}
	evs := run(&s, RespawnFrames+30, inputs())
	if n := count(evs, EventSpawn, -2); n != 0 {
		t.Fatalf("a weapon spawned on an occupied spawn point")
	}
	// Clear the spawn point: the pending respawn happens on the next frame.
	place(&s, 1, 15, 16)
	evs = run(&s, 1, inputs(0, InputGrab))
	evs = append(evs, run(&s, 1, inputs())...)
	if n := count(evs, EventSpawn, -2); n != 1 {
		t.Errorf("spawns after the spawn point was cleared = %d, want 1", n)
	}
}
