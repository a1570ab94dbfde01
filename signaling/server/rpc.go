package server

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/fishgame/fishgame/signaling/server/ice"
)

// ICEServersRPC is the id of the RPC that returns the STUN/TURN servers
// clients should use, as {"ice_servers":[{"urls":[...],"username":...,"credential":...}]}.
const ICEServersRPC = "ice_servers"

// rpcFunc runs an RPC for a caller (userID is empty for server-to-server
// calls made with the HTTP key) and returns its result payload.
type rpcFunc func(ctx context.Context, userID, payload string) (string, error)

// rpcs returns the server's RPC functions by id.
func (s *Server) rpcs() map[string]rpcFunc {
	return map[string]rpcFunc{ICEServersRPC: s.iceServers}
}

// iceServers returns the ice_servers payload. TURN credentials go only to
// authenticated users; HTTP-key callers get the credential-free entries.
func (s *Server) iceServers(_ context.Context, userID, _ string) (string, error) {
	if userID != "" {
		return s.cfg.ICE.Payload(userID, s.cfg.Now())
	}
	servers, err := s.cfg.ICE.Build("", s.cfg.Now())
	if err != nil {
		return "", err
	}
	servers.ICEServers = slices.DeleteFunc(servers.ICEServers, func(e ice.Server) bool { return e.Credential != "" })
	b, err := json.Marshal(servers)
	if err != nil {
		return "", fmt.Errorf("encode ice servers: %w", err)
	}
	return string(b), nil
}
