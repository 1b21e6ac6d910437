package components_test

// The front door (issue 11), planned through the real program: custom domains (regional and
// private), usage plans and API keys, web ACLs and CORS.

import (
	"strings"
	"testing"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/internal/plantest"
	"github.com/vpclink/vpclink/openapi"
)

const (
	tyDomainV2   = "aws:apigatewayv2/domainName:DomainName"
	tyApiMapping = "aws:apigatewayv2/apiMapping:ApiMapping"
	tyDomainV1   = "aws:apigateway/domainName:DomainName"
	tyBasePath   = "aws:apigateway/basePathMapping:BasePathMapping"
	tyRecord     = "aws:route53/record:Record"
	tyWebAcl     = "aws:wafv2/webAcl:WebAcl"
	zoneID       = "Z0123456789ABCDEFGHIJ"
	domainCert   = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
)

func shared(restExtra string) string {
	return `vpclink:frontends=[{"variant":"http-alb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zoneID + `"}},` +
		`{"variant":"rest-nlb","customDomain":{"name":"api.example.com","hostedZoneId":"` + zoneID + `","basePath":"v1/orders"}` + restExtra + `}]`
}

func TestCustomDomainIsRegionalTls12WithOneMappingPerFrontend(t *testing.T) {
	p := plantest.Plan(t, "dev", shared(""))
	dn := plantest.In(p.One(t, tyDomainV2, "api-example-com"))
	if plantest.Str(dn, "domainNameConfiguration", "securityPolicy") != "TLS_1_2" || plantest.Str(dn, "domainNameConfiguration", "endpointType") != "REGIONAL" {
		t.Errorf("domain configuration %v", dn["domainNameConfiguration"])
	}
	cert := p.One(t, "aws:acm/certificateValidation:CertificateValidation", "api-example-com-cert")
	if got := plantest.Str(dn, "domainNameConfiguration", "certificateArn"); got != plantest.Str(plantest.Out(cert), "certificateArn") {
		t.Errorf("domain serves %q, not the validated certificate", got)
	}
	rest := plantest.In(p.One(t, tyApiMapping, "api-example-com-rest-nlb"))
	if rest["apiMappingKey"] != "v1/orders" || plantest.Str(rest, "apiId") != p.One(t, tyRestApi, "rest-nlb").ID || rest["stage"] != "v1" {
		t.Errorf("REST mapping %v: a multi-level base path is an apigatewayv2 ApiMapping on a regional TLS 1.2 domain", rest)
	}
	http := plantest.In(p.One(t, tyApiMapping, "api-example-com-http-alb"))
	if _, ok := http["apiMappingKey"]; ok || http["stage"] != "$default" {
		t.Errorf("HTTP mapping %v, want the root and $default", http)
	}
	if p.Count(tyBasePath) != 0 || p.Count(tyDomainV1) != 0 {
		t.Error("a regional domain uses apigatewayv2 DomainName and ApiMapping only")
	}
	for _, typ := range []string{"A", "AAAA"} {
		r := plantest.In(p.One(t, tyRecord, "api-example-com-"+strings.ToLower(typ)))
		target := plantest.Str(plantest.Out(p.One(t, tyDomainV2, "api-example-com")), "domainNameConfiguration", "targetDomainName")
		if r["zoneId"] != zoneID || r["type"] != typ || plantest.Str(r, "aliases", 0, "name") != target {
			t.Errorf("%s record %v, want an alias in %s to %s", typ, r, zoneID, target)
		}
	}
}

func TestCustomDomainWithCertificateCreatesNoCertificate(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"rest-nlb","customDomain":{"name":"api.example.com","certificateArn":"`+domainCert+`"}}]`)
	if p.Count("aws:acm/certificate:Certificate")+p.Count(tyRecord) != 0 {
		t.Errorf("a given certificate and no zone: %d certificates, %d records", p.Count("aws:acm/certificate:Certificate"), p.Count(tyRecord))
	}
	if got := plantest.Str(plantest.In(p.One(t, tyDomainV2, "api-example-com")), "domainNameConfiguration", "certificateArn"); got != domainCert {
		t.Errorf("certificate %q", got)
	}
}

func TestExecuteApiEndpointOffWithACustomDomain(t *testing.T) {
	p := plantest.Plan(t, "dev", shared(""))
	if plantest.In(p.One(t, tyHttpApi, "http-alb"))["disableExecuteApiEndpoint"] != true {
		t.Error("the HTTP API's execute-api endpoint stays on behind a custom domain")
	}
	r := plantest.In(p.One(t, tyRestApi, "rest-nlb"))
	doc, err := openapi.Parse(plantest.Str(r, "body"))
	if err != nil {
		t.Fatal(err)
	}
	if r["disableExecuteApiEndpoint"] != true || doc.EndpointConfiguration == nil || !doc.EndpointConfiguration.DisableExecuteApiEndpoint {
		t.Error("the REST API's execute-api endpoint stays on behind a custom domain (resource and document must agree: an overwrite import resets it)")
	}
	on := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"http-alb","disableExecuteApiEndpoint":false,"customDomain":{"name":"api.example.com","hostedZoneId":"`+zoneID+`"}}]`)
	if _, off := plantest.In(on.One(t, tyHttpApi, "http-alb"))["disableExecuteApiEndpoint"]; off {
		t.Error("disableExecuteApiEndpoint false does not keep the endpoint on")
	}
}

func TestPrivateDomainIsPrivateWithPolicyAssociationAndMapping(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"private-rest","customDomain":{"name":"api.internal.example.com","basePath":"orders","hostedZoneId":"Z0PRIVATE1","certificateArn":"`+domainCert+`"}}]`)
	vpce := onlyOne(t, p, "aws:ec2/vpcEndpoint:VpcEndpoint")
	dnRes := p.One(t, tyDomainV1, "api-internal-example-com")
	dn := plantest.In(dnRes)
	if plantest.Str(dn, "endpointConfiguration", "types") != "PRIVATE" || dn["certificateArn"] != domainCert || dn["securityPolicy"] != "TLS_1_2" {
		t.Errorf("private domain %v", dn)
	}
	if pol := plantest.Str(dn, "policy"); !strings.Contains(pol, `"StringNotEquals":{"aws:SourceVpce":"`+vpce.ID+`"}`) || !strings.Contains(pol, `"Effect":"Deny"`) {
		t.Errorf("policy not scoped to the endpoint %s: %s", vpce.ID, pol)
	}
	as := plantest.In(p.One(t, "aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation", "api-internal-example-com"))
	if as["accessAssociationSource"] != vpce.ID || as["accessAssociationSourceType"] != "VPCE" || as["domainNameArn"] != plantest.Str(plantest.Out(dnRes), "arn") {
		t.Errorf("access association %v", as)
	}
	m := plantest.In(p.One(t, tyBasePath, "api-internal-example-com-private-rest"))
	if m["domainNameId"] != plantest.Str(plantest.Out(dnRes), "domainNameId") || m["basePath"] != "orders" || m["stageName"] != "v1" {
		t.Errorf("base path mapping %v", m)
	}
	a := plantest.In(p.One(t, tyRecord, "api-internal-example-com-a"))
	if plantest.Str(a, "aliases", 0, "name") != plantest.Str(plantest.Out(vpce), "dnsEntries", 0, "dnsName") {
		t.Errorf("private alias %v does not point at the endpoint", a)
	}
	if p.Count(tyRecord) != 1 {
		t.Errorf("%d records for a private domain, want its A alias only", p.Count(tyRecord))
	}
}

func TestUsagePlansMakeEveryMethodRequireAnApiKey(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"rest-nlb","authorization":"iam","usagePlans":[{"name":"partners","quota":{"limit":10000,"period":"MONTH"},"throttling":{"rateLimit":10,"burstLimit":20},"apiKeys":["acme","beta"]}]}]`)
	r := plantest.In(p.One(t, tyRestApi, "rest-nlb"))
	doc, err := openapi.Parse(plantest.Str(r, "body"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.ApiKeySource != "HEADER" || r["apiKeySource"] != "HEADER" {
		t.Errorf("key source: document %q, resource %v; want HEADER on both", doc.ApiKeySource, r["apiKeySource"])
	}
	for _, m := range doc.Methods() {
		if !m.ApiKeyRequired || m.Authorization != "AWS_IAM" {
			t.Errorf("%s: api key required %v, authorization %s; want both (one security requirement naming both schemes)", m.Key(), m.ApiKeyRequired, m.Authorization)
		}
	}
	plan := plantest.In(p.One(t, "aws:apigateway/usagePlan:UsagePlan", "rest-nlb-partners"))
	if plantest.Str(plan, "apiStages", 0, "apiId") != p.One(t, tyRestApi, "rest-nlb").ID || plantest.Str(plan, "apiStages", 0, "stage") != "v1" ||
		plantest.Get(plan, "quotaSettings", "period") != "MONTH" || plantest.Get(plan, "throttleSettings", "burstLimit") != 20.0 {
		t.Errorf("usage plan %v", plan)
	}
	for _, k := range []string{"acme", "beta"} {
		key := p.One(t, "aws:apigateway/apiKey:ApiKey", "rest-nlb-partners-"+k)
		if _, set := plantest.In(key)["value"]; set {
			t.Errorf("%s: the program sets the key value; AWS must generate it", k)
		}
		upk := plantest.In(p.One(t, "aws:apigateway/usagePlanKey:UsagePlanKey", "rest-nlb-partners-"+k))
		if upk["keyId"] != key.ID || upk["keyType"] != "API_KEY" {
			t.Errorf("usage-plan key %v", upk)
		}
	}
	without := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"rest-nlb"}]`)
	d, _ := openapi.Parse(plantest.Str(plantest.In(without.One(t, tyRestApi, "rest-nlb")), "body"))
	for _, m := range d.Methods() {
		if m.ApiKeyRequired {
			t.Errorf("%s requires an API key without usage plans", m.Key())
		}
	}
}

func TestWebAclHasManagedGroupsRateRuleVisibilityAndLogging(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"rest-nlb","waf":{"enabled":true,"rateLimit":500,"managedRuleGroups":["AWSManagedRulesSQLiRuleSet"]}}]`)
	acl := plantest.In(p.One(t, tyWebAcl, "rest-nlb"))
	if acl["scope"] != "REGIONAL" || plantest.Get(acl, "visibilityConfig", "cloudwatchMetricsEnabled") != true || plantest.Get(acl, "visibilityConfig", "sampledRequestsEnabled") != true {
		t.Errorf("web ACL %v", acl)
	}
	rules := plantest.Get(acl, "rules").([]any)
	var groups []string
	for _, r := range rules {
		if g := plantest.Str(r, "statement", "managedRuleGroupStatement", "name"); g != "" {
			groups = append(groups, g)
			if plantest.Get(r, "overrideAction", "none") == nil {
				t.Errorf("%s: override action is not none", g)
			}
		}
		if plantest.Get(r, "visibilityConfig", "sampledRequestsEnabled") != true {
			t.Errorf("rule %s without sampled requests", plantest.Str(r, "name"))
		}
	}
	want := append(append([]string{}, components.DefaultManagedRuleGroups...), "AWSManagedRulesSQLiRuleSet")
	if strings.Join(groups, ",") != strings.Join(want, ",") {
		t.Errorf("managed groups %v, want %v", groups, want)
	}
	rate := plantest.Get(rules[0], "statement", "rateBasedStatement")
	if plantest.Get(rate, "limit") != 500.0 || plantest.Get(rate, "aggregateKeyType") != "IP" || plantest.Get(rules[0], "action", "block") == nil {
		t.Errorf("rate rule %v", rules[0])
	}
	logs := p.One(t, "aws:cloudwatch/logGroup:LogGroup", "aws-waf-logs-rest-nlb")
	lc := plantest.In(p.One(t, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "rest-nlb"))
	if !strings.HasPrefix(plantest.Str(plantest.Out(logs), "name"), "aws-waf-logs-") || plantest.Str(lc, "logDestinationConfigs", 0) != plantest.Str(plantest.Out(logs), "arn") {
		t.Errorf("logging %v to %v", lc, plantest.Out(logs)["name"])
	}
	if plantest.Get(plantest.In(logs), "retentionInDays") != 7.0 {
		t.Errorf("WAF log retention %v, want dev's 7", plantest.In(logs)["retentionInDays"])
	}
	as := plantest.In(p.One(t, "aws:wafv2/webAclAssociation:WebAclAssociation", "rest-nlb"))
	if as["resourceArn"] != plantest.Str(plantest.Out(p.One(t, tyRestStage, "rest-nlb")), "arn") {
		t.Errorf("association %v is not with the stage", as)
	}
	if dev := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"rest-nlb"}]`); dev.Count(tyWebAcl) != 0 {
		t.Error("dev has a web ACL by default")
	}
}

func TestCorsMapsToCorsConfiguration(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"http-alb","cors":{"allowOrigins":["https://app.example.com"],"allowMethods":["GET","POST"],"allowHeaders":["authorization"],"exposeHeaders":["x-request-id"],"maxAgeSeconds":600,"allowCredentials":true}}]`)
	c := plantest.Get(plantest.In(p.One(t, tyHttpApi, "http-alb")), "corsConfiguration")
	if plantest.Str(c, "allowOrigins", 0) != "https://app.example.com" || plantest.Get(c, "maxAge") != 600.0 || plantest.Get(c, "allowCredentials") != true ||
		plantest.Str(c, "allowMethods", 1) != "POST" || plantest.Str(c, "exposeHeaders", 0) != "x-request-id" {
		t.Errorf("corsConfiguration %v", c)
	}
	if off := plantest.Plan(t, "dev"); plantest.In(off.One(t, tyHttpApi, "http-alb"))["corsConfiguration"] != nil {
		t.Error("CORS is on by default")
	}
}

func TestFrontDoorComponentsValidateBeforeCreating(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"multi-level HTTP mapping", (&components.CustomDomainArgs{DomainName: "a.example.com", CertificateArn: domainCert, Mappings: []components.DomainMapping{{Name: "h", Kind: components.ApiHttp, BasePath: "a/b"}}}).Validate(),
			`mappings[0].basePath "a/b": multi-level base paths are for REST APIs only`},
		{"certificate Region", (&components.CustomDomainArgs{DomainName: "a.example.com", Region: "us-west-2", CertificateArn: domainCert, Mappings: []components.DomainMapping{{Name: "r", Kind: components.ApiRest}}}).Validate(),
			"is in us-east-1, but a regional domain takes a certificate in its own Region"},
		{"private without endpoint", (&components.CustomDomainArgs{DomainName: "a.example.com", EndpointType: components.DomainPrivate, CertificateArn: domainCert, Mappings: []components.DomainMapping{{Name: "r", Kind: components.ApiRest}}}).Validate(),
			"vpcEndpointId: is required for a PRIVATE domain"},
		{"quota period", (&components.UsagePlansArgs{Plans: []components.UsagePlan{{Name: "p", QuotaLimit: 1, QuotaPeriod: "YEAR"}}}).Validate(),
			"a period of DAY, WEEK, MONTH"},
		{"rate limit", (&components.WebAclArgs{RateLimit: 1}).Validate(), "rateLimit 1: is out of range"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: %v, want ...%s...", c.name, c.err, c.want)
		}
	}
}
