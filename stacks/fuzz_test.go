package stacks

import (
	"errors"
	"testing"
)

// FuzzParseConfig feeds arbitrary text to every config key: decoding and validation must never
// panic, and must either accept the config or explain every refusal as a ValidationError.
func FuzzParseConfig(f *testing.F) {
	f.Add(`{"cidr":"10.0.0.0/16","availabilityZones":3}`, `{"api":{"port":8080,"autoscaling":{"min":1,"max":3}}}`, `[{"variant":"rest-nlb"}]`, "prod")
	f.Add(`{"existing":{"vpcId":"vpc-0a1b2c3d","cidr":"10.0.0.0/16","privateSubnetIds":["subnet-01234567","subnet-89abcdef"]}}`, `{"a":{},"b":{"pathPrefix":"/a/b"}}`, `[{"variant":"private-rest","clientCidrs":["0.0.0.0/0"]}]`, "dev")
	f.Add(`[]`, `{"api":null}`, `{"variant":1}`, "")
	f.Add(`{"cidr":7}`, `{"x":{"cpu":"256","memory":"512","desiredCount":"-1"}}`, `[{"jwt":{"issuer":"http://x"},"authorization":"jwt"}]`, "prod")
	f.Fuzz(func(t *testing.T, network, services, frontends, env string) {
		raw := map[string]string{
			"aws:region":          "us-east-1",
			"vpclink:network":     network,
			"vpclink:services":    services,
			"vpclink:frontends":   frontends,
			"vpclink:environment": env,
		}
		cfg, err := configFromRaw("vpclink", "fuzz", raw)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("refusal is not a ValidationError with problems: %v", err)
			}
			return
		}
		if len(cfg.Services) == 0 || len(cfg.Frontends) == 0 {
			t.Fatalf("accepted a config without services or frontends: %s", cfg.JSON())
		}
	})
}
