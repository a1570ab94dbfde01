package ice

import (
	"net"
	"net/netip"
)

// refusedPeerRanges are the peer addresses a public relay must not reach
// unless TURNConfig.AllowPeers names them: they lead to the relay host
// itself, to the network behind it, or to many hosts at once.
var refusedPeerRanges = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network", unspecified
	netip.MustParsePrefix("10.0.0.0/8"),     // private
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("127.0.0.0/8"),    // loopback
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, cloud metadata
	netip.MustParsePrefix("172.16.0.0/12"),  // private
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("192.168.0.0/16"), // private
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("224.0.0.0/4"),    // multicast
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, broadcast
	netip.MustParsePrefix("::/128"),         // unspecified
	netip.MustParsePrefix("::1/128"),        // loopback
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64: embeds any IPv4 address
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("fc00::/7"),       // unique local
	netip.MustParsePrefix("fe80::/10"),      // link-local
	netip.MustParsePrefix("ff00::/8"),       // multicast
}

// peerPolicy decides which peer addresses relays may send to and hear from.
type peerPolicy struct {
	allow   []netip.Prefix
	own     map[netip.Addr]bool // the server's own addresses
	relayIP netip.Addr
}

// ipAddr converts a net.IP, unmapping IPv4-in-IPv6 forms, so that
// ::ffff:10.0.0.1 is judged as 10.0.0.1.
func ipAddr(ip net.IP) (netip.Addr, bool) {
	a, ok := netip.AddrFromSlice(ip)
	return a.Unmap(), ok
}

func (p *peerPolicy) allowed(a netip.Addr) bool {
	for _, r := range p.allow {
		if r.Contains(a) {
			return true
		}
	}
	return false
}

// permit reports whether a client may create a permission (or bind a
// channel) to peer. The relay address itself is permitted, so that two
// clients of this server can relay to each other; relayConn then lets
// packets through to live relay ports only.
func (p *peerPolicy) permit(peer net.IP) bool {
	a, ok := ipAddr(peer)
	if !ok {
		return false
	}
	if p.allowed(a) {
		return true
	}
	for _, r := range refusedPeerRanges {
		if r.Contains(a) {
			return false
		}
	}
	if p.own[a] {
		return a == p.relayIP
	}
	return true
}

// ownRestricted reports whether traffic between a relay and addr must be
// limited to the server's live relay ports: addr is one of the server's own
// addresses and no allowed range names it.
func (p *peerPolicy) ownRestricted(ip net.IP) bool {
	a, ok := ipAddr(ip)
	return ok && p.own[a] && !p.allowed(a)
}
