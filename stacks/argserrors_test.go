package stacks

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/components"
)

// A component's refusal reads as a config error: each problem names the config key the
// component's field came from, and the ArgsError stays reachable with errors.As.
func TestComponentErrorsMapToConfigKeys(t *testing.T) {
	cfg := &Config{Services: []ServiceConfig{{Name: "orders"}, {Name: "users"}}}
	ae := &components.ArgsError{Type: components.HttpApiType, Name: "web", Problems: []components.FieldProblem{
		{Field: "stageName", Value: "has space", Rule: "must be $default or 1 to 128 letters (awsspec C19)"},
		{Field: "routes[1].pathPrefix", Value: "/users/", Rule: "must look like /api"},
		{Field: "throttling.rateLimit", Value: -1.0, Rule: "is out of range"},
		{Field: "tags.aws:x", Value: "y", Rule: "reserved"},
	}}
	err := atKey(fmt.Errorf("wrapped: %w", ae), under(cfg, "frontends[0]"))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T", err)
	}
	var keys []string
	for _, p := range ve.Problems {
		keys = append(keys, p.Key)
	}
	want := `vpclink:frontends[0].stageName vpclink:services.users.pathPrefix vpclink:frontends[0].throttling.rateLimit vpclink:tags["aws:x"]`
	if strings.Join(keys, " ") != want {
		t.Errorf("keys = %v\nwant    %s", keys, want)
	}
	if got := ve.Problems[0].Message; got != `"has space": must be $default or 1 to 128 letters (awsspec C19) (HttpApi "web")` {
		t.Errorf("message = %q", got)
	}
	var back *components.ArgsError
	if !errors.As(err, &back) || back != ae {
		t.Errorf("the ArgsError is not reachable from the config error")
	}
	if plain := errors.New("x"); atKey(plain, under(cfg, "network")) != plain {
		t.Errorf("other errors must pass through unchanged")
	}
}

func TestComponentErrorRenamesAndServiceLists(t *testing.T) {
	cfg := &Config{Services: []ServiceConfig{{Name: "orders"}}}
	for _, tc := range []struct {
		m     keyMap
		field string
		want  string
	}{
		{renamed(cfg, "network", map[string]string{"cidrBlock": "network.cidr"}), "cidrBlock", "network.cidr"},
		{renamed(cfg, "network", map[string]string{"subnetIds": subnetsKey(cfg)}), "subnetIds", "network.availabilityZones"},
		{renamed(cfg, "loadBalancers", nil), "routes[0].targetPort", "services.orders.port"},
		{renamed(cfg, "loadBalancers", nil), "listeners[0].port", "services.orders.listenerPort"},
		{serviceList(cfg), "services[0]", "services.orders"},
		{under(cfg, "frontends"), "", "frontends"},
	} {
		if got := tc.m(tc.field); got != tc.want {
			t.Errorf("%s -> %s, want %s", tc.field, got, tc.want)
		}
	}
}
