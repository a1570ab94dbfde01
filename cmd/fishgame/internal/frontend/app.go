package frontend

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"os"
	"runtime"

	"github.com/hajimehoshi/ebiten/v2"
)

// DefaultScale is the window scale when Options.Scale is 0: 1440×810.
const DefaultScale = 3

// Options sets up the window and scripted runs.
type Options struct {
	// Scale is the window size as a multiple of 480×270 (DefaultScale if
	// 0). The window can be resized; the picture always scales by a whole
	// number.
	Scale int
	// Frames, when above 0, ends the run after that many ticks, for scripted
	// runs and tests. Such runs tick as fast as the machine draws.
	Frames int
	// Screenshot, when set with Frames, is the PNG file the logical screen
	// is written to once the Frames ticks have run.
	Screenshot string
	// Logger receives warnings; nil means slog.Default().
	Logger *slog.Logger
}

// app is the ebiten.Game: it ticks the scene manager, draws the scene to
// the logical screen and scales that to the window.
type app struct {
	opts      Options
	scenes    SceneManager
	logical   *ebiten.Image
	ticks     int
	captured  bool
	shotError error
}

// Run opens the window and plays first (and the scenes it leads to) until a
// scene ends the run, the window closes or Options.Frames ticks have run.
func Run(opts Options, first Scene) error {
	if opts.Scale == 0 {
		opts.Scale = DefaultScale
	}
	if opts.Scale < 1 || opts.Scale > 16 {
		return fmt.Errorf("%w: scale %d outside 1..16", ErrOptions, opts.Scale)
	}
	if opts.Screenshot != "" && opts.Frames <= 0 {
		return fmt.Errorf("%w: a screenshot needs a frame count", ErrOptions)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &app{opts: opts, scenes: SceneManager{current: first}, logical: ebiten.NewImage(ScreenWidth, ScreenHeight)}
	ebiten.SetWindowTitle("Fish Game")
	ebiten.SetWindowSize(ScreenWidth*opts.Scale, ScreenHeight*opts.Scale)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(true)
	if opts.Frames > 0 {
		ebiten.SetTPS(ebiten.SyncWithFPS)
		ebiten.SetVsyncEnabled(false)
	}
	err := ebiten.RunGame(a)
	switch {
	case err == nil || errors.Is(err, ebiten.Termination):
		return nil
	case runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "":
		return fmt.Errorf("%w (DISPLAY is not set: play on a desktop, or run under xvfb-run for scripted runs)", err)
	default:
		return err
	}
}

// Update implements ebiten.Game.
func (a *app) Update() error {
	if a.shotError != nil {
		return a.shotError
	}
	if a.opts.Frames > 0 && a.ticks >= a.opts.Frames {
		if a.opts.Screenshot == "" || a.captured {
			return ebiten.Termination
		}
		return nil // wait for Draw to capture this tick's picture
	}
	a.ticks++
	return a.scenes.update()
}

// Draw implements ebiten.Game.
func (a *app) Draw(screen *ebiten.Image) {
	a.logical.Clear()
	a.scenes.current.Draw(a.logical)
	if a.opts.Screenshot != "" && a.opts.Frames > 0 && a.ticks >= a.opts.Frames && !a.captured {
		a.captured = true
		if err := writePNG(a.opts.Screenshot, a.logical); err != nil {
			a.shotError = err
		}
	}
	sw, sh := screen.Bounds().Dx(), screen.Bounds().Dy()
	scale := min(sw/ScreenWidth, sh/ScreenHeight)
	if scale < 1 {
		scale = 1
	}
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterNearest}
	op.GeoM.Scale(float64(scale), float64(scale))
	op.GeoM.Translate(float64((sw-ScreenWidth*scale)/2), float64((sh-ScreenHeight*scale)/2))
	screen.DrawImage(a.logical, op)
}

// Layout implements ebiten.Game: the screen has the window's device pixels,
// so the integer scaling is ours and stays sharp.
func (a *app) Layout(outsideWidth, outsideHeight int) (int, int) {
	f := 1.0
	if m := ebiten.Monitor(); m != nil {
		f = m.DeviceScaleFactor()
	}
	w, h := int(float64(outsideWidth)*f), int(float64(outsideHeight)*f)
	a.scenes.screen = image.Pt(w, h)
	return w, h
}

// writePNG saves img as a PNG file.
func writePNG(path string, img *ebiten.Image) error {
	rgba := image.NewRGBA(img.Bounds())
	img.ReadPixels(rgba.Pix)
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrScreenshot, err)
	}
	if err := png.Encode(f, rgba); err != nil {
		f.Close()
		return fmt.Errorf("%w: encode %s: %w", ErrScreenshot, path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%w: %w", ErrScreenshot, err)
	}
	return nil
}
