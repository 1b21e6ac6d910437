package lifecycle

import (
	"strings"
	"testing"
)

const (
	tDomainV2    = "aws:apigatewayv2/domainName:DomainName"
	tApiMapping  = "aws:apigatewayv2/apiMapping:ApiMapping"
	tCert        = "aws:acm/certificate:Certificate"
	tCertValid   = "aws:acm/certificateValidation:CertificateValidation"
	tRecord      = "aws:route53/record:Record"
	tUsagePlan   = "aws:apigateway/usagePlan:UsagePlan"
	tApiKey      = "aws:apigateway/apiKey:ApiKey"
	tUsagePlanKy = "aws:apigateway/usagePlanKey:UsagePlanKey"
)

// sharedDomain is an HTTP and a REST frontend on one domain, the REST one at basePath with a
// usage plan and an API key.
func sharedDomain(basePath string) []string {
	cd := func(extra string) string {
		return `"customDomain":{"name":"api.example.com","hostedZoneId":"Z0123456789ABCDEFGHIJ"` + extra + `}`
	}
	return []string{`vpclink:frontends=[{"variant":"http-alb",` + cd("") + `},` +
		`{"variant":"rest-nlb",` + cd(`,"basePath":"`+basePath+`"`) + `,` +
		`"usagePlans":[{"name":"partners","throttling":{"rateLimit":10,"burstLimit":20},"quota":{"limit":10000,"period":"MONTH"},"apiKeys":["acme"]}]}]`}
}

// TestFrontDoorLifecycle: a stack with a shared domain and a usage plan goes up with what the plan
// lists, previews no change, changes the REST frontend's base path by updating its API mapping
// and nothing else, and destroys mappings before the domain and the domain before its
// certificate.
func TestFrontDoorLifecycle(t *testing.T) {
	h := newHarness(t, "dev")
	cur := sharedDomain("rest")
	plan := h.plan(cur...)
	s := h.open(cur...)
	res, ops := s.up()
	checkCreated(t, "dev", plan, s.state(), ops, h.srv)
	checkOutputs(t, plan, res.Outputs)
	if k, ok := res.Outputs["apiKeys"]; !ok || !k.Secret {
		t.Errorf("apiKeys output %+v is missing or not secret", k)
	}
	for _, r := range s.state() {
		if string(r.Type) == tApiKey {
			if v, ok := r.Outputs["value"].(map[string]any); !ok || v["4dabf18193072939515e22adb298388d"] == nil {
				t.Errorf("the API key value is in the state in plain text: %#v", r.Outputs["value"])
			}
		}
	}
	checkNoChanges(t, s, "second preview")
	if t.Failed() {
		return
	}

	next := sharedDomain("v2")
	want, err := expectChanges(h.plan(cur...), h.plan(next...), false)
	if err != nil {
		t.Fatal(err)
	}
	_, st := h.open(next...).preview()
	got := st.changes()
	checkChanges(t, "preview of a new base path", want, got)
	if changed := notSameChanges(got); len(changed) != 1 {
		t.Errorf("a new base path changes %d resources, want 1 (the REST frontend's API mapping): %v", len(changed), changed)
	}
	for urn, c := range notSameChanges(got) {
		if !strings.HasSuffix(urn, "::api-example-com-rest-nlb") || c != update {
			t.Errorf("a new base path changes %s (%s); only the REST frontend's API mapping may change, in place (UpdateApiMapping)", short(urn), c)
		}
	}
	s = h.open(next...)
	_, ops = s.up()
	checkOps(t, "up with a new base path", want, customURNs(t, h.plan(cur...), h.plan(next...)), ops)
	checkNoChanges(t, s, "preview after the new base path")

	state := s.state()
	_, ops, err = s.destroy()
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if live := h.srv.Live(); len(live) > 0 {
		t.Errorf("destroy left %d resources in the fake cloud, first %s", len(live), short(live[0].URN))
	}
	checkDestroyOrder(t, state, ops)
	last, first := map[string]int{}, map[string]int{}
	for i, op := range ops {
		if op.Kind == "Delete" {
			last[op.Type] = i
			if _, ok := first[op.Type]; !ok {
				first[op.Type] = i
			}
		}
	}
	for _, o := range []struct{ before, after, why string }{
		{tApiMapping, tDomainV2, "a domain name with mappings cannot be deleted"},
		{tDomainV2, tCertValid, "a certificate in use by a domain name cannot be deleted"},
		{tDomainV2, tCert, "a certificate in use by a domain name cannot be deleted"},
		{tUsagePlanKy, tApiKey, "a key in a plan is removed from it first"},
		{tUsagePlanKy, tUsagePlan, "a plan's keys go before the plan"},
	} {
		l, okl := last[o.before]
		f, okf := first[o.after]
		if !okl || !okf || l > f {
			t.Errorf("destroy: the last %s was deleted after the first %s (%s)", o.before, o.after, o.why)
		}
	}
}

// notSameChanges is a change map without the resources that stay the same.
func notSameChanges(m map[string]change) map[string]change {
	out := map[string]change{}
	for urn, c := range m {
		if c != same {
			out[urn] = c
		}
	}
	return out
}
