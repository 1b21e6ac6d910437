package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/internal/plantest"
	"github.com/vpclink/vpclink/internal/testenv"
	"github.com/vpclink/vpclink/policy"
	"github.com/vpclink/vpclink/stacks"
	"github.com/vpclink/vpclink/vpclinktest"
)

// These tests run the built pack under the real Pulumi CLI, attached to the in-process fake aws
// and awsx providers of the public test kit (vpclinktest), as a user's tests would, so nothing
// reaches AWS.

var (
	buildOnce sync.Once
	builtPack string
	buildErr  error
	buildOut  []byte
)

// packBinary builds bin/vpclink-policy once per test run, as a user would.
func packBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vpclink-policy-*")
		if err != nil {
			buildErr = err
			return
		}
		builtPack = filepath.Join(dir, "vpclink-policy")
		cmd := exec.Command("go", "build", "-o", builtPack, ".")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("building the pack: %v\n%s", buildErr, buildOut)
	}
	return builtPack
}

// fakeProviders starts the fake aws and awsx providers for a project and stack.
func fakeProviders(t *testing.T, project, stack string) *vpclinktest.Providers {
	t.Helper()
	srv, err := vpclinktest.StartProviders(vpclinktest.ProviderOptions{Project: project, Stack: stack})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// previewInline previews an inline program with the pack on a fresh file backend, with the given
// stack config, and returns Pulumi's output and the preview's error.
func previewInline(t *testing.T, program pulumi.RunFunc, config map[string]string) (string, error) {
	t.Helper()
	ctx := context.Background()
	root, pack := testenv.PulumiRoot(t), packBinary(t)
	const project, stack = "policytest", "test"
	srv := fakeProviders(t, project, stack)
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root, SkipVersionCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	s, err := auto.UpsertStackInlineSource(ctx, stack, project, program,
		auto.Pulumi(cmd),
		auto.PulumiHome(t.TempDir()),
		auto.SecretsProvider("passphrase"),
		auto.Project(workspace.Project{
			Name: project, Runtime: workspace.NewProjectRuntimeInfo("go", nil),
			Backend: &workspace.ProjectBackend{URL: "file://" + t.TempDir()},
		}),
		auto.EnvVars(map[string]string{
			"PULUMI_CONFIG_PASSPHRASE": "test",
			"PULUMI_SKIP_UPDATE_CHECK": "true",
			"PULUMI_DEBUG_PROVIDERS":   srv.Env(),
			EnvVar:                     "", // the stack config decides
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	cfg := auto.ConfigMap{"aws:region": {Value: "us-east-1"}}
	for k, v := range config {
		cfg[k] = auto.ConfigValue{Value: v}
	}
	if err := s.SetAllConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	_, err = s.Preview(ctx, optpreview.PolicyPacks(pack), optpreview.ProgressStreams(&out), optpreview.ErrorProgressStreams(&out))
	return out.String(), err
}

// oneNlb registers one internal NLB, changed by edit.
func oneNlb(edit func(*lb.LoadBalancerArgs)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		args := &lb.LoadBalancerArgs{
			LoadBalancerType:         pulumi.String("network"),
			Internal:                 pulumi.Bool(true),
			EnableDeletionProtection: pulumi.Bool(true),
			Subnets:                  pulumi.StringArray{pulumi.String("subnet-0a1b2c3d4e5f67890")},
		}
		if edit != nil {
			edit(args)
		}
		_, err := lb.NewLoadBalancer(ctx, "nlb", args)
		return err
	}
}

func TestCLIInternetFacingLoadBalancerFailsPreview(t *testing.T) {
	out, err := previewInline(t, oneNlb(func(a *lb.LoadBalancerArgs) { a.Internal = pulumi.Bool(false) }), nil)
	if err == nil {
		t.Fatalf("preview of an internet-facing load balancer passed:\n%s", out)
	}
	for _, want := range []string{"VPCL-LB-INTERNAL", "mandatory", "internet-facing"} {
		if !strings.Contains(out+err.Error(), want) {
			t.Errorf("output does not mention %q:\n%s\n%v", want, out, err)
		}
	}
}

func TestCLICleanLoadBalancerPasses(t *testing.T) {
	out, err := previewInline(t, oneNlb(nil), nil)
	if err != nil {
		t.Fatalf("preview of a compliant NLB failed: %v\n%s", err, out)
	}
	// The stack policy ran too: an NLB without a TLS listener writes no access logs, which the
	// mandatory rule's advisory companion reports.
	if !strings.Contains(out, "VPCL-LB-ACCESS-LOGS"+AdvisorySuffix) {
		t.Errorf("no advisory access-log finding from the stack policy:\n%s", out)
	}
}

// TestCLIEnvironmentFromStackConfig: deletion protection is mandatory in prod (and when the
// stack does not say), advisory in dev, as the stack's vpclink:environment decides.
func TestCLIEnvironmentFromStackConfig(t *testing.T) {
	unprotected := oneNlb(func(a *lb.LoadBalancerArgs) { a.EnableDeletionProtection = pulumi.Bool(false) })
	for _, tc := range []struct {
		env  string
		fail bool
	}{{"dev", false}, {"prod", true}, {"", true}} {
		t.Run("env="+tc.env, func(t *testing.T) {
			cfg := map[string]string{}
			if tc.env != "" {
				cfg["vpclink:environment"] = tc.env
			}
			out, err := previewInline(t, unprotected, cfg)
			if (err != nil) != tc.fail {
				t.Fatalf("preview failed: %v, want failure %v\n%s", err, tc.fail, out)
			}
			if !strings.Contains(out+errString(err), "VPCL-LB-DELETION-PROTECTION") {
				t.Errorf("no VPCL-LB-DELETION-PROTECTION finding:\n%s", out)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// openVpclink opens vpclink's own program on a copy of the project, with the pack and the fake
// providers; progress goes to out.
func openVpclink(t *testing.T, out *bytes.Buffer, stack string, overrides ...string) (*stacks.Stack, *vpclinktest.Providers) {
	t.Helper()
	root, pack := testenv.PulumiRoot(t), packBinary(t)
	srv := fakeProviders(t, stacks.Namespace, stack)
	dir := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"} {
		b, err := os.ReadFile(filepath.Join(plantest.ProjectDir(), f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var ovs []stacks.Override
	for _, o := range overrides {
		ov, err := stacks.ParseOverride(o)
		if err != nil {
			t.Fatal(err)
		}
		ovs = append(ovs, ov)
	}
	s, err := stacks.Open(context.Background(), stacks.Options{
		ProjectDir: dir, Stack: stack, BackendURL: "file://" + t.TempDir(), SecretsPassphrase: "test",
		PulumiRoot: root, PulumiHome: t.TempDir(), SkipPluginInstall: true,
		EnvVars:     map[string]string{"PULUMI_DEBUG_PROVIDERS": srv.Env(), EnvVar: ""},
		PolicyPacks: []string{pack}, Overrides: ovs, Progress: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, srv
}

// previewVpclink previews vpclink's own program with the pack.
func previewVpclink(t *testing.T, stack string, overrides ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	s, _ := openVpclink(t, &out, stack, overrides...)
	res, err := s.Preview(context.Background())
	return out.String() + res.StdErr, err
}

// previewBlind are the rules that read a task definition's container definitions, which vpclink
// renders from the log group's name: unknown in a preview of a new stack, so the pack cannot judge
// them until `pulumi up` resolves it (TestCLIVpclinkUpChecksContainerDefinitions).
var previewBlind = []string{"VPCL-ECS-LOGGING", "VPCL-ECS-PLAIN-SECRETS", "VPCL-ECS-PRIVILEGED", "VPCL-ECS-READONLY-ROOT"}

// previewBlindBody are the rules that read a REST API's OpenAPI body, which holds the V2 link's id
// and the load balancer's DNS name and ARN: unknown in a preview of a new stack, so the pack judges
// the body's methods at `pulumi up` (TestCLIVpclinkUpChecksRestBody).
var previewBlindBody = []string{"VPCL-APIGW-AUTHORIZATION", "VPCL-APIGW-REQUEST-VALIDATION", "VPCL-APIGW-INTEGRATION-TIMEOUT", "VPCL-REST-V2-TARGET"}

// reported matches the engine's report of one violation: level, policy, resource type and name.
var reported = regexp.MustCompile(`\[(advisory|mandatory)\]\s+(\S+)\s+\(([^ ]+): ([^)]+)\)`)

// TestCLIVpclinkStacksPass: vpclink's dev and prod stacks, and every variant alone, preview clean
// under the pack through the real engine, where most ids are still unknown, and the engine reports
// exactly the advisories the offline plan finds.
func TestCLIVpclinkStacksPass(t *testing.T) {
	cases := map[string][]string{"dev": nil, "prod": nil}
	for _, v := range stacks.Variants {
		cases[string(v)] = []string{fmt.Sprintf(`vpclink:frontends=[{"variant":%q}]`, v)}
	}
	for name, overrides := range cases {
		t.Run(name, func(t *testing.T) {
			stack := "dev"
			if name == "prod" {
				stack = "prod"
			}
			out, err := previewVpclink(t, stack, overrides...)
			if err != nil {
				t.Fatalf("preview with the pack failed: %v\n%s", err, out)
			}
			var got []string
			for _, m := range reported.FindAllStringSubmatch(out, -1) {
				if m[1] == "mandatory" {
					t.Errorf("mandatory %s on %s", m[2], m[4])
				}
				got = append(got, strings.TrimSuffix(m[2], AdvisorySuffix)+" "+m[4])
			}
			p := plantest.Plan(t, stack, overrides...)
			var want []string
			for _, f := range policy.Evaluate(policy.FromOffline(p.Resources), policy.Options{Environment: string(p.Config.Environment)}) {
				if slices.Contains(previewBlind, f.RuleID) || (f.Type == "aws:apigateway/restApi:RestApi" && slices.Contains(previewBlindBody, f.RuleID)) {
					continue
				}
				want = append(want, f.RuleID+" "+f.Name)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("the engine reports\n%s\nthe offline plan\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestCLIVpclinkProdWithoutFlowLogsFails: the same stack without flow logs is refused.
func TestCLIVpclinkProdWithoutFlowLogsFails(t *testing.T) {
	out, err := previewVpclink(t, "prod", `vpclink:network={"availabilityZones":3,"natGateways":"onePerAz","flowLogs":false}`)
	if err == nil {
		t.Fatalf("prod preview without flow logs passed:\n%s", out)
	}
	if !strings.Contains(out+err.Error(), "VPCL-VPC-FLOW-LOGS") {
		t.Errorf("failure does not name VPCL-VPC-FLOW-LOGS:\n%s\n%v", out, err)
	}
}

// TestCLIVpclinkUpChecksContainerDefinitions: what a preview cannot see, `pulumi up` checks before
// creating the resource: a prod task definition with a writable root filesystem previews clean,
// then fails the update, naming the rule, and the task definition is never created.
// TestCLIVpclinkUpChecksRestBody: at `up` the body is known and the pack reads its methods, naming
// each by path and method.
func TestCLIVpclinkUpChecksRestBody(t *testing.T) {
	var out bytes.Buffer
	s, _ := openVpclink(t, &out, "dev", `vpclink:frontends=[{"variant":"rest-alb"}]`)
	res, err := s.Up(context.Background())
	if err != nil {
		t.Fatalf("up failed: %v\n%s", err, out.String()+res.StdErr)
	}
	text := out.String() + res.StdErr
	for _, want := range []string{"VPCL-APIGW-AUTHORIZATION", "method ANY /api of REST API rest-alb has authorization NONE", "method ANY /api/{proxy+} of REST API rest-alb"} {
		if !strings.Contains(text, want) {
			t.Errorf("up output lacks %q:\n%s", want, text)
		}
	}
}

func TestCLIVpclinkUpChecksContainerDefinitions(t *testing.T) {
	var out bytes.Buffer
	s, srv := openVpclink(t, &out, "prod", `vpclink:services={"api":{"readonlyRootFilesystem":false,"desiredCount":3}}`)
	if _, err := s.Preview(context.Background()); err != nil {
		t.Fatalf("preview failed, yet it cannot see the container definitions: %v\n%s", err, out.String())
	}
	out.Reset()
	res, err := s.Up(context.Background())
	if err == nil {
		t.Fatalf("up with a writable root filesystem in prod passed:\n%s", out.String())
	}
	text := out.String() + res.StdErr + err.Error()
	if !strings.Contains(text, "VPCL-ECS-READONLY-ROOT") || !strings.Contains(text, "mandatory because vpclink:environment is prod") {
		t.Errorf("up failed without naming VPCL-ECS-READONLY-ROOT:\n%s", text)
	}
	for _, r := range srv.Live() {
		if r.Type == "aws:ecs/taskDefinition:TaskDefinition" {
			t.Errorf("the task definition was created: %s", r.URN)
		}
	}
}
