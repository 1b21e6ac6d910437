package vpclinktest_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	vpcplan "github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/stacks"
	"github.com/vpclink/vpclink/vpclinktest"
)

// pulumiRoot is the Pulumi CLI the test runs, or a skip (a failure in CI) without one.
func pulumiRoot(t *testing.T) string {
	if root := os.Getenv("VPCLINK_PULUMI_ROOT"); root != "" {
		return root
	}
	if p, err := exec.LookPath("pulumi"); err == nil {
		return filepath.Dir(filepath.Dir(p))
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("this test needs the Pulumi CLI: set VPCLINK_PULUMI_ROOT or put pulumi on PATH")
	}
	t.Skip("this test needs the Pulumi CLI: set VPCLINK_PULUMI_ROOT or put pulumi on PATH")
	return ""
}

// What a team does to test its embedding end to end without AWS: its own project, a file://
// backend in a temp dir, vpclink's stack opened with stacks.Open, and the real engine attached to
// the test kit's fake providers. Up runs to completion, the fake cloud holds what the offline
// plan shows, and Destroy empties it.
func TestOpenWithTheKitsProviders(t *testing.T) {
	root := pulumiRoot(t)
	ctx := context.Background()
	dir := t.TempDir()
	project := "name: acme-edge\nruntime: go\n"
	stack := "config:\n  aws:region: us-east-1\n  acme-edge:frontends:\n    - variant: http-alb\n      name: edge\n"
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte(project), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte(stack), 0o644); err != nil {
		t.Fatal(err)
	}

	providers, err := vpclinktest.StartProviders(vpclinktest.ProviderOptions{Project: "acme-edge", Stack: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	defer providers.Close()
	s, err := stacks.Open(ctx, stacks.Options{
		ProjectDir: dir, Stack: "dev",
		BackendURL:        "file://" + filepath.ToSlash(t.TempDir()),
		SecretsPassphrase: "test only",
		PulumiRoot:        root, PulumiHome: t.TempDir(),
		EnvVars:   providers.EnvVars(),
		Overrides: []stacks.Override{{Key: "services.api.desiredCount", Value: "2"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// AWS refuses the VPC link the first time (the account is at its 10 V2 links, aws-facts A3):
	// Up fails with AWS's words, and the next Up, once the quota is raised, completes.
	const quota = "creating API Gateway v2 VPC Link (http-link): BadRequestException: There are too many Vpc Links defined for this account. Limit is 10."
	providers.Inject(vpclinktest.Fault{Op: "create", Type: "aws:apigatewayv2/vpcLink:VpcLink", Err: quota})
	if _, err := s.Up(ctx); err == nil || !strings.Contains(err.Error(), "There are too many Vpc Links") {
		t.Fatalf("Up with the link refused: want AWS's error, got %v", err)
	}
	if fired := providers.FiredFaults(); len(fired) != 1 || !strings.HasSuffix(fired[0].URN, "::http-link") {
		t.Fatalf("fired faults: %+v", fired)
	}
	if n := len(providers.PendingFaults()); n != 0 {
		t.Errorf("%d faults still pending", n)
	}
	res, err := s.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Outputs["frontends"]; !ok {
		t.Errorf("outputs: %v", res.Outputs)
	}

	// The engine created exactly what the offline plan shows, with the same ids.
	plan, err := vpcplan.OfStack(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	live := map[string]string{}
	for _, r := range providers.Live() {
		live[r.URN] = r.ID
	}
	for _, r := range plan.Resources {
		if !r.Custom || r.Remote {
			continue
		}
		if id, ok := live[r.URN]; !ok || id != r.ID {
			t.Errorf("%s: live id %q, planned %q", r.URN, id, r.ID)
		}
	}
	creates := 0
	for _, op := range providers.Ops() {
		if op.Kind == "Create" {
			creates++
		}
	}
	// Every live resource was created once (a refused create is in FiredFaults, not in Ops).
	if creates == 0 || creates != len(providers.Live()) {
		t.Errorf("%d creates for %d live resources", creates, len(providers.Live()))
	}

	if _, err := s.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(providers.Live()); n != 0 {
		t.Errorf("%d resources left after Destroy", n)
	}
}
