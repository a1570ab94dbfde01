// Package flow is the plain logic of the player's journey around a match:
// log in, find or make a match, and the settings that say where and how.
// The scenes draw it; flow never opens a window, so all of it is tested
// against the embedded server (signaling/server).
//
// # Errors
//
// Every failure a player can act on is an [*Error]: its Error method is the
// line to show ("Wrong e-mail or password"), errors.Is matches its reason
// ([ErrWrongPassword]) for choosing what the screen offers, and Unwrap
// gives the technical cause for the log. Context cancellation is returned
// as is: the player gave up.
//
// # Accounts and remembered logins
//
//	accts, err := flow.NewAccounts(settings.ServerURL, settings.ServerKey)
//	rem := flow.NewRemember(dir) // dir from flow.ConfigDir()
//
//	// At launch: log in silently, or show the Connection screen.
//	sess, err := rem.Resume(ctx, accts, time.Now())
//	// sess == nil && err == nil: nothing remembered.
//	// errors.Is(err, flow.ErrSessionExpired): Connection screen with err.Error().
//
//	// Connection screen, one call per tab. Input is validated before
//	// sending (ValidateEmail, ValidatePassword, ValidateUsername serve
//	// the fields as the player types).
//	sess, err = accts.Login(ctx, email, password)
//	sess, err = accts.Create(ctx, email, password, username)
//	dev, err := rem.DeviceID() // the same guest on every launch
//	sess, err = accts.Guest(ctx, dev)
//
//	// "Remember me": keep the session's refresh token, or forget it.
//	err = rem.Keep(settings.ServerURL, sess, isGuest) // or rem.ForgetSession()
//	// Log out (title screen): ends the session and forgets everything.
//	err = rem.LogOut(ctx, sess)
//
// The login errors are [ErrEmailInUse] ("E-mail already in use"),
// [ErrWrongPassword] ("Wrong e-mail or password"), [ErrUsernameTaken]
// ("Username already taken"), [ErrUnreachable] ("Server unreachable at
// HOST:PORT"), [ErrServerKey] ("Server refused the server key"), the
// refusals before sending [ErrInvalidEmail], [ErrInvalidPassword] and
// [ErrInvalidUsername], and [ErrServer] for anything else.
//
// A session resumed from a refresh token cannot log in again by itself:
// when a call fails, [Expired](err, sess.RefreshToken(), now) returns the
// [ErrSessionExpired] error saying why ("Your login has expired", or the
// server refused it, as a reset server does), or nil when err is something
// else. The scene then shows the Connection screen with that line and,
// after login, goes back to the screen it left.
//
// # Lobby
//
// The lobby has its own realtime socket beside netplay's and hands the
// ready room a [Room] to join:
//
//	lobby, err := flow.OpenLobby(ctx, sess, flow.LobbyConfig{ClientVersion: netplay.ClientVersion})
//	defer lobby.Close()
//
//	room, err := lobby.CreatePrivate(ctx) // room.Code to show, room.Creator
//	code, err := flow.ParseShareCode(typed) // "k7m 2qx" is K7M2QX
//	room, err = lobby.JoinCode(ctx, code)
//
//	search, err := lobby.Matchmake(ctx, 2, players) // 2 to 4
//	search.Elapsed(time.Now())                       // for the screen
//	room = <-search.Found()                          // room.Token, room.Players
//	err = search.Cancel(ctx)                         // matchmaker_remove
//
// A private match is the named match [ShareCode.MatchName], so codes work
// on a stock Nakama: the creator's ready room creates it by that name
// (netplay Client.Create), the others join [Room.MatchID] (Client.Join),
// which fails when everyone left. A matchmaker's room is joined with its
// token within 30 s.
//
// JoinCode tells apart [ErrNoMatch] ("No match with the code K7M2QX"),
// [ErrMatchFull], [ErrMatchStarted] and [ErrOtherVersion] ("NAME runs
// version X, you run Y: update to play together"). The last two come from
// the room status every lobby publishes on its socket: CreatePrivate and
// JoinCode publish [InRoom]; the scenes call lobby.SetState(ctx, code,
// [Playing]) when the match starts, SetState(ctx, code, InRoom) for a
// rematch and lobby.ClearState(ctx) when the player leaves the room. A
// player whose client publishes no status is taken as compatible.
//
// # Settings
//
//	saved, err := flow.LoadSettings(dir) // the defaults when there are none
//	run, err := flow.Apply(saved, os.LookupEnv, fs) // FISHGAME_* then given flags
//	err = flow.SaveSettings(dir, edited) // the Settings screen
//
// [Overrides] lists each setting's flag and environment variable.
package flow
