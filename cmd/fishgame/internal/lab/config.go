package lab

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// Transports the lab runs over.
const (
	// TransportSim is an in-memory network in virtual time.
	TransportSim = "sim"
	// TransportP2P is WebRTC data channels between the bots, in real time.
	TransportP2P = "p2p"
	// TransportRelay sends every packet through the signaling server.
	TransportRelay = "relay"
	// TransportBoth runs the match over the relay, then over p2p.
	TransportBoth = "both"
)

// Config is one lab run.
type Config struct {
	// Transport is TransportSim, TransportP2P, TransportRelay or
	// TransportBoth.
	Transport string
	// Players is the number of players, one bot per peer.
	Players int
	// Frames is how many frames every peer plays (60 per second).
	Frames int
	// Seed seeds the match, the bots and the network.
	Seed uint64
	// Model is the network under every transport.
	Model Model
	// InputDelay is the frames of input delay.
	InputDelay int
	// JSON prints one JSON object instead of a table.
	JSON bool

	// Nakama is the base URL of a server to match through; empty starts
	// the embedded server on loopback (real transports only).
	Nakama string
	// ServerKey is the server key of the Nakama server.
	ServerKey string
	// Matchmaker forms the match through the matchmaker.
	Matchmaker bool
	// ConnectTimeout bounds joining and each link's opening.
	ConnectTimeout time.Duration
	// ICEServers are extra STUN/TURN servers.
	ICEServers []webrtc.ICEServer

	// Progress, if set, sees peer 0's frame whenever it moves on (see
	// NewProgress); nil logs progress of long runs instead.
	Progress func(frame int32)

	// Log receives the lab's own progress and diagnostics; nil means
	// slog.Default().
	Log *slog.Logger

	// DesyncDir is where each peer writes its desync report (see package
	// desync) when it sees a desync; empty writes none.
	DesyncDir string
	// perturb, set by tests only, is called with every state a peer's
	// simulation steps to, as a nondeterministic build would change it.
	perturb func(slot int, s *game.State)
}

func (c Config) log() *slog.Logger {
	if c.Log == nil {
		return slog.Default()
	}
	return c.Log
}

func badf(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadConfig}, a...)...)
}

// Validate checks c; its errors wrap ErrBadConfig and name the flag.
func (c Config) Validate() error {
	prob := func(name string, v float64) error {
		if !(v >= 0 && v <= 1) {
			return badf("--%s %v, expected a probability from 0 to 1", name, v)
		}
		return nil
	}
	switch {
	case !slices.Contains([]string{TransportSim, TransportP2P, TransportRelay, TransportBoth}, c.Transport):
		return badf("--transport %q, expected sim, p2p, relay or both", c.Transport)
	case c.Players < game.MinPlayers || c.Players > game.MaxPlayers:
		return badf("--players %d, expected %d to %d", c.Players, game.MinPlayers, game.MaxPlayers)
	case c.Frames < 1:
		return badf("--frames %d, expected 1 or more", c.Frames)
	case c.Model.ClientLatency < 0:
		return badf("--client-latency %v, expected 0 or more", c.Model.ClientLatency)
	case c.Model.ServerLatency < 0:
		return badf("--server-latency %v, expected 0 or more", c.Model.ServerLatency)
	case c.Model.Jitter < 0:
		return badf("--jitter %v, expected 0 or more", c.Model.Jitter)
	case c.Transport != TransportSim && c.Model.Reorder > 0:
		return badf("--reorder applies to --transport sim only (the p2p delay queue and the relay's TCP keep packets in order)")
	case c.InputDelay < 0 || c.InputDelay > rollback.MaxInputDelay:
		return badf("--input-delay %d, expected 0 to %d", c.InputDelay, rollback.MaxInputDelay)
	case c.Transport != TransportSim && c.ConnectTimeout <= 0:
		return badf("--connect-timeout %v, expected more than 0", c.ConnectTimeout)
	case c.Nakama != "" && !strings.HasPrefix(c.Nakama, "http://") && !strings.HasPrefix(c.Nakama, "https://"):
		return badf("--nakama %q, expected a URL like http://127.0.0.1:7350", c.Nakama)
	}
	return errors.Join(prob("loss", c.Model.Loss), prob("dup", c.Model.Dup), prob("reorder", c.Model.Reorder))
}
