package p2p_test

import (
	"fmt"
	"testing"
	"testing/synctest"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
)

func TestMeshFlat(t *testing.T) {
	for _, players := range []int{2, 4} {
		t.Run(fmt.Sprint(players, "players"), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := newMatch(t, p2ptest.Options{Peers: players}, nil)
				m.waitReady(t)
				m.wantPaths(t, p2p.LinkDirect, "host")
				got := m.exchange(t, 100)
				for to := range players {
					for from := range players {
						if from != to && got[to][from] != 100 {
							t.Errorf("slot %d received %d packets from %d, want 100", to, got[to][from], from)
						}
					}
				}
			})
		})
	}
}
