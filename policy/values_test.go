package policy_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/internal/offline"
	"github.com/vpclink/vpclink/policy"
)

func TestFromPropertyMap(t *testing.T) {
	ref := resource.MakeCustomResourceReference("urn:pulumi:dev::vpclink::aws:ec2/securityGroup:SecurityGroup::sg", "sg-1", "")
	in := resource.PropertyMap{
		"plain":     resource.NewProperty("v"),
		"number":    resource.NewProperty(3.0),
		"nested":    resource.NewProperty(resource.PropertyMap{"list": resource.NewProperty([]resource.PropertyValue{resource.NewProperty(true), resource.NewNullProperty()})}),
		"secret":    resource.MakeSecret(resource.NewProperty("hunter2")),
		"computed":  resource.MakeComputed(resource.NewProperty("")),
		"unknown":   resource.NewProperty(resource.Output{Known: false}),
		"known":     resource.NewProperty(resource.Output{Known: true, Element: resource.NewProperty("out")}),
		"secretOut": resource.NewProperty(resource.Output{Known: true, Secret: true, Element: resource.NewProperty("hunter2")}),
		"ref":       ref,
	}
	want := map[string]any{
		"plain": "v", "number": 3.0,
		"nested":   map[string]any{"list": []any{true, nil}},
		"secret":   policy.SecretValue,
		"computed": policy.Unknown{}, "unknown": policy.Unknown{},
		"known": "out", "secretOut": policy.SecretValue,
		"ref": "sg-1",
	}
	if got := policy.FromPropertyMap(in); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	if policy.FromPropertyMap(nil) != nil {
		t.Errorf("a nil map must stay nil: it means the inputs are not known")
	}
}

func TestFromOffline(t *testing.T) {
	rs := policy.FromOffline([]offline.Resource{{
		URN: "urn:a", Type: "aws:lb/loadBalancer:LoadBalancer", Name: "lb", Parent: "urn:p", Custom: true,
		Inputs:               resource.PropertyMap{"internal": resource.NewProperty(false), "token": resource.MakeSecret(resource.NewProperty("x"))},
		Outputs:              resource.PropertyMap{"arn": resource.NewProperty("arn:lb")},
		Dependencies:         []string{"urn:sg"},
		PropertyDependencies: map[string][]string{"securityGroups": {"urn:sg"}},
	}})
	want := policy.Resource{
		URN: "urn:a", Type: "aws:lb/loadBalancer:LoadBalancer", Name: "lb", Parent: "urn:p", Custom: true,
		Inputs:               map[string]any{"internal": false, "token": policy.SecretValue},
		Outputs:              map[string]any{"arn": "arn:lb"},
		Dependencies:         []string{"urn:sg"},
		PropertyDependencies: map[string][]string{"securityGroups": {"urn:sg"}},
	}
	if len(rs) != 1 || !reflect.DeepEqual(rs[0], want) {
		t.Errorf("got %#v\nwant %#v", rs, want)
	}
	if fs := policy.Evaluate(rs, policy.Options{Environment: "dev"}); len(fs) == 0 || fs[0].RuleID != "VPCL-ALB-DROP-INVALID-HEADERS" {
		t.Errorf("an internet-facing ALB converted from the offline cloud must be reported, got %s", describe(fs))
	}
}

// TestEveryRuleHasItsTest: each rule has a test function named after it (VPCL-SG-OPEN-INGRESS is
// tested by TestVPCL_SG_OPEN_INGRESS), so a failing test points at its rule and its sources.
func TestEveryRuleHasItsTest(t *testing.T) {
	files, _ := filepath.Glob("*_test.go")
	var src strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	for _, r := range policy.Rules() {
		name := "func Test" + strings.ReplaceAll(r.ID, "-", "_") + "(t *testing.T)"
		if !strings.Contains(src.String(), name) {
			t.Errorf("no %s", name)
		}
	}
}
