package server

import (
	"encoding/json"
	"regexp"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestAuthenticateDevice(t *testing.T) {
	ts := newTestServer(t)
	key := basic("defaultkey")
	tests := []struct {
		name       string
		path, auth string
		body       string
		wantCode   int
		want       string
	}{
		{"create", "/v2/account/authenticate/device?create=true&username=alice", key, `{"id":"device-alice-1"}`,
			200, `{"created":true,"token":"<jwt>","refresh_token":"<jwt>"}`},
		{"existing", "/v2/account/authenticate/device?create=true&username=alice", key, `{"id":"device-alice-1"}`,
			200, `{"token":"<jwt>","refresh_token":"<jwt>"}`},
		{"username in use", "/v2/account/authenticate/device?create=true&username=alice", key, `{"id":"device-other-2"}`,
			409, `{"code":6,"message":"Username is already in use."}`},
		{"no create", "/v2/account/authenticate/device?create=false", key, `{"id":"device-unknown-3"}`,
			404, `{"code":5,"message":"User account not found."}`},
		{"username not UTF-8", "/v2/account/authenticate/device?create=true&username=%FF%FE", key, `{"id":"device-utf8-4"}`,
			400, `{"code":3,"message":"Username invalid, no spaces or control characters allowed."}`},
		{"short id", "/v2/account/authenticate/device", key, `{"id":"short"}`,
			400, `{"code":3,"message":"Device ID invalid, must be 10-128 bytes."}`},
		{"missing id", "/v2/account/authenticate/device", key, `{}`,
			400, `{"code":3,"message":"Device ID is required."}`},
		{"bad server key", "/v2/account/authenticate/device", basic("wrongkey"), `{"id":"device-alice-1"}`,
			401, `{"code":16,"message":"Server key invalid"}`},
		{"no server key", "/v2/account/authenticate/device", "", `{"id":"device-alice-1"}`,
			401, `{"code":16,"message":"Server key required"}`},
		{"bearer instead of key", "/v2/account/authenticate/device", bearer("x"), `{"id":"device-alice-1"}`,
			401, `{"code":16,"message":"Server key invalid"}`},
		{"garbage body", "/v2/account/authenticate/device", key, `{"id":`, 400, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := ts.do(t, "POST", tt.path, tt.auth, tt.body)
			if code != tt.wantCode {
				t.Fatalf("status = %d (%v), want %d", code, body, tt.wantCode)
			}
			if tt.want == "" {
				if body["code"] != float64(3) {
					t.Errorf("body = %v, want code 3", body)
				}
				return
			}
			wantShape(t, "body", body, tt.want)
		})
	}
}

func TestRandomUsernameAndClaims(t *testing.T) {
	ts := newTestServer(t)
	token, refresh := ts.authDevice(t, "device-random-1", "")
	c := claims(t, token)
	if !regexp.MustCompile(`^[a-zA-Z]{10}$`).MatchString(c["usn"].(string)) {
		t.Errorf("usn = %q, want 10 random letters", c["usn"])
	}
	for _, k := range []string{"tid", "uid", "usn", "exp", "iat"} {
		if _, ok := c[k]; !ok {
			t.Errorf("claims %v lack %q", c, k)
		}
	}
	if got := c["exp"].(float64) - c["iat"].(float64); got != 60 {
		t.Errorf("token lifetime = %v s, want 60", got)
	}
	rc := claims(t, refresh)
	if rc["tid"] != c["tid"] || rc["uid"] != c["uid"] {
		t.Errorf("refresh claims %v differ from session claims %v", rc, c)
	}
	if got := rc["exp"].(float64) - rc["iat"].(float64); got != 3600 {
		t.Errorf("refresh lifetime = %v s, want 3600", got)
	}
}

func TestAuthenticateEmail(t *testing.T) {
	ts := newTestServer(t)
	key := basic("defaultkey")
	path := "/v2/account/authenticate/email?create=true&username=bob"
	code, body := ts.do(t, "POST", path, key, `{"email":"bob@example.com","password":"password123"}`)
	if code != 200 {
		t.Fatalf("create = %d %v", code, body)
	}
	wantShape(t, "create", body, `{"created":true,"token":"<jwt>","refresh_token":"<jwt>"}`)
	uid := claims(t, body["token"].(string))["uid"]
	tests := []struct {
		name, body string
		wantCode   int
		want       string
	}{
		{"login", `{"email":"BOB@example.com","password":"password123"}`, 200, `{"token":"<jwt>","refresh_token":"<jwt>"}`},
		{"wrong password", `{"email":"bob@example.com","password":"password124"}`, 401, `{"code":16,"message":"Invalid credentials."}`},
		{"short password", `{"email":"carol@example.com","password":"short"}`, 400, `{"code":3,"message":"Password must be at least 8 characters long."}`},
		{"bad email", `{"email":"carolexample.com","password":"password123"}`, 400, `{"code":3,"message":"Invalid email address format."}`},
		{"missing", `{"email":"carol@example.com"}`, 400, `{"code":3,"message":"Email address and password is required."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := ts.do(t, "POST", "/v2/account/authenticate/email?create=true", key, tt.body)
			if code != tt.wantCode {
				t.Fatalf("status = %d (%v), want %d", code, body, tt.wantCode)
			}
			wantShape(t, "body", body, tt.want)
			if code == 200 && claims(t, body["token"].(string))["uid"] != uid {
				t.Errorf("login gave another user than the created one")
			}
		})
	}
	code, body = ts.do(t, "POST", "/v2/account/authenticate/email?create=true&username=bob", key, `{"email":"bob2@example.com","password":"password123"}`)
	if code != 409 {
		t.Errorf("username bob reused = %d %v, want 409", code, body)
	}
	// The password is stored as a bcrypt hash only.
	var hash []byte
	if err := ts.store.db.QueryRow(`SELECT password FROM users WHERE email = ?`, "bob@example.com").Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if _, err := bcrypt.Cost(hash); err != nil || bcrypt.CompareHashAndPassword(hash, []byte("password123")) != nil {
		t.Errorf("stored password %q is not a bcrypt hash of it", hash)
	}
}

func TestRefreshAndLogout(t *testing.T) {
	ts := newTestServer(t)
	token, refresh := ts.authDevice(t, "device-refresh-1", "")
	code, body := ts.do(t, "POST", "/v2/account/session/refresh", basic("defaultkey"), `{"token":"`+refresh+`","vars":{}}`)
	if code != 200 {
		t.Fatalf("refresh = %d %v", code, body)
	}
	wantShape(t, "refresh", body, `{"token":"<jwt>","refresh_token":"<jwt>"}`)
	if body["refresh_token"] != refresh {
		t.Errorf("refresh rotated the refresh token")
	}
	newToken := body["token"].(string)
	if claims(t, newToken)["tid"] != claims(t, token)["tid"] {
		t.Errorf("refreshed token has another tid")
	}
	code, body = ts.do(t, "POST", "/v2/account/session/refresh", basic("wrongkey"), `{"token":"`+refresh+`"}`)
	if code != 401 {
		t.Errorf("refresh with a wrong server key = %d, want 401", code)
	}
	wantShape(t, "refresh with a wrong server key", body, `{"code":16,"message":"Server key invalid"}`)
	if code, body := ts.do(t, "POST", "/v2/account/session/refresh", basic("defaultkey"), `{"token":"`+token+`"}`); code != 401 {
		t.Errorf("refresh with a session token = %d %v, want 401", code, body)
	}
	if code, _ := ts.do(t, "GET", "/v2/account", bearer(refresh), ""); code != 401 {
		t.Errorf("refresh token used as session token = %d, want 401", code)
	}
	if code, body := ts.do(t, "POST", "/v2/session/logout", bearer(newToken), `{"token":"`+newToken+`","refresh_token":"`+refresh+`"}`); code != 200 {
		t.Fatalf("logout = %d %v", code, body)
	}
	code, body = ts.do(t, "GET", "/v2/account", bearer(newToken), "")
	if code != 401 {
		t.Errorf("account after logout = %d, want 401", code)
	}
	wantShape(t, "account after logout", body, `{"code":16,"message":"Auth token invalid"}`)
	code, body = ts.do(t, "POST", "/v2/account/session/refresh", basic("defaultkey"), `{"token":"`+refresh+`"}`)
	if code != 401 {
		t.Errorf("refresh after logout = %d, want 401", code)
	}
	wantShape(t, "refresh after logout", body, `{"code":16,"message":"Refresh token invalid or expired."}`)
}

func TestAccount(t *testing.T) {
	ts := newTestServer(t)
	token, _ := ts.authDevice(t, "device-account-1", "dave")
	code, body := ts.do(t, "GET", "/v2/account", bearer(token), "")
	if code != 200 {
		t.Fatalf("account = %d %v", code, body)
	}
	wantShape(t, "account", body, `{"user":{"id":"<uuid>","username":"dave","lang_tag":"en","metadata":"{}",
		"create_time":"<time>","update_time":"<time>"},"wallet":"{}","devices":[{"id":"device-account-1"}]}`)
	code, body = ts.do(t, "GET", "/v2/account", "", "")
	if code != 401 {
		t.Errorf("account without token = %d", code)
	}
	wantShape(t, "no token", body, `{"code":16,"message":"Auth token required"}`)
}

func TestLeaderboard(t *testing.T) {
	ts := newTestServer(t)
	a, _ := ts.authDevice(t, "device-lb-a", "anna")
	b, _ := ts.authDevice(t, "device-lb-b", "bert")
	path := "/v2/leaderboard/fish_game_wins"
	for range 2 {
		if code, body := ts.do(t, "POST", path, bearer(a), `{"score":"1"}`); code != 200 {
			t.Fatalf("write = %d %v", code, body)
		}
	}
	code, body := ts.do(t, "POST", path, bearer(a), `{"score":"1"}`)
	if code != 200 {
		t.Fatalf("write = %d %v", code, body)
	}
	wantShape(t, "write", body, `{"leaderboard_id":"fish_game_wins","owner_id":"<uuid>","username":"anna","score":"3",
		"num_score":3,"metadata":"{}","create_time":"<time>","update_time":"<time>","max_num_score":1000000}`)
	ts.do(t, "POST", path, bearer(b), `{"score":"1"}`)
	code, body = ts.do(t, "GET", path+"?limit=10", bearer(b), "")
	if code != 200 {
		t.Fatalf("list = %d %v", code, body)
	}
	wantShape(t, "list", body, `{"records":[
		{"leaderboard_id":"fish_game_wins","owner_id":"<uuid>","username":"anna","score":"3","num_score":3,"metadata":"{}",
		 "create_time":"<time>","update_time":"<time>","rank":"1","max_num_score":1000000},
		{"leaderboard_id":"fish_game_wins","owner_id":"<uuid>","username":"bert","score":"1","num_score":1,"metadata":"{}",
		 "create_time":"<time>","update_time":"<time>","rank":"2","max_num_score":1000000}]}`)
	code, body = ts.do(t, "GET", path+"?limit=1", bearer(b), "")
	if code != 200 || body["next_cursor"] == nil || len(body["records"].([]any)) != 1 {
		t.Fatalf("page 1 = %d %v", code, body)
	}
	code, body = ts.do(t, "GET", path+"?limit=1&cursor="+body["next_cursor"].(string), bearer(b), "")
	if code != 200 || body["records"].([]any)[0].(map[string]any)["username"] != "bert" || body["next_cursor"] != nil {
		t.Errorf("page 2 = %d %v", code, body)
	}
	code, body = ts.do(t, "GET", "/v2/leaderboard/nope?limit=10", bearer(b), "")
	if code != 404 {
		t.Errorf("missing leaderboard = %d", code)
	}
	wantShape(t, "missing leaderboard", body, `{"code":5,"message":"Leaderboard not found."}`)
	code, body = ts.do(t, "POST", "/v2/leaderboard/nope", bearer(b), `{"score":"1"}`)
	wantShape(t, "write missing leaderboard", body, `{"code":5,"message":"Leaderboard not found."}`)
	if code, _ := ts.do(t, "GET", path+"?cursor=garbage&limit=5", bearer(b), ""); code != 400 {
		t.Errorf("bad cursor = %d, want 400", code)
	}
}

func TestRPCAndHealthcheck(t *testing.T) {
	ts := newTestServer(t, func(c *Config) {
		c.ICE.Host, c.ICE.STUNPort = "127.0.0.1", 3478
	})
	token, _ := ts.authDevice(t, "device-rpc-1", "")
	code, body := ts.do(t, "POST", "/v2/rpc/ice_servers", bearer(token), `"{}"`)
	if code != 200 {
		t.Fatalf("rpc = %d %v", code, body)
	}
	wantShape(t, "rpc", body, `{"payload":"{\"ice_servers\":[{\"urls\":[\"stun:127.0.0.1:3478\"]}]}"}`)
	code, body = ts.do(t, "POST", "/v2/rpc/ice_servers?http_key=defaulthttpkey", "", `"{}"`)
	if code != 200 || body["payload"] == nil {
		t.Errorf("rpc with http key = %d %v", code, body)
	}
	cases := []struct{ name, path, auth, body, want string }{
		{"no auth", "/v2/rpc/ice_servers", "", `"{}"`, `{"code":16,"message":"Auth token or HTTP key required"}`},
		{"bad http key", "/v2/rpc/ice_servers?http_key=nope", "", `"{}"`, `{"code":16,"message":"HTTP key invalid"}`},
		{"unknown", "/v2/rpc/nope", bearer(token), `"{}"`, `{"code":5,"message":"RPC function not found"}`},
		{"not a string", "/v2/rpc/ice_servers", bearer(token), `{}`, `{"code":3,"message":"Unable to unmarshal payload, must be a JSON string."}`},
	}
	for _, c := range cases {
		_, body := ts.do(t, "POST", c.path, c.auth, c.body)
		wantShape(t, c.name, body, c.want)
	}
	code, body = ts.do(t, "GET", "/healthcheck", "", "")
	if code != 200 {
		t.Errorf("healthcheck = %d", code)
	}
	wantShape(t, "healthcheck", body, `{}`)
}

func TestICEServersCredentialsOnlyForUsers(t *testing.T) {
	ts := newTestServer(t, func(c *Config) {
		c.ICE.Host, c.ICE.STUNPort, c.ICE.TURNPort, c.ICE.TURNSecret = "192.0.2.1", 3478, 3478, "s3cret"
	})
	token, _ := ts.authDevice(t, "device-turn-1", "")
	_, body := ts.do(t, "POST", "/v2/rpc/ice_servers", bearer(token), `"{}"`)
	var user struct {
		ICEServers []struct {
			URLs                 []string
			Username, Credential string
		} `json:"ice_servers"`
	}
	if err := json.Unmarshal([]byte(body["payload"].(string)), &user); err != nil || len(user.ICEServers) != 2 {
		t.Fatalf("user payload = %v (%v)", body, err)
	}
	if turn := user.ICEServers[1]; turn.Username == "" || turn.Credential == "" || turn.URLs[0] != "turn:192.0.2.1:3478?transport=udp" {
		t.Errorf("user TURN entry = %+v, want credentials", turn)
	}
	_, body = ts.do(t, "POST", "/v2/rpc/ice_servers?http_key=defaulthttpkey", "", `"{}"`)
	wantShape(t, "http key payload", body, `{"payload":"{\"ice_servers\":[{\"urls\":[\"stun:192.0.2.1:3478\"]}]}"}`)
}
