package plan_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/stacks"
)

// newProject writes a Pulumi project named name with no config block (as a team's own project has)
// and a dev stack file, and returns its directory.
func newProject(t *testing.T, name, devStack string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: "+name+"\nruntime: go\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte("config:\n  aws:region: eu-west-1\n"+devStack), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The offline plan runs the program, which reads the project's namespace through ctx.GetConfig:
// `pulumi config set frontends ...` in a project named acme-edge writes acme-edge:frontends.
func TestPlanFollowsTheProjectNamespace(t *testing.T) {
	dir := newProject(t, "acme-edge", "  acme-edge:frontends:\n    - variant: rest-nlb\n")
	p, err := plan.Run(context.Background(), plan.Options{ProjectDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range p.Resources {
		if r.Type == "aws:apigateway/restApi:RestApi" {
			n++
		}
	}
	if n != 1 || p.Project != "acme-edge" {
		t.Errorf("project %s plans %d REST APIs, want 1", p.Project, n)
	}
}

// Override{Key: "network.cidr"} is what ParseOverride("network.cidr=...") gives: both are in the
// project's namespace in the plan too.
func TestPlanStructLiteralOverrideWithoutNamespace(t *testing.T) {
	dir := newProject(t, "vpclink", "")
	parsed, err := stacks.ParseOverride("network.cidr=10.1.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	for _, ovs := range [][]stacks.Override{{{Key: "network.cidr", Value: "10.1.0.0/16"}}, {parsed}} {
		p, err := plan.Run(context.Background(), plan.Options{ProjectDir: dir, Overrides: ovs})
		if err != nil {
			t.Fatalf("Run %+v: %v", ovs, err)
		}
		if p.Config.Network.Cidr != "10.1.0.0/16" {
			t.Errorf("Run %+v: cidr = %s", ovs, p.Config.Network.Cidr)
		}
	}
}

// Options.Program plans a team's own program on the stack's validated config.
func TestOptionsProgramPlansTheTeamsProgram(t *testing.T) {
	dir := newProject(t, "acme-edge", "  acme-edge:environment: prod\n")
	program := func(ctx *pulumi.Context) error {
		if err := stacks.Program(ctx); err != nil {
			return err
		}
		_, err := cloudwatch.NewLogGroup(ctx, "team-audit", &cloudwatch.LogGroupArgs{RetentionInDays: pulumi.Int(365)})
		return err
	}
	p, err := plan.Run(context.Background(), plan.Options{ProjectDir: dir, Program: program})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range p.Resources {
		found = found || (r.Type == "aws:cloudwatch/logGroup:LogGroup" && r.Name == "team-audit")
	}
	if !found || p.Config.Environment != stacks.Prod || len(p.Findings) == 0 {
		t.Errorf("team resource planned: %v, environment %s, %d findings", found, p.Config.Environment, len(p.Findings))
	}
}
