package lifecycle

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// lifecycleConfig is one stack configuration the lifecycle runs on.
type lifecycleConfig struct {
	name  string
	stack string
	base  []string
}

func variant(v string) lifecycleConfig {
	return lifecycleConfig{name: v, stack: "dev", base: []string{`vpclink:frontends=[{"variant":"` + v + `"}]`}}
}

var lifecycleConfigs = []lifecycleConfig{
	{name: "dev", stack: "dev"},
	{name: "prod", stack: "prod"},
	// Prod with an ALB creates its access-log bucket (loadBalancers.accessLogs: create).
	{name: "prod-http-alb", stack: "prod", base: []string{`vpclink:frontends=[{"variant":"http-alb"}]`}},
	variant("http-alb"),
	variant("http-nlb"),
	variant("http-cloudmap"),
	variant("rest-nlb"),
	variant("private-rest"),
	variant("rest-alb"),
	variant("private-rest-alb"),
	{name: "rest-nlb-v1", stack: "dev", base: []string{`vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`}},
}

// In-place changes: each must only update resources, except REST deployments, which a change of the
// API's document replaces (aws-facts R1).
var (
	desiredCount = "vpclink:services.api.desiredCount=2"
	// desiredCountScaled is the change of desired count for a service with autoscaling (prod: min
	// 3, max 10), where 2 would be out of range.
	desiredCountScaled = "vpclink:services.api.desiredCount=4"
	rateLimit          = "vpclink:frontends[0].throttling.rateLimit=50"
	timeout            = "vpclink:frontends[0].timeoutMs=20000"
)

// Changes that replace: the VPC's CIDR block (the VPC and everything in it), and a third zone (new
// subnets, so the HTTP (V2) link, whose subnets are fixed, aws-facts A8).
var (
	newCidr  = "vpclink:network.cidr=10.1.0.0/16"
	newZones = "vpclink:network.availabilityZones=3"
)

func with(base []string, more ...string) []string {
	return append(slices.Clone(base), more...)
}

// TestLifecycle runs dev, prod and each frontend variant alone through up, a second preview,
// in-place updates, replacements, and destroy, on the real engine with the fake providers.
func TestLifecycle(t *testing.T) {
	for _, c := range lifecycleConfigs {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			defer func() { t.Logf("lifecycle %s: %s", c.name, time.Since(start).Round(time.Millisecond)) }()
			h := newHarness(t, c.stack)

			// up creates what the offline plan lists, with the same outputs.
			plan := h.plan(c.base...)
			s := h.open(c.base...)
			res, ops := s.up()
			checkCreated(t, c.stack, plan, s.state(), ops, h.srv)
			checkOutputs(t, plan, res.Outputs)
			checkNoChanges(t, s, "second preview")
			if t.Failed() {
				return
			}

			// In-place changes, one at a time, then all together for real.
			cur := c.base
			count := desiredCount
			if hasAutoscaling(h, cur) {
				count = desiredCountScaled
			}
			for _, o := range []string{count, rateLimit, timeout} {
				next := with(cur, o)
				want, err := expectChanges(h.plan(cur...), h.plan(next...), true)
				if err != nil {
					t.Fatal(err)
				}
				_, st := h.open(next...).preview()
				got := st.changes()
				checkChanges(t, "preview "+o, want, got)
				checkInPlace(t, o, h.plan(next...).Config.Frontends[0].Variant.IsRest(), hasAutoscaling(h, next), got)
			}
			next := with(cur, count, rateLimit, timeout)
			want, err := expectChanges(h.plan(cur...), h.plan(next...), false)
			if err != nil {
				t.Fatal(err)
			}
			s = h.open(next...)
			_, ops = s.up()
			checkOps(t, "up with in-place changes", want, customURNs(t, h.plan(cur...), h.plan(next...)), ops)
			replaced := checkDeploymentOrder(t, ops)
			if rest := h.plan(next...).Config.HasRest(); rest && replaced == 0 {
				t.Errorf("R1: the integration timeout changed but no REST deployment was replaced")
			}
			checkNoChanges(t, s, "preview after the in-place changes")
			cur = next

			if c.stack != "prod" {
				// Replacements: derived from the plans, checked on preview; the CIDR change is
				// applied for real too.
				for _, o := range []string{newCidr, newZones} {
					next := with(cur, o)
					want, err := expectChanges(h.plan(cur...), h.plan(next...), true)
					if err != nil {
						t.Fatal(err)
					}
					_, st := h.open(next...).preview()
					got := st.changes()
					checkChanges(t, "preview "+o, want, got)
					checkReplacements(t, o, h.plan(next...).Config.NeedsHttpLink(), got)
				}
				next := with(cur, newCidr)
				want, err := expectChanges(h.plan(cur...), h.plan(next...), false)
				if err != nil {
					t.Fatal(err)
				}
				s = h.open(next...)
				_, ops := s.up()
				checkOps(t, "up with a new CIDR block", want, customURNs(t, h.plan(cur...), h.plan(next...)), ops)
				checkDeploymentOrder(t, ops)
				checkNoChanges(t, s, "preview after the new CIDR block")
				checkLiveMatchesState(t, h, s)
				cur = next
			} else {
				// Production is protected: a change that would replace the VPC is refused, and
				// the protection has to come off (an update) before a destroy can succeed.
				p := h.open(with(cur, newCidr)...)
				if _, err := p.st.Preview(context.Background()); err == nil || !strings.Contains(err.Error(), "protect") {
					t.Errorf("prod: a new CIDR block must be refused because it replaces the protected VPC; preview said %v", err)
				}
				intact := checkDestroyRefused(t, s)
				next := with(cur, "vpclink:protect=false")
				want, err := expectChanges(h.plan(cur...), h.plan(next...), false)
				if err != nil {
					t.Fatal(err)
				}
				s = h.open(next...)
				_, ops := s.up()
				if intact {
					// Only the load balancer's deletion protection (aws-facts E7) is an AWS change;
					// Pulumi's protect flags change in the state alone.
					checkOps(t, "up with vpclink:protect=false", want, customURNs(t, h.plan(cur...), h.plan(next...)), ops)
				}
				for _, r := range s.state() {
					if r.Protect {
						t.Errorf("vpclink:protect=false left %s protected", short(string(r.URN)))
					}
				}
				cur = next
			}

			// destroy deletes everything, in an order AWS accepts.
			state := s.state()
			_, ops, err = s.destroy()
			if err != nil {
				t.Fatalf("destroy: %v", err)
			}
			if left := s.state(); len(left) > 0 {
				var urns []string
				for _, r := range left {
					urns = append(urns, short(string(r.URN)))
				}
				t.Errorf("destroy left %d resources in the stack: %v", len(left), urns)
			}
			if live := h.srv.Live(); len(live) > 0 {
				t.Errorf("destroy left %d resources in the fake cloud, first %s", len(live), short(live[0].URN))
			}
			checkDestroyOrder(t, state, ops)
		})
	}
}

func hasAutoscaling(h *harness, kvs []string) bool {
	for _, s := range h.plan(kvs...).Config.Services {
		if s.Autoscaling != nil {
			return true
		}
	}
	return false
}

// checkInPlace holds what an in-place override must do, whatever the derivation says: only
// updates, except REST deployments, which only a change of a method or an integration replaces.
func checkInPlace(t *testing.T, override string, rest, autoscaling bool, got map[string]change) {
	t.Helper()
	var updated, replacedDeployments []string
	for urn, c := range got {
		switch {
		case c == same:
		case c == replace && strings.Contains(urn, "$"+tDeployment+"::"):
			replacedDeployments = append(replacedDeployments, urn)
		case c == update:
			updated = append(updated, urn)
		default:
			t.Errorf("%s: an in-place change must not %s %s", override, c, short(urn))
		}
	}
	has := func(typ string) bool {
		return slices.ContainsFunc(updated, func(u string) bool { return strings.Contains(u, "$"+typ+"::") })
	}
	switch override {
	case desiredCount, desiredCountScaled:
		if autoscaling == has(tEcsService) {
			t.Errorf("%s: ECS service updated=%t with autoscaling=%t (the scaler owns the count: ignoreChanges)", override, has(tEcsService), autoscaling)
		}
	case rateLimit:
		if rest && !has(tMethodSet) || !rest && !has(tHttpStage) {
			t.Errorf("%s: throttling did not update the stage settings: %v", override, updated)
		}
		if len(replacedDeployments) > 0 {
			t.Errorf("%s: throttling is a stage setting, yet deployments were replaced: %v", override, replacedDeployments)
		}
	case timeout:
		// The integrations live in the API's OpenAPI body: the API is updated (a new import),
		// the deployment replaced and the stage moved to it.
		if rest && (!has(tRestApi) || len(replacedDeployments) == 0 || !has(tRestStage)) {
			t.Errorf("R1: %s: API body updated=%t, deployments replaced=%v, stage updated=%t; want all", override, has(tRestApi), replacedDeployments, has(tRestStage))
		}
		if !rest && !has(tHttpInteg) {
			t.Errorf("%s: the HTTP integrations were not updated: %v", override, updated)
		}
	}
}

// checkReplacements holds what the replacing overrides must do, whatever the derivation says.
func checkReplacements(t *testing.T, override string, httpLink bool, got map[string]change) {
	t.Helper()
	of := func(typ string, c change) int {
		n := 0
		for urn, ch := range got {
			if ch == c && strings.Contains(urn, "$"+typ+"::") {
				n++
			}
		}
		return n
	}
	switch override {
	case newCidr:
		if of(tVpc, replace) != 1 || of(tSubnet, same) != 0 {
			t.Errorf("%s: the VPC and every subnet must be replaced", override)
		}
		for urn, c := range got {
			for _, typ := range []string{"aws:iam/role:Role", "aws:cloudwatch/logGroup:LogGroup", "aws:ecs/cluster:Cluster", "aws:ecs/taskDefinition:TaskDefinition"} {
				if c == replace && strings.Contains(urn, "$"+typ+"::") {
					t.Errorf("%s: %s does not depend on the VPC but is replaced", override, short(urn))
				}
			}
		}
	case newZones:
		if httpLink && of(tHttpLink, replace) != 1 {
			t.Errorf("A8: %s: new subnets must replace the HTTP API VPC link", override)
		}
		if of(tVpc, same) != 1 {
			t.Errorf("%s: a third zone must not touch the VPC", override)
		}
	}
}

// checkLiveMatchesState checks that the fake cloud holds exactly the custom resources of the state:
// nothing a replacement left behind.
func checkLiveMatchesState(t *testing.T, h *harness, s *session) {
	t.Helper()
	var want, got []string
	for _, r := range s.state() {
		if r.Custom && !strings.HasPrefix(string(r.Type), "pulumi:providers:") {
			want = append(want, string(r.URN)+" "+string(r.ID))
		}
	}
	for _, r := range h.srv.Live() {
		got = append(got, r.URN+" "+r.ID)
	}
	if missing, extra := setDiff(want, got); len(missing)+len(extra) > 0 {
		t.Errorf("the fake cloud and the state disagree\n  in the state only: %v\n  in the cloud only: %v", missing, extra)
	}
}

// checkDestroyRefused checks that a destroy of a protected stack fails and deletes nothing, and
// reports whether the stack is intact.
func checkDestroyRefused(t *testing.T, s *session) bool {
	t.Helper()
	state := s.state()
	protected := map[string]bool{}
	for _, r := range state {
		if r.Protect {
			protected[string(r.URN)] = true
		}
	}
	if len(protected) == 0 {
		t.Fatalf("vpclink:protect=true protected nothing")
	}
	_, ops, err := s.destroy()
	if err == nil {
		t.Fatalf("destroy of a stack with %d protected resources succeeded", len(protected))
	}
	if !strings.Contains(err.Error(), "protected") {
		t.Errorf("destroy failed, but not because of protection: %v", err)
	}
	for _, op := range ops {
		if op.Kind == "Delete" && protected[op.URN] {
			t.Errorf("destroy deleted protected %s", short(op.URN))
		}
	}
	// A refused destroy must leave production as it was: deleting the stages, links and services
	// around the protected VPC and load balancers is an outage too.
	var deleted []string
	for _, op := range ops {
		if op.Kind == "Delete" {
			deleted = append(deleted, short(op.URN))
		}
	}
	if len(deleted) > 0 || len(s.state()) != len(state) {
		t.Errorf("the destroy was refused, but only after deleting %d unprotected resources (%d left of %d in the state), e.g. %v",
			len(deleted), len(s.state()), len(state), deleted[:min(len(deleted), 5)])
	}
	var names []string
	for urn := range protected {
		names = append(names, short(urn))
	}
	slices.Sort(names)
	t.Logf("protected: %v", names)
	return len(deleted) == 0
}
