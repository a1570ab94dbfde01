package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/pion/stun/v4"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/signaling"
	"github.com/fishgame/fishgame/signaling/server"
)

// stunList is a repeatable --stun flag.
type stunList []string

func (s *stunList) String() string { return strings.Join(*s, ",") }
func (s *stunList) Set(v string) error {
	for _, a := range strings.Split(v, ",") {
		a = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(a), "stun:"))
		if a == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(a); err != nil {
			return fmt.Errorf("STUN server %q: want host:port", a)
		}
		*s = append(*s, a)
	}
	return nil
}

// doctorConfig is the doctor command line.
type doctorConfig struct {
	nakama, serverKey string
	stun              stunList
	timeout           time.Duration
	stunTimeout       time.Duration
}

func runDoctor(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	var cfg doctorConfig
	fs.StringVar(&cfg.nakama, "nakama", "http://127.0.0.1:7350", "base URL of the signaling server (Nakama or fishgame server)")
	fs.StringVar(&cfg.serverKey, "server-key", server.DefaultServerKey, "server key of the signaling server")
	fs.Var(&cfg.stun, "stun", "STUN server host:port to test the NAT against (repeat it or separate with commas; default: the stun: servers the ice_servers RPC hands out)")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Second, "bound of each server request")
	fs.DurationVar(&cfg.stunTimeout, "stun-timeout", 3*time.Second, "how long to wait for STUN answers")
	setUsage(fs, `Usage: fishgame doctor [flags]

Checks what online play needs: that the signaling server answers, that logging in
works, which STUN/TURN servers it hands out, and whether your NAT maps one UDP socket
to the same public address for two different STUN servers (then direct peer-to-peer
play is likely) or not (a symmetric NAT: TURN or the server relay is needed).
It exits non-zero when the server is unreachable or authentication fails.

Example: fishgame doctor --nakama http://game.example.com:7350 --stun stun1.example.com:3478 --stun stun2.example.com:3478

`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case !strings.HasPrefix(cfg.nakama, "http://") && !strings.HasPrefix(cfg.nakama, "https://"):
		return usagef("--nakama %q, expected a URL like http://127.0.0.1:7350", cfg.nakama)
	case cfg.timeout <= 0 || cfg.stunTimeout <= 0:
		return usagef("--timeout and --stun-timeout must be more than 0")
	}
	return doctor(ctx, cfg, stdout)
}

// doctor runs the checks and prints one plain-language line per finding.
func doctor(ctx context.Context, cfg doctorConfig, w io.Writer) error {
	url := strings.TrimRight(cfg.nakama, "/")
	start := time.Now()
	if err := healthcheck(ctx, url, cfg.timeout); err != nil {
		fmt.Fprintf(w, "server:   %s is NOT reachable: %v\n", url, err)
		fmt.Fprintln(w, "verdict:  online play is impossible until the signaling server answers (is it running? is the URL right?)")
		return fmt.Errorf("signaling server %s unreachable: %w", url, err)
	}
	fmt.Fprintf(w, "server:   %s is reachable (healthcheck in %v)\n", url, time.Since(start).Round(time.Millisecond))

	client, err := signaling.NewClient(url, cfg.serverKey)
	if err != nil {
		return err
	}
	actx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	sess, err := client.AuthenticateDevice(actx, doctorDeviceID(), true, "")
	if err != nil {
		hint := ""
		if errors.Is(err, signaling.ErrUnauthorized) {
			hint = " (wrong --server-key?)"
		}
		fmt.Fprintf(w, "login:    FAILED%s: %v\n", hint, err)
		fmt.Fprintln(w, "verdict:  online play is impossible until authentication works")
		return fmt.Errorf("authentication failed: %w", err)
	}
	fmt.Fprintf(w, "login:    ok, device account %q\n", sess.Username())

	var turn bool
	servers := cfg.stun
	payload, err := sess.RPC(actx, "ice_servers", "{}")
	var ice []string
	if err == nil {
		var parsed []string
		list, perr := netplay.ParseICEServers(payload)
		err = perr
		for _, s := range list {
			for _, u := range s.URLs {
				parsed = append(parsed, u)
				if strings.HasPrefix(u, "turn:") || strings.HasPrefix(u, "turns:") {
					turn = true
				}
				if host, ok := stunHostPort(u); ok && len(cfg.stun) == 0 {
					servers = append(servers, host)
				}
			}
		}
		ice = parsed
	}
	switch {
	case err != nil:
		fmt.Fprintf(w, "ice:      the ice_servers RPC failed: %v (is the fishgame module installed on this Nakama?)\n", err)
	case len(ice) == 0:
		fmt.Fprintln(w, "ice:      the server hands out no STUN or TURN servers")
	default:
		fmt.Fprintf(w, "ice:      the server hands out %s\n", strings.Join(ice, ", "))
	}

	results := probeSTUN(ctx, servers, cfg.stunTimeout)
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(w, "stun:     %s did not answer: %v\n", r.server, r.err)
		} else {
			fmt.Fprintf(w, "stun:     %s sees you as %s (%v)\n", r.server, r.mapped, r.rtt.Round(100*time.Microsecond))
		}
	}
	fmt.Fprintf(w, "verdict:  %s\n", natVerdict(results, turn))
	return nil
}

// doctorDeviceID names this machine's doctor account, so repeated runs
// reuse one account instead of creating a new one each time.
func doctorDeviceID() string {
	host, _ := os.Hostname()
	sum := sha256.Sum256([]byte("fishgame-doctor:" + host))
	return "fishgame-doctor-" + hex.EncodeToString(sum[:8])
}

func healthcheck(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/healthcheck", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck answered %s", resp.Status)
	}
	return nil
}

// stunHostPort returns host:port of a stun: URL (port 3478 by default).
func stunHostPort(u string) (string, bool) {
	rest, ok := strings.CutPrefix(u, "stun:")
	if !ok {
		return "", false
	}
	rest, _, _ = strings.Cut(rest, "?")
	if _, _, err := net.SplitHostPort(rest); err != nil {
		rest = net.JoinHostPort(strings.Trim(rest, "[]"), "3478")
	}
	return rest, true
}

// stunResult is one STUN server's view of our socket.
type stunResult struct {
	server string // as given
	addr   string // resolved ip:port
	mapped *net.UDPAddr
	rtt    time.Duration
	err    error
}

// probeSTUN asks every server, from one UDP socket, which address it sees
// us at. Requests are retransmitted until timeout.
func probeSTUN(ctx context.Context, servers []string, timeout time.Duration) []stunResult {
	results := make([]stunResult, len(servers))
	conn, err := net.ListenPacket("udp4", ":0")
	if err != nil {
		for i := range results {
			results[i] = stunResult{server: servers[i], err: fmt.Errorf("open udp socket: %w", err)}
		}
		return results
	}
	defer conn.Close()
	type pending struct {
		addr *net.UDPAddr
		msg  *stun.Message
		sent time.Time
	}
	waiting := map[[stun.TransactionIDSize]byte]int{}
	reqs := make([]pending, len(servers))
	for i, s := range servers {
		results[i].server = s
		addr, err := net.ResolveUDPAddr("udp4", s)
		if err != nil {
			results[i].err = fmt.Errorf("resolve: %w", err)
			continue
		}
		results[i].addr = addr.String()
		m, err := stun.Build(stun.TransactionID, stun.BindingRequest, stun.Fingerprint)
		if err != nil {
			results[i].err = err
			continue
		}
		reqs[i] = pending{addr: addr, msg: m}
		waiting[m.TransactionID] = i
	}
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	buf := make([]byte, 1500)
	const resend = 250 * time.Millisecond
	for len(waiting) > 0 && time.Now().Before(deadline) {
		for _, i := range waiting {
			if time.Since(reqs[i].sent) >= resend {
				if reqs[i].sent.IsZero() {
					reqs[i].sent = time.Now()
				}
				conn.WriteTo(reqs[i].msg.Raw, reqs[i].addr)
			}
		}
		next := time.Now().Add(resend)
		if deadline.Before(next) {
			next = deadline
		}
		conn.SetReadDeadline(next)
		n, _, err := conn.ReadFrom(buf)
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				continue
			}
			break
		}
		var res stun.Message
		res.Raw = append([]byte(nil), buf[:n]...)
		if res.Decode() != nil {
			continue
		}
		i, ok := waiting[res.TransactionID]
		if !ok || res.Type != stun.BindingSuccess {
			continue
		}
		var xor stun.XORMappedAddress
		if err := xor.GetFrom(&res); err != nil {
			var plain stun.MappedAddress
			if err := plain.GetFrom(&res); err != nil {
				continue
			}
			xor.IP, xor.Port = plain.IP, plain.Port
		}
		results[i].mapped = &net.UDPAddr{IP: xor.IP, Port: xor.Port}
		results[i].rtt = time.Since(reqs[i].sent)
		delete(waiting, res.TransactionID)
	}
	for _, i := range waiting {
		results[i].err = fmt.Errorf("no answer within %v", timeout)
	}
	for i := range results {
		if results[i].mapped == nil && results[i].err == nil {
			results[i].err = errors.New("no answer")
		}
	}
	return results
}

// natVerdict says in plain words what the STUN answers mean for direct play.
func natVerdict(results []stunResult, turn bool) string {
	var answered []stunResult
	for _, r := range results {
		if r.err == nil {
			answered = append(answered, r)
		}
	}
	fallback := "matches will relay through the signaling server (higher latency)"
	if turn {
		fallback = "the server offers TURN, so matches can still connect through it"
	}
	switch {
	case len(results) == 0:
		return "no STUN server to test with (pass --stun host:port twice): cannot tell whether direct P2P will work"
	case len(answered) == 0:
		return "no STUN server answered: UDP may be blocked here, direct P2P is unlikely; " + fallback
	}
	for _, a := range answered[1:] {
		if a.addr == answered[0].addr {
			continue
		}
		if a.mapped.String() == answered[0].mapped.String() {
			return fmt.Sprintf("your NAT mapping is stable (%s from two different servers): direct P2P is likely", a.mapped)
		}
		return fmt.Sprintf("your NAT mapping changes per server (%s vs %s, a symmetric NAT): direct P2P is unlikely, TURN is needed; %s",
			answered[0].mapped, a.mapped, fallback)
	}
	return "only one STUN server address answered: cannot tell whether your NAT mapping is stable (pass --stun host:port twice, two different servers)"
}
