package nakama

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // the TURN REST API's HMAC-SHA1, checked against the Lua one.
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/fishgame/fishgame/signaling/server"
	"github.com/fishgame/fishgame/signaling/server/ice"
)

const modulePath = "modules/fishgame.lua"

// fakeNakama records what the module asks of Nakama's "nakama" module.
type fakeNakama struct {
	leaderboards [][]lua.LValue // arguments of each leaderboard_create
	rpcs         map[string]*lua.LFunction
	logs         []string
	failCreate   bool
}

// loadModule runs fishgame.lua the way Nakama does: Lua 5.1 with base,
// table, os, string, math and package, and require("nakama").
func loadModule(t *testing.T, fake *fakeNakama) (*lua.LState, *lua.LTable) {
	t.Helper()
	L := lua.NewState(lua.Options{SkipOpenLibs: true})
	t.Cleanup(L.Close)
	for _, lib := range []struct {
		name string
		fn   lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable},
		{lua.OsLibName, lua.OpenOs}, {lua.StringLibName, lua.OpenString}, {lua.MathLibName, lua.OpenMath},
	} {
		L.Push(L.NewFunction(lib.fn))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	fake.rpcs = map[string]*lua.LFunction{}
	L.PreloadModule("nakama", func(L *lua.LState) int {
		L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
			"leaderboard_create": func(L *lua.LState) int {
				var args []lua.LValue
				for i := 1; i <= L.GetTop(); i++ {
					args = append(args, L.Get(i))
				}
				fake.leaderboards = append(fake.leaderboards, args)
				if fake.failCreate {
					L.RaiseError("error creating leaderboard: database is down")
				}
				return 0
			},
			"register_rpc": func(L *lua.LState) int {
				fn := L.CheckFunction(1)
				id := L.CheckString(2)
				if id == "" {
					L.ArgError(2, "expects rpc id")
				}
				fake.rpcs[id] = fn
				return 0
			},
			// base64_encode behaves as Nakama's: StdEncoding, padded unless
			// the second argument is false, and an error on empty input.
			"base64_encode": func(L *lua.LState) int {
				in := L.CheckString(1)
				if in == "" {
					L.ArgError(1, "expects string")
				}
				enc := base64.StdEncoding
				if !L.OptBool(2, true) {
					enc = base64.RawStdEncoding
				}
				L.Push(lua.LString(enc.EncodeToString([]byte(in))))
				return 1
			},
			"logger_info":  fake.logger("info"),
			"logger_warn":  fake.logger("warn"),
			"logger_error": fake.logger("error"),
		}))
		return 1
	})
	fn, err := L.LoadFile(modulePath)
	if err != nil {
		t.Fatalf("load %s: %v", modulePath, err)
	}
	L.Push(fn)
	if err := L.PCall(0, 1, nil); err != nil {
		t.Fatalf("run %s: %v", modulePath, err)
	}
	exports, ok := L.Get(-1).(*lua.LTable)
	L.Pop(1)
	if !ok {
		t.Fatalf("%s returned %v, want its table of test hooks", modulePath, exports)
	}
	return L, exports
}

func (f *fakeNakama) logger(level string) lua.LGFunction {
	return func(L *lua.LState) int {
		f.logs = append(f.logs, level+": "+L.CheckString(1))
		return 0
	}
}

// call runs an exported Lua function with string/number/table arguments
// and returns its single result.
func call(t *testing.T, L *lua.LState, fn lua.LValue, args ...lua.LValue) lua.LValue {
	t.Helper()
	if err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, args...); err != nil {
		t.Fatalf("lua call: %v", err)
	}
	ret := L.Get(-1)
	L.Pop(1)
	return ret
}

func envTable(L *lua.LState, env map[string]string) *lua.LTable {
	tb := L.NewTable()
	for k, v := range env {
		tb.RawSetString(k, lua.LString(v))
	}
	return tb
}

func TestModuleRegistersLeaderboardAndRPC(t *testing.T) {
	var fake fakeNakama
	loadModule(t, &fake)
	if len(fake.leaderboards) != 1 {
		t.Fatalf("leaderboard_create called %d times, want 1", len(fake.leaderboards))
	}
	got := fmt.Sprint(fake.leaderboards[0])
	if want := fmt.Sprint([]lua.LValue{lua.LString(server.WinsLeaderboard), lua.LFalse, lua.LString("desc"), lua.LString("incr")}); got != want {
		t.Errorf("leaderboard_create%v, want %v (the embedded server's leaderboard)", got, want)
	}
	if _, ok := fake.rpcs[server.ICEServersRPC]; !ok || len(fake.rpcs) != 1 {
		t.Errorf("registered RPCs %v, want exactly %q", fake.rpcs, server.ICEServersRPC)
	}
}

func TestModuleSurvivesLeaderboardError(t *testing.T) {
	fake := fakeNakama{failCreate: true}
	loadModule(t, &fake)
	if _, ok := fake.rpcs[server.ICEServersRPC]; !ok {
		t.Errorf("RPC not registered after leaderboard_create failed")
	}
	if len(fake.logs) == 0 || !strings.HasPrefix(fake.logs[0], "error: ") || !strings.Contains(fake.logs[0], "database is down") {
		t.Errorf("logs = %q, want the leaderboard error logged", fake.logs)
	}
}

// TestLuaSHA1 checks the module's pure-Lua SHA-1 and HMAC-SHA1 against Go's
// at every length around the padding boundaries.
func TestLuaSHA1(t *testing.T) {
	var fake fakeNakama
	L, exports := loadModule(t, &fake)
	rng := rand.New(rand.NewPCG(1, 2))
	msg := make([]byte, 140)
	for i := range msg {
		msg[i] = byte(rng.UintN(256))
	}
	for n := 0; n <= len(msg); n++ {
		want := sha1.Sum(msg[:n])
		got := call(t, L, exports.RawGetString("sha1"), lua.LString(msg[:n]))
		if got.String() != string(want[:]) {
			t.Fatalf("sha1 of %d bytes = %x, want %x", n, got.String(), want)
		}
	}
	if got := call(t, L, exports.RawGetString("sha1"), lua.LString("abc")); hex.EncodeToString([]byte(got.String())) != "a9993e364706816aba3e25717850c26c9cd0d89d" {
		t.Errorf(`sha1("abc") = %x, want the FIPS 180 test vector`, got.String())
	}
	for _, keyLen := range []int{1, 20, 63, 64, 65, 100} {
		key := msg[:keyLen]
		data := "1700000000:" + strings.Repeat("u", keyLen%37)
		mac := hmac.New(sha1.New, key)
		mac.Write([]byte(data))
		got := call(t, L, exports.RawGetString("hmac_sha1"), lua.LString(key), lua.LString(data))
		if got.String() != string(mac.Sum(nil)) {
			t.Errorf("hmac_sha1 with a %d-byte key = %x, want %x", keyLen, got.String(), mac.Sum(nil))
		}
	}
}

// TestICEServersMatchesEmbeddedServer: for the same URLs, secret, TTL, user
// and time, the Lua RPC returns byte for byte what the embedded server's
// ice package returns, so clients and TURN servers see one convention.
func TestICEServersMatchesEmbeddedServer(t *testing.T) {
	var fake fakeNakama
	L, exports := loadModule(t, &fake)
	now := time.Unix(1_700_000_123, 0)
	cfg := ice.ServersConfig{
		ExtraSTUN:  []string{"stun:play.example.com:3478", "stun:stun.l.google.com:19302"},
		ExtraTURN:  []string{"turn:play.example.com:3478?transport=udp", "turns:play.example.com:5349?transport=tcp"},
		TURNSecret: "0123456789abcdef-secret",
		TURNTTL:    600 * time.Second,
	}
	want, err := cfg.Payload("3f1b9a2e-8c1d-4f7a-9e55-2b6f3c1d0a11", now)
	if err != nil {
		t.Fatal(err)
	}
	env := envTable(L, map[string]string{
		"FISHGAME_STUN_URLS":   strings.Join(cfg.ExtraSTUN, ", "),
		"FISHGAME_TURN_URLS":   strings.Join(cfg.ExtraTURN, " "),
		"FISHGAME_TURN_SECRET": cfg.TURNSecret,
		"FISHGAME_TURN_TTL":    "600",
	})
	got := call(t, L, exports.RawGetString("ice_servers"), env, lua.LString("3f1b9a2e-8c1d-4f7a-9e55-2b6f3c1d0a11"), lua.LNumber(now.Unix()))
	if got.String() != want {
		t.Errorf("Lua ice_servers =\n%s\nwant (embedded server)\n%s", got, want)
	}
}

func TestICEServersRPC(t *testing.T) {
	type entry struct {
		URLs       []string `json:"urls"`
		Username   string   `json:"username"`
		Credential string   `json:"credential"`
	}
	tests := []struct {
		name   string
		env    map[string]string
		userID string
		want   []entry // credentials checked separately
		warn   bool
	}{
		{"defaults", nil, "u1", []entry{{URLs: []string{"stun:stun.l.google.com:19302"}}}, false},
		{"empty stun means default", map[string]string{"FISHGAME_STUN_URLS": ""}, "u1", []entry{{URLs: []string{"stun:stun.l.google.com:19302"}}}, false},
		{"no stun", map[string]string{"FISHGAME_STUN_URLS": "none"}, "u1", []entry{}, false},
		{"turn", map[string]string{"FISHGAME_STUN_URLS": "stun:h:3478", "FISHGAME_TURN_URLS": "turn:h:3478?transport=udp", "FISHGAME_TURN_SECRET": "k"}, "u1",
			[]entry{{URLs: []string{"stun:h:3478"}}, {URLs: []string{"turn:h:3478?transport=udp"}}}, false},
		{"no credentials without a session", map[string]string{"FISHGAME_TURN_URLS": "turn:h:3478", "FISHGAME_TURN_SECRET": "k"}, "",
			[]entry{{URLs: []string{"stun:stun.l.google.com:19302"}}}, false},
		{"turn without secret", map[string]string{"FISHGAME_TURN_URLS": "turn:h:3478"}, "u1",
			[]entry{{URLs: []string{"stun:stun.l.google.com:19302"}}}, false},
		{"bad urls ignored", map[string]string{"FISHGAME_STUN_URLS": "http://x,stun:ok:1", "FISHGAME_TURN_URLS": "stun:wrong", "FISHGAME_TURN_SECRET": "k"}, "u1",
			[]entry{{URLs: []string{"stun:ok:1"}}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fake fakeNakama
			L, _ := loadModule(t, &fake)
			fake.logs = nil
			ctx := L.NewTable()
			ctx.RawSetString("env", envTable(L, tt.env))
			if tt.userID != "" {
				ctx.RawSetString("user_id", lua.LString(tt.userID))
			}
			before := time.Now().Unix()
			out := call(t, L, fake.rpcs[server.ICEServersRPC], ctx, lua.LString("{}"))
			after := time.Now().Unix()
			var got struct {
				ICEServers []entry `json:"ice_servers"`
			}
			if err := json.Unmarshal([]byte(out.String()), &got); err != nil || got.ICEServers == nil {
				t.Fatalf("payload %s: %v, want {\"ice_servers\":[...]}", out, err)
			}
			if len(got.ICEServers) != len(tt.want) {
				t.Fatalf("payload %s has %d entries, want %d", out, len(got.ICEServers), len(tt.want))
			}
			for i, e := range got.ICEServers {
				if strings.Join(e.URLs, " ") != strings.Join(tt.want[i].URLs, " ") {
					t.Errorf("entry %d urls = %v, want %v", i, e.URLs, tt.want[i].URLs)
				}
				if !strings.HasPrefix(e.URLs[0], "turn") {
					if e.Username != "" || e.Credential != "" {
						t.Errorf("STUN entry carries credentials: %+v", e)
					}
					continue
				}
				exp, user, _ := strings.Cut(e.Username, ":")
				var expiry int64
				if _, err := fmt.Sscan(exp, &expiry); err != nil || user != tt.userID || expiry < before+43200 || expiry > after+43200 {
					t.Errorf("TURN username %q, want <now+43200>:%s", e.Username, tt.userID)
				}
				mac := hmac.New(sha1.New, []byte("k"))
				mac.Write([]byte(e.Username))
				if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); e.Credential != want {
					t.Errorf("TURN credential %q, want base64(HMAC-SHA1(secret, username)) = %q", e.Credential, want)
				}
			}
			warned := false
			for _, l := range fake.logs {
				warned = warned || strings.HasPrefix(l, "warn: ")
			}
			if warned != tt.warn {
				t.Errorf("logs = %q, want a warning: %v", fake.logs, tt.warn)
			}
		})
	}
}
