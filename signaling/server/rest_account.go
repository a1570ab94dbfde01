package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/heroiclabs/nakama-common/api"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func timestamp(unix int64) *timestamppb.Timestamp {
	return timestamppb.New(time.Unix(unix, 0))
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) *apiError {
	c, e := s.bearer(r)
	if e != nil {
		return e
	}
	a, err := s.store.account(r.Context(), c.UserID)
	if errors.Is(err, errNotFound) {
		return newAPIError(http.StatusNotFound, codeNotFound, "Account not found.")
	}
	if err != nil {
		return s.internalError("Error retrieving user account.", err)
	}
	out := &api.Account{
		User: &api.User{
			Id:         a.id,
			Username:   a.username,
			LangTag:    a.langTag,
			Metadata:   "{}",
			Online:     s.hub.online(a.id),
			CreateTime: timestamp(a.createTime),
			UpdateTime: timestamp(a.updateTime),
		},
		Wallet: "{}",
		Email:  a.email,
	}
	for _, d := range a.devices {
		out.Devices = append(out.Devices, &api.AccountDevice{Id: d})
	}
	writeJSON(w, out)
	return nil
}
