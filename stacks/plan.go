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
}

// Plan is what a stack would create, computed offline.
type Plan struct {
	Project, Stack, Region string
	Config                 *Config
	// RawConfig is the config the program saw (namespaced key to text), secrets masked.
	RawConfig map[string]string
	// Resources registered by the program, sorted by URN.
	Resources []offline.Resource
	// Outputs are the stack outputs.
	Outputs map[string]offline.Output
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
	return PlanConfig(l.project, stack, l.cfg.Region, l.raw, l.secrets)
}

// PlanConfig runs the program offline on an already loaded raw config. A value the program
// registers that AWS would refuse (the awsspec table) fails the plan with a *ConstraintError.
func PlanConfig(project, stack, region string, raw map[string]string, secrets []string) (*Plan, error) {
	return planProgram(project, stack, region, raw, secrets, Program)
}

// planProgram is PlanConfig with the program to run.
func planProgram(project, stack, region string, raw map[string]string, secrets []string, program pulumi.RunFunc) (*Plan, error) {
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
	if err := checkConstraints(resources); err != nil {
		return nil, err
	}
	return &Plan{
		Project: project, Stack: stack, Region: region, Config: cfg, RawConfig: masked,
		Resources: resources, Outputs: outputs, Cost: EstimateCost(cfg),
		Findings: evaluatePolicy(resources, cfg),
	}, nil
}

// evaluatePolicy runs the policy rules over the plan, mandatory findings first.
func evaluatePolicy(resources []offline.Resource, cfg *Config) []FindingDocument {
	findings := policy.Evaluate(policy.FromOffline(resources), policy.Options{Environment: string(cfg.Environment)})
	out := make([]FindingDocument, 0, len(findings))
	for _, mandatory := range []bool{true, false} {
		for _, f := range findings {
			if (f.Severity == policy.Mandatory) != mandatory {
				continue
			}
			out = append(out, FindingDocument{
				RuleID: f.RuleID, Sources: f.Sources, Severity: string(f.Severity),
				URN: f.URN, Type: f.Type, Name: f.Name, Message: f.Message,
			})
		}
	}
	return out
}
