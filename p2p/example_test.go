package p2p_test

import (
	"context"
	"fmt"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
)

// Two players in relay-only mode: every packet goes through the signaling
// server (here an in-memory hub), as it does when a pair's direct path
// fails.
func ExampleMesh() {
	hub := p2ptest.NewHub(2)
	var meshes []*p2p.Mesh
	for slot := range 2 {
		mesh, err := p2p.New(p2p.Config{Slot: slot, Players: 2, RelayOnly: true}, hub.Signaler(slot))
		if err != nil {
			panic(err)
		}
		defer mesh.Close()
		hub.Attach(slot, mesh)
		meshes = append(meshes, mesh)
	}
	ctx := context.Background()
	for _, mesh := range meshes {
		if err := mesh.Start(ctx); err != nil {
			panic(err)
		}
		if err := mesh.WaitReady(ctx); err != nil {
			panic(err)
		}
	}
	meshes[0].Send(1, []byte("inputs for frame 1"))
	if err := meshes[0].SendControl(1, []byte("ready")); err != nil {
		panic(err)
	}
	mesh := meshes[1]
	for {
		// Relayed packets arrive on the relay goroutine; a game polls once per frame.
		from, packet, ok := mesh.Receive()
		if ok {
			fmt.Printf("packet from %d: %s\n", from, packet)
			break
		}
	}
	for {
		from, msg, ok := mesh.ReceiveControl()
		if ok {
			fmt.Printf("control from %d: %s\n", from, msg)
			break
		}
	}
	st := mesh.Stats()[0]
	fmt.Println("path:", st.Path, "packets in:", st.PacketsIn)
	// Output:
	// packet from 0: inputs for frame 1
	// control from 0: ready
	// path: nakama-relay packets in: 1
}
