package bot

import "github.com/fishgame/fishgame/game"

// Distances in sub-pixels.
const (
	px          = game.SubPixel
	closeX      = 5 * px   // horizontal slack when walking to a point
	grabReach   = 10 * px  // how close an item must be to try a pickup
	shootHeight = 8 * px   // vertical tolerance for a gun shot
	shootRange  = 220 * px // farthest a bot shoots at
	keepAway    = 40 * px  // a gunner stops this close to its target
	swordRange  = 24 * px  // a swordfish swings at this distance
	swordHeight = 14 * px  // vertical tolerance for a swing
	climbAbove  = 20 * px  // a target this far above makes the bot jump
	dropBelow   = 20 * px  // a target this far below makes the bot drop
	throwRange  = 150 * px // an empty gun is thrown at rivals this close

	giveUpFrames = 240 // frames without getting closer before wandering off
)

// Bot plays one fish. The zero Bot is not usable; make one with New.
type Bot struct {
	rng      game.Rand
	slot     int
	prev     game.Input
	jumpHold int32 // frames left to hold the current jump
	wander   int32 // -1, 0 or +1 when there is nothing to chase
	wanderT  int32 // frames left in the current wander direction
	lastX    int32
	stuck    int32 // frames spent pushing without moving
	climbX   int32 // x of the ledge being climbed to, when climbing
	climbing bool
	// Giving up: when the distance to the target has not shrunk for a
	// while, the bot wanders for a while instead.
	bestDist   int32
	noProgress int32
	giveUp     int32
}

// New returns a bot for the fish in slot, seeded with seed. Mix the slot
// into the seed if several bots share a match seed.
func New(seed uint64, slot int) *Bot {
	return &Bot{rng: game.NewRand(seed ^ uint64(slot+1)*0x9e3779b97f4a7c15), slot: slot}
}

// Slot returns the slot the bot plays.
func (b *Bot) Slot() int { return b.slot }

// Input returns the bot's buttons for the next frame of s.
func (b *Bot) Input(s *game.State) game.Input {
	in := b.decide(s)
	b.prev = in
	return in
}

func (b *Bot) decide(s *game.State) game.Input {
	me := s.Fish(b.slot)
	if !me.Alive || s.Phase() == game.PhaseMatchOver {
		b.jumpHold = 0
		return 0
	}
	m := s.Map()
	var in game.Input

	tx, ty, haveTarget, enemy := b.target(s, &me)
	dx, dy := tx-me.CenterX(), ty-me.CenterY()
	if d := abs(dx) + abs(dy); !haveTarget || d < b.bestDist-4*px {
		b.bestDist, b.noProgress = d, 0
	} else if b.noProgress++; b.noProgress > giveUpFrames {
		b.giveUp = 60 + b.rng.Intn(60)
		b.wanderT = 0
		b.bestDist, b.noProgress = 1<<30, 0
	}
	if b.giveUp > 0 {
		b.giveUp--
	}
	// A target out of jumping reach above: head for a ledge in reach first.
	if me.OnGround {
		b.climbing = false
		switch {
		case haveTarget && dy < -climbAbove:
			b.climbX, b.climbing = climbTarget(m, &me, tx, ty)
		case haveTarget && dy > dropBelow && abs(dx) < 24*px && !onOneWay(m, &me):
			b.climbX, b.climbing = descendTarget(m, &me)
		}
	}
	moveDX := dx
	if b.climbing {
		moveDX = b.climbX - me.CenterX()
	}
	if !haveTarget || s.Phase() != game.PhasePlay || b.giveUp > 0 {
		in |= b.wanderInput()
	}
	if haveTarget && s.Phase() == game.PhasePlay {
		switch {
		case b.giveUp > 0:
		case enemy && me.Weapon == game.WeaponGun && abs(dx) < keepAway && abs(dy) < shootHeight:
			in |= face(dx, me.Facing)
		case enemy && me.Weapon == game.WeaponSword && abs(dx) < swordRange/2 && abs(dy) < swordHeight:
			in |= face(dx, me.Facing)
		case moveDX > closeX:
			in |= game.InputRight
		case moveDX < -closeX:
			in |= game.InputLeft
		}
		if enemy {
			in |= b.attack(&me, dx, dy)
		} else if abs(dx) < grabReach && abs(dy) < grabReach+2*px && !b.prev.Has(game.InputGrab) {
			in |= game.InputGrab
		}
	}

	// Movement across the map: climb, drop, clear walls and pits, get unstuck.
	dir := int32(0)
	if in.Has(game.InputRight) {
		dir = 1
	} else if in.Has(game.InputLeft) {
		dir = -1
	}
	if dir != 0 && me.X == b.lastX {
		b.stuck++
	} else {
		b.stuck = 0
	}
	b.lastX = me.X
	wantJump := false
	if me.OnGround {
		switch {
		case b.climbing && dy < 0 && abs(moveDX) < 28*px:
			wantJump = true
		case !b.climbing && haveTarget && dy < -climbAbove && abs(dx) < 48*px:
			wantJump = true
		case dir != 0 && wallAhead(m, &me, dir):
			wantJump = true
		case dir != 0 && pitAhead(m, &me, dir):
			wantJump = true
		case b.stuck > 20:
			wantJump = true
		case b.rng.Intn(200) == 0:
			wantJump = true
		}
		if haveTarget && dy > dropBelow && onOneWay(m, &me) && !b.prev.Has(game.InputJump) {
			return in | game.InputDown | game.InputJump
		}
	}
	if wantJump && b.jumpHold == 0 && !b.prev.Has(game.InputJump) {
		b.jumpHold = 8 + b.rng.Intn(14)
		if b.climbing || (haveTarget && dy < -climbAbove) {
			b.jumpHold = 24 // full height
		}
	}
	switch {
	case b.jumpHold > 0:
		b.jumpHold--
		in |= game.InputJump
	case !me.OnGround && me.VY > 0 && (noGroundBelow(m, &me) || b.rng.Intn(4) == 0):
		in |= game.InputJump // glide
	}
	return in
}

// target picks what to go for: the nearest resting weapon when unarmed,
// the nearest living rival when armed. enemy says which it is.
func (b *Bot) target(s *game.State, me *game.Fish) (x, y int32, ok, enemy bool) {
	best := int32(-1)
	if me.Weapon == game.WeaponNone {
		for i := range game.MaxItems {
			it := s.Item(i)
			if it.Weapon == game.WeaponNone || it.Thrown {
				continue
			}
			ix, iy := it.X+game.ItemWidth*px/2, it.Y+game.ItemHeight*px/2
			if d := abs(ix-me.CenterX()) + 2*abs(iy-me.CenterY()); best < 0 || d < best {
				best, x, y = d, ix, iy
			}
		}
		if best >= 0 {
			return x, y, true, false
		}
	}
	for slot := range s.Players() {
		f := s.Fish(slot)
		if slot == b.slot || !f.Alive {
			continue
		}
		if d := abs(f.CenterX()-me.CenterX()) + 2*abs(f.CenterY()-me.CenterY()); best < 0 || d < best {
			best, x, y = d, f.CenterX(), f.CenterY()
		}
	}
	return x, y, best >= 0, true
}

// climbTarget picks a floor or platform top between 12 and 60 px above the
// fish's feet, near the fish and toward the target at tx, and returns the
// x to walk to before jumping onto it.
func climbTarget(m *game.Map, f *game.Fish, tx, ty int32) (int32, bool) {
	const tileSub = game.TileSize * px
	feet := f.Y + game.FishHeight*px
	best, bestX := int32(-1), int32(0)
	for r := 1; r < game.Rows; r++ {
		top := int32(r) * tileSub
		if top > feet-12*px || top < feet-60*px {
			continue
		}
		for c := range game.Cols {
			t := m.Tile(c, r)
			if t == game.TileEmpty || m.Tile(c, r-1) != game.TileEmpty {
				continue
			}
			// A solid ledge overhead blocks the jump: it is climbed from the side.
			if t == game.TileSolid && c >= tile(f.X) && c <= tile(f.X+game.FishWidth*px-1) {
				continue
			}
			x := int32(c)*tileSub + tileSub/2
			score := abs(x-f.CenterX()) + abs(x-tx)/2 + abs(top-ty)/2
			if best < 0 || score < best {
				best, bestX = score, x
			}
		}
	}
	return bestX, best >= 0
}

// descendTarget returns the x of the nearest edge of the floor the fish
// stands on that leads down to a lower floor rather than out of the map.
func descendTarget(m *game.Map, f *game.Fish) (int32, bool) {
	const tileSub = game.TileSize * px
	row := tile(f.Y + game.FishHeight*px)
	col := tile(f.CenterX())
	for d := 1; d < game.Cols; d++ {
		for _, c := range [2]int{col - d, col + d} {
			if m.Tile(c, row) == game.TileEmpty && m.Tile(c, row-1) == game.TileEmpty && !columnEmpty(m, c, row) {
				return int32(c)*tileSub + tileSub/2, true
			}
		}
	}
	return 0, false
}

// attack returns fire or throw when the rival at dx, dy is in reach.
func (b *Bot) attack(me *game.Fish, dx, dy int32) game.Input {
	facing := (dx >= 0) == (me.Facing > 0)
	switch me.Weapon {
	case game.WeaponGun:
		if me.Ammo == 0 {
			if facing && abs(dx) < throwRange && abs(dy) < shootHeight*2 && !b.prev.Has(game.InputGrab) {
				return game.InputGrab
			}
			return 0
		}
		if facing && abs(dx) < shootRange && abs(dy) < shootHeight && b.rng.Intn(3) != 0 {
			return game.InputFire
		}
	case game.WeaponSword:
		if facing && abs(dx) < swordRange+game.FishWidth*px/2 && abs(dy) < swordHeight {
			return game.InputFire
		}
	}
	return 0
}

// wanderInput walks in a random direction for a random while.
func (b *Bot) wanderInput() game.Input {
	if b.wanderT <= 0 {
		b.wander = b.rng.Intn(3) - 1
		b.wanderT = 20 + b.rng.Intn(60)
	}
	b.wanderT--
	switch b.wander {
	case 1:
		return game.InputRight
	case -1:
		return game.InputLeft
	}
	return 0
}

// face returns the direction button that turns a fish toward dx, or none if
// it already faces that way.
func face(dx int32, facing int8) game.Input {
	switch {
	case dx > 0 && facing < 0:
		return game.InputRight
	case dx < 0 && facing > 0:
		return game.InputLeft
	}
	return 0
}

// wallAhead reports a solid tile right in front of the fish's body.
func wallAhead(m *game.Map, f *game.Fish, dir int32) bool {
	x := f.X + game.FishWidth*px + 4*px
	if dir < 0 {
		x = f.X - 4*px
	}
	col := tile(x)
	for row := tile(f.Y); row <= tile(f.Y+game.FishHeight*px-1); row++ {
		if m.Tile(col, row) == game.TileSolid {
			return true
		}
	}
	return false
}

// pitAhead reports that the column in front of the fish has no floor below
// its feet all the way down.
func pitAhead(m *game.Map, f *game.Fish, dir int32) bool {
	x := f.X + game.FishWidth*px + 6*px
	if dir < 0 {
		x = f.X - 6*px
	}
	return columnEmpty(m, tile(x), tile(f.Y+game.FishHeight*px))
}

// noGroundBelow reports that nothing under the fish's center would catch it.
func noGroundBelow(m *game.Map, f *game.Fish) bool {
	return columnEmpty(m, tile(f.CenterX()), tile(f.Y+game.FishHeight*px))
}

// columnEmpty reports whether column col has no solid or one-way tile from
// row down to the bottom of the map.
func columnEmpty(m *game.Map, col, row int) bool {
	for r := max(row, 0); r < game.Rows; r++ {
		if m.Tile(col, r) != game.TileEmpty {
			return false
		}
	}
	return true
}

// onOneWay reports whether the fish stands on a one-way platform.
func onOneWay(m *game.Map, f *game.Fish) bool {
	return m.Tile(tile(f.CenterX()), tile(f.Y+game.FishHeight*px)) == game.TileOneWay
}

// tile returns the tile index of a sub-pixel coordinate, rounding down.
func tile(v int32) int {
	const size = game.TileSize * px
	t := v / size
	if v < 0 && v%size != 0 {
		t--
	}
	return int(t)
}

func abs(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}
