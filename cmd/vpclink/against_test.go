package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// devPlanFile writes `vpclink plan --stack dev --json` to a file, as a pull request's base.
func devPlanFile(t *testing.T, args ...string) (string, map[string]any) {
	t.Helper()
	code, out, errOut := runCLI(t, append([]string{"plan", "--json"}, args...)...)
	if code != exitOK && code != exitFindings {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	json.Unmarshal([]byte(out), &doc)
	return f, doc
}

func TestPlanAgainstShowsAnAddedRestFrontend(t *testing.T) {
	base, baseDoc := devPlanFile(t, "--stack", "dev")
	// On the legacy V1 link, so the REST frontend adds a link too (over V2 it shares http-alb's).
	frontends := `vpclink:frontends=[{"variant":"http-alb"},{"variant":"rest-nlb","vpcLink":"v1"}]`
	_, headDoc := devPlanFile(t, "--stack", "dev", "--config", frontends)
	code, out, errOut := runCLI(t, "plan", "--stack", "dev", "--config", frontends, "--against", base, "--format", "markdown")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"<!-- vpclink-plan-diff:dev -->", "| Resources |", "<details><summary>Added",
		"| `aws:lb/loadBalancer:LoadBalancer` | nlb |", "| `aws:apigateway/restApi:RestApi` | rest-nlb |",
		"Nlb nlb", "RestApi rest-nlb", "| Network Load Balancer (internal) | 0.00 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the markdown lacks %q:\n%s", want, out)
		}
	}
	// Every VPC link the head plan has and the base has not is listed as added (REST uses a V1
	// or a V2 link depending on the release).
	had := map[string]bool{}
	for _, r := range baseDoc["resources"].([]any) {
		had[r.(map[string]any)["urn"].(string)] = true
	}
	links := 0
	for _, r := range headDoc["resources"].([]any) {
		m := r.(map[string]any)
		if strings.HasSuffix(m["type"].(string), "vpcLink:VpcLink") && !had[m["urn"].(string)] {
			links++
			if want := fmt.Sprintf("| `%s` | %s |", m["type"], m["name"]); !strings.Contains(out, want) {
				t.Errorf("the added link %s is not listed", want)
			}
		}
	}
	if links == 0 {
		t.Error("a REST frontend adds no VPC link")
	}
	delta := headDoc["cost"].(map[string]any)["monthly"].(float64) - baseDoc["cost"].(map[string]any)["monthly"].(float64)
	if want := fmt.Sprintf("(**%+.2f**)", delta); delta <= 0 || !strings.Contains(out, want) {
		t.Errorf("the markdown lacks the cost delta %s", want)
	}
	if len(out) > 20000 {
		t.Errorf("the comment is %d characters, too long for a PR", len(out))
	}
}

func TestPlanAgainstACidrChangeListsTheReplacements(t *testing.T) {
	base, _ := devPlanFile(t, "--stack", "dev")
	code, out, errOut := runCLI(t, "plan", "--stack", "dev", "--config", "vpclink:network.cidr=10.1.0.0/16", "--against", base)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Replacements (", "replaces the VPC and its 4 subnets", "+- awsx:ec2:Vpc  network  [cidrBlock",
		"+- aws:ec2/securityGroup:SecurityGroup  alb  [vpcId]", "+- aws:apigatewayv2/vpcLink:VpcLink  http-link  [subnetIds]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the diff lacks %q:\n%s", want, out)
		}
	}
}

func TestPlanAgainstExitsThreeOnlyOnANewMandatoryFinding(t *testing.T) {
	base, _ := devPlanFile(t, "--stack", "dev")
	// Environment prod makes load balancer access logs and deletion protection mandatory.
	code, out, errOut := runCLI(t, "plan", "--stack", "dev", "--config", "vpclink:environment=prod", "--against", base, "--json")
	if code != exitFindings {
		t.Fatalf("exit %d, want 3: %s", code, errOut)
	}
	var d struct {
		NewFindings []struct{ Severity string } `json:"newFindings"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || len(d.NewFindings) == 0 {
		t.Fatalf("JSON diff %v: %s", err, out)
	}
	// Against a base that already has them, nothing is new.
	same, _ := devPlanFile(t, "--stack", "dev", "--config", "vpclink:environment=prod")
	if code, _, errOut := runCLI(t, "plan", "--stack", "dev", "--config", "vpclink:environment=prod", "--against", same); code != exitOK {
		t.Errorf("exit %d against a base with the same findings: %s", code, errOut)
	}
}

func TestPlanAgainstRefusesWhatIsNeitherAFileNorARef(t *testing.T) {
	code, _, errOut := runCLI(t, "plan", "--against", "no-such-ref-or-file")
	if code != exitInvalid || !strings.Contains(errOut, "neither a plan file nor a git ref") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	prod, _ := devPlanFile(t, "--stack", "prod")
	if code, _, errOut := runCLI(t, "plan", "--stack", "dev", "--against", prod); code != exitInvalid || !strings.Contains(errOut, "not dev") {
		t.Errorf("a prod plan as the base of dev: exit %d: %s", code, errOut)
	}
	if code, _, _ := runCLI(t, "plan", "--format", "markdown"); code != exitInvalid {
		t.Error("--format without --against is accepted")
	}
	if code, _, _ := runCLI(t, "plan", "--against", prod, "--format", "html"); code != exitInvalid {
		t.Error("--format html is accepted")
	}
}

// TestPlanAgainstAGitRef plans the base from a commit in a temporary worktree, with that
// checkout's own command (a go run: slow on a cold cache).
func TestPlanAgainstAGitRef(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the base checkout")
	}
	if _, err := os.Stat("../../.git"); err != nil {
		t.Skip("not a git checkout")
	}
	code, out, errOut := runCLI(t, "plan", "--stack", "dev", "--against", "HEAD")
	if code != exitOK || !strings.Contains(out, "vpclink plan of stack dev against HEAD") {
		t.Errorf("exit %d:\n%s\n%s", code, out, errOut)
	}
}
