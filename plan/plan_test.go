package plan

import (
	"context"
	"testing"

	"github.com/vpclink/vpclink/stacks"
)

// projectDir is the repository's own project: Pulumi.yaml and the dev and prod stacks.
const projectDir = ".."

// overrides parses KEY=VALUE config overrides.
func overrides(t testing.TB, texts ...string) []stacks.Override {
	t.Helper()
	var ovs []stacks.Override
	for _, o := range texts {
		ov, err := stacks.ParseOverride(o)
		if err != nil {
			t.Fatal(err)
		}
		ovs = append(ovs, ov)
	}
	return ovs
}

// load reads and validates a stack's config of the project, with overrides.
func load(t testing.TB, stack string, texts ...string) (*stacks.Config, error) {
	t.Helper()
	cfg, _, err := stacks.LoadStackConfig(context.Background(), projectDir, stack, overrides(t, texts...))
	return cfg, err
}
