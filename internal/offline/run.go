package offline

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// Output is a resolved stack output.
type Output struct {
	Value  any
	Secret bool
}

// Run runs program against the cloud with the given config (namespaced key to raw text, as Pulumi
// hands it to programs) and returns the stack outputs it exported, resolved.
func (c *Cloud) Run(cfg map[string]string, secretKeys []string, program pulumi.RunFunc) (map[string]Output, error) {
	outputs := map[string]Output{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		if err := program(ctx); err != nil {
			return err
		}
		exports := ctx.GetCurrentExportMap()
		for _, k := range slices.Sorted(maps.Keys(exports)) {
			res, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(exports[k]))
			if err != nil {
				return fmt.Errorf("resolving stack output %s: %w", k, err)
			}
			outputs[k] = Output{Value: res.Value, Secret: res.Secret}
		}
		return nil
	}, pulumi.WithMocks(c.Project, c.Stack, c), func(info *pulumi.RunInfo) {
		info.Config = cfg
		info.ConfigSecretKeys = secretKeys
	})
	if err != nil {
		return nil, err
	}
	return outputs, nil
}
