package stacks

import (
	"github.com/vpclink/vpclink/components"
)

// programDefault is the program's default of a top-level key, in the shape Pulumi.yaml declares
// it (a test holds the two equal). A path override into a key that neither the stack file nor
// Pulumi.yaml sets starts from it, so `frontends[0].variant=rest-nlb` in a project whose
// Pulumi.yaml declares no config changes the default frontend, as it does in vpclink's project.
func programDefault(name string) (any, bool) {
	switch name {
	case "environment":
		return string(Dev), true
	case "logRetentionDays":
		return 0, true
	case "network":
		return map[string]any{
			"cidr": DefaultCidr, "availabilityZones": 2, "natGateways": string(components.NatSingle),
			"flowLogs": true, "endpoints": []any{},
		}, true
	case "services":
		return map[string]any{"api": map[string]any{
			"image": DefaultImage, "port": DefaultPort, "cpu": DefaultCpu, "memory": DefaultMemory,
			"desiredCount": 1, "healthCheckPath": DefaultHealthCheckPath, "pathPrefix": DefaultPathPrefix,
		}}, true
	case "frontends":
		return []any{map[string]any{"variant": string(HttpAlb)}}, true
	case "loadBalancers":
		return map[string]any{"sslPolicy": components.DefaultSslPolicy}, true
	case "apiGatewayAccount":
		return true, true
	case "protect":
		return false, true
	case "tags":
		return map[string]any{}, true
	}
	return nil, false
}
