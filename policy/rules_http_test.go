package policy_test

import (
	"testing"

	"github.com/vpclink/vpclink/policy"
)

func TestVPCL_HTTP_BACKEND_TLS(t *testing.T) {
	testRule(t, "VPCL-HTTP-BACKEND-TLS", []mutation{
		{"tlsListenerWithoutTlsConfig", "", func(t *testing.T, f *fixture) { f.del(t, tHttpIntegration, "http-alb", "tlsConfig") },
			[]want{{tHttpIntegration, "http-alb", M, "TLS listener alb without tlsConfig"}}},
		{"emptyServerName", "dev", func(t *testing.T, f *fixture) {
			f.set(t, tHttpIntegration, "http-alb", "tlsConfig.serverNameToVerify", "")
		},
			[]want{{tHttpIntegration, "http-alb", M, "aws-facts A13"}}},
		{"plainListenerAdvisory", "", func(t *testing.T, f *fixture) {
			f.del(t, tHttpIntegration, "http-alb", "tlsConfig")
			f.set(t, tListener, "alb", "protocol", "HTTP")
		}, []want{{tHttpIntegration, "http-alb", A, "plain HTTP inside the VPC"}}},
		{"cloudMapWithoutTlsAdvisory", "", func(t *testing.T, f *fixture) { f.del(t, tHttpIntegration, "http-cloudmap", "tlsConfig") },
			[]want{{tHttpIntegration, "http-cloudmap", A, "plain HTTP"}}},
		{"listenerFoundByDependencyInPreview", "", func(t *testing.T, f *fixture) {
			f.del(t, tHttpIntegration, "http-alb", "tlsConfig")
			f.set(t, tHttpIntegration, "http-alb", "integrationUri", policy.Unknown{})
		}, []want{{tHttpIntegration, "http-alb", M, "TLS listener alb"}}},
	})
}

func TestVPCL_HTTP_INTEGRATION_URI(t *testing.T) {
	testRule(t, "VPCL-HTTP-INTEGRATION-URI", []mutation{
		{"loadBalancerArn", "", func(t *testing.T, f *fixture) {
			f.set(t, tHttpIntegration, "http-alb", "integrationUri", arnPrefix+"loadbalancer/app/alb/1")
		}, []want{{tHttpIntegration, "http-alb", M, "take its listener ARN"}}},
		{"dnsName", "", func(t *testing.T, f *fixture) {
			f.set(t, tHttpIntegration, "http-alb", "integrationUri", "http://internal-alb.us-east-1.elb.amazonaws.com")
		}, []want{{tHttpIntegration, "http-alb", M, "neither an ALB/NLB listener ARN nor a Cloud Map service ARN"}}},
		{"loadBalancerByDependencyInPreview", "", func(t *testing.T, f *fixture) {
			r := f.res(t, tHttpIntegration, "http-alb")
			r.Inputs["integrationUri"] = policy.Unknown{}
			r.PropertyDependencies["integrationUri"] = []string{urn(tLB, "alb")}
		}, []want{{tHttpIntegration, "http-alb", M, "from load balancer alb"}}},
		{"publicIntegrationIgnored", "", func(t *testing.T, f *fixture) {
			f.set(t, tHttpIntegration, "http-alb", "connectionType", "INTERNET")
			f.set(t, tHttpIntegration, "http-alb", "integrationUri", "https://example.com")
		}, nil},
	})
}

func TestVPCL_HTTP_INTEGRATION_SHAPE(t *testing.T) {
	testRule(t, "VPCL-HTTP-INTEGRATION-SHAPE", []mutation{
		{"payloadFormat2", "", func(t *testing.T, f *fixture) { f.set(t, tHttpIntegration, "http-alb", "payloadFormatVersion", "2.0") },
			[]want{{tHttpIntegration, "http-alb", M, "payload format 2.0"}}},
		{"noOverwritePath", "", func(t *testing.T, f *fixture) { f.del(t, tHttpIntegration, "http-cloudmap", "requestParameters") },
			[]want{{tHttpIntegration, "http-cloudmap", M, "overwrite:path"}}},
		{"otherParametersOnly", "", func(t *testing.T, f *fixture) {
			f.set(t, tHttpIntegration, "http-alb", "requestParameters", obj("append:header.x-env", "dev"))
		}, []want{{tHttpIntegration, "http-alb", M, "overwrite:path"}}},
		{"notProxy", "", func(t *testing.T, f *fixture) { f.set(t, tHttpIntegration, "http-alb", "integrationType", "HTTP") },
			[]want{{tHttpIntegration, "http-alb", M, "HTTP_PROXY"}}},
		{"payloadUnsetPasses", "", func(t *testing.T, f *fixture) { f.del(t, tHttpIntegration, "http-alb", "payloadFormatVersion") }, nil},
	})
}
