package server

import (
	"math"
	"strconv"
	"sync"
	"testing"
)

// TestHostileMatchmakerCounts: counts outside min >= 2, max >= min and the
// server's cap (the attack sent max_count 2147483647) are refused with
// Nakama's error envelope, and the default cap still takes any real group.
func TestHostileMatchmakerCounts(t *testing.T) {
	ts := newTestServer(t)
	h := ts.connect(t, "device-mm-counts")
	for i, tt := range []struct{ counts, want string }{
		{`"min_count":2,"max_count":2147483647`, "Invalid maximum count, must be <= 64"},
		{`"min_count":65,"max_count":65`, "Invalid maximum count, must be <= 64"},
		{`"min_count":1,"max_count":2`, "Invalid minimum count, must be >= 2"},
		{`"min_count":-2147483648,"max_count":2`, "Invalid minimum count, must be >= 2"},
		{`"min_count":4,"max_count":3`, "Invalid maximum count, must be >= minimum count"},
	} {
		cid := strconv.Itoa(i)
		wantShape(t, tt.counts, h.request(cid, `{"cid":"`+cid+`","matchmaker_add":{`+tt.counts+`,"query":"*"}}`),
			`{"cid":"`+cid+`","error":{"code":3,"message":"`+tt.want+`"}}`)
	}
	wantShape(t, "64-player ticket", h.request("ok", `{"cid":"ok","matchmaker_add":{"min_count":2,"max_count":64,"query":"*"}}`),
		`{"cid":"ok","matchmaker_ticket":{"ticket":"<uuid>"}}`)
}

// TestHostileMatchmakerHugeGroups: tickets with a huge max_count (the
// operator allowed it here) cost the matchmaker no more than the tickets
// that could join them; an honest pair still matches in the same interval.
// Before, group forming tried every size down from max_count, tens of
// seconds per ticket while holding the matchmaker's lock.
func TestHostileMatchmakerHugeGroups(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MatchmakerMaxCount = math.MaxInt32 })
	for i := range 3 {
		h := ts.connect(t, "device-mm-huge-"+strconv.Itoa(i))
		h.request("h", `{"cid":"h","matchmaker_add":{"min_count":2,"max_count":2147483647,"query":"+properties.nobody:x"}}`)
	}
	// The hostile tickets wait out their intervals, so that they settle
	// for any size from min_count up.
	ts.mm.process()
	ts.mm.process()
	a, b := ts.connect(t, "device-mm-huge-a"), ts.connect(t, "device-mm-huge-b")
	for _, c := range []*wsClient{a, b} {
		c.request("t", `{"cid":"t","matchmaker_add":{"min_count":2,"max_count":2,"query":"*"}}`)
	}
	go ts.mm.process()
	a.nextOf("matchmaker_matched")
	b.nextOf("matchmaker_matched")
}

// TestHostileMatchmakerLockDoesNotDelayLeave: a socket that closes while the
// matchmaker holds its lock (a long interval) still leaves its match at
// once. Before, disconnect handling waited for the lock, and the leave event
// reached the other member 72 s late.
func TestHostileMatchmakerLockDoesNotDelayLeave(t *testing.T) {
	ts := newTestServer(t)
	a, b := ts.connect(t, "device-mm-lock-a"), ts.connect(t, "device-mm-lock-b")
	joinPair(t, a, b)
	b.request("t", `{"cid":"t","matchmaker_add":{"min_count":2,"max_count":2,"query":"*"}}`)
	ts.mm.mu.Lock()
	unlock := sync.OnceFunc(ts.mm.mu.Unlock)
	t.Cleanup(unlock)
	b.conn.Close()
	ev := a.nextOf("match_presence_event")["match_presence_event"].(map[string]any)
	if ev["leaves"] == nil {
		t.Errorf("event = %v, want b's leave", ev)
	}
	unlock()
	// The closed socket's ticket is gone before the next interval.
	a.request("t", `{"cid":"t","matchmaker_add":{"min_count":2,"max_count":2,"query":"*"}}`)
	ts.mm.process()
	a.send(`{"cid":"p","ping":{}}`)
	if m := a.next(); m["pong"] == nil {
		t.Errorf("a got %v, want no match with the closed socket", m)
	}
}

// TestHostileMatchmakerTicketsPerUser: one user's tickets are capped across
// all of its sockets, not only per socket (one user with 20 sockets held 60
// tickets).
func TestHostileMatchmakerTicketsPerUser(t *testing.T) {
	ts := newTestServer(t)
	const perUser = DefaultMatchmakerMaxUserTickets
	added := 0
	for s := 0; added < perUser; s++ {
		h := ts.connect(t, "device-mm-per-user") // the same user each time
		for range min(DefaultMatchmakerMaxTickets, perUser-added) {
			wantShape(t, "ticket", h.request("t", `{"cid":"t","matchmaker_add":{"min_count":2,"max_count":2,"query":"*"}}`),
				`{"cid":"t","matchmaker_ticket":{"ticket":"<uuid>"}}`)
			added++
		}
	}
	h := ts.connect(t, "device-mm-per-user")
	wantShape(t, "ticket over the user's cap", h.request("t", `{"cid":"t","matchmaker_add":{"min_count":2,"max_count":2,"query":"*"}}`),
		`{"cid":"t","error":{"code":3,"message":"Too many matchmaker tickets for this user"}}`)
	// Another user is not affected.
	o := ts.connect(t, "device-mm-per-user-other")
	wantShape(t, "other user's ticket", o.request("t", `{"cid":"t","matchmaker_add":{"min_count":2,"max_count":2,"query":"*"}}`),
		`{"cid":"t","matchmaker_ticket":{"ticket":"<uuid>"}}`)
}
