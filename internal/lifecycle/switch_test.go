package lifecycle

import (
	"strings"
	"testing"
	"time"
)

// TestRestSwitch adds a private REST API to a stack with a regional one: the private pieces are
// created, and the NLB and the V1 link they share change only where they must (here: nowhere).
func TestRestSwitch(t *testing.T) {
	t.Parallel()
	start := time.Now()
	defer func() { t.Logf("rest-nlb to rest-nlb + private-rest: %s", time.Since(start).Round(time.Millisecond)) }()
	h := newHarness(t, "dev")
	restOnly := []string{`vpclink:frontends=[{"variant":"rest-nlb"}]`}
	both := []string{`vpclink:frontends=[{"variant":"rest-nlb"},{"variant":"private-rest"}]`}
	h.open(restOnly...).up()

	want, err := expectChanges(h.plan(restOnly...), h.plan(both...), true)
	if err != nil {
		t.Fatal(err)
	}
	s := h.open(both...)
	_, st := s.preview()
	got := st.changes()
	checkChanges(t, "preview adding private-rest", want, got)

	created := 0
	for urn, c := range got {
		shared := strings.Contains(urn, ":components:Nlb") || strings.Contains(urn, ":components:RestLink")
		private := strings.Contains(urn, ":components:PrivateEndpoint") || strings.HasSuffix(urn, "::private-rest") ||
			strings.Contains(urn, "::private-rest-") || strings.Contains(urn, "::execute-api")
		switch {
		case shared && c != same:
			t.Errorf("adding private-rest must not %s the shared %s", c, short(urn))
		case private && c != create:
			t.Errorf("adding private-rest must create %s, not %s it", short(urn), c)
		case private:
			created++
		case c != same:
			t.Errorf("adding private-rest must not %s %s", c, short(urn))
		}
	}
	if created == 0 {
		t.Errorf("adding private-rest created nothing")
	}

	wantUp, err := expectChanges(h.plan(restOnly...), h.plan(both...), false)
	if err != nil {
		t.Fatal(err)
	}
	_, ops := s.up()
	checkOps(t, "up adding private-rest", wantUp, customURNs(t, h.plan(restOnly...), h.plan(both...)), ops)
	for _, op := range ops {
		shared := strings.Contains(op.URN, ":components:Nlb") || strings.Contains(op.URN, ":components:RestLink")
		if shared && (op.Kind == "Create" || op.Kind == "Update" || op.Kind == "Delete") {
			t.Errorf("adding private-rest: %s of the shared %s", op.Kind, short(op.URN))
		}
	}
	checkNoChanges(t, s, "preview after adding private-rest")
	t.Logf("adding private-rest created %d resources", created)
}
