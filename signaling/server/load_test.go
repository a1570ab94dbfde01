package server

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestLoad runs 1,000 sockets in 250 four-player matches; every socket sends
// messages to its match, and every receiver must get exactly the messages of
// its three match mates: nothing lost, duplicated or misrouted.
func TestLoad(t *testing.T) {
	const (
		sockets  = 1000
		players  = 4
		messages = 20
	)
	// Sockets sit idle (not reading, so not answering pings) while the
	// others connect, which takes long under -race.
	ts := newTestServer(t, func(c *Config) {
		c.PingPeriod, c.PongWait = time.Hour, 2*time.Hour
		c.AuthIPRate = math.Inf(1) // 1000 logins from one IP
	})
	wsURL := "ws" + strings.TrimPrefix(ts.url, "http") + "/ws?status=false&format=json&token="
	conns := make([]*websocket.Conn, sockets)
	var wg sync.WaitGroup
	errs := make(chan error, sockets)
	work := make(chan int)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				token, _ := ts.authDevice(t, fmt.Sprintf("device-load-%06d", i), "")
				c, _, err := websocket.DefaultDialer.Dial(wsURL+url.QueryEscape(token), nil)
				if err != nil {
					errs <- err
					continue
				}
				conns[i] = c
			}
		}()
	}
	for i := range sockets {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})

	// Form the matches: the first of each group creates, the others join.
	matchIDs := make([]string, sockets/players)
	for g := range matchIDs {
		group := conns[g*players : (g+1)*players]
		reply := rawRequest(t, group[0], "c", `{"cid":"c","match_create":{}}`)
		matchIDs[g] = reply["match"].(map[string]any)["match_id"].(string)
		for _, c := range group[1:] {
			rawRequest(t, c, "j", `{"cid":"j","match_join":{"match_id":"`+matchIDs[g]+`"}}`)
		}
	}

	// Every socket reads until it has its mates' messages, and sends its own.
	type result struct {
		got       map[[2]uint32]int
		misrouted int
		err       error
	}
	results := make([]result, sockets)
	for i, c := range conns {
		wg.Add(2)
		go func() {
			defer wg.Done()
			r := result{got: make(map[[2]uint32]int)}
			want := (players - 1) * messages
			c.SetReadDeadline(time.Now().Add(30 * time.Second))
			for n := 0; n < want; {
				_, b, err := c.ReadMessage()
				if err != nil {
					r.err = err
					break
				}
				var env struct {
					MatchData *struct {
						MatchID string `json:"match_id"`
						Data    string `json:"data"`
					} `json:"match_data"`
				}
				if json.Unmarshal(b, &env) != nil || env.MatchData == nil {
					continue // presence events
				}
				p, err := base64.StdEncoding.DecodeString(env.MatchData.Data)
				if err != nil || len(p) != 8 || env.MatchData.MatchID != matchIDs[i/players] {
					r.misrouted++
					continue
				}
				from, seq := binary.LittleEndian.Uint32(p), binary.LittleEndian.Uint32(p[4:])
				if int(from)/players != i/players || int(from) == i {
					r.misrouted++
					continue
				}
				r.got[[2]uint32{from, seq}]++
				n++
			}
			results[i] = r
		}()
		go func() {
			defer wg.Done()
			var p [8]byte
			for seq := range messages {
				binary.LittleEndian.PutUint32(p[:], uint32(i))
				binary.LittleEndian.PutUint32(p[4:], uint32(seq))
				msg := `{"match_data_send":{"match_id":"` + matchIDs[i/players] + `","op_code":"1","data":"` + base64.StdEncoding.EncodeToString(p[:]) + `"}}`
				if err := c.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
					t.Errorf("socket %d write: %v", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.err != nil || r.misrouted > 0 {
			t.Fatalf("socket %d: read error %v, %d misrouted", i, r.err, r.misrouted)
		}
		g := i / players
		for from := g * players; from < (g+1)*players; from++ {
			if from == i {
				continue
			}
			for seq := range messages {
				if n := r.got[[2]uint32{uint32(from), uint32(seq)}]; n != 1 {
					t.Fatalf("socket %d got message %d of socket %d %d times, want once", i, seq, from, n)
				}
			}
		}
	}
}

// rawRequest sends msg on c and returns the reply with cid.
func rawRequest(t *testing.T, c *websocket.Conn, cid, msg string) map[string]any {
	t.Helper()
	if err := c.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(testTimeout))
	for {
		_, b, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		var m map[string]any
		if json.Unmarshal(b, &m) == nil && m["cid"] == cid {
			if m["error"] != nil {
				t.Fatalf("%s: %v", msg, m)
			}
			return m
		}
	}
}
