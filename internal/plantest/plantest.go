// Package plantest runs vpclink's program on the offline cloud for tests and answers questions
// about what it registered. It is test support, not product.
package plantest

import (
	"context"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/internal/offline"
	"github.com/vpclink/vpclink/internal/testenv"
	"github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/stacks"
)

// ProjectDir is the repository root, which holds Pulumi.yaml and the stack files.
func ProjectDir() string { return testenv.RepoRoot() }

// Plan plans stack (dev, prod, or a name without a stack file: project defaults only) with
// overrides in `--config KEY=VALUE` form, failing the test on any error.
func Plan(t testing.TB, stack string, overrides ...string) *Result {
	t.Helper()
	p, err := TryPlan(stack, overrides...)
	if err != nil {
		t.Fatalf("plan %s %v: %v", stack, overrides, err)
	}
	return p
}

// TryPlan is Plan returning the error, for tests of bad input.
func TryPlan(stack string, overrides ...string) (*Result, error) {
	return TryPlanWith(nil, stack, overrides...)
}

// TryPlanWith is TryPlan on an offline cloud whose lookups answer as invokes say (by invoke
// token), for tests of what AWS may report about resources vpclink does not own.
func TryPlanWith(invokes map[string]offline.InvokeFunc, stack string, overrides ...string) (*Result, error) {
	var ovs []stacks.Override
	for _, o := range overrides {
		ov, err := stacks.ParseOverride(o)
		if err != nil {
			return nil, err
		}
		ovs = append(ovs, ov)
	}
	p, err := plan.Run(context.Background(), plan.Options{ProjectDir: ProjectDir(), Stack: stack, Overrides: ovs, Invokes: invokes})
	if err != nil {
		return nil, err
	}
	return &Result{Plan: p}, nil
}

// Result is a plan with lookups.
type Result struct {
	*plan.Plan
}

// OfType returns the resources of a type token, sorted by URN.
func (r *Result) OfType(typ string) []offline.Resource {
	var out []offline.Resource
	for _, res := range r.Resources {
		if res.Type == typ {
			out = append(out, res)
		}
	}
	return out
}

// One returns the resource of typ named name, failing the test unless there is exactly one.
func (r *Result) One(t testing.TB, typ, name string) offline.Resource {
	t.Helper()
	var found []offline.Resource
	for _, res := range r.OfType(typ) {
		if res.Name == name {
			found = append(found, res)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want exactly one %s named %q, found %d; have: %s", typ, name, len(found), strings.Join(r.names(typ), ", "))
	}
	return found[0]
}

// ByURN returns the resource with the URN.
func (r *Result) ByURN(urn string) (offline.Resource, bool) {
	for _, res := range r.Resources {
		if res.URN == urn {
			return res, true
		}
	}
	return offline.Resource{}, false
}

// ByID returns the custom resource whose id is id.
func (r *Result) ByID(id string) (offline.Resource, bool) {
	for _, res := range r.Resources {
		if res.Custom && res.ID == id {
			return res, true
		}
	}
	return offline.Resource{}, false
}

// ByOutput returns the resources whose output key equals value (an ARN, an id).
func (r *Result) ByOutput(key, value string) []offline.Resource {
	var out []offline.Resource
	for _, res := range r.Resources {
		if v, ok := res.Outputs[propertyKey(key)]; ok && v.IsString() && v.StringValue() == value {
			out = append(out, res)
		}
	}
	return out
}

func (r *Result) names(typ string) []string {
	var out []string
	for _, res := range r.OfType(typ) {
		out = append(out, res.Name)
	}
	return out
}

// Count returns how many resources of typ there are.
func (r *Result) Count(typ string) int { return len(r.OfType(typ)) }

// In returns a resource's inputs as plain Go values (map[string]any, []any, string, float64, bool).
func In(res offline.Resource) map[string]any { return res.Inputs.Mappable() }

// Out returns a resource's outputs as plain Go values.
func Out(res offline.Resource) map[string]any { return res.Outputs.Mappable() }

// Get walks a plain value by keys (string) and indexes (int): Get(In(r), "healthCheck", "path").
func Get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// Str is Get that returns a string ("" when absent or not a string).
func Str(v any, path ...any) string {
	s, _ := Get(v, path...).(string)
	return s
}
