package ice

import (
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Server is one entry of the ice_servers payload, shaped like the WebRTC
// RTCIceServer dictionary.
type Server struct {
	// URLs are stun:, turn: or turns: URLs.
	URLs []string `json:"urls"`
	// Username is the TURN username (TURN entries only).
	Username string `json:"username,omitempty"`
	// Credential is the TURN password (TURN entries only).
	Credential string `json:"credential,omitempty"`
}

// Servers is the JSON document the ice_servers RPC returns as its payload.
type Servers struct {
	// ICEServers lists the STUN entry first, then the TURN entry.
	ICEServers []Server `json:"ice_servers"`
}

// ServersConfig says which STUN and TURN URLs the ice_servers RPC hands out.
type ServersConfig struct {
	// Host is the public host name or IP clients reach this server's STUN and
	// TURN port at. Empty means this server advertises no STUN/TURN of its own
	// (only the extra URLs).
	Host string
	// STUNPort is the port of the STUN responder (or of the TURN server,
	// which answers STUN too); 0 means no own stun: URL.
	STUNPort int
	// TURNPort is the TURN server's UDP port; 0 means TURN is disabled.
	TURNPort int
	// TURNSecret is the shared secret credentials are signed with. Required
	// when TURNPort or ExtraTURN is set.
	TURNSecret string
	// TURNTTL is how long handed-out credentials stay valid; 0 means
	// DefaultCredentialTTL.
	TURNTTL time.Duration
	// ExtraSTUN are more stun: URLs (e.g. from a --stun flag), listed after ours.
	ExtraSTUN []string
	// ExtraTURN are more turn:/turns: URLs of TURN servers that share
	// TURNSecret (e.g. a coturn with use-auth-secret); they get the same
	// credentials as ours.
	ExtraTURN []string
}

// Validate reports a configuration that cannot produce a useful payload.
func (c ServersConfig) Validate() error {
	for _, p := range []int{c.STUNPort, c.TURNPort} {
		if p < 0 || p > 65535 {
			return fmt.Errorf("%w: port %d out of range", ErrServersConfig, p)
		}
	}
	if c.Host == "" && (c.STUNPort != 0 || c.TURNPort != 0) {
		return fmt.Errorf("%w: a stun or turn port needs a public host", ErrServersConfig)
	}
	if strings.ContainsAny(c.Host, "/?#@ ") {
		return fmt.Errorf("%w: host %q is not a host name or ip", ErrServersConfig, c.Host)
	}
	if (c.TURNPort != 0 || len(c.ExtraTURN) > 0) && c.TURNSecret == "" {
		return fmt.Errorf("%w: turn urls need a turn secret", ErrServersConfig)
	}
	if c.TURNTTL < 0 {
		return fmt.Errorf("%w: negative turn ttl", ErrServersConfig)
	}
	for _, u := range c.ExtraSTUN {
		if !strings.HasPrefix(u, "stun:") && !strings.HasPrefix(u, "stuns:") {
			return fmt.Errorf("%w: %q is not a stun: url", ErrServersConfig, u)
		}
	}
	for _, u := range c.ExtraTURN {
		if !strings.HasPrefix(u, "turn:") && !strings.HasPrefix(u, "turns:") {
			return fmt.Errorf("%w: %q is not a turn: url", ErrServersConfig, u)
		}
	}
	return nil
}

// Build returns the ice_servers document for userID at now. TURN entries
// carry credentials valid until now + TURNTTL; call it only for
// authenticated callers.
func (c ServersConfig) Build(userID string, now time.Time) (Servers, error) {
	if err := c.Validate(); err != nil {
		return Servers{}, err
	}
	out := Servers{ICEServers: []Server{}}
	var stun []string
	if c.STUNPort != 0 {
		stun = append(stun, "stun:"+hostPort(c.Host, c.STUNPort))
	}
	stun = append(stun, c.ExtraSTUN...)
	if len(stun) > 0 {
		out.ICEServers = append(out.ICEServers, Server{URLs: stun})
	}
	var turn []string
	if c.TURNPort != 0 {
		turn = append(turn, "turn:"+hostPort(c.Host, c.TURNPort)+"?transport=udp")
	}
	turn = append(turn, c.ExtraTURN...)
	if len(turn) > 0 {
		ttl := c.TURNTTL
		if ttl == 0 {
			ttl = DefaultCredentialTTL
		}
		user, pass := Credentials(c.TURNSecret, userID, now.Add(ttl))
		out.ICEServers = append(out.ICEServers, Server{URLs: turn, Username: user, Credential: pass})
	}
	return out, nil
}

// Payload returns Build's document as the JSON string the ice_servers RPC
// returns, e.g.
// {"ice_servers":[{"urls":["stun:HOST:3478"]},{"urls":["turn:HOST:3478?transport=udp"],"username":"...","credential":"..."}]}.
func (c ServersConfig) Payload(userID string, now time.Time) (string, error) {
	s, err := c.Build(userID, now)
	if err != nil {
		return "", err
	}
	// No HTML escaping: URLs keep their '&' rather than "\u0026".
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", fmt.Errorf("encode ice servers: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// hostPort joins host and port, bracketing IPv6 literals as URLs need.
func hostPort(host string, port int) string {
	return net.JoinHostPort(strings.Trim(host, "[]"), strconv.Itoa(port))
}
