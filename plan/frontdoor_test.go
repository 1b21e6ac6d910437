package plan

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/policy"
	"github.com/vpclink/vpclink/stacks"
)

const (
	zone   = "Z0123456789ABCDEFGHIJ"
	certUE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
)

// doneWhen is the first "Done when" config: an HTTP and a REST frontend sharing
// api.example.com, the REST one with a usage plan.
const doneWhen = `vpclink:frontends=[{"variant":"http-alb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zone + `"}},` +
	`{"variant":"rest-nlb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zone + `","basePath":"rest"},` +
	`"usagePlans":[{"name":"partners","throttling":{"rateLimit":10,"burstLimit":20},"quota":{"limit":10000,"period":"MONTH"},"apiKeys":["acme"]}]}]`

// TestDoneWhenSharedDomainPlan is the first "Done when": one domain name, two mappings,
// a certificate with its validation, the DNS records, a usage plan, an API key and a usage-plan
// key; the frontends' url is the custom URL and the execute-api URL stays listed.
func TestDoneWhenSharedDomainPlan(t *testing.T) {
	p := planStack(t, "dev", doneWhen)
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
	p := planStack(t, "dev", doneWhen)
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
	p := planStack(t, "dev", `vpclink:frontends=[{"variant":"private-rest","customDomain":{"name":"api.internal.example.com","hostedZoneId":"Z0PRIVATE1","certificateArn":"`+certUE+`"}}]`)
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
	p := planStack(t, "prod")
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

func planStack(t *testing.T, stack string, overrides ...string) *Plan {
	t.Helper()
	var ovs []stacks.Override
	for _, o := range overrides {
		ov, err := stacks.ParseOverride(o)
		if err != nil {
			t.Fatal(err)
		}
		ovs = append(ovs, ov)
	}
	p, err := Run(context.Background(), Options{Stack: stack, Overrides: ovs, ProjectDir: projectDir})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProdWithoutWafIsMandatory: VPCL-APIGW-WAF (AwsSolutions-APIG3, APIGateway.4) is mandatory
// in prod for a regional REST stage, advisory in dev.
func TestProdWithoutWafIsMandatory(t *testing.T) {
	for stack, want := range map[string]policy.Severity{"prod": policy.Mandatory, "dev": policy.Advisory} {
		p := planStack(t, stack, `vpclink:frontends=[{"variant":"rest-nlb","waf":{"enabled":false}}]`)
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
	cfg, _, err := stacks.LoadStackConfig(context.Background(), projectDir, "prod", overrides(t, `vpclink:frontends=[{"variant":"rest-alb","customDomain":{"name":"api.example.com","hostedZoneId":"`+zone+`","basePath":"v1/orders"}},{"variant":"private-rest-alb","customDomain":{"name":"api.internal.example.com","certificateArn":"`+certUE+`"}}]`))
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
