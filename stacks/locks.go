package stacks

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Lock is a lock a self-managed backend (file://, s3://, postgres://, ...) holds on a stack while
// an update, refresh or destroy runs: the CLI writes it when the operation starts and deletes it
// when it ends, so a run that is killed leaves it behind.
type Lock struct {
	// URL of the lock object, credentials masked.
	URL string
	// User and Host that took it, and the PID of their Pulumi CLI process.
	User, Host string
	PID        int
	// Since is when it was taken.
	Since time.Time
}

// Stale reports whether the lock is known to be left over: it was taken on this machine by a
// process that no longer runs. A lock taken on another machine is never known to be stale.
func (l Lock) Stale() bool {
	host, err := os.Hostname()
	if err != nil || host != l.Host || l.PID <= 0 {
		return false
	}
	return !processRuns(l.PID)
}

// processRuns reports whether pid is a live process (a zombie, killed but not yet reaped by its
// parent, is not).
func processRuns(pid int) bool {
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		// pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'.
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
			return s[i+2] != 'Z' && s[i+2] != 'X'
		}
	}
	return processExists(pid)
}

func (l Lock) String() string {
	state := "its process is not known here (another machine): check there before clearing it"
	switch {
	case l.Stale():
		state = "that process is no longer running: the lock is stale, left by a run that was killed"
	case l.isLocal():
		state = "that process is still running on this machine"
	}
	return fmt.Sprintf("%s@%s (pid %d) since %s, lock %s; %s", l.User, l.Host, l.PID, l.Since.Format(time.RFC3339), l.URL, state)
}

func (l Lock) isLocal() bool {
	host, err := os.Hostname()
	return err == nil && host == l.Host
}

// LockedError is returned (and errors.Is ErrConcurrentUpdate) when the stack is locked by another
// update, or by the stale lock of one that died. The DIY backends lock by writing a lock object and
// then listing the stack's locks, so two runs that lock within the same few milliseconds can both
// see the other's lock and both fail (neither changes anything); two never both proceed.
type LockedError struct {
	// Doing is what was being done, naming the stack ("updating stack dev").
	Doing string
	// Locks found on the stack.
	Locks []Lock
	// Err is the Pulumi CLI's error.
	Err error
}

// Stale reports whether every lock is known to be stale (see Lock.Stale).
func (e *LockedError) Stale() bool {
	for _, l := range e.Locks {
		if !l.Stale() {
			return false
		}
	}
	return len(e.Locks) > 0
}

func (e *LockedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %v: the stack is locked by %d lock(s):", e.Doing, ErrConcurrentUpdate, len(e.Locks))
	for _, l := range e.Locks {
		fmt.Fprintf(&b, "\n  %s", l)
	}
	if len(e.Locks) == 0 {
		fmt.Fprintf(&b, "\n  %v", e.Err)
	}
	if e.Stale() {
		b.WriteString("\nrun `vpclink up --recover` to clear it, reconcile what the killed run left unfinished with AWS and continue")
	} else {
		b.WriteString("\nwait for that run to finish; if it died, clear its lock with `vpclink up --recover` (or `pulumi cancel`) once you are sure it is not running")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrConcurrentUpdate) true.
func (e *LockedError) Is(target error) bool { return target == ErrConcurrentUpdate }

// Unwrap returns the Pulumi CLI's error.
func (e *LockedError) Unwrap() error { return e.Err }

// lockLine is one lock of the DIY backends' message (pkg/backend/diy/lock.go checkForLock):
// "\n  <url>: created by <user>@<host> (pid <pid>) at <RFC 3339 time>".
var lockLine = regexp.MustCompile(`(?m)^\s*(\S+): created by (\S+)@(\S+) \(pid (\d+)\) at (\S+)`)

// parseLocks reads the locks out of the CLI's "the stack is currently locked" message.
func parseLocks(msg string) []Lock {
	var out []Lock
	seen := map[string]bool{}
	for _, m := range lockLine.FindAllStringSubmatch(msg, -1) {
		if seen[m[1]] {
			continue
		}
		seen[m[1]] = true
		pid, _ := strconv.Atoi(m[4])
		since, _ := time.Parse(time.RFC3339, m[5])
		out = append(out, Lock{URL: m[1], User: m[2], Host: m[3], PID: pid, Since: since})
	}
	return out
}

func isLockedError(err error) bool {
	return err != nil && strings.Contains(err.Error(), "the stack is currently locked by")
}
