// Package frontend is Fish Game's Ebitengine front end: the window, the
// scenes (a local match on one keyboard, an online match driven by netplay),
// the pixel-art renderer, keyboard and gamepad mapping, particles, screen
// shake and synthesized sound.
//
// Everything here is presentation. The simulation lives in package game and
// advances exactly one frame per Ebitengine Update (60 ticks a second); the
// front end never measures time to drive it. Sounds and particles come from
// the frame-tagged events of game.State.Events, passed through an
// EventFilter so that frames resimulated by rollback never play twice.
//
// The world is drawn at the logical resolution 480×270 (the bottom 2 pixel
// rows of the 480×272 world are cropped) into an offscreen image, which is
// scaled to the window by the largest whole number that fits, with
// nearest-neighbour filtering and black bars around it.
//
// Run opens the window with a first Scene; a SceneManager switches scenes
// between ticks, and each scene lives in its own file: LocalMatch (local.go),
// the online connection screen (connect.go) and the online match
// (netmatch.go), both reached through OnlineMatch.Scene.
//
// The menu screens are made of package ui's widgets, one file each: the
// title (title.go, NewTitle), logging in (connection.go), the online lobby
// (lobby.go), the ready room (room.go), the leaderboard (leaderboard.go),
// the settings (settingsmenu.go) and the message screen every failure ends
// on, with Retry and Back (message.go); no failure closes the window. What
// they do beyond drawing goes through Services, small interfaces declared
// by the screen that uses them, whose errors carry the cause in words for
// the player (a UserMessage method). Blocking calls run off the game loop
// and are polled once per tick. The screens read a ui.Input, so tests
// drive them with a ui.Script instead of a window.
//
// An online match hands the rollback session the packets that arrive
// between ticks about every millisecond (receive.go), so round trips and
// input arrival are not measured in whole ticks. Its match-end screen adds
// the leaderboard update to the winner and the wins per fish a local match
// shows: "updating leaderboard..." while the player's result is recorded
// off the game loop, then the player's wins and rank and the top of the
// leaderboard, or what went wrong (board.go).
//
// Sound goes through oto, Ebitengine's own audio backend, so that a machine
// without a sound device is detected when the Speaker opens and the game
// runs muted with a warning (with ebiten/audio, RunGame itself would fail).
package frontend
