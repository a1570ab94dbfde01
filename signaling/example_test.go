package signaling_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/fishgame/fishgame/signaling"
)

// This example logs in, finds opponents running the same client version
// through the matchmaker, joins the match and prints the signaling messages
// addressed to us.
func Example() {
	ctx := context.Background()
	c, err := signaling.NewClient("http://127.0.0.1:7350", "defaultkey")
	if err != nil {
		log.Fatal(err)
	}
	sess, err := c.AuthenticateEmail(ctx, "bob@example.com", "password123", true, "bob")
	if errors.Is(err, signaling.ErrInvalidCredentials) {
		log.Fatal("wrong password, or that email or username is taken")
	} else if err != nil {
		log.Fatal(err)
	}
	sock, err := sess.Dial(ctx, signaling.SocketConfig{})
	if err != nil {
		log.Fatal(err)
	}
	defer sock.Close()

	const version = "1.0"
	if _, err := sock.AddMatchmaker(ctx, signaling.MatchmakerRequest{ClientVersion: version}); err != nil {
		log.Fatal(err)
	}
	var filter *signaling.Filter
	for env := range sock.Events() {
		switch {
		case env.GetMatchmakerMatched() != nil:
			m, err := sock.JoinMatchToken(ctx, env.GetMatchmakerMatched().GetToken(), nil)
			if err != nil {
				log.Fatal(err)
			}
			if filter, err = signaling.NewFilter(m, version); err != nil {
				log.Fatal(err)
			}
			if err := sock.SendHello(ctx, m.MatchId, version); err != nil {
				log.Fatal(err)
			}
		case env.GetMatchPresenceEvent() != nil && filter != nil:
			for _, held := range filter.Update(env.GetMatchPresenceEvent(), time.Now()) {
				printMessage(filter.Accept(held, time.Now()))
			}
		case env.GetMatchData() != nil && filter != nil:
			printMessage(filter.Accept(env.GetMatchData(), time.Now()))
		}
	}
	log.Printf("socket closed: %v", sock.Err())
}

func printMessage(m signaling.Message, ok bool, err error) {
	switch {
	case errors.Is(err, signaling.ErrVersionMismatch):
		fmt.Println(err) // tell the player to update
	case err != nil:
		log.Printf("dropped match data: %v", err)
	case ok:
		fmt.Printf("op %d from %s\n", m.Op, m.From.GetUsername())
	}
}
