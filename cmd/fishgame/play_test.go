//go:build !headless

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/frontend"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/signaling/server"
)

// playHelperEnv makes the test binary run "fishgame play" with the
// arguments in it (separated by newlines) instead of the tests: Ebitengine
// opens one window per process.
const playHelperEnv = "FISHGAME_PLAY_HELPER_ARGS"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(playHelperEnv); ok {
		os.Exit(run(context.Background(), append([]string{"play"}, strings.Split(args, "\n")...), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestPlayRejectsBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--bots", "5"}, "--bots 5"},
		{[]string{"--bots", "-1"}, "--bots -1"},
		{[]string{"--scale", "0"}, "--scale 0"},
		{[]string{"--frames", "-3"}, "--frames -3"},
		{[]string{"--screenshot", "x.png"}, "--screenshot needs --frames"},
		{[]string{"--map", "9"}, "--map 9"},
		{[]string{"--match", "friday"}, "--match needs --online"},
		{[]string{"--nakama", "http://example.com"}, "--nakama needs --online"},
		{[]string{"--loopback"}, "--loopback needs --online"},
		{[]string{"--online", "--bots", "2"}, "--bots is for local matches"},
		{[]string{"--online", "--players", "5"}, "--players 5"},
		{[]string{"--online", "--players", "1"}, "--players 1"},
		{[]string{"--online", "--nakama", "127.0.0.1:7350"}, "expected a URL"},
		{[]string{"--online", "--match", "a", "--matchmaker"}, "exclude each other"},
		{[]string{"--online", "--device", "short"}, "10 to 128 characters"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"--online", "--nakama", "ftp://host:7350"}, "expected a URL"},
	}
	for _, tt := range tests {
		err := runPlay(context.Background(), tt.args, &bytes.Buffer{})
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("runPlay(%q) = %v, want a usage error mentioning %q", tt.args, err, tt.want)
		}
	}
}

func TestLocalHumans(t *testing.T) {
	for bots, want := range []int{2, 2, 2, 1, 0} {
		if got, err := localHumans(bots); err != nil || got != want {
			t.Errorf("localHumans(%d) = %d, %v; want %d humans", bots, got, err, want)
		}
	}
}

// shotPath returns where a test writes screenshot name: the directory in
// FISHGAME_SHOT_DIR when set (to keep them, say as CI artifacts), else a
// temporary one.
func shotPath(t *testing.T, name string) string {
	t.Helper()
	if dir := os.Getenv("FISHGAME_SHOT_DIR"); dir != "" {
		return filepath.Join(dir, name)
	}
	return filepath.Join(t.TempDir(), name)
}

// playProcess starts "fishgame play args" in a child test process.
func playProcess(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	// The user's saved keymap must not change what the tests see.
	args = append([]string{"--keys", ""}, args...)
	cmd.Env = append(os.Environ(), playHelperEnv+"="+strings.Join(args, "\n"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stdout, &stderr
}

// readPNG decodes the screenshot at path and checks its size.
func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() != frontend.ScreenWidth || b.Dy() != frontend.ScreenHeight {
		t.Fatalf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), frontend.ScreenWidth, frontend.ScreenHeight)
	}
	return img
}

// countColors counts the pixels of img inside b of each colour in want.
func countColors(img image.Image, b image.Rectangle, want []color.RGBA) []int {
	n := make([]int, len(want))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}
			for i, w := range want {
				if c == w {
					n[i]++
				}
			}
		}
	}
	return n
}

// checkScene checks that the screenshot shows both kinds of tile and the
// fish of the given slots (in the score bar or the world).
func checkScene(t *testing.T, img image.Image, slots int) {
	t.Helper()
	want := []color.RGBA{frontend.TileColor(game.TileSolid), frontend.TileColor(game.TileOneWay)}
	names := []string{"solid tile", "one-way platform"}
	for slot := range slots {
		want = append(want, frontend.SlotColor(slot))
		names = append(names, fmt.Sprintf("fish %d", slot+1))
	}
	for i, n := range countColors(img, img.Bounds(), want) {
		// A fish's body colour covers dozens of pixels (HUD icon and fish).
		if n < 20 {
			t.Errorf("screenshot has %d pixels of the %s colour %v, want at least 20", n, names[i], want[i])
		}
	}
}

// TestPlayScreenshot plays a scripted 4-bot local match for a second and
// inspects the picture it leaves.
func TestPlayScreenshot(t *testing.T) {
	needDisplay(t)
	shot := shotPath(t, "local.png")
	cmd, stdout, stderr := playProcess(t, "--bots", "4", "--seed", "5", "--frames", "60", "--scale", "1", "--screenshot", shot)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("fishgame play: %v\nstderr:\n%s", err, stderr)
	}
	if !strings.Contains(stdout.String(), "frames=60 ") {
		t.Errorf("stdout = %q, want the match summary after 60 frames", stdout)
	}
	img := readPNG(t, shot)
	checkScene(t, img, 4)
	// Below the score bar, every fish is drawn in the world: 60 frames in,
	// no round is over and no overlay covers them.
	world := image.Rect(0, 16, frontend.ScreenWidth, frontend.ScreenHeight)
	for slot := range 4 {
		c := frontend.SlotColor(slot)
		if n := countColors(img, world, []color.RGBA{c})[0]; n < 15 {
			t.Errorf("the world shows %d pixels of fish %d's colour %v, want at least 15", n, slot+1, c)
		}
	}
}

// TestPlayOnline plays an online match: the window's player against a
// headless netplay bot, through an in-process signaling server.
func TestPlayOnline(t *testing.T) {
	needDisplay(t)
	srv, err := server.New(server.Config{DataDir: t.TempDir(), BcryptCost: bcrypt.MinCost, Logger: quietLogger(&bytes.Buffer{})})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer func() { srv.Close(); hs.Close() }()

	shot := shotPath(t, "online.png")
	cmd, stdout, stderr := playProcess(t, "--online", "--loopback", "--nakama", hs.URL, "--match", "window-test",
		"--players", "2", "--frames", "300", "--scale", "1", "--mute", "--screenshot", shot)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	mesh, err := netplay.LoopbackOnly(p2p.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := netplay.Login(ctx, netplay.Config{URL: hs.URL, ServerKey: server.DefaultServerKey,
		ClientVersion: netplay.ClientVersion, Mesh: mesh, Logger: quietLogger(&bytes.Buffer{})})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m, err := c.Create(ctx, "window-test", 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Connect(ctx); err != nil {
		t.Fatalf("connect: %v\nwindow stderr:\n%s", err, stderr)
	}
	g, err := m.NewGame()
	if err != nil {
		t.Fatal(err)
	}
	b := bot.New(m.Seed(), m.Slot())
	tick := time.NewTicker(time.Second / 60)
	defer tick.Stop()
	start := time.Now()
	for {
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("fishgame play --online: %v\nstderr:\n%s", err, stderr)
			}
			if g.Frame() < 30 {
				t.Errorf("the headless peer reached frame %d, want the match to have run", g.Frame())
			}
			checkScene(t, readPNG(t, shot), 2)
			// A scripted online run leaves its result line, as a local one does.
			if want := fmt.Sprintf(" you=p%d\n", 2-m.Slot()); !strings.Contains(stdout.String(), "frames=") || !strings.HasSuffix(stdout.String(), want) {
				t.Errorf("stdout = %q, want the match summary ending %q", stdout, want)
			}
			return
		case <-ctx.Done():
			t.Fatalf("the online window did not finish: %v\nstderr:\n%s", ctx.Err(), stderr)
		case <-tick.C:
			if err := g.Tick(time.Since(start), b.Input(g.State())); err != nil {
				t.Fatalf("headless peer: %v", err)
			}
		}
	}
}

// TestPlayOnlineNoServer checks that a window with no signaling server to
// talk to fails with a clear error instead of hanging.
func TestPlayOnlineNoServer(t *testing.T) {
	needDisplay(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	cmd, _, stderr := playProcess(t, "--online", "--nakama", "http://"+addr, "--scale", "1", "--mute")
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("fishgame play --online without a server: %v, want exit status 1\nstderr:\n%s", err, stderr)
	}
	if !strings.Contains(stderr.String(), "fishgame play: log in to http://"+addr) {
		t.Errorf("stderr = %q, want the login failure named", stderr)
	}
}

func TestPlayRejectsBadKeymap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(path, []byte(`{"players":[{"left":["NoSuchKey"]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	err := runPlay(context.Background(), []string{"--keys", path, "--mute"}, &bytes.Buffer{})
	if !errors.Is(err, frontend.ErrKeymap) || !strings.Contains(err.Error(), path) {
		t.Errorf("runPlay with a malformed keymap = %v, want ErrKeymap naming %s", err, path)
	}
}
