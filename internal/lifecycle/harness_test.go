package lifecycle

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/vpclink/vpclink/internal/fakeaws"
	"github.com/vpclink/vpclink/internal/testenv"
	vpcplan "github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/stacks"
)

// harness is one stack of one test: a private copy of the project files, its own state backend and
// its own fake providers.
type harness struct {
	t       *testing.T
	stack   string
	dir     string
	backend string
	home    string
	root    string
	srv     *fakeaws.Server
}

func newHarness(t *testing.T, stack string) *harness {
	t.Helper()
	root := testenv.PulumiRoot(t)
	dir := testenv.CopyProject(t)
	srv, err := fakeaws.Start(fakeaws.Options{Project: stacks.Namespace, Stack: stack})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return &harness{t: t, stack: stack, dir: dir, backend: "file://" + t.TempDir(), home: t.TempDir(), root: root, srv: srv}
}

// overrides parses KEY=VALUE overrides.
func overrides(t *testing.T, kvs []string) []stacks.Override {
	t.Helper()
	var out []stacks.Override
	for _, kv := range kvs {
		o, err := stacks.ParseOverride(kv)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	return out
}

// session is the stack opened with one set of overrides.
type session struct {
	h  *harness
	st *stacks.Stack
	ov []string

	mu     sync.Mutex
	events []events.EngineEvent
}

// open opens the harness's stack through stacks.Open with the overrides (KEY=VALUE).
func (h *harness) open(kvs ...string) *session {
	return h.openWith(nil, kvs...)
}

// openWith is open with another program than vpclink's.
func (h *harness) openWith(program func(*stacks.Options), kvs ...string) *session {
	h.t.Helper()
	s := &session{h: h, ov: kvs}
	ch := make(chan events.EngineEvent)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range ch {
			s.mu.Lock()
			s.events = append(s.events, e)
			s.mu.Unlock()
		}
	}()
	opts := stacks.Options{
		ProjectDir: h.dir, Stack: h.stack, BackendURL: h.backend, SecretsPassphrase: "test",
		PulumiRoot: h.root, PulumiHome: h.home,
		EnvVars:           map[string]string{"PULUMI_DEBUG_PROVIDERS": h.srv.Env()},
		SkipPluginInstall: true,
		Overrides:         overrides(h.t, kvs),
		Events:            ch,
	}
	if program != nil {
		program(&opts)
	}
	st, err := stacks.Open(context.Background(), opts)
	if err != nil {
		close(ch)
		h.t.Fatalf("opening %s with %v: %v", h.stack, kvs, err)
	}
	s.st = st
	h.t.Cleanup(func() {
		st.Close()
		close(ch)
		<-done
	})
	return s
}

// takeEvents returns the events since the last call.
func (s *session) takeEvents() []events.EngineEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.events
	s.events = nil
	return out
}

// timed runs an operation and logs how long it took.
func (s *session) timed(what string, f func() error) error {
	start := time.Now()
	err := f()
	s.h.t.Logf("%s %s %v: %s", what, s.h.stack, s.ov, time.Since(start).Round(time.Millisecond))
	return err
}

// up runs Up and returns the fake providers' operations during it.
func (s *session) up() (auto.UpResult, []fakeaws.Op) {
	s.h.t.Helper()
	s.h.srv.Reset()
	s.takeEvents()
	var res auto.UpResult
	err := s.timed("up", func() (err error) { res, err = s.st.Up(context.Background()); return err })
	if err != nil {
		s.h.t.Fatalf("up %v: %v\n%s", s.ov, err, res.StdErr)
	}
	return res, s.h.srv.Ops()
}

// preview runs Preview and returns, per URN, the engine's steps.
func (s *session) preview() (auto.PreviewResult, steps) {
	s.h.t.Helper()
	s.takeEvents()
	var res auto.PreviewResult
	err := s.timed("preview", func() (err error) { res, err = s.st.Preview(context.Background()); return err })
	if err != nil {
		s.h.t.Fatalf("preview %v: %v\n%s", s.ov, err, res.StdErr)
	}
	return res, stepsOf(s.takeEvents())
}

// destroy runs Destroy and returns its error and the fake providers' operations during it.
func (s *session) destroy() (auto.DestroyResult, []fakeaws.Op, error) {
	s.h.srv.Reset()
	var res auto.DestroyResult
	err := s.timed("destroy", func() (err error) { res, err = s.st.Destroy(context.Background()); return err })
	return res, s.h.srv.Ops(), err
}

// state returns the resources of the stack's state.
func (s *session) state() []apitype.ResourceV3 {
	s.h.t.Helper()
	a := s.st.Auto()
	dep, err := a.Export(context.Background())
	if err != nil {
		s.h.t.Fatalf("exporting the state: %v", err)
	}
	var d apitype.DeploymentV3
	if len(dep.Deployment) > 0 {
		if err := json.Unmarshal(dep.Deployment, &d); err != nil {
			s.h.t.Fatalf("reading the state: %v", err)
		}
	}
	return d.Resources
}

// plan is the offline plan of the harness's stack with the overrides.
func (h *harness) plan(kvs ...string) *vpcplan.Plan {
	h.t.Helper()
	p, err := vpcplan.Run(context.Background(), vpcplan.Options{ProjectDir: h.dir, Stack: h.stack, Overrides: overrides(h.t, kvs)})
	if err != nil {
		h.t.Fatalf("plan %v: %v", kvs, err)
	}
	return p
}

// steps are the engine's steps of one operation, by URN, in order.
type steps map[string][]apitype.OpType

func stepsOf(evs []events.EngineEvent) steps {
	out := steps{}
	for _, e := range evs {
		if e.ResourcePreEvent != nil {
			m := e.ResourcePreEvent.Metadata
			out[m.URN] = append(out[m.URN], m.Op)
		}
	}
	return out
}

// change is what happens to one resource, the steps of a replacement folded into one.
type change string

const (
	same    change = "same"
	create  change = "create"
	update  change = "update"
	replace change = "replace"
	remove  change = "delete"
)

// changes folds the steps into one change per URN.
func (s steps) changes() map[string]change {
	out := map[string]change{}
	for urn, ops := range s {
		c := same
		for _, op := range ops {
			switch op {
			case apitype.OpReplace, apitype.OpCreateReplacement, apitype.OpDeleteReplaced:
				c = replace
			case apitype.OpCreate:
				if c == same {
					c = create
				}
			case apitype.OpUpdate:
				if c == same {
					c = update
				}
			case apitype.OpDelete:
				if c == same {
					c = remove
				}
			}
		}
		out[urn] = c
	}
	return out
}

// notSame returns the changes that are not "same", sorted by URN, as "change URN" lines.
func notSame(m map[string]change) []string {
	var out []string
	for urn, c := range m {
		if c != same {
			out = append(out, string(c)+" "+urn)
		}
	}
	slices.Sort(out)
	return out
}

// short drops the stack and project prefix of a URN, for messages.
func short(urn string) string {
	if i := strings.Index(urn, "urn:pulumi:"); i >= 0 {
		if j := strings.Index(urn[i:], "::vpclink::"); j >= 0 {
			return urn[:i] + urn[i+j+len("::vpclink::"):]
		}
	}
	return urn
}
