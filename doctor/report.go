package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText writes the report: one line per check (status, kind, name, summary), and under each
// check that is not OK its evidence, cause and fix; the commands of every check.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "vpclink doctor of stack %s in %s\n\n", r.Stack, r.Region)
	for _, c := range r.Checks {
		fmt.Fprintf(w, "%-4s  %-14s %-22s %s\n", c.Status, c.Kind, c.Name, c.Summary)
		if c.Status != OK {
			if c.Resource != "" {
				fmt.Fprintf(w, "      resource: %s\n", c.Resource)
			}
			for _, e := range c.Evidence {
				fmt.Fprintf(w, "      evidence: %s\n", e)
			}
			if c.Cause != "" {
				fmt.Fprintf(w, "      cause:    %s\n", c.Cause)
			}
			if c.Fix != "" {
				fmt.Fprintf(w, "      fix:      %s\n", c.Fix)
			}
			if len(c.Facts) > 0 {
				fmt.Fprintf(w, "      facts:    %s (docs/aws-facts.md)\n", strings.Join(c.Facts, ", "))
			}
		}
		for _, cmd := range c.Commands {
			fmt.Fprintf(w, "      run:      %s\n", cmd)
		}
	}
	fmt.Fprintf(w, "\n%d OK, %d WARN, %d FAIL in %.1fs: %s\n", r.Counts[OK], r.Counts[Warn], r.Counts[Fail], float64(r.DurationMs)/1000, r.Status)
}

// JSON is the report as `vpclink doctor --json` prints it.
func (r *Report) JSON() ([]byte, error) { return json.MarshalIndent(r, "", "  ") }

// CheckDoc documents one check for `vpclink doctor --help` and the README.
type CheckDoc struct {
	Kind, What string
}

// Checks documents every check doctor runs, in report order.
var Checks = []CheckDoc{
	{KindVpcLink, "each VPC link (V2: apigatewayv2 GetVpcLink; V1: apigateway GetVpcLink): AVAILABLE is OK; " +
		"PENDING is WARN, FAIL past 10 min (V2) or when the V1 link's NLB is not active with healthy targets (A7); " +
		"FAILED and DELETING FAIL with the status message; INACTIVE after 60 days without traffic FAILs (A10); a V1 link not targeting the stack's NLB FAILs (A5)"},
	{KindLoadBalancer, "each load balancer's state: active OK, provisioning or active_impaired WARN, failed FAIL"},
	{KindTargetGroup, "per target group, each target's health with ELB's reason code: Target.Timeout (security-group chain or port), " +
		"Target.FailedHealthChecks (container not listening), Target.ResponseCodeMismatch (health-check path), initial checks WARN; no targets or none healthy FAIL"},
	{KindEcsService, "each ECS service: desired against running tasks, the primary deployment's rollout and a tripped circuit breaker (E2), " +
		"the latest events, and the latest stopped tasks: CannotPullContainerError (with natGateways none, the missing ecr.api, ecr.dkr, s3 or logs endpoint, E4), " +
		"ResourceInitializationError (secrets, logs, execution role, E11), an essential container that exited (its exit code), failed health checks"},
	{KindSecurityGroup, "the live rules of the link, load balancer, task and execute-api endpoint groups against the chain vpclink creates for the stack's config: " +
		"a missing rule FAILs, an extra rule WARNs (FAILs when it admits 0.0.0.0/0 or ::/0)"},
	{KindPrivateApi, "the execute-api endpoint's state and private DNS against the VPC's enableDnsSupport and enableDnsHostnames (R5), " +
		"and the curl to run from inside the VPC with the {api}-{vpce} host and the x-apigw-api-id header"},
	{KindProbe, "a GET of each public frontend's URL for each service on its health path: 2xx/3xx OK; 401 WARN; " +
		"403 IAM or resource policy, or private DNS hijack (R5); 404 route or stage prefix (A12); 500 integration misconfiguration (A11); " +
		"502 backend, TLS name (A13/A14) or security group; 503 no healthy target; 504 timeout (A1/A2)"},
}
