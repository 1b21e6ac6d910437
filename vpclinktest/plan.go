package vpclinktest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/policy"
)

// Options configures Plan. The zero value plans project "project", stack "dev" in us-east-1 with
// no config.
type Options struct {
	// Project, Stack and Region of the planned stack. They shape URNs and the generated ids.
	// Default to "project", "dev" and "us-east-1".
	Project, Stack, Region string
	// Config is what the program reads with ctx.GetConfig / config.Get: namespaced key
	// ("acme:team", "aws:region") to the raw text Pulumi hands programs (JSON for objects and
	// lists). aws:region defaults to Region.
	Config map[string]string
	// Secrets are the keys of Config that are secret.
	Secrets []string
	// Invokes answers, or answers differently, data-source tokens (see Cloud).
	Invokes map[string]InvokeFunc
	// Environment selects which policy rules are mandatory ("dev" or "prod"). Defaults to "dev".
	Environment string
}

// Result is what a planned program registered and exported.
type Result struct {
	Project, Stack, Region string
	// Resources registered, sorted by URN.
	Resources []Resource
	// Outputs are the stack outputs the program exported, resolved.
	Outputs map[string]Output
	// Findings are vpclink's policy rules run over Resources (see package policy), mandatory
	// first. Compare Severity with policy.Mandatory.
	Findings []policy.Finding
}

// Plan runs program on a new offline Cloud and returns what it registered. It needs no
// credentials, no engine and no network. An error the program returns, or a registration the
// offline cloud cannot answer, is returned as is.
func Plan(program pulumi.RunFunc, opts Options) (*Result, error) {
	cloud := NewCloud(opts.Project, opts.Stack, opts.Region)
	for tok, f := range opts.Invokes {
		cloud.Invokes[tok] = f
	}
	cfg := map[string]string{"aws:region": cloud.Region}
	for k, v := range opts.Config {
		cfg[k] = v
	}
	outputs, err := cloud.Run(cfg, opts.Secrets, program)
	if err != nil {
		return nil, err
	}
	resources := cloud.Resources()
	env := or(opts.Environment, "dev")
	findings := policy.Evaluate(policy.FromOffline(resources), policy.Options{Environment: env})
	slices.SortStableFunc(findings, func(a, b policy.Finding) int {
		return boolRank(a.Severity == policy.Mandatory) - boolRank(b.Severity == policy.Mandatory)
	})
	return &Result{Project: cloud.Project, Stack: cloud.Stack, Region: cloud.Region,
		Resources: resources, Outputs: outputs, Findings: findings}, nil
}

func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}

// OfType returns the resources of a type token ("aws:apigatewayv2/route:Route"), sorted by URN.
func (r *Result) OfType(typ string) []Resource {
	var out []Resource
	for _, res := range r.Resources {
		if res.Type == typ {
			out = append(out, res)
		}
	}
	return out
}

// Count returns how many resources of a type token there are.
func (r *Result) Count(typ string) int { return len(r.OfType(typ)) }

// Named returns the resource of typ named name. It is an error unless there is exactly one;
// the error lists the names that type has.
func (r *Result) Named(typ, name string) (Resource, error) {
	var found []Resource
	var names []string
	for _, res := range r.OfType(typ) {
		names = append(names, res.Name)
		if res.Name == name {
			found = append(found, res)
		}
	}
	if len(found) != 1 {
		return Resource{}, fmt.Errorf("want exactly one %s named %q, found %d; have: %s", typ, name, len(found), strings.Join(names, ", "))
	}
	return found[0], nil
}

// ByURN returns the resource with the URN.
func (r *Result) ByURN(urn string) (Resource, bool) {
	for _, res := range r.Resources {
		if res.URN == urn {
			return res, true
		}
	}
	return Resource{}, false
}

// Mandatory returns the findings that would block an update.
func (r *Result) Mandatory() []policy.Finding {
	var out []policy.Finding
	for _, f := range r.Findings {
		if f.Severity == policy.Mandatory {
			out = append(out, f)
		}
	}
	return out
}

// Inputs returns a resource's inputs as plain Go values (map[string]any, []any, string,
// float64, bool); unknown values are nil.
func Inputs(res Resource) map[string]any { return plainMap(res.Inputs) }

// Outputs returns a resource's outputs as plain Go values.
func Outputs(res Resource) map[string]any { return plainMap(res.Outputs) }

func plainMap(m resource.PropertyMap) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m.Mappable()
}
