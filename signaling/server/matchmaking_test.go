package server

import (
	"sync"
	"testing"
	"time"
)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestMatchmakerFlow(t *testing.T) {
	clk := &clock{now: time.Now()}
	ts := newTestServer(t, func(c *Config) { c.Now = clk.Now })
	a, b, x := ts.connect(t, "device-mm-a"), ts.connect(t, "device-mm-b"), ts.connect(t, "device-mm-x")
	ticketA := a.request("mm1", `{"cid":"mm1","matchmaker_add":{"min_count":2,"max_count":2,"query":"+properties.region:eu +properties.skill:>=5",
		"string_properties":{"region":"eu"},"numeric_properties":{"skill":10}}}`)
	wantShape(t, "ticket", ticketA, `{"cid":"mm1","matchmaker_ticket":{"ticket":"<uuid>"}}`)
	// x does not match a's query (region us): it must stay unmatched.
	x.request("mmx", `{"cid":"mmx","matchmaker_add":{"min_count":2,"max_count":2,"query":"*","string_properties":{"region":"us"},"numeric_properties":{"skill":10}}}`)
	b.request("mm2", `{"cid":"mm2","matchmaker_add":{"min_count":2,"max_count":2,"query":"*","string_properties":{"region":"eu"},"numeric_properties":{"skill":7}}}`)
	ts.mm.process()
	ma := a.nextOf("matchmaker_matched")
	mb := b.nextOf("matchmaker_matched")
	wantShape(t, "matched", ma, `{"matchmaker_matched":{"ticket":"<uuid>","token":"<jwt>","users":[
		{"presence":{"user_id":"<uuid>","session_id":"<uuid>","username":"`+a.username(t)+`"},"string_properties":{"region":"eu"},"numeric_properties":{"skill":10}},
		{"presence":{"user_id":"<uuid>","session_id":"<uuid>","username":"`+b.username(t)+`"},"string_properties":{"region":"eu"},"numeric_properties":{"skill":7}}],
		"self":{"presence":{"user_id":"<uuid>","session_id":"<uuid>","username":"`+a.username(t)+`"},"string_properties":{"region":"eu"},"numeric_properties":{"skill":10}}}}`)
	mmA, mmB := ma["matchmaker_matched"].(map[string]any), mb["matchmaker_matched"].(map[string]any)
	if mmA["ticket"] != ticketA["matchmaker_ticket"].(map[string]any)["ticket"] {
		t.Errorf("a's matched ticket = %v, want its own", mmA["ticket"])
	}
	token := mmA["token"].(string)
	if mmB["token"] != token {
		t.Errorf("matched users got different tokens")
	}
	c := claims(t, token)
	if mid, _ := c["mid"].(string); !uuidRe.MatchString(mid[:len(mid)-1]) || mid[len(mid)-1] != '.' {
		t.Errorf("token mid = %v, want <uuid>.", c["mid"])
	}
	if got := int64(c["exp"].(float64)) - clk.Now().Unix(); got != 30 {
		t.Errorf("match token expires in %d s, want 30", got)
	}
	// The matched ticket is gone; x's is still there.
	wantShape(t, "remove matched", a.request("r1", `{"cid":"r1","matchmaker_remove":{"ticket":"`+mmA["ticket"].(string)+`"}}`),
		`{"cid":"r1","error":{"code":3,"message":"Matchmaker ticket not found"}}`)
	// As on Nakama, the first token join has no size and no presences.
	jm := a.request("jm", `{"cid":"jm","match_join":{"token":"`+token+`"}}`)
	wantShape(t, "first token join", jm, `{"cid":"jm","match":{"match_id":"<uuid>.",
		"self":{"user_id":"<uuid>","session_id":"<uuid>","username":"`+a.username(t)+`"}}}`)
	if jm["match"].(map[string]any)["match_id"] != c["mid"] {
		t.Errorf("token join = %v, want match %v", jm, c["mid"])
	}
	jb := b.request("jm", `{"cid":"jm","match_join":{"token":"`+token+`"}}`)
	wantShape(t, "second token join", jb, `{"cid":"jm","match":{"match_id":"<uuid>.","size":1,
		"presences":[{"user_id":"<uuid>","session_id":"<uuid>","username":"`+a.username(t)+`"}],
		"self":{"user_id":"<uuid>","session_id":"<uuid>","username":"`+b.username(t)+`"}}}`)
	// An expired token is refused.
	clk.advance(31 * time.Second)
	wantShape(t, "expired token", x.request("jx", `{"cid":"jx","match_join":{"token":"`+token+`"}}`),
		`{"cid":"jx","error":{"code":3,"message":"Invalid match token"}}`)
}

func TestMatchmakerAddRemove(t *testing.T) {
	ts := newTestServer(t)
	a := ts.connect(t, "device-mm-rm")
	tk := a.request("1", `{"cid":"1","matchmaker_add":{"min_count":2,"max_count":4,"query":"*"}}`)["matchmaker_ticket"].(map[string]any)["ticket"].(string)
	wantShape(t, "remove", a.request("2", `{"cid":"2","matchmaker_remove":{"ticket":"`+tk+`"}}`), `{"cid":"2"}`)
	wantShape(t, "remove again", a.request("3", `{"cid":"3","matchmaker_remove":{"ticket":"`+tk+`"}}`),
		`{"cid":"3","error":{"code":3,"message":"Matchmaker ticket not found"}}`)
	wantShape(t, "bad min count", a.request("4", `{"cid":"4","matchmaker_add":{"min_count":1,"max_count":4,"query":"*"}}`),
		`{"cid":"4","error":{"code":3,"message":"Invalid minimum count, must be >= 2"}}`)
	bad := a.request("5", `{"cid":"5","matchmaker_add":{"min_count":2,"max_count":4,"query":"+properties.region:("}}`)
	if e, _ := bad["error"].(map[string]any); e == nil || e["code"] != float64(3) {
		t.Errorf("bad query = %v, want error 3", bad)
	}
	// A closed socket's tickets leave the pool (before its match leave
	// event, which c waits for).
	b, c := ts.connect(t, "device-mm-rm-b"), ts.connect(t, "device-mm-rm-c")
	joinPair(t, c, b)
	b.request("1", `{"cid":"1","matchmaker_add":{"min_count":2,"max_count":2,"query":"*"}}`)
	b.conn.Close()
	c.nextOf("match_presence_event")
	c.request("1", `{"cid":"1","matchmaker_add":{"min_count":2,"max_count":2,"query":"*"}}`)
	ts.mm.process()
	c.send(`{"cid":"p","ping":{}}`)
	if m := c.next(); m["pong"] == nil {
		t.Errorf("c got %v, want no match with the closed socket", m)
	}
}
