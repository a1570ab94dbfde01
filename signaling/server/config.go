package server

import (
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/time/rate"

	"github.com/fishgame/fishgame/signaling/server/ice"
)

// Defaults of a Config, matching a stock Nakama 3.x where Nakama has the same
// setting.
const (
	DefaultServerKey          = "defaultkey"
	DefaultHTTPKey            = "defaulthttpkey"
	DefaultTokenExpiry        = 60 * time.Second
	DefaultRefreshTokenExpiry = 3600 * time.Second
	DefaultMatchmakerInterval = 2 * time.Second
	// DefaultMatchmakerMaxCount caps a ticket's max_count: far above any
	// Nakama client's group, far below what would cost the matchmaker.
	DefaultMatchmakerMaxCount = 64
	// DefaultMatchmakerMaxTickets is Nakama's matchmaker.max_tickets: the
	// tickets one socket may hold.
	DefaultMatchmakerMaxTickets = 3
	// DefaultMatchmakerMaxUserTickets caps one user's tickets over all of
	// its sockets.
	DefaultMatchmakerMaxUserTickets = 2 * DefaultMatchmakerMaxTickets
	DefaultMatchTokenExpiry         = 30 * time.Second
	DefaultMaxMessageSize           = 4096
	DefaultPingPeriod               = 15 * time.Second
	DefaultPongWait                 = 25 * time.Second
	DefaultWriteWait                = 5 * time.Second
	DefaultCloseDelay               = 2 * time.Second
	DefaultSendQueue                = 256
	// A 4-player match in relay mode sends 3 packets a frame, 180/s per
	// socket; the limit leaves room for catch-up ticks and signaling.
	DefaultMessageRate  = 480
	DefaultMessageBurst = 1440
	// A client is in one match at a time; the cap leaves room for spectating
	// and for clients that join the next match before leaving the last.
	DefaultMaxMatchesPerSocket = 16
	// DefaultMaxSessionsPerUser bounds the live sessions (refresh tokens) of
	// one user; a new login beyond it ends the oldest.
	DefaultMaxSessionsPerUser = 16
	// Authentication requests per second and burst per client IP (an IPv6
	// client by its /64): room for a LAN party behind one NAT, not for a
	// flood of bcrypt work.
	DefaultAuthIPRate  = 5
	DefaultAuthIPBurst = 50
	// Authentication requests per second and burst per account (device id
	// or email): 10 a minute, so a password is not guessed by trying.
	DefaultAuthAccountRate  = 1.0 / 6
	DefaultAuthAccountBurst = 10
)

// Config configures a Server. Zero fields take the defaults above; only
// DataDir is required.
type Config struct {
	// DataDir holds the SQLite database (accounts, sessions, leaderboard
	// records, signing secrets). It is created if missing.
	DataDir string
	// ServerKey is checked (HTTP Basic, as the user name) on authenticate and
	// refresh, like Nakama's socket.server_key.
	ServerKey string
	// HTTPKey authorizes server-to-server RPC calls (?http_key=), like
	// Nakama's runtime.http_key.
	HTTPKey string
	// TokenExpiry is the session token lifetime.
	TokenExpiry time.Duration
	// RefreshTokenExpiry is the refresh token lifetime.
	RefreshTokenExpiry time.Duration
	// MatchmakerInterval is how often the matchmaker tries to form matches.
	MatchmakerInterval time.Duration
	// MatchmakerMaxCount is the largest max_count a matchmaker ticket may
	// ask for; a bigger one gets error 3.
	MatchmakerMaxCount int
	// MatchmakerMaxTickets and MatchmakerMaxUserTickets cap the tickets one
	// socket, and one user over all of its sockets, may hold.
	MatchmakerMaxTickets, MatchmakerMaxUserTickets int
	// MatchTokenExpiry is the lifetime of matchmaker match tokens.
	MatchTokenExpiry time.Duration
	// MaxMessageSize is the largest inbound socket frame in bytes; a bigger one
	// closes the socket with 1009.
	MaxMessageSize int64
	// PingPeriod is the interval of server WebSocket pings; PongWait is how
	// long the server waits for any frame (pongs included) before dropping
	// the socket.
	PingPeriod, PongWait time.Duration
	// WriteWait bounds each socket write.
	WriteWait time.Duration
	// CloseDelay is how long the server waits after a fatal socket error
	// before it sends the close frame (Nakama waits about 2 s).
	CloseDelay time.Duration
	// SendQueue is the number of outbound messages buffered per socket; a
	// socket whose queue overflows (a reader far too slow) is closed.
	SendQueue int
	// MessageRate and MessageBurst limit inbound socket messages per second
	// (token bucket); a socket exceeding them is closed with 1008.
	MessageRate  float64
	MessageBurst int
	// MaxMatchesPerSocket caps the relayed matches one socket is in at once;
	// a match_create or match_join beyond it gets error 3.
	MaxMatchesPerSocket int
	// MaxSessionsPerUser caps one user's live sessions; a new login beyond
	// it ends the oldest session (its tokens stop working).
	MaxSessionsPerUser int
	// AuthIPRate and AuthIPBurst limit authentication requests per client IP
	// (an IPv6 client by its /64), AuthAccountRate and AuthAccountBurst per
	// account (device id or email), as token buckets; a request beyond
	// either gets 429 with gRPC code 8. math.Inf(1) disables a limit.
	AuthIPRate, AuthAccountRate   float64
	AuthIPBurst, AuthAccountBurst int
	// BcryptCost is the bcrypt cost of new password hashes.
	BcryptCost int
	// ICE says which STUN/TURN servers the ice_servers RPC hands out.
	ICE ice.ServersConfig
	// Logger receives the server's logs; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock used for tokens and timestamps; nil means time.Now.
	Now func() time.Time
}

func (c Config) withDefaults() (Config, error) {
	if c.DataDir == "" {
		return c, fmt.Errorf("%w: empty data directory", ErrConfig)
	}
	setDefault(&c.ServerKey, DefaultServerKey)
	setDefault(&c.HTTPKey, DefaultHTTPKey)
	setDefault(&c.TokenExpiry, DefaultTokenExpiry)
	setDefault(&c.RefreshTokenExpiry, DefaultRefreshTokenExpiry)
	setDefault(&c.MatchmakerInterval, DefaultMatchmakerInterval)
	setDefault(&c.MatchmakerMaxCount, DefaultMatchmakerMaxCount)
	setDefault(&c.MatchmakerMaxTickets, DefaultMatchmakerMaxTickets)
	setDefault(&c.MatchmakerMaxUserTickets, DefaultMatchmakerMaxUserTickets)
	setDefault(&c.MatchTokenExpiry, DefaultMatchTokenExpiry)
	setDefault(&c.MaxMessageSize, DefaultMaxMessageSize)
	setDefault(&c.PingPeriod, DefaultPingPeriod)
	setDefault(&c.PongWait, DefaultPongWait)
	setDefault(&c.WriteWait, DefaultWriteWait)
	setDefault(&c.CloseDelay, DefaultCloseDelay)
	setDefault(&c.SendQueue, DefaultSendQueue)
	setDefault(&c.MessageRate, DefaultMessageRate)
	setDefault(&c.MessageBurst, DefaultMessageBurst)
	setDefault(&c.MaxMatchesPerSocket, DefaultMaxMatchesPerSocket)
	setDefault(&c.MaxSessionsPerUser, DefaultMaxSessionsPerUser)
	setDefault(&c.AuthIPRate, DefaultAuthIPRate)
	setDefault(&c.AuthIPBurst, DefaultAuthIPBurst)
	setDefault(&c.AuthAccountRate, DefaultAuthAccountRate)
	setDefault(&c.AuthAccountBurst, DefaultAuthAccountBurst)
	setDefault(&c.BcryptCost, bcrypt.DefaultCost)
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	switch {
	case c.TokenExpiry < 0 || c.RefreshTokenExpiry < 0 || c.MatchmakerInterval < 0 || c.MatchTokenExpiry < 0:
		return c, fmt.Errorf("%w: negative duration", ErrConfig)
	case c.MaxMessageSize < 256:
		return c, fmt.Errorf("%w: max message size %d below 256 bytes", ErrConfig, c.MaxMessageSize)
	case c.PongWait <= c.PingPeriod:
		return c, fmt.Errorf("%w: pong wait %v must exceed ping period %v", ErrConfig, c.PongWait, c.PingPeriod)
	case c.MatchmakerMaxCount < 2 || c.MatchmakerMaxTickets < 1 || c.MatchmakerMaxUserTickets < 1:
		return c, fmt.Errorf("%w: matchmaker max count must be at least 2, ticket caps at least 1", ErrConfig)
	case c.CloseDelay < 0:
		return c, fmt.Errorf("%w: negative close delay", ErrConfig)
	case c.SendQueue < 1 || c.MessageRate <= 0 || c.MessageBurst < 1:
		return c, fmt.Errorf("%w: send queue, message rate and burst must be positive", ErrConfig)
	case c.MaxMatchesPerSocket < 1 || c.MaxSessionsPerUser < 1:
		return c, fmt.Errorf("%w: matches per socket and sessions per user must be positive", ErrConfig)
	case !(c.AuthIPRate > 0) || !(c.AuthAccountRate > 0) || c.AuthIPBurst < 1 || c.AuthAccountBurst < 1:
		return c, fmt.Errorf("%w: authentication rates and bursts must be positive", ErrConfig)
	case c.BcryptCost < bcrypt.MinCost || c.BcryptCost > bcrypt.MaxCost:
		return c, fmt.Errorf("%w: bcrypt cost %d outside %d..%d", ErrConfig, c.BcryptCost, bcrypt.MinCost, bcrypt.MaxCost)
	}
	return c, nil
}

// socketLimiter returns the token bucket that limits one socket's inbound
// messages.
func (c Config) socketLimiter() *rate.Limiter {
	return rate.NewLimiter(rate.Limit(c.MessageRate), c.MessageBurst)
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}
