package stacks

import (
	"context"
	"fmt"

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
	// Invokes answer lookups, by invoke token, differently from the offline cloud's defaults:
	// what-if plans and tests of what AWS may say about things vpclink does not own (an existing
	// VPC without DNS hostnames, a subnet in an unsupported zone). Defaults to none.
	Invokes map[string]offline.InvokeFunc
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
	// Notes are what the stack relies on that no plan can check, because it is inside the images
	// or outside vpclink: what an image must declare for the stack to work as configured.
	Notes []string
}

// RunPlan loads and validates the stack's config, then runs the program on the offline cloud. An
// invalid config returns a *ValidationError and runs nothing.
func RunPlan(_ context.Context, opts PlanOptions) (*Plan, error) {
	dir, err := resolveProjectDir(opts.ProjectDir)
	if err != nil {
		return nil, err
	}
	stack := orDefault(opts.Stack, "dev")
	l, err := loadStack(dir, stack, opts.Overrides, false)
	if err != nil {
		return nil, err
	}
	program := opts.Program
	if program == nil {
		program = Program
	}
	return planConfig(l.project, stack, l.cfg.Region, l.raw, l.secrets, opts.Invokes, program)
}

// PlanConfig runs the program offline on an already loaded raw config. A value the program
// registers that AWS would refuse (the awsspec table) fails the plan with a *ConstraintError.
func PlanConfig(project, stack, region string, raw map[string]string, secrets []string) (*Plan, error) {
	return planConfig(project, stack, region, raw, secrets, nil, Program)
}

// planConfig is PlanConfig with lookups answered differently (tests) and the program to run.
func planConfig(project, stack, region string, raw map[string]string, secrets []string, invokes map[string]offline.InvokeFunc, program pulumi.RunFunc) (*Plan, error) {
	cloud := offline.New(project, stack, region)
	for k, f := range invokes {
		cloud.Invokes[k] = f
	}
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
		Findings: evaluatePolicy(resources, cfg), Notes: planNotes(cfg),
	}, nil
}

// defaultImageNote says why the default image needs nothing: it runs as user 1000 and writes no
// files (mendhak/docker-http-https-echo, Dockerfile USER 1000 since version 15; index.js only reads
// its certificate).
func defaultImageNote(image string) string {
	if image != DefaultImage {
		return ""
	}
	return " The default image runs as user 1000 and writes no files, so it needs nothing."
}

// planNotes says, per service, what its image must declare for the config to work.
func planNotes(cfg *Config) []string {
	var out []string
	for _, s := range cfg.Services {
		if s.ReadonlyRootFilesystem == nil || !*s.ReadonlyRootFilesystem {
			continue
		}
		// Amazon ECS developer guide, bind-mounts, "Considerations": a Fargate bind mount is root
		// with mode 0755 unless the image declares the path as a VOLUME, whose contents, owner
		// and mode are copied; no task definition field sets them (containers-roadmap 938, 863).
		out = append(out, fmt.Sprintf("%s: the root filesystem is read-only (services.%s.readonlyRootFilesystem) and /tmp is a task-level bind mount, which Fargate creates owned by root with mode 0755 unless image %s declares VOLUME /tmp, whose owner and mode it then takes (aws-facts E12). An image that runs as a non-root user and writes to /tmp must declare it (RUN chmod 1777 /tmp, then VOLUME /tmp) or it gets EACCES there; anything else it writes outside /tmp fails either way.",
			key("services.%s", s.Name), s.Name, s.Image)+defaultImageNote(s.Image))
	}
	return out
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
