package policy_test

import (
	"testing"

	"github.com/vpclink/vpclink/policy"
)

func TestVPCL_VPC_FLOW_LOGS(t *testing.T) {
	testRule(t, "VPCL-VPC-FLOW-LOGS", []mutation{
		{"noFlowLogProd", "prod", func(t *testing.T, f *fixture) { f.drop(t, tFlowLog, "net") },
			[]want{{tVpc, "net", M, "mandatory because vpclink:environment is prod"}}},
		{"noFlowLogDev", "dev", func(t *testing.T, f *fixture) { f.drop(t, tFlowLog, "net") },
			[]want{{tVpc, "net", A, "advisory because vpclink:environment is dev"}}},
		{"flowLogOfAnotherVpc", "", func(t *testing.T, f *fixture) {
			f.set(t, tFlowLog, "net", "vpcId", "vpc-other")
			f.res(t, tFlowLog, "net").PropertyDependencies = nil
		}, []want{{tVpc, "net", M, "no flow log"}}},
		{"joinedByDependencyInPreview", "", func(t *testing.T, f *fixture) { f.set(t, tFlowLog, "net", "vpcId", policy.Unknown{}) }, nil},
		{"awsxChildVpcIsTheSameVpc", "", func(t *testing.T, f *fixture) {
			addChildVpc(t, f)
			f.set(t, tFlowLog, "net", "vpcId", policy.Unknown{}) // a preview: only the component is a dependency
		}, nil},
		{"awsxChildVpcReportedOnce", "", func(t *testing.T, f *fixture) {
			addChildVpc(t, f)
			f.drop(t, tFlowLog, "net")
		}, []want{{tVpc, "net", M, "no flow log"}}},
		{"standaloneVpc", "", func(t *testing.T, f *fixture) {
			f.add(tAwsVpc, "other", obj("cidrBlock", "10.1.0.0/16"), obj("id", "vpc-2"))
			f.add(tDefaultSG, "other-default", obj("vpcId", "vpc-2"), nil)
		}, []want{{tAwsVpc, "other", M, "VPC other has no flow log"}}},
	})
}

// addChildVpc adds the aws:ec2/vpc:Vpc an awsx VPC registers inside itself, as the real awsx
// provider (and internal/fakeaws) do.
func addChildVpc(t *testing.T, f *fixture) {
	f.add(tAwsVpc, "net", obj("cidrBlock", "10.0.0.0/16", "enableDnsSupport", true, "enableDnsHostnames", true), obj("id", "vpc-1"))
	f.res(t, tAwsVpc, "net").Parent = urn(tVpc, "net")
}

func TestVPCL_SG_DEFAULT_CLOSED(t *testing.T) {
	testRule(t, "VPCL-SG-DEFAULT-CLOSED", []mutation{
		{"defaultNotAdopted", "", func(t *testing.T, f *fixture) { f.drop(t, tDefaultSG, "net-default") },
			[]want{{tVpc, "net", M, "allow-all rules"}}},
		{"adoptedThroughChildVpc", "", func(t *testing.T, f *fixture) {
			addChildVpc(t, f)
			f.res(t, tDefaultSG, "net-default").PropertyDependencies = nil // joined by the child's id only
		}, nil},
		{"inlineIngress", "", func(t *testing.T, f *fixture) {
			f.set(t, tDefaultSG, "net-default", "ingress", arr(obj("protocol", "-1", "fromPort", 0.0, "toPort", 0.0, "self", true)))
		}, []want{{tDefaultSG, "net-default", M, "has ingress rules"}}},
		{"inlineEgress", "", func(t *testing.T, f *fixture) {
			f.set(t, tDefaultSG, "net-default", "egress", arr(obj("protocol", "-1", "cidrBlocks", arr("0.0.0.0/0"))))
		}, []want{{tDefaultSG, "net-default", M, "has egress rules"}}},
		{"separateRule", "", func(t *testing.T, f *fixture) {
			f.add(tIngress, "into-default", obj("securityGroupId", "sg-default", "referencedSecurityGroupId", "sg-api", "ipProtocol", "-1", "description", "x"), nil)
		}, []want{{tIngress, "into-default", M, "must stay empty"}}},
	})
}

func TestVPCL_SG_OPEN_INGRESS(t *testing.T) {
	testRule(t, "VPCL-SG-OPEN-INGRESS", []mutation{
		{"cidrIpv4", "", func(t *testing.T, f *fixture) { f.set(t, tIngress, "nlb-from-link", "cidrIpv4", "0.0.0.0/0") },
			[]want{{tIngress, "nlb-from-link", M, "tcp 443 from 0.0.0.0/0"}}},
		{"cidrIpv6", "dev", func(t *testing.T, f *fixture) {
			f.del(t, tIngress, "nlb-from-link", "cidrIpv4")
			f.set(t, tIngress, "nlb-from-link", "cidrIpv6", "::/0")
		}, []want{{tIngress, "nlb-from-link", M, "::/0"}}},
		{"hostBitsSpelling", "", func(t *testing.T, f *fixture) { f.set(t, tIngress, "nlb-from-link", "cidrIpv4", "10.0.0.0/0") },
			[]want{{tIngress, "nlb-from-link", M, "whole internet"}}},
		{"inlineIngress", "", func(t *testing.T, f *fixture) {
			f.set(t, tSG, "api", "ingress", arr(obj("protocol", "tcp", "fromPort", 22.0, "toPort", 22.0, "cidrBlocks", arr("10.1.0.0/16", "0.0.0.0/0"), "description", "ssh")))
		}, []want{{tSG, "api", M, "ingress[0] of security group api admits tcp 22"}}},
		{"securityGroupRule", "", func(t *testing.T, f *fixture) {
			f.add(tSGRule, "open", obj("type", "ingress", "securityGroupId", "sg-alb", "protocol", "-1", "fromPort", 0.0, "toPort", 0.0,
				"ipv6CidrBlocks", arr("::/0"), "description", "all"), nil)
		}, []want{{tSGRule, "open", M, "all traffic from ::/0"}}},
		{"egressRuleIgnored", "", func(t *testing.T, f *fixture) {
			f.add(tSGRule, "out", obj("type", "egress", "securityGroupId", "sg-alb", "protocol", "tcp", "fromPort", 443.0, "toPort", 443.0,
				"cidrBlocks", arr("0.0.0.0/0"), "description", "https"), nil)
		}, nil},
	})
}

func TestVPCL_SG_EGRESS_SCOPED(t *testing.T) {
	testRule(t, "VPCL-SG-EGRESS-SCOPED", []mutation{
		{"allTrafficAnywhere", "", func(t *testing.T, f *fixture) {
			f.set(t, tEgress, "api-https-out", "ipProtocol", "-1")
			f.del(t, tEgress, "api-https-out", "fromPort")
			f.del(t, tEgress, "api-https-out", "toPort")
		}, []want{{tEgress, "api-https-out", A, "allows all traffic to 0.0.0.0/0"}}},
		{"httpAnywhere", "", func(t *testing.T, f *fixture) {
			f.set(t, tEgress, "api-https-out", "fromPort", 80.0)
			f.set(t, tEgress, "api-https-out", "toPort", 80.0)
		}, []want{{tEgress, "api-https-out", A, "tcp 80"}}},
		{"inlineEgress", "", func(t *testing.T, f *fixture) {
			f.set(t, tSG, "alb", "egress", arr(obj("protocol", "-1", "fromPort", 0.0, "toPort", 0.0, "ipv6CidrBlocks", arr("::/0"), "description", "all")))
		}, []want{{tSG, "alb", A, "egress[0] of security group alb"}}},
		{"vpcCidrPasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tEgress, "api-https-out", "cidrIpv4", "10.0.0.0/16")
			f.set(t, tEgress, "api-https-out", "ipProtocol", "-1")
		}, nil},
	})
}

func TestVPCL_SG_DESCRIPTIONS(t *testing.T) {
	testRule(t, "VPCL-SG-DESCRIPTIONS", []mutation{
		{"groupWithout", "", func(t *testing.T, f *fixture) { f.del(t, tSG, "alb", "description") },
			[]want{{tSG, "alb", M, "no description of its own"}}},
		{"groupWithProviderDefault", "", func(t *testing.T, f *fixture) { f.set(t, tSG, "nlb", "description", "Managed by Pulumi") },
			[]want{{tSG, "nlb", M, "Managed by Pulumi"}}},
		{"ingressRule", "", func(t *testing.T, f *fixture) { f.del(t, tIngress, "alb-from-link", "description") },
			[]want{{tIngress, "alb-from-link", M, "rule alb-from-link has no description"}}},
		{"egressRule", "", func(t *testing.T, f *fixture) { f.set(t, tEgress, "link-to-alb", "description", " ") },
			[]want{{tEgress, "link-to-alb", M, "no description"}}},
		{"inlineRule", "", func(t *testing.T, f *fixture) {
			f.set(t, tSG, "api", "egress", arr(obj("protocol", "tcp", "fromPort", 5432.0, "toPort", 5432.0, "cidrBlocks", arr("10.0.0.0/16"))))
		}, []want{{tSG, "api", M, "egress[0] of security group api has no description"}}},
	})
}

func TestVPCL_VPCE_PRIVATE_DNS(t *testing.T) {
	testRule(t, "VPCL-VPCE-PRIVATE-DNS", []mutation{
		{"hostnamesOff", "", func(t *testing.T, f *fixture) { f.set(t, tVpc, "net", "enableDnsHostnames", false) },
			[]want{{tEndpoint, "execute-api", M, "aws-facts R5"}}},
		{"hostnamesDefault", "", func(t *testing.T, f *fixture) { f.del(t, tVpc, "net", "enableDnsHostnames") },
			[]want{{tEndpoint, "execute-api", M, "enableDnsHostnames"}}},
		{"supportOff", "", func(t *testing.T, f *fixture) { f.set(t, tVpc, "net", "enableDnsSupport", false) },
			[]want{{tEndpoint, "execute-api", M, "enableDnsSupport"}}},
		{"privateDnsOffPasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tVpc, "net", "enableDnsHostnames", false)
			f.set(t, tEndpoint, "execute-api", "privateDnsEnabled", false)
		}, nil},
		{"vpcOutsideTheStackSkipped", "", func(t *testing.T, f *fixture) {
			f.set(t, tEndpoint, "execute-api", "vpcId", "vpc-existing")
			f.res(t, tEndpoint, "execute-api").PropertyDependencies = nil
			f.set(t, tVpc, "net", "enableDnsHostnames", false)
		}, nil},
		{"componentInputsUnknownSkipped", "", func(t *testing.T, f *fixture) { f.res(t, tVpc, "net").Inputs = nil }, nil},
	})
}
