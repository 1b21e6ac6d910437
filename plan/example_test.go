package plan_test

import (
	"context"
	"fmt"
	"log"
	"maps"
	"slices"

	"github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/policy"
	"github.com/vpclink/vpclink/stacks"
)

// Plan a stack offline: no credentials, no engine.
func ExampleRun() {
	p, err := plan.Run(context.Background(), plan.Options{Stack: "dev"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d resources, %.2f %s per month before traffic\n", len(p.Resources), p.Cost.Monthly, p.Cost.Currency)
	// Output: 38 resources, 61.94 USD per month before traffic
}

// Plan the prod stack offline with a REST frontend instead of its own, for this plan only, then
// read the estimated cost and the policy findings. A mandatory finding is one an update with the
// policy pack would refuse.
func ExampleRun_override() {
	p, err := plan.Run(context.Background(), plan.Options{
		Stack:     "prod",
		Overrides: []stacks.Override{{Key: "frontends", Value: `[{"variant":"rest-nlb"}]`}},
	})
	if err != nil {
		log.Fatal(err) // a *stacks.ValidationError lists every config problem
	}
	fmt.Printf("%s: %.2f %s per month before traffic\n", p.Config.Frontends[0].Variant, p.Cost.Monthly, p.Cost.Currency)
	mandatory := 0
	rules := map[string]bool{}
	for _, f := range p.Findings {
		if f.Severity == policy.Mandatory {
			mandatory++
		}
		rules[f.RuleID] = true
	}
	fmt.Printf("%d mandatory findings; advice from %v\n", mandatory, slices.Sorted(maps.Keys(rules)))
	// Output:
	// rest-nlb: 161.96 USD per month before traffic
	// 0 mandatory findings; advice from [VPCL-APIGW-AUTHORIZATION VPCL-APIGW-XRAY VPCL-LB-ACCESS-LOGS VPCL-LB-LISTENER-TLS]
}
