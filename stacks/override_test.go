package stacks

import (
	"strings"
	"testing"
)

func TestParseOverride(t *testing.T) {
	tests := []struct{ in, key, value string }{
		{"vpclink:frontends[0].variant=rest-nlb", "vpclink:frontends[0].variant", "rest-nlb"},
		{"network.cidr=10.1.0.0/16", "network.cidr", "10.1.0.0/16"},
		{`vpclink:frontends=[{"variant":"private-rest"}]`, "vpclink:frontends", `[{"variant":"private-rest"}]`},
		{"aws:region=eu-west-1", "aws:region", "eu-west-1"},
		{"vpclink:tags.team=a=b", "vpclink:tags.team", "a=b"},
	}
	for _, tt := range tests {
		o, err := ParseOverride(tt.in)
		if err != nil || o.Key != tt.key || o.Value != tt.value {
			t.Errorf("ParseOverride(%q) = %+v, %v", tt.in, o, err)
		}
	}
	if _, err := ParseOverride("novalue"); err == nil || !strings.Contains(err.Error(), "KEY=VALUE") {
		t.Errorf("error = %v", err)
	}
}

// A path into a key the stack file leaves to Pulumi.yaml starts from the project default.
func TestOverridePathStartsFromProjectDefault(t *testing.T) {
	cfg, err := load(t, "dev", "vpclink:frontends[0].variant=rest-nlb", "vpclink:services.api.desiredCount=2")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Frontends) != 1 || cfg.Frontends[0].Variant != RestNlb {
		t.Errorf("frontends = %+v", cfg.Frontends)
	}
	if s := cfg.Services[0]; s.Name != "api" || *s.DesiredCount != 2 || s.Image != DefaultImage {
		t.Errorf("services = %+v", cfg.Services)
	}
}

func TestOverrideJSONValues(t *testing.T) {
	cfg, err := load(t, "prod", `vpclink:frontends=[{"variant":"private-rest-alb","privateDns":true}]`, "vpclink:protect=false", "vpclink:network.flowLogs=false")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Frontends) != 1 || !cfg.PrivateDns() || cfg.Protect || *cfg.Network.FlowLogs {
		t.Errorf("got %s", cfg.JSON())
	}
}
