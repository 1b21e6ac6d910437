package policy_test

import (
	"testing"

	"github.com/vpclink/vpclink/policy"
)

func TestVPCL_LB_INTERNAL(t *testing.T) {
	testRule(t, "VPCL-LB-INTERNAL", []mutation{
		{"internetFacing", "", func(t *testing.T, f *fixture) { f.set(t, tLB, "alb", "internal", false) },
			[]want{{tLB, "alb", M, "internet-facing"}}},
		{"internalUnsetDev", "dev", func(t *testing.T, f *fixture) { f.del(t, tLB, "nlb", "internal") },
			[]want{{tLB, "nlb", M, "internal is not true"}}},
	})
}

func TestVPCL_LB_ACCESS_LOGS(t *testing.T) {
	testRule(t, "VPCL-LB-ACCESS-LOGS", []mutation{
		{"albProd", "prod", func(t *testing.T, f *fixture) { f.del(t, tLB, "alb", "accessLogs") },
			[]want{{tLB, "alb", M, "mandatory because vpclink:environment is prod"}}},
		{"albDev", "dev", func(t *testing.T, f *fixture) { f.set(t, tLB, "alb", "accessLogs.enabled", false) },
			[]want{{tLB, "alb", A, "advisory because vpclink:environment is dev"}}},
		{"albNoBucket", "", func(t *testing.T, f *fixture) { f.del(t, tLB, "alb", "accessLogs.bucket") },
			[]want{{tLB, "alb", M, "access logs off"}}},
		{"nlbWithTLSListenerProd", "", func(t *testing.T, f *fixture) { f.del(t, tLB, "nlb", "accessLogs") },
			[]want{{tLB, "nlb", M, "mandatory because"}}},
		{"nlbWithoutTLSListenerProd", "", func(t *testing.T, f *fixture) {
			f.del(t, tLB, "nlb", "accessLogs")
			f.set(t, tListener, "nlb-api", "protocol", "TCP")
		}, []want{{tLB, "nlb", A, "aws-facts E6"}}},
		{"environmentUnset", "-", func(t *testing.T, f *fixture) { f.del(t, tLB, "alb", "accessLogs") },
			[]want{{tLB, "alb", M, "mandatory because vpclink:environment is unset (held to prod)"}}},
	})
}

func TestVPCL_LB_DELETION_PROTECTION(t *testing.T) {
	testRule(t, "VPCL-LB-DELETION-PROTECTION", []mutation{
		{"offProd", "prod", func(t *testing.T, f *fixture) { f.set(t, tLB, "nlb", "enableDeletionProtection", false) },
			[]want{{tLB, "nlb", M, "mandatory because vpclink:environment is prod"}}},
		{"offDev", "dev", func(t *testing.T, f *fixture) { f.del(t, tLB, "alb", "enableDeletionProtection") },
			[]want{{tLB, "alb", A, "advisory because vpclink:environment is dev (mandatory in prod)"}}},
	})
}

func TestVPCL_ALB_DROP_INVALID_HEADERS(t *testing.T) {
	testRule(t, "VPCL-ALB-DROP-INVALID-HEADERS", []mutation{
		{"off", "", func(t *testing.T, f *fixture) { f.set(t, tLB, "alb", "dropInvalidHeaderFields", false) },
			[]want{{tLB, "alb", M, "invalid header fields"}}},
		{"unsetOnDefaultType", "", func(t *testing.T, f *fixture) {
			f.del(t, tLB, "alb", "dropInvalidHeaderFields")
			f.del(t, tLB, "alb", "loadBalancerType")
		}, []want{{tLB, "alb", M, "dropInvalidHeaderFields"}}},
		{"nlbIgnored", "", func(t *testing.T, f *fixture) { f.set(t, tLB, "nlb", "dropInvalidHeaderFields", false) }, nil},
	})
}

func TestVPCL_ALB_DESYNC_MITIGATION(t *testing.T) {
	testRule(t, "VPCL-ALB-DESYNC-MITIGATION", []mutation{
		{"monitor", "", func(t *testing.T, f *fixture) { f.set(t, tLB, "alb", "desyncMitigationMode", "monitor") },
			[]want{{tLB, "alb", M, "only monitors"}}},
		{"strictestPasses", "", func(t *testing.T, f *fixture) { f.set(t, tLB, "alb", "desyncMitigationMode", "strictest") }, nil},
		{"unsetPasses", "", func(t *testing.T, f *fixture) { f.del(t, tLB, "alb", "desyncMitigationMode") }, nil},
	})
}

func TestVPCL_LB_LISTENER_TLS(t *testing.T) {
	testRule(t, "VPCL-LB-LISTENER-TLS", []mutation{
		{"plainHttp", "", func(t *testing.T, f *fixture) { f.set(t, tListener, "alb", "protocol", "HTTP") },
			[]want{{tListener, "alb", A, "plain HTTP"}}},
		{"plainTcp", "", func(t *testing.T, f *fixture) { f.set(t, tListener, "nlb-api", "protocol", "TCP") },
			[]want{{tListener, "nlb-api", A, "inside the VPC"}}},
		{"oldPolicy", "", func(t *testing.T, f *fixture) {
			f.set(t, tListener, "alb", "sslPolicy", "ELBSecurityPolicy-TLS-1-1-2017-01")
		},
			[]want{{tListener, "alb", A, "older than 1.2"}}},
		{"defaultPolicy", "", func(t *testing.T, f *fixture) { f.del(t, tListener, "nlb-api", "sslPolicy") },
			[]want{{tListener, "nlb-api", A, "ELBSecurityPolicy-2016-08"}}},
		{"fsPolicyPasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tListener, "alb", "sslPolicy", "ELBSecurityPolicy-FS-1-2-Res-2020-10")
		}, nil},
	})
}

func TestVPCL_LB_TARGET_HEALTH_CHECK(t *testing.T) {
	testRule(t, "VPCL-LB-TARGET-HEALTH-CHECK", []mutation{
		{"none", "", func(t *testing.T, f *fixture) { f.del(t, tTargetGroup, "nlb-api", "healthCheck") },
			[]want{{tTargetGroup, "nlb-api", M, "no health check"}}},
		{"disabled", "", func(t *testing.T, f *fixture) { f.set(t, tTargetGroup, "alb-api", "healthCheck.enabled", false) },
			[]want{{tTargetGroup, "alb-api", M, "health check off"}}},
		{"albTargetsNoPath", "", func(t *testing.T, f *fixture) { f.del(t, tTargetGroup, "alb-api", "healthCheck.path") },
			[]want{{tTargetGroup, "alb-api", M, "without a path"}}},
		{"albTargetsTcpCheck", "", func(t *testing.T, f *fixture) { f.set(t, tTargetGroup, "alb-api", "healthCheck.protocol", "TCP") },
			[]want{{tTargetGroup, "alb-api", M, "TCP health check"}}},
		{"nlbTcpCheckPasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tTargetGroup, "nlb-api", "healthCheck", obj("enabled", true, "protocol", "TCP"))
		}, nil},
		{"lambdaIgnored", "", func(t *testing.T, f *fixture) {
			f.set(t, tTargetGroup, "alb-api", "targetType", "lambda")
			f.del(t, tTargetGroup, "alb-api", "healthCheck")
		}, nil},
	})
}

func TestVPCL_LB_DIRECT_INGRESS(t *testing.T) {
	testRule(t, "VPCL-LB-DIRECT-INGRESS", []mutation{
		{"vpcCidrForTheRestLink", "", func(t *testing.T, f *fixture) {
			f.add(tIngress, "nlb-from-vpc", obj("securityGroupId", "sg-nlb", "cidrIpv4", "10.0.0.0/16", "ipProtocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "description", "from the VPC"), nil,
				"securityGroupId="+tSG+"::nlb")
		}, []want{{tIngress, "nlb-from-vpc", A, "admits 10.0.0.0/16 to load balancer nlb directly"}}},
		{"outsideGroupOnAlb", "dev", func(t *testing.T, f *fixture) {
			f.add(tIngress, "alb-from-client", obj("securityGroupId", "sg-alb", "referencedSecurityGroupId", "sg-0123456789abcdef0", "ipProtocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "description", "from clients"), nil,
				"securityGroupId="+tSG+"::alb")
		}, []want{{tIngress, "alb-from-client", A, "security group sg-0123456789abcdef0, which the stack does not create"}}},
		{"securityGroupRuleCidr", "", func(t *testing.T, f *fixture) {
			f.add(tSGRule, "nlb-legacy", obj("type", "ingress", "securityGroupId", "sg-nlb", "cidrBlocks", arr("10.9.0.0/16"), "protocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "description", "x"), nil)
		}, []want{{tSGRule, "nlb-legacy", A, "explicit opt-in"}}},
		{"inlineIngress", "", func(t *testing.T, f *fixture) {
			f.set(t, tSG, "nlb", "ingress", arr(obj("protocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "cidrBlocks", arr("10.0.0.0/16"), "description", "vpc")))
		}, []want{{tSG, "nlb", A, "ingress[0] of security group nlb"}}},
		{"egressIgnored", "", func(t *testing.T, f *fixture) {
			f.add(tSGRule, "nlb-out", obj("type", "egress", "securityGroupId", "sg-nlb", "cidrBlocks", arr("10.9.0.0/16"), "protocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "description", "x"), nil)
		}, nil},
		{"serviceGroupCidrIgnored", "", func(t *testing.T, f *fixture) {
			f.add(tIngress, "api-from-vpc", obj("securityGroupId", "sg-api", "cidrIpv4", "10.0.0.0/16", "ipProtocol", "tcp", "fromPort", 8080.0, "toPort", 8080.0, "description", "x"), nil)
		}, nil},
	})
}

// The plan shows direct in-VPC access to a load balancer only when the stack opts in, as an
// advisory finding per rule it adds (aws-facts E9); prod as shipped has none.
func TestDirectLoadBalancerIngressIsAPlanFindingOnlyWhenOptedIn(t *testing.T) {
	count := func(fs []policy.Finding) (n int) {
		for _, f := range fs {
			if f.RuleID == "VPCL-LB-DIRECT-INGRESS" {
				if f.Severity != policy.Advisory {
					t.Errorf("%s on %s is %s, want advisory", f.RuleID, f.Name, f.Severity)
				}
				n++
			}
		}
		return n
	}
	if n := count(evaluate(t, "prod")); n != 0 {
		t.Errorf("prod has %d VPCL-LB-DIRECT-INGRESS findings, want 0: nothing admits the VPC CIDR any more", n)
	}
	opted := evaluate(t, "prod", `vpclink:loadBalancers.ingress={"cidrs":["10.0.128.0/20"],"securityGroupIds":["sg-0123456789abcdef0"]}`)
	if n := count(opted); n != 2 {
		t.Errorf("opted-in prod has %d VPCL-LB-DIRECT-INGRESS findings, want 2 (one CIDR and one group on the NLB's listener)", n)
	}
}
