package lifecycle

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/internal/fakeaws"
	vpcplan "github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/stacks"
)

// Resource type tokens the checks look for.
const (
	tDeployment   = "aws:apigateway/deployment:Deployment"
	tRestStage    = "aws:apigateway/stage:Stage"
	tRestInteg    = "aws:apigateway/integration:Integration"
	tRestApi      = "aws:apigateway/restApi:RestApi"
	tMethodSet    = "aws:apigateway/methodSettings:MethodSettings"
	tRestLink     = "aws:apigateway/vpcLink:VpcLink"
	tHttpStage    = "aws:apigatewayv2/stage:Stage"
	tHttpInteg    = "aws:apigatewayv2/integration:Integration"
	tHttpLink     = "aws:apigatewayv2/vpcLink:VpcLink"
	tSecGroup     = "aws:ec2/securityGroup:SecurityGroup"
	tSubnet       = "aws:ec2/subnet:Subnet"
	tVpc          = "aws:ec2/vpc:Vpc"
	tVpcEndpoint  = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tLoadBalancer = "aws:lb/loadBalancer:LoadBalancer"
	tEcsService   = "aws:ecs/service:Service"
	tStack        = "pulumi:pulumi:Stack"
)

// engineExtras are the URNs the engine manages that no offline plan shows: the stack and the two
// default providers (the awsx children are in nodesOf).
func engineExtras(stack string) []string {
	p := "urn:pulumi:" + stack + "::" + stacks.Namespace + "::"
	return []string{
		p + tStack + "::" + stacks.Namespace + "-" + stack,
		p + "pulumi:providers:aws::default_" + strings.ReplaceAll(fakeaws.AwsVersion, ".", "_"),
		p + "pulumi:providers:awsx::default_" + strings.ReplaceAll(fakeaws.AwsxVersion, ".", "_"),
	}
}

// setDiff returns what is in want but not got, and in got but not want.
func setDiff(want, got []string) (missing, extra []string) {
	for _, w := range want {
		if !slices.Contains(got, w) {
			missing = append(missing, short(w))
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			extra = append(extra, short(g))
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	return missing, extra
}

// checkCreated checks a first up: the engine manages exactly the plan's resources, the awsx VPC's
// children, the stack and the two providers; it created each custom resource once and changed
// nothing else; and the fake cloud holds for each the outputs the offline plan shows.
func checkCreated(t *testing.T, stack string, plan *vpcplan.Plan, state []apitype.ResourceV3, ops []fakeaws.Op, srv *fakeaws.Server) {
	t.Helper()
	nodes, err := nodesOf(plan)
	if err != nil {
		t.Fatal(err)
	}
	want := append(slices.Collect(maps.Keys(nodes)), engineExtras(stack)...)
	var got []string
	for _, r := range state {
		got = append(got, string(r.URN))
	}
	if missing, extra := setDiff(want, got); len(missing)+len(extra) > 0 {
		t.Errorf("up: the engine's resources differ from the offline plan's (plus awsx children, stack, providers):\n  missing: %v\n  unexpected: %v", missing, extra)
	}
	children := len(nodes) - len(plan.Resources)
	t.Logf("%s: the engine manages %d resources: %d of the offline plan, %d awsx children, the stack and 2 providers",
		stack, len(state), len(plan.Resources), children)

	var wantCreates, gotCreates []string
	for urn, n := range nodes {
		if n.custom {
			wantCreates = append(wantCreates, urn)
		}
	}
	for _, op := range ops {
		switch op.Kind {
		case "Create":
			gotCreates = append(gotCreates, op.URN)
		case "Update", "Delete":
			t.Errorf("up of a new stack: unexpected %s of %s", op.Kind, short(op.URN))
		}
	}
	if missing, extra := setDiff(wantCreates, gotCreates); len(missing)+len(extra) > 0 || len(gotCreates) != len(wantCreates) {
		t.Errorf("up: %d creates for %d custom resources\n  not created: %v\n  unexpected: %v", len(gotCreates), len(wantCreates), missing, extra)
	}

	live := map[string]fakeaws.Resource{}
	for _, r := range srv.Live() {
		live[r.URN] = r
	}
	for _, r := range plan.Resources {
		if !r.Custom || r.Remote {
			continue
		}
		l, ok := live[r.URN]
		if !ok {
			continue // reported above
		}
		if l.ID != r.ID || !fakeaws.Equal(resource.NewProperty(l.Outputs), resource.NewProperty(r.Outputs)) {
			t.Errorf("up: %s has id %s and outputs that differ from the offline plan's (id %s):\n  engine: %v\n  plan:   %v",
				short(r.URN), l.ID, r.ID, l.Outputs.Mappable(), r.Outputs.Mappable())
		}
	}
}

// checkOutputs checks the stack outputs: the documented names (stacks/outputs.go), present exactly
// when the stack has the piece they describe, with the values of the offline plan.
func checkOutputs(t *testing.T, plan *vpcplan.Plan, outs auto.OutputMap) {
	t.Helper()
	cfg := plan.Config
	want := []string{stacks.OutVpcId, stacks.OutPrivateSubnetIds, stacks.OutClusterName, stacks.OutServices, stacks.OutFrontends}
	for name, has := range map[string]bool{
		stacks.OutHttpVpcLinkId:        cfg.NeedsHttpLink(),
		stacks.OutRestVpcLinkId:        cfg.NeedsRestLink(),
		stacks.OutNlbDnsName:           cfg.NeedsNlb(),
		stacks.OutAlbDnsName:           cfg.NeedsAlb(),
		stacks.OutCloudMapNamespace:    cfg.NeedsCloudMap(),
		stacks.OutExecuteApiEndpointId: cfg.NeedsPrivateEndpoint(),
		stacks.OutApiKeys:              slices.ContainsFunc(cfg.Frontends, func(f stacks.FrontendConfig) bool { return len(f.UsagePlans) > 0 }),
	} {
		if has {
			want = append(want, name)
		}
	}
	got := slices.Collect(maps.Keys(outs))
	if missing, extra := setDiff(want, got); len(missing)+len(extra) > 0 {
		t.Errorf("stack outputs: missing %v, unexpected %v", missing, extra)
	}
	for name, o := range plan.Outputs {
		e, ok := outs[name]
		if !ok {
			continue
		}
		if !reflect.DeepEqual(normalize(e.Value), normalize(o.Value)) {
			t.Errorf("stack output %s: the engine has %v, the offline plan %v", name, e.Value, o.Value)
		}
	}
	for _, f := range cfg.Frontends {
		m, _ := normalize(outs[stacks.OutFrontends].Value).(map[string]any)
		fe, _ := m[f.Name].(map[string]any)
		for _, k := range []string{"variant", "apiId", "url", "invokeUrls"} {
			if fe[k] == nil {
				t.Errorf("stack output frontends.%s has no %s", f.Name, k)
			}
		}
	}
}

func normalize(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// checkNoChanges previews and fails unless every resource is "same".
func checkNoChanges(t *testing.T, s *session, what string) {
	t.Helper()
	res, st := s.preview()
	for op, n := range res.ChangeSummary {
		if op != apitype.OpSame && n > 0 {
			t.Errorf("%s: a preview right after up must change nothing, but it shows %v: %v\n"+
				"a perpetual diff: an input that changes on every run (a timestamp, a random value, unordered JSON)",
				what, res.ChangeSummary, notSame(st.changes()))
			return
		}
	}
}

// checkChanges compares the engine's changes with the derived ones.
func checkChanges(t *testing.T, what string, want, got map[string]change) {
	t.Helper()
	w, g := notSame(want), notSame(got)
	counts := map[change]int{}
	for _, c := range got {
		counts[c]++
	}
	t.Logf("%s: %d replaced, %d updated, %d created, %d deleted", what, counts[replace], counts[update], counts[create], counts[remove])
	if slices.Equal(w, g) {
		return
	}
	missing, extra := setDiff(w, g)
	t.Errorf("%s: the engine's changes differ from what the plans and AWS's rules say\n  expected but not done: %v\n  done but not expected: %v",
		what, missing, extra)
}

// checkOps checks that an up did what was expected, and nothing else: a Create for each created
// resource, an Update for each updated one, a Create and a Delete for each replaced one, a Delete
// for each deleted one.
func checkOps(t *testing.T, what string, want map[string]change, custom map[string]bool, ops []fakeaws.Op) {
	t.Helper()
	var wantOps, gotOps []string
	for urn, c := range want {
		if !custom[urn] {
			continue
		}
		switch c {
		case create:
			wantOps = append(wantOps, "Create "+urn)
		case update:
			wantOps = append(wantOps, "Update "+urn)
		case replace:
			wantOps = append(wantOps, "Create "+urn, "Delete "+urn)
		case remove:
			wantOps = append(wantOps, "Delete "+urn)
		}
	}
	for _, op := range ops {
		switch op.Kind {
		case "Create", "Update", "Delete":
			gotOps = append(gotOps, op.Kind+" "+op.URN)
		}
	}
	slices.Sort(wantOps)
	slices.Sort(gotOps)
	if !slices.Equal(wantOps, gotOps) {
		missing, extra := setDiff(wantOps, gotOps)
		t.Errorf("%s: the fake cloud saw other operations than expected\n  expected but not done: %v\n  done but not expected: %v", what, missing, extra)
	}
}

// customURNs returns the URNs of the custom resources of the plans' stacks.
func customURNs(t *testing.T, plans ...*vpcplan.Plan) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, p := range plans {
		nodes, err := nodesOf(p)
		if err != nil {
			t.Fatal(err)
		}
		for urn, n := range nodes {
			if n.custom {
				out[urn] = true
			}
		}
	}
	return out
}

// index returns the position of the first op of kind on urn, or -1.
func index(ops []fakeaws.Op, kind, urn string) int {
	return slices.IndexFunc(ops, func(o fakeaws.Op) bool { return o.Kind == kind && o.URN == urn })
}

// checkDeploymentOrder checks aws-facts R2 for every replaced REST deployment: the new deployment is
// created, then the stage moves to it, and only then is the old one deleted.
func checkDeploymentOrder(t *testing.T, ops []fakeaws.Op) int {
	t.Helper()
	n := 0
	for i, op := range ops {
		if op.Kind != "Create" || op.Type != tDeployment {
			continue
		}
		del := index(ops, "Delete", op.URN)
		if del < 0 {
			continue // a new deployment, not a replacement
		}
		n++
		stage := strings.Replace(op.URN, tDeployment, tRestStage, 1)
		upd := index(ops, "Update", stage)
		switch {
		case ops[del].ID == op.ID:
			t.Errorf("R2: the replacement of %s kept id %s", short(op.URN), op.ID)
		case upd < 0:
			t.Errorf("R2: %s was replaced but stage %s was never updated to the new deployment", short(op.URN), short(stage))
		case !(i < upd && upd < del):
			t.Errorf("R2: %s: create new deployment at op %d, update stage at op %d, delete old deployment at op %d; AWS needs create < update < delete",
				short(op.URN), i, upd, del)
		}
	}
	return n
}

// checkDestroyOrder checks that a destroy deleted every resource after everything that depends on
// it (as the state records it, a dependency on a component meaning its children), and the orders
// AWS needs (aws-facts R8): integrations and stages before VPC links, links and the execute-api
// endpoint before the security groups their ENIs use and before the subnets.
func checkDestroyOrder(t *testing.T, state []apitype.ResourceV3, ops []fakeaws.Op) {
	t.Helper()
	deleted := map[string]int{}
	for i, op := range ops {
		if op.Kind == "Delete" {
			deleted[op.URN] = i
		}
	}
	children := map[string][]string{}
	byURN := map[string]apitype.ResourceV3{}
	for _, r := range state {
		byURN[string(r.URN)] = r
		for p := string(r.Parent); p != ""; p = string(byURN[p].Parent) {
			children[p] = append(children[p], string(r.URN))
		}
	}
	before := func(a, b, why string) {
		ia, oka := deleted[a]
		ib, okb := deleted[b]
		if oka && okb && ia > ib {
			t.Errorf("destroy: %s was deleted after %s (%s)", short(a), short(b), why)
		}
	}
	for _, r := range state {
		if !r.Custom {
			continue
		}
		var deps []string
		for _, d := range r.Dependencies {
			deps = append(deps, string(d))
		}
		for _, ds := range r.PropertyDependencies {
			for _, d := range ds {
				deps = append(deps, string(d))
			}
		}
		for _, d := range deps {
			before(string(r.URN), d, "it depends on it")
			for _, c := range children[d] {
				before(string(r.URN), c, "it depends on "+short(d)+", its parent")
			}
		}
	}
	of := func(types ...string) []string {
		var out []string
		for _, r := range state {
			if slices.Contains(types, string(r.Type)) {
				out = append(out, string(r.URN))
			}
		}
		return out
	}
	links := of(tRestLink, tHttpLink)
	for _, l := range links {
		for _, x := range of(tRestInteg, tHttpInteg, tRestStage, tHttpStage) {
			before(x, l, "R8: a VPC link in use by an integration or a deployed stage cannot be deleted")
		}
	}
	for _, l := range append(links, of(tVpcEndpoint)...) {
		for _, sn := range of(tSubnet) {
			before(l, sn, "R8: link and endpoint ENIs block subnet deletion")
		}
		for _, sg := range sgsOf(byURN, byURN[l]) {
			before(l, sg, "R8: link and endpoint ENIs block security-group deletion")
		}
	}
}

// sgsOf returns the security groups whose ENIs a link or endpoint uses: its own, or for a REST (V1)
// link, its NLB's.
func sgsOf(byURN map[string]apitype.ResourceV3, r apitype.ResourceV3) []string {
	var out []string
	deps := r.Dependencies
	for _, ds := range r.PropertyDependencies {
		deps = append(deps, ds...)
	}
	for _, d := range deps {
		dep := byURN[string(d)]
		switch string(dep.Type) {
		case tSecGroup:
			out = append(out, string(d))
		case tLoadBalancer:
			out = append(out, sgsOf(byURN, dep)...)
		}
	}
	return out
}
