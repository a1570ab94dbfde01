package server

import (
	"context"
	"encoding/base64"
	"log/slog"
	"strings"

	"github.com/google/uuid"
	"github.com/heroiclabs/nakama-common/api"
	"github.com/heroiclabs/nakama-common/rtapi"
	"google.golang.org/protobuf/encoding/protojson"
)

// socketUnmarshal rejects unknown fields: Nakama closes the socket on them.
var socketUnmarshal = protojson.UnmarshalOptions{DiscardUnknown: false}

// handle processes one client frame. It returns false when the session has
// failed and must stop reading.
func (c *session) handle(msg []byte) bool {
	if d, ok := parseDataSendFast(msg); ok {
		c.relay(&d)
		return true
	}
	var env rtapi.Envelope
	if err := socketUnmarshal.Unmarshal(msg, &env); err != nil {
		c.fatal(reasonMalformed)
		return false
	}
	return c.dispatch(&env)
}

// dispatch runs a decoded envelope, as Nakama's pipeline does.
func (c *session) dispatch(env *rtapi.Envelope) bool {
	cid := env.Cid
	switch m := env.Message.(type) {
	case nil:
		c.fatal(reasonProcessing)
		return false
	case *rtapi.Envelope_Ping:
		c.send(&rtapi.Envelope{Cid: cid, Message: &rtapi.Envelope_Pong{Pong: &rtapi.Pong{}}})
	case *rtapi.Envelope_Pong:
		// A keepalive answer: nothing to do.
	case *rtapi.Envelope_MatchCreate:
		c.matchCreate(cid, m.MatchCreate)
	case *rtapi.Envelope_MatchJoin:
		c.matchJoin(cid, m.MatchJoin)
	case *rtapi.Envelope_MatchLeave:
		c.matchLeave(cid, m.MatchLeave)
	case *rtapi.Envelope_MatchDataSend:
		c.matchDataSend(m.MatchDataSend)
	case *rtapi.Envelope_MatchmakerAdd:
		c.srv.mm.add(c, cid, m.MatchmakerAdd)
	case *rtapi.Envelope_MatchmakerRemove:
		c.srv.mm.remove(c, cid, m.MatchmakerRemove)
	case *rtapi.Envelope_StatusFollow:
		c.statusFollow(cid, m.StatusFollow)
	case *rtapi.Envelope_StatusUnfollow:
		c.statusUnfollow(cid, m.StatusUnfollow)
	case *rtapi.Envelope_StatusUpdate:
		c.statusUpdate(cid, m.StatusUpdate)
	case *rtapi.Envelope_Rpc:
		c.rpc(cid, m.Rpc)
	default:
		// Valid protocol, but nothing this server handles from a client:
		// Nakama answers "Unrecognized message." and closes.
		c.sendError(cid, rtapi.Error_UNRECOGNIZED_PAYLOAD, "Unrecognized message.")
		c.fatal(reasonProcessing)
		return false
	}
	return true
}

// matchDataSend relays a match_data_send decoded by protojson (the slow path:
// presence filters, escapes, unusual number or base64 forms).
func (c *session) matchDataSend(m *rtapi.MatchDataSend) {
	d := dataSend{matchID: m.MatchId, opCode: m.OpCode, reliable: m.Reliable}
	if len(m.Data) > 0 {
		d.data64 = base64.StdEncoding.AppendEncode(nil, m.Data)
	}
	if len(m.Presences) > 0 {
		d.filtered = true
		for _, p := range m.Presences {
			if _, err := uuid.Parse(p.UserId); err != nil {
				c.sendError("", rtapi.Error_BAD_INPUT, "Invalid presence user ID")
				return
			}
			sid, err := uuid.Parse(p.SessionId)
			if err != nil {
				c.sendError("", rtapi.Error_BAD_INPUT, "Invalid presence session ID")
				return
			}
			d.targets = append(d.targets, sid)
		}
	}
	c.relay(&d)
}

// rpc runs an RPC over the socket.
func (c *session) rpc(cid string, in *api.Rpc) {
	if in.Id == "" {
		c.sendError(cid, rtapi.Error_BAD_INPUT, "RPC ID must be set")
		return
	}
	id := strings.ToLower(in.Id)
	fn, ok := c.srv.rpc[id]
	if !ok {
		c.sendError(cid, rtapi.Error_RUNTIME_FUNCTION_NOT_FOUND, "RPC function not found")
		return
	}
	out, err := fn(context.Background(), c.userID, in.Payload)
	if err != nil {
		c.srv.log.Error("rpc failed", slog.String("id", id), slog.Any("err", err))
		c.sendError(cid, rtapi.Error_RUNTIME_FUNCTION_EXCEPTION, "Error running RPC function.")
		return
	}
	c.send(&rtapi.Envelope{Cid: cid, Message: &rtapi.Envelope_Rpc{Rpc: &api.Rpc{Id: in.Id, Payload: out}}})
}
