package stacks

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/policy"
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

// TestDoneWhenSharedDomainPlan is the first "Done when": one domain name, two mappings,
// a certificate with its validation, the DNS records, a usage plan, an API key and a usage-plan
// key; the frontends' url is the custom URL and the execute-api URL stays listed.
func TestDoneWhenSharedDomainPlan(t *testing.T) {
	p := plan(t, "dev", doneWhen)
	want := map[string]int{
		"aws:apigatewayv2/domainName:DomainName":              1,
		"aws:apigatewayv2/apiMapping:ApiMapping":              2,
		"aws:acm/certificate:Certificate":                     1,
		"aws:acm/certificateValidation:CertificateValidation": 1,
		"aws:route53/record:Record":                           3, // A, AAAA and the validation CNAME
		"aws:apigateway/usagePlan:UsagePlan":                  1,
		"aws:apigateway/apiKey:ApiKey":                        1,
		"aws:apigateway/usagePlanKey:UsagePlanKey":            1,
		"aws:apigateway/basePathMapping:BasePathMapping":      0,
		"aws:wafv2/webAcl:WebAcl":                             0,
	}
	got := map[string]int{}
	for _, r := range p.Resources {
		got[r.Type]++
	}
	for typ, n := range want {
		if got[typ] != n {
			t.Errorf("%d %s, want %d", got[typ], typ, n)
		}
	}
	fe := p.Outputs["frontends"].Value.(map[string]any)
	rest := fe["rest-nlb"].(map[string]any)
	if rest["url"] != "https://api.example.com/rest" || !strings.Contains(rest["executeApiUrl"].(string), ".execute-api.") ||
		fmt.Sprint(rest["invokeUrls"]) != "map[api:https://api.example.com/rest/api]" {
		t.Errorf("rest-nlb outputs: %v", rest)
	}
	if u := fe["http-alb"].(map[string]any)["url"]; u != "https://api.example.com/" {
		t.Errorf("http-alb url %v", u)
	}
}

// TestApiKeyValuesAreOnlySecret: AWS generates the key values; the plan, its JSON and the
// outputs show them only as secrets.
func TestApiKeyValuesAreOnlySecret(t *testing.T) {
	p := plan(t, "dev", doneWhen)
	var value string
	for _, r := range p.Resources {
		if r.Type == "aws:apigateway/apiKey:ApiKey" {
			v := r.Outputs["value"]
			if !v.IsSecret() {
				t.Fatalf("api key value is not a secret: %v", v)
			}
			value = v.SecretValue().Element.StringValue()
		}
	}
	if value == "" {
		t.Fatal("no api key value")
	}
	js, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	p.WriteText(&text)
	for what, s := range map[string]string{"plan --json": string(js), "plan": text.String()} {
		if strings.Contains(s, value) {
			t.Errorf("%s shows the API key value in plain text", what)
		}
	}
	if o := p.Outputs["apiKeys"]; !o.Secret {
		t.Errorf("apiKeys output is not secret: %v", o)
	}
	if p.Outputs["frontends"].Secret {
		t.Error("the frontends output became secret (it must not hold the key values)")
	}
}

// TestPrivateDomainPlan is the second "Done when": a PRIVATE domain name with a policy
// scoped to the stack's execute-api endpoint and an access association.
func TestPrivateDomainPlan(t *testing.T) {
	p := plan(t, "dev", `vpclink:frontends=[{"variant":"private-rest","customDomain":{"name":"api.internal.example.com","hostedZoneId":"Z0PRIVATE1","certificateArn":"`+certUE+`"}}]`)
	var vpce string
	for _, r := range p.Resources {
		if r.Type == "aws:ec2/vpcEndpoint:VpcEndpoint" {
			vpce = r.ID
		}
	}
	n := 0
	for _, r := range p.Resources {
		switch r.Type {
		case "aws:apigateway/domainName:DomainName":
			n++
			if got := r.Inputs["endpointConfiguration"].ObjectValue()["types"].StringValue(); got != "PRIVATE" {
				t.Errorf("domain endpoint type %s", got)
			}
			if pol := r.Inputs["policy"].StringValue(); !strings.Contains(pol, `"aws:SourceVpce":"`+vpce+`"`) {
				t.Errorf("policy not scoped to %s: %s", vpce, pol)
			}
			if r.Inputs["securityPolicy"].StringValue() != "TLS_1_2" {
				t.Errorf("security policy %v", r.Inputs["securityPolicy"])
			}
		case "aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation":
			n++
			if r.Inputs["accessAssociationSource"].StringValue() != vpce {
				t.Errorf("association source %v, want %s", r.Inputs["accessAssociationSource"], vpce)
			}
		case "aws:apigateway/basePathMapping:BasePathMapping":
			n++
			if r.Inputs["domainNameId"].StringValue() == "" {
				t.Error("base path mapping without domainNameId")
			}
		}
	}
	if n != 3 {
		t.Errorf("%d of domain name, access association and base path mapping, want 3", n)
	}
}

// TestProdPlansTheWebAcl is the third "Done when".
func TestProdPlansTheWebAcl(t *testing.T) {
	p := plan(t, "prod")
	var stageArn, logGroup string
	acl := false
	for _, r := range p.Resources {
		switch r.Type {
		case "aws:apigateway/stage:Stage":
			if r.Name == "rest-nlb" {
				stageArn = r.Outputs["arn"].StringValue()
			}
		case "aws:wafv2/webAcl:WebAcl":
			acl = true
			if r.Inputs["scope"].StringValue() != "REGIONAL" || len(r.Inputs["rules"].ArrayValue()) != 4 {
				t.Errorf("web ACL scope %v, %d rules", r.Inputs["scope"], len(r.Inputs["rules"].ArrayValue()))
			}
		case "aws:cloudwatch/logGroup:LogGroup":
			if strings.HasPrefix(r.Name, "aws-waf-logs-") {
				logGroup = r.Outputs["name"].StringValue()
				if r.Inputs["retentionInDays"].NumberValue() != 30 {
					t.Errorf("WAF log retention %v, want the stack's 30", r.Inputs["retentionInDays"])
				}
			}
		}
	}
	if !acl || !strings.HasPrefix(logGroup, "aws-waf-logs-") {
		t.Fatalf("prod plans no web ACL (%v) or no aws-waf-logs- group (%q)", acl, logGroup)
	}
	for _, r := range p.Resources {
		if r.Type == "aws:wafv2/webAclAssociation:WebAclAssociation" && r.Inputs["resourceArn"].StringValue() != stageArn {
			t.Errorf("association with %v, want the stage %s", r.Inputs["resourceArn"], stageArn)
		}
	}
	for _, f := range p.Findings {
		if f.Severity == policy.Mandatory {
			t.Errorf("prod: mandatory %s %s", f.RuleID, f.Message)
		}
	}
}

func plan(t *testing.T, stack string, overrides ...string) *Plan {
	t.Helper()
	var ovs []Override
	for _, o := range overrides {
		ov, err := ParseOverride(o)
		if err != nil {
			t.Fatal(err)
		}
		ovs = append(ovs, ov)
	}
	p, err := RunPlan(context.Background(), PlanOptions{Stack: stack, Overrides: ovs, ProjectDir: projectDir})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProdWithoutWafIsMandatory: VPCL-APIGW-WAF (AwsSolutions-APIG3, APIGateway.4) is mandatory
// in prod for a regional REST stage, advisory in dev.
func TestProdWithoutWafIsMandatory(t *testing.T) {
	for stack, want := range map[string]policy.Severity{"prod": policy.Mandatory, "dev": policy.Advisory} {
		p := plan(t, stack, `vpclink:frontends=[{"variant":"rest-nlb","waf":{"enabled":false}}]`)
		found := false
		for _, f := range p.Findings {
			if f.RuleID == "VPCL-APIGW-WAF" {
				found = true
				if f.Severity != want {
					t.Errorf("%s: VPCL-APIGW-WAF is %s, want %s", stack, f.Severity, want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no VPCL-APIGW-WAF finding without a web ACL", stack)
		}
	}
}

func TestDiagramShowsTheDomainAndTheWebAcl(t *testing.T) {
	cfg, err := load(t, "prod", `vpclink:frontends=[{"variant":"rest-alb","customDomain":{"name":"api.example.com","hostedZoneId":"`+zone+`","basePath":"v1/orders"}},{"variant":"private-rest-alb","customDomain":{"name":"api.internal.example.com","certificateArn":"`+certUE+`"}}]`)
	if err != nil {
		t.Fatal(err)
	}
	regional, private := Diagram(cfg, cfg.Frontends[0]), Diagram(cfg, cfg.Frontends[1])
	if !strings.Contains(regional, `-->|HTTPS| domain["api.example.com/v1/orders<br/>regional custom domain, TLS 1.2"] --> waf{{"WAF web ACL`) ||
		!strings.Contains(regional, `--> api["REST API rest-alb (regional)`) {
		t.Errorf("regional diagram:\n%s", regional)
	}
	if !strings.Contains(private, `vpce --> domain["api.internal.example.com/<br/>private custom domain, TLS 1.2"] --> api[`) || strings.Contains(private, "waf") {
		t.Errorf("private diagram:\n%s", private)
	}
}
