package main

import (
	"context"
	"io"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestServerRefusesUnresolvablePublicHost(t *testing.T) {
	for _, args := range [][]string{
		{"--public-host", "no..such.host"},
		{"--public-host", "no..such.host", "--turn"},
	} {
		args = append([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir(), "--stun-addr", "127.0.0.1:0", "--log-level", "error"}, args...)
		err := runServer(context.Background(), args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "no..such.host") {
			t.Errorf("runServer %v = %v, want an error naming the host", args, err)
		}
	}
}

func TestServerTURNFlags(t *testing.T) {
	var f serverFlags
	args := []string{"--turn", "--turn-tcp", "--turn-allow-peer", "127.0.0.0/8", "--turn-allow-peer", "10.1.2.3,fd00::/8"}
	if err := serverFlagSet(&f).Parse(args); err != nil {
		t.Fatal(err)
	}
	want := prefixList{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.1.2.3/32"), netip.MustParsePrefix("fd00::/8")}
	if !f.turnTCP || !reflect.DeepEqual(f.turnAllowPeers, want) {
		t.Errorf("flags %v: tcp %v, allowed %v; want true, %v", args, f.turnTCP, f.turnAllowPeers, want)
	}
	if err := serverFlagSet(&f).Parse([]string{"--turn-allow-peer", "10.0.0.0/33"}); err == nil {
		t.Error("--turn-allow-peer 10.0.0.0/33 accepted")
	}
}
