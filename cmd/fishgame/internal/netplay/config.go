package netplay

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/signaling"
	"github.com/pion/webrtc/v4"
)

// Defaults used when the matching Config field is zero.
const (
	// DefaultJoinTimeout bounds the wait for the other players to join the
	// match and announce their version.
	DefaultJoinTimeout = 30 * time.Second
	// DefaultMatchmakerTimeout bounds the wait for the matchmaker (a stock
	// Nakama forms matches every 15 s).
	DefaultMatchmakerTimeout = 2 * time.Minute
	// DefaultSignalTimeout bounds each socket write of a signal or relayed
	// packet.
	DefaultSignalTimeout = 5 * time.Second
	// DefaultLeaderboardTimeout bounds the leaderboard update of a match's
	// result (Game.Report): the write and the listing together.
	DefaultLeaderboardTimeout = 10 * time.Second
)

// Config says how a client reaches the signaling server and connects its
// matches.
type Config struct {
	// URL is the server's base URL, like "http://127.0.0.1:7350".
	URL string
	// ServerKey is the server key ("defaultkey" on a default server).
	ServerKey string
	// DeviceID identifies this device (10 to 128 bytes); empty makes a
	// random one, so every Login is a new account.
	DeviceID string
	// Username names a new account; empty lets the server pick one. An
	// existing account keeps its name (Login warns when they differ).
	Username string
	// ClientVersion is announced to the other players and, with the
	// matchmaker, matched on: letters, digits, '.' and '_'. Required.
	ClientVersion string

	// ICEServers are STUN/TURN servers used besides those the server's
	// ice_servers RPC hands out.
	ICEServers []webrtc.ICEServer
	// SkipICERPC does not ask the server for ICE servers (only ICEServers
	// are used).
	SkipICERPC bool
	// Mesh is the template of every match's p2p mesh: network settings,
	// connect timeout, RelayOnly. Slot, Players and ICEServers are filled
	// in by netplay (ICEServers appended to the template's).
	Mesh p2p.Config

	// JoinTimeout bounds the wait for the other players to join and say
	// hello; zero means DefaultJoinTimeout.
	JoinTimeout time.Duration
	// MatchmakerTimeout bounds Matchmake; zero means
	// DefaultMatchmakerTimeout.
	MatchmakerTimeout time.Duration
	// SignalTimeout bounds each signaling write; zero means
	// DefaultSignalTimeout.
	SignalTimeout time.Duration
	// LeaderboardTimeout bounds the leaderboard update of a match's result;
	// zero means DefaultLeaderboardTimeout.
	LeaderboardTimeout time.Duration
	// Socket tunes the realtime socket.
	Socket signaling.SocketConfig

	// Now is the clock Formed and Ready are read from; nil means time.Now.
	Now func() time.Time
	// Logger receives connection events; nil means slog.Default().
	Logger *slog.Logger
}

func (c Config) withDefaults() (Config, error) {
	switch {
	case c.URL == "":
		return c, fmt.Errorf("%w: no server URL", ErrBadConfig)
	case !signaling.ValidClientVersion(c.ClientVersion):
		return c, fmt.Errorf("%w: client version %q (1-64 letters, digits, '.' or '_')", ErrBadConfig, c.ClientVersion)
	case c.DeviceID != "" && (len(c.DeviceID) < 10 || len(c.DeviceID) > 128):
		return c, fmt.Errorf("%w: device id must be 10 to 128 bytes, got %d", ErrBadConfig, len(c.DeviceID))
	case c.JoinTimeout < 0 || c.MatchmakerTimeout < 0 || c.SignalTimeout < 0 || c.LeaderboardTimeout < 0:
		return c, fmt.Errorf("%w: negative timeout", ErrBadConfig)
	}
	if c.DeviceID == "" {
		var b [16]byte
		rand.Read(b[:])
		c.DeviceID = "fishgame-" + hex.EncodeToString(b[:])
	}
	if c.JoinTimeout == 0 {
		c.JoinTimeout = DefaultJoinTimeout
	}
	if c.MatchmakerTimeout == 0 {
		c.MatchmakerTimeout = DefaultMatchmakerTimeout
	}
	if c.SignalTimeout == 0 {
		c.SignalTimeout = DefaultSignalTimeout
	}
	if c.LeaderboardTimeout == 0 {
		c.LeaderboardTimeout = DefaultLeaderboardTimeout
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c, nil
}

// ClientVersion is this build's client version, announced in hellos and
// matched on by the matchmaker. Bump it whenever the game rules, the
// rollback wire format or the signaling protocol change: peers running
// different versions would desync or fail to talk.
const ClientVersion = "0.2.0"
