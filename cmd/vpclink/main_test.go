package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append(args, "--cwd", "../.."), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestPlanDevPrintsTreeDiagramCostAndFindings(t *testing.T) {
	code, out, errOut := runCLI(t, "plan", "--stack", "dev")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"vpclink plan of stack dev", "Resources by component", "vpclink:components:Network  network",
		"Counts by type", "aws:lb/loadBalancer:LoadBalancer", "```mermaid", "Internal ALB :80",
		"Estimated fixed monthly cost", "61.94 USD  total per month", "Policy findings",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q", want)
		}
	}
}

func TestPlanJSONHasTheDocumentedShape(t *testing.T) {
	code, out, errOut := runCLI(t, "plan", "--stack", "prod", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"project", "stack", "region", "resources", "outputs", "findings", "cost"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q in the plan document", k)
		}
	}
	var resources []map[string]any
	json.Unmarshal(doc["resources"], &resources)
	for _, k := range []string{"urn", "type", "name", "parent", "custom", "id", "inputs", "outputs", "dependencies"} {
		if _, ok := resources[0][k]; !ok {
			t.Errorf("resources lack %q", k)
		}
	}
	var cost struct {
		Currency string
		Monthly  float64
		Lines    []any
	}
	json.Unmarshal(doc["cost"], &cost)
	if cost.Currency != "USD" || cost.Monthly != 183.86 || len(cost.Lines) != 7 { // with the web ACL and its rules
		t.Errorf("cost = %+v", cost)
	}
}

func TestPlanMasksSecrets(t *testing.T) {
	code, out, errOut := runCLI(t, "plan", "--json", "--secret", "aws:token=hunter2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "hunter2") {
		t.Error("a secret override appears in the plan")
	}
}

func TestPlanRefusesSecretVpclinkValues(t *testing.T) {
	code, _, errOut := runCLI(t, "plan", "--secret", "vpclink:tags.team=hunter2")
	if code != exitInvalid || !strings.Contains(errOut, "vpclink:tags: is secret") || strings.Contains(errOut, "hunter2") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
}

// Each variant is selectable with --config and changes what is planned.
func TestPlanVariantsDiffer(t *testing.T) {
	seen := map[string]string{}
	for _, v := range []string{"http-alb", "http-nlb", "http-cloudmap", "rest-nlb", "private-rest"} {
		code, out, errOut := runCLI(t, "plan", "--json", "--config", "vpclink:frontends[0].variant="+v)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", v, code, errOut)
		}
		var doc struct {
			Resources []struct{ Type string }
		}
		json.Unmarshal([]byte(out), &doc)
		var types []string
		for _, r := range doc.Resources {
			types = append(types, r.Type)
		}
		sig := strings.Join(types, ",")
		for other, s := range seen {
			if s == sig {
				t.Errorf("%s plans the same resources as %s", v, other)
			}
		}
		seen[v] = sig
	}
}

func TestPlanInvalidConfigExitsTwoWithEveryProblem(t *testing.T) {
	code, _, errOut := runCLI(t, "plan", "--config", `vpclink:frontends=[{"variant":"rest-nlb","timeoutMs":60000}]`, "--config", "vpclink:network.availabilityZones=9")
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d", code, exitInvalid)
	}
	for _, want := range []string{"vpclink:frontends[0].timeoutMs: 60000 is out of range", "vpclink:network.availabilityZones: 9 is out of range"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestPlanOpenClientCidrIsRefused(t *testing.T) {
	code, _, errOut := runCLI(t, "plan", "--config", `vpclink:frontends=[{"variant":"private-rest","clientCidrs":["0.0.0.0/0"]}]`)
	if code != exitInvalid || !strings.Contains(errOut, "vpclink:frontends[0].clientCidrs[0]") || !strings.Contains(errOut, "VPCL-SG-OPEN-INGRESS") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
}

func TestUpRefusesWithoutYesOutsideATerminal(t *testing.T) {
	for _, cmd := range []string{"up", "destroy", "refresh"} {
		code, _, errOut := runCLI(t, cmd)
		if code != exitInvalid || !strings.Contains(errOut, "without --yes outside a terminal") {
			t.Errorf("%s: exit %d: %s", cmd, code, errOut)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	if code, _, _ := runCLI(t, "deploy"); code != exitInvalid {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, _, _ := runCLI(t, "plan", "--config", "novalue"); code != exitInvalid {
		t.Errorf("bad --config: exit %d", code)
	}
	var out bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, strings.NewReader(""), &out, &out); code != exitOK || !strings.Contains(out.String(), "Exit codes") {
		t.Errorf("--help: exit %d", code)
	}
}

// A bad override that the config allows but a mandatory rule refuses stops the plan with exit 3.
func TestPlanMandatoryFindingExitsThree(t *testing.T) {
	code, out, errOut := runCLI(t, "plan", "--stack", "prod", "--config", "vpclink:network.flowLogs=false")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d: %s", code, exitFindings, errOut)
	}
	if !strings.Contains(out, "MANDATORY VPCL-VPC-FLOW-LOGS") || !strings.Contains(out, "1 mandatory") {
		t.Errorf("plan output lacks the finding:\n%s", out)
	}
	// The same override is advisory in dev: no exit 3.
	if code, _, _ := runCLI(t, "plan", "--stack", "dev", "--config", "vpclink:network.flowLogs=false"); code != exitOK {
		t.Errorf("dev without flow logs: exit %d", code)
	}
}

// A service named sg-web would make EC2 refuse its security group name sg-web-<random> at `up`
// (aws-facts C2); plan refuses the config first, naming the key.
func TestPlanServiceNamedSgWebExitsTwo(t *testing.T) {
	code, _, errOut := runCLI(t, "plan", "--config", `vpclink:services={"sg-web":{}}`)
	if code != exitInvalid || !strings.Contains(errOut, "vpclink:services.sg-web: ") || !strings.Contains(errOut, "rule C2") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
}

// --stack names a stack file; a missing one is reported with the stacks that exist.
func TestPlanUnknownStackExitsTwoListingTheStacks(t *testing.T) {
	code, _, errOut := runCLI(t, "plan", "--stack", "nosuch")
	if code != exitInvalid || !strings.Contains(errOut, "there is no Pulumi.nosuch.yaml") || !strings.Contains(errOut, "the stacks are: dev, prod") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
}
