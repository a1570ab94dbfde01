package game

// Weapon is the kind of weapon a fish holds or an item is.
type Weapon uint8

// The weapons.
const (
	// WeaponNone means empty hands, or an unused item slot.
	WeaponNone Weapon = iota
	// WeaponGun fires bullets while it has ammo.
	WeaponGun
	// WeaponSword swings a short arc in front of the fish.
	WeaponSword
)

// String returns the weapon's name.
func (w Weapon) String() string {
	switch w {
	case WeaponNone:
		return "none"
	case WeaponGun:
		return "gun"
	case WeaponSword:
		return "sword"
	}
	return "unknown"
}

// Anim is the sprite state a renderer shows for a fish.
type Anim uint8

// The sprite states.
const (
	// AnimIdle is standing still on the ground.
	AnimIdle Anim = iota
	// AnimRun is running on the ground.
	AnimRun
	// AnimJump is rising in the air.
	AnimJump
	// AnimFall is falling without gliding.
	AnimFall
	// AnimGlide is falling slowly with jump held.
	AnimGlide
	// AnimDead is a body flopping where it fell.
	AnimDead
)

// Fish is one player's fish. Positions are the top-left corner of the
// FishWidth × FishHeight hitbox, in sub-pixels.
type Fish struct {
	// X, Y is the top-left corner of the hitbox in sub-pixels.
	X, Y int32
	// VX, VY is the velocity in sub-pixels per frame; positive is right and down.
	VX, VY int32
	// Facing is +1 (right) or -1 (left).
	Facing int8
	// Alive is false once the fish is hit or falls out; the body stays.
	Alive bool
	// OnGround is true when the fish stood on a floor or platform this frame.
	OnGround bool
	// Gliding is true when the fish falls slowly with jump held.
	Gliding bool
	// Weapon is the weapon in hand, WeaponNone if none.
	Weapon Weapon
	// Ammo is the number of shots left in a held gun.
	Ammo uint8
	// Cooldown counts down the frames until the weapon can be used again.
	Cooldown uint8
	// Swing counts down the frames a sword swing stays dangerous.
	Swing uint8
	// Stun counts down the frames the fish cannot act after a thrown weapon hit it.
	Stun uint8
	// AnimFrames counts the frames spent in the current Anim, for animation.
	AnimFrames uint16

	prev       Input // last frame's input, for press edges
	airFrames  uint8 // frames since last on the ground, for coyote time
	jumpBuffer uint8 // frames a recent jump press stays pending
	dropFrames uint8 // frames one-way platforms are ignored
	anim       Anim
}

// Anim returns the fish's sprite state.
func (f *Fish) Anim() Anim { return f.anim }

// CenterX returns the horizontal center of the hitbox in sub-pixels.
func (f *Fish) CenterX() int32 { return f.X + fishW/2 }

// CenterY returns the vertical center of the hitbox in sub-pixels.
func (f *Fish) CenterY() int32 { return f.Y + fishH/2 }

// Item is a weapon lying on the map or flying after a throw. Positions are
// the top-left corner of the ItemWidth × ItemHeight box, in sub-pixels.
type Item struct {
	// X, Y is the top-left corner of the item's box in sub-pixels.
	X, Y int32
	// VX, VY is the velocity in sub-pixels per frame.
	VX, VY int32
	// Weapon is the item's kind; WeaponNone marks an unused slot.
	Weapon Weapon
	// Ammo is the shots left if the item is a gun.
	Ammo uint8
	// Thrown is true while a thrown weapon flies and can stun.
	Thrown bool
	// Thrower is the slot that threw the item; it is not stunned by it.
	Thrower int8
	// Fresh is true for a weapon that spawned and was never picked up;
	// taking it schedules a respawn.
	Fresh bool
	// OnGround is true when the item rests on a floor or platform.
	OnGround bool
}

// Bullet is a gun's projectile. X, Y is the bullet's point in sub-pixels.
type Bullet struct {
	// X, Y is the bullet's point in sub-pixels.
	X, Y int32
	// VX is the bullet's speed, ±BulletSpeed.
	VX int32
	// Active marks a flying bullet; inactive slots are free.
	Active bool
	// Owner is the slot that fired it; a bullet never hits its owner.
	Owner int8
}
