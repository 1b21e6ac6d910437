package components_test

// The network (issue 2) and how the VPC links are wired into it, planned through the real program:
// the endpoints a stack without NAT needs, a VPC brought by the user, flow logs, the default
// security group, the awsx VPC's inputs, and the two kinds of VPC link.

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vpclink/vpclink/internal/plantest"
)

const privateEcrApi = `vpclink:services={"api":{"image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1"}}`

var existingSubnets = []string{"subnet-0a1b2c3d4e5f67890", "subnet-0b1b2c3d4e5f67890"}

// endpointServices maps each VPC endpoint's service name to its type.
func endpointServices(p *plantest.Result) map[string]string {
	out := map[string]string{}
	for _, e := range p.OfType(tyVpcEndpoint) {
		in := plantest.In(e)
		out[plantest.Str(in, "serviceName")] = plantest.Str(in, "vpcEndpointType")
	}
	return out
}

func TestNoNatAddsFargateEndpoints(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:network.natGateways=none`, privateEcrApi)
	want := map[string]string{
		"com.amazonaws.us-east-1.ecr.api": "Interface",
		"com.amazonaws.us-east-1.ecr.dkr": "Interface",
		"com.amazonaws.us-east-1.logs":    "Interface",
		"com.amazonaws.us-east-1.s3":      "Gateway",
	}
	if got := endpointServices(p); !maps.Equal(got, want) {
		t.Fatalf("endpoints = %v, want %v (aws-facts E4)", got, want)
	}
	sg := sgId(t, p, "network-endpoints")
	for _, e := range p.OfType(tyVpcEndpoint) {
		in := plantest.In(e)
		if plantest.Str(in, "vpcId") != vpcId(t, p) {
			t.Errorf("%s vpcId = %q", e.Name, plantest.Str(in, "vpcId"))
		}
		if plantest.Str(in, "vpcEndpointType") == "Gateway" {
			if len(strList(in["routeTableIds"])) == 0 {
				t.Errorf("%s has no route tables", e.Name)
			}
			continue
		}
		if got := strList(in["subnetIds"]); !slices.Equal(got, privateSubnetIds(t, p)) {
			t.Errorf("%s subnetIds = %v, want the private subnets", e.Name, got)
		}
		if got := strList(in["securityGroupIds"]); !slices.Equal(got, []string{sg}) {
			t.Errorf("%s securityGroupIds = %v, want [%s]", e.Name, got, sg)
		}
		if in["privateDnsEnabled"] != true {
			t.Errorf("%s privateDnsEnabled = %v, want true so the default AWS host names reach it", e.Name, in["privateDnsEnabled"])
		}
	}
	assertRules(t, "endpoint ingress", rulesOn(t, p, tyIngressRule, sg), tcp("10.0.0.0/16", 443))
}

func TestNoNatWithSsmSecretAddsSsmEndpoint(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:network.natGateways=none`,
		`vpclink:services={"api":{"image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1","secrets":{"DB_PASSWORD":"`+dbPasswordArn+`"}}}`)
	if got := endpointServices(p)["com.amazonaws.us-east-1.ssm"]; got != "Interface" {
		t.Errorf("ssm endpoint = %q, want Interface: secrets are read at task start (aws-facts E4)", got)
	}
}

func TestNatGatewayStacksAddNoFargateEndpoints(t *testing.T) {
	if got := endpointServices(plantest.Plan(t, "dev")); len(got) != 0 {
		t.Errorf("dev (single NAT) endpoints = %v, want none", got)
	}
	want := map[string]string{"com.amazonaws.us-east-1.execute-api": "Interface"}
	if got := endpointServices(plantest.Plan(t, "prod")); !maps.Equal(got, want) {
		t.Errorf("prod (NAT per zone) endpoints = %v, want only %v", got, want)
	}
}

func TestExistingVpcCreatesNoVpcFlowLogOrDefaultSg(t *testing.T) {
	p := plantest.Plan(t, "dev", existingVpc)
	for _, typ := range []string{tyVpc, tyFlowLog, tyDefaultSg} {
		if n := p.Count(typ); n != 0 {
			t.Errorf("%s: %d, want 0 in a VPC vpclink does not own", typ, n)
		}
	}
	for _, sg := range p.OfType(tySecurityGroup) {
		if got := plantest.Str(plantest.In(sg), "vpcId"); got != "vpc-0a1b2c3d4e5f67890" {
			t.Errorf("security group %s vpcId = %q, want the existing VPC", sg.Name, got)
		}
	}
}

func TestExistingVpcAddsOnlyNamedEndpoints(t *testing.T) {
	// NAT is not vpclink's to decide in a VPC it does not own: natGateways none adds nothing there.
	p := plantest.Plan(t, "dev", existingVpc, `vpclink:network.natGateways=none`, `vpclink:network.endpoints=["sts"]`)
	if got, want := endpointServices(p), map[string]string{"com.amazonaws.us-east-1.sts": "Interface"}; !maps.Equal(got, want) {
		t.Errorf("endpoints = %v, want only %v", got, want)
	}
}

func TestExistingVpcSubnetsReachLoadBalancersLinksAndEndpoint(t *testing.T) {
	p := plantest.Plan(t, "dev", existingVpc, frontendsOverride("http-alb", "rest-nlb", "private-rest"))
	check := func(what string, got any) {
		t.Helper()
		if !slices.Equal(strList(got), existingSubnets) {
			t.Errorf("%s = %v, want the existing subnets %v", what, got, existingSubnets)
		}
	}
	check("alb subnets", plantest.In(p.One(t, tyLoadBalancer, "alb"))["subnets"])
	check("nlb subnets", plantest.In(p.One(t, tyLoadBalancer, "nlb"))["subnets"])
	check("http link subnetIds", plantest.In(onlyOne(t, p, tyHttpLink))["subnetIds"])
	check("execute-api endpoint subnetIds", plantest.In(p.One(t, tyVpcEndpoint, "execute-api"))["subnetIds"])
	check("task subnets", plantest.Get(plantest.In(p.One(t, tyEcsService, "api")), "networkConfiguration", "subnets"))
}

// The existing VPC's CIDR is the private API's default client range. It is not admitted to the NLB
// (the V1 link needs no rule, aws-facts E9); that is TestNlbAdmitsNoVpcCidrForRestLink.
func TestExistingVpcCidrFeedsClientCidrs(t *testing.T) {
	p := plantest.Plan(t, "dev", existingVpc, frontendsOverride("rest-nlb", "private-rest"))
	assertRules(t, "execute-api ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, "execute-api")), tcp("10.20.0.0/16", 443))
}

func TestFlowLogToLogGroupWithRetention(t *testing.T) {
	for stack, days := range map[string]float64{"dev": 7, "prod": 30} {
		t.Run(stack, func(t *testing.T) {
			p := plantest.Plan(t, stack)
			in := plantest.In(onlyOne(t, p, tyFlowLog))
			group := p.One(t, tyLogGroup, "network-flow-logs")
			if got, want := plantest.Str(in, "logDestination"), outStr(group, "arn"); got != want {
				t.Errorf("logDestination = %q, want the flow-log group %q", got, want)
			}
			if plantest.Str(in, "logDestinationType") != "cloud-watch-logs" || plantest.Str(in, "trafficType") != "ALL" {
				t.Errorf("flow log = %v, want ALL traffic to cloud-watch-logs", in)
			}
			if got := plantest.Str(in, "vpcId"); got != vpcId(t, p) {
				t.Errorf("vpcId = %q, want %q", got, vpcId(t, p))
			}
			if got, want := plantest.Str(in, "iamRoleArn"), outStr(p.One(t, tyRole, "network-flow-logs"), "arn"); got != want {
				t.Errorf("iamRoleArn = %q, want %q", got, want)
			}
			if got := plantest.In(group)["retentionInDays"]; got != days {
				t.Errorf("retentionInDays = %v, want %v", got, days)
			}
		})
	}
}

func TestDefaultSecurityGroupAdoptedWithoutRules(t *testing.T) {
	p := plantest.Plan(t, "dev")
	in := plantest.In(onlyOne(t, p, tyDefaultSg))
	if got := plantest.Str(in, "vpcId"); got != vpcId(t, p) {
		t.Errorf("vpcId = %q, want %q", got, vpcId(t, p))
	}
	for _, k := range []string{"ingress", "egress"} {
		if v, ok := in[k]; ok && len(v.([]any)) > 0 {
			t.Errorf("default security group has %s rules %v (CKV2_AWS_12)", k, v)
		}
	}
}

func TestVpcDnsSupportAndExplicitSubnetBlocks(t *testing.T) {
	in := plantest.In(onlyOne(t, plantest.Plan(t, "prod"), tyVpc))
	if in["enableDnsSupport"] != true || in["enableDnsHostnames"] != true {
		t.Errorf("enableDnsSupport = %v, enableDnsHostnames = %v, want both true (aws-facts R5)", in["enableDnsSupport"], in["enableDnsHostnames"])
	}
	if got := plantest.Str(in, "cidrBlock"); got != "10.0.0.0/16" {
		t.Errorf("cidrBlock = %q", got)
	}
	want := map[string][]string{
		"Private": {"10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"},
		"Public":  {"10.0.192.0/20", "10.0.208.0/20", "10.0.224.0/20"},
	}
	specs, _ := in["subnetSpecs"].([]any)
	if len(specs) != len(want) {
		t.Fatalf("subnetSpecs = %v, want a private and a public spec", specs)
	}
	for _, s := range specs {
		typ := plantest.Str(s, "type")
		if got := strList(plantest.Get(s, "cidrBlocks")); !slices.Equal(got, want[typ]) {
			t.Errorf("%s cidrBlocks = %v, want %v", typ, got, want[typ])
		}
	}
	if got := plantest.Str(in, "natGateways", "strategy"); got != "OnePerAz" {
		t.Errorf("prod NAT strategy = %q, want OnePerAz", got)
	}
}

func TestVpcSkipsZonesWithoutV2LinkSupport(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:network.availabilityZones=5`)
	got := strList(plantest.In(onlyOne(t, p, tyVpc))["availabilityZoneNames"])
	// Offline us-east-1e is use1-az3, where HTTP API VPC links are not supported (aws-facts A9).
	if want := []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"}; !slices.Equal(got, want) {
		t.Errorf("availabilityZoneNames = %v, want %v", got, want)
	}
}

func TestVpcProtectedOnlyInProd(t *testing.T) {
	if vpc := onlyOne(t, plantest.Plan(t, "prod"), tyVpc); !vpc.Protect {
		t.Errorf("prod VPC is not protected")
	}
	if vpc := onlyOne(t, plantest.Plan(t, "dev"), tyVpc); vpc.Protect {
		t.Errorf("dev VPC is protected")
	}
}

func TestHttpLinkInPrivateSubnetsWithItsOwnSg(t *testing.T) {
	for _, v := range []string{"http-alb", "http-nlb", "http-cloudmap"} {
		t.Run(v, func(t *testing.T) {
			p := plantest.Plan(t, "dev", frontendsOverride(v))
			in := plantest.In(onlyOne(t, p, tyHttpLink))
			if got, want := strList(in["subnetIds"]), privateSubnetIds(t, p); !slices.Equal(got, want) {
				t.Errorf("subnetIds = %v, want the private subnets %v", got, want)
			}
			if got, want := strList(in["securityGroupIds"]), []string{sgId(t, p, "http-link")}; !slices.Equal(got, want) {
				t.Errorf("securityGroupIds = %v, want %v", got, want)
			}
			if n := p.Count(tyRestLink); n != 0 {
				t.Errorf("REST (V1) links: %d, want 0 for %s", n, v)
			}
		})
	}
}

// v1Rest is a regional REST frontend that chose the legacy V1 link.
const v1Rest = `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`

func TestRestLinkTargetsNlbAfterEveryListener(t *testing.T) {
	p := plantest.Plan(t, "dev", v1Rest, threeServices)
	link := onlyOne(t, p, tyRestLink)
	if got, want := plantest.Str(plantest.In(link), "targetArn"), outStr(p.One(t, tyLoadBalancer, "nlb"), "arn"); got != want {
		t.Errorf("targetArn = %q, want the NLB's ARN %q (aws-facts A5)", got, want)
	}
	listeners := p.OfType(tyListener)
	if len(listeners) != 3 {
		t.Fatalf("listeners: %d, want 3", len(listeners))
	}
	for _, l := range listeners {
		if !slices.Contains(link.PropertyDependencies["targetArn"], l.URN) {
			t.Errorf("V1 link does not wait for listener %s: an NLB without listeners cannot back a link (aws-facts A5)", l.Name)
		}
	}
	if n := p.Count(tyHttpLink); n != 0 {
		t.Errorf("HTTP (V2) links: %d, want 0 for rest-nlb", n)
	}
}

func TestVpcLinkCustomTimeouts(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"http-alb"},{"variant":"rest-nlb","vpcLink":"v1"}]`)
	for _, c := range []struct {
		typ string
		min time.Duration
	}{{tyRestLink, 20 * time.Minute}, {tyHttpLink, 10 * time.Minute}} {
		to := onlyOne(t, p, c.typ).CustomTimeouts
		create, err := time.ParseDuration(to.Create)
		if err != nil || create < c.min {
			t.Errorf("%s create timeout %q, want at least %v: links stay PENDING for minutes (aws-facts A7)", c.typ, to.Create, c.min)
		}
		if _, err := time.ParseDuration(to.Delete); err != nil {
			t.Errorf("%s delete timeout %q, want one: link ENIs linger (aws-facts R8)", c.typ, to.Delete)
		}
	}
}

func TestRestNlbAndPrivateRestShareOneNlbAndOneV1Link(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"},{"variant":"private-rest","vpcLink":"v1"}]`)
	link := onlyOne(t, p, tyRestLink)
	onlyOne(t, p, tyLoadBalancer)
	for _, api := range []string{"rest-nlb", "private-rest"} {
		for _, m := range integrations(t, p, api) {
			if m.Integration.ConnectionId != link.ID {
				t.Errorf("%s %s connectionId = %q, want the shared V1 link %q", api, m.Key(), m.Integration.ConnectionId, link.ID)
			}
		}
	}
}

func TestHttpVariantsShareOneV2Link(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("http-alb", "http-cloudmap", "http-nlb"))
	link := onlyOne(t, p, tyHttpLink)
	integrations := p.OfType(tyHttpIntegration)
	if len(integrations) != 3 {
		t.Fatalf("HTTP integrations: %d, want 3 (one per API)", len(integrations))
	}
	for _, i := range integrations {
		if got := plantest.Str(plantest.In(i), "connectionId"); got != link.ID {
			t.Errorf("%s connectionId = %q, want the shared V2 link %q", i.Name, got, link.ID)
		}
	}
}

func TestHttpLinkUnchangedWhenServicesChange(t *testing.T) {
	one := plantest.In(onlyOne(t, plantest.Plan(t, "dev"), tyHttpLink))
	three := plantest.In(onlyOne(t, plantest.Plan(t, "dev", threeServices), tyHttpLink))
	for _, k := range []string{"subnetIds", "securityGroupIds"} {
		if !slices.Equal(strList(one[k]), strList(three[k])) || len(strList(one[k])) == 0 {
			t.Errorf("%s changed from %v to %v when services were added; that replaces the link (aws-facts A8)", k, one[k], three[k])
		}
	}
}

func TestRestLinkTargetUnchangedWhenServicesChange(t *testing.T) {
	one := plantest.Str(plantest.In(onlyOne(t, plantest.Plan(t, "prod", noLogs, v1Rest), tyRestLink)), "targetArn")
	three := plantest.Str(plantest.In(onlyOne(t, plantest.Plan(t, "prod", noLogs, v1Rest, threeServices), tyRestLink)), "targetArn")
	if one == "" || one != three {
		t.Errorf("targetArn changed from %q to %q when services were added; that replaces the link (aws-facts A5)", one, three)
	}
}

func TestHttpLinkRefusesMoreThanTenSubnets(t *testing.T) {
	var subnets []string
	for i := range 11 {
		subnets = append(subnets, fmt.Sprintf(`"subnet-%017x"`, i+1))
	}
	_, err := plantest.TryPlan("dev", `vpclink:network.existing={"vpcId":"vpc-0a1b2c3d4e5f67890","cidr":"10.20.0.0/16","privateSubnetIds":[`+strings.Join(subnets, ",")+`]}`)
	assertProblem(t, err, "vpclink:network.existing.privateSubnetIds")
}
