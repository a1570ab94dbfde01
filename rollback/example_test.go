package rollback_test

import (
	"fmt"
	"time"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

// Two peers play ten seconds of the toy game over a lossy simulated network.
// Each tick a peer passes its input to AdvanceFrame and executes the
// returned requests in order.
func ExampleP2PSession() {
	net := rt.NewNetwork(1, rt.Link{Latency: 40 * time.Millisecond, Loss: 0.05})
	owners := []int{0, 1} // player 0 on peer 0, player 1 on peer 1
	var games [2]rt.Toy
	var sessions [2]*rollback.P2PSession[rt.Toy]
	for peer := range sessions {
		s, err := rollback.NewP2P[rt.Toy](net.Endpoint(peer), owners, peer)
		if err != nil {
			panic(err)
		}
		sessions[peer] = s
	}
	sums := [2]map[int32]uint64{{}, {}}
	for tick := 1; tick <= 600; tick++ {
		now := time.Duration(tick) * time.Second / 60
		net.Advance(now)
		for peer, s := range sessions {
			reqs, err := s.AdvanceFrame(now, []byte{byte(tick / 30 % 4)})
			if err != nil {
				panic(err)
			}
			g := &games[peer]
			for _, r := range reqs {
				switch r.Kind {
				case rollback.RequestSave:
					r.Cell.Save(*g, g.Checksum())
					sums[peer][r.Frame] = g.Checksum()
				case rollback.RequestLoad:
					*g = r.Cell.State()
				case rollback.RequestAdvance:
					g.Step(r.Inputs)
				}
			}
		}
	}
	confirmed := min(sessions[0].Stats().ConfirmedFrame, sessions[1].Stats().ConfirmedFrame)
	fmt.Println("confirmed frames:", confirmed > 550)
	fmt.Println("same checksum:", sums[0][confirmed] == sums[1][confirmed])
	// Output:
	// confirmed frames: true
	// same checksum: true
}

// A sync test rolls back every frame and fails on the first frame whose
// resimulation does not reproduce its checksum.
func ExampleSyncTestSession() {
	s, err := rollback.NewSyncTest[rt.Toy](2, 7)
	if err != nil {
		panic(err)
	}
	var g rt.Toy
	for f := range 300 {
		reqs, err := s.AdvanceFrame([]byte{byte(f), byte(f / 7)})
		if err != nil {
			fmt.Println(err)
			return
		}
		rt.Run(&g, reqs)
	}
	fmt.Println("deterministic:", s.Check() == nil, "frames:", g.Frame)
	// Output: deterministic: true frames: 300
}
