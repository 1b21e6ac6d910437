package fakeaws

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/components"
)

func props(kv ...any) resource.PropertyMap {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return resource.NewPropertyMapFromMap(m)
}

func body(t *testing.T, policy string, prefixes ...string) string {
	t.Helper()
	var routes []components.RestRoute
	for _, p := range prefixes {
		routes = append(routes, components.RestRoute{Name: p, PathPrefix: "/" + p, Port: 80})
	}
	b, err := components.RestOpenApi(components.RestDocumentSpec{Title: "t", EndpointType: components.RestRegional, Policy: policy,
		Scheme: "http", Host: "alb", Routes: routes, ConnectionId: "link2", IntegrationTarget: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1", TimeoutMs: 29000})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func keys(ms []RestMethod) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Key)
	}
	return strings.Join(out, ",")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestFakeImportReplacesMethodsAndStagesServeTheirSnapshot(t *testing.T) {
	s := &Server{apigw: newApiGateway()}
	g := s.apigw
	must(t, g.put(tRestApi, "api1", props("body", body(t, "", "a", "b"), "putRestApiMode", "overwrite"), props("rootResourceId", "root")))
	must(t, g.put(tDeployment, "d1", props("restApi", "api1"), nil))
	must(t, g.put(tStage, "s1", props("restApi", "api1", "deployment", "d1", "stageName", "v1"), nil))
	must(t, g.put(tRestApi, "api1", props("body", body(t, "", "a"), "putRestApiMode", "overwrite"), props("rootResourceId", "root")))
	if got := keys(s.RestMethods("api1")); got != "ANY /a,ANY /a/{proxy+}" {
		t.Errorf("after the import: %s", got)
	}
	st, _ := s.RestStage("api1", "v1")
	if got := keys(st.Methods); got != "ANY /a,ANY /a/{proxy+},ANY /b,ANY /b/{proxy+}" {
		t.Errorf("the stage serves its old deployment until moved: %s", got)
	}
	must(t, g.put(tDeployment, "d2", props("restApi", "api1"), nil))
	if err := g.remove(tDeployment, "d1", props("restApi", "api1")); err == nil || !strings.Contains(err.Error(), "Active stages") {
		t.Errorf("deleting the stage's deployment: %v, want R2's error", err)
	}
	must(t, g.put(tStage, "s1", props("restApi", "api1", "deployment", "d2", "stageName", "v1"), nil))
	must(t, g.remove(tDeployment, "d1", props("restApi", "api1")))
	st, _ = s.RestStage("api1", "v1")
	if got := keys(st.Methods); got != "ANY /a,ANY /a/{proxy+}" || s.RestDeploymentsCreated("api1") != 2 {
		t.Errorf("after the new deployment: %s, %d deployments", got, s.RestDeploymentsCreated("api1"))
	}
	if err := g.remove(tV2Link, "link2", nil); err == nil {
		t.Errorf("deleted a V2 link integrations still name (aws-facts R8)")
	}
}

func TestFakePerMethodDeploymentKeepsMethodsDeletedAfterIt(t *testing.T) {
	s := &Server{apigw: newApiGateway()}
	g := s.apigw
	must(t, g.put(tRestApi, "api1", props(), props("rootResourceId", "root")))
	for _, p := range []string{"a", "b"} {
		must(t, g.put(tResource, "r"+p, props("restApi", "api1", "parentId", "root", "pathPart", p), nil))
		must(t, g.put(tMethod, "m"+p, props("restApi", "api1", "resourceId", "r"+p, "httpMethod", "ANY", "authorization", "NONE"), nil))
		must(t, g.put(tIntegration, "i"+p, props("restApi", "api1", "resourceId", "r"+p, "httpMethod", "ANY", "uri", "http://x/"+p, "connectionId", "link1"), nil))
	}
	// Pulumi's order when b is removed: the new deployment first, the removed resources last.
	must(t, g.put(tDeployment, "d1", props("restApi", "api1"), nil))
	must(t, g.put(tStage, "s1", props("restApi", "api1", "deployment", "d1", "stageName", "v1"), nil))
	must(t, g.remove(tIntegration, "ib", props("restApi", "api1", "resourceId", "rb", "httpMethod", "ANY")))
	must(t, g.remove(tMethod, "mb", props("restApi", "api1", "resourceId", "rb", "httpMethod", "ANY")))
	must(t, g.remove(tResource, "rb", props("restApi", "api1")))
	st, _ := s.RestStage("api1", "v1")
	if got := keys(st.Methods); got != "ANY /a,ANY /b" {
		t.Errorf("snapshot = %s, want the stale ANY /b still served (aws-facts R9)", got)
	}
	// Already gone: the provider treats NotFound as done.
	must(t, g.remove(tMethod, "mb", props("restApi", "api1", "resourceId", "rb", "httpMethod", "ANY")))
	must(t, g.remove(tIntegration, "ib", props("restApi", "api1", "resourceId", "rb", "httpMethod", "ANY")))
	must(t, g.remove(tResource, "rb", props("restApi", "api1")))
	must(t, g.remove(tMethod, "mx", props("restApi", "gone", "resourceId", "rx", "httpMethod", "ANY")))
}

func TestFakePrivateApiNeedsAPolicyAndOverwriteResetsIt(t *testing.T) {
	s := &Server{apigw: newApiGateway()}
	g := s.apigw
	private := func(b string) resource.PropertyMap {
		return props("body", b, "putRestApiMode", "overwrite", "endpointConfiguration", map[string]any{"types": "PRIVATE"})
	}
	must(t, g.put(tRestApi, "api1", private(body(t, "", "a")), props("rootResourceId", "root")))
	if err := g.put(tDeployment, "d1", props("restApi", "api1"), nil); err == nil || !strings.Contains(err.Error(), "resource policy") {
		t.Errorf("deployment of a private API without policy: %v, want R3's error", err)
	}
	must(t, g.put(tRestApiPolicy, "api1", props("restApiId", "api1", "policy", `{"Statement":[]}`), nil))
	must(t, g.put(tDeployment, "d1", props("restApi", "api1"), nil))
	must(t, g.put(tRestApi, "api1", private(body(t, "", "a", "b")), props("rootResourceId", "root")))
	if s.RestPolicy("api1") != "" {
		t.Errorf("an overwrite import without x-amazon-apigateway-policy kept the policy")
	}
	must(t, g.put(tRestApi, "api1", private(body(t, `{"Statement":[{"Effect":"Deny"}]}`, "a", "b")), props("rootResourceId", "root")))
	if !strings.Contains(s.RestPolicy("api1"), "Deny") {
		t.Errorf("the document's policy was not applied")
	}
	must(t, g.remove(tRestApiPolicy, "api1", props("restApiId", "api1")))
	if s.RestPolicy("api1") != "" {
		t.Errorf("deleting the RestApiPolicy leaves the policy; the provider clears it")
	}
}
