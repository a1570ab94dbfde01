package lab

import (
	"fmt"
	"io"
	"net"

	"github.com/pion/logging"
	"github.com/pion/transport/v5"
	"github.com/pion/transport/v5/vnet"
)

// p2pModel puts the model under the bots' WebRTC stacks: each bot's pion
// runs on its own vnet.Net, all on one virtual router. A chunk filter on
// the router draws the sender's and the receiver's access-link crossings
// for every datagram (ICE checks, DTLS, SCTP alike): it drops the lost
// ones and sets the receiver's DelayFilter to the sum of the two delays
// just before the router hands the datagram to it. The delay queue keeps
// datagrams in order, so jitter never reorders them here.
type p2pModel struct {
	router *vnet.Router
	nets   []*vnet.Net
	delays map[string]*vnet.DelayFilter // by IP
	links  map[string]*accessLink       // by IP
	dup    *vnet.DuplicationFilter
}

func playerIP(slot int) string { return fmt.Sprintf("10.70.0.%d", slot+1) }

func newP2PModel(m Model, seed uint64, players int) (_ *p2pModel, err error) {
	logs := logging.NewDefaultLoggerFactory()
	logs.DefaultLogLevel = logging.LogLevelDisabled
	logs.Writer = io.Discard
	r, err := vnet.NewRouter(&vnet.RouterConfig{CIDR: "10.70.0.0/24", LoggerFactory: logs, QueueSize: 4096})
	if err != nil {
		return nil, fmt.Errorf("vnet router: %w", err)
	}
	v := &p2pModel{router: r, delays: map[string]*vnet.DelayFilter{}, links: map[string]*accessLink{}}
	defer func() {
		if err != nil {
			v.Close()
		}
	}()
	for i := range players {
		ip := playerIP(i)
		n, err := vnet.NewNet(&vnet.NetConfig{StaticIPs: []string{ip}})
		if err != nil {
			return nil, fmt.Errorf("vnet net: %w", err)
		}
		df, err := vnet.NewDelayFilter(n)
		if err != nil {
			return nil, fmt.Errorf("vnet delay: %w", err)
		}
		if err := r.AddNet(df); err != nil {
			df.Close()
			return nil, fmt.Errorf("vnet add net: %w", err)
		}
		v.nets = append(v.nets, n)
		v.delays[ip] = df
		v.links[ip] = newAccessLink(m, seed, i)
	}
	r.AddChunkFilter(v.filter)
	if m.Dup > 0 {
		v.dup, err = vnet.NewDuplicationFilter(r, vnet.WithDuplicationProbability(1-(1-m.Dup)*(1-m.Dup)),
			vnet.WithDuplicationSeed(int64(seed)), vnet.WithDuplicationImmediate())
		if err != nil {
			return nil, fmt.Errorf("vnet duplication: %w", err)
		}
		r.AddChunkFilter(v.dup.ChunkFilter())
	}
	if err := r.Start(); err != nil {
		return nil, fmt.Errorf("vnet start: %w", err)
	}
	return v, nil
}

// filter runs on the router's goroutine for every chunk, right before the
// router delivers it to the destination's DelayFilter.
func (v *p2pModel) filter(c vnet.Chunk) bool {
	src, dst := addrIP(c.SourceAddr()), addrIP(c.DestinationAddr())
	from, to, df := v.links[src], v.links[dst], v.delays[dst]
	if from == nil || to == nil || df == nil {
		return true
	}
	d1, lost := from.cross()
	if lost {
		return false
	}
	d2, lost := to.cross()
	if lost {
		return false
	}
	df.SetDelay(d1 + d2)
	return true
}

func addrIP(a net.Addr) string {
	switch a := a.(type) {
	case *net.UDPAddr:
		return a.IP.String()
	case *net.TCPAddr:
		return a.IP.String()
	}
	return ""
}

// Net returns the network of the bot playing slot.
func (v *p2pModel) Net(slot int) transport.Net { return v.nets[slot] }

// accessLinks returns every player's access link.
func (v *p2pModel) accessLinks() []*accessLink {
	out := make([]*accessLink, 0, len(v.nets))
	for i := range v.nets {
		out = append(out, v.links[playerIP(i)])
	}
	return out
}

// Close stops the router and the filters.
func (v *p2pModel) Close() {
	if v.router != nil {
		_ = v.router.Stop()
	}
	for _, df := range v.delays {
		_ = df.Close()
	}
	if v.dup != nil {
		_ = v.dup.Close()
	}
}
