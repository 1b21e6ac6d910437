package policy_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/internal/plantest"
	"github.com/vpclink/vpclink/policy"
	"github.com/vpclink/vpclink/stacks"
)

var update = flag.Bool("update", false, "rewrite testdata/advisory.golden from the current plans")

// matrixCase is a stack the program must plan with no mandatory finding.
type matrixCase struct {
	name, stack string
	overrides   []string
}

func matrix() []matrixCase {
	cases := []matrixCase{{"dev", "dev", nil}, {"prod", "prod", nil}}
	for _, v := range stacks.Variants {
		cases = append(cases, matrixCase{string(v), "dev", []string{fmt.Sprintf(`vpclink:frontends=[{"variant":%q}]`, v)}})
	}
	return cases
}

// evaluate plans a stack and evaluates every rule with the stack's environment.
func evaluate(t *testing.T, stack string, overrides ...string) []policy.Finding {
	t.Helper()
	p := plantest.Plan(t, stack, overrides...)
	return policy.Evaluate(policy.FromOffline(p.Resources), policy.Options{Environment: string(p.Config.Environment)})
}

// TestMatrix plans dev, prod and every variant alone: none may have a mandatory finding, and the
// advisory ones must be exactly those in testdata/advisory.golden, so a new one is a visible change.
func TestMatrix(t *testing.T) {
	var golden strings.Builder
	for _, mc := range matrix() {
		fs := evaluate(t, mc.stack, mc.overrides...)
		var lines []string
		for _, f := range fs {
			switch f.Severity {
			case policy.Mandatory:
				t.Errorf("%s: mandatory %s on %s: %s", mc.name, f.RuleID, f.Name, f.Message)
			case policy.Advisory:
				lines = append(lines, f.RuleID+" "+f.Name)
			}
		}
		slices.Sort(lines)
		fmt.Fprintf(&golden, "# %s\n%s\n", mc.name, strings.Join(lines, "\n"))
	}
	path := filepath.Join("testdata", "advisory.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./policy -run TestMatrix -update to create it)", err)
	}
	if got := golden.String(); got != string(want) {
		t.Errorf("advisory findings differ from %s (rerun with -update if the change is intended):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for _, l := range w {
		if !slices.Contains(g, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

// TestMatrixProdWithoutFlowLogs: a prod stack that turns flow logs off fails on
// VPCL-VPC-FLOW-LOGS, and says why it is mandatory.
func TestMatrixProdWithoutFlowLogs(t *testing.T) {
	fs := evaluate(t, "prod", `vpclink:network={"availabilityZones":3,"natGateways":"onePerAz","flowLogs":false}`)
	var got []policy.Finding
	for _, f := range fs {
		if f.Severity == policy.Mandatory {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].RuleID != "VPCL-VPC-FLOW-LOGS" || got[0].Name != "network" {
		t.Fatalf("want exactly one mandatory VPCL-VPC-FLOW-LOGS finding on VPC network, got %+v", got)
	}
	if !strings.Contains(got[0].Message, "mandatory because vpclink:environment is prod") {
		t.Errorf("message does not say why it is mandatory: %s", got[0].Message)
	}
	// The same override in dev is only advisory.
	for _, f := range evaluate(t, "dev", `vpclink:network={"flowLogs":false}`) {
		if f.RuleID == "VPCL-VPC-FLOW-LOGS" && f.Severity != policy.Advisory {
			t.Errorf("dev without flow logs: %s is %s, want advisory", f.RuleID, f.Severity)
		}
	}
}

// TestMatrixRefusedByValidation: some bad overrides never reach the rules, because config
// validation refuses them first and names the key.
func TestMatrixRefusedByValidation(t *testing.T) {
	for _, tc := range []struct{ name, override, key, mention string }{
		{"rest timeout above A1", `vpclink:frontends=[{"variant":"rest-nlb","timeoutMs":60000}]`, "frontends[0].timeoutMs", "29000"},
		{"client CIDR anywhere", `vpclink:frontends=[{"variant":"private-rest","clientCidrs":["0.0.0.0/0"]}]`, "frontends[0].clientCidrs[0]", "VPCL-SG-OPEN-INGRESS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := plantest.TryPlan("dev", tc.override)
			var ve *stacks.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want *stacks.ValidationError, got %T: %v", err, err)
			}
			found := false
			for _, p := range ve.Problems {
				if strings.Contains(p.Key, tc.key) && strings.Contains(p.Message, tc.mention) {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem on key %s mentioning %s in %v", tc.key, tc.mention, ve.Problems)
			}
		})
	}
}

// TestMatrixProdAlbNeedsAccessLogs: an ALB in prod must write access logs, so an http-alb frontend
// on the prod stack needs loadBalancers.accessLogsBucket; with it the plan is clean.
func TestMatrixProdAlbNeedsAccessLogs(t *testing.T) {
	alb := `vpclink:frontends=[{"variant":"http-alb"}]`
	var mandatory []string
	for _, f := range evaluate(t, "prod", alb, `vpclink:loadBalancers={}`) { // Pulumi.prod.yaml names a bucket
		if f.Severity == policy.Mandatory {
			mandatory = append(mandatory, f.RuleID+" "+f.Name)
		}
	}
	if !slices.Equal(mandatory, []string{"VPCL-LB-ACCESS-LOGS alb"}) {
		t.Errorf("prod with an ALB and no access-log bucket: want only VPCL-LB-ACCESS-LOGS on alb, got %v", mandatory)
	}
	for _, f := range evaluate(t, "prod", alb, `vpclink:loadBalancers={"accessLogsBucket":"example-alb-logs"}`) {
		if f.Severity == policy.Mandatory {
			t.Errorf("with a bucket: mandatory %s on %s: %s", f.RuleID, f.Name, f.Message)
		}
	}
}
