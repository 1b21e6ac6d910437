package policy_test

import "testing"

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
