package frontend

import (
	"fmt"
	"log/slog"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
)

// LocalConfig chooses a match on one machine.
type LocalConfig struct {
	// Humans is the number of players at the keyboard (0–2); they play
	// slots 0 and 1 with the player 1 and player 2 layouts (and the first
	// gamepads).
	Humans int
	// Bots is the number of bots, which play the slots after the humans.
	// Humans+Bots must be game.MinPlayers..game.MaxPlayers.
	Bots int
	// Seed seeds the weapon spawns and the bots.
	Seed uint64
	// Map is the index of the first map in game.BuiltinMaps.
	Map int
	// Keys is the keyboard layout; the zero Keymap means DefaultKeymap.
	Keys Keymap
	// KeymapPath is where the controls screen saves a changed layout;
	// empty keeps changes for this run only.
	KeymapPath string
	// Logger receives warnings; nil means slog.Default().
	Logger *slog.Logger
	// Exit, when set, is the scene Q in the pause menu and Esc at the
	// match end go to (the title screen) instead of closing the window.
	Exit Scene
}

// LocalMatch is the scene of a match on one machine: humans on the
// keyboard and gamepads, bots in the other slots. One tick steps the game
// one frame, except while paused.
type LocalMatch struct {
	cfg      LocalConfig
	state    game.State
	bots     [game.MaxPlayers]*bot.Bot
	view     *view
	controls controls
	paused   bool
	rematch  uint64
}

// NewLocalMatch starts a local match playing sounds on sp.
func NewLocalMatch(cfg LocalConfig, sp *Speaker) (*LocalMatch, error) {
	if cfg.Humans < 0 || cfg.Humans > 2 {
		return nil, fmt.Errorf("%w: %d humans, want 0..2 on one keyboard", ErrOptions, cfg.Humans)
	}
	if n := cfg.Humans + cfg.Bots; cfg.Bots < 0 || n < game.MinPlayers || n > game.MaxPlayers {
		return nil, fmt.Errorf("%w: %d humans and %d bots make %d fish, want %d..%d",
			ErrOptions, cfg.Humans, cfg.Bots, n, game.MinPlayers, game.MaxPlayers)
	}
	if cfg.Keys[0].Left == nil {
		cfg.Keys = DefaultKeymap()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	m := &LocalMatch{cfg: cfg, view: newView(sp, cfg.Seed)}
	m.controls.keys = &m.cfg.Keys
	if err := m.start(); err != nil {
		return nil, err
	}
	return m, nil
}

// start begins a fresh match; each rematch gets another seed.
func (m *LocalMatch) start() error {
	seed := m.cfg.Seed + m.rematch*0x9e3779b97f4a7c15
	st, err := game.New(game.Config{Players: m.cfg.Humans + m.cfg.Bots, Seed: seed, Map: m.cfg.Map})
	if err != nil {
		return fmt.Errorf("%w: %w", ErrOptions, err)
	}
	m.state = st
	for slot := range m.bots {
		m.bots[slot] = nil
		if slot >= m.cfg.Humans && slot < st.Players() {
			m.bots[slot] = bot.New(seed^uint64(slot+1)*0xbf58476d1ce4e5b9, slot)
		}
	}
	m.view.reset()
	m.view.observe(&m.state) // the first round's start
	return nil
}

// State returns the match being played.
func (m *LocalMatch) State() *game.State { return &m.state }

// Update implements Scene.
func (m *LocalMatch) Update(sm *SceneManager) error {
	_, over := m.state.Winner()
	if m.controls.menuPressed() {
		if over {
			return m.exit(sm)
		}
		m.paused = !m.paused
	}
	if m.paused {
		if inpututil.IsKeyJustPressed(ebiten.KeyQ) {
			return m.exit(sm)
		}
		if inpututil.IsKeyJustPressed(ebiten.KeyR) {
			m.paused = false
			return m.start()
		}
		if inpututil.IsKeyJustPressed(ebiten.KeyK) {
			sm.GoTo(newSettingsScene(m, &m.cfg.Keys, m.cfg.KeymapPath, m.cfg.Logger, m.view.hud))
		}
		return nil
	}
	if over && (inpututil.IsKeyJustPressed(ebiten.KeyEnter) || inpututil.IsKeyJustPressed(ebiten.KeyR)) {
		m.rematch++
		return m.start()
	}
	var in [game.MaxPlayers]game.Input
	for slot := range m.state.Players() {
		if b := m.bots[slot]; b != nil {
			in[slot] = b.Input(&m.state)
		} else {
			in[slot] = m.controls.read(slot, m.cfg.Humans)
		}
	}
	m.state.Step(in)
	m.view.observe(&m.state)
	return nil
}

// exit leaves the match: to cfg.Exit, or out of the window without one.
func (m *LocalMatch) exit(sm *SceneManager) error {
	if m.cfg.Exit == nil {
		return ebiten.Termination
	}
	m.paused = false
	sm.GoTo(m.cfg.Exit)
	return nil
}

// controlsLine sums up the first key of each button of player n.
func controlsLine(n int, b *Binding) string {
	first := func(keys []ebiten.Key) string { return keyNames(keys[:min(1, len(keys))]) }
	return fmt.Sprintf("P%d MOVE %s %s  JUMP %s  DOWN %s  FIRE %s  GRAB %s", n,
		first(b.Left), first(b.Right), first(b.Jump), first(b.Down), first(b.Fire), first(b.Grab))
}

// drawBackdrop draws the match without the pause menu, under the controls
// screen.
func (m *LocalMatch) drawBackdrop(dst *ebiten.Image) { m.view.draw(dst, &m.state, -1) }

// Draw implements Scene.
func (m *LocalMatch) Draw(dst *ebiten.Image) {
	m.drawBackdrop(dst)
	switch {
	case m.paused:
		k := &m.cfg.Keys
		m.view.hud.drawMenu(dst, "PAUSED", "ESC RESUME  R RESTART  K CONTROLS  Q QUIT", "",
			controlsLine(1, &k[0]), controlsLine(2, &k[1]),
			"PAD STICK MOVE  A JUMP  X FIRE  B GRAB")
	case m.state.Phase() == game.PhaseMatchOver:
		m.view.hud.drawMatchOver(dst, &m.state, nil, "ENTER: REMATCH   ESC: QUIT")
	}
}
