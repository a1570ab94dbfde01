package main

import (
	"flag"
	"strings"

	"github.com/pion/webrtc/v4"

	"github.com/fishgame/fishgame/p2p"
)

// iceFlags are the STUN/TURN servers given on the command line; they are
// used besides the ones the signaling server's ice_servers RPC hands out.
type iceFlags struct {
	urls                 urlList
	username, credential string
}

// urlList is a repeatable, comma-separated flag of URLs.
type urlList []string

func (l *urlList) String() string { return strings.Join(*l, ",") }

func (l *urlList) Set(v string) error {
	for _, u := range strings.Split(v, ",") {
		if u = strings.TrimSpace(u); u != "" {
			*l = append(*l, u)
		}
	}
	return nil
}

// register adds the ICE flags to fs; prefix starts their help text.
func (f *iceFlags) register(fs *flag.FlagSet, prefix string) {
	fs.Var(&f.urls, "ice-server", prefix+"extra STUN/TURN server URL, like stun:stun.example.com:3478 or turn:turn.example.com:3478?transport=udp (repeat or separate with commas)")
	fs.StringVar(&f.username, "ice-username", "", prefix+"username for the --ice-server TURN URLs")
	fs.StringVar(&f.credential, "ice-credential", "", prefix+"credential for the --ice-server TURN URLs")
}

// servers checks the flags and returns the ICE servers they name.
func (f *iceFlags) servers() ([]webrtc.ICEServer, error) {
	s, err := p2p.ICEServers(f.urls, f.username, f.credential)
	if err != nil {
		return nil, usagef("--ice-server: %v", err)
	}
	return s, nil
}
