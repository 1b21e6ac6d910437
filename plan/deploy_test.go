package plan_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/stacks"
	"github.com/vpclink/vpclink/vpclinktest"
)

func deployProgram(cfg *stacks.Config) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		d, err := stacks.Deploy(ctx, cfg)
		if err != nil {
			return err
		}
		d.Export(ctx)
		return nil
	}
}

func urns(p *vpclinktest.Result) []string {
	var out []string
	for _, r := range p.Resources {
		out = append(out, r.URN)
	}
	return out
}

// A Config built in Go used to panic in Deploy (nil LoadBalancers.DeletionProtection); it gets
// ParseConfig's defaults instead.
func TestDeployTakesAConfigBuiltInGo(t *testing.T) {
	cfg := &stacks.Config{Frontends: []stacks.FrontendConfig{{Variant: stacks.RestNlb}}, Services: []stacks.ServiceConfig{{Name: "orders", Image: "example/orders:1"}}}
	p, err := vpclinktest.Plan(deployProgram(cfg), vpclinktest.Options{Project: "acme-edge"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Count("aws:lb/loadBalancer:LoadBalancer") != 1 || p.Count("aws:apigateway/restApi:RestApi") != 1 {
		t.Errorf("want one NLB and one REST API, got %d and %d", p.Count("aws:lb/loadBalancer:LoadBalancer"), p.Count("aws:apigateway/restApi:RestApi"))
	}
	if cfg.LoadBalancers.DeletionProtection != nil || cfg.Services[0].Port != 0 {
		t.Error("Deploy modified the caller's Config")
	}
}

// The zero Config deploys exactly what the program deploys from an empty stack config (with the
// one documented exception, the API Gateway account, which only REST frontends use).
func TestDeployZeroConfigIsTheDefaultStack(t *testing.T) {
	fromGo, err := vpclinktest.Plan(deployProgram(&stacks.Config{}), vpclinktest.Options{Project: "vpclink"})
	if err != nil {
		t.Fatal(err)
	}
	fromConfig, err := vpclinktest.Plan(stacks.Program, vpclinktest.Options{Project: "vpclink"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(urns(fromGo), urns(fromConfig)) {
		t.Errorf("Deploy(&Config{}) registers %d resources, the program with no config %d", len(fromGo.Resources), len(fromConfig.Resources))
	}
	if nilCfg, err := vpclinktest.Plan(deployProgram(nil), vpclinktest.Options{Project: "vpclink"}); err != nil || !slices.Equal(urns(nilCfg), urns(fromConfig)) {
		t.Errorf("Deploy(nil): %v", err)
	}
}

// Missing required fields are reported, all of them, before anything is created.
func TestDeployReportsMissingRequiredFields(t *testing.T) {
	cfg := &stacks.Config{
		Network:   stacks.NetworkConfig{Existing: &stacks.ExistingConfig{Cidr: "10.0.0.0/16"}},
		Services:  []stacks.ServiceConfig{{Image: "example/a:1"}},
		Frontends: []stacks.FrontendConfig{{Name: "public"}},
	}
	cloud := vpclinktest.NewCloud("acme-edge", "dev", "us-east-1")
	_, err := cloud.Run(map[string]string{"aws:region": "us-east-1"}, nil, func(ctx *pulumi.Context) error {
		_, err := stacks.Deploy(ctx, cfg)
		return err
	})
	var ve *stacks.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %v", err)
	}
	var keys []string
	for _, p := range ve.Problems {
		keys = append(keys, p.Key)
	}
	for _, want := range []string{"acme-edge:services", "acme-edge:frontends[0].variant", "acme-edge:network.existing.vpcId"} {
		if !slices.Contains(keys, want) {
			t.Errorf("no problem for %s in %v", want, err)
		}
	}
	if n := len(cloud.Resources()); n != 0 {
		t.Errorf("%d resources registered before the error", n)
	}
}
