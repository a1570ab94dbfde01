package game

// pickUp gives the fish in slot the first resting weapon it touches.
func (s *State) pickUp(slot int) {
	f := &s.fish[slot]
	for i := range s.items {
		it := &s.items[i]
		if it.Weapon == WeaponNone || it.Thrown {
			continue
		}
		if !overlaps(f.X, f.Y, f.X+fishW, f.Y+fishH, it.X, it.Y, it.X+itemW, it.Y+itemH) {
			continue
		}
		f.Weapon, f.Ammo, f.Cooldown, f.Swing = it.Weapon, it.Ammo, 0, 0
		if it.Fresh {
			s.scheduleRespawn()
		}
		s.emit(EventPickup, int8(slot), -1, it.Weapon, it.X+itemW/2, it.Y+itemH/2)
		*it = Item{}
		return
	}
}

// throw sends the weapon of the fish in slot flying the way it faces.
func (s *State) throw(slot int) {
	f := &s.fish[slot]
	w := f.Weapon
	vx := int32(f.Facing)*ThrowSpeed + f.VX/2
	s.dropWeapon(slot, vx, -ThrowLift, true)
	s.emit(EventThrow, int8(slot), -1, w, f.CenterX(), f.CenterY())
}

// dropWeapon turns the weapon of the fish in slot into an item moving at
// vx, vy; thrown items stun the fish they hit. A free item slot always
// exists: respawns leave MaxPlayers slots free for held weapons.
func (s *State) dropWeapon(slot int, vx, vy int32, thrown bool) {
	f := &s.fish[slot]
	for i := range s.items {
		it := &s.items[i]
		if it.Weapon != WeaponNone {
			continue
		}
		x := f.CenterX() - itemW/2
		if thrown {
			// Start in front of the fish, but not inside a wall.
			x += int32(f.Facing) * (fishW/2 + itemW/2)
			m := s.currentMap()
			for r := tileOf(f.Y); r <= tileOf(f.Y+itemH-1); r++ {
				if m.solidAt(tileOf(x), r) || m.solidAt(tileOf(x+itemW-1), r) {
					x = f.CenterX() - itemW/2
					break
				}
			}
		}
		*it = Item{X: x, Y: f.Y, VX: vx, VY: vy, Weapon: f.Weapon, Ammo: f.Ammo, Thrown: thrown, Thrower: int8(slot)}
		break
	}
	f.Weapon, f.Ammo, f.Swing = WeaponNone, 0, 0
}

// stepItems moves weapons on the map: they fall, slide to a stop, and a
// thrown one stuns the first living fish it touches other than its thrower.
func (s *State) stepItems() {
	m := s.currentMap()
	for i := range s.items {
		it := &s.items[i]
		if it.Weapon == WeaponNone {
			continue
		}
		if it.OnGround && !it.Thrown {
			it.VX = approach(it.VX, 0, GroundFriction)
		}
		it.VY = min(it.VY+Gravity, MaxFallSpeed)
		var hitWall bool
		oldVX := it.VX
		it.X, it.VX = moveX(m, it.X, it.Y, it.VX, itemW, itemH)
		hitWall = oldVX != 0 && it.VX == 0
		it.Y, it.VY, it.OnGround = moveY(m, it.X, it.Y, it.VY, itemW, itemH, true)
		if it.Y >= worldH {
			*it = Item{}
			continue
		}
		if !it.Thrown {
			continue
		}
		if it.OnGround || hitWall {
			it.Thrown = false
			continue
		}
		if s.phase != PhasePlay {
			continue
		}
		for slot := range int(s.players) {
			f := &s.fish[slot]
			if int8(slot) == it.Thrower || !f.Alive {
				continue
			}
			if overlaps(f.X, f.Y, f.X+fishW, f.Y+fishH, it.X, it.Y, it.X+itemW, it.Y+itemH) {
				f.Stun = StunFrames
				f.Swing = 0
				f.VX = it.VX / 2
				it.VX, it.VY, it.Thrown = -it.VX/4, -2*SubPixel, false
				s.emit(EventStun, int8(slot), it.Thrower, it.Weapon, f.CenterX(), f.CenterY())
				break
			}
		}
	}
}

// scheduleRespawn starts a countdown to a new weapon.
func (s *State) scheduleRespawn() {
	for i := range s.respawn {
		if s.respawn[i] == 0 {
			s.respawn[i] = RespawnFrames
			return
		}
	}
}

// stepRespawns counts down pending respawns; a countdown that cannot place
// its weapon yet (no free spawn point or item slot) retries next frame.
func (s *State) stepRespawns() {
	for i := range s.respawn {
		switch s.respawn[i] {
		case 0:
		case 1:
			if s.spawnWeapon() {
				s.respawn[i] = 0
			}
		default:
			s.respawn[i]--
		}
	}
}

// spawnWeapon places a random weapon at a random free weapon spawn point.
// It reports false if no spawn point is free or the items are full (it keeps
// MaxPlayers item slots free so every held weapon can always be dropped).
func (s *State) spawnWeapon() bool {
	free := 0
	slot := -1
	for i := range s.items {
		if s.items[i].Weapon == WeaponNone {
			free++
			if slot < 0 {
				slot = i
			}
		}
	}
	if free <= MaxPlayers {
		return false
	}
	m := s.currentMap()
	var open [MaxWeaponSpawns]uint8
	nOpen := 0
	for p := range int(m.numWeapons) {
		x, y := spawnItemPos(m.weaponSpawns[p])
		taken := false
		for i := range s.items {
			it := &s.items[i]
			if it.Weapon != WeaponNone && overlaps(x, y, x+itemW, y+itemH, it.X, it.Y, it.X+itemW, it.Y+itemH) {
				taken = true
				break
			}
		}
		if !taken {
			open[nOpen] = uint8(p)
			nOpen++
		}
	}
	if nOpen == 0 {
		return false
	}
	p := open[s.rng.Intn(int32(nOpen))]
	w := WeaponSword
	if s.rng.Intn(100) < GunChance {
		w = WeaponGun
	}
	x, y := spawnItemPos(m.weaponSpawns[p])
	it := Item{X: x, Y: y, Weapon: w, Fresh: true, Thrower: -1, OnGround: true}
	if w == WeaponGun {
		it.Ammo = GunAmmo
	}
	s.items[slot] = it
	s.emit(EventSpawn, -1, -1, w, x+itemW/2, y+itemH/2)
	return true
}

// spawnItemPos returns where a weapon spawning on tile p rests: centered,
// on the tile's floor.
func spawnItemPos(p TilePos) (x, y int32) {
	return int32(p.Col)*tileSub + (tileSub-itemW)/2, int32(p.Row)*tileSub + tileSub - itemH
}
