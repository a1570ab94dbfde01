package game

// fire shoots the held gun of the fish in slot, or clicks if it is empty.
func (s *State) fire(slot int) {
	f := &s.fish[slot]
	f.Cooldown = GunCooldown
	if f.Ammo == 0 {
		s.emit(EventEmpty, int8(slot), -1, WeaponGun, f.CenterX(), f.CenterY())
		return
	}
	b := s.freeBullet()
	if b == nil {
		// Cannot happen with GunCooldown and BulletSpeed as tuned (at most
		// 16 bullets fly at once); if it did, the trigger would just wait.
		return
	}
	f.Ammo--
	x := f.X + fishW
	if f.Facing < 0 {
		x = f.X - 1
	}
	y := f.Y + 5*SubPixel
	s.emit(EventShot, int8(slot), -1, WeaponGun, x, y)
	f.VX -= int32(f.Facing) * GunRecoil
	*b = Bullet{X: x, Y: y, VX: int32(f.Facing) * BulletSpeed, Active: true, Owner: int8(slot)}
	// The muzzle may already be in a wall or in a fish.
	s.bulletContact(b)
}

// freeBullet returns an unused bullet slot, or nil if all are flying.
func (s *State) freeBullet() *Bullet {
	for i := range s.bullets {
		if !s.bullets[i].Active {
			return &s.bullets[i]
		}
	}
	return nil
}

// stepBullets moves every bullet in two half steps (4 px each, less than a
// fish or a tile) and stops it at the first wall or fish. Hits mark the
// victim to die at the end of the frame; bullets only hurt during PhasePlay.
func (s *State) stepBullets() {
	for i := range s.bullets {
		b := &s.bullets[i]
		for half := 0; half < 2 && b.Active; half++ {
			b.X += b.VX / 2
			s.bulletContact(b)
		}
	}
}

// bulletContact stops b if its point is in a solid tile, outside the world
// or in a living fish other than its owner, who is marked to die.
func (s *State) bulletContact(b *Bullet) {
	m := s.currentMap()
	if col := tileOf(b.X); m.solidAt(col, tileOf(b.Y)) {
		// Stop at the face of the wall it entered.
		b.Active = false
		if b.VX > 0 {
			b.X = col * tileSub
		} else {
			b.X = (col+1)*tileSub - 1
		}
		s.emit(EventBulletStop, b.Owner, -1, WeaponGun, b.X, b.Y)
		return
	}
	if s.phase != PhasePlay {
		return
	}
	for slot := range int(s.players) {
		f := &s.fish[slot]
		if int8(slot) == b.Owner || !f.Alive {
			continue
		}
		if b.X >= f.X && b.X < f.X+fishW && b.Y >= f.Y && b.Y < f.Y+fishH {
			b.Active = false
			if s.dying&(1<<slot) == 0 { // one hit event per victim
				s.emit(EventHit, int8(slot), b.Owner, WeaponGun, b.X, b.Y)
				s.doom(slot, b.Owner)
			}
			return
		}
	}
}

// swordBox returns the arc of a swinging sword as x0, y0, x1, y1 (exclusive).
func swordBox(f *Fish) (x0, y0, x1, y1 int32) {
	y0, y1 = f.Y-SwordAbove*SubPixel, f.Y+fishH+SwordBelow*SubPixel
	if f.Facing > 0 {
		return f.X + fishW, y0, f.X + fishW + SwordReach*SubPixel, y1
	}
	return f.X - SwordReach*SubPixel, y0, f.X, y1
}

// overlaps reports whether two boxes given as x0, y0, x1, y1 (exclusive) overlap.
func overlaps(ax0, ay0, ax1, ay1, bx0, by0, bx1, by1 int32) bool {
	return ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1
}

// stepSwords resolves swinging swords: two arcs that meet clash and knock
// both fish back, ending both swings; any other arc kills the living fish it
// touches.
func (s *State) stepSwords() {
	n := int(s.players)
	for a := range n {
		fa := &s.fish[a]
		if !fa.Alive || fa.Swing == 0 {
			continue
		}
		ax0, ay0, ax1, ay1 := swordBox(fa)
		for b := a + 1; b < n; b++ {
			fb := &s.fish[b]
			if !fb.Alive || fb.Swing == 0 {
				continue
			}
			bx0, by0, bx1, by1 := swordBox(fb)
			if !overlaps(ax0, ay0, ax1, ay1, bx0, by0, bx1, by1) {
				continue
			}
			fa.Swing, fb.Swing = 0, 0
			push := int32(ClashKnockback)
			if fa.CenterX() > fb.CenterX() || (fa.CenterX() == fb.CenterX() && fa.Facing < 0) {
				push = -push
			}
			fa.VX, fa.VY = -push, -ClashLift
			fb.VX, fb.VY = push, -ClashLift
			fa.OnGround, fb.OnGround = false, false
			s.emit(EventClash, int8(a), int8(b), WeaponSword, (ax0+ax1+bx0+bx1)/4, (ay0+ay1)/2)
			break
		}
	}
	for a := range n {
		fa := &s.fish[a]
		if !fa.Alive || fa.Swing == 0 {
			continue
		}
		ax0, ay0, ax1, ay1 := swordBox(fa)
		for v := range n {
			fv := &s.fish[v]
			if v == a || !fv.Alive || s.dying&(1<<v) != 0 {
				continue
			}
			if overlaps(ax0, ay0, ax1, ay1, fv.X, fv.Y, fv.X+fishW, fv.Y+fishH) {
				s.doom(v, int8(a))
				s.emit(EventHit, int8(v), int8(a), WeaponSword, fv.CenterX(), fv.CenterY())
			}
		}
	}
}

// doom marks the fish in slot to die at the end of the frame, killed by by
// (-1 for a fall). Deaths wait for the end of the frame so that fish hit in
// the same frame die together, whatever order they were processed in.
func (s *State) doom(slot int, by int8) {
	if s.dying&(1<<slot) != 0 {
		return
	}
	s.dying |= 1 << slot
	s.killer[slot] = by
}

// kill ends the fish in slot; by is the killer or -1. A held weapon drops.
func (s *State) kill(slot int, by int8) {
	f := &s.fish[slot]
	if !f.Alive {
		return
	}
	f.Alive = false
	f.Swing, f.Stun, f.Gliding = 0, 0, false
	f.setAnim(AnimDead)
	s.emit(EventDeath, int8(slot), by, f.Weapon, f.CenterX(), f.CenterY())
	if f.Weapon != WeaponNone {
		s.dropWeapon(slot, 0, -2*SubPixel, false)
	}
}
