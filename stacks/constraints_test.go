package stacks

import (
	"errors"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TestPlanFailsOnAValueTheProgramSendsAndAwsRefuses: a program that registers a value AWS refuses
// (here vpclink's own program plus a security group named sg-... and described with an
// apostrophe) fails the offline plan with a *ConstraintError listing the URN,
// property, value and rule of each; it is a bug in vpclink, not a finding about the stack.
func TestPlanFailsOnAValueTheProgramSendsAndAwsRefuses(t *testing.T) {
	l, err := loadStack(projectDir, "dev", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	bad := func(ctx *pulumi.Context) error {
		if err := Program(ctx); err != nil {
			return err
		}
		_, err := ec2.NewSecurityGroup(ctx, "sg-injected", &ec2.SecurityGroupArgs{Description: pulumi.String("the API's clients")})
		return err
	}
	_, err = planConfig(l.project, "dev", l.cfg.Region, l.raw, l.secrets, nil, bad)
	var ce *ConstraintError
	if !errors.As(err, &ce) {
		t.Fatalf("want a *ConstraintError, got %v", err)
	}
	got := map[string]ResourceViolation{}
	for _, v := range ce.Violations {
		got[v.Rule] = v
	}
	c1, c2 := got["C1"], got["C2"]
	if len(ce.Violations) != 2 || c1.Property != "description" || c1.Value != "the API's clients" ||
		c2.Property != "name" || !strings.HasPrefix(c2.Value, "sg-injected-") ||
		c1.URN != "urn:pulumi:dev::vpclink::aws:ec2/securityGroup:SecurityGroup::sg-injected" {
		t.Errorf("violations: %+v", ce.Violations)
	}
	for _, want := range []string{"bug in vpclink", "sg-injected", "description", "the API's clients", "C1", "Invalid security group description", "ec2/api_op_CreateSecurityGroup.go"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	// The same program without the injected group plans.
	if _, err := planConfig(l.project, "dev", l.cfg.Region, l.raw, l.secrets, nil, Program); err != nil {
		t.Errorf("dev: %v", err)
	}
}
