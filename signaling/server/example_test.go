package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/fishgame/fishgame/signaling/server"
)

// Example runs the server in-process on a free port, as the lab does, and
// authenticates a device over REST.
func Example() {
	dir, err := os.MkdirTemp("", "fishgame-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	srv, err := server.New(server.Config{DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()

	req, _ := http.NewRequest("POST", "http://"+ln.Addr().String()+"/v2/account/authenticate/device?create=true&username=alice",
		strings.NewReader(`{"id":"example-device-1"}`))
	req.SetBasicAuth(server.DefaultServerKey, "")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	var session struct {
		Created bool   `json:"created"`
		Token   string `json:"token"`
	}
	json.NewDecoder(resp.Body).Decode(&session)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, session.Created, session.Token != "")

	stop()
	fmt.Println(<-served)
	// Output:
	// 200 true true
	// <nil>
}
