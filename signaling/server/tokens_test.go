package server

import (
	"testing"
	"time"
)

// TestTokenExpiry checks Nakama's token lifetimes on the server's clock: an
// expired session token is refused by REST and by the socket handshake, an
// open socket outlives its token, and refresh works until the refresh token
// expires.
func TestTokenExpiry(t *testing.T) {
	clk := &clock{now: time.Now()}
	ts := newTestServer(t, func(c *Config) { c.Now = clk.Now })
	token, refresh := ts.authDevice(t, "device-expiry-1", "")
	open, _, err := ts.dial(t, "format=json&token="+token, nil)
	if err != nil {
		t.Fatal(err)
	}

	clk.advance(DefaultTokenExpiry + time.Second)
	code, body := ts.do(t, "GET", "/v2/account", bearer(token), "")
	if code != 401 {
		t.Errorf("account with an expired token = %d, want 401", code)
	}
	wantShape(t, "expired token", body, `{"code":16,"message":"Auth token invalid"}`)
	if _, resp, err := ts.dial(t, "format=json&token="+token, nil); resp == nil || resp.StatusCode != 401 ||
		respText(resp) != "Missing or invalid token" {
		t.Errorf("socket with an expired token = %v, %v; want 401 Missing or invalid token", resp, err)
	}
	wantShape(t, "ping on a socket whose token expired", open.request("p", `{"cid":"p","ping":{}}`), `{"cid":"p","pong":{}}`)

	code, body = ts.do(t, "POST", "/v2/account/session/refresh", basic("defaultkey"), `{"token":"`+refresh+`"}`)
	if code != 200 {
		t.Fatalf("refresh of an expired session = %d %v, want 200", code, body)
	}
	if code, _ := ts.do(t, "GET", "/v2/account", bearer(body["token"].(string)), ""); code != 200 {
		t.Errorf("account with the refreshed token = %d, want 200", code)
	}

	clk.advance(DefaultRefreshTokenExpiry)
	code, body = ts.do(t, "POST", "/v2/account/session/refresh", basic("defaultkey"), `{"token":"`+refresh+`"}`)
	if code != 401 {
		t.Errorf("refresh with an expired refresh token = %d, want 401", code)
	}
	wantShape(t, "expired refresh token", body, `{"code":16,"message":"Refresh token invalid or expired."}`)
}

func TestTokenExpiryConfigurable(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.TokenExpiry, c.RefreshTokenExpiry = 5*time.Second, 20*time.Second })
	token, refresh := ts.authDevice(t, "device-expiry-2", "")
	for _, tt := range []struct {
		name  string
		token string
		want  float64
	}{{"session", token, 5}, {"refresh", refresh, 20}} {
		c := claims(t, tt.token)
		if got := c["exp"].(float64) - c["iat"].(float64); got != tt.want {
			t.Errorf("%s token lifetime = %v s, want %v", tt.name, got, tt.want)
		}
	}
}
