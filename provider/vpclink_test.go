package provider_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/provider"
	"github.com/vpclink/vpclink/stacks"
	"github.com/vpclink/vpclink/vpclinktest"
)

func ptr[T any](v T) *T { return &v }

// children are the type and name of every resource a plan registered but the Vpclink itself.
func children(r *vpclinktest.Result) []string {
	var out []string
	for _, res := range r.Resources {
		if res.Type == provider.VpclinkType {
			continue
		}
		out = append(out, res.Type+" "+res.Name)
	}
	slices.Sort(out)
	return out
}

// TestVpclinkBuildsTheProgramsStack: for the dev and prod configs, Vpclink registers the
// resources the Go program registers for the same stack, with the same types and names (their
// URNs differ only by the component's type in the parent chain).
func TestVpclinkBuildsTheProgramsStack(t *testing.T) {
	prod := &provider.VpclinkArgs{
		Environment: ptr("prod"), Protect: ptr(true),
		Network: &provider.NetworkConfig{AvailabilityZones: ptr(3), NatGateways: ptr("onePerAz")},
		Services: map[string]provider.ServiceConfig{"api": {DesiredCount: ptr(3),
			Autoscaling: &provider.AutoscalingConfig{Min: 3, Max: 12}}},
		Frontends: []provider.FrontendConfig{{Variant: "rest-alb"}, {Variant: "private-rest-alb", Name: ptr("internal")}},
	}
	prodConfig := map[string]string{
		"vpclink:environment": "prod", "vpclink:protect": "true",
		"vpclink:network":   `{"availabilityZones":3,"natGateways":"onePerAz"}`,
		"vpclink:services":  `{"api":{"desiredCount":3,"autoscaling":{"min":3,"max":12}}}`,
		"vpclink:frontends": `[{"variant":"rest-alb"},{"variant":"private-rest-alb","name":"internal"}]`,
	}
	for _, tc := range []struct {
		name   string
		args   *provider.VpclinkArgs
		config map[string]string
	}{
		{"dev", nil, nil},
		{"prod", prod, prodConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := vpclinktest.Options{Project: "vpclink", Stack: tc.name}
			viaProgram, err := vpclinktest.Plan(stacks.Program, vpclinktest.Options{Project: "vpclink", Stack: tc.name, Config: tc.config})
			if err != nil {
				t.Fatal(err)
			}
			viaComponent, err := vpclinktest.Plan(func(ctx *pulumi.Context) error {
				v, err := provider.NewVpclink(ctx, "vpclink", tc.args)
				if err != nil {
					return err
				}
				ctx.Export("frontends", v.Frontends.AsAny())
				return nil
			}, opts)
			if err != nil {
				t.Fatal(err)
			}
			want, got := children(viaProgram), children(viaComponent)
			if !slices.Equal(want, got) {
				t.Errorf("Vpclink registered %d resources, the program %d:\n  only Vpclink: %v\n  only the program: %v",
					len(got), len(want), minus(got, want), minus(want, got))
			}
			for _, r := range viaComponent.Resources {
				if r.Type != provider.VpclinkType && r.Parent == "" {
					t.Errorf("%s has no parent", r.URN)
				}
			}
			if len(want) < 30 {
				t.Errorf("only %d resources: the test covers less than it should", len(want))
			}
			if f := fmt.Sprint(viaComponent.Outputs["frontends"].Value); !strings.Contains(f, "execute-api") {
				t.Errorf("frontends output %s has no invoke URL", f)
			}
		})
	}
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// TestVpclinkValidation: the stack config's validation and messages, each naming the input path.
func TestVpclinkValidation(t *testing.T) {
	for _, tc := range []struct {
		args *provider.VpclinkArgs
		want []string
	}{
		{&provider.VpclinkArgs{Frontends: []provider.FrontendConfig{{Variant: "soap"}}}, []string{"frontends[0].variant: "}},
		{&provider.VpclinkArgs{Network: &provider.NetworkConfig{Cidr: ptr("not-a-cidr")}}, []string{"network.cidr: "}},
		{&provider.VpclinkArgs{Network: &provider.NetworkConfig{AvailabilityZones: ptr(9)}}, []string{"network.availabilityZones: "}},
		{&provider.VpclinkArgs{Services: map[string]provider.ServiceConfig{"API": {}}}, []string{`services.API`}},
	} {
		_, err := tc.args.Config("vpclink", "dev", "us-east-1")
		if err == nil {
			t.Errorf("%+v: no error", tc.args)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not name %q", err, w)
			}
		}
		if strings.Contains(err.Error(), "vpclink:") {
			t.Errorf("error %q names stack config keys, not the component's inputs", err)
		}
	}
	// The same values in a stack file and as inputs are the same Config.
	fromInputs, err := (&provider.VpclinkArgs{Frontends: []provider.FrontendConfig{{Variant: "rest-nlb", VpcLink: ptr("v1")}}}).Config("vpclink", "dev", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	fromStack, err := stacks.ParseConfig("vpclink", "dev", func(k string) (string, bool) {
		v, ok := map[string]string{"vpclink:frontends": `[{"variant":"rest-nlb","vpcLink":"v1"}]`, "aws:region": "us-east-1"}[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	if fromInputs.JSON() != fromStack.JSON() {
		t.Errorf("inputs give\n%s\nthe stack file\n%s", fromInputs.JSON(), fromStack.JSON())
	}
}
