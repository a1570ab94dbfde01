package relayload

import (
	"context"
	"os"
	"testing"
)

// TestRunMeasuresServerCPU points the server pid at this process, which runs
// the embedded server: the result names it and has its CPU time.
func TestRunMeasuresServerCPU(t *testing.T) {
	cfg := testConfig(startServer(t))
	cfg.ServerPID = os.Getpid()
	res, err := Run(context.Background(), cfg, nil, quietLog())
	if err != nil {
		t.Fatalf("Run() = %v", err)
	}
	s := res.Server
	if s == nil || s.PID != cfg.ServerPID || s.Name == "" || s.CPUS <= 0 || s.CPUPer1000 <= 0 {
		t.Fatalf("Run() server = %+v, want pid %d with a name and CPU time", s, cfg.ServerPID)
	}
	if res.ToolCPUS < s.CPUS || res.WindowS < cfg.Duration.Seconds() {
		t.Errorf("Run() tool cpu %v s over %v s, server %v s; want the whole process at least the server, over the send duration", res.ToolCPUS, res.WindowS, s.CPUS)
	}
}
