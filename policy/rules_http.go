package policy

import (
	"regexp"
	"strings"
)

// HTTP API (V2) private-integration rules.
var httpRules = []Rule{
	{
		ID: "VPCL-HTTP-BACKEND-TLS", Row: 11, Graph: true, Mixed: true,
		Sources:  []string{"APIGateway.10", "aws-facts A13"},
		Title:    "HTTP API private integrations verify the backend's TLS certificate (tlsConfig.serverNameToVerify) when the listener is TLS",
		Severity: Mandatory, ResourceTypes: append([]string{tHttpIntegration}, listenerTypes...),
		Note:  "advisory when the backend is plain HTTP inside the VPC",
		check: checkBackendTLS,
	},
	{
		ID: "VPCL-HTTP-INTEGRATION-URI", Graph: true,
		Sources:  []string{"aws-facts A11", "aws-facts A16"},
		Title:    "HTTP API private integrations point at a listener ARN or a Cloud Map service ARN, never a load balancer ARN",
		Severity: Mandatory, ResourceTypes: []string{tHttpIntegration},
		check: checkIntegrationURI,
	},
	{
		ID:       "VPCL-HTTP-INTEGRATION-SHAPE",
		Sources:  []string{"aws-facts A11", "aws-facts A12"},
		Title:    "HTTP API private integrations are HTTP_PROXY with payload format 1.0 and an overwrite:path mapping",
		Severity: Mandatory, ResourceTypes: []string{tHttpIntegration},
		check: checkIntegrationShape,
	},
}

// privateIntegrations returns the HTTP API integrations that go through a VPC link.
func (g *graph) privateIntegrations() []*Resource {
	var out []*Resource
	for _, i := range g.ofType(tHttpIntegration) {
		if i.Inputs != nil && upper(i.Inputs["connectionType"]) == "VPC_LINK" {
			out = append(out, i)
		}
	}
	return out
}

func tlsProtocol(v any) bool { p := upper(v); return p == "HTTPS" || p == "TLS" }

func checkBackendTLS(c *checker) {
	for _, i := range c.privateIntegrations() {
		name := get(i.Inputs, "tlsConfig", "serverNameToVerify")
		if opaque(name) || !blank(name) {
			continue
		}
		var tls []string
		for _, l := range c.refs(i, "integrationUri", listenerTypes...) {
			if tlsProtocol(get(l.Inputs, "protocol")) {
				tls = append(tls, l.Name)
			}
		}
		if len(tls) > 0 {
			c.fail(i, "integration %s reaches TLS listener %s without tlsConfig.serverNameToVerify: API Gateway speaks plain HTTP to a TLS port and the request fails (aws-facts A13)", i.Name, strings.Join(tls, ", "))
			continue
		}
		c.advise(i, "the backend has no certificate, which needs a domain the stack does not own (set loadBalancers.certificateArn and tlsServerName)",
			"integration %s sends requests to its backend as plain HTTP inside the VPC", i.Name)
	}
}

var cloudMapServiceArn = regexp.MustCompile(`^arn:aws[a-z-]*:servicediscovery:[a-z0-9-]+:\d{12}:service/srv-[a-z0-9]+$`)

func checkIntegrationURI(c *checker) {
	for _, i := range c.privateIntegrations() {
		uri := i.Inputs["integrationUri"]
		if s, ok := str(uri); ok {
			switch {
			case strings.Contains(s, ":elasticloadbalancing:") && strings.Contains(s, ":listener/"), cloudMapServiceArn.MatchString(s):
			case strings.Contains(s, ":loadbalancer/"):
				c.fail(i, "integration %s points at load balancer %s; HTTP API private integrations take its listener ARN (aws-facts A11)", i.Name, s)
			default:
				c.fail(i, "integration %s points at %q, which is neither an ALB/NLB listener ARN nor a Cloud Map service ARN (aws-facts A11)", i.Name, s)
			}
			continue
		}
		// Not known yet: judge by where the value comes from. A load balancer alone, with no
		// listener or Cloud Map service among the sources, means its ARN was passed.
		lbs := c.refs(i, "integrationUri", lbTypes...)
		ok := c.refs(i, "integrationUri", append([]string{tCloudMapService}, listenerTypes...)...)
		if len(lbs) > 0 && len(ok) == 0 {
			c.fail(i, "integration %s takes its URI from load balancer %s, not from a listener; HTTP API private integrations take the listener ARN (aws-facts A11)", i.Name, lbs[0].Name)
		}
	}
}

func checkIntegrationShape(c *checker) {
	for _, i := range c.privateIntegrations() {
		if t := i.Inputs["integrationType"]; !opaque(t) && upper(t) != "HTTP_PROXY" {
			c.fail(i, "private integration %s has type %v; VPC-link integrations are HTTP_PROXY (aws-facts A11)", i.Name, t)
		}
		if v := i.Inputs["payloadFormatVersion"]; !opaque(v) && !blank(v) && v != "1.0" {
			c.fail(i, "private integration %s uses payload format %v; private integrations accept 1.0 only (aws-facts A11)", i.Name, v)
		}
		params := i.Inputs["requestParameters"]
		if opaque(params) {
			continue
		}
		if p := get(params, "overwrite:path"); !opaque(p) && blank(p) {
			c.fail(i, "private integration %s has no overwrite:path request parameter: the backend would see the stage name in front of every path (aws-facts A12)", i.Name)
		}
	}
}
