package stacks_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vpclink/vpclink/stacks"
	"github.com/vpclink/vpclink/vpclinktest"
)

// Open a stack of a team's own project on a file:// backend and run it to completion against the
// test kit's fake providers: the real Pulumi engine, no AWS. With real credentials the same code,
// without EnvVars, deploys (then PulumiRoot is the installed CLI, and SecretsPassphrase a secret).
// It needs the Pulumi CLI (VPCLINK_PULUMI_ROOT, which scripts/test sets, or pulumi on PATH).
func ExampleOpen() {
	ctx := context.Background()
	root := os.Getenv("VPCLINK_PULUMI_ROOT")
	if root == "" {
		fmt.Println("this example needs the Pulumi CLI: scripts/test builds it and sets VPCLINK_PULUMI_ROOT")
		return
	}
	dir, _ := os.MkdirTemp("", "acme-edge")
	defer os.RemoveAll(dir)
	_ = os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: acme-edge\nruntime: go\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte("config:\n  aws:region: us-east-1\n"), 0o644)
	state := filepath.Join(dir, ".state") // a file:// backend is a directory that exists
	_ = os.Mkdir(state, 0o755)

	providers, err := vpclinktest.StartProviders(vpclinktest.ProviderOptions{Project: "acme-edge", Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer providers.Close()
	s, err := stacks.Open(ctx, stacks.Options{
		ProjectDir: dir, Stack: "dev",
		BackendURL:        "file://" + filepath.ToSlash(state),
		SecretsPassphrase: "example only",
		PulumiRoot:        root,
		PulumiHome:        filepath.Join(dir, ".pulumi-home"),
		EnvVars:           providers.EnvVars(),
		// For this run only; Pulumi.dev.yaml is left as it is.
		Overrides: []stacks.Override{
			{Key: "frontends", Value: `[{"variant":"http-alb","name":"edge"}]`},
			{Key: "services.api.desiredCount", Value: "2"},
		},
	})
	if err != nil {
		fmt.Println(err) // a *stacks.ValidationError lists every config problem
		return
	}
	defer s.Close()
	res, err := s.Up(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("up:", res.Summary.Result, len(providers.Live()), "resources")
	urls := res.Outputs["frontends"].Value.(map[string]any)["edge"].(map[string]any)
	fmt.Println("edge:", urls["url"])
	if _, err := s.Destroy(ctx); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("destroy:", len(providers.Live()), "resources")
	// Output:
	// up: succeeded 36 resources
	// edge: https://0rvyrx8w83.execute-api.us-east-1.amazonaws.com/
	// destroy: 0 resources
}
