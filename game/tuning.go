package game

// World geometry. Positions are in sub-pixels: one pixel is SubPixel units.
const (
	// SubPixel is the number of position units per pixel.
	SubPixel = 256
	// TileSize is the width and height of a map tile in pixels.
	TileSize = 16
	// Cols is the number of tile columns of a map.
	Cols = 30
	// Rows is the number of tile rows of a map.
	Rows = 17
	// WorldWidth is the world width in pixels (480).
	WorldWidth = Cols * TileSize
	// WorldHeight is the world height in pixels (272; the bottom 2 px are off
	// screen on a 270 px display).
	WorldHeight = Rows * TileSize
	// FishWidth is the width of a fish's hitbox in pixels.
	FishWidth = 12
	// FishHeight is the height of a fish's hitbox in pixels.
	FishHeight = 14
	// ItemWidth is the width of a weapon lying on the map, in pixels.
	ItemWidth = 12
	// ItemHeight is the height of a weapon lying on the map, in pixels.
	ItemHeight = 8
)

// Movement tuning, in sub-pixels per frame (speeds) and sub-pixels per frame
// squared (accelerations). One frame is 1/60 s.
const (
	// RunSpeed is the top running speed: 2.5 px/frame.
	RunSpeed = 640
	// RunAccel is the ground acceleration toward the held direction.
	RunAccel = 96
	// AirAccel is the acceleration toward the held direction in the air.
	AirAccel = 64
	// GroundFriction slows a fish on the ground with no direction held.
	GroundFriction = 80
	// AirFriction slows a fish in the air with no direction held.
	AirFriction = 16
	// Gravity is added to the vertical speed every frame.
	Gravity = 96
	// JumpSpeed is the upward speed of a jump; held to the apex it reaches
	// about 4 tiles.
	JumpSpeed = 1840
	// JumpCutSpeed caps the upward speed once jump is released, which cuts a
	// jump short: a tap reaches about one tile.
	JumpCutSpeed = 384
	// MaxFallSpeed caps the downward speed.
	MaxFallSpeed = 1792
	// GlideFallSpeed caps the downward speed while gliding: a third of
	// MaxFallSpeed.
	GlideFallSpeed = MaxFallSpeed / 3
	// CoyoteFrames is how long after running off a ledge a jump still works.
	CoyoteFrames = 5
	// JumpBufferFrames is how early a jump press before landing still counts.
	JumpBufferFrames = 5
	// DropFrames is how long a fish ignores one-way platforms after down+jump.
	DropFrames = 8
)

// Weapon tuning.
const (
	// GunAmmo is the number of shots in a freshly spawned gun.
	GunAmmo = 6
	// BulletSpeed is the speed of a bullet: 8 px/frame.
	BulletSpeed = 8 * SubPixel
	// GunCooldown is the number of frames between two shots.
	GunCooldown = 15
	// GunRecoil is the backward speed a shot gives its shooter.
	GunRecoil = 320
	// SwordCooldown is the number of frames between the starts of two swings.
	SwordCooldown = 24
	// SwingFrames is how long a swing's arc is dangerous.
	SwingFrames = 8
	// SwordReach is how far in front of the fish the arc reaches, in pixels.
	SwordReach = 16
	// SwordAbove is how far above the fish's hitbox the arc reaches, in pixels.
	SwordAbove = 6
	// SwordBelow is how far below the fish's hitbox the arc reaches, in pixels.
	SwordBelow = 2
	// ClashKnockback is the horizontal speed both fish get when swords clash.
	ClashKnockback = 1024
	// ClashLift is the upward speed both fish get when swords clash.
	ClashLift = 512
	// ThrowSpeed is the horizontal speed of a thrown weapon.
	ThrowSpeed = 1536
	// ThrowLift is the upward speed of a thrown weapon.
	ThrowLift = 384
	// StunFrames is how long a fish hit by a thrown weapon cannot act.
	StunFrames = 60
	// RespawnFrames is how long after a spawned weapon is taken a new one
	// appears: 3 seconds.
	RespawnFrames = 180
	// GunChance is the chance, in percent, that a spawning weapon is a gun
	// rather than a sword.
	GunChance = 60
)

// Rounds and match.
const (
	// RoundEndFrames is the pause between the end of a round and the start
	// of the next: 2 seconds.
	RoundEndFrames = 120
	// WinsToWinMatch is the number of round wins that wins the match.
	WinsToWinMatch = 5
)

// Capacities of the fixed-size arrays in State.
const (
	// MaxPlayers is the largest number of fish in a match.
	MaxPlayers = 4
	// MinPlayers is the smallest number of fish in a match.
	MinPlayers = 2
	// MaxBullets is the number of bullets that can fly at once. Four guns
	// firing every GunCooldown frames, with bullets crossing the map in 60
	// frames, never have more than 16 in the air.
	MaxBullets = 24
	// MaxItems is the number of weapons that can lie on the map or fly at once.
	MaxItems = 12
	// MaxWeaponSpawns is the largest number of weapon spawn points in a map.
	MaxWeaponSpawns = 8
	// MaxMaps is the largest number of maps in a match's rotation.
	MaxMaps = 4
	// MaxMapName is the longest map name in bytes.
	MaxMapName = 16
	// MaxEvents is the number of events one Step can report. The rules
	// bound a frame's events below it: per fish at most 7 (jump or drop,
	// land, pickup or throw, shot or swing, stun, hit, death), plus one stop
	// per bullet, one spawn per item slot, two clashes and three round events.
	MaxEvents = MaxPlayers*7 + MaxBullets + MaxItems + 2 + 3
)

const (
	tileSub = TileSize * SubPixel
	fishW   = FishWidth * SubPixel
	fishH   = FishHeight * SubPixel
	itemW   = ItemWidth * SubPixel
	itemH   = ItemHeight * SubPixel
	worldH  = WorldHeight * SubPixel
)
