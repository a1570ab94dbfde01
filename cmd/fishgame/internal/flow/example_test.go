package flow_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http/httptest"
	"os"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/flow"
	"github.com/fishgame/fishgame/signaling/server"
)

// Example logs in as a Connection screen does and shows the player's
// error lines.
func Example() {
	dir, err := os.MkdirTemp("", "fishgame-flow-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	srv, err := server.New(server.Config{DataDir: dir, BcryptCost: 4, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	ctx := context.Background()
	accts, err := flow.NewAccounts(hs.URL, server.DefaultServerKey)
	if err != nil {
		log.Fatal(err)
	}
	sess, err := accts.Create(ctx, "alice@example.com", "password123", "alice")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("logged in as", sess.Username())

	_, err = accts.Login(ctx, "alice@example.com", "not her password")
	fmt.Println(err, errors.Is(err, flow.ErrWrongPassword))
	_, err = accts.Create(ctx, "alice@example.com", "another password", "alice2")
	fmt.Println(err)
	_, err = accts.Create(ctx, "bob@example.com", "password123", "bob with spaces")
	fmt.Println(err)
	// Output:
	// logged in as alice
	// Wrong e-mail or password true
	// E-mail already in use
	// The username can't hold spaces or invisible characters
}
