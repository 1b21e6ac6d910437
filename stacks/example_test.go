package stacks_test

import (
	"context"
	"fmt"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/vpclink/vpclink/policy"
	"github.com/vpclink/vpclink/stacks"
	"github.com/vpclink/vpclink/vpclinktest"
)

// Open a stack of a team's own project on a file:// backend and run it to completion against the
// test kit's fake providers: the real Pulumi engine, no AWS. With real credentials the same code,
// without EnvVars, deploys (then PulumiRoot is the installed CLI, and SecretsPassphrase a secret).
// It needs the Pulumi CLI (VPCLINK_PULUMI_ROOT, which scripts/test sets, or pulumi on PATH).
func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "acme-edge")
	defer os.RemoveAll(dir)
	_ = os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: acme-edge\nruntime: go\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte("config:\n  aws:region: us-east-1\n"), 0o644)
	state := filepath.Join(dir, ".state") // a file:// backend is a directory that exists
	_ = os.Mkdir(state, 0o755)

	providers, err := vpclinktest.StartProviders(vpclinktest.ProviderOptions{Project: "acme-edge", Stack: "dev"})
	if err != nil {
		log.Fatal(err)
	}
	defer providers.Close()
	s, err := stacks.Open(ctx, stacks.Options{
		ProjectDir: dir, Stack: "dev",
		BackendURL:        "file://" + filepath.ToSlash(state),
		SecretsPassphrase: "example only",
		PulumiRoot:        os.Getenv("VPCLINK_PULUMI_ROOT"),
		PulumiHome:        filepath.Join(dir, ".pulumi-home"),
		EnvVars:           providers.EnvVars(),
		// For this run only; Pulumi.dev.yaml is left as it is.
		Overrides: []stacks.Override{
			{Key: "frontends", Value: `[{"variant":"http-alb","name":"edge"}]`},
			{Key: "services.api.desiredCount", Value: "2"},
		},
	})
	if err != nil {
		log.Fatal(err) // a *stacks.ValidationError lists every config problem
	}
	defer s.Close()
	res, err := s.Up(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("up:", res.Summary.Result, len(providers.Live()), "resources")
	urls := res.Outputs["frontends"].Value.(map[string]any)["edge"].(map[string]any)
	fmt.Println("edge:", urls["url"])
	if _, err := s.Destroy(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("destroy:", len(providers.Live()), "resources")
	// Output:
	// up: succeeded 36 resources
	// edge: https://0rvyrx8w83.execute-api.us-east-1.amazonaws.com/
	// destroy: 0 resources
}

// Plan a stack offline: no credentials, no engine.
func ExampleRunPlan() {
	p, err := stacks.RunPlan(context.Background(), stacks.PlanOptions{Stack: "dev"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d resources, %.2f %s per month before traffic\n", len(p.Resources), p.Cost.Monthly, p.Cost.Currency)
	// Output: 38 resources, 61.94 USD per month before traffic
}

// Plan the prod stack offline with a REST frontend instead of its own, for this plan only, then
// read the estimated cost and the policy findings. A mandatory finding is one an update with the
// policy pack would refuse.
func ExampleRunPlan_override() {
	p, err := stacks.RunPlan(context.Background(), stacks.PlanOptions{
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
	// rest-nlb: 152.96 USD per month before traffic
	// 0 mandatory findings; advice from [VPCL-APIGW-AUTHORIZATION VPCL-APIGW-WAF VPCL-APIGW-XRAY VPCL-LB-ACCESS-LOGS VPCL-LB-LISTENER-TLS]
}
