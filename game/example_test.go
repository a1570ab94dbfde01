package game_test

import (
	"fmt"

	"github.com/fishgame/fishgame/game"
)

// A match is a value: step it with each frame's inputs, copy it to save.
func Example() {
	s, err := game.New(game.Config{Players: 4, Seed: 42})
	if err != nil {
		panic(err)
	}
	for range 60 {
		var in [game.MaxPlayers]game.Input
		in[0] = game.InputRight // slot 0 runs right, the others stand still
		s.Step(in)
	}
	fmt.Printf("frame %d, phase %v, %d fish alive on %s\n", s.Frame(), s.Phase(), s.Alive(), s.Map().Name())
	// Output: frame 60, phase play, 4 fish alive on Kelp
}

// Rollback saves a state, steps ahead on predicted inputs, then loads the
// saved copy and resimulates with the real ones.
func ExampleState_Step_rollback() {
	s, _ := game.New(game.Config{Players: 2, Seed: 1})
	saved := s // save

	predicted := [game.MaxPlayers]game.Input{game.InputRight, game.InputRight}
	for range 3 {
		s.Step(predicted)
	}

	s = saved // load: the remote player actually jumped
	actual := [game.MaxPlayers]game.Input{game.InputRight, game.InputJump}
	for range 3 {
		s.Step(actual)
	}
	fmt.Println(s.Frame(), s.Fish(1).VY < 0)
	// Output: 3 true
}

// Events carry their frame, so effects play once even when a frame is
// simulated twice.
func ExampleState_Events() {
	s, _ := game.New(game.Config{Players: 2, Seed: 1})
	played := map[game.Event]bool{}
	jump := [game.MaxPlayers]game.Input{game.InputJump}
	saved := s
	for range 2 { // the same frame, simulated twice by a rollback
		s = saved
		s.Step(jump)
		for _, e := range s.Events() {
			if !played[e] {
				played[e] = true
				fmt.Println("play sound:", e.Kind, "for fish", e.Slot, "at frame", e.Frame)
			}
		}
	}
	// Output: play sound: jump for fish 0 at frame 1
}
