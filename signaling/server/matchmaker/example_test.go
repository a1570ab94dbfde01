package matchmaker_test

import (
	"fmt"

	"github.com/fishgame/fishgame/signaling/server/matchmaker"
)

func ExampleParseQuery() {
	q, err := matchmaker.ParseQuery("+properties.region:europe +properties.rank:>=7 -properties.mode:duel")
	if err != nil {
		panic(err)
	}
	fmt.Println(q.Accepts(map[string]string{"region": "europe", "mode": "ffa"}, map[string]float64{"rank": 8}))
	fmt.Println(q.Accepts(map[string]string{"region": "europe", "mode": "duel"}, map[string]float64{"rank": 8}))

	_, err = matchmaker.ParseQuery("region:europe")
	fmt.Println(err)
	// Output:
	// true
	// false
	// invalid matchmaker query: field "region" is not supported, use properties.NAME at offset 0
}

func ExamplePool() {
	pool := matchmaker.New(matchmaker.Config{})
	for i, region := range []string{"eu", "us", "eu"} {
		err := pool.Add(matchmaker.Ticket{
			ID:               fmt.Sprintf("ticket-%d", i),
			Presence:         matchmaker.Presence{UserID: fmt.Sprintf("user-%d", i), SessionID: fmt.Sprintf("session-%d", i)},
			MinCount:         2,
			MaxCount:         2,
			Query:            "+properties.region:" + region,
			StringProperties: map[string]string{"region": region},
		})
		if err != nil {
			panic(err)
		}
	}
	for _, m := range pool.Process() {
		for _, t := range m.Tickets {
			fmt.Println(t.ID, t.Presence.UserID)
		}
	}
	fmt.Println("waiting:", pool.Len())
	// Output:
	// ticket-0 user-0
	// ticket-2 user-2
	// waiting: 1
}
