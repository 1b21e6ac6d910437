package policy

import (
	"fmt"
	"regexp"
	"strings"
)

// Load balancer, listener and target group rules.
var lbRules = []Rule{
	{
		ID: "VPCL-LB-INTERNAL", Row: 12,
		Sources:  []string{"trivy AWS-0053"},
		Title:    "load balancers are internal",
		Severity: Mandatory, ResourceTypes: lbTypes,
		check: checkInternal,
	},
	{
		ID: "VPCL-LB-ACCESS-LOGS", Row: 13, Graph: true, Mixed: true, devAdvisory: true,
		Sources:       []string{"AwsSolutions-ELB2", "CKV_AWS_91", "ELB.5"},
		Title:         "load balancers write access logs to S3",
		Severity:      Mandatory,
		EnvDependent:  "Mandatory in prod, advisory in dev.",
		Note:          "advisory everywhere for an NLB without a TLS listener, which writes no access logs (aws-facts E6)",
		ResourceTypes: append(append([]string{}, lbTypes...), listenerTypes...),
		check:         checkLBAccessLogs,
	},
	{
		ID: "VPCL-LB-DELETION-PROTECTION", Row: 14, devAdvisory: true,
		Sources:       []string{"CKV_AWS_150", "ELB.6"},
		Title:         "load balancers have deletion protection on",
		Severity:      Mandatory,
		EnvDependent:  "Mandatory in prod, advisory in dev, where stacks must stay destroyable (aws-facts E7).",
		ResourceTypes: lbTypes,
		check:         checkDeletionProtection,
	},
	{
		ID: "VPCL-ALB-DROP-INVALID-HEADERS", Row: 15,
		Sources:  []string{"CKV_AWS_131", "ELB.4"},
		Title:    "ALBs drop requests with invalid header fields",
		Severity: Mandatory, ResourceTypes: lbTypes,
		check: checkDropInvalidHeaders,
	},
	{
		ID: "VPCL-ALB-DESYNC-MITIGATION", Row: 16,
		Sources:  []string{"CKV_AWS_328", "ELB.12"},
		Title:    "ALBs block HTTP desync attempts (desync mitigation defensive or strictest, not monitor)",
		Severity: Mandatory, ResourceTypes: lbTypes,
		check: checkDesyncMitigation,
	},
	{
		ID: "VPCL-LB-DIRECT-INGRESS", Graph: true,
		Sources:  []string{"aws-facts E9", "aws-facts A6"},
		Title:    "load balancer security groups admit only the stack's own groups (the VPC link), not CIDR ranges or outside groups that reach the backends around API Gateway",
		Severity: Advisory, ResourceTypes: append(append([]string{}, lbTypes...), tSG, tSGIngress, tSGRule),
		check: checkDirectIngress,
	},
	{
		ID: "VPCL-LB-LISTENER-TLS", Row: 17,
		Sources:  []string{"CKV_AWS_2", "CKV_AWS_103", "ELB.17", "ELB.18"},
		Title:    "listeners are HTTPS or TLS with a TLS 1.2+ security policy (plain listeners only inside the VPC)",
		Severity: Advisory, ResourceTypes: listenerTypes,
		check: checkListenerTLS,
	},
	{
		ID: "VPCL-LB-TARGET-HEALTH-CHECK", Row: 18,
		Sources:  []string{"CKV_AWS_261"},
		Title:    "target groups have a health check on, an HTTP one with a path for HTTP (ALB) targets",
		Severity: Mandatory, ResourceTypes: []string{tTargetGroup, tTargetGroupAlias},
		check: checkTargetHealthCheck,
	},
}

// lbType returns a load balancer's type: application (the default), network or gateway; "" when
// not known yet.
func lbType(lb *Resource) string {
	v := get(lb.Inputs, "loadBalancerType")
	if opaque(v) {
		return ""
	}
	t := strings.ToLower(upper(v))
	if t == "" {
		return "application"
	}
	return t
}

// loadBalancers returns the load balancers whose inputs are known.
func (g *graph) loadBalancers() []*Resource {
	var out []*Resource
	for _, lb := range g.ofType(lbTypes...) {
		if lb.Inputs != nil {
			out = append(out, lb)
		}
	}
	return out
}

func checkInternal(c *checker) {
	for _, lb := range c.loadBalancers() {
		if v := lb.Inputs["internal"]; !opaque(v) && v != true {
			c.fail(lb, "load balancer %s is internet-facing (internal is not true); vpclink's backends are reached only through the VPC link", lb.Name)
		}
	}
}

func checkLBAccessLogs(c *checker) {
	for _, lb := range c.loadBalancers() {
		logs := lb.Inputs["accessLogs"]
		if opaque(logs) || opaque(get(logs, "enabled")) {
			continue
		}
		if get(logs, "enabled") == true && !blank(get(logs, "bucket")) {
			continue
		}
		switch lbType(lb) {
		case "gateway":
			continue // GWLBs have no access logs
		case "network":
			hasTLS := false
			for _, l := range c.referrers(lb, "loadBalancerArn", listenerTypes...) {
				hasTLS = hasTLS || tlsProtocol(get(l.Inputs, "protocol"))
			}
			if !hasTLS {
				c.advise(lb, "an NLB writes access logs only for TLS listeners and this one has none (aws-facts E6)", "NLB %s has access logs off", lb.Name)
				continue
			}
		}
		c.fail(lb, "load balancer %s has access logs off (accessLogs.enabled with a bucket)", lb.Name)
	}
}

func checkDeletionProtection(c *checker) {
	for _, lb := range c.loadBalancers() {
		if v := lb.Inputs["enableDeletionProtection"]; !opaque(v) && v != true {
			c.fail(lb, "load balancer %s has deletion protection off (enableDeletionProtection)", lb.Name)
		}
	}
}

func checkDropInvalidHeaders(c *checker) {
	for _, lb := range c.loadBalancers() {
		if lbType(lb) != "application" {
			continue
		}
		if v := lb.Inputs["dropInvalidHeaderFields"]; !opaque(v) && v != true {
			c.fail(lb, "ALB %s forwards requests with invalid header fields (dropInvalidHeaderFields is not true)", lb.Name)
		}
	}
}

func checkDesyncMitigation(c *checker) {
	for _, lb := range c.loadBalancers() {
		if lbType(lb) == "application" && upper(lb.Inputs["desyncMitigationMode"]) == "MONITOR" {
			c.fail(lb, "ALB %s only monitors HTTP desync attempts (desyncMitigationMode monitor); use defensive or strictest", lb.Name)
		}
	}
}

// modernPolicy matches ELB security policies whose minimum is TLS 1.2 or 1.3:
// ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-*, -FS-1-2-*.
var modernPolicy = regexp.MustCompile(`^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-`)

func checkListenerTLS(c *checker) {
	const plainWhy = "plain listeners are acceptable only inside the VPC, behind the security-group chain; TLS needs an ACM certificate (loadBalancers.certificateArn)"
	for _, l := range c.ofType(listenerTypes...) {
		p := l.Inputs["protocol"]
		if l.Inputs == nil || opaque(p) {
			continue
		}
		if !tlsProtocol(p) {
			proto := upper(p)
			if proto == "" {
				proto = "HTTP"
			}
			c.advise(l, plainWhy, "listener %s is plain %s", l.Name, proto)
			continue
		}
		policy := l.Inputs["sslPolicy"]
		if s, _ := str(policy); !opaque(policy) && !modernPolicy.MatchString(s) {
			if s == "" {
				s = "the default ELBSecurityPolicy-2016-08"
			}
			c.advise(l, "", "listener %s uses %s, which accepts TLS older than 1.2; use ELBSecurityPolicy-TLS13-1-2-2021-06", l.Name, s)
		}
	}
}

func checkTargetHealthCheck(c *checker) {
	for _, tg := range c.ofType(tTargetGroup, tTargetGroupAlias) {
		if tg.Inputs == nil || upper(tg.Inputs["targetType"]) == "LAMBDA" {
			continue
		}
		hc := tg.Inputs["healthCheck"]
		switch {
		case opaque(hc):
			continue
		case blank(hc):
			c.fail(tg, "target group %s configures no health check", tg.Name)
			continue
		case get(hc, "enabled") == false:
			c.fail(tg, "target group %s has its health check off", tg.Name)
			continue
		}
		httpTargets := upper(tg.Inputs["protocol"]) == "HTTP" || upper(tg.Inputs["protocol"]) == "HTTPS"
		proto := upper(get(hc, "protocol"))
		if httpTargets && proto != "" && proto != "HTTP" && proto != "HTTPS" {
			c.fail(tg, "target group %s checks HTTP targets with a %s health check; probe an HTTP path", tg.Name, proto)
			continue
		}
		if (httpTargets || proto == "HTTP" || proto == "HTTPS") && blank(get(hc, "path")) {
			c.fail(tg, "target group %s has an HTTP health check without a path", tg.Name)
		}
	}
}

// checkDirectIngress reports what a load balancer admits besides the stack's own groups. The HTTP (V2)
// link arrives from its own group; the REST (V1) link arrives over PrivateLink and, with enforcement
// off, skips inbound rules altogether (aws-facts A6). So a CIDR range, a prefix list or a group the
// stack does not create is never "for the link": it lets whoever is in it call the backends without
// API Gateway's authorization, throttling, access logs or a private API's endpoint restriction
// (aws-facts E9). vpclink adds such rules only on request (loadBalancers.ingress), hence advisory.
func checkDirectIngress(c *checker) {
	const why = "direct access is an explicit opt-in (vpclink:loadBalancers.ingress); the VPC links need no such rule"
	for _, lb := range c.loadBalancers() {
		for _, sg := range c.refs(lb, "securityGroups", tSG) {
			report := func(r *Resource, what, source string) {
				c.advise(r, why, "%s admits %s to load balancer %s directly, around API Gateway's authorization, throttling, access logs and endpoint restriction (aws-facts E9)", what, source, lb.Name)
			}
			for i, e := range list(get(sg.Inputs, "ingress")) {
				for _, cidr := range append(strs(get(e, "cidrBlocks")), strs(get(e, "ipv6CidrBlocks"))...) {
					report(sg, fmt.Sprintf("ingress[%d] of security group %s", i, sg.Name), cidr)
				}
			}
			for _, r := range c.referrers(sg, "securityGroupId", tSGIngress, tSGRule) {
				if r.Type == tSGRule && upper(r.Inputs["type"]) != "INGRESS" {
					continue
				}
				for _, k := range []string{"cidrIpv4", "cidrIpv6", "cidrBlocks", "ipv6CidrBlocks", "prefixListId", "prefixListIds"} {
					for _, v := range strs(r.Inputs[k]) {
						report(r, "rule "+r.Name, v)
					}
				}
				for _, k := range []string{"referencedSecurityGroupId", "sourceSecurityGroupId"} {
					if id, ok := str(r.Inputs[k]); ok && id != "" && len(c.refs(r, k, tSG)) == 0 {
						report(r, "rule "+r.Name, "security group "+id+", which the stack does not create,")
					}
				}
			}
		}
	}
}
