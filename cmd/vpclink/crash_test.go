package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vpclink/vpclink/internal/fakeaws"
)

// TestMain lets a test run this binary as the vpclink command itself (VPCLINK_RUN_AS_COMMAND
// holds its arguments as JSON), in a process of its own that the test can kill.
func TestMain(m *testing.M) {
	if args := os.Getenv("VPCLINK_RUN_AS_COMMAND"); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			panic(err)
		}
		os.Exit(run(context.Background(), a, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// start runs `vpclink ARGS...` for the deployment in a process group of its own, as a CI job
// would run it, and returns the process and what it prints.
func (d *deployment) start(args ...string) (*exec.Cmd, *bytes.Buffer) {
	d.t.Helper()
	a, _ := json.Marshal(d.argv(args...))
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "VPCLINK_RUN_AS_COMMAND="+string(a),
		"VPCLINK_PULUMI_ROOT="+d.root, "PULUMI_HOME="+d.home, "PULUMI_CONFIG_PASSPHRASE="+testPassphrase)
	for k, v := range d.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	return cmd, &out
}

// A run killed with SIGKILL while creates are in flight (the machine or the CI runner died):
// the next up finds the stale lock and the unfinished creates and explains them; up --recover
// clears the lock, imports the create that made its resource (looked up by name in the cloud),
// drops the one that made nothing, and converges. No resource the cloud holds is lost from the
// state or left orphaned, and none is created twice.
func TestCrashRecovery(t *testing.T) {
	d := newDeployment(t, "dev", "file://"+t.TempDir(), nil)
	// The ALB exists in AWS while the provider waits for it to become active; the V2 link's
	// create request never got an answer and made nothing.
	d.srv.Inject(
		fakeaws.Fault{Op: "create", Type: lbType, Name: "alb", Hang: true, Partial: true},
		fakeaws.Fault{Op: "create", Type: v2Link, Name: "http-link", Hang: true},
	)
	cmd, out := d.start("up", "--yes")
	deadline := time.Now().Add(3 * time.Minute)
	for d.srv.Hanging() < 2 {
		if time.Now().After(deadline) {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			_ = cmd.Wait()
			t.Fatalf("the creates never got in flight (%d hanging):\n%s", d.srv.Hanging(), out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Let the engine persist the other steps that were running, as it would have in the time a
	// crash takes to happen.
	time.Sleep(500 * time.Millisecond)
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for d.srv.Hanging() > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	var albID string
	for _, f := range d.srv.FiredFaults() {
		if f.Name == "alb" {
			albID = f.ID
		}
	}
	if albID == "" {
		t.Fatal("the hanging ALB create made nothing in the fake cloud")
	}
	t.Logf("killed the run with %d resources in the cloud", len(d.srv.Live()))

	// The next up stops at the stale lock and explains it and the unfinished creates.
	code, msg := d.vpclink("up", "--yes")
	if code != exitFailed {
		t.Fatalf("up after the crash: exit %d, want 1\n%s", code, msg)
	}
	for _, want := range []string{
		"another update of this stack is in progress",
		"no longer running: the lock is stale",
		"vpclink up --recover",
		"creating urn:pulumi:dev::vpclink::vpclink:components:Alb$aws:lb/loadBalancer:LoadBalancer::alb",
		"creating urn:pulumi:dev::vpclink::vpclink:components:HttpLink$aws:apigatewayv2/vpcLink:VpcLink::http-link",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("up after the crash does not say %q:\n%s", want, msg)
		}
	}

	out2 := d.must("up", "--yes", "--recover")
	for _, want := range []string{
		"cleared the lock of",
		"LoadBalancer::alb (" + lbType + "), tagged Name=alb",
		"found in the cloud as " + albID + ", now in the state",
		"VpcLink::http-link (" + v2Link + "), tagged Name=http-link",
		"made nothing in the cloud, dropped",
	} {
		if !strings.Contains(out2, want) {
			t.Errorf("up --recover does not say %q:\n%s", want, out2)
		}
	}
	s := d.checkStateIsCloud("after up --recover")
	if dups := duplicates(d.srv.Ops()); len(dups) > 0 {
		t.Errorf("created twice: %v", dups)
	}
	found := false
	for _, r := range s.Resources {
		if string(r.Type) == lbType && string(r.ID) == albID {
			found = true
		}
	}
	if !found {
		t.Errorf("the ALB the killed run created (%s) is not in the state", albID)
	}
	if out := d.must("preview"); strings.Contains(out, "to create") || strings.Contains(out, "to update") || strings.Contains(out, "has drifted") {
		t.Errorf("the stack did not converge:\n%s", out)
	}
	d.must("destroy", "--yes")
	if live := d.live(); len(live) > 0 {
		t.Errorf("destroy left %v", live)
	}
}
