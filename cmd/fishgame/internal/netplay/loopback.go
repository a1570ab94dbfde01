package netplay

import (
	"fmt"
	"net"

	"github.com/fishgame/fishgame/p2p"
	"github.com/pion/webrtc/v4"
)

// LoopbackOnly returns cfg restricted to this machine's loopback interface
// over UDP/IPv4, with loopback candidates on and mDNS off: the settings for
// several players on one machine (the lab, tests). Without them pion may
// pick another interface and fail to connect on loopback.
func LoopbackOnly(cfg p2p.Config) (p2p.Config, error) {
	ifaces, err := net.Interfaces()
	if err != nil {
		return cfg, fmt.Errorf("list network interfaces: %w", err)
	}
	cfg.Interfaces = nil
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagLoopback != 0 && ifc.Flags&net.FlagUp != 0 {
			cfg.Interfaces = append(cfg.Interfaces, ifc.Name)
		}
	}
	if len(cfg.Interfaces) == 0 {
		return cfg, fmt.Errorf("%w: no loopback interface is up", ErrBadConfig)
	}
	cfg.NetworkTypes = []webrtc.NetworkType{webrtc.NetworkTypeUDP4}
	cfg.IncludeLoopback = true
	cfg.MDNS = false
	return cfg, nil
}
