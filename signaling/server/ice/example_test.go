package ice_test

import (
	"fmt"
	"time"

	"github.com/fishgame/fishgame/signaling/server/ice"
)

func ExampleServersConfig_Payload() {
	cfg := ice.ServersConfig{Host: "192.168.1.10", STUNPort: 3478}
	payload, err := cfg.Payload("user-id", time.Now())
	if err != nil {
		panic(err)
	}
	fmt.Println(payload)
	// Output: {"ice_servers":[{"urls":["stun:192.168.1.10:3478"]}]}
}

func ExampleCredentials() {
	user, pass := ice.Credentials("secret", "alice", time.Unix(1_700_000_000, 0))
	fmt.Println(user, pass)
	// Output: 1700000000:alice d8soP47RbdIKLDUOpnJPVQyq5Ts=
}
