package stacks

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The DIY backends' lock message (pkg/backend/diy/lock.go in the Pulumi CLI v3.274.1), as the
// Automation API returns it inside the CLI's stderr.
func lockMessage(host string, pid int) string {
	return fmt.Sprintf("code: 255\nstdout: \nstderr: error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n"+
		"  postgres://****:****@127.0.0.1:5432/pulumi/.pulumi/locks/organization/vpclink/dev/3f1b.json: created by ci@%s (pid %d) at 2026-12-02T03:00:00Z\n", host, pid)
}

func TestParseLocks(t *testing.T) {
	locks := parseLocks(lockMessage("runner-7", 4242))
	if len(locks) != 1 {
		t.Fatalf("locks = %+v", locks)
	}
	l := locks[0]
	if l.User != "ci" || l.Host != "runner-7" || l.PID != 4242 || !l.Since.Equal(time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)) ||
		l.URL != "postgres://****:****@127.0.0.1:5432/pulumi/.pulumi/locks/organization/vpclink/dev/3f1b.json" {
		t.Errorf("lock = %+v", l)
	}
	if l.Stale() {
		t.Error("a lock taken on another machine is reported stale")
	}
}

func TestLockStale(t *testing.T) {
	host, _ := os.Hostname()
	// A process that ran and is gone (and reaped).
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err) // true and sleep are on every machine the tests run on
	}
	gone := Lock{Host: host, PID: cmd.Process.Pid}
	if !gone.Stale() {
		t.Errorf("the lock of exited pid %d is not stale", gone.PID)
	}
	if alive := (Lock{Host: host, PID: os.Getpid()}); alive.Stale() {
		t.Error("the lock of a running process is stale")
	}
	// A zombie: killed, not yet reaped by its parent.
	z := exec.Command("sleep", "60")
	if err := z.Start(); err != nil {
		t.Fatal(err) // true and sleep are on every machine the tests run on
	}
	_ = z.Process.Kill()
	time.Sleep(100 * time.Millisecond)
	if zl := (Lock{Host: host, PID: z.Process.Pid}); !zl.Stale() {
		t.Error("the lock of a killed, unreaped process is not stale")
	}
	_ = z.Wait()
}

func TestLockedError(t *testing.T) {
	host, _ := os.Hostname()
	err := wrapAutoError("updating stack dev", errors.New(lockMessage(host, os.Getpid())))
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrConcurrentUpdate) {
		t.Fatalf("not a LockedError: %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"updating stack dev: another update of this stack is in progress", "ci@" + host + " (pid ", "still running on this machine", "wait for that run to finish", "vpclink up --recover"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message does not say %q:\n%s", want, msg)
		}
	}
	cmd := exec.Command("true")
	_ = cmd.Run()
	stale := wrapAutoError("updating stack dev", errors.New(lockMessage(host, cmd.Process.Pid)))
	if msg := stale.Error(); !strings.Contains(msg, "the lock is stale") || !strings.Contains(msg, "run `vpclink up --recover` to clear it") {
		t.Errorf("stale lock message:\n%s", msg)
	}
}
