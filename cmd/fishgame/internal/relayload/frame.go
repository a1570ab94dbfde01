package relayload

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
)

// opCode is the op code of every message the load sends.
const opCode = 1

// appendMatchDataSend appends the envelope that sends payload to every other
// member of the match, as a JSON socket frame:
//
//	{"match_data_send":{"match_id":"…","op_code":"1","data":"<base64>"}}
//
// quotedMatchID is the match id as a JSON string (see quote), computed once
// per socket rather than once per message.
func appendMatchDataSend(b, quotedMatchID, payload []byte) []byte {
	b = append(b, `{"match_data_send":{"match_id":`...)
	b = append(b, quotedMatchID...)
	b = append(b, `,"op_code":"`...)
	b = strconv.AppendInt(b, opCode, 10)
	b = append(b, `","data":"`...)
	b = base64.StdEncoding.AppendEncode(b, payload)
	return append(b, `"}}`...)
}

// appendMatchCreate appends the request that creates a relayed match.
func appendMatchCreate(b []byte, cid string) []byte {
	b = append(b, `{"cid":`...)
	b = append(b, quote(cid)...)
	return append(b, `,"match_create":{}}`...)
}

// appendMatchJoin appends the request that joins the match with the given id.
func appendMatchJoin(b []byte, cid, matchID string) []byte {
	b = append(b, `{"cid":`...)
	b = append(b, quote(cid)...)
	b = append(b, `,"match_join":{"match_id":`...)
	b = append(b, quote(matchID)...)
	return append(b, `}}`...)
}

// quote returns s as a JSON string, quotes included.
func quote(s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return b
}
