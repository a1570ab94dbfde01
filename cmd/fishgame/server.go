package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fishgame/fishgame/signaling/server"
	"github.com/fishgame/fishgame/signaling/server/ice"
)

// serverFlags is the server command line.
type serverFlags struct {
	addr, dataDir, serverKey, httpKey                   string
	tokenExpiry, refreshExpiry, mmInterval, matchExpiry time.Duration
	closeDelay                                          time.Duration
	maxMessage                                          int64
	rate                                                float64
	burst, bcryptCost                                   int
	mmMaxCount, mmMaxTickets, mmMaxUserTickets          int
	maxMatches, maxSessions, authIPBurst, authAcctBurst int
	authIPRate, authAcctRate                            float64
	stunAddr, publicHost, turnSecret, turnRelayIP       string
	turn, turnTCP                                       bool
	turnAllowPeers                                      prefixList
	turnQuota                                           int
	turnTTL                                             time.Duration
	extraSTUN, extraTURN                                string
	logLevel                                            string
}

// defaultDataDir is $XDG_DATA_HOME/fishgame, else ~/.local/share/fishgame,
// else ./fishgame-data.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "fishgame")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".local", "share", "fishgame")
	}
	return "fishgame-data"
}

// runServer runs "fishgame server" until ctx ends.
func runServer(ctx context.Context, args []string, stdout io.Writer) error {
	var f serverFlags
	fs := serverFlagSet(&f)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return usagef("bad --log-level %q: want debug, info, warn or error", f.logLevel)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	return serve(ctx, f, log, stdout)
}

// serverFlagSet returns the server command line, parsing into f.
func serverFlagSet(f *serverFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:7350", "TCP address of the REST API and the realtime socket (host:port; port 0 picks a free one)")
	fs.StringVar(&f.dataDir, "data", defaultDataDir(), "data directory (SQLite database with accounts, sessions, leaderboards and signing secrets)")
	fs.StringVar(&f.serverKey, "server-key", server.DefaultServerKey, "server key clients send (HTTP Basic) to authenticate and refresh")
	fs.StringVar(&f.httpKey, "http-key", server.DefaultHTTPKey, "key for server-to-server RPC calls (?http_key=)")
	fs.DurationVar(&f.tokenExpiry, "token-expiry", server.DefaultTokenExpiry, "session token lifetime")
	fs.DurationVar(&f.refreshExpiry, "refresh-token-expiry", server.DefaultRefreshTokenExpiry, "refresh token lifetime")
	fs.DurationVar(&f.mmInterval, "matchmaker-interval", server.DefaultMatchmakerInterval, "how often the matchmaker forms matches")
	fs.IntVar(&f.mmMaxCount, "matchmaker-max-count", server.DefaultMatchmakerMaxCount, "largest max_count a matchmaker ticket may ask for")
	fs.IntVar(&f.mmMaxTickets, "matchmaker-max-tickets", server.DefaultMatchmakerMaxTickets, "matchmaker tickets one socket may hold (Nakama's matchmaker.max_tickets)")
	fs.IntVar(&f.mmMaxUserTickets, "matchmaker-max-user-tickets", server.DefaultMatchmakerMaxUserTickets, "matchmaker tickets one user may hold over all of its sockets")
	fs.IntVar(&f.maxMatches, "max-matches-per-socket", server.DefaultMaxMatchesPerSocket, "relayed matches one socket may be in at once")
	fs.IntVar(&f.maxSessions, "max-sessions-per-user", server.DefaultMaxSessionsPerUser, "live sessions per user; a new login beyond it ends the oldest")
	fs.Float64Var(&f.authIPRate, "auth-ip-rate", server.DefaultAuthIPRate, `authentications per second per client IP (IPv6: per /64); "inf" disables, e.g. for a load test from one host`)
	fs.IntVar(&f.authIPBurst, "auth-ip-burst", server.DefaultAuthIPBurst, "authentication burst per client IP")
	fs.Float64Var(&f.authAcctRate, "auth-account-rate", server.DefaultAuthAccountRate, `authentications per second per account (device id or email); "inf" disables`)
	fs.IntVar(&f.authAcctBurst, "auth-account-burst", server.DefaultAuthAccountBurst, "authentication burst per account")
	fs.DurationVar(&f.matchExpiry, "match-token-expiry", server.DefaultMatchTokenExpiry, "lifetime of matchmaker match tokens")
	fs.Int64Var(&f.maxMessage, "max-message-size", server.DefaultMaxMessageSize, "largest inbound socket frame in bytes (bigger ones close the socket with 1009)")
	fs.Float64Var(&f.rate, "socket-rate", server.DefaultMessageRate, "inbound socket messages per second allowed per socket")
	fs.IntVar(&f.burst, "socket-burst", server.DefaultMessageBurst, "inbound socket message burst allowed per socket")
	fs.DurationVar(&f.closeDelay, "close-delay", server.DefaultCloseDelay, "delay before closing a socket after a fatal protocol error (Nakama: about 2s)")
	fs.IntVar(&f.bcryptCost, "bcrypt-cost", 10, "bcrypt cost of new password hashes (4-31)")
	fs.StringVar(&f.stunAddr, "stun-addr", "", `UDP address of the STUN responder (default: the --addr host, port 3478; "off" disables)`)
	fs.StringVar(&f.publicHost, "public-host", "", "host name or IP clients reach STUN/TURN at (default: the --addr host, or this machine's first LAN IPv4 if that is unspecified)")
	fs.BoolVar(&f.turn, "turn", false, "run a TURN relay (which also answers STUN) on the STUN address")
	fs.StringVar(&f.turnSecret, "turn-secret", "", "shared secret of TURN credentials (default: random per start; set it to share with --turn-url servers)")
	fs.StringVar(&f.turnRelayIP, "turn-relay-ip", "", "IP advertised for TURN relay addresses (default: the public host's IP)")
	fs.Var(&f.turnAllowPeers, "turn-allow-peer", "peer address range (CIDR) TURN relays may reach although it is refused by default (loopback, private, link-local, CGNAT, multicast, this host's addresses); repeatable, e.g. 127.0.0.0/8 for a single-machine test")
	fs.BoolVar(&f.turnTCP, "turn-tcp", false, "accept TCP relay allocations (RFC 6062); off because they let clients open TCP connections from this host")
	fs.IntVar(&f.turnQuota, "turn-quota", ice.DefaultMaxAllocationsPerUser, "TURN relay allocations one user may hold at a time")
	fs.DurationVar(&f.turnTTL, "turn-ttl", ice.DefaultCredentialTTL, "lifetime of TURN credentials handed out by the ice_servers RPC")
	fs.StringVar(&f.extraSTUN, "stun-url", "", "extra stun: URLs for the ice_servers RPC, comma-separated")
	fs.StringVar(&f.extraTURN, "turn-url", "", "extra turn: URLs (sharing --turn-secret) for the ice_servers RPC, comma-separated")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	setUsage(fs, `Usage: fishgame server [flags]

Runs the embedded Nakama-compatible signaling server: device/email accounts, the
fish_game_wins leaderboard, relayed matches, the matchmaker, status and the ice_servers
RPC on one port, plus a STUN responder (and optionally TURN) over UDP. Stock Nakama
clients work against it. It prints its URL on stdout and logs to stderr; Ctrl-C or
SIGTERM shuts it down gracefully.

The default data directory is $XDG_DATA_HOME/fishgame, else ~/.local/share/fishgame.

Example: fishgame server --addr 0.0.0.0:7350 --data ./fishgame-data --server-key defaultkey

Flags:
`)
	return fs
}

// config returns the server configuration the flags describe.
func (f serverFlags) config(iceCfg ice.ServersConfig, log *slog.Logger) server.Config {
	return server.Config{
		DataDir:                  f.dataDir,
		ServerKey:                f.serverKey,
		HTTPKey:                  f.httpKey,
		TokenExpiry:              f.tokenExpiry,
		RefreshTokenExpiry:       f.refreshExpiry,
		MatchmakerInterval:       f.mmInterval,
		MatchmakerMaxCount:       f.mmMaxCount,
		MatchmakerMaxTickets:     f.mmMaxTickets,
		MatchmakerMaxUserTickets: f.mmMaxUserTickets,
		MatchTokenExpiry:         f.matchExpiry,
		MaxMatchesPerSocket:      f.maxMatches,
		MaxSessionsPerUser:       f.maxSessions,
		AuthIPRate:               f.authIPRate,
		AuthIPBurst:              f.authIPBurst,
		AuthAccountRate:          f.authAcctRate,
		AuthAccountBurst:         f.authAcctBurst,
		MaxMessageSize:           f.maxMessage,
		CloseDelay:               f.closeDelay,
		MessageRate:              f.rate,
		MessageBurst:             f.burst,
		BcryptCost:               f.bcryptCost,
		ICE:                      iceCfg,
		Logger:                   log,
	}
}

// serve runs the server described by f until ctx ends.
func serve(ctx context.Context, f serverFlags, log *slog.Logger, stdout io.Writer) error {
	host, _, err := net.SplitHostPort(f.addr)
	if err != nil {
		return usagef("bad --addr %q: %v", f.addr, err)
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()

	iceCfg, udp, err := iceSetup(f, host)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	if udp != nil {
		closer, err := startICE(ctx, &wg, f, udp, iceCfg, log)
		if err != nil {
			return err
		}
		defer closer.Close()
	}

	srv, err := server.New(f.config(iceCfg, log))
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(stdout, "fishgame server: http://%s (data %s)\n", ln.Addr(), f.dataDir)
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	return srv.Close()
}

// iceSetup opens the STUN/TURN UDP socket (nil when disabled) and builds the
// ice_servers configuration advertising it.
func iceSetup(f serverFlags, addrHost string) (ice.ServersConfig, net.PacketConn, error) {
	cfg := ice.ServersConfig{TURNSecret: f.turnSecret, TURNTTL: f.turnTTL, ExtraSTUN: splitList(f.extraSTUN), ExtraTURN: splitList(f.extraTURN)}
	if (f.turn || len(cfg.ExtraTURN) > 0) && cfg.TURNSecret == "" {
		var b [16]byte
		rand.Read(b[:])
		cfg.TURNSecret = hex.EncodeToString(b[:])
	}
	if f.stunAddr == "off" {
		if f.turn {
			return cfg, nil, usagef("--turn needs a STUN/TURN address (--stun-addr is off)")
		}
		return cfg, nil, cfg.Validate()
	}
	stunAddr := f.stunAddr
	if stunAddr == "" {
		stunAddr = net.JoinHostPort(addrHost, "3478")
	}
	udp, err := net.ListenPacket("udp", stunAddr)
	if err != nil {
		return cfg, nil, fmt.Errorf("listen stun: %w", err)
	}
	cfg.Host = f.publicHost
	if cfg.Host == "" {
		cfg.Host = advertisedHost(addrHost)
	} else if _, err := resolveIP(cfg.Host); err != nil {
		udp.Close()
		return cfg, nil, usagef("--public-host: %v", err)
	}
	port := udp.LocalAddr().(*net.UDPAddr).Port
	cfg.STUNPort = port
	if f.turn {
		cfg.TURNPort = port
	}
	if err := cfg.Validate(); err != nil {
		udp.Close()
		return cfg, nil, usagef("%v", err)
	}
	return cfg, udp, nil
}

// startICE serves STUN (or TURN, which answers STUN too) on udp.
func startICE(ctx context.Context, wg *sync.WaitGroup, f serverFlags, udp net.PacketConn, cfg ice.ServersConfig, log *slog.Logger) (io.Closer, error) {
	if f.turn {
		relay := net.ParseIP(f.turnRelayIP)
		if relay == nil && f.turnRelayIP != "" {
			udp.Close()
			return nil, usagef("bad --turn-relay-ip %q: not an IP", f.turnRelayIP)
		}
		if relay == nil {
			var err error
			if relay, err = resolveIP(cfg.Host); err != nil {
				udp.Close()
				return nil, usagef("turn relay ip: %v (set --public-host or --turn-relay-ip)", err)
			}
		}
		t, err := ice.NewTURNServer(ice.TURNConfig{Conn: udp, Secret: cfg.TURNSecret, RelayIP: relay,
			AllowPeers: f.turnAllowPeers, AllowTCP: f.turnTCP, MaxAllocationsPerUser: f.turnQuota, Log: log})
		if err != nil {
			udp.Close()
			return nil, err
		}
		log.Info("turn server listening", slog.String("addr", t.Addr().String()), slog.String("relay_ip", relay.String()))
		return t, nil
	}
	s, err := ice.NewSTUNServer(udp, log)
	if err != nil {
		udp.Close()
		return nil, err
	}
	log.Info("stun server listening", slog.String("addr", s.Addr().String()))
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := s.Serve(ctx); err != nil {
			log.Error("stun server", slog.Any("err", err))
		}
	}()
	return s, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// advertisedHost is the host clients should use for STUN/TURN: the listen
// host, or this machine's first non-loopback IPv4 when that is unspecified.
func advertisedHost(host string) string {
	if ip := net.ParseIP(host); host != "" && (ip == nil || !ip.IsUnspecified()) {
		return host
	}
	addrs, err := net.InterfaceAddrs()
	if err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
				return n.IP.String()
			}
		}
	}
	return "127.0.0.1"
}

// resolveIP returns host as an IP, resolving a name.
func resolveIP(host string) (net.IP, error) {
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip != nil {
		return ip, nil
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return nil, fmt.Errorf("resolve %q: %w", host, err)
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("resolve %q: no addresses", host)
	}
	return ips[0], nil
}

// prefixList is a repeatable flag of CIDR ranges (a bare IP is a /32 or
// /128).
type prefixList []netip.Prefix

func (l *prefixList) String() string {
	var s []string
	for _, p := range *l {
		s = append(s, p.String())
	}
	return strings.Join(s, ",")
}

func (l *prefixList) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return fmt.Errorf("%q is not a CIDR range or IP", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		*l = append(*l, p.Masked())
	}
	return nil
}
