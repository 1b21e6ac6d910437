package plan

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestDiagramShowsLinkTargetAndStreaming(t *testing.T) {
	for _, c := range []struct {
		frontends string
		want      []string
	}{
		{`vpclink:frontends=[{"variant":"rest-alb","streaming":true,"timeoutMs":600000}]`, []string{"VPC link (V2)", "integrationTarget: the ALB", "streaming, timeout 600000 ms"}},
		{`vpclink:frontends=[{"variant":"private-rest-alb"}]`, []string{"execute-api VPC endpoint", "Private REST API", "integrationTarget: the ALB", "buffered"}},
		{`vpclink:frontends=[{"variant":"rest-nlb"}]`, []string{"VPC link (V2)", "integrationTarget: the NLB"}},
		{`vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`, []string{"VPC link (V1, legacy)", `Internal NLB"]`}},
	} {
		cfg, err := load(t, "dev", c.frontends)
		if err != nil {
			t.Fatal(err)
		}
		d := Diagram(cfg, cfg.Frontends[0])
		for _, w := range c.want {
			if !strings.Contains(d, w) {
				t.Errorf("%s: diagram lacks %q:\n%s", c.frontends, w, d)
			}
		}
	}
}

func TestCostShowsTheRestAlbChoice(t *testing.T) {
	for _, c := range []struct {
		frontends string
		want      string
	}{
		{`vpclink:frontends=[{"variant":"http-alb"},{"variant":"rest-nlb"}]`, "the stack already runs an ALB: rest-alb / private-rest-alb instead of rest-nlb / private-rest would drop the NLB (16.43 USD/month)"},
		{`vpclink:frontends=[{"variant":"rest-alb"}]`, "need no NLB: 16.43 USD/month and one hop saved"},
		{`vpclink:frontends=[{"variant":"rest-alb"}]`, "a Region allows 10 V2 links (aws-facts A3)"},
		{`vpclink:frontends=[{"variant":"rest-alb"}]`, "INACTIVE until it re-provisions (A10)"},
		{`vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`, "V1 links are legacy (aws-facts R12)"},
	} {
		cfg, err := load(t, "dev", c.frontends)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(EstimateCost(cfg).Choices, "\n"); !strings.Contains(got, c.want) {
			t.Errorf("%s: choices lack %q:\n%s", c.frontends, c.want, got)
		}
	}
	cfg, _ := load(t, "dev")
	if ch := EstimateCost(cfg).Choices; len(ch) != 0 {
		t.Errorf("an HTTP-only stack gets REST choices: %v", ch)
	}
}

func TestPlanListsRestMethodsFromTheDocument(t *testing.T) {
	ovs := overrides(t, `vpclink:frontends=[{"variant":"rest-alb","authorization":"iam","streaming":true}]`)
	p, err := Run(context.Background(), Options{ProjectDir: projectDir, Stack: "dev", Overrides: ovs})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	p.WriteText(&b)
	for _, w := range []string{"REST methods (from each API's OpenAPI document)", "ANY /api/{proxy+}", "auth AWS_IAM, validator body-and-parameters, http_proxy", ":loadbalancer/app/", "STREAM", "choice: "} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("plan text lacks %q", w)
		}
	}
}
