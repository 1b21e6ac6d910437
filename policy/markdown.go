package policy

import (
	"fmt"
	"strings"
)

// MarkdownTable renders the rules for the README: rule id | source ids | severity | what it checks,
// one row per rule in ID order.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Rule | Source ids | Severity | What it checks |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, r := range Rules() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.ID, cell(strings.Join(r.Sources, ", ")), cell(severityText(r)), cell(r.Title))
	}
	return b.String()
}

// severityText is a rule's severity in words, with what changes it.
func severityText(r Rule) string {
	s := string(r.Severity)
	if r.devAdvisory {
		s = "mandatory in prod, advisory in dev"
	}
	if r.Note != "" {
		s += "; " + r.Note
	}
	return s
}

// cell keeps a table cell on one line and its pipes literal.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
}

// DeclinedRule is a requirement of the security rules that vpclink implements as advisory only, in
// part, or not at all, with the reason, for the README's security section. (A type cannot share the
// name of the Declined function in Go, hence the name.)
type DeclinedRule struct {
	// RuleID is the rule that implements what is implemented, "" when nothing is.
	RuleID  string
	Sources []string
	// Status is "advisory" (reported, never blocks), "advisory in dev", "partly advisory" or
	// "narrowed" (a weaker check than the source's).
	Status string
	Reason string
}

// Declined lists what vpclink does not enforce as its sources would, and why.
func Declined() []DeclinedRule {
	return []DeclinedRule{
		{"VPCL-APIGW-AUTHORIZATION", []string{"AwsSolutions-APIG4", "CKV_AWS_59", "APIGateway.8"}, "advisory",
			"Authorization is each frontend's choice (authorization: iam or jwt); stacks that serve anonymous clients opt out with none, and a private REST API is already reachable only through its VPC endpoint."},
		{"VPCL-APIGW-REQUEST-VALIDATION", []string{"AwsSolutions-APIG2", "CKV2_AWS_53"}, "partly advisory",
			"Greedy {proxy+} methods pass the raw request to a backend that validates it; vpclink attaches a body-and-parameters validator anyway."},
		{"VPCL-APIGW-WAF", []string{"AwsSolutions-APIG3", "CKV2_AWS_29", "APIGateway.4"}, "advisory in dev",
			"Regional REST frontends get a REGIONAL WAFv2 web ACL by default in prod (waf.enabled; it costs per ACL, rule and request, so dev leaves it off). HTTP APIs cannot take a web ACL at all (WAF protects REST API stages only), so their stages are not checked; private APIs pass."},
		{"VPCL-APIGW-XRAY", []string{"CKV_AWS_73", "APIGateway.3"}, "advisory",
			"Tracing costs per trace and is opt-in per REST frontend (xrayTracing); HTTP APIs do not support it."},
		{"VPCL-HTTP-BACKEND-TLS", []string{"APIGateway.10"}, "partly advisory",
			"TLS to the backend needs an ACM certificate for a domain the stack does not own; without one the link reaches the listener over plain HTTP inside the VPC. A TLS listener without tlsConfig is mandatory."},
		{"VPCL-LB-ACCESS-LOGS", []string{"AwsSolutions-ELB2", "CKV_AWS_91", "ELB.5"}, "advisory in dev",
			"Access logs cost S3 storage; prod creates its bucket by default (loadBalancers.accessLogs: create), dev writes none unless asked. An NLB without a TLS listener writes no access logs at all (aws-facts E6), so for it the rule is advisory everywhere."},
		{"VPCL-LB-DIRECT-INGRESS", []string{"aws-facts E9"}, "advisory",
			"vpclink never admits a range \"for the link\" (the V1 link skips inbound rules with PrivateLink enforcement off, the V2 link arrives from its own group). In-VPC clients that must call a load balancer directly are the stack owner's explicit choice (loadBalancers.ingress); the finding keeps that choice visible in every plan."},
		{"VPCL-LB-DELETION-PROTECTION", []string{"CKV_AWS_150", "ELB.6"}, "advisory in dev",
			"Deletion protection blocks `pulumi destroy` (aws-facts E7); dev stacks are meant to be thrown away."},
		{"VPCL-ECS-READONLY-ROOT", []string{"CKV_AWS_336", "ECS.5"}, "advisory in dev",
			"Many images write to their root filesystem; dev runs them as they are, prod gets a read-only root with /tmp as a task-level bind mount, which Fargate owns as root with mode 0755 unless the image declares VOLUME /tmp (aws-facts E12)."},
		{"VPCL-VPC-FLOW-LOGS", []string{"AwsSolutions-VPC7", "CKV2_AWS_11", "EC2.6"}, "advisory in dev",
			"Flow-log ingestion costs money; a dev stack may turn it off (network.flowLogs: false), prod may not."},
		{"VPCL-LB-LISTENER-TLS", []string{"CKV_AWS_2", "CKV_AWS_103", "ELB.17", "ELB.18"}, "advisory",
			"TLS listeners need an ACM certificate for a domain the stack does not own; without one the listeners are plain HTTP/TCP, reachable only inside the VPC through the security-group chain."},
		{"VPCL-SG-EGRESS-SCOPED", []string{"CKV_AWS_382", "trivy AWS-0104"}, "advisory",
			"Tasks pull images and call AWS APIs through NAT, whose destinations AWS does not pin to ranges; vpclink opens only 443 to anywhere and peer groups otherwise, which the rule accepts."},
		{"VPCL-REST-V1-LEGACY", []string{"aws-facts R12"}, "advisory",
			"A stack that already runs REST APIs on a V1 link keeps it with vpcLink: v1 until it moves; moving replaces the link and redeploys the APIs. New REST frontends use the stack's V2 link by default."},
		{"VPCL-IAM-MANAGED-POLICY", []string{"AwsSolutions-IAM4"}, "advisory",
			"Whether a managed policy is justified needs a person; vpclink attaches none, using inline policies scoped to its own resources."},
		{"VPCL-ECS-PLAIN-SECRETS", []string{"AwsSolutions-ECS2"}, "narrowed",
			"cdk-nag flags any plain environment variable; vpclink allows plain configuration and refuses only secret-looking names (PASSWORD, SECRET, TOKEN, API_KEY, ...), which belong in secrets."},
		{"", []string{"CKV_AWS_21", "S3.14", "S3.15"}, "declined",
			"Versioning and Object Lock on the access-log bucket: ELB writes each log object once under a unique name and never overwrites it, so versions would only keep deleted logs past the stack's retention (and need a noncurrent-version rule to expire them); Object Lock must be chosen when a bucket is created, blocks the lifecycle expiry and `pulumi destroy` for its retention period, and is a records-retention decision the stack cannot make for its owner. A stack that must keep logs immutably names its own bucket (loadBalancers.accessLogs: <bucket>)."},
		{"", []string{"AwsSolutions-S1", "CKV_AWS_18", "S3.9"}, "declined",
			"Server access logging of the access-log bucket would need a second bucket, whose own access logs would need a third; the bucket holds only ELB's log objects, written by log delivery and read by the account's own principals over TLS."},
		{"", []string{"CKV_AWS_145"}, "declined",
			"KMS encryption by default: ELB access-log delivery supports SSE-S3 only (aws-facts E10), so the log bucket uses AES256, which VPCL-S3-ENCRYPTION requires of it."},
		{"VPCL-IAM-WILDCARD", []string{"AwsSolutions-IAM5"}, "narrowed",
			"cdk-nag flags every wildcard in a resource ARN; vpclink refuses a bare * resource (except for actions without resource-level permissions) and service:* actions, and accepts ARN patterns scoped to the stack's account and Region (log-group:*)."},
	}
}
