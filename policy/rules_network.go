package policy

import (
	"fmt"
	"slices"
	"strings"
)

// VPC, security group and VPC endpoint rules.
var networkRules = []Rule{
	{
		ID: "VPCL-VPC-FLOW-LOGS", Row: 26, Graph: true, devAdvisory: true,
		Sources:       []string{"AwsSolutions-VPC7", "CKV2_AWS_11", "EC2.6"},
		Title:         "every VPC the stack creates has a flow log",
		Severity:      Mandatory,
		EnvDependent:  "Mandatory in prod, advisory in dev, where log ingestion is a cost a throwaway stack may skip.",
		ResourceTypes: append([]string{tFlowLog}, vpcTypes...),
		check:         checkFlowLogs,
	},
	{
		ID: "VPCL-SG-DEFAULT-CLOSED", Row: 27, Graph: true,
		Sources:       []string{"CKV2_AWS_12", "EC2.2"},
		Title:         "the default security group of every VPC the stack creates is adopted with no rules, and no rule is added to it",
		Severity:      Mandatory,
		ResourceTypes: append([]string{tDefaultSG, tSGIngress, tSGEgress, tSGRule}, vpcTypes...),
		check:         checkDefaultSG,
	},
	{
		ID: "VPCL-SG-OPEN-INGRESS", Row: 28,
		Sources:  []string{"AwsSolutions-EC23", "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "EC2.18"},
		Title:    "no security group ingress from 0.0.0.0/0 or ::/0",
		Severity: Mandatory, ResourceTypes: []string{tSG, tSGIngress, tSGRule},
		check: checkOpenIngress,
	},
	{
		ID: "VPCL-SG-EGRESS-SCOPED", Row: 29,
		Sources:  []string{"CKV_AWS_382", "trivy AWS-0104"},
		Title:    "security group egress goes to a peer group, a CIDR narrower than anywhere, or 443 (AWS endpoints)",
		Severity: Advisory, ResourceTypes: []string{tSG, tSGEgress, tSGRule},
		check: checkScopedEgress,
	},
	{
		ID: "VPCL-SG-DESCRIPTIONS", Row: 30,
		Sources:  []string{"AwsSolutions-EC27", "CKV_AWS_23"},
		Title:    "security groups and their rules have descriptions",
		Severity: Mandatory, ResourceTypes: []string{tSG, tSGIngress, tSGEgress, tSGRule},
		check: checkDescriptions,
	},
	{
		ID: "VPCL-VPCE-PRIVATE-DNS", Graph: true,
		Sources:  []string{"aws-facts R5"},
		Title:    "VPC endpoints with private DNS are in a VPC with DNS support and DNS hostnames on",
		Severity: Mandatory, ResourceTypes: append([]string{tEndpoint}, vpcTypes...),
		check: checkEndpointDNS,
	},
}

// vpcs returns the VPCs the stack creates. An awsx VPC registers an aws:ec2/vpc:Vpc child of its
// own; the two are one VPC, reported as the component.
func (g *graph) vpcs() []*Resource {
	var out []*Resource
	for _, v := range g.ofType(vpcTypes...) {
		if p := g.byURN[v.Parent]; v.Type == tVpc && p != nil && p.Type == tAwsxVpc {
			continue
		}
		out = append(out, v)
	}
	return out
}

// vpcReferrers returns the resources of the given types whose input key points at VPC v or at the
// aws:ec2/vpc:Vpc inside it: the id matches the child, a preview's dependency the component.
func (g *graph) vpcReferrers(v *Resource, key string, types ...string) []*Resource {
	out := g.referrers(v, key, types...)
	for _, child := range g.ofType(tVpc) {
		if child.Parent == v.URN && v.Type == tAwsxVpc {
			for _, r := range g.referrers(child, key, types...) {
				if !slices.Contains(out, r) {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

func checkFlowLogs(c *checker) {
	for _, v := range c.vpcs() {
		if len(c.vpcReferrers(v, "vpcId", tFlowLog)) == 0 {
			c.fail(v, "VPC %s has no flow log: rejected and accepted traffic is not recorded", v.Name)
		}
	}
}

// sgRule is one security group rule, wherever it is written: its own resource, or an entry of a
// group's inline ingress or egress.
type sgRule struct {
	res     *Resource
	what    string // how messages name it
	ingress bool
	cidrs   []string
	proto   string // upper-case; "-1" for all
	from    any
	to      any
	desc    any
	inline  bool
}

func (g *graph) sgRules() []sgRule {
	var out []sgRule
	for _, r := range g.ofType(tSGIngress, tSGEgress) {
		if r.Inputs == nil {
			continue
		}
		out = append(out, sgRule{
			res: r, what: "rule " + r.Name, ingress: r.Type == tSGIngress,
			cidrs: append(strs(r.Inputs["cidrIpv4"]), strs(r.Inputs["cidrIpv6"])...),
			proto: upper(r.Inputs["ipProtocol"]), from: r.Inputs["fromPort"], to: r.Inputs["toPort"], desc: r.Inputs["description"],
		})
	}
	for _, r := range g.ofType(tSGRule) {
		if r.Inputs == nil {
			continue
		}
		out = append(out, sgRule{
			res: r, what: "rule " + r.Name, ingress: upper(r.Inputs["type"]) == "INGRESS",
			cidrs: append(strs(r.Inputs["cidrBlocks"]), strs(r.Inputs["ipv6CidrBlocks"])...),
			proto: upper(r.Inputs["protocol"]), from: r.Inputs["fromPort"], to: r.Inputs["toPort"], desc: r.Inputs["description"],
		})
	}
	for _, r := range g.ofType(tSG, tDefaultSG) {
		for _, dir := range []string{"ingress", "egress"} {
			for i, e := range list(get(r.Inputs, dir)) {
				out = append(out, sgRule{
					res: r, what: fmt.Sprintf("%s[%d] of security group %s", dir, i, r.Name), ingress: dir == "ingress", inline: true,
					cidrs: append(strs(get(e, "cidrBlocks")), strs(get(e, "ipv6CidrBlocks"))...),
					proto: upper(get(e, "protocol")), from: get(e, "fromPort"), to: get(e, "toPort"), desc: get(e, "description"),
				})
			}
		}
	}
	return out
}

func checkOpenIngress(c *checker) {
	for _, r := range c.sgRules() {
		if !r.ingress || r.res.Type == tDefaultSG {
			continue
		}
		for _, cidr := range r.cidrs {
			if anywhere(cidr) {
				c.fail(r.res, "%s admits %s from %s, the whole internet; admit a peer security group or the client networks", r.what, ports(r), cidr)
			}
		}
	}
}

// ports describes a rule's protocol and ports for messages.
func ports(r sgRule) string {
	if r.proto == "-1" || r.proto == "ALL" || r.proto == "" {
		return "all traffic"
	}
	f, fok := num(r.from)
	t, tok := num(r.to)
	switch {
	case fok && tok && f == t:
		return fmt.Sprintf("%s %v", strings.ToLower(r.proto), f)
	case fok && tok:
		return fmt.Sprintf("%s %v-%v", strings.ToLower(r.proto), f, t)
	}
	return strings.ToLower(r.proto)
}

func checkScopedEgress(c *checker) {
	const why = "scope egress to a peer security group or the VPC CIDR where the design allows; 443 to anywhere is accepted for AWS endpoints and registries"
	for _, r := range c.sgRules() {
		if r.ingress || r.res.Type == tDefaultSG {
			continue
		}
		f, _ := num(r.from)
		t, _ := num(r.to)
		https := (r.proto == "TCP" || r.proto == "6") && f == 443 && t == 443
		for _, cidr := range r.cidrs {
			if anywhere(cidr) && !https {
				c.advise(r.res, why, "%s allows %s to %s", r.what, ports(r), cidr)
			}
		}
	}
}

func checkDescriptions(c *checker) {
	for _, sg := range c.ofType(tSG) {
		d := get(sg.Inputs, "description")
		if sg.Inputs == nil || opaque(d) {
			continue
		}
		if s, _ := str(d); blank(d) || s == "Managed by Pulumi" {
			c.fail(sg, "security group %s has no description of its own (the provider's default is \"Managed by Pulumi\")", sg.Name)
		}
	}
	for _, r := range c.sgRules() {
		if r.res.Type != tDefaultSG && !opaque(r.desc) && blank(r.desc) {
			c.fail(r.res, "%s has no description", r.what)
		}
	}
}

func checkDefaultSG(c *checker) {
	defaults := c.ofType(tDefaultSG)
	for _, d := range defaults {
		for _, dir := range []string{"ingress", "egress"} {
			if v := get(d.Inputs, dir); !opaque(v) && !blank(v) {
				c.fail(d, "default security group %s has %s rules: members of the default group are reachable by anything else that lands in it", d.Name, dir)
			}
		}
		for _, r := range c.referrers(d, "securityGroupId", tSGIngress, tSGEgress, tSGRule) {
			c.fail(r, "rule %s adds to default security group %s, which must stay empty", r.Name, d.Name)
		}
	}
	for _, v := range c.vpcs() {
		if len(c.vpcReferrers(v, "vpcId", tDefaultSG)) == 0 {
			c.fail(v, "VPC %s keeps its default security group's allow-all rules: adopt it with a DefaultSecurityGroup that has none", v.Name)
		}
	}
}

func checkEndpointDNS(c *checker) {
	for _, e := range c.ofType(tEndpoint) {
		if get(e.Inputs, "privateDnsEnabled") != true {
			continue
		}
		for _, v := range c.refs(e, "vpcId", vpcTypes...) {
			if v.Inputs == nil {
				continue // the policy pack sees only a component VPC's outputs
			}
			// Both providers default DNS support on and DNS hostnames off.
			support, hostnames := get(v.Inputs, "enableDnsSupport"), get(v.Inputs, "enableDnsHostnames")
			if opaque(support) || opaque(hostnames) {
				continue
			}
			if support == false || hostnames != true {
				c.fail(e, "VPC endpoint %s has private DNS on, but VPC %s does not have both enableDnsSupport and enableDnsHostnames: creating the endpoint fails (aws-facts R5)", e.Name, v.Name)
			}
		}
	}
}
