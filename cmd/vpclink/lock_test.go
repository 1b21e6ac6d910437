package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpclink/vpclink/internal/fakeaws"
	"github.com/vpclink/vpclink/internal/testenv"
)

// Two `vpclink up` of the same stack on the same shared backend at once, as two people or two CI
// jobs would start them: exactly one proceeds; the other fails on the lock, saying who holds it
// and how to clear a stale one; nothing is created twice and the winner's state is complete.
func TestConcurrentUp(t *testing.T) {
	for _, backend := range []string{"postgres", "s3"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			var url string
			var env map[string]string
			if backend == "postgres" {
				url = testenv.StartPostgres(t).URL
			} else {
				s3 := testenv.StartS3(t)
				url, env = s3.URL, s3.Env
			}
			d := newDeployment(t, "dev", url, env)
			// Open the stack first, as a team's stack already exists when two runs race for it.
			d.open()

			// AWS is slow to create the VPC, so the run that takes the lock is still in its
			// update when the other one reaches the lock, however long each takes to start.
			slow := make(chan struct{})
			d.srv.Inject(fakeaws.Fault{Op: "create", Type: "aws:ec2/vpc:Vpc", Hold: slow})
			codes, outs := make([]int, 2), make([]string, 2)
			done := make(chan int, 2)
			for i := range 2 {
				go func() {
					codes[i], outs[i] = d.vpclink("up", "--yes")
					done <- i
				}()
			}
			first := <-done
			// The first run to end must have ended while the other was still in its update: the
			// other then reaches the held VPC create (it may take the lock only just before the
			// first run gave up, so it is given time to get there).
			deadline := time.Now().Add(90 * time.Second)
			for d.srv.Hanging() != 1 && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
			}
			if d.srv.Hanging() != 1 {
				t.Errorf("up %d ended (exit %d) while no update was in flight", first, codes[first])
			}
			close(slow)
			<-done
			winner, loser := 0, 1
			if codes[0] != exitOK {
				winner, loser = 1, 0
			}
			if codes[winner] != exitOK || codes[loser] != exitFailed {
				t.Fatalf("want one up to succeed and one to fail, got exits %v:\n--- first\n%s\n--- second\n%s", codes, outs[0], outs[1])
			}
			msg := outs[loser]
			host, _ := os.Hostname()
			for _, want := range []string{
				"another update of this stack is in progress",
				"@" + host + " (pid ",
				"wait for that run to finish",
				"vpclink up --recover",
			} {
				if !strings.Contains(msg, want) {
					t.Errorf("the losing up does not say %q:\n%s", want, msg)
				}
			}
			if strings.Contains(msg, "vpclink-state-pw") {
				t.Error("the lock message shows the database password")
			}
			if n := countOps(d.srv.Ops(), "Create"); n != len(d.srv.Live()) {
				t.Errorf("%d creates for %d resources", n, len(d.srv.Live()))
			}
			if dups := duplicates(d.srv.Ops()); len(dups) > 0 {
				t.Errorf("created twice: %v", dups)
			}
			d.checkStateIsCloud("after the race")
			if out := d.must("preview"); strings.Contains(out, "to create") || strings.Contains(out, "to update") {
				t.Errorf("the winner's state is incomplete: the preview still changes\n%s", out)
			}
			d.must("destroy", "--yes")
		})
	}
}

// Two different stacks on one backend do not lock each other: both updates run at once and
// succeed.
func TestParallelStacks(t *testing.T) {
	s3 := testenv.StartS3(t)
	dev := newDeployment(t, "dev", s3.URL, s3.Env)
	staging := newDeployment(t, "staging", s3.URL, s3.Env)
	b, err := os.ReadFile(filepath.Join(staging.dir, "Pulumi.dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(staging.dir, "Pulumi.staging.yaml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	// Each update is held inside its VPC create until both are there: both stacks are then locked
	// at once, each by its own update.
	slow := make(chan struct{})
	for _, d := range []*deployment{dev, staging} {
		d.srv.Inject(fakeaws.Fault{Op: "create", Type: "aws:ec2/vpc:Vpc", Hold: slow})
	}
	var wg sync.WaitGroup
	codes, outs := make([]int, 2), make([]string, 2)
	for i, d := range []*deployment{dev, staging} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], outs[i] = d.vpclink("up", "--yes")
		}()
	}
	deadline := time.Now().Add(5 * time.Minute)
	for dev.srv.Hanging()+staging.srv.Hanging() < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	both := dev.srv.Hanging() + staging.srv.Hanging()
	close(slow)
	wg.Wait()
	if both != 2 {
		t.Errorf("the two stacks' updates were never in flight together (%d held)", both)
	}
	for i, d := range []*deployment{dev, staging} {
		if codes[i] != exitOK {
			t.Fatalf("up of %s: exit %d\n%s", d.stack, codes[i], outs[i])
		}
		d.checkStateIsCloud("after the parallel ups of " + d.stack)
	}
	// Both stacks' state is in the one bucket.
	for _, stack := range []string{"dev", "staging"} {
		if !slices.Contains(s3.Keys(t, ".pulumi/stacks/vpclink/"), ".pulumi/stacks/vpclink/"+stack+".json") {
			t.Errorf("no state for %s in the bucket: %v", stack, s3.Keys(t, ".pulumi/stacks/"))
		}
	}
	for _, d := range []*deployment{dev, staging} {
		d.must("destroy", "--yes")
	}
}
