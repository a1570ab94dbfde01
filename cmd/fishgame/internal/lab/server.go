package lab

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"

	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/signaling/server"
	"github.com/fishgame/fishgame/signaling/server/ice"
)

// startServer runs the embedded server on a free loopback port with a
// STUN responder on a free UDP port, in a temporary data directory.
func startServer(ctx context.Context, log *slog.Logger) (url string, stop func(), err error) {
	dir, err := os.MkdirTemp("", "fishgame-lab-")
	if err != nil {
		return "", nil, fmt.Errorf("lab data directory: %w", err)
	}
	var closers []func()
	stop = func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
		os.RemoveAll(dir)
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	udp, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen stun: %w", err)
	}
	stun, err := ice.NewSTUNServer(udp, log)
	if err != nil {
		udp.Close()
		return "", nil, err
	}
	sctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { stun.Serve(sctx) })
	closers = append(closers, func() { cancel(); stun.Close(); wg.Wait() })

	srv, err := server.New(server.Config{
		DataDir: dir, BcryptCost: bcrypt.MinCost, MatchmakerInterval: matchmakerInterval,
		ICE:    ice.ServersConfig{Host: "127.0.0.1", STUNPort: udp.LocalAddr().(*net.UDPAddr).Port},
		Logger: quietLogger(os.Stderr),
	})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		return "", nil, fmt.Errorf("listen: %w", err)
	}
	wg.Go(func() {
		if err := srv.Serve(sctx, ln); err != nil {
			log.Warn("lab server stopped", "err", err)
		}
	})
	closers = append(closers, func() { srv.Close(); cancel(); wg.Wait() })
	return "http://" + ln.Addr().String(), stop, nil
}
