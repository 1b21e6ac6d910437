package components_test

// The frontends (issue 4), planned through the real program: HTTP APIs over the V2 link, REST APIs
// over the V1 link, the private REST API behind its execute-api endpoint, their deployments,
// stages, logging and outputs. Run with -update to rewrite the golden policy under testdata.

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/internal/offline"
	"github.com/vpclink/vpclink/internal/plantest"
)

const (
	tyHttpApi        = "aws:apigatewayv2/api:Api"
	tyHttpRoute      = "aws:apigatewayv2/route:Route"
	tyHttpStage      = "aws:apigatewayv2/stage:Stage"
	tyHttpAuthorizer = "aws:apigatewayv2/authorizer:Authorizer"
	tyRestApi        = "aws:apigateway/restApi:RestApi"
	tyRestResource   = "aws:apigateway/resource:Resource"
	tyRestMethod     = "aws:apigateway/method:Method"
	tyDeployment     = "aws:apigateway/deployment:Deployment"
	tyRestStage      = "aws:apigateway/stage:Stage"
	tyMethodSettings = "aws:apigateway/methodSettings:MethodSettings"
	tyRestApiPolicy  = "aws:apigateway/restApiPolicy:RestApiPolicy"
	tyAccount        = "aws:apigateway/account:Account"

	certificate = `vpclink:loadBalancers={"certificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"}`
)

func init() {
	// The package's internal tests may already define -update; one flag serves both.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
}

func updatingGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// redeployment is the deployment trigger of the REST API named api.
func redeployment(t *testing.T, p *plantest.Result, api string) string {
	t.Helper()
	v := plantest.Str(plantest.In(p.One(t, tyDeployment, api)), "triggers", "redeployment")
	if v == "" {
		t.Fatalf("deployment %s has no redeployment trigger", api)
	}
	return v
}

// frontendOutputs is the "frontends" stack output, as plain JSON values.
func frontendOutputs(t *testing.T, p *plantest.Result) map[string]any {
	t.Helper()
	b, err := json.Marshal(p.Outputs["frontends"].Value)
	var out map[string]any
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil || len(out) == 0 {
		t.Fatalf("frontends output %v: %v", p.Outputs["frontends"].Value, err)
	}
	return out
}

func TestHttpIntegrationUriIsListenerArn(t *testing.T) {
	p := plantest.Plan(t, "dev")
	got := plantest.Str(plantest.In(p.One(t, tyHttpIntegration, "http-alb-api")), "integrationUri")
	if want := onlyOne(t, p, tyListener).ID; got != want {
		t.Errorf("http-alb integrationUri = %q, want the ALB listener ARN %q (aws-facts A11)", got, want)
	}
	if got == p.One(t, tyLoadBalancer, "alb").ID {
		t.Errorf("http-alb integrationUri is the load balancer ARN")
	}
	p = plantest.Plan(t, "dev", frontendsOverride("http-nlb"), threeServices)
	for _, s := range threeServiceSpecs {
		got := plantest.Str(plantest.In(p.One(t, tyHttpIntegration, "http-nlb-"+s.name)), "integrationUri")
		if want := p.One(t, tyListener, "nlb-"+s.name).ID; got != want {
			t.Errorf("http-nlb %s integrationUri = %q, want its NLB listener ARN %q (aws-facts A11)", s.name, got, want)
		}
	}
}

func TestHttpCloudMapIntegrationUriIsServiceArn(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("http-cloudmap"), threeServices)
	for _, s := range threeServiceSpecs {
		got := plantest.Str(plantest.In(p.One(t, tyHttpIntegration, "http-cloudmap-"+s.name)), "integrationUri")
		if want := outStr(p.One(t, tyDiscoveryService, "cloudmap-"+s.name), "arn"); got != want {
			t.Errorf("%s integrationUri = %q, want the Cloud Map service ARN %q (aws-facts A11)", s.name, got, want)
		}
	}
}

func TestHttpIntegrationIsPrivateProxyWithPayload10(t *testing.T) {
	for _, v := range []string{"http-alb", "http-nlb", "http-cloudmap"} {
		t.Run(v, func(t *testing.T) {
			p := plantest.Plan(t, "dev", frontendsOverride(v))
			in := plantest.In(p.One(t, tyHttpIntegration, v+"-api"))
			want := map[string]any{
				"integrationType": "HTTP_PROXY", "connectionType": "VPC_LINK", "payloadFormatVersion": "1.0",
				"integrationMethod": "ANY", "connectionId": onlyOne(t, p, tyHttpLink).ID,
			}
			for k, w := range want {
				if in[k] != w {
					t.Errorf("%s = %v, want %v (aws-facts A11)", k, in[k], w)
				}
			}
		})
	}
}

func TestHttpIntegrationOverwritesPathToDropStage(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"http-alb","stageName":"prod"}]`)
	if got := plantest.Str(plantest.In(onlyOne(t, p, tyHttpStage)), "name"); got != "prod" {
		t.Fatalf("stage name = %q, want prod", got)
	}
	got := plantest.In(p.One(t, tyHttpIntegration, "http-alb-api"))["requestParameters"]
	if want := map[string]any{"overwrite:path": "$request.path"}; !maps.Equal(got.(map[string]any), want) {
		t.Errorf("requestParameters = %v, want %v so the backend never sees /prod (aws-facts A12)", got, want)
	}
}

func TestHttpRoutesAnyPrefixAndProxy(t *testing.T) {
	p := plantest.Plan(t, "dev", threeServices)
	got := map[string]string{}
	for _, r := range p.OfType(tyHttpRoute) {
		in := plantest.In(r)
		got[plantest.Str(in, "routeKey")] = plantest.Str(in, "target")
	}
	want := map[string]string{}
	for _, s := range threeServiceSpecs {
		target := "integrations/" + p.One(t, tyHttpIntegration, "http-alb-"+s.name).ID
		want["ANY /"+s.name] = target
		want["ANY /"+s.name+"/{proxy+}"] = target
	}
	if !maps.Equal(got, want) {
		t.Errorf("routes = %v, want %v", got, want)
	}
}

func TestThreeServicesOnHttpAlbMakeThreeIntegrationsSixRoutesOneLink(t *testing.T) {
	p := plantest.Plan(t, "dev", threeServices)
	for typ, want := range map[string]int{tyHttpIntegration: 3, tyHttpRoute: 6, tyHttpLink: 1, tyHttpApi: 1, tyHttpStage: 1} {
		if got := p.Count(typ); got != want {
			t.Errorf("%s: %d, want %d", typ, got, want)
		}
	}
}

func TestHttpTimeoutDefaultsToMaxAndFollowsConfig(t *testing.T) {
	for override, want := range map[string]float64{frontendsOverride("http-alb"): 30000, `vpclink:frontends=[{"variant":"http-alb","timeoutMs":12000}]`: 12000} {
		in := plantest.In(plantest.Plan(t, "dev", override).One(t, tyHttpIntegration, "http-alb-api"))
		if got := in["timeoutMilliseconds"]; got != want {
			t.Errorf("%s: timeoutMilliseconds = %v, want %v (aws-facts A2)", override, got, want)
		}
	}
}

func TestHttpJwtAuthorizerGuardsEveryRoute(t *testing.T) {
	p := plantest.Plan(t, "dev", threeServices,
		`vpclink:frontends=[{"variant":"http-alb","authorization":"jwt","jwt":{"issuer":"https://issuer.example.com","audiences":["orders-api","admin"]}}]`)
	authz := onlyOne(t, p, tyHttpAuthorizer)
	in := plantest.In(authz)
	if plantest.Str(in, "authorizerType") != "JWT" || plantest.Str(in, "jwtConfiguration", "issuer") != "https://issuer.example.com" ||
		!slices.Equal(strList(plantest.Get(in, "jwtConfiguration", "audiences")), []string{"orders-api", "admin"}) {
		t.Errorf("authorizer = %v, want JWT from https://issuer.example.com for orders-api, admin", in)
	}
	for _, r := range p.OfType(tyHttpRoute) {
		ri := plantest.In(r)
		if plantest.Str(ri, "authorizationType") != "JWT" || plantest.Str(ri, "authorizerId") != authz.ID {
			t.Errorf("route %s authorization = %v/%v, want JWT/%s", plantest.Str(ri, "routeKey"), ri["authorizationType"], ri["authorizerId"], authz.ID)
		}
	}
}

func TestRestJwtIsValidationError(t *testing.T) {
	_, err := plantest.TryPlan("dev", `vpclink:frontends=[{"variant":"rest-nlb","authorization":"jwt","jwt":{"issuer":"https://issuer.example.com","audiences":["api"]}}]`)
	assertProblem(t, err, "vpclink:frontends[0].authorization")
}

func TestHttpIntegrationVerifiesTlsServerName(t *testing.T) {
	plain := plantest.In(plantest.Plan(t, "dev").One(t, tyHttpIntegration, "http-alb-api"))
	if v, ok := plain["tlsConfig"]; ok {
		t.Errorf("plain-HTTP listener but tlsConfig = %v", v)
	}
	p := plantest.Plan(t, "dev", certificate, `vpclink:frontends=[{"variant":"http-alb","tlsServerName":"api.internal.example.com"}]`)
	in := plantest.In(p.One(t, tyHttpIntegration, "http-alb-api"))
	if got := plantest.Str(in, "tlsConfig", "serverNameToVerify"); got != "api.internal.example.com" {
		t.Errorf("serverNameToVerify = %q, want api.internal.example.com (aws-facts A13)", got)
	}
	if l := plantest.In(onlyOne(t, p, tyListener)); l["protocol"] != "HTTPS" || l["port"] != 443.0 {
		t.Errorf("listener = %v/%v, want HTTPS on 443", l["protocol"], l["port"])
	}
}

func TestRestDeploymentHasNoStageNameAndStageFollowsIt(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, nlbRest)
	for _, api := range []string{"rest-nlb", "private-rest"} {
		d := p.One(t, tyDeployment, api)
		if v, ok := plantest.In(d)["stageName"]; ok {
			t.Errorf("%s deployment has stageName %v; the stage must be its own resource (aws-facts R2)", api, v)
		}
		if d.DeleteBeforeReplace {
			t.Errorf("%s deployment is deleteBeforeReplace: its stage would point at a deleted deployment (aws-facts R2)", api)
		}
		if got := plantest.Str(plantest.In(p.One(t, tyRestStage, api)), "deployment"); got != d.ID {
			t.Errorf("%s stage deployment = %q, want %q", api, got, d.ID)
		}
	}
}

func assertJsonAccessLog(t *testing.T, p *plantest.Result, stage offline.Resource, group string) {
	t.Helper()
	in := plantest.In(stage)
	if got, want := plantest.Str(in, "accessLogSettings", "destinationArn"), outStr(p.One(t, tyLogGroup, group), "arn"); got != want {
		t.Errorf("%s access log destination = %q, want %q", stage.Name, got, want)
	}
	var format map[string]string
	if err := json.Unmarshal([]byte(plantest.Str(in, "accessLogSettings", "format")), &format); err != nil || format["requestId"] != "$context.requestId" {
		t.Errorf("%s access log format is not a JSON object with requestId (%v): %v", stage.Name, err, in["accessLogSettings"])
	}
}

func TestStagesWriteJsonAccessLogs(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, frontendsOverride("rest-nlb", "private-rest", "http-alb"))
	for _, api := range []string{"rest-nlb", "private-rest"} {
		assertJsonAccessLog(t, p, p.One(t, tyRestStage, api), api+"-access-logs")
	}
	assertJsonAccessLog(t, p, p.One(t, tyHttpStage, "http-alb"), "http-alb-access-logs")
}

func TestRestMethodSettingsLogErrorsWithMetricsAndThrottling(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"rest-nlb","throttling":{"rateLimit":50,"burstLimit":75}}]`)
	in := plantest.In(onlyOne(t, p, tyMethodSettings))
	if in["methodPath"] != "*/*" || in["stageName"] != "v1" {
		t.Errorf("method settings apply to %v on %v, want */* on v1", in["methodPath"], in["stageName"])
	}
	want := map[string]any{"loggingLevel": "ERROR", "metricsEnabled": true, "dataTraceEnabled": false, "throttlingRateLimit": 50.0, "throttlingBurstLimit": 75.0}
	for k, w := range want {
		if got := plantest.Get(in, "settings", k); got != w {
			t.Errorf("settings.%s = %v, want %v (AwsSolutions-APIG6, CKV_AWS_276)", k, got, w)
		}
	}
}

func TestHttpStageThrottlingAndMetrics(t *testing.T) {
	in := plantest.In(onlyOne(t, plantest.Plan(t, "dev"), tyHttpStage))
	want := map[string]any{"throttlingRateLimit": 100.0, "throttlingBurstLimit": 200.0, "detailedMetricsEnabled": true}
	for k, w := range want {
		if got := plantest.Get(in, "defaultRouteSettings", k); got != w {
			t.Errorf("defaultRouteSettings.%s = %v, want %v", k, got, w)
		}
	}
}

func TestApiGatewayAccountOrdersRestLogging(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, nlbRest)
	account := onlyOne(t, p, tyAccount)
	if got, want := plantest.Str(plantest.In(account), "cloudwatchRoleArn"), outStr(p.One(t, tyRole, "apigateway-account"), "arn"); got != want {
		t.Errorf("cloudwatchRoleArn = %q, want %q", got, want)
	}
	for _, api := range []string{"rest-nlb", "private-rest"} {
		if !slices.Contains(p.One(t, tyRestStage, api).PropertyDependencies["accessLogSettings"], account.URN) {
			t.Errorf("%s stage logs before the account's CloudWatch role is set (aws-facts R7)", api)
		}
		if !slices.Contains(p.One(t, tyMethodSettings, api).PropertyDependencies["stageName"], account.URN) {
			t.Errorf("%s method settings turn on logging before the account's CloudWatch role is set (aws-facts R7)", api)
		}
	}
}

func TestNoApiGatewayAccountWhenDisabled(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, nlbRest, `vpclink:apiGatewayAccount=false`)
	if n := p.Count(tyAccount); n != 0 {
		t.Errorf("apigateway accounts: %d, want 0", n)
	}
	if n := p.Count(tyMethodSettings); n != 2 {
		t.Errorf("method settings: %d, want 2", n)
	}
	for _, r := range p.Resources {
		if strings.Contains(r.Type, "ApiGatewayAccount") || r.Name == "apigateway-account" {
			t.Errorf("%s %s exists with vpclink:apiGatewayAccount false", r.Type, r.Name)
		}
	}
}

func TestPrivateApiIsPrivateBehindTheEndpoint(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, nlbRest)
	vpce := p.One(t, tyVpcEndpoint, "execute-api")
	private := plantest.In(p.One(t, tyRestApi, "private-rest"))
	if got := plantest.Str(private, "endpointConfiguration", "types"); got != "PRIVATE" {
		t.Errorf("private-rest endpoint type = %q, want PRIVATE", got)
	}
	if got := strList(plantest.Get(private, "endpointConfiguration", "vpcEndpointIds")); !slices.Equal(got, []string{vpce.ID}) {
		t.Errorf("vpcEndpointIds = %v, want [%s]", got, vpce.ID)
	}
	if got := plantest.Str(plantest.In(vpce), "serviceName"); got != "com.amazonaws.us-east-1.execute-api" {
		t.Errorf("endpoint serviceName = %q", got)
	}
	regional := plantest.In(p.One(t, tyRestApi, "rest-nlb"))
	if plantest.Str(regional, "endpointConfiguration", "types") != "REGIONAL" || plantest.Get(regional, "endpointConfiguration", "vpcEndpointIds") != nil {
		t.Errorf("rest-nlb endpointConfiguration = %v, want REGIONAL without endpoints", regional["endpointConfiguration"])
	}
}

// The private API's resource policy, byte for byte, in each of its shapes (aws-facts R4, R11):
// authorization none allows everyone through the endpoint; iam only denies what does not come
// through it; iam with allowedPrincipals allows the named principals.
func TestPrivateApiPolicyMatchesGolden(t *testing.T) {
	for golden, override := range map[string]string{
		"private-api-policy.golden.json":                "",
		"private-api-policy-iam.golden.json":            `vpclink:frontends=[{"variant":"rest-nlb"},{"variant":"private-rest","authorization":"iam"}]`,
		"private-api-policy-iam-principals.golden.json": `vpclink:frontends=[{"variant":"rest-nlb"},{"variant":"private-rest","authorization":"iam","allowedPrincipals":["arn:aws:iam::210987654321:role/partner-caller","210987654321"]}]`,
	} {
		t.Run(golden, func(t *testing.T) {
			var overrides []string
			if override != "" {
				overrides = append(overrides, override)
			}
			checkPolicyGolden(t, plantest.Str(plantest.In(onlyOne(t, plantest.Plan(t, "prod", overrides...), tyRestApiPolicy)), "policy"), golden)
		})
	}
}

func checkPolicyGolden(t *testing.T, policy, name string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updatingGolden() {
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, []byte(policy), "", "  "); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(pretty.Bytes(), '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./components/ -run TestPrivateApiPolicyMatchesGolden -update)", err)
	}
	var want bytes.Buffer
	if err := json.Compact(&want, golden); err != nil {
		t.Fatal(err)
	}
	if policy != want.String() {
		t.Errorf("policy differs from %s (byte for byte, whitespace aside):\n got %s\nwant %s", path, policy, want.String())
	}
}

// With IAM authorization no statement of the private API's policy allows Principal * (aws-facts
// R11): the only statements are the Deny outside the endpoint and Allows naming principals.
func TestPrivateApiWithIamAuthorizationDoesNotAllowEveryone(t *testing.T) {
	for _, principals := range []string{``, `,"allowedPrincipals":["210987654321"]`} {
		p := plantest.Plan(t, "prod", `vpclink:frontends=[{"variant":"private-rest","authorization":"iam"`+principals+`}]`)
		doc := policyDocument(t, plantest.Str(plantest.In(onlyOne(t, p, tyRestApiPolicy)), "policy"))
		for _, st := range doc.Statement {
			if st.Effect == "Allow" && fmt.Sprint(st.Principal) == "*" {
				t.Errorf("%s: statement %+v allows Principal * on an IAM-authorized private API (aws-facts R11)", principals, st)
			}
		}
		if doc.Statement[0].Effect != "Deny" || doc.Statement[0].Condition["StringNotEquals"]["aws:SourceVpce"] != p.One(t, tyVpcEndpoint, "execute-api").ID {
			t.Errorf("%s: first statement %+v, want the Deny outside the endpoint (aws-facts R4)", principals, doc.Statement[0])
		}
	}
}

func TestPrivateApiPolicyDeniesOtherEndpointsAndAllowsOwnApi(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, nlbRest)
	doc := policyDocument(t, plantest.Str(plantest.In(onlyOne(t, p, tyRestApiPolicy)), "policy"))
	own := []string{outStr(p.One(t, tyRestApi, "private-rest"), "executionArn") + "/*"}
	vpce := p.One(t, tyVpcEndpoint, "execute-api").ID
	if len(doc.Statement) != 2 {
		t.Fatalf("statements = %+v, want a Deny and an Allow", doc.Statement)
	}
	deny, allow := doc.Statement[0], doc.Statement[1]
	if deny.Effect != "Deny" || !slices.Equal(deny.Action, []string{"execute-api:Invoke"}) || !slices.Equal(deny.Resource, own) ||
		deny.Condition["StringNotEquals"]["aws:SourceVpce"] != vpce {
		t.Errorf("deny = %+v, want Deny Invoke on %v unless aws:SourceVpce is %s (aws-facts R4)", deny, own, vpce)
	}
	if allow.Effect != "Allow" || !slices.Equal(allow.Action, []string{"execute-api:Invoke"}) || !slices.Equal(allow.Resource, own) || allow.Condition != nil {
		t.Errorf("allow = %+v, want Allow Invoke on %v (aws-facts R4)", allow, own)
	}
}

func TestPrivateEndpointPrivateDnsFollowsConfig(t *testing.T) {
	for override, want := range map[string]bool{
		frontendsOverride("private-rest"):                                  false,
		`vpclink:frontends=[{"variant":"private-rest","privateDns":true}]`: true,
	} {
		in := plantest.In(plantest.Plan(t, "dev", override).One(t, tyVpcEndpoint, "execute-api"))
		if in["privateDnsEnabled"] != want {
			t.Errorf("%s: privateDnsEnabled = %v, want %v (aws-facts R5)", override, in["privateDnsEnabled"], want)
		}
	}
}

func TestHttpOutputsApiIdAndUrls(t *testing.T) {
	p := plantest.Plan(t, "dev")
	out := frontendOutputs(t, p)["http-alb"]
	url := outStr(onlyOne(t, p, tyHttpStage), "invokeUrl")
	if got, want := plantest.Str(out, "apiId"), onlyOne(t, p, tyHttpApi).ID; got != want || got == "" {
		t.Errorf("apiId = %q, want %q", got, want)
	}
	if got := plantest.Str(out, "url"); got != url || url == "" {
		t.Errorf("url = %q, want the stage URL %q", got, url)
	}
	if got, want := plantest.Str(out, "invokeUrls", "api"), strings.TrimSuffix(url, "/")+"/api"; got != want {
		t.Errorf("invokeUrls.api = %q, want %q", got, want)
	}
}

func TestPrivateRestOutputsVpceUrl(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, nlbRest)
	out := frontendOutputs(t, p)["private-rest"]
	api, vpce := p.One(t, tyRestApi, "private-rest").ID, p.One(t, tyVpcEndpoint, "execute-api").ID
	if got, want := plantest.Str(out, "vpceUrl"), fmt.Sprintf("https://%s-%s.execute-api.us-east-1.amazonaws.com/v1", api, vpce); got != want {
		t.Errorf("vpceUrl = %q, want %q (aws-facts R5)", got, want)
	}
	if got, want := plantest.Str(out, "url"), fmt.Sprintf("https://%s.execute-api.us-east-1.amazonaws.com/v1", api); got != want {
		t.Errorf("url = %q, want %q", got, want)
	}
	if _, ok := frontendOutputs(t, p)["rest-nlb"].(map[string]any)["vpceUrl"]; ok {
		t.Errorf("the regional API has a vpceUrl")
	}
}
