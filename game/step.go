package game

// Step advances the match by one 60 Hz frame. in[slot] is the input of the
// fish in slot; slots at or above Players() and undefined bits are ignored.
func (s *State) Step(in [MaxPlayers]Input) {
	s.frame++
	s.numEvents = 0
	if s.phase == PhaseMatchOver {
		return
	}
	n := int(s.players)
	// The order fish act in rotates every frame, so no slot always wins a
	// race for the same weapon.
	start := int(s.frame) % n
	for k := range n {
		slot := (start + k) % n
		input := in[slot] & InputMask
		if s.phase != PhasePlay {
			input &^= InputFire | InputGrab
		}
		s.stepFish(slot, input)
	}
	if s.phase == PhasePlay {
		s.stepSwords()
	}
	s.stepBullets()
	s.stepItems()
	s.stepRespawns()
	for slot := range n {
		f := &s.fish[slot]
		if f.Alive && f.Y >= worldH {
			s.doom(slot, -1)
		}
	}
	for slot := range n {
		if s.dying&(1<<slot) != 0 {
			s.kill(slot, s.killer[slot])
		}
	}
	s.dying, s.killer = 0, [MaxPlayers]int8{}
	s.stepRound()
}

// stepFish moves one fish by its input and lets it use its weapon.
func (s *State) stepFish(slot int, in Input) {
	f := &s.fish[slot]
	m := s.currentMap()
	prev := f.prev
	f.prev = in
	if !f.Alive {
		s.moveBody(f, m)
		f.setAnim(AnimDead)
		return
	}
	if f.Stun > 0 {
		f.Stun--
		in = 0
		prev = 0
	}
	if f.Cooldown > 0 {
		f.Cooldown--
	}
	if f.Swing > 0 {
		f.Swing--
	}
	pressed := in &^ prev

	// Run.
	dir := int32(0)
	if in.Has(InputLeft) {
		dir--
	}
	if in.Has(InputRight) {
		dir++
	}
	if dir != 0 {
		f.Facing = int8(dir)
	}
	accel, friction := int32(AirAccel), int32(AirFriction)
	if f.OnGround {
		accel, friction = RunAccel, GroundFriction
	}
	target := dir * RunSpeed
	switch {
	case dir == 0:
		f.VX = approach(f.VX, 0, friction)
	case f.VX*dir < 0: // turning: brake and push at once
		f.VX = approach(f.VX, target, accel+friction)
	case f.VX*dir > RunSpeed: // faster than running (recoil, knockback): slow down
		f.VX = approach(f.VX, target, friction)
	default:
		f.VX = approach(f.VX, target, accel)
	}

	// Jump, drop through, glide.
	if pressed.Has(InputJump) {
		f.jumpBuffer = JumpBufferFrames
	} else if f.jumpBuffer > 0 {
		f.jumpBuffer--
	}
	canJump := f.OnGround || f.airFrames < CoyoteFrames
	if f.jumpBuffer > 0 && canJump {
		if in.Has(InputDown) && f.OnGround && s.onOneWay(f, m) {
			f.dropFrames = DropFrames
			f.OnGround = false
			s.emit(EventDrop, int8(slot), -1, f.Weapon, f.CenterX(), f.Y+fishH)
		} else {
			f.VY = -JumpSpeed
			f.OnGround = false
			f.airFrames = CoyoteFrames
			s.emit(EventJump, int8(slot), -1, f.Weapon, f.CenterX(), f.Y+fishH)
		}
		f.jumpBuffer = 0
	}
	if f.VY < -JumpCutSpeed && !in.Has(InputJump) {
		f.VY = -JumpCutSpeed
	}
	f.VY += Gravity
	f.Gliding = false
	if f.VY > 0 && in.Has(InputJump) && !f.OnGround {
		f.Gliding = true
		if f.VY > GlideFallSpeed {
			f.VY = GlideFallSpeed
		}
	}
	if f.VY > MaxFallSpeed {
		f.VY = MaxFallSpeed
	}

	wasGround := f.OnGround
	s.moveFish(f, m)
	if f.OnGround {
		f.airFrames = 0
		if !wasGround {
			s.emit(EventLand, int8(slot), -1, f.Weapon, f.CenterX(), f.Y+fishH)
		}
	} else if f.airFrames < 255 {
		f.airFrames++
	}
	if f.OnGround {
		f.Gliding = false
	}
	f.setAnim(animOf(f))

	// Weapons.
	switch {
	case pressed.Has(InputGrab) && f.Weapon != WeaponNone:
		s.throw(slot)
	case pressed.Has(InputGrab):
		s.pickUp(slot)
	}
	if in.Has(InputFire) && f.Cooldown == 0 {
		switch f.Weapon {
		case WeaponGun:
			s.fire(slot)
		case WeaponSword:
			f.Swing = SwingFrames
			f.Cooldown = SwordCooldown
			s.emit(EventSwing, int8(slot), -1, WeaponSword, f.CenterX(), f.CenterY())
		}
	}
}

// moveBody lets a dead fish fall, slide to a stop and rest where it lands.
func (s *State) moveBody(f *Fish, m *Map) {
	if f.Y >= worldH {
		return
	}
	friction := int32(AirFriction)
	if f.OnGround {
		friction = GroundFriction
	}
	f.VX = approach(f.VX, 0, friction)
	f.VY = min(f.VY+Gravity, MaxFallSpeed)
	s.moveFish(f, m)
}

// moveFish moves a fish by its velocity, one axis at a time, stopping it at
// solid tiles and at one-way platforms it falls onto from above.
func (s *State) moveFish(f *Fish, m *Map) {
	if f.dropFrames > 0 {
		f.dropFrames--
	}
	f.X, f.VX = moveX(m, f.X, f.Y, f.VX, fishW, fishH)
	f.Y, f.VY, f.OnGround = moveY(m, f.X, f.Y, f.VY, fishW, fishH, f.dropFrames == 0)
}

// moveX moves a box horizontally by vx, returning its new x and speed.
// Speeds stay below one tile per frame, so checking the entered column is
// enough.
func moveX(m *Map, x, y, vx, w, h int32) (int32, int32) {
	if vx == 0 {
		return x, vx
	}
	nx := x + vx
	col := tileOf(nx)
	if vx > 0 {
		col = tileOf(nx + w - 1)
	}
	for row := tileOf(y); row <= tileOf(y+h-1); row++ {
		if m.solidAt(col, row) {
			if vx > 0 {
				return col*tileSub - w, 0
			}
			return (col + 1) * tileSub, 0
		}
	}
	return nx, vx
}

// moveY moves a box vertically by vy, returning its new y, speed and
// whether it landed. oneWay says whether one-way platforms hold it.
func moveY(m *Map, x, y, vy, w, h int32, oneWay bool) (int32, int32, bool) {
	if vy == 0 {
		return y, vy, false
	}
	ny := y + vy
	c0, c1 := tileOf(x), tileOf(x+w-1)
	if vy < 0 {
		row := tileOf(ny)
		for col := c0; col <= c1; col++ {
			if m.solidAt(col, row) {
				return (row + 1) * tileSub, 0, false
			}
		}
		return ny, vy, false
	}
	row := tileOf(ny + h - 1)
	top := row * tileSub
	wasAbove := y+h <= top
	for col := c0; col <= c1; col++ {
		if m.solidAt(col, row) || (oneWay && wasAbove && m.oneWayAt(col, row)) {
			return top - h, 0, true
		}
	}
	return ny, vy, false
}

// onOneWay reports whether a grounded fish stands only on one-way platforms,
// so down+jump may drop it through.
func (s *State) onOneWay(f *Fish, m *Map) bool {
	row := tileOf(f.Y + fishH)
	oneWay := false
	for col := tileOf(f.X); col <= tileOf(f.X+fishW-1); col++ {
		if m.solidAt(col, row) {
			return false
		}
		if m.oneWayAt(col, row) {
			oneWay = true
		}
	}
	return oneWay
}

// animOf returns the sprite state for a living fish's motion.
func animOf(f *Fish) Anim {
	switch {
	case !f.Alive:
		return AnimDead
	case f.OnGround && f.VX == 0:
		return AnimIdle
	case f.OnGround:
		return AnimRun
	case f.Gliding:
		return AnimGlide
	case f.VY < 0:
		return AnimJump
	}
	return AnimFall
}

// setAnim changes the sprite state, restarting its frame count on change.
func (f *Fish) setAnim(a Anim) {
	if f.anim != a {
		f.anim = a
		f.AnimFrames = 0
		return
	}
	if f.AnimFrames < 0xffff {
		f.AnimFrames++
	}
}

// approach moves v toward target by at most step.
func approach(v, target, step int32) int32 {
	if v < target {
		return min(v+step, target)
	}
	return max(v-step, target)
}
