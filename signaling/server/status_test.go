package server

import "testing"

func TestStatusFollowUpdate(t *testing.T) {
	ts := newTestServer(t)
	tokA, _ := ts.authDevice(t, "device-status-a", "sara")
	tokB, _ := ts.authDevice(t, "device-status-b", "sam")
	a, _, err := ts.dial(t, "status=true&format=json&token="+tokA, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.nextOf("status_presence_event") // own status
	uidA := claims(t, tokA)["uid"].(string)
	b, _, err := ts.dial(t, "status=false&format=json&token="+tokB, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantShape(t, "follow", b.request("s1", `{"cid":"s1","status_follow":{"user_ids":["`+uidA+`"]}}`),
		`{"cid":"s1","status":{"presences":[{"user_id":"<uuid>","session_id":"<uuid>","username":"sara","status":""}]}}`)
	wantShape(t, "update", a.request("s2", `{"cid":"s2","status_update":{"status":"in-lobby"}}`), `{"cid":"s2"}`)
	wantShape(t, "follower event", b.nextOf("status_presence_event"), `{"status_presence_event":{
		"joins":[{"user_id":"<uuid>","session_id":"<uuid>","username":"sara","status":"in-lobby"}],
		"leaves":[{"user_id":"<uuid>","session_id":"<uuid>","username":"sara","status":""}]}}`)
	wantShape(t, "bad id", b.request("s3", `{"cid":"s3","status_follow":{"user_ids":["nope"]}}`),
		`{"cid":"s3","error":{"code":3,"message":"Invalid user identifier"}}`)
	a.conn.Close()
	wantShape(t, "disconnect", b.nextOf("status_presence_event"), `{"status_presence_event":{
		"leaves":[{"user_id":"<uuid>","session_id":"<uuid>","username":"sara","status":"in-lobby"}]}}`)
	wantShape(t, "unfollow", b.request("s4", `{"cid":"s4","status_unfollow":{"user_ids":["`+uidA+`"]}}`), `{"cid":"s4"}`)
}
