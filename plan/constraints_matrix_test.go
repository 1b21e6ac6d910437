package plan_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/awsspec"
	"github.com/vpclink/vpclink/internal/plantest"
	"github.com/vpclink/vpclink/plan"
)

// frontends renders a vpclink:frontends override.
func frontends(fs ...map[string]any) string {
	b, _ := json.Marshal(fs)
	return "vpclink:frontends=" + string(b)
}

func variant(v string) map[string]any { return map[string]any{"variant": v} }

// TestEveryStackAndVariantPlansWithinAwsConstraints runs every stack and variant through the
// awsspec table: the plan fails with a *plan.ConstraintError on any value AWS would refuse, and
// each registered resource is checked here once more. Names are as long as config allows: three
// services of 20 characters, frontends of 30, so the derived names (target groups alb-<service>,
// roles <service>-execution-<random>, log groups <frontend>-access-logs) are at their longest.
func TestEveryStackAndVariantPlansWithinAwsConstraints(t *testing.T) {
	all := []map[string]any{variant("http-alb"), variant("http-nlb"), variant("http-cloudmap"), variant("rest-nlb"), variant("private-rest")}
	longServices := fmt.Sprintf(`vpclink:services={%q:{"port":8081,"listenerPort":9001,"pathPrefix":%q},%q:{"port":8082,"listenerPort":9002},%q:{"port":8083,"listenerPort":9003,"healthCheckPath":%q}}`,
		strings.Repeat("a", 19)+"1", "/"+strings.Repeat("p", 125), strings.Repeat("b", 10)+"-"+strings.Repeat("c", 9), "z"+strings.Repeat("9", 18)+"z",
		"/"+strings.Repeat("h", 1023))
	longFrontends := []map[string]any{}
	for i, v := range []string{"http-alb", "http-nlb", "http-cloudmap", "rest-nlb", "private-rest"} {
		longFrontends = append(longFrontends, map[string]any{"variant": v, "name": fmt.Sprintf("f%d", i) + strings.Repeat("x", 28),
			"stageName": strings.Repeat("s", 128)})
	}
	ecrImage := "vpclink:services.api.image=123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1"
	existing := `vpclink:network.existing={"vpcId":"vpc-0a1b2c3d4e5f67890","cidr":"10.20.0.0/16","privateSubnetIds":["subnet-0a1b2c3d4e5f67890","subnet-0a1b2c3d4e5f67891","subnet-0a1b2c3d4e5f67892"]}`
	tags := `vpclink:tags={"team":"platform","cost-center":"cc-1234:eu/west","owner":"ops@example.com"}`

	cases := map[string][]string{
		"stack file":                                     nil,
		"shared: http-alb and rest-nlb":                  {frontends(variant("http-alb"), variant("rest-nlb"))},
		"shared: http-nlb, rest-nlb and private-rest":    {frontends(variant("http-nlb"), variant("rest-nlb"), variant("private-rest"))},
		"shared: every variant":                          {frontends(all...)},
		"every variant, NAT none":                        {frontends(all...), "vpclink:network.natGateways=none", ecrImage},
		"private DNS":                                    {frontends(map[string]any{"variant": "private-rest", "privateDns": true})},
		"existing VPC, every variant":                    {frontends(all...), existing},
		"existing VPC, private DNS":                      {frontends(map[string]any{"variant": "private-rest", "privateDns": true}), existing},
		"three services with long names, long frontends": {frontends(longFrontends...), longServices},
		"tags": {frontends(all...), tags},
		"TLS listeners and access logs": {frontends(map[string]any{"variant": "http-alb", "tlsServerName": "api.internal.example.com"}, map[string]any{"variant": "rest-nlb", "tlsServerName": "api.internal.example.com"}),
			`vpclink:loadBalancers={"certificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666","accessLogsBucket":"vpclink-logs-123456789012"}`},
		"autoscaling, secrets, endpoints": {`vpclink:services.api.autoscaling={"min":1,"max":4}`, "vpclink:services.api.secrets.DB=arn:aws:ssm:us-east-1:123456789012:parameter/db",
			`vpclink:network.endpoints=["secretsmanager","ssm","sts","dynamodb"]`},
	}
	for _, v := range []string{"http-alb", "http-nlb", "http-cloudmap", "rest-nlb", "private-rest"} {
		cases["variant "+v] = []string{frontends(variant(v))}
	}
	for _, stack := range []string{"dev", "prod"} {
		for name, overrides := range cases {
			t.Run(stack+"/"+name, func(t *testing.T) {
				p, err := plantest.TryPlan(stack, overrides...)
				var ce *plan.ConstraintError
				if errors.As(err, &ce) {
					t.Fatalf("the program sends AWS values it refuses:\n%v", err)
				}
				if err != nil {
					t.Fatalf("plan: %v", err)
				}
				checked := 0
				for _, r := range p.Resources {
					if !r.Custom && !r.Remote {
						continue
					}
					checked++
					for _, v := range awsspec.CheckResource(r.Type, r.Inputs, r.Name) {
						t.Errorf("%s: %s", r.URN, v)
					}
				}
				if checked < 20 {
					t.Errorf("only %d resources checked", checked)
				}
			})
		}
	}
}
