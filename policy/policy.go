// Package policy holds vpclink's security and reliability rules (security-rules.md rows 1 to 34, and
// the aws-facts that break real VPC-link deployments), written once over the resources a stack
// registers. `vpclink plan` evaluates them on the offline plan; cmd/vpclink-policy serves the same
// rules to the Pulumi engine as a policy pack.
//
// The trusted checkers (cdk-nag, checkov, trivy, AWSGuard, Security Hub) cannot read a Pulumi Go
// program, but pulumi-aws is bridged from the Terraform provider, so every attribute they inspect is
// an input of the same meaning here. Each rule cites the ids it mirrors.
package policy

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a finding blocks a deployment.
type Severity string

// Severities. Mandatory findings fail `vpclink plan` and a preview with the policy pack; advisory
// ones are reported and never block.
const (
	Mandatory Severity = "mandatory"
	Advisory  Severity = "advisory"
)

// Resource is one registration of a stack, as the rules see it. Values are plain JSON-like Go
// values (map[string]any, []any, string, float64, bool, nil). Two more can appear: the string
// SecretValue where a value is secret, and Unknown{} where it is not known yet (a preview of
// resources that do not exist). Rules never report what they cannot see: an unknown or secret value
// passes.
type Resource struct {
	URN, Type, Name, Parent string
	// Custom is false for component resources.
	Custom bool
	// Inputs as the program sent them. Nil means the inputs are not known at all (the policy pack's
	// stack view of a component): rules that need them skip the resource.
	Inputs map[string]any
	// Outputs as the cloud answered: ids and ARNs, which the graph rules join on.
	Outputs map[string]any
	// Dependencies are the URNs this resource depends on, through inputs or dependsOn.
	Dependencies []string
	// PropertyDependencies are, per input, the URNs that input's value came from. They join
	// resources when ids are not known yet.
	PropertyDependencies map[string][]string
}

// Unknown stands for a value that is not known until the resource it comes from exists.
type Unknown struct{}

// SecretValue replaces every secret value, so findings never print one.
const SecretValue = "[secret]"

// Options are what a stack's rules depend on besides its resources.
type Options struct {
	// Environment is vpclink:environment, "dev" or "prod". It decides the severity of the
	// environment-dependent rules; anything but "dev" (including "") is held to prod.
	Environment string
}

// Rule is one check.
type Rule struct {
	// ID is vpclink's own id: VPCL-, an area, a mnemonic. It never changes once published.
	ID string
	// Sources are the ids the rule mirrors (AwsSolutions-..., CKV_..., Security Hub controls, or
	// "aws-facts A11" for the reliability facts).
	Sources []string
	// Title says what the rule requires.
	Title string
	// Severity is the rule's severity in prod; see EnvDependent.
	Severity Severity
	// EnvDependent is "" or a sentence saying how the environment changes the severity.
	EnvDependent string
	// ResourceTypes are the type tokens the rule reads or reports on.
	ResourceTypes []string
	// Row is the row of security-rules.md the rule implements, 0 for rules that encode
	// aws-facts only.
	Row int
	// Graph is true when the rule reads resources other than the one it reports on (joined by id,
	// ARN or dependency). Rules without it judge every resource alone, so the policy pack runs them
	// per resource; graph rules run once over the whole stack.
	Graph bool
	// Mixed is true when some findings are advisory even where the rule is mandatory (the Note
	// says which).
	Mixed bool
	// Note completes the severity for the README table, for Mixed rules.
	Note string

	devAdvisory bool // advisory in dev, mandatory elsewhere; EnvDependent explains it
	check       func(c *checker)
}

// Finding is one violation of a rule by one resource.
type Finding struct {
	RuleID   string
	Sources  []string
	Severity Severity
	URN      string
	Type     string
	Name     string
	// Message says what is wrong and, where the severity depends on the environment or the case,
	// why it is mandatory or advisory here.
	Message string
}

// SeverityIn returns the rule's severity in an environment.
func (r Rule) SeverityIn(env string) Severity {
	if r.devAdvisory && isDev(env) {
		return Advisory
	}
	return r.Severity
}

// Check evaluates the rule alone over rs. The policy pack calls it with a single resource for rules
// without Graph.
func (r Rule) Check(rs []Resource, opts Options) []Finding {
	return r.run(newGraph(rs), opts)
}

func (r Rule) run(g *graph, opts Options) []Finding {
	c := &checker{graph: g, rule: r, env: opts.Environment}
	r.check(c)
	sortFindings(c.findings)
	return c.findings
}

// Rules returns every rule, sorted by ID.
func Rules() []Rule {
	var all []Rule
	for _, set := range [][]Rule{apigwRules, httpRules, lbRules, ecsRules, networkRules, iamRules, s3Rules} {
		for _, r := range set {
			r.Sources = slices.Clone(r.Sources)
			r.ResourceTypes = slices.Clone(r.ResourceTypes)
			all = append(all, r)
		}
	}
	slices.SortFunc(all, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	return all
}

// Evaluate runs every rule over a stack's resources. Findings come sorted by rule ID, then URN, then
// message, so the same resources always give the same report.
func Evaluate(rs []Resource, opts Options) []Finding {
	g := newGraph(rs)
	var out []Finding
	for _, r := range Rules() {
		out = append(out, r.run(g, opts)...)
	}
	sortFindings(out)
	return out
}

func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(strings.Compare(a.RuleID, b.RuleID), strings.Compare(a.URN, b.URN), strings.Compare(a.Message, b.Message))
	})
}

func isDev(env string) bool { return strings.EqualFold(strings.TrimSpace(env), "dev") }

// checker is what a rule's check function reports through.
type checker struct {
	*graph
	rule     Rule
	env      string
	findings []Finding
}

// fail reports r at the rule's severity in this environment; for environment-dependent rules the
// message says why it is mandatory or advisory here.
func (c *checker) fail(r *Resource, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	sev := c.rule.SeverityIn(c.env)
	if c.rule.devAdvisory {
		if sev == Advisory {
			msg += "; advisory because vpclink:environment is dev (mandatory in prod)"
		} else {
			msg += "; mandatory because vpclink:environment is " + envName(c.env)
		}
	}
	c.add(r, sev, msg)
}

// advise reports r as advisory whatever the rule's severity, with the reason it is only advisory.
func (c *checker) advise(r *Resource, reason, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if reason != "" {
		msg += "; advisory: " + reason
	}
	c.add(r, Advisory, msg)
}

func (c *checker) add(r *Resource, sev Severity, msg string) {
	c.findings = append(c.findings, Finding{
		RuleID: c.rule.ID, Sources: slices.Clone(c.rule.Sources), Severity: sev,
		URN: r.URN, Type: r.Type, Name: r.Name, Message: msg,
	})
}

func envName(env string) string {
	if strings.TrimSpace(env) == "" {
		return "unset (held to prod)"
	}
	return env
}
