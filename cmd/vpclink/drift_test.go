package main

import (
	"strings"
	"testing"
)

// A security-group rule deleted out of band (in the console): `vpclink preview` says the stack
// has drifted and names the rule, `vpclink refresh` shows it gone and drops it from the state,
// and the next `vpclink up` creates it again.
func TestDrift(t *testing.T) {
	d := newDeployment(t, "dev", "", nil)
	d.must("up", "--yes")
	const ruleType = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	const rule = "api-from-alb-8080"
	urn := "urn:pulumi:dev::vpclink::vpclink:components:FargateService$" + ruleType + "::" + rule
	if out := d.must("preview"); strings.Contains(out, "has drifted") {
		t.Fatalf("preview reports drift before anything changed:\n%s", out)
	}
	id, ok := d.srv.RemoveOutOfBand(ruleType, rule)
	if !ok {
		t.Fatalf("no %s %s in the fake cloud", ruleType, rule)
	}

	out := d.must("preview")
	for _, want := range []string{"stack dev has drifted: 1 resource(s)", urn + " (" + ruleType + "): deleted outside vpclink", "vpclink refresh --stack dev"} {
		if !strings.Contains(out, want) {
			t.Errorf("preview does not say %q:\n%s", want, out)
		}
	}
	out = d.must("refresh", "--yes")
	if !strings.Contains(out, rule) || !strings.Contains(out, "deleted") {
		t.Errorf("refresh does not show the deleted rule:\n%s", out)
	}
	for _, r := range d.state().Resources {
		if string(r.URN) == urn {
			t.Errorf("the rule (%s) is still in the state after the refresh", id)
		}
	}
	d.srv.Reset()
	if out := d.must("up", "--yes"); !strings.Contains(out, rule) || !strings.Contains(out, "created") {
		t.Errorf("up does not restore the rule:\n%s", out)
	}
	var created []string
	for _, o := range d.srv.Ops() {
		if o.Kind == "Create" {
			created = append(created, o.URN)
		}
	}
	if len(created) != 1 || created[0] != urn {
		t.Errorf("up created %v, want only the rule", created)
	}
	d.checkStateIsCloud("after the rule is restored")
	if out := d.must("preview"); strings.Contains(out, "has drifted") || strings.Contains(out, "to create") {
		t.Errorf("still drifted after up:\n%s", out)
	}
	d.must("destroy", "--yes")
}
