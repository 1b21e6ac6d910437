package main

import (
	"context"
	"os"
	"slices"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/vpclink/vpclink/policy"
)

// PackName is the policy pack's name, as the engine prints it next to every violation.
const PackName = "vpclink-policy"

// packVersion is the pack's version, reported to the engine.
var packVersion = semver.MustParse("0.1.0")

// EnvVar overrides the environment the pack judges a stack as, for stacks that do not set
// vpclink:environment or programs that are not vpclink.
const EnvVar = "VPCLINK_POLICY_ENVIRONMENT"

// AdvisorySuffix ends the name of the advisory companion of a rule with advisory cases.
const AdvisorySuffix = "-advisory"

// Environment decides the environment severities follow: EnvVar, else the stack's
// vpclink:environment, else "" (held to prod; findings say it is unset).
func Environment(ctx *pulumi.Context) string {
	if env := strings.TrimSpace(os.Getenv(EnvVar)); env != "" {
		return env
	}
	if ctx != nil {
		if env, ok := ctx.GetConfig("vpclink:environment"); ok {
			return strings.TrimSpace(env)
		}
	}
	return ""
}

// NewPack builds the policy pack for an environment: one policy per rule, named by its id, with
// the rule's severity there, plus an advisory companion for mandatory rules with advisory cases.
func NewPack(env string) (policyx.PolicyPack, error) {
	var ps []policyx.Policy
	for _, r := range policy.Rules() {
		sev := r.SeverityIn(env)
		ps = append(ps, newPolicy(r, r.ID, sev, env))
		if sev == policy.Mandatory && r.Mixed {
			ps = append(ps, newPolicy(r, r.ID+AdvisorySuffix, policy.Advisory, env))
		}
	}
	return policyx.NewPolicyPack(PackName, packVersion, policyx.EnforcementLevelAdvisory, ps)
}

func level(s policy.Severity) policyx.EnforcementLevel {
	if s == policy.Mandatory {
		return policyx.EnforcementLevelMandatory
	}
	return policyx.EnforcementLevelAdvisory
}

func description(r policy.Rule) string {
	return r.ID + ": " + r.Title + " (" + strings.Join(r.Sources, ", ") + ")"
}

// newPolicy makes the policy that reports rule r's findings of severity sev.
func newPolicy(r policy.Rule, name string, sev policy.Severity, env string) policyx.Policy {
	opts := policy.Options{Environment: env}
	report := func(m policyx.PolicyManager, fs []policy.Finding) {
		for _, f := range fs {
			if f.Severity == sev {
				m.ReportViolation(f.Message, f.URN)
			}
		}
	}
	if !r.Graph {
		return policyx.NewResourceValidationPolicy(name, policyx.ResourceValidationPolicyArgs{
			Description:      description(r),
			EnforcementLevel: level(sev),
			ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
				if !slices.Contains(r.ResourceTypes, args.Resource.Type) {
					return nil
				}
				report(args.Manager, r.Check([]policy.Resource{FromAnalyzed(args.Resource)}, opts))
				return nil
			},
		})
	}
	return policyx.NewStackValidationPolicy(name, policyx.StackValidationPolicyArgs{
		Description:      description(r),
		EnforcementLevel: level(sev),
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
			rs := make([]policy.Resource, 0, len(args.Resources))
			for _, ar := range args.Resources {
				rs = append(rs, FromStack(ar))
			}
			report(args.Manager, r.Check(rs, opts))
			return nil
		},
	})
}

// FromAnalyzed converts a resource as the engine sends it for per-resource analysis: its inputs,
// before the provider has seen them.
func FromAnalyzed(ar policyx.AnalyzerResource) policy.Resource {
	return policy.Resource{
		URN: ar.URN, Type: ar.Type, Name: ar.Name, Parent: ar.Parent, Custom: true,
		Inputs: plain(ar.Properties), Outputs: map[string]any{},
	}
}

// FromStack converts a resource as the engine sends it for stack analysis: its final outputs. The
// outputs of a bridged provider's resource hold its inputs too, so they serve as both; a
// component's outputs are only what it exports (an awsx VPC's vpcId, not its DNS settings), so its
// inputs are left unknown (nil) for the rules to skip.
func FromStack(ar policyx.AnalyzerResource) policy.Resource {
	props := plain(ar.Properties)
	r := policy.Resource{
		URN: ar.URN, Type: ar.Type, Name: ar.Name, Parent: ar.Parent, Custom: customType(ar.Type),
		Outputs: props, Dependencies: ar.Dependencies, PropertyDependencies: ar.PropertyDependencies,
	}
	if r.Custom {
		r.Inputs = props
	}
	return r
}

// customType reports whether a type token names a provider's resource rather than a component:
// bridged providers put a file path in the module ("aws:lb/loadBalancer:LoadBalancer"),
// components do not ("awsx:ec2:Vpc", "vpclink:components:Nlb").
func customType(typ string) bool {
	parts := strings.Split(typ, ":")
	return len(parts) == 3 && (strings.Contains(parts[1], "/") || parts[0] == "pulumi" && parts[1] == "providers")
}

func plain(m property.Map) map[string]any {
	out := policy.FromPropertyMap(resource.ToResourcePropertyMap(m))
	if out == nil {
		out = map[string]any{}
	}
	return out
}
