//go:build !headless

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/flow"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/frontend"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/p2p"
)

// defaultServerURL is where play --online looks for a signaling server when
// --nakama is not given: a "fishgame server" on this machine.
const defaultServerURL = "http://127.0.0.1:7350"

// runPlay opens the game window: a local match on one keyboard, or an
// online match over a signaling server.
func runPlay(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("play", flag.ContinueOnError)
	bots := fs.Int("bots", 0, "local: bots filling the slots after the humans (0-2 keeps 2 humans, 3 leaves 1 human, 4 is a bots-only demo)")
	seed := fs.Uint64("seed", 1, "local: match seed for weapon spawns and bots")
	mapIndex := fs.Int("map", 0, "local: index of the first map in the built-in rotation")
	scale := fs.Int("scale", frontend.DefaultScale, "window size as a multiple of 480x270 (3 = 1440x810)")
	mute := fs.Bool("mute", false, "play without sound")
	online := fs.Bool("online", false, "play online through a signaling server instead of locally")
	nakama := fs.String("nakama", defaultServerURL, "online: signaling server URL (Nakama or \"fishgame server\")")
	serverKey := fs.String("server-key", "defaultkey", "online: the server's server key")
	match := fs.String("match", "lobby", "online: name of the match to create or join; everyone using the same name meets")
	matchmaker := fs.Bool("matchmaker", false, "online: let the server's matchmaker find a match instead of --match")
	players := fs.Int("players", 2, "online: match size (2-4); with --matchmaker the most players")
	device := fs.String("device", "", "online: device id of your account (10-128 characters); empty plays as a new guest")
	name := fs.String("name", "", "online: username for a new account (an existing --device account keeps its name, with a warning); empty lets the server choose")
	var ice iceFlags
	ice.register(fs, "online: ")
	loopback := fs.Bool("loopback", false, "online: connect peers over this machine's loopback only (several players on one machine)")
	keymapPath, _ := frontend.DefaultKeymapPath()
	keysFile := fs.String("keys", keymapPath, "keyboard layout file (JSON), written by the controls screen (Esc, then K)")
	frames := fs.Int("frames", 0, "scripted run: quit after this many ticks, running as fast as the machine draws")
	shot := fs.String("screenshot", "", "scripted run: write the 480x270 screen to this PNG file at the end of --frames")
	setUsage(fs, `Usage: fishgame play [flags]

Opens the Fish Game window. Last fish standing wins the round; first to 5 rounds
wins the match.

Without flags the title screen opens: local match, online, leaderboard,
settings. --bots, --seed or --map start a local match straight away, and
--online an online one.

Local: two players on one keyboard, plus --bots.
  player 1: A/D move, W jump (hold to glide), S down (+jump drops), F fire, G pick up/throw
  player 2: arrows move, jump and go down, Right Ctrl or . fire, Right Shift or / pick up/throw
  gamepads: stick/d-pad move, A jump, X fire, B pick up/throw, Start menu
  Esc pauses (then Esc resumes, R restarts, K remaps the keys, Q quits);
  at match end Enter rematches. Remapped keys are saved to the --keys file.

Online (--online): your fish answers to the player 1 and player 2 keys and the
first gamepad. Without --nakama it
expects a "fishgame server" running on this machine (`+defaultServerURL+`).
  fishgame play --online --match friday --players 3
  fishgame play --online --nakama https://nakama.example.com --server-key K --matchmaker
  Esc opens the menu (the match goes on), Q leaves. At the match end your result
  goes to the server's fish_game_wins leaderboard (a win adds one) and the screen
  shows your wins, your rank and the top 5.

Without a sound device the game plays muted with a warning.

`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case *scale < 1 || *scale > 16:
		return usagef("--scale %d, expected 1 to 16", *scale)
	case *frames < 0:
		return usagef("--frames %d, expected 0 or more", *frames)
	case *shot != "" && *frames == 0:
		return usagef("--screenshot needs --frames")
	}
	if *shot != "" {
		if err := checkScreenshotPath(*shot); err != nil {
			return err
		}
	}
	log := slog.Default()
	keys := frontend.DefaultKeymap()
	if *keysFile != "" {
		k, err := frontend.LoadKeymap(*keysFile)
		if err != nil {
			return fmt.Errorf("%w (fix or delete the file to use the default keys)", err)
		}
		keys = k
	}
	opts := frontend.Options{Scale: *scale, Frames: *frames, Screenshot: *shot, Logger: log}

	if !*online {
		for _, f := range []string{"nakama", "server-key", "match", "matchmaker", "players", "device", "name", "loopback"} {
			if set[f] {
				return usagef("--%s needs --online", f)
			}
		}
		if !set["bots"] && !set["seed"] && !set["map"] {
			store, run, err := titleSettings(fs, log)
			if err != nil {
				return usagef("%v", err)
			}
			opts.Scale = run.Scale
			return runTitle(ctx, opts, run.Mute, keys, *keysFile, store, titleAccounts(run, log))
		}
		humans, err := localHumans(*bots)
		if err != nil {
			return err
		}
		maps, err := game.BuiltinMaps()
		if err != nil {
			return fmt.Errorf("load maps: %w", err)
		}
		if *mapIndex < 0 || *mapIndex >= len(maps) {
			return usagef("--map %d, expected 0 to %d", *mapIndex, len(maps)-1)
		}
		sp := frontend.OpenSpeaker(ctx, *mute, log)
		scene, err := frontend.NewLocalMatch(frontend.LocalConfig{
			Humans: humans, Bots: *bots, Seed: *seed, Map: *mapIndex, Keys: keys, KeymapPath: *keysFile, Logger: log,
		}, sp)
		if err != nil {
			return err
		}
		if err := frontend.Run(opts, scene); err != nil {
			return err
		}
		return reportLocal(stdout, scene.State())
	}

	for _, f := range []string{"bots", "seed", "map"} {
		if set[f] {
			return usagef("--%s is for local matches; online the match decides", f)
		}
	}
	if *players < game.MinPlayers || *players > game.MaxPlayers {
		return usagef("--players %d, expected %d to %d", *players, game.MinPlayers, game.MaxPlayers)
	}
	if *matchmaker && set["match"] {
		return usagef("--match and --matchmaker exclude each other")
	}
	if *device != "" && (len(*device) < 10 || len(*device) > 128) {
		return usagef("--device %q, expected 10 to 128 characters", *device)
	}
	if u, err := url.Parse(*nakama); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("--nakama %q, expected a URL like %s", *nakama, defaultServerURL)
	}
	iceServers, err := ice.servers()
	if err != nil {
		return err
	}
	var mesh p2p.Config
	if *loopback {
		m, err := netplay.LoopbackOnly(mesh)
		if err != nil {
			return fmt.Errorf("loopback: %w", err)
		}
		mesh = m
	}
	sp := frontend.OpenSpeaker(ctx, *mute, log)
	scene, err := frontend.NewOnlineMatch(ctx, frontend.OnlineConfig{
		Login: netplay.Config{
			URL: *nakama, ServerKey: *serverKey, DeviceID: *device, Username: *name,
			ClientVersion: netplay.ClientVersion, Mesh: mesh, ICEServers: iceServers, Logger: log,
		},
		Match: *match, Matchmaker: *matchmaker, Players: *players, Keys: keys, Logger: log,
	}, sp)
	if err != nil {
		return err
	}
	runErr := frontend.Run(opts, scene.Scene())
	var outErr error
	if st, slot, ok := scene.Final(); ok && runErr == nil {
		outErr = reportOnline(stdout, &st, slot)
	}
	closeErr := scene.Close()
	return errors.Join(runErr, outErr, closeErr)
}

// localHumans returns how many humans play a local match with bots bots.
func localHumans(bots int) (int, error) {
	switch {
	case bots < 0 || bots > game.MaxPlayers:
		return 0, usagef("--bots %d, expected 0 to %d", bots, game.MaxPlayers)
	case bots <= 2:
		return 2, nil
	default:
		return game.MaxPlayers - bots, nil
	}
}

// reportLocal prints the rounds won per fish when a local match window
// closes, so a scripted run leaves a result on stdout:
// "frames=600 round=2 p1=1 p2=0".
func reportLocal(w io.Writer, s *game.State) error {
	writeResult(w, s)
	_, err := fmt.Fprintln(w)
	return err
}

// reportOnline prints the same line for an online match, with the local
// player's fish: " you=p2".
func reportOnline(w io.Writer, s *game.State, slot int) error {
	writeResult(w, s)
	_, err := fmt.Fprintf(w, " you=p%d\n", slot+1)
	return err
}

// writeResult writes the frame, the round and the rounds won per fish.
func writeResult(w io.Writer, s *game.State) {
	winner, over := s.Winner()
	fmt.Fprintf(w, "frames=%d round=%d", s.Frame(), s.Round()+1)
	for slot := range s.Players() {
		fmt.Fprintf(w, " p%d=%d", slot+1, s.Wins(slot))
	}
	if over {
		fmt.Fprintf(w, " winner=p%d", winner+1)
	}
}

// hasWindow reports that this build can open the game window, so that
// fishgame without a command opens the title screen.
const hasWindow = true

// runTitle opens the title screen, from which the player starts a local
// match, goes online or changes the settings.
func runTitle(ctx context.Context, opts frontend.Options, mute bool, keys frontend.Keymap, keysFile string, settings frontend.SettingsStore, accts *menuAccounts) error {
	log := opts.Logger
	sp := frontend.OpenSpeaker(ctx, mute, log)
	svc := frontend.Services{
		LocalMatch: func(exit frontend.Scene) (frontend.Scene, error) {
			return frontend.NewLocalMatch(frontend.LocalConfig{
				Humans: 2, Keys: keys, KeymapPath: keysFile, Logger: log, Exit: exit,
			}, sp)
		},
		Settings:   settings,
		Keys:       &keys,
		KeymapPath: keysFile,
		Logger:     log,
	}
	if accts != nil {
		svc.Accounts, svc.Leaderboard = accts, menuBoard{accts}
		svc.Lobby = &menuLobby{accts: accts, log: log}
		go func() {
			ctx, cancel := context.WithTimeout(ctx, resumeTimeout)
			defer cancel()
			if err := accts.Resume(ctx); err != nil {
				log.Warn("remembered login not resumed", "err", err)
			}
		}()
	}
	return frontend.Run(opts, frontend.NewTitle(svc))
}

// resumeTimeout bounds the silent login at launch.
const resumeTimeout = 10 * time.Second

// titleAccounts returns the accounts of the run's server, remembered in the
// config dir; nil (with a warning) when there is no config dir.
func titleAccounts(run flow.Settings, log *slog.Logger) *menuAccounts {
	dir, err := flow.ConfigDir()
	if err == nil {
		var a *menuAccounts
		if a, err = newMenuAccounts(run.ServerURL, run.ServerKey, dir); err == nil {
			return a
		}
	}
	log.Warn("online play is off", "err", err)
	return nil
}

// titleSettings returns the settings of the title's run: those saved in
// the config dir with FISHGAME_* variables and fs's given flags over them,
// and the store the settings screen saves to. Without a config dir the
// changes last for this run only.
func titleSettings(fs *flag.FlagSet, log *slog.Logger) (frontend.SettingsStore, flow.Settings, error) {
	dir, dirErr := flow.ConfigDir()
	saved := flow.DefaultSettings()
	if dirErr == nil {
		var err error
		if saved, err = flow.LoadSettings(dir); err != nil {
			log.Warn("using the default settings", "err", err)
		}
	}
	run, err := flow.Apply(saved, os.LookupEnv, fs)
	if err != nil {
		return nil, run, err
	}
	if dirErr != nil {
		log.Warn("settings are kept for this run only", "err", dirErr)
		s := screenSettings(run)
		return runSettings{&s}, run, nil
	}
	return newSavedSettings(dir, saved, run), run, nil
}

// runSettings keeps the settings screen's changes for this run.
type runSettings struct{ s *frontend.Settings }

func (r runSettings) Load() frontend.Settings { return *r.s }

func (r runSettings) Save(s frontend.Settings) error {
	*r.s = s
	return nil
}
