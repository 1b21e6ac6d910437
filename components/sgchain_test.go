package components_test

// The security-group chain, planned through the real program: the HTTP VPC link's group reaches
// only what it fronts, each load balancer admits only the link (or, behind the REST V1 link, the
// VPC), each service admits only what fronts it, and nothing anywhere admits the internet. The end
// of this file holds the helpers shared by every plan-level test of this package (backends,
// frontends, network_wiring).

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/internal/offline"
	"github.com/vpclink/vpclink/internal/plantest"
	"github.com/vpclink/vpclink/stacks"
)

// sgRule is one separate ingress or egress rule, reduced to what the chain is about.
type sgRule struct {
	Peer  string // referenced security group id, or CIDR block
	Port  int
	Proto string
}

func (r sgRule) String() string { return fmt.Sprintf("%s/%s:%d", r.Peer, r.Proto, r.Port) }

// rulesOn returns the rules of type typ (tyIngressRule or tyEgressRule) on group sgID, sorted.
// A rule with a port range (fromPort != toPort) fails the test: the chain opens single ports.
func rulesOn(t *testing.T, p *plantest.Result, typ, sgID string) []sgRule {
	t.Helper()
	var out []sgRule
	for _, r := range p.OfType(typ) {
		in := plantest.In(r)
		if plantest.Str(in, "securityGroupId") != sgID {
			continue
		}
		from, _ := in["fromPort"].(float64)
		if to, _ := in["toPort"].(float64); to != from {
			t.Errorf("%s opens ports %v to %v; the chain opens single ports", r.Name, from, to)
		}
		peer := plantest.Str(in, "referencedSecurityGroupId") + plantest.Str(in, "cidrIpv4") + plantest.Str(in, "cidrIpv6") + plantest.Str(in, "prefixListId")
		out = append(out, sgRule{Peer: peer, Port: int(from), Proto: plantest.Str(in, "ipProtocol")})
	}
	slices.SortFunc(out, func(a, b sgRule) int { return strings.Compare(a.String(), b.String()) })
	return out
}

func assertRules(t *testing.T, what string, got []sgRule, want ...sgRule) {
	t.Helper()
	slices.SortFunc(want, func(a, b sgRule) int { return strings.Compare(a.String(), b.String()) })
	if !slices.Equal(got, want) {
		t.Errorf("%s = %v, want exactly %v", what, got, want)
	}
}

func sgId(t *testing.T, p *plantest.Result, name string) string {
	t.Helper()
	return p.One(t, tySecurityGroup, name).ID
}

func tcp(peer string, port int) sgRule { return sgRule{Peer: peer, Port: port, Proto: "tcp"} }

func TestHttpLinkSgEgressOnlyToAlbOnListenerPort(t *testing.T) {
	p := plantest.Plan(t, "dev")
	link := sgId(t, p, "http-link")
	assertRules(t, "link egress", rulesOn(t, p, tyEgressRule, link), tcp(sgId(t, p, "alb"), 80))
	assertRules(t, "link ingress", rulesOn(t, p, tyIngressRule, link))
}

func TestHttpLinkSgEgressOnlyToNlbOnListenerPorts(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("http-nlb"), threeServices)
	link, nlb := sgId(t, p, "http-link"), sgId(t, p, "nlb")
	assertRules(t, "link egress", rulesOn(t, p, tyEgressRule, link), tcp(nlb, 9001), tcp(nlb, 9002), tcp(nlb, 9003))
	assertRules(t, "link ingress", rulesOn(t, p, tyIngressRule, link))
}

func TestHttpLinkSgEgressOnlyToServicesForCloudMap(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("http-cloudmap"), threeServices)
	link := sgId(t, p, "http-link")
	var want []sgRule
	for _, s := range threeServiceSpecs {
		want = append(want, tcp(sgId(t, p, s.name), s.port))
	}
	assertRules(t, "link egress", rulesOn(t, p, tyEgressRule, link), want...)
	assertRules(t, "link ingress", rulesOn(t, p, tyIngressRule, link))
}

func TestAlbSgIngressOnlyFromHttpLink(t *testing.T) {
	p := plantest.Plan(t, "dev", threeServices)
	assertRules(t, "alb ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, "alb")), tcp(sgId(t, p, "http-link"), 80))
}

func TestNlbSgIngressOnlyFromHttpLinkForHttpNlb(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("http-nlb"), threeServices)
	link := sgId(t, p, "http-link")
	assertRules(t, "nlb ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, "nlb")), tcp(link, 9001), tcp(link, 9002), tcp(link, 9003))
}

// The legacy V1 link (vpcLink: v1), alone and with a private API.
const (
	restV1           = `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`
	restAndPrivateV1 = `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"},{"variant":"private-rest","vpcLink":"v1"}]`
)

// The REST (V1) link needs no inbound rule: it reaches the NLB over PrivateLink, and with the
// NLB's enforcement off that traffic skips the group (aws-facts A6). A VPC-CIDR rule "for the link"
// did nothing for it and let every host in the VPC call the backends around API Gateway (E9).
func TestNlbAdmitsNoVpcCidrForRestLink(t *testing.T) {
	for _, c := range []struct {
		name      string
		overrides []string
	}{
		{"rest-nlb", []string{restV1, threeServices}},
		{"prod", []string{restAndPrivateV1}},
		{"existing-vpc", []string{existingVpc, restAndPrivateV1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			stack := "dev"
			if c.name == "prod" {
				stack = "prod"
			}
			p := plantest.Plan(t, stack, c.overrides...)
			assertRules(t, "nlb ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, "nlb")))
		})
	}
}

// Without an inbound rule the V1 link still reaches the listeners: it targets this NLB, and the
// NLB does not enforce its inbound rules on PrivateLink traffic (aws-facts A5, A6).
func TestRestLinkReachesNlbWithoutInboundRules(t *testing.T) {
	p := plantest.Plan(t, "dev", restV1)
	nlb := p.One(t, tyLoadBalancer, "nlb")
	if got := plantest.Str(plantest.In(nlb), "enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"); got != "off" {
		t.Errorf("enforceSecurityGroupInboundRulesOnPrivateLinkTraffic = %q, want off: with no inbound rule the link would get no traffic (aws-facts A6)", got)
	}
	link := plantest.In(onlyOne(t, p, tyRestLink))
	if got := plantest.Str(link, "targetArn"); got != outStr(nlb, "arn") || got == "" {
		t.Errorf("rest link targetArn = %q, want the NLB %s (aws-facts A5)", got, outStr(nlb, "arn"))
	}
}

// In-VPC clients reach the load balancers directly only when the stack opts in, on the listener
// ports, and a client group named in config gets no egress rule from vpclink (it is not the stack's).
func TestLoadBalancersAdmitDirectClientsOnlyWhenOptedIn(t *testing.T) {
	const clients = `vpclink:loadBalancers.ingress={"cidrs":["10.0.128.0/20"],"securityGroupIds":["sg-0123456789abcdef0"]}`
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"http-alb"},{"variant":"rest-nlb","vpcLink":"v1"}]`, threeServices, clients)
	const group = "sg-0123456789abcdef0"
	var nlbWant []sgRule
	for _, port := range []int{9001, 9002, 9003} {
		nlbWant = append(nlbWant, tcp("10.0.128.0/20", port), tcp(group, port))
	}
	assertRules(t, "nlb ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, "nlb")), nlbWant...)
	assertRules(t, "alb ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, "alb")), tcp(sgId(t, p, "http-link"), 80), tcp("10.0.128.0/20", 80), tcp(group, 80))
	assertRules(t, "client group egress", rulesOn(t, p, tyEgressRule, group))
}

func TestNlbSgIngressFromV2LinkForRestOverV2(t *testing.T) {
	for _, v := range []string{"rest-nlb", "private-rest"} {
		p := plantest.Plan(t, "dev", frontendsOverride(v), threeServices)
		link := sgId(t, p, "http-link")
		assertRules(t, v+" nlb ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, "nlb")), tcp(link, 9001), tcp(link, 9002), tcp(link, 9003))
	}
}

func TestAlbSgIngressFromV2LinkForRestAlb(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("rest-alb", "http-alb"), threeServices)
	assertRules(t, "alb ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, "alb")), tcp(sgId(t, p, "http-link"), 80))
}

func TestLoadBalancerSgEgressOnlyToServicesOnContainerPort(t *testing.T) {
	for _, c := range []struct{ frontend, lb string }{{"http-alb", "alb"}, {"http-nlb", "nlb"}, {"rest-nlb", "nlb"}} {
		t.Run(c.frontend, func(t *testing.T) {
			p := plantest.Plan(t, "dev", frontendsOverride(c.frontend), threeServices)
			var want []sgRule
			for _, s := range threeServiceSpecs {
				want = append(want, tcp(sgId(t, p, s.name), s.port))
			}
			assertRules(t, c.lb+" egress", rulesOn(t, p, tyEgressRule, sgId(t, p, c.lb)), want...)
		})
	}
}

func TestServiceSgIngressOnlyFromLoadBalancer(t *testing.T) {
	for _, c := range []struct{ frontend, lb string }{{"http-alb", "alb"}, {"http-nlb", "nlb"}, {"rest-nlb", "nlb"}} {
		t.Run(c.frontend, func(t *testing.T) {
			p := plantest.Plan(t, "dev", frontendsOverride(c.frontend), threeServices)
			lb := sgId(t, p, c.lb)
			for _, s := range threeServiceSpecs {
				assertRules(t, s.name+" ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, s.name)), tcp(lb, s.port))
			}
		})
	}
}

func TestServiceSgIngressOnlyFromHttpLinkForCloudMap(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("http-cloudmap"), threeServices)
	link := sgId(t, p, "http-link")
	for _, s := range threeServiceSpecs {
		assertRules(t, s.name+" ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, s.name)), tcp(link, s.port))
	}
}

func TestServiceSgEgressOnlyHttps(t *testing.T) {
	p := plantest.Plan(t, "dev", threeServices)
	for _, s := range threeServiceSpecs {
		assertRules(t, s.name+" egress", rulesOn(t, p, tyEgressRule, sgId(t, p, s.name)), tcp("0.0.0.0/0", 443))
	}
}

func TestPrivateEndpointAdmitsHttpsFromVpcCidrByDefault(t *testing.T) {
	p := plantest.Plan(t, "prod")
	sg := sgId(t, p, "execute-api")
	assertRules(t, "execute-api ingress", rulesOn(t, p, tyIngressRule, sg), tcp("10.0.0.0/16", 443))
	if got := strList(plantest.In(p.One(t, tyVpcEndpoint, "execute-api"))["securityGroupIds"]); !slices.Equal(got, []string{sg}) {
		t.Errorf("endpoint securityGroupIds = %v, want [%s] (aws-facts R6)", got, sg)
	}
}

func TestPrivateEndpointAdmitsHttpsOnlyFromClientCidrs(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"private-rest","clientCidrs":["10.1.0.0/16","192.168.10.0/24"]}]`)
	assertRules(t, "execute-api ingress", rulesOn(t, p, tyIngressRule, sgId(t, p, "execute-api")),
		tcp("10.1.0.0/16", 443), tcp("192.168.10.0/24", 443))
}

// chainPlans are stacks that together hold every variant, network shape and security group.
var chainPlans = []struct {
	name, stack string
	overrides   []string
}{
	{"dev", "dev", nil},
	{"prod", "prod", nil},
	{"all-variants", "dev", []string{frontendsOverride("http-alb", "http-nlb", "http-cloudmap", "rest-nlb", "private-rest"), threeServices}},
	{"no-nat", "dev", []string{`vpclink:network.natGateways=none`, `vpclink:services={"api":{"image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1"}}`}},
	{"existing-vpc", "dev", []string{existingVpc, frontendsOverride("http-alb", "rest-nlb", "private-rest")}},
}

func TestEveryRuleHasDescription(t *testing.T) {
	for _, c := range chainPlans {
		t.Run(c.name, func(t *testing.T) {
			p := plantest.Plan(t, c.stack, c.overrides...)
			rules := append(p.OfType(tyIngressRule), p.OfType(tyEgressRule)...)
			if len(rules) < 3 {
				t.Fatalf("only %d rules", len(rules))
			}
			for _, r := range append(rules, p.OfType(tySecurityGroup)...) {
				if strings.TrimSpace(plantest.Str(plantest.In(r), "description")) == "" {
					t.Errorf("%s %s has no description (AwsSolutions-EC27)", r.Type, r.Name)
				}
			}
		})
	}
}

func TestNoIngressFromTheInternet(t *testing.T) {
	for _, c := range chainPlans {
		t.Run(c.name, func(t *testing.T) {
			p := plantest.Plan(t, c.stack, c.overrides...)
			ingress := p.OfType(tyIngressRule)
			if len(ingress) == 0 {
				t.Fatalf("no ingress rules at all")
			}
			for _, r := range ingress {
				in := plantest.In(r)
				v4, v6 := plantest.Str(in, "cidrIpv4"), plantest.Str(in, "cidrIpv6")
				if v4 == "0.0.0.0/0" || v6 == "::/0" {
					t.Errorf("%s admits %s%s (AwsSolutions-EC23)", r.Name, v4, v6)
				}
				if v4 == "" && v6 == "" && plantest.Str(in, "referencedSecurityGroupId") == "" {
					t.Errorf("%s names no source", r.Name)
				}
			}
		})
	}
}

func TestSecurityGroupsHaveNoInlineRulesAndRevokeOnDelete(t *testing.T) {
	for _, c := range chainPlans {
		t.Run(c.name, func(t *testing.T) {
			p := plantest.Plan(t, c.stack, c.overrides...)
			for _, sg := range p.OfType(tySecurityGroup) {
				in := plantest.In(sg)
				for _, k := range []string{"ingress", "egress"} {
					if v, ok := in[k]; ok {
						t.Errorf("%s has inline %s rules %v; rules are separate resources", sg.Name, k, v)
					}
				}
				if in["revokeRulesOnDelete"] != true {
					t.Errorf("%s revokeRulesOnDelete = %v, want true", sg.Name, in["revokeRulesOnDelete"])
				}
				// Link and endpoint ENIs block a group's deletion for minutes (aws-facts R8).
				if sg.CustomTimeouts.Delete == "" {
					t.Errorf("%s has no custom delete timeout (aws-facts R8)", sg.Name)
				}
			}
		})
	}
}

// --- shared helpers of the plan-level tests --------------------------------------------------

const (
	tyVpc              = "awsx:ec2:Vpc"
	tyLoadBalancer     = "aws:lb/loadBalancer:LoadBalancer"
	tyTargetGroup      = "aws:lb/targetGroup:TargetGroup"
	tyListener         = "aws:lb/listener:Listener"
	tyListenerRule     = "aws:lb/listenerRule:ListenerRule"
	tyCluster          = "aws:ecs/cluster:Cluster"
	tyEcsService       = "aws:ecs/service:Service"
	tyTaskDefinition   = "aws:ecs/taskDefinition:TaskDefinition"
	tyLogGroup         = "aws:cloudwatch/logGroup:LogGroup"
	tyRole             = "aws:iam/role:Role"
	tyRolePolicy       = "aws:iam/rolePolicy:RolePolicy"
	tyScalingTarget    = "aws:appautoscaling/target:Target"
	tyScalingPolicy    = "aws:appautoscaling/policy:Policy"
	tyDnsNamespace     = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"
	tyDiscoveryService = "aws:servicediscovery/service:Service"
	tySecurityGroup    = "aws:ec2/securityGroup:SecurityGroup"
	tyDefaultSg        = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tyIngressRule      = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tyEgressRule       = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	tyVpcEndpoint      = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tyFlowLog          = "aws:ec2/flowLog:FlowLog"
	tyHttpLink         = "aws:apigatewayv2/vpcLink:VpcLink"
	tyRestLink         = "aws:apigateway/vpcLink:VpcLink"
	tyHttpIntegration  = "aws:apigatewayv2/integration:Integration"
	tyRestIntegration  = "aws:apigateway/integration:Integration"
)

// existingVpc brings a VPC vpclink uses but does not create.
const existingVpc = `vpclink:network.existing={"vpcId":"vpc-0a1b2c3d4e5f67890","cidr":"10.20.0.0/16","privateSubnetIds":["subnet-0a1b2c3d4e5f67890","subnet-0b1b2c3d4e5f67890"]}`

// threeServices are three backends with distinct container and listener ports.
const threeServices = `vpclink:services={"orders":{"port":8081,"listenerPort":9001},"users":{"port":8082,"listenerPort":9002},"billing":{"port":8083,"listenerPort":9003}}`

var threeServiceSpecs = []struct {
	name               string
	port, listenerPort int
}{{"billing", 8083, 9003}, {"orders", 8081, 9001}, {"users", 8082, 9002}}

// frontendsOverride sets vpclink:frontends to one frontend per variant given.
func frontendsOverride(variants ...string) string {
	var parts []string
	for _, v := range variants {
		parts = append(parts, fmt.Sprintf(`{"variant":%q}`, v))
	}
	return "vpclink:frontends=[" + strings.Join(parts, ",") + "]"
}

// onlyOne returns the one resource of typ, failing the test unless there is exactly one.
func onlyOne(t testing.TB, p *plantest.Result, typ string) offline.Resource {
	t.Helper()
	all := p.OfType(typ)
	if len(all) != 1 {
		t.Fatalf("%s: %d resources, want exactly 1", typ, len(all))
	}
	return all[0]
}

// strList turns a plain []any of strings into []string (nil for anything else).
func strList(v any) []string {
	a, _ := v.([]any)
	var out []string
	for _, x := range a {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// outStr is an output of a resource as a string.
func outStr(r offline.Resource, key string) string { return plantest.Str(plantest.Out(r), key) }

// vpcId is the VPC id the awsx VPC reported.
func vpcId(t testing.TB, p *plantest.Result) string {
	t.Helper()
	return outStr(onlyOne(t, p, tyVpc), "vpcId")
}

// privateSubnetIds are the private subnet ids the awsx VPC reported.
func privateSubnetIds(t testing.TB, p *plantest.Result) []string {
	t.Helper()
	return strList(plantest.Out(onlyOne(t, p, tyVpc))["privateSubnetIds"])
}

// containerDefinitions decodes a task definition's containerDefinitions JSON.
func containerDefinitions(t testing.TB, taskDef offline.Resource) []map[string]any {
	t.Helper()
	var defs []map[string]any
	if err := json.Unmarshal([]byte(plantest.Str(plantest.In(taskDef), "containerDefinitions")), &defs); err != nil {
		t.Fatalf("containerDefinitions of %s: %v", taskDef.Name, err)
	}
	return defs
}

type policyStatement struct {
	Sid       string
	Effect    string
	Principal any
	Action    stringOrList
	Resource  stringOrList
	Condition map[string]map[string]any
}

// stringOrList decodes an IAM field that may be a string or a list of strings.
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*s = []string{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(s))
}

type policyDoc struct {
	Version   string
	Statement []policyStatement
}

func policyDocument(t testing.TB, text string) policyDoc {
	t.Helper()
	var d policyDoc
	if err := json.Unmarshal([]byte(text), &d); err != nil || len(d.Statement) == 0 {
		t.Fatalf("not a policy document (%v): %s", err, text)
	}
	return d
}

// assertServiceTargetGroup checks that an ECS service registers its container port in the target
// group named tgName.
func assertServiceTargetGroup(t *testing.T, p *plantest.Result, svc offline.Resource, tgName string, port int) {
	t.Helper()
	lbs, _ := plantest.In(svc)["loadBalancers"].([]any)
	if len(lbs) != 1 {
		t.Fatalf("%s loadBalancers = %v, want 1", svc.Name, lbs)
	}
	if got, want := plantest.Str(lbs[0], "targetGroupArn"), p.One(t, tyTargetGroup, tgName).ID; got != want {
		t.Errorf("%s targetGroupArn = %q, want %q", svc.Name, got, want)
	}
	if got := plantest.Get(lbs[0], "containerPort"); got != float64(port) {
		t.Errorf("%s containerPort = %v, want %d", svc.Name, got, port)
	}
}

// assertProblem checks that err is a *stacks.ValidationError with a problem at key.
func assertProblem(t *testing.T, err error, key string) {
	t.Helper()
	var ve *stacks.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *stacks.ValidationError", err)
	}
	for _, pr := range ve.Problems {
		if pr.Key == key {
			return
		}
	}
	t.Errorf("problems %v do not name %s", ve.Problems, key)
}
