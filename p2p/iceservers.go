package p2p

import (
	"fmt"
	"net"
	"net/url"

	"github.com/pion/stun/v4"
	"github.com/pion/webrtc/v4"
)

// ICEServers checks STUN and TURN server URLs (from flags, config or the
// server's ice_servers RPC) and groups them into one ICE server entry.
// username and credential go with TURN URLs; a TURN URL without them is an
// error, since the server would refuse every allocation.
func ICEServers(urls []string, username, credential string) ([]webrtc.ICEServer, error) {
	if len(urls) == 0 {
		return nil, nil
	}
	turn := false
	for _, raw := range urls {
		u, err := parseICEURL(raw)
		if err != nil {
			return nil, err
		}
		if u.Scheme == stun.SchemeTypeTURN || u.Scheme == stun.SchemeTypeTURNS {
			turn = true
		}
	}
	if turn && (username == "" || credential == "") {
		return nil, fmt.Errorf("%w: TURN server without username and credential", ErrBadConfig)
	}
	s := webrtc.ICEServer{URLs: append([]string(nil), urls...)}
	if turn {
		s.Username, s.Credential = username, credential
	}
	return []webrtc.ICEServer{s}, nil
}

// parseICEURL parses a STUN or TURN URL. pion's parser recurses without end
// on some malformed hosts ("turns:[::1]_x"), and pion runs it on every URL
// of a Configuration, so the host and port are checked here first.
func parseICEURL(raw string) (*stun.URI, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: ICE server %q: %w", ErrBadConfig, raw, err)
	}
	if _, _, err := net.SplitHostPort(u.Opaque); err != nil {
		// pion retries once with the default port; that retry must succeed.
		if _, _, err := net.SplitHostPort(u.Opaque + ":3478"); err != nil {
			return nil, fmt.Errorf("%w: ICE server %q: bad host or port", ErrBadConfig, raw)
		}
	}
	uri, err := stun.ParseURI(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: ICE server %q: %w", ErrBadConfig, raw, err)
	}
	return uri, nil
}
