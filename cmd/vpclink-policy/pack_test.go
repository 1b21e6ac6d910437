package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/vpclink/vpclink/internal/offline"
	"github.com/vpclink/vpclink/internal/plantest"
	"github.com/vpclink/vpclink/policy"
	"github.com/vpclink/vpclink/stacks"
)

// violation is one report to the engine: which policy, at which level, on which resource.
type violation struct {
	policy string
	level  policyx.EnforcementLevel
	urn    string
	msg    string
}

// recorder is the engine's side of ReportViolation for one policy.
type recorder struct {
	p   policyx.Policy
	out *[]violation
}

func (r recorder) ReportViolation(msg, urn string) {
	*r.out = append(*r.out, violation{r.p.Name(), r.p.EnforcementLevel(), urn, msg})
}

// analyze runs a pack over an offline plan the way the engine would: every resource policy on each
// resource's inputs, every stack policy once on all outputs.
func analyze(t *testing.T, pack policyx.PolicyPack, rs []offline.Resource) []violation {
	t.Helper()
	var out []violation
	ctx := context.Background()
	var stack []policyx.AnalyzerResource
	for _, r := range rs {
		stack = append(stack, policyx.AnalyzerResource{
			Type: r.Type, URN: r.URN, Name: r.Name, Parent: r.Parent,
			Properties: resource.FromResourcePropertyMap(r.Outputs), Dependencies: r.Dependencies, PropertyDependencies: r.PropertyDependencies,
		})
	}
	for _, p := range pack.Policies() {
		m := recorder{p, &out}
		switch p := p.(type) {
		case policyx.ResourceValidationPolicy:
			for _, r := range rs {
				if !r.Custom {
					continue // the engine analyzes what providers create
				}
				err := p.Validate(ctx, policyx.ResourceValidationArgs{Manager: m, Resource: policyx.AnalyzerResource{
					Type: r.Type, URN: r.URN, Name: r.Name, Parent: r.Parent, Properties: resource.FromResourcePropertyMap(r.Inputs),
				}})
				if err != nil {
					t.Fatal(err)
				}
			}
		case policyx.StackValidationPolicy:
			if err := p.Validate(ctx, policyx.StackValidationArgs{Manager: m, Resources: stack}); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("policy %s is neither a resource nor a stack policy", p.Name())
		}
	}
	return out
}

func mustPack(t *testing.T, env string) policyx.PolicyPack {
	t.Helper()
	pack, err := NewPack(env)
	if err != nil {
		t.Fatal(err)
	}
	return pack
}

// TestPackPolicies: every rule is a policy named by its id, per resource or per stack as the rule
// needs, with the rule's severity in the environment, and an advisory companion where a mandatory
// rule has advisory cases.
func TestPackPolicies(t *testing.T) {
	for _, env := range []string{"dev", "prod", ""} {
		byName := map[string]policyx.Policy{}
		for _, p := range mustPack(t, env).Policies() {
			byName[p.Name()] = p
		}
		for _, r := range policy.Rules() {
			p, ok := byName[r.ID]
			if !ok {
				t.Errorf("%q: no policy %s", env, r.ID)
				continue
			}
			if p.EnforcementLevel() != level(r.SeverityIn(env)) {
				t.Errorf("%q: %s enforcement %v, rule says %s", env, r.ID, p.EnforcementLevel(), r.SeverityIn(env))
			}
			_, isStack := p.(policyx.StackValidationPolicy)
			if isStack != r.Graph {
				t.Errorf("%q: %s is a stack policy: %v; rule joins resources: %v", env, r.ID, isStack, r.Graph)
			}
			if !strings.Contains(p.Description(), r.Sources[0]) {
				t.Errorf("%s: description does not cite the sources: %s", r.ID, p.Description())
			}
			companion, has := byName[r.ID+AdvisorySuffix]
			if want := r.Mixed && r.SeverityIn(env) == policy.Mandatory; has != want {
				t.Errorf("%q: %s companion present %v, want %v", env, r.ID, has, want)
			} else if has && companion.EnforcementLevel() != policyx.EnforcementLevelAdvisory {
				t.Errorf("%s companion is not advisory", r.ID)
			}
		}
	}
	prodAccessLogs := slices.IndexFunc(mustPack(t, "prod").Policies(), func(p policyx.Policy) bool { return p.Name() == "VPCL-LB-ACCESS-LOGS" })
	if prodAccessLogs < 0 || mustPack(t, "prod").Policies()[prodAccessLogs].EnforcementLevel() != policyx.EnforcementLevelMandatory {
		t.Errorf("VPCL-LB-ACCESS-LOGS must be mandatory in prod")
	}
}

func TestEnvironment(t *testing.T) {
	ctxWith := func(cfg map[string]string) *pulumi.Context {
		ctx, err := pulumi.NewContext(context.Background(), pulumi.RunInfo{Project: "vpclink", Stack: "x", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		return ctx
	}
	t.Setenv(EnvVar, "")
	if got := Environment(ctxWith(map[string]string{"vpclink:environment": "dev"})); got != "dev" {
		t.Errorf("from stack config: %q", got)
	}
	if got := Environment(ctxWith(nil)); got != "" {
		t.Errorf("unset: %q, want \"\" (held to prod)", got)
	}
	if got := Environment(nil); got != "" {
		t.Errorf("no context: %q", got)
	}
	t.Setenv(EnvVar, "prod")
	if got := Environment(ctxWith(map[string]string{"vpclink:environment": "dev"})); got != "prod" {
		t.Errorf("%s must win over the stack config: %q", EnvVar, got)
	}
}

// TestPackAgreesWithPlan: the pack, fed the offline plans the way the engine feeds it, reports
// exactly what `vpclink plan` reports, at the same levels, for dev, prod and every variant.
func TestPackAgreesWithPlan(t *testing.T) {
	cases := map[string][]string{"dev": nil, "prod": nil}
	for _, v := range stacks.Variants {
		cases[string(v)] = []string{fmt.Sprintf(`vpclink:frontends=[{"variant":%q}]`, v)}
	}
	for name, overrides := range cases {
		stack := "dev"
		if name == "prod" {
			stack = "prod"
		}
		t.Run(name, func(t *testing.T) {
			p := plantest.Plan(t, stack, overrides...)
			env := string(p.Config.Environment)
			var want, got []string
			for _, f := range policy.Evaluate(policy.FromOffline(p.Resources), policy.Options{Environment: env}) {
				want = append(want, fmt.Sprintf("%s %d %s", f.RuleID, level(f.Severity), f.URN))
			}
			for _, v := range analyze(t, mustPack(t, env), p.Resources) {
				if v.level == policyx.EnforcementLevelMandatory {
					t.Errorf("mandatory %s on %s: %s", v.policy, v.urn, v.msg)
				}
				got = append(got, fmt.Sprintf("%s %d %s", strings.TrimSuffix(v.policy, AdvisorySuffix), v.level, v.urn))
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Errorf("pack reports\n%s\nplan reports\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestPackFailsProdWithoutFlowLogs: through the pack too, prod without flow logs is a mandatory
// violation of VPCL-VPC-FLOW-LOGS, attributed to the VPC, and the same stack in dev only advises.
func TestPackFailsProdWithoutFlowLogs(t *testing.T) {
	p := plantest.Plan(t, "prod", `vpclink:network={"availabilityZones":3,"natGateways":"onePerAz","flowLogs":false}`)
	var mandatory []violation
	for _, v := range analyze(t, mustPack(t, "prod"), p.Resources) {
		if v.level == policyx.EnforcementLevelMandatory {
			mandatory = append(mandatory, v)
		}
	}
	if len(mandatory) != 1 || mandatory[0].policy != "VPCL-VPC-FLOW-LOGS" || !strings.HasSuffix(mandatory[0].urn, "awsx:ec2:Vpc::network") {
		t.Fatalf("want one mandatory VPCL-VPC-FLOW-LOGS on the VPC, got %+v", mandatory)
	}
	for _, v := range analyze(t, mustPack(t, "dev"), p.Resources) {
		if v.level == policyx.EnforcementLevelMandatory {
			t.Errorf("dev: mandatory %s: %s", v.policy, v.msg)
		}
	}
}

// TestFromStack: a custom resource's outputs stand for its inputs; a component's do not.
func TestFromStack(t *testing.T) {
	props := resource.FromResourcePropertyMap(resource.PropertyMap{"vpcId": resource.NewProperty("vpc-1")})
	for typ, custom := range map[string]bool{
		"aws:ec2/flowLog:FlowLog": true, "aws:lb/loadBalancer:LoadBalancer": true, "pulumi:providers:aws": true,
		"awsx:ec2:Vpc": false, "vpclink:components:Nlb": false, "pulumi:pulumi:Stack": false,
	} {
		r := FromStack(policyx.AnalyzerResource{Type: typ, URN: "urn:x", Properties: props})
		if r.Custom != custom || (r.Inputs != nil) != custom || r.Outputs["vpcId"] != "vpc-1" {
			t.Errorf("%s: custom %v inputs %v outputs %v", typ, r.Custom, r.Inputs, r.Outputs)
		}
	}
}
