package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/internal/fakeaws"
	"github.com/vpclink/vpclink/internal/testenv"
	"github.com/vpclink/vpclink/stacks"
)

// deployment is one stack of a test on one backend, driven through the vpclink command as a user
// runs it, with its own fake aws and awsx providers and its own Pulumi home. Nothing goes through
// the process environment, so deployments run in parallel.
type deployment struct {
	t       *testing.T
	stack   string
	dir     string
	backend string
	env     map[string]string
	root    string
	home    string
	srv     *fakeaws.Server
	// args are added to every engine command (e.g. a --secret every run must carry).
	args []string

	mu      sync.Mutex
	timings []string
	st      *stacks.Stack
}

const testPassphrase = "correct horse battery staple"

// newDeployment starts fake providers for the stack and points the command at backend ("" for
// the default, file://<project>/.pulumi-state), with env added to the CLI's environment.
func newDeployment(t *testing.T, stack, backend string, env map[string]string) *deployment {
	t.Helper()
	root := testenv.PulumiRoot(t)
	srv, err := fakeaws.Start(fakeaws.Options{Project: stacks.Namespace, Stack: stack})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	d := &deployment{t: t, stack: stack, dir: testenv.CopyProject(t), backend: backend, env: maps.Clone(env),
		root: root, home: t.TempDir(), srv: srv}
	if d.env == nil {
		d.env = map[string]string{}
	}
	d.env["PULUMI_DEBUG_PROVIDERS"] = srv.Env()
	d.env["PULUMI_SKIP_UPDATE_CHECK"] = "true"
	t.Cleanup(func() {
		if d.st != nil {
			d.st.Close()
		}
	})
	return d
}

func (d *deployment) configure(o *stacks.Options) {
	o.PulumiRoot, o.PulumiHome, o.SecretsPassphrase = d.root, d.home, testPassphrase
	o.EnvVars = maps.Clone(d.env)
	o.SkipPluginInstall = true
}

// cli is the command as this deployment runs it, pending creates looked up in its fake cloud.
func (d *deployment) cli() *cli {
	return &cli{configure: d.configure, find: d.find}
}

func (d *deployment) find(_ context.Context, op stacks.PendingOperation) (string, bool, error) {
	return d.srv.Find(op.Type, resource.NewPropertyMapFromMap(op.Inputs))
}

// vpclink runs `vpclink ARGS... --cwd DIR --stack S [--backend B]` in process and returns its
// exit code and everything it printed.
func (d *deployment) vpclink(args ...string) (int, string) {
	d.t.Helper()
	return d.vpclinkCtx(context.Background(), args...)
}

func (d *deployment) vpclinkCtx(ctx context.Context, args ...string) (int, string) {
	d.t.Helper()
	d.t.Helper()
	full := d.argv(args...)
	var out bytes.Buffer
	start := time.Now()
	code := d.cli().run(ctx, full, strings.NewReader(""), &out, &out)
	took := time.Since(start).Round(10 * time.Millisecond)
	d.mu.Lock()
	d.timings = append(d.timings, fmt.Sprintf("%s %s", strings.Join(args, " "), took))
	d.mu.Unlock()
	d.t.Logf("vpclink %s (%s): exit %d in %s", strings.Join(args, " "), d.stack, code, took)
	return code, out.String()
}

// argv is the command line: the deployment's own arguments first, so that a step's overrides
// (a path into a list, say) apply over them.
func (d *deployment) argv(args ...string) []string {
	full := []string{args[0]}
	if args[0] != "outputs" {
		full = append(full, d.args...)
	}
	full = append(full, args[1:]...)
	full = append(full, "--cwd", d.dir, "--stack", d.stack)
	if d.backend != "" {
		full = append(full, "--backend", d.backend)
	}
	return full
}

// must runs the command and fails the test unless it exits 0.
func (d *deployment) must(args ...string) string {
	d.t.Helper()
	code, out := d.vpclink(args...)
	if code != exitOK {
		d.t.Fatalf("vpclink %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// open opens the stack through stacks.Open, once, for what the command does not show.
func (d *deployment) open() *stacks.Stack {
	d.t.Helper()
	if d.st == nil {
		o := stacks.Options{ProjectDir: d.dir, Stack: d.stack, BackendURL: d.backend}
		d.configure(&o)
		st, err := stacks.Open(context.Background(), o)
		if err != nil {
			d.t.Fatalf("opening %s: %v", d.stack, err)
		}
		d.st = st
	}
	return d.st
}

// deploymentState is the stack's state as the backend stores it.
func (d *deployment) state() apitype.DeploymentV3 {
	d.t.Helper()
	dep, err := d.open().Auto().Export(context.Background())
	if err != nil {
		d.t.Fatalf("exporting the state: %v", err)
	}
	var s apitype.DeploymentV3
	if len(dep.Deployment) > 0 {
		if err := json.Unmarshal(dep.Deployment, &s); err != nil {
			d.t.Fatal(err)
		}
	}
	return s
}

// cloudResources are the custom resources of the state that live in the fake cloud, as "URN id".
func cloudResources(s apitype.DeploymentV3) []string {
	var out []string
	for _, r := range s.Resources {
		if r.Custom && !strings.HasPrefix(string(r.Type), "pulumi:providers:") && r.ID != "" {
			out = append(out, string(r.URN)+" "+string(r.ID))
		}
	}
	slices.Sort(out)
	return out
}

// live is the fake cloud's resources as "URN id".
func (d *deployment) live() []string {
	var out []string
	for _, r := range d.srv.Live() {
		out = append(out, r.URN+" "+r.ID)
	}
	slices.Sort(out)
	return out
}

// checkStateIsCloud fails the test unless the state holds exactly what the fake cloud holds: no
// orphan (alive in the cloud, unknown to the state) and nothing lost (in the state, gone from
// the cloud), and no pending operation.
func (d *deployment) checkStateIsCloud(when string) apitype.DeploymentV3 {
	d.t.Helper()
	s := d.state()
	state, live := cloudResources(s), d.live()
	if orphans := minus(live, state); len(orphans) > 0 {
		d.t.Errorf("%s: %d resource(s) alive in the cloud but not in the state (orphans):\n  %s", when, len(orphans), strings.Join(orphans, "\n  "))
	}
	if lost := minus(state, live); len(lost) > 0 {
		d.t.Errorf("%s: %d resource(s) in the state but not in the cloud:\n  %s", when, len(lost), strings.Join(lost, "\n  "))
	}
	if len(s.PendingOperations) > 0 {
		d.t.Errorf("%s: %d pending operation(s) left in the state", when, len(s.PendingOperations))
	}
	return s
}

// duplicates are the URNs the fake cloud holds more than one resource for once the ops are done:
// two resources in the cloud for one in the program. A replacement (create the new one, then
// delete the old) is not one once it finished.
func duplicates(ops []fakeaws.Op) []string {
	alive := map[string]int{}
	for _, o := range ops {
		switch o.Kind {
		case "Create":
			alive[o.URN]++
		case "Delete", "OutOfBandDelete":
			alive[o.URN]--
		}
	}
	var out []string
	for urn, n := range alive {
		if n > 1 {
			out = append(out, urn)
		}
	}
	slices.Sort(out)
	return out
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// countOps counts the ops of a kind, by resource type.
func countOps(ops []fakeaws.Op, kind string) int {
	n := 0
	for _, o := range ops {
		if o.Kind == kind {
			n++
		}
	}
	return n
}
