package stacks

import (
	"errors"
	"strings"
	"testing"
)

const (
	zone   = "Z0123456789ABCDEFGHIJ"
	certUE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
	certEW = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
)

// doneWhen is the first "Done when" config: an HTTP and a REST frontend sharing
// api.example.com, the REST one with a usage plan.
const doneWhen = `vpclink:frontends=[{"variant":"http-alb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zone + `"}},` +
	`{"variant":"rest-nlb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zone + `","basePath":"rest"},` +
	`"usagePlans":[{"name":"partners","throttling":{"rateLimit":10,"burstLimit":20},"quota":{"limit":10000,"period":"MONTH"},"apiKeys":["acme"]}]}]`

func TestFrontDoorValidationErrors(t *testing.T) {
	tests := []struct {
		name     string
		override []string
		key      string
		message  string
	}{
		{"not a DNS name", []string{`vpclink:frontends=[{"variant":"http-alb","customDomain":{"name":"api_example","hostedZoneId":"` + zone + `"}}]`},
			"vpclink:frontends[0].customDomain.name", `"api_example" is not a DNS name`},
		{"wildcard", []string{`vpclink:frontends=[{"variant":"http-alb","customDomain":{"name":"*.example.com","hostedZoneId":"` + zone + `"}}]`},
			"vpclink:frontends[0].customDomain.name", "no wildcard"},
		{"same domain and base path", []string{`vpclink:frontends=[{"variant":"http-alb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zone + `"}},{"variant":"rest-nlb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zone + `"}}]`},
			"vpclink:frontends[1].customDomain.basePath", `"" on api.example.com is also the mapping of frontends[0]`},
		{"multi-level base path on HTTP", []string{`vpclink:frontends=[{"variant":"http-alb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zone + `","basePath":"v1/orders"}}]`},
			"vpclink:frontends[0].customDomain.basePath", "only REST APIs can be mapped at"},
		{"bad base path", []string{`vpclink:frontends=[{"variant":"rest-nlb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zone + `","basePath":"a b"}}]`},
			"vpclink:frontends[0].customDomain.basePath", `base path "a b" must be at most 300`},
		{"certificate in another Region", []string{`vpclink:frontends=[{"variant":"rest-nlb","customDomain":{"name":"api.example.com","certificateArn":"` + certEW + `"}}]`},
			"vpclink:frontends[0].customDomain.certificateArn", "is in eu-west-1, but a regional or private domain name takes a certificate in the stack's own Region us-east-1"},
		{"no zone and no certificate", []string{`vpclink:frontends=[{"variant":"rest-nlb","customDomain":{"name":"api.example.com"}}]`},
			"vpclink:frontends[0].customDomain", "needs hostedZoneId"},
		{"bad zone", []string{`vpclink:frontends=[{"variant":"rest-nlb","customDomain":{"name":"api.example.com","hostedZoneId":"zone-1"}}]`},
			"vpclink:frontends[0].customDomain.hostedZoneId", "is not a Route 53 hosted zone id"},
		{"public zone for a private domain", []string{`vpclink:frontends=[{"variant":"rest-nlb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zone + `"}},{"variant":"private-rest","customDomain":{"name":"internal.example.com","hostedZoneId":"` + zone + `","certificateArn":"` + certUE + `"}}]`},
			"vpclink:frontends[1].customDomain.hostedZoneId", "is the public zone of a regional custom domain in this stack"},
		{"private domain without certificate", []string{`vpclink:frontends=[{"variant":"private-rest","customDomain":{"name":"internal.example.com","hostedZoneId":"Z0PRIVATE1"}}]`},
			"vpclink:frontends[0].customDomain.certificateArn", "is required for the private domain"},
		{"private and regional share a name", []string{`vpclink:frontends=[{"variant":"rest-nlb","customDomain":{"name":"api.example.com","certificateArn":"` + certUE + `"}},{"variant":"private-rest","customDomain":{"name":"api.example.com","basePath":"p","certificateArn":"` + certUE + `"}}]`},
			"vpclink:frontends[1].customDomain.name", "a domain name is either regional or private"},
		{"execute-api off without a domain", []string{`vpclink:frontends=[{"variant":"http-alb","disableExecuteApiEndpoint":true}]`},
			"vpclink:frontends[0].disableExecuteApiEndpoint", "would leave the API no URL at all"},
		{"usage plans on HTTP", []string{`vpclink:frontends=[{"variant":"http-alb","usagePlans":[{"name":"p"}]}]`},
			"vpclink:frontends[0].usagePlans", "HTTP APIs have no usage plans or API keys"},
		{"quota period", []string{`vpclink:frontends=[{"variant":"rest-nlb","usagePlans":[{"name":"p","quota":{"limit":10,"period":"YEAR"}}]}]`},
			"vpclink:frontends[0].usagePlans[0].quota.period", `"YEAR" is not one of DAY, WEEK, MONTH`},
		{"API key in two plans", []string{`vpclink:frontends=[{"variant":"rest-nlb","usagePlans":[{"name":"a","apiKeys":["k"]},{"name":"b","apiKeys":["k"]}]}]`},
			"vpclink:frontends[0].usagePlans[1].apiKeys[0]", "an API key can be in only one usage plan per stage"},
		{"WAF on HTTP", []string{`vpclink:frontends=[{"variant":"http-alb","waf":{"enabled":true}}]`},
			"vpclink:frontends[0].waf", "HTTP APIs cannot be associated with a WAF web ACL"},
		{"WAF on private", []string{`vpclink:frontends=[{"variant":"private-rest","waf":{}}]`},
			"vpclink:frontends[0].waf", "a private API is reached only through the VPC's execute-api endpoint"},
		{"WAF rate limit", []string{`vpclink:frontends=[{"variant":"rest-nlb","waf":{"enabled":true,"rateLimit":5}}]`},
			"vpclink:frontends[0].waf.rateLimit", "5 is out of range"},
		{"WAF rule group", []string{`vpclink:frontends=[{"variant":"rest-nlb","waf":{"managedRuleGroups":["MyRules"]}}]`},
			"vpclink:frontends[0].waf.managedRuleGroups[0]", "is not an AWS managed rule group name"},
		{"credentials with origin *", []string{`vpclink:frontends=[{"variant":"http-alb","cors":{"allowOrigins":["*"],"allowCredentials":true}}]`},
			"vpclink:frontends[0].cors.allowCredentials", "true with origin * is refused"},
		{"malformed origin", []string{`vpclink:frontends=[{"variant":"http-alb","cors":{"allowOrigins":["https://app.example.com/"]}}]`},
			"vpclink:frontends[0].cors.allowOrigins[0]", "is not * or an origin like https://app.example.com"},
		{"origin without scheme", []string{`vpclink:frontends=[{"variant":"http-alb","cors":{"allowOrigins":["app.example.com"]}}]`},
			"vpclink:frontends[0].cors.allowOrigins[0]", "is not * or an origin"},
		{"CORS on REST", []string{`vpclink:frontends=[{"variant":"rest-nlb","cors":{"allowOrigins":["https://app.example.com"]}}]`},
			"vpclink:frontends[0].cors", "only applies to HTTP frontends"},
		{"CORS method", []string{`vpclink:frontends=[{"variant":"http-alb","cors":{"allowOrigins":["https://app.example.com"],"allowMethods":["FETCH"]}}]`},
			"vpclink:frontends[0].cors.allowMethods[0]", `"FETCH" is not * or one of GET`},
		{"unknown customDomain key", []string{`vpclink:frontends=[{"variant":"http-alb","customDomain":{"name":"api.example.com","zone":"x"}}]`},
			"vpclink:frontends[0].customDomain.zone", "unknown key; allowed: name, basePath, hostedZoneId, certificateArn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, "dev", tt.override...)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError, got %v", err)
			}
			for _, p := range ve.Problems {
				if p.Key == tt.key && strings.Contains(p.Message, tt.message) {
					return
				}
			}
			t.Errorf("no problem %s: ...%s...; got:\n%v", tt.key, tt.message, err)
		})
	}
}

func TestFrontDoorDefaults(t *testing.T) {
	cfg, err := load(t, "dev", doneWhen)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cfg.Frontends {
		if !*f.DisableExecuteApiEndpoint {
			t.Errorf("%s: execute-api endpoint stays on with a custom domain", f.Name)
		}
		if f.WafEnabled() {
			t.Errorf("%s: web ACL on in dev", f.Name)
		}
	}
	prod, err := load(t, "prod")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range prod.Frontends {
		if want := f.Variant == RestAlb; f.WafEnabled() != want {
			t.Errorf("prod %s (%s): web ACL %v, want %v", f.Name, f.Variant, f.WafEnabled(), want)
		}
		if *f.DisableExecuteApiEndpoint {
			t.Errorf("prod %s: execute-api endpoint off without a custom domain", f.Name)
		}
	}
	on, err := load(t, "dev", `vpclink:frontends=[{"variant":"rest-nlb","disableExecuteApiEndpoint":false,"customDomain":{"name":"api.example.com","hostedZoneId":"`+zone+`"}}]`)
	if err != nil {
		t.Fatal(err)
	}
	if *on.Frontends[0].DisableExecuteApiEndpoint {
		t.Error("disableExecuteApiEndpoint false does not turn the execute-api endpoint back on")
	}
}
