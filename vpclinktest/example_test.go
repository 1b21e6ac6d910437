package vpclinktest_test

import (
	"fmt"
	"log"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/vpclink/vpclink/policy"
	"github.com/vpclink/vpclink/stacks"
	"github.com/vpclink/vpclink/vpclinktest"
)

// A platform team's own program: vpclink's stack from a Config built in Go, plus a log group of
// the team's, named from the team's own config key. Plan runs it offline.
func ExamplePlan() {
	program := func(ctx *pulumi.Context) error {
		d, err := stacks.Deploy(ctx, &stacks.Config{
			Environment:   stacks.Prod,
			Frontends:     []stacks.FrontendConfig{{Variant: stacks.HttpAlb, Name: "edge"}},
			LoadBalancers: stacks.LoadBalancersConfig{AccessLogsBucket: "acme-prod-lb-logs"},
			Protect:       true,
		})
		if err != nil {
			return err
		}
		d.Export(ctx)
		team := config.Require(ctx, "acme:team")
		_, err = cloudwatch.NewLogGroup(ctx, team+"-audit", &cloudwatch.LogGroupArgs{RetentionInDays: pulumi.Int(365)})
		return err
	}
	p, err := vpclinktest.Plan(program, vpclinktest.Options{
		Project: "acme-edge", Stack: "prod", Environment: "prod",
		Config: map[string]string{"acme:team": "payments"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Count("aws:lb/loadBalancer:LoadBalancer"), "load balancer,", p.Count("aws:cloudwatch/logGroup:LogGroup"), "log groups")
	alb, err := p.Named("aws:lb/loadBalancer:LoadBalancer", "alb")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("internal:", vpclinktest.Inputs(alb)["internal"], "protected:", alb.Protect)
	mandatory := 0
	for _, f := range p.Findings {
		if f.Severity == policy.Mandatory {
			fmt.Println("refused:", f.RuleID, f.Name)
			mandatory++
		}
	}
	fmt.Println(mandatory, "mandatory findings")
	// Output:
	// 1 load balancer, 4 log groups
	// internal: true protected: true
	// 0 mandatory findings
}

// The offline cloud is a pulumi.MockResourceMonitor: any program, with pulumi.WithMocks.
func ExampleNewCloud() {
	cloud := vpclinktest.NewCloud("acme-edge", "dev", "eu-west-1")
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := cloudwatch.NewLogGroup(ctx, "audit", &cloudwatch.LogGroupArgs{Name: pulumi.String("/acme/audit")})
		return err
	}, pulumi.WithMocks(cloud.Project, cloud.Stack, cloud))
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range cloud.Resources() {
		fmt.Println(r.Type, r.Name, r.ID, vpclinktest.Outputs(r)["arn"])
	}
	// Output:
	// aws:cloudwatch/logGroup:LogGroup audit /acme/audit arn:aws:logs:eu-west-1:123456789012:log-group:/acme/audit
}
