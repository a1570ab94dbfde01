package server

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// codeResourceExhausted is the gRPC code of a throttled request.
const codeResourceExhausted = 8

// minSweep is the number of buckets a keyedLimiter holds before it first
// forgets idle ones.
const minSweep = 1024

// keyedLimiter is a token bucket per key (a client IP, an account), made on
// first use and forgotten once it has refilled, so that memory follows the
// clients active in the last burst/rate seconds.
type keyedLimiter struct {
	limit   rate.Limit
	burst   int
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
	sweepAt int // len(buckets) that triggers the next sweep
}

// newKeyedLimiter returns buckets of burst tokens refilled at perSecond;
// an infinite rate allows everything.
func newKeyedLimiter(perSecond float64, burst int) *keyedLimiter {
	limit := rate.Limit(perSecond)
	if math.IsInf(perSecond, 1) {
		limit = rate.Inf
	}
	return &keyedLimiter{limit: limit, burst: burst, buckets: make(map[string]*rate.Limiter), sweepAt: minSweep}
}

// allow takes a token from key's bucket at now. When the bucket is empty it
// reports false and how long until the next token.
func (k *keyedLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	if k.limit == rate.Inf {
		return true, 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	b := k.buckets[key]
	if b == nil {
		if len(k.buckets) >= k.sweepAt {
			k.sweep(now)
		}
		b = rate.NewLimiter(k.limit, k.burst)
		k.buckets[key] = b
	}
	if b.AllowN(now, 1) {
		return true, 0
	}
	wait := (1 - b.TokensAt(now)) / float64(k.limit)
	return false, time.Duration(wait * float64(time.Second))
}

// sweep forgets full buckets: a new one would be the same. It runs when
// the map has doubled since the last sweep, so it costs O(1) a call.
func (k *keyedLimiter) sweep(now time.Time) {
	for key, b := range k.buckets {
		if b.TokensAt(now) >= float64(k.burst) {
			delete(k.buckets, key)
		}
	}
	k.sweepAt = max(minSweep, 2*len(k.buckets))
}

// clientKey is the rate-limit key of a request's client: its IP, or the
// /64 of an IPv6 address (one host usually holds the whole /64). Proxy
// headers are not trusted.
func clientKey(r *http.Request) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	a := ap.Addr().Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// throttled is the answer to an authentication over a limit, telling the
// client when to retry.
func throttled(w http.ResponseWriter, wait time.Duration) *apiError {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	return newAPIError(http.StatusTooManyRequests, codeResourceExhausted, "Too many login attempts. Try again later.")
}

// throttleIP applies the per-IP authentication limit.
func (s *Server) throttleIP(w http.ResponseWriter, r *http.Request) *apiError {
	if ok, wait := s.authIP.allow(clientKey(r), s.cfg.Now()); !ok {
		return throttled(w, wait)
	}
	return nil
}

// throttleAccount applies the per-account authentication limit; account
// names the device or email ("device:<id>", "email:<address>").
func (s *Server) throttleAccount(w http.ResponseWriter, account string) *apiError {
	if ok, wait := s.authAccount.allow(account, s.cfg.Now()); !ok {
		return throttled(w, wait)
	}
	return nil
}
