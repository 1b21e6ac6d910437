package components_test

// REST APIs from one OpenAPI document (issue 15), planned through the real program: every REST
// variant imports one body, over the stack's V2 link by default, to the ALB (rest-alb,
// private-rest-alb) or the NLB (rest-nlb, private-rest), with a V1 link only where a frontend asks.

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/internal/offline"
	"github.com/vpclink/vpclink/internal/plantest"
	"github.com/vpclink/vpclink/openapi"
)

// nlbRest is the production stack with the NLB REST variants it ran before issue 15.
var nlbRest = frontendsOverride("rest-nlb", "private-rest")

// noLogs resets vpclink:loadBalancers to its defaults: prod then creates an access-log bucket only
// where a load balancer writes logs, never for an NLB without TLS listeners (aws-facts E6).
const noLogs = `vpclink:loadBalancers={}`

var restVariants = []string{"rest-nlb", "private-rest", "rest-alb", "private-rest-alb"}

// restDoc parses the OpenAPI body of the REST API named api.
func restDoc(t *testing.T, p *plantest.Result, api string) *openapi.Document {
	t.Helper()
	in := plantest.In(p.One(t, tyRestApi, api))
	d, err := openapi.Parse(plantest.Str(in, "body"))
	if err != nil {
		t.Fatalf("%s body: %v", api, err)
	}
	return d
}

func integrations(t *testing.T, p *plantest.Result, api string) []openapi.Method {
	t.Helper()
	ms := restDoc(t, p, api).Methods()
	if len(ms) == 0 {
		t.Fatalf("%s has no methods", api)
	}
	for _, m := range ms {
		if m.Integration == nil {
			t.Fatalf("%s %s has no integration", api, m.Key())
		}
	}
	return ms
}

func TestEveryRestVariantPlansOneBodyAndNoMethodResources(t *testing.T) {
	for _, v := range restVariants {
		t.Run(v, func(t *testing.T) {
			p := plantest.Plan(t, "dev", frontendsOverride(v), threeServices)
			for _, typ := range []string{tyRestMethod, tyRestIntegration, tyRestResource, "aws:apigateway/requestValidator:RequestValidator"} {
				if n := p.Count(typ); n != 0 {
					t.Errorf("%d %s; the document defines every method", n, typ)
				}
			}
			in := plantest.In(onlyOne(t, p, tyRestApi))
			if in["putRestApiMode"] != "overwrite" || in["failOnWarnings"] != true {
				t.Errorf("putRestApiMode %v failOnWarnings %v, want overwrite and true (aws-facts R9)", in["putRestApiMode"], in["failOnWarnings"])
			}
			if got := len(integrations(t, p, v)); got != 6 {
				t.Errorf("%d methods, want 6: ANY on each prefix and its {proxy+}", got)
			}
		})
	}
}

func TestRestAlbIntegrationsNameTheAlbAndTheV2Link(t *testing.T) {
	for _, v := range []string{"rest-alb", "private-rest-alb"} {
		p := plantest.Plan(t, "dev", frontendsOverride(v), threeServices)
		link, alb := onlyOne(t, p, tyHttpLink).ID, p.One(t, tyLoadBalancer, "alb")
		for _, m := range integrations(t, p, v) {
			i := m.Integration
			if i.ConnectionType != "VPC_LINK" || i.ConnectionId != link || i.IntegrationTarget != outStr(alb, "arn") || i.Type != "http_proxy" {
				t.Errorf("%s %s = %s/%s/%s/%s, want http_proxy over V2 link %s to the ALB %s (aws-facts R10)", v, m.Key(), i.Type, i.ConnectionType, i.ConnectionId, i.IntegrationTarget, link, outStr(alb, "arn"))
			}
			prefix := strings.TrimSuffix(m.Path, "/{proxy+}")
			want := fmt.Sprintf("http://%s:80%s", outStr(alb, "dnsName"), prefix)
			if m.Greedy() {
				want += "/{proxy}"
			}
			if i.Uri != want {
				t.Errorf("%s %s uri = %s, want %s: the ALB's one listener, the path rule's prefix", v, m.Key(), i.Uri, want)
			}
		}
	}
}

func TestRestAlbUsesHttpsToTheCertificateName(t *testing.T) {
	p := plantest.Plan(t, "dev", certificate, `vpclink:frontends=[{"variant":"rest-alb","tlsServerName":"api.internal.example.com"}]`)
	for _, m := range integrations(t, p, "rest-alb") {
		if !strings.HasPrefix(m.Integration.Uri, "https://api.internal.example.com:443/api") {
			t.Errorf("%s uri = %s, want https to the certificate's name on the ALB's 443 listener (aws-facts A13, R10)", m.Key(), m.Integration.Uri)
		}
	}
}

func TestRestNlbUsesTheV2LinkByDefault(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("rest-nlb", "private-rest", "http-nlb"), threeServices)
	if n := p.Count(tyRestLink); n != 0 {
		t.Errorf("%d V1 links; none unless a frontend says vpcLink: v1 (aws-facts R12)", n)
	}
	link, nlb := onlyOne(t, p, tyHttpLink).ID, p.One(t, tyLoadBalancer, "nlb")
	for _, api := range []string{"rest-nlb", "private-rest"} {
		for _, m := range integrations(t, p, api) {
			if m.Integration.ConnectionId != link || m.Integration.IntegrationTarget != outStr(nlb, "arn") {
				t.Errorf("%s %s over %s to %s, want the shared V2 link %s to the NLB", api, m.Key(), m.Integration.ConnectionId, m.Integration.IntegrationTarget, link)
			}
		}
	}
	for _, i := range p.OfType(tyHttpIntegration) {
		if got := plantest.Str(plantest.In(i), "connectionId"); got != link {
			t.Errorf("HTTP integration %s uses link %s, want the same V2 link %s", i.Name, got, link)
		}
	}
}

func TestRestNlbUriPortPicksTheServiceListener(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("rest-nlb"), threeServices)
	dns := outStr(p.One(t, tyLoadBalancer, "nlb"), "dnsName")
	ms := integrations(t, p, "rest-nlb")
	for _, s := range threeServiceSpecs {
		base := fmt.Sprintf("http://%s:%d/%s", dns, s.listenerPort, s.name)
		i := slices.IndexFunc(ms, func(m openapi.Method) bool { return m.Path == "/"+s.name })
		j := slices.IndexFunc(ms, func(m openapi.Method) bool { return m.Path == "/"+s.name+"/{proxy+}" })
		if i < 0 || j < 0 {
			t.Fatalf("no methods for %s", s.name)
		}
		if ms[i].Integration.Uri != base || ms[j].Integration.Uri != base+"/{proxy}" {
			t.Errorf("%s uris %s, %s, want %s[/{proxy}] (aws-facts A14)", s.name, ms[i].Integration.Uri, ms[j].Integration.Uri, base)
		}
		if ms[j].Integration.RequestParameters["integration.request.path.proxy"] != "method.request.path.proxy" {
			t.Errorf("%s proxy path not mapped: the backend would not see the request path", s.name)
		}
	}
}

func TestVpcLinkV1IsAnExplicitChoice(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`, threeServices)
	link := onlyOne(t, p, tyRestLink)
	if n := p.Count(tyHttpLink); n != 0 {
		t.Errorf("%d V2 links; a stack whose only REST frontend chose v1 needs none", n)
	}
	for _, m := range integrations(t, p, "rest-nlb") {
		if m.Integration.ConnectionId != link.ID || m.Integration.IntegrationTarget != "" {
			t.Errorf("%s over %s target %q, want V1 link %s and no target (aws-facts A5)", m.Key(), m.Integration.ConnectionId, m.Integration.IntegrationTarget, link.ID)
		}
	}
}

func TestHttpAlbAndRestAlbShareOneAlbAndOneV2Link(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("http-alb", "rest-alb"))
	onlyOne(t, p, tyLoadBalancer)
	onlyOne(t, p, tyHttpLink)
	if n := p.Count(tyRestLink); n != 0 {
		t.Errorf("%d V1 links, want 0", n)
	}
}

func TestRestAlbAloneCreatesNoNlbAndNoV1Link(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("rest-alb"))
	for _, lb := range p.OfType(tyLoadBalancer) {
		if plantest.Str(plantest.In(lb), "loadBalancerType") != "application" {
			t.Errorf("load balancer %s is %s; rest-alb needs only the ALB", lb.Name, plantest.Str(plantest.In(lb), "loadBalancerType"))
		}
	}
	if n := p.Count(tyRestLink); n != 0 {
		t.Errorf("%d V1 links, want 0", n)
	}
}

func TestPrivateRestAlbKeepsEverythingPrivateRestHas(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"private-rest-alb","privateDns":true}]`)
	vpce := p.One(t, tyVpcEndpoint, "execute-api")
	if plantest.In(vpce)["privateDnsEnabled"] != true {
		t.Errorf("privateDns choice lost")
	}
	api := p.One(t, tyRestApi, "private-rest-alb")
	if got := plantest.Str(plantest.In(api), "endpointConfiguration", "types"); got != "PRIVATE" {
		t.Errorf("endpoint type %s, want PRIVATE", got)
	}
	d := restDoc(t, p, "private-rest-alb")
	if d.EndpointConfiguration == nil || !slices.Equal(d.EndpointConfiguration.VpcEndpointIds, []string{vpce.ID}) {
		t.Errorf("document endpoint configuration = %+v, want [%s]: an overwrite import resets what the document leaves out", d.EndpointConfiguration, vpce.ID)
	}
	policy := policyDocument(t, string(d.Policy))
	if len(policy.Statement) == 0 || !strings.Contains(string(d.Policy), vpce.ID) || !strings.Contains(string(d.Policy), `"execute-api:/*"`) {
		t.Errorf("document policy %s does not scope execute-api:/* to %s (aws-facts R4)", d.Policy, vpce.ID)
	}
	onlyOne(t, p, tyRestApiPolicy)
	out := frontendOutputs(t, p)["private-rest-alb"].(map[string]any)
	if want := fmt.Sprintf("https://%s-%s.execute-api.us-east-1.amazonaws.com/v1", api.ID, vpce.ID); out["vpceUrl"] != want {
		t.Errorf("vpceUrl = %v, want %s (aws-facts R5)", out["vpceUrl"], want)
	}
}

func TestStreamingSetsStreamAndAllowsFifteenMinutes(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"rest-alb","streaming":true,"timeoutMs":900000}]`)
	for _, m := range integrations(t, p, "rest-alb") {
		if !m.Integration.Streams() || m.Integration.TimeoutInMillis != 900000 {
			t.Errorf("%s mode %s timeout %d, want STREAM 900000 (aws-facts R13)", m.Key(), m.Integration.ResponseTransferMode, m.Integration.TimeoutInMillis)
		}
	}
	for _, m := range integrations(t, plantest.Plan(t, "dev", frontendsOverride("rest-alb")), "rest-alb") {
		if m.Integration.ResponseTransferMode != openapi.Buffered {
			t.Errorf("%s mode %s, want BUFFERED by default", m.Key(), m.Integration.ResponseTransferMode)
		}
	}
}

func TestStreamingLimitsAndHttpRefusal(t *testing.T) {
	_, err := plantest.TryPlan("dev", `vpclink:frontends=[{"variant":"rest-nlb","timeoutMs":900000}]`)
	assertProblem(t, err, "vpclink:frontends[0].timeoutMs")
	_, err = plantest.TryPlan("dev", `vpclink:frontends=[{"variant":"rest-nlb","streaming":true,"timeoutMs":900001}]`)
	assertProblem(t, err, "vpclink:frontends[0].timeoutMs")
	_, err = plantest.TryPlan("dev", `vpclink:frontends=[{"variant":"http-alb","streaming":true}]`)
	assertProblem(t, err, "vpclink:frontends[0].streaming")
	_, err = plantest.TryPlan("dev", `vpclink:frontends=[{"variant":"rest-alb","vpcLink":"v1"}]`)
	assertProblem(t, err, "vpclink:frontends[0].vpcLink")
	_, err = plantest.TryPlan("dev", `vpclink:frontends=[{"variant":"http-nlb","vpcLink":"v2"}]`)
	assertProblem(t, err, "vpclink:frontends[0].vpcLink")
}

func TestRestTimeoutDefaultsToMaxAndFollowsConfig(t *testing.T) {
	for override, want := range map[string]int{frontendsOverride("rest-nlb"): 29000, `vpclink:frontends=[{"variant":"rest-nlb","timeoutMs":5000}]`: 5000} {
		for _, m := range integrations(t, plantest.Plan(t, "dev", override), "rest-nlb") {
			if m.Integration.TimeoutInMillis != want {
				t.Errorf("%s: %s timeoutInMillis = %d, want %d (aws-facts A1)", override, m.Key(), m.Integration.TimeoutInMillis, want)
			}
		}
	}
}

func TestRestIamAuthorizationInTheDocument(t *testing.T) {
	for auth, want := range map[string]string{"none": "NONE", "iam": "AWS_IAM"} {
		p := plantest.Plan(t, "dev", fmt.Sprintf(`vpclink:frontends=[{"variant":"rest-alb","authorization":%q}]`, auth))
		for _, m := range integrations(t, p, "rest-alb") {
			if m.Authorization != want || m.Validator == nil || !m.Validator.ValidateRequestBody || !m.Validator.ValidateRequestParameters {
				t.Errorf("%s: %s authorization %s validator %+v, want %s and body+parameters validation", auth, m.Key(), m.Authorization, m.Validator, want)
			}
		}
	}
}

func TestRestDeploymentTriggersStableWhenNothingChanges(t *testing.T) {
	a, b := plantest.Plan(t, "prod"), plantest.Plan(t, "prod")
	for _, api := range []string{"rest-nlb", "private-rest"} { // prod's ALB frontends keep the names of the NLB ones
		if x, y := redeployment(t, a, api), redeployment(t, b, api); x != y {
			t.Errorf("%s trigger changed between identical runs (aws-facts R1)", api)
		}
	}
}

func TestRestDeploymentTriggersFollowTheDocument(t *testing.T) {
	base := plantest.Plan(t, "dev", frontendsOverride("rest-alb"))
	for _, change := range []string{
		`vpclink:frontends=[{"variant":"rest-alb","authorization":"iam"}]`,
		`vpclink:frontends=[{"variant":"rest-alb","timeoutMs":10000}]`,
		`vpclink:frontends=[{"variant":"rest-alb","streaming":true}]`,
		threeServices,
	} {
		p := plantest.Plan(t, "dev", frontendsOverride("rest-alb"), change)
		if plantest.Str(plantest.In(onlyOne(t, p, tyRestApi)), "body") == plantest.Str(plantest.In(onlyOne(t, base, tyRestApi)), "body") {
			t.Fatalf("%s: body unchanged; the test needs a change of the document", change)
		}
		if redeployment(t, base, "rest-alb") == redeployment(t, p, "rest-alb") {
			t.Errorf("%s: trigger unchanged; the change would never be deployed (aws-facts R1)", change)
		}
	}
}

func TestRestDeploymentTriggersChangeWhenPolicyChanges(t *testing.T) {
	// Renaming the frontend makes a new API, whose execute-api ARN is in the RestApiPolicy; the
	// document (policy with execute-api:/*) stays the same but for its title.
	a := plantest.Plan(t, "dev", frontendsOverride("private-rest"))
	b := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"private-rest","name":"internal"}]`)
	if plantest.Str(plantest.In(onlyOne(t, a, tyRestApiPolicy)), "policy") == plantest.Str(plantest.In(onlyOne(t, b, tyRestApiPolicy)), "policy") {
		t.Fatalf("policies are equal; the test needs an input that changes the policy")
	}
	if redeployment(t, a, "private-rest") == redeployment(t, b, "internal") {
		t.Errorf("trigger unchanged when the resource policy changed (aws-facts R1)")
	}
}

func TestRestDeploymentTriggersIgnoreEndpointSettings(t *testing.T) {
	a := plantest.Plan(t, "dev", frontendsOverride("private-rest"))
	b := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"private-rest","privateDns":true,"clientCidrs":["10.1.0.0/16"]}]`)
	if redeployment(t, a, "private-rest") != redeployment(t, b, "private-rest") {
		t.Errorf("privateDns and clientCidrs change neither the document nor the policy, yet the API would redeploy")
	}
}

func TestRestDeploymentWaitsForTheApiAndItsPolicy(t *testing.T) {
	p := plantest.Plan(t, "prod")
	for _, api := range []string{"rest-nlb", "private-rest"} { // prod's ALB frontends keep the names of the NLB ones
		d := p.One(t, tyDeployment, api)
		want := []offline.Resource{p.One(t, tyRestApi, api)}
		if api == "private-rest" {
			want = append(want, p.One(t, tyRestApiPolicy, api)) // aws-facts R3
		}
		for _, r := range want {
			if !slices.Contains(d.Dependencies, r.URN) {
				t.Errorf("%s deployment does not depend on %s %s", api, r.Type, r.Name)
			}
		}
	}
}
