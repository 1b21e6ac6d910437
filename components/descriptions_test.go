package components_test

import (
	"testing"

	"github.com/vpclink/vpclink/awsspec"
	"github.com/vpclink/vpclink/internal/plantest"
)

// TestSecurityGroupDescriptionsUseEc2Charset: every security group and rule description the
// program writes, in every variant, is one EC2 accepts (aws-facts C1): up to 255 of a-zA-Z0-9,
// space and ._-:/()#,@[]+=&;{}!$*. The execute-api endpoint's group said "the API's clients",
// and EC2 refuses an apostrophe, so prod could not deploy.
func TestSecurityGroupDescriptionsUseEc2Charset(t *testing.T) {
	all := `vpclink:frontends=[{"variant":"http-alb"},{"variant":"http-nlb"},{"variant":"http-cloudmap"},{"variant":"rest-nlb"},{"variant":"private-rest","clientCidrs":["10.0.0.0/16","192.168.0.0/24"]}]`
	for _, stack := range []string{"dev", "prod"} {
		p, err := plantest.TryPlan(stack, all, threeServices)
		if err != nil {
			t.Fatalf("plan %s: %v", stack, err)
		}
		groups, rules := 0, 0
		for _, r := range p.Resources {
			desc := plantest.Str(plantest.In(r), "description")
			switch r.Type {
			case awsspec.SecurityGroup:
				groups++
				if err := awsspec.SecurityGroupDescription(desc); err != nil {
					t.Errorf("%s: group %s: %v", stack, r.Name, err)
				}
			case awsspec.SecurityGroupIngress, awsspec.SecurityGroupEgress:
				rules++
				if err := awsspec.RuleDescription(desc); err != nil {
					t.Errorf("%s: rule %s: %v", stack, r.Name, err)
				}
			}
		}
		if groups < 6 || rules < 10 {
			t.Errorf("%s: only %d groups and %d rules planned; the test covers less than it should", stack, groups, rules)
		}
	}
}
