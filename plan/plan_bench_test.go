package plan

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/vpclink/vpclink/stacks"
)

// servicesOverride returns a vpclink:services value with n services, each on its own port.
func servicesOverride(n int) stacks.Override {
	svcs := map[string]any{}
	for i := range n {
		svcs[fmt.Sprintf("svc%02d", i)] = map[string]any{
			"port": 8000 + i, "listenerPort": 9000 + i,
			"desiredCount": 3, "autoscaling": map[string]any{"min": 3, "max": 10},
		}
	}
	b, _ := json.Marshal(svcs)
	return stacks.Override{Key: "vpclink:services", Value: string(b)}
}

// BenchmarkPlanProd plans the prod stack with 1, 5, 20 and 50 services: config load, validation,
// the program on the offline cloud, and the cost estimate, as `vpclink plan` runs them.
func BenchmarkPlanProd(b *testing.B) {
	for _, n := range []int{1, 5, 20, 50} {
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			opts := Options{ProjectDir: projectDir, Stack: "prod", Overrides: []stacks.Override{servicesOverride(n)}}
			var resources int
			for b.Loop() {
				p, err := Run(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				resources = len(p.Resources)
			}
			b.ReportMetric(float64(resources), "resources")
		})
	}
}
