package server

import (
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// gRPC status codes used in Nakama's error bodies.
const (
	codeInvalidArgument    = 3
	codeNotFound           = 5
	codeAlreadyExists      = 6
	codeFailedPrecondition = 9
	codeUnimplemented      = 12
	codeInternal           = 13
	codeUnauthenticated    = 16
)

// maxBodySize bounds REST request bodies.
const maxBodySize = 64 << 10

// apiError is a Nakama REST error: an HTTP status and a gRPC code and message.
type apiError struct {
	status  int
	code    int
	message string
}

func (e *apiError) Error() string { return e.message }

func newAPIError(status, code int, message string) *apiError {
	return &apiError{status: status, code: code, message: message}
}

var (
	marshalOpts   = protojson.MarshalOptions{UseProtoNames: true}
	restUnmarshal = protojson.UnmarshalOptions{DiscardUnknown: true}
)

// writeJSON writes m as the 200 response.
func writeJSON(w http.ResponseWriter, m proto.Message) {
	b, err := marshalOpts.Marshal(m)
	if err != nil {
		writeError(w, newAPIError(http.StatusInternalServerError, codeInternal, "Error encoding response."))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// writeError writes a Nakama error body: {"code":<grpc code>,"message":"..."}.
func writeError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	b, _ := jsonMarshalError(e.code, e.message)
	w.Write(b)
}

// jsonMarshalError encodes an error body with a stable field order.
func jsonMarshalError(code int, message string) ([]byte, error) {
	b := strconv.AppendInt([]byte(`{"code":`), int64(code), 10)
	b = append(b, `,"message":`...)
	b = appendJSONString(b, message)
	return append(b, '}'), nil
}

// readBody decodes the JSON request body into m; an empty body leaves m empty.
func readBody(r *http.Request, m proto.Message) *apiError {
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodySize))
	if err != nil {
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Request body too large or unreadable.")
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	if err := restUnmarshal.Unmarshal(b, m); err != nil {
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Invalid request body: "+err.Error())
	}
	return nil
}

// checkServerKey enforces HTTP Basic authentication with the server key as
// user name, as Nakama does on authenticate and refresh.
func (s *Server) checkServerKey(r *http.Request) *apiError {
	h := r.Header.Get("Authorization")
	if h == "" {
		return newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Server key required")
	}
	scheme, value, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Server key invalid")
	}
	raw, err := base64.StdEncoding.DecodeString(value)
	if err != nil {
		return newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Server key invalid")
	}
	user, _, _ := strings.Cut(string(raw), ":")
	if user != s.cfg.ServerKey {
		return newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Server key invalid")
	}
	return nil
}

// bearer returns the claims of the request's Bearer session token.
func (s *Server) bearer(r *http.Request) (*sessionClaims, *apiError) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Auth token required")
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Auth token invalid")
	}
	c, err := s.tokens.verify(token)
	if err != nil {
		return nil, newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Auth token invalid")
	}
	return c, nil
}

// internalError logs err and returns Nakama's generic internal error.
func (s *Server) internalError(msg string, err error) *apiError {
	s.log.Error(msg, slog.Any("err", err))
	return newAPIError(http.StatusInternalServerError, codeInternal, msg)
}

// routes builds the HTTP handler.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(method, path string, h func(http.ResponseWriter, *http.Request) *apiError) {
		mux.HandleFunc(method+" "+path, func(w http.ResponseWriter, r *http.Request) {
			if e := h(w, r); e != nil {
				writeError(w, e)
			}
		})
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			writeError(w, newAPIError(http.StatusNotImplemented, codeUnimplemented, "Method Not Allowed"))
		})
	}
	handle("POST", "/v2/account/authenticate/device", s.handleAuthenticateDevice)
	handle("POST", "/v2/account/authenticate/email", s.handleAuthenticateEmail)
	handle("POST", "/v2/account/session/refresh", s.handleRefresh)
	handle("POST", "/v2/session/logout", s.handleLogout)
	handle("GET", "/v2/account", s.handleAccount)
	mux.HandleFunc("POST /v2/leaderboard/{id}", s.wrap(s.handleLeaderboardWrite))
	mux.HandleFunc("GET /v2/leaderboard/{id}", s.wrap(s.handleLeaderboardList))
	mux.HandleFunc("POST /v2/rpc/{id}", s.wrap(s.handleRPC))
	mux.HandleFunc("GET /v2/rpc/{id}", s.wrap(s.handleRPC))
	mux.HandleFunc("GET /healthcheck", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("{}"))
	})
	mux.HandleFunc("GET /ws", s.handleSocket)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, newAPIError(http.StatusNotFound, codeNotFound, "Not Found"))
	})
	return mux
}

func (s *Server) wrap(h func(http.ResponseWriter, *http.Request) *apiError) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if e := h(w, r); e != nil {
			writeError(w, e)
		}
	}
}
