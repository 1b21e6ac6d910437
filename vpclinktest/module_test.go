package vpclinktest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The embedding as a platform team has it: a module of its own, with a replace to a vpclink
// checkout, that can only use vpclink's public packages (the Go toolchain refuses internal/ from
// another module). Its test plans its own program with vpclinktest, with resources and findings
// passed to its own functions, and deploys a Config built in Go.
const embedderGoMod = `module example.com/acme-edge

go 1.26.6

require github.com/vpclink/vpclink v0.0.0

replace github.com/vpclink/vpclink => %s
`

const embedderProgram = `package edge

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/stacks"
	"github.com/vpclink/vpclink/plan"
)

// Program is the team's program: vpclink's stack from a Config built in Go, plus an HTTP API of
// its own in front of the ALB that stack made.
func Program(ctx *pulumi.Context) error {
	d, err := stacks.Deploy(ctx, &stacks.Config{
		Services:  []stacks.ServiceConfig{{Name: "orders", Image: "example/orders:1"}},
		Frontends: []stacks.FrontendConfig{{Variant: stacks.HttpAlb, Name: "edge"}},
	})
	if err != nil {
		return err
	}
	d.Export(ctx)
	api, err := components.NewHttpApi(ctx, "partners", &components.HttpApiArgs{
		VpcLinkId: d.HttpLink.VpcLinkId,
		Routes:    []components.HttpRoute{{Name: "orders", PathPrefix: "/partners", IntegrationUri: d.Alb.ListenerArn}},
	})
	if err != nil {
		return err
	}
	ctx.Export("partners", api.InvokeUrl)
	return nil
}

// Tagged is a check of the team's own, on vpclink's public plan types.
func Tagged(rs []plan.Resource) int {
	n := 0
	for _, r := range rs {
		if _, ok := r.Inputs["tags"]; ok {
			n++
		}
	}
	return n
}
`

const embedderTest = `package edge

import (
	"testing"

	"github.com/vpclink/vpclink/policy"
	"github.com/vpclink/vpclink/vpclinktest"
)

func TestProgram(t *testing.T) {
	p, err := vpclinktest.Plan(Program, vpclinktest.Options{Project: "acme-edge"})
	if err != nil {
		t.Fatal(err)
	}
	if n := p.Count("aws:apigatewayv2/api:Api"); n != 2 {
		t.Errorf("%d HTTP APIs, want vpclink's and the team's", n)
	}
	if _, ok := p.Outputs["partners"]; !ok {
		t.Errorf("outputs: %v", p.Outputs)
	}
	if Tagged(p.Resources) == 0 {
		t.Error("nothing tagged")
	}
	for _, f := range p.Findings {
		if f.Severity == policy.Mandatory {
			t.Errorf("mandatory finding in dev: %s %s", f.RuleID, f.Name)
		}
	}
}
`

// embedderArgsTest is the team composing components with bad args: each constructor refuses with
// an ArgsError that names the instance, and registers nothing.
const embedderArgsTest = `package edge

import (
	"errors"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/vpclinktest"
)

func TestComponentsRefuseBadArgs(t *testing.T) {
	var eleven pulumi.StringArray
	for i := range 11 {
		eleven = append(eleven, pulumi.String(fmt.Sprintf("subnet-0aaa1111bbbb2%04x", i)))
	}
	uri := pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/50dc6c495c0c9188/f2f7dc8efc522ab2")
	for name, run := range map[string]func(*pulumi.Context) error{
		"team-link": func(ctx *pulumi.Context) error {
			_, err := components.NewHttpLink(ctx, "team-link", &components.HttpLinkArgs{VpcId: pulumi.String("vpc-0a1b2c3d4e5f60718"), SubnetIds: eleven})
			return err
		},
		"team-api": func(ctx *pulumi.Context) error {
			r := components.HttpRoute{Name: "orders", PathPrefix: "/orders", IntegrationUri: uri}
			_, err := components.NewHttpApi(ctx, "team-api", &components.HttpApiArgs{VpcLinkId: pulumi.String("l1"), Routes: []components.HttpRoute{r, r}})
			return err
		},
		"team-alb": func(ctx *pulumi.Context) error {
			_, err := components.NewAlb(ctx, "team-alb", &components.AlbArgs{VpcId: pulumi.String("vpc-0a1b2c3d4e5f60718"), SubnetIds: eleven[:2],
				Routes: []components.AlbRoute{{Name: "orders", PathPrefix: "/orders", TargetPort: 0}}})
			return err
		},
	} {
		cloud := vpclinktest.NewCloud("acme-edge", "dev", "us-east-1")
		_, err := cloud.Run(nil, nil, run)
		var ae *components.ArgsError
		if !errors.As(err, &ae) || ae.Name != name {
			t.Errorf("%s: want an ArgsError naming it, got %v", name, err)
		}
		if n := len(cloud.Resources()); n != 0 {
			t.Errorf("%s: %d resources registered", name, n)
		}
	}
}
`

func TestAnotherModuleEmbedsVpclink(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate module")
	}
	_, file, _, _ := runtime.Caller(0)
	repo := filepath.Dir(filepath.Dir(file))
	dir := t.TempDir()
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":       strings.Replace(embedderGoMod, "%s", filepath.ToSlash(repo), 1),
		"go.sum":       string(sum),
		"edge.go":      embedderProgram,
		"edge_test.go": embedderTest,
		"args_test.go": embedderArgsTest,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Offline: everything comes from the module cache vpclink's own build filled; -mod=mod lets
	// the go command complete the requirements from it.
	cmd := exec.Command("go", "test", "-count=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in the embedding module: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "ok  \texample.com/acme-edge") {
		t.Errorf("unexpected output:\n%s", out)
	}
}
