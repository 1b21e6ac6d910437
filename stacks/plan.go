package stacks

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/internal/offline"
	"github.com/vpclink/vpclink/policy"
)

// PlanOptions selects what RunPlan plans.
type PlanOptions struct {
	// ProjectDir holds Pulumi.yaml and the stack files. Defaults to the nearest directory at or
	// above the working directory that holds Pulumi.yaml.
	ProjectDir string
	// Stack name. Defaults to dev.
	Stack string
	// Overrides applied on top of the stack file for this plan only.
	Overrides []Override
	// Program is planned instead of vpclink's own, on the same validated stack config: a
	// platform team's program that calls LoadConfig and Deploy and adds its own resources, say.
	// Cost is estimated from the stack's Config (what Deploy builds from it); Findings come from
	// the resources the program registered. Defaults to Program. To plan a program that does not
	// read vpclink's config at all, use vpclinktest.Plan.
	Program pulumi.RunFunc
}

// Plan is what a stack would create, computed offline.
type Plan struct {
	Project, Stack, Region string
	Config                 *Config
	// RawConfig is the config the program saw (namespaced key to text), secrets masked.
	RawConfig map[string]string
	// Resources registered by the program, sorted by URN.
	Resources []Resource
	// Outputs are the stack outputs.
	Outputs map[string]Output
	// Cost is the estimated monthly cost.
	Cost Cost
	// Findings are the policy findings, mandatory first.
	Findings []FindingDocument
}

// RunPlan loads and validates the stack's config, then runs the program on the offline cloud. An
// invalid config returns a *ValidationError and runs nothing.
func RunPlan(_ context.Context, opts PlanOptions) (*Plan, error) {
	dir, err := resolveProjectDir(opts.ProjectDir)
	if err != nil {
		return nil, err
	}
	stack := orDefault(opts.Stack, "dev")
	l, err := loadStack(dir, stack, opts.Overrides)
	if err != nil {
		return nil, err
	}
	program := opts.Program
	if program == nil {
		program = Program
	}
	return planConfig(program, l.project, stack, l.cfg.Region, l.raw, l.secrets)
}

// PlanConfig runs the program offline on an already loaded raw config.
func PlanConfig(project, stack, region string, raw map[string]string, secrets []string) (*Plan, error) {
	return planConfig(Program, project, stack, region, raw, secrets)
}

// planConfig runs program offline on an already loaded raw config.
func planConfig(program pulumi.RunFunc, project, stack, region string, raw map[string]string, secrets []string) (*Plan, error) {
	cloud := offline.New(project, stack, region)
	outputs, err := cloud.Run(raw, secrets, program)
	if err != nil {
		return nil, err
	}
	cfg, err := configFromRaw(project, stack, raw)
	if err != nil {
		return nil, err
	}
	masked := map[string]string{}
	for k, v := range raw {
		masked[k] = v
	}
	for _, k := range secrets {
		masked[k] = "[secret]"
	}
	resources := cloud.Resources()
	return &Plan{
		Project: project, Stack: stack, Region: region, Config: cfg, RawConfig: masked,
		Resources: resources, Outputs: outputs, Cost: EstimateCost(cfg),
		Findings: evaluatePolicy(resources, cfg),
	}, nil
}

// evaluatePolicy runs the policy rules over the plan, mandatory findings first.
func evaluatePolicy(resources []Resource, cfg *Config) []FindingDocument {
	findings := policy.Evaluate(policy.FromOffline(resources), policy.Options{Environment: string(cfg.Environment)})
	out := make([]FindingDocument, 0, len(findings))
	for _, mandatory := range []bool{true, false} {
		for _, f := range findings {
			if (f.Severity == policy.Mandatory) != mandatory {
				continue
			}
			out = append(out, FindingDocument{
				RuleID: f.RuleID, Sources: f.Sources, Severity: f.Severity,
				URN: f.URN, Type: f.Type, Name: f.Name, Message: f.Message,
			})
		}
	}
	return out
}
