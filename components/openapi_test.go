package components

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/openapi"
)

const (
	testAlbArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb/0123456789abcdef"
	testNlbArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/0123456789abcdef"
)

func testSpec() RestDocumentSpec {
	return RestDocumentSpec{
		Title: "rest-alb", Description: "vpclink regional REST API rest-alb", EndpointType: RestRegional,
		Authorization: AuthNone, Scheme: "http", Host: "internal-alb.example.com",
		Routes:       []RestRoute{{Name: "orders", PathPrefix: "/orders", Port: 80}, {Name: "users", PathPrefix: "/v1/users", Port: 80}},
		ConnectionId: "v2link", IntegrationTarget: testAlbArn, TimeoutMs: 29000,
	}
}

func mustDoc(t *testing.T, s RestDocumentSpec) *openapi.Document {
	t.Helper()
	body, err := RestOpenApi(s)
	if err != nil {
		t.Fatal(err)
	}
	d, err := openapi.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRestOpenApiHasPrefixAndProxyMethodsPerRoute(t *testing.T) {
	d := mustDoc(t, testSpec())
	var keys []string
	for _, m := range d.Methods() {
		keys = append(keys, m.Key())
	}
	want := "ANY /orders,ANY /orders/{proxy+},ANY /v1/users,ANY /v1/users/{proxy+}"
	if got := strings.Join(keys, ","); got != want {
		t.Errorf("methods = %s, want %s", got, want)
	}
}

func TestRestOpenApiIntegrationsOverV2LinkToTheLoadBalancer(t *testing.T) {
	for _, m := range mustDoc(t, testSpec()).Methods() {
		i := m.Integration
		if i == nil {
			t.Fatalf("%s has no integration", m.Key())
		}
		if i.Type != "http_proxy" || i.ConnectionType != "VPC_LINK" || i.ConnectionId != "v2link" || i.IntegrationTarget != testAlbArn || i.HttpMethod != "ANY" {
			t.Errorf("%s integration = %+v, want http_proxy over VPC_LINK v2link to the ALB (aws-facts R10)", m.Key(), i)
		}
		if !IsLoadBalancerArn(i.IntegrationTarget) {
			t.Errorf("%s integrationTarget %s is not a load balancer ARN", m.Key(), i.IntegrationTarget)
		}
		if i.TimeoutInMillis != 29000 || i.ResponseTransferMode != openapi.Buffered {
			t.Errorf("%s timeout %d mode %s, want 29000 BUFFERED", m.Key(), i.TimeoutInMillis, i.ResponseTransferMode)
		}
	}
}

func TestRestOpenApiUriKeepsTheStageAwayFromTheBackend(t *testing.T) {
	for _, m := range mustDoc(t, testSpec()).Methods() {
		prefix := strings.TrimSuffix(m.Path, "/{proxy+}")
		base := "http://internal-alb.example.com:80" + prefix
		if m.Greedy() {
			if m.Integration.Uri != base+"/{proxy}" || m.Integration.RequestParameters["integration.request.path.proxy"] != "method.request.path.proxy" {
				t.Errorf("%s uri %s params %v: the greedy path must map to %s/{proxy}", m.Key(), m.Integration.Uri, m.Integration.RequestParameters, base)
			}
		} else if m.Integration.Uri != base {
			t.Errorf("%s uri = %s, want %s", m.Key(), m.Integration.Uri, base)
		}
		if strings.Contains(m.Integration.Uri, "{stage}") || strings.Contains(m.Integration.Uri, "/v1/v1") {
			t.Errorf("%s uri %s would carry the stage", m.Key(), m.Integration.Uri)
		}
	}
}

func TestRestOpenApiValidatesEveryMethod(t *testing.T) {
	for _, m := range mustDoc(t, testSpec()).Methods() {
		if m.Validator == nil || !m.Validator.ValidateRequestBody || !m.Validator.ValidateRequestParameters {
			t.Errorf("%s validator %q = %+v, want body and parameters checked", m.Key(), m.ValidatorName, m.Validator)
		}
	}
}

func TestRestOpenApiAuthorization(t *testing.T) {
	for _, c := range []struct {
		auth Authorization
		want string
	}{{AuthNone, "NONE"}, {AuthIam, "AWS_IAM"}} {
		s := testSpec()
		s.Authorization = c.auth
		for _, m := range mustDoc(t, s).Methods() {
			if m.Authorization != c.want {
				t.Errorf("%s: %s authorization = %s, want %s", c.auth, m.Key(), m.Authorization, c.want)
			}
		}
	}
}

func TestRestOpenApiStreamingSetsStreamOnEveryIntegration(t *testing.T) {
	s := testSpec()
	s.Streaming, s.TimeoutMs = true, 900000
	for _, m := range mustDoc(t, s).Methods() {
		if !m.Integration.Streams() || m.Integration.TimeoutInMillis != 900000 {
			t.Errorf("%s mode %s timeout %d, want STREAM 900000 (aws-facts R13)", m.Key(), m.Integration.ResponseTransferMode, m.Integration.TimeoutInMillis)
		}
	}
}

func TestRestOpenApiV1LinkHasNoIntegrationTarget(t *testing.T) {
	s := testSpec()
	s.IntegrationTarget = ""
	body, err := RestOpenApi(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(body, "integrationTarget") {
		t.Errorf("a V1 link's integrations name no target (aws-facts A5): %s", body)
	}
}

func TestRestOpenApiIsDeterministic(t *testing.T) {
	a, _ := RestOpenApi(testSpec())
	s := testSpec()
	s.Routes = []RestRoute{s.Routes[1], s.Routes[0]}
	b, _ := RestOpenApi(s)
	if a != b || a == "" {
		t.Errorf("route order changed the document: the trigger would redeploy for nothing")
	}
}

func TestRestOpenApiRefusesIncompleteSpecs(t *testing.T) {
	for name, mutate := range map[string]func(*RestDocumentSpec){
		"no link":   func(s *RestDocumentSpec) { s.ConnectionId = "" },
		"no host":   func(s *RestDocumentSpec) { s.Host = "" },
		"no routes": func(s *RestDocumentSpec) { s.Routes = nil },
		"dup":       func(s *RestDocumentSpec) { s.Routes = append(s.Routes, s.Routes[0]) },
		"policy":    func(s *RestDocumentSpec) { s.Policy = "{not json" },
	} {
		s := testSpec()
		mutate(&s)
		if _, err := RestOpenApi(s); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestRestDeploymentTriggerFollowsBodyAndPolicy(t *testing.T) {
	a := RestDeploymentTrigger("body", "policy")
	if a != RestDeploymentTrigger("body", "policy") {
		t.Error("not stable")
	}
	for _, other := range []string{RestDeploymentTrigger("body2", "policy"), RestDeploymentTrigger("body", "policy2"), RestDeploymentTrigger("bodyp", "olicy")} {
		if other == a {
			t.Error("trigger did not change")
		}
	}
}

// TestPrivateRestOpenApiMatchesGolden pins the whole document of a private, IAM-authorized API
// over the V2 link to the NLB: endpoint configuration, policy, security scheme and integrations.
func TestPrivateRestOpenApiMatchesGolden(t *testing.T) {
	policy, err := PrivateApiPolicy(restPolicyBase, []string{"vpce-0123456789abcdef0"}, AuthIam, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := RestOpenApi(RestDocumentSpec{
		Title: "private-rest", Description: "vpclink private REST API private-rest", EndpointType: RestPrivate,
		VpcEndpointIds: []string{"vpce-0123456789abcdef0"}, Policy: policy, Authorization: AuthIam,
		Scheme: "https", Host: "api.internal.example.com",
		Routes:       []RestRoute{{Name: "api", PathPrefix: "/api", Port: 8080}},
		ConnectionId: "v2link", IntegrationTarget: testNlbArn, TimeoutMs: 20000,
	})
	if err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(body), "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	path := filepath.Join("testdata", "private-rest-openapi.golden.json")
	if *update {
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if pretty.String() != string(want) {
		t.Errorf("document differs from %s:\n%s", path, pretty.String())
	}
	if !strings.Contains(body, `"Resource":["execute-api:/*"]`) {
		t.Errorf("the in-document policy must use execute-api:/*, which the import expands to the API's ARN")
	}
}
