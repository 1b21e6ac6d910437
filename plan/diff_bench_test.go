package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// services20 is a vpclink:services override with 20 services.
func services20() string {
	svcs := map[string]any{}
	for i := range 20 {
		svcs[fmt.Sprintf("svc%02d", i)] = map[string]any{"port": 8000 + i, "listenerPort": 9000 + i, "desiredCount": 3}
	}
	b, _ := json.Marshal(svcs)
	return "vpclink:services=" + string(b)
}

// BenchmarkAgainstProd20 is `vpclink plan --stack prod --against <its own earlier plan.json>`
// with 20 services, without the process start: read the base document, plan the head offline,
// compare, render the markdown.
func BenchmarkAgainstProd20(b *testing.B) {
	ov := services20()
	base, err := json.Marshal(doc(b, "prod", ov))
	if err != nil {
		b.Fatal(err)
	}
	var resources int
	for b.Loop() {
		bd, err := ReadDocument(bytes.NewReader(base))
		if err != nil {
			b.Fatal(err)
		}
		head := doc(b, "prod", ov)
		d := Compare(bd, head, "base.json", "head")
		_ = d.Markdown()
		resources = len(head.Resources)
	}
	b.ReportMetric(float64(resources), "resources")
}

// BenchmarkCompareProd20 is the comparison alone (two documents in memory), with a CIDR change
// so the cascade runs over every resource.
func BenchmarkCompareProd20(b *testing.B) {
	ov := services20()
	base, head := doc(b, "prod", ov), doc(b, "prod", ov, "vpclink:network.cidr=10.1.0.0/16")
	var replaced int
	for b.Loop() {
		d := Compare(base, head, "base", "head")
		_ = d.Markdown()
		replaced = len(d.Replaced)
	}
	b.ReportMetric(float64(replaced), "replaced")
}
