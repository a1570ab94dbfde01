package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

func (s *Server) handleRPC(w http.ResponseWriter, r *http.Request) *apiError {
	q := r.URL.Query()
	userID := ""
	if key, ok := q["http_key"]; ok {
		if len(key) != 1 || key[0] != s.cfg.HTTPKey {
			return newAPIError(http.StatusUnauthorized, codeUnauthenticated, "HTTP key invalid")
		}
	} else {
		if r.Header.Get("Authorization") == "" {
			return newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Auth token or HTTP key required")
		}
		c, e := s.bearer(r)
		if e != nil {
			return e
		}
		userID = c.UserID
	}
	fn, ok := s.rpc[strings.ToLower(r.PathValue("id"))]
	if !ok {
		return newAPIError(http.StatusNotFound, codeNotFound, "RPC function not found")
	}
	payload := q.Get("payload")
	if r.Method == http.MethodPost {
		b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodySize))
		if err != nil {
			return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Request body too large or unreadable.")
		}
		payload = ""
		if _, unwrap := q["unwrap"]; unwrap {
			payload = string(b)
		} else if len(strings.TrimSpace(string(b))) > 0 {
			if err := json.Unmarshal(b, &payload); err != nil {
				return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Unable to unmarshal payload, must be a JSON string.")
			}
		}
	}
	result, err := fn(r.Context(), userID, payload)
	if err != nil {
		return s.internalError("Error running RPC function.", err)
	}
	w.Header().Set("Content-Type", "application/json")
	if _, unwrap := q["unwrap"]; unwrap {
		w.Write([]byte(result))
		return nil
	}
	w.Write(appendJSONString([]byte(`{"payload":`), result))
	w.Write([]byte("}"))
	return nil
}
