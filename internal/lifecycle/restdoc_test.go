package lifecycle

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/internal/fakeaws"
	"github.com/vpclink/vpclink/stacks"
)

// Two services behind one REST frontend, and the same stack with one of them removed. The second
// service has its own NLB listener port.
const (
	twoServices = `vpclink:services={"api":{},"billing":{"port":8081}}`
	oneService  = `vpclink:services={"api":{}}`
)

func restFrontend(variant, extra string) string {
	return `vpclink:frontends=[{"variant":"` + variant + `"` + extra + `}]`
}

// restApiID returns the id of REST API name in the session's state.
func restApiID(t *testing.T, s *session, name string) string {
	t.Helper()
	for _, r := range s.state() {
		if string(r.Type) == "aws:apigateway/restApi:RestApi" && strings.HasSuffix(string(r.URN), "::"+name) {
			return string(r.ID)
		}
	}
	t.Fatalf("no REST API %s in the state", name)
	return ""
}

// served returns the method keys the stage v1 of api serves, failing when the stage has no
// deployment.
func served(t *testing.T, h *harness, api string) []string {
	t.Helper()
	st, ok := h.srv.RestStage(api, "v1")
	if !ok || st.DeploymentId == "" || len(st.Methods) == 0 {
		t.Fatalf("stage v1 of %s serves nothing (%+v, %v): the stage must always have a deployment", api, st, ok)
	}
	var out []string
	for _, m := range st.Methods {
		out = append(out, m.Key)
	}
	return out
}

func hasPrefix(keys []string, prefix string) bool {
	return slices.ContainsFunc(keys, func(k string) bool { return strings.Contains(k, " "+prefix) })
}

func deploymentCreates(ops []fakeaws.Op) int {
	n := 0
	for _, op := range ops {
		if op.Kind == "Create" && op.Type == tDeployment {
			n++
		}
	}
	return n
}

// removeService runs up with two services, then with one, and returns what the stage serves after
// each.
func removeService(t *testing.T, h *harness, open func(kvs ...string) *session, frontend string) (before, after []string, api string) {
	t.Helper()
	s := open(frontend, twoServices)
	s.up()
	api = restApiID(t, s, "rest-nlb")
	before = served(t, h, api)
	s = open(frontend, oneService)
	_, ops := s.up()
	checkDeploymentOrder(t, ops)
	return before, served(t, h, api), api
}

// TestRestStageDropsRemovedRoutes: with the OpenAPI document, removing a service removes its
// routes from what the stage serves in the same up (aws-facts R9); adding it back adds them; a
// timeout change makes exactly one new deployment; a no-op preview shows nothing.
func TestRestStageDropsRemovedRoutes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "dev")
	frontend := restFrontend("rest-nlb", "")
	before, after, api := removeService(t, h, h.open, frontend)
	if !hasPrefix(before, "/billing") || !hasPrefix(before, "/api") {
		t.Fatalf("before the removal the stage serves %v, want /api and /billing", before)
	}
	if hasPrefix(after, "/billing") {
		t.Errorf("after removing billing the stage still serves %v (aws-facts R9)", after)
	}
	if live := h.srv.RestMethods(api); len(live) != len(after) {
		t.Errorf("the API has %d methods but the stage serves %d: the stage is behind the API", len(live), len(after))
	}

	s := h.open(frontend, twoServices)
	s.up()
	if got := served(t, h, api); !hasPrefix(got, "/billing") {
		t.Errorf("after adding billing back the stage serves %v", got)
	}

	s = h.open(frontend, twoServices, "vpclink:frontends[0].timeoutMs=20000")
	_, ops := s.up()
	if n := deploymentCreates(ops); n != 1 {
		t.Errorf("a timeout change made %d deployments, want exactly 1 (aws-facts R1, A4)", n)
	}
	st, _ := h.srv.RestStage(api, "v1")
	for _, m := range st.Methods {
		if m.TimeoutMs != 20000 {
			t.Errorf("stage serves %s with timeout %d, want 20000", m.Key, m.TimeoutMs)
		}
	}
	if got := restApiID(t, s, "rest-nlb"); got != api {
		t.Errorf("the API's id changed from %s to %s: every client URL carries it", api, got)
	}
	checkNoChanges(t, s, "preview after the timeout change")
}

// TestPerMethodDesignServesRemovedRoutes runs the same removal on the per-method construction
// vpclink used before (legacyrest_test.go): the new deployment is created before the removed
// methods are deleted, so the stage goes on serving them. It pins the fault the document fixes
// and proves the fake API Gateway can tell the two apart.
func TestPerMethodDesignServesRemovedRoutes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "dev")
	legacy := func(kvs ...string) *session {
		return h.openWith(func(o *stacks.Options) { o.Program = legacyProgram }, kvs...)
	}
	_, after, api := removeService(t, h, legacy, restFrontend("rest-nlb", `,"vpcLink":"v1"`))
	if !hasPrefix(after, "/billing") {
		t.Fatalf("the per-method design no longer serves removed routes (%v); the fake API Gateway lost R9", after)
	}
	if live := h.srv.RestMethods(api); hasPrefix(keysOf(live), "/billing") {
		t.Errorf("the API itself still has billing's methods: %v", keysOf(live))
	}
	t.Logf("per-method design after removing billing: the stage serves %v", after)
}

func keysOf(ms []fakeaws.RestMethod) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Key)
	}
	return out
}

// TestRestUpgradeFromPerMethodAndV1: a stack deployed with the per-method construction over the V1
// link moves to the document over the V2 link in one up: the APIs keep their ids, the stages always
// have a deployment serving every route, the old Resource, Method, Integration and RequestValidator
// resources and the V1 link are deleted without error, the private API keeps its resource policy,
// and a no-op preview follows.
func TestRestUpgradeFromPerMethodAndV1(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "dev")
	v1 := `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"},{"variant":"private-rest","vpcLink":"v1"}]`
	old := h.openWith(func(o *stacks.Options) { o.Program = legacyProgram }, v1, twoServices)
	old.up()
	ids := map[string]string{}
	routes := map[string][]string{}
	for _, api := range []string{"rest-nlb", "private-rest"} {
		ids[api] = restApiID(t, old, api)
		routes[api] = served(t, h, ids[api])
	}

	s := h.open(`vpclink:frontends=[{"variant":"rest-nlb"},{"variant":"private-rest"}]`, twoServices)
	_, ops := s.up()
	checkDeploymentOrder(t, ops)
	for api, id := range ids {
		if got := restApiID(t, s, api); got != id {
			t.Errorf("%s: the API id changed from %s to %s", api, id, got)
		}
		if got := served(t, h, id); !slices.Equal(got, routes[api]) {
			t.Errorf("%s: after the upgrade the stage serves %v, want %v", api, got, routes[api])
		}
		for _, m := range h.srv.RestMethods(id) {
			if m.IntegrationTarget == "" {
				t.Errorf("%s %s has no integrationTarget after the move to the V2 link", api, m.Key)
			}
		}
	}
	if p := h.srv.RestPolicy(ids["private-rest"]); !strings.Contains(p, "aws:SourceVpce") {
		t.Errorf("the private API lost its resource policy in the upgrade (%q); its next deployment would fail (aws-facts R3)", p)
	}
	deleted := map[string]int{}
	for _, op := range ops {
		if op.Kind == "Delete" {
			deleted[op.Type]++
		}
	}
	for _, typ := range []string{"aws:apigateway/resource:Resource", "aws:apigateway/method:Method", tRestInteg, "aws:apigateway/requestValidator:RequestValidator", tRestLink} {
		if deleted[typ] == 0 {
			t.Errorf("the upgrade deleted no %s", typ)
		}
	}
	for _, r := range s.state() {
		switch string(r.Type) {
		case "aws:apigateway/resource:Resource", "aws:apigateway/method:Method", tRestInteg, tRestLink:
			t.Errorf("%s is still in the state after the upgrade", short(string(r.URN)))
		}
	}
	checkNoChanges(t, s, "preview after the upgrade")
}
