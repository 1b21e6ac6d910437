package policy_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/policy"
)

// TestBaselineIsCompliant: the fixture every rule test mutates passes every rule, advisory ones
// included, in both environments. Otherwise a mutation test could pass for the wrong reason.
func TestBaselineIsCompliant(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		if fs := policy.Evaluate(baseline().rs, policy.Options{Environment: env}); len(fs) > 0 {
			t.Errorf("%s: %d findings: %s", env, len(fs), describe(fs))
		}
	}
}

var idPattern = regexp.MustCompile(`^VPCL-[A-Z0-9]+(-[A-Z0-9]+)+$`)

// TestRules checks the registry: sorted unique ids, every row of security-rules.md covered, and the
// fields the README and the policy pack rely on filled in.
func TestRules(t *testing.T) {
	rules := policy.Rules()
	rows := map[int]bool{}
	for i, r := range rules {
		if !idPattern.MatchString(r.ID) {
			t.Errorf("%s: id is not VPCL-AREA-MNEMONIC", r.ID)
		}
		if i > 0 && rules[i-1].ID >= r.ID {
			t.Errorf("rules not sorted or not unique at %s", r.ID)
		}
		if len(r.Sources) == 0 || r.Title == "" || len(r.ResourceTypes) == 0 {
			t.Errorf("%s: sources, title and resource types are required", r.ID)
		}
		if r.Severity != policy.Mandatory && r.Severity != policy.Advisory {
			t.Errorf("%s: severity %q", r.ID, r.Severity)
		}
		if (r.EnvDependent != "") != (r.SeverityIn("dev") != r.SeverityIn("prod")) {
			t.Errorf("%s: EnvDependent %q disagrees with SeverityIn", r.ID, r.EnvDependent)
		}
		if r.Mixed != (r.Note != "") {
			t.Errorf("%s: a Mixed rule needs a Note and only it", r.ID)
		}
		rows[r.Row] = true
	}
	for row := 1; row <= 34; row++ {
		if !rows[row] {
			t.Errorf("no rule implements row %d", row)
		}
	}
	if got := findRule(t, "VPCL-SG-OPEN-INGRESS"); got.Row != 28 || got.SeverityIn("dev") != policy.Mandatory {
		t.Errorf("VPCL-SG-OPEN-INGRESS must implement row 28, mandatory everywhere")
	}
}

// TestEnvironmentDependentSeverities pins the severities the brief fixes per environment.
func TestEnvironmentDependentSeverities(t *testing.T) {
	for _, tc := range []struct {
		id        string
		dev, prod policy.Severity
	}{
		{"VPCL-LB-DELETION-PROTECTION", A, M},
		{"VPCL-ECS-READONLY-ROOT", A, M},
		{"VPCL-LB-ACCESS-LOGS", A, M},
		{"VPCL-VPC-FLOW-LOGS", A, M},
		{"VPCL-SG-OPEN-INGRESS", M, M},
		{"VPCL-APIGW-AUTHORIZATION", A, A},
		{"VPCL-APIGW-WAF", A, M},
	} {
		r := findRule(t, tc.id)
		if r.SeverityIn("dev") != tc.dev || r.SeverityIn("prod") != tc.prod || r.SeverityIn("") != tc.prod {
			t.Errorf("%s: dev %s prod %s unset %s; want %s, %s, %s", tc.id, r.SeverityIn("dev"), r.SeverityIn("prod"), r.SeverityIn(""), tc.dev, tc.prod, tc.prod)
		}
	}
}

func findRule(t *testing.T, id string) policy.Rule {
	t.Helper()
	for _, r := range policy.Rules() {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no rule %s", id)
	return policy.Rule{}
}

func TestMarkdownTable(t *testing.T) {
	table := policy.MarkdownTable()
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != len(policy.Rules())+2 {
		t.Errorf("table has %d lines for %d rules", len(lines), len(policy.Rules()))
	}
	for _, r := range policy.Rules() {
		if !strings.Contains(table, "| `"+r.ID+"` |") {
			t.Errorf("table has no row for %s", r.ID)
		}
	}
	for _, l := range lines {
		if strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") != 5 {
			t.Errorf("row does not have 4 cells: %s", l)
		}
	}
	if !strings.Contains(table, "mandatory in prod, advisory in dev") {
		t.Errorf("table does not show environment-dependent severities")
	}
}

func TestDeclined(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range policy.Rules() {
		ids[r.ID] = true
	}
	for _, d := range policy.Declined() {
		if d.RuleID != "" && !ids[d.RuleID] {
			t.Errorf("declined entry names unknown rule %s", d.RuleID)
		}
		if d.Reason == "" || d.Status == "" || len(d.Sources) == 0 {
			t.Errorf("%s: status, reason and sources are required", d.RuleID)
		}
	}
	// Every advisory-only rule says why it does not block.
	for _, r := range policy.Rules() {
		if r.SeverityIn("prod") == policy.Advisory && !slices.ContainsFunc(policy.Declined(), func(d policy.DeclinedRule) bool { return d.RuleID == r.ID }) {
			t.Errorf("advisory rule %s is missing from Declined()", r.ID)
		}
	}
}

// TestEvaluateOrder: findings come sorted by rule, then URN, whatever the resource order.
func TestEvaluateOrder(t *testing.T) {
	f := baseline()
	f.set(t, tLB, "alb", "internal", false)
	f.set(t, tLB, "nlb", "internal", false)
	f.set(t, tSG, "alb", "description", "")
	slices.Reverse(f.rs)
	fs := policy.Evaluate(f.rs, policy.Options{Environment: "prod"})
	if !slices.IsSortedFunc(fs, func(a, b policy.Finding) int {
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		return strings.Compare(a.URN, b.URN)
	}) {
		t.Errorf("findings not sorted: %s", describe(fs))
	}
	if len(fs) != 3 {
		t.Errorf("want 3 findings, got %s", describe(fs))
	}
}

// TestUnknownsPass: in a preview, values of resources that do not exist yet are unknown; no rule
// reports what it cannot see.
func TestUnknownsPass(t *testing.T) {
	f := baseline()
	for i := range f.rs {
		r := &f.rs[i]
		for k := range r.Inputs {
			r.Inputs[k] = policy.Unknown{}
		}
		r.Outputs = map[string]any{}
	}
	for _, fd := range policy.Evaluate(f.rs, policy.Options{Environment: "prod"}) {
		// What is absent from the graph is still absent: a VPC without a flow log or default
		// group is reported on dependencies alone, and here they are intact.
		t.Errorf("unknown inputs gave %s on %s: %s", fd.RuleID, fd.Name, fd.Message)
	}
}
