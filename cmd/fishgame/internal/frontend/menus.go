package frontend

import (
	"image"
	"image/color"
	"log/slog"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// Services are what the menu screens do beyond drawing. Each is a small
// interface declared in the file of the screen that uses it (Accounts in
// connection.go, Lobby in lobby.go, Room in room.go, Leaderboard in
// leaderboard.go, SettingsStore in settingsmenu.go); the program wires the
// real ones. An entry whose service is nil shows a message saying so.
type Services struct {
	Accounts    Accounts
	Lobby       Lobby
	Leaderboard Leaderboard
	Settings    SettingsStore
	// LocalMatch starts a match on this machine; leaving it goes to exit
	// (see LocalConfig.Exit).
	LocalMatch func(exit Scene) (Scene, error)
	// Play starts the match of a room whose members are all ready; the
	// match scene goes to back when the player leaves it.
	Play func(r Room, back Scene) (Scene, error)
	// Keys is the keyboard layout the controls screen edits, saved to
	// KeymapPath (empty keeps changes for this run).
	Keys       *Keymap
	KeymapPath string
	// Logger receives the technical detail of every error shown; nil
	// means slog.Default().
	Logger *slog.Logger
}

// menus is what the menu screens share: the input they read, the theme
// and sprites they draw with, the services behind them and how blocking
// calls run.
type menus struct {
	in    tickInput
	theme *ui.Theme
	hud   *hud
	svc   Services
	log   *slog.Logger
	async func(func())
	water *ebiten.Image
	ticks int
	title Scene // the title screen, where Back ends up
}

// newMenus returns the menu screens' shared state reading in.
func newMenus(svc Services, in tickInput) *menus {
	if svc.Logger == nil {
		svc.Logger = slog.Default()
	}
	if svc.Keys == nil {
		k := DefaultKeymap()
		svc.Keys = &k
	}
	return &menus{
		in: in, theme: ui.NewTheme(), hud: &hud{text: newTextDrawer(), sprites: newSprites()},
		svc: svc, log: svc.Logger, async: func(f func()) { go f() },
		water: ebiten.NewImageFromImage(waterImage()),
	}
}

// input moves the input to this tick and returns it; every menu scene
// calls it once at the start of its Update.
func (mn *menus) input(m *SceneManager) ui.Input {
	mn.ticks++
	mn.in.advance(m)
	return mn.in
}

// waterImage paints the sea behind the menus: a vertical gradient with a
// sandy floor.
func waterImage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, ScreenWidth, ScreenHeight))
	for y := range ScreenHeight {
		c := mix(waterTop, waterBottom, y, ScreenHeight)
		for x := range ScreenWidth {
			img.SetRGBA(x, y, c)
		}
	}
	for x := range ScreenWidth {
		top := ScreenHeight - 10 + (x/16)%3
		for y := top; y < ScreenHeight; y++ {
			c := solidColor
			switch {
			case y == top:
				c = solidTop
			case (x*7+y*13)%23 == 0:
				c = solidSpeck
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// drawBackground paints the sea and a few rising bubbles.
func (mn *menus) drawBackground(dst *ebiten.Image) {
	dst.DrawImage(mn.water, nil)
	for i := range 12 {
		x := (i*97 + 23) % ScreenWidth
		y := ScreenHeight - 12 - (mn.ticks/2+i*41)%(ScreenHeight-12)
		ui.Fill(dst, image.Rect(x, y, x+2, y+2), color.RGBA{0x9c, 0xd4, 0xf0, 0x90})
	}
}

// drawHeader paints the sea and a screen's title.
func (mn *menus) drawHeader(dst *ebiten.Image, title string) {
	mn.drawBackground(dst)
	mn.theme.DrawTextCentered(dst, title, dst.Bounds(), 8, 2, mn.theme.Text)
}

// drawFooter prints a help line at the bottom of the screen.
func (mn *menus) drawFooter(dst *ebiten.Image, s string) {
	mn.theme.DrawTextCentered(dst, s, dst.Bounds(), ScreenHeight-ui.GlyphHeight-10, 1, mn.theme.Dim)
}

// drawFish draws the idle fish of slot at x, y, scaled.
func (mn *menus) drawFish(dst *ebiten.Image, slot, x, y, scale int, flip bool) {
	op := &ebiten.DrawImageOptions{}
	if flip {
		op.GeoM.Scale(-1, 1)
		op.GeoM.Translate(spriteSize, 0)
	}
	op.GeoM.Scale(float64(scale), float64(scale))
	op.GeoM.Translate(float64(x), float64(y))
	dst.DrawImage(mn.hud.sprites.fish[slot&3][poseIdle], op)
}

// busyDots animates "..." while a call runs.
func (mn *menus) busyDots() string {
	return [...]string{".  ", ".. ", "..."}[mn.ticks/20%3]
}

// profile returns the logged-in player; ok is false when nobody is.
func (mn *menus) profile() (p Profile, ok bool) {
	if a := mn.svc.Accounts; a != nil {
		return a.Current()
	}
	return p, false
}
