package doctor

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/stacks"
)

// Security group roles: which group of vpclink's chain a group is. A service's group is
// RoleService+name.
const (
	RoleHttpLink = "http-link"
	RoleAlb      = "alb"
	RoleNlb      = "nlb"
	RoleEndpoint = "execute-api-endpoint"
	RoleService  = "service:"
)

// Target is what doctor examines: the stack's outputs (the live ids), what its config says, and
// the security-group chain vpclink builds for that config.
type Target struct {
	Stack, Region string
	VpcID         string
	ClusterName   string
	// HttpVpcLinkID and RestVpcLinkID are the V2 and V1 links, "" when the stack has none.
	HttpVpcLinkID, RestVpcLinkID string
	// HttpLinkURN and RestLinkURN name the links in the stack, for `pulumi up --target-replace`.
	HttpLinkURN, RestLinkURN string
	NlbDNSName, AlbDNSName   string
	ExecuteApiEndpointID     string
	// NoNat is set when vpclink:network.natGateways is none: tasks reach ECR, S3 and CloudWatch
	// Logs only through VPC endpoints (aws-facts E4).
	NoNat bool
	// PrivateDNS is the configured private DNS choice of the execute-api endpoint.
	PrivateDNS bool
	Services   []Service
	Frontends  []Frontend
	// Groups are vpclink's security groups with the rules vpclink creates on them.
	Groups []ExpectedGroup
}

// Service is one ECS service of the stack.
type Service struct {
	// Name is the config key; ServiceName the ECS service's name.
	Name, ServiceName string
	SecurityGroupID   string
	LogGroupName      string
	HealthCheckPath   string
	PathPrefix        string
	Port              int
}

// Frontend is one API Gateway frontend of the stack.
type Frontend struct {
	Name    string
	Variant stacks.Variant
	ApiID   string
	// URL is the stage URL; InvokeURLs the URL of each service under it; VpceURL the
	// {api}-{vpce} URL of a private REST API.
	URL           string
	InvokeURLs    map[string]string
	VpceURL       string
	Stage         string
	Authorization string
}

// ExpectedGroup is a security group of the chain and the rules vpclink puts on it.
type ExpectedGroup struct {
	Role  string
	Rules []Rule
}

// Rule is one security group rule. A peer is another group of the chain (PeerRole) or a CIDR.
type Rule struct {
	Egress      bool
	Protocol    string
	FromPort    int
	ToPort      int
	PeerRole    string
	CIDR        string
	Description string
}

// String reads like "ingress tcp 8080 from alb".
func (r Rule) String() string {
	dir, prep := "ingress", "from"
	if r.Egress {
		dir, prep = "egress", "to"
	}
	ports := fmt.Sprint(r.FromPort)
	if r.ToPort != r.FromPort {
		ports = fmt.Sprintf("%d-%d", r.FromPort, r.ToPort)
	}
	if r.Protocol == "-1" {
		ports = "all ports"
	}
	peer := r.CIDR
	if r.PeerRole != "" {
		peer = r.PeerRole
	}
	return fmt.Sprintf("%s %s %s %s %s", dir, r.Protocol, ports, prep, peer)
}

// FromStack builds the target from a stack's config, its outputs (plain values, as `vpclink
// outputs --json` prints them) and the offline plan of the same config, which holds the security
// group rules vpclink creates: the expected chain comes from the program itself, not from a copy of
// its logic.
func FromStack(cfg *stacks.Config, outputs map[string]any, p *plan.Plan) (*Target, error) {
	t := &Target{
		Stack: cfg.Stack, Region: cfg.Region,
		VpcID:                str(outputs[stacks.OutVpcId]),
		ClusterName:          str(outputs[stacks.OutClusterName]),
		HttpVpcLinkID:        str(outputs[stacks.OutHttpVpcLinkId]),
		RestVpcLinkID:        str(outputs[stacks.OutRestVpcLinkId]),
		NlbDNSName:           str(outputs[stacks.OutNlbDnsName]),
		AlbDNSName:           str(outputs[stacks.OutAlbDnsName]),
		ExecuteApiEndpointID: str(outputs[stacks.OutExecuteApiEndpointId]),
		NoNat:                cfg.Network.NatGateways == "none",
		PrivateDNS:           cfg.PrivateDns(),
	}
	if t.VpcID == "" || t.ClusterName == "" {
		return nil, fmt.Errorf("stack %s has no %s or %s output: is it deployed? (vpclink up)", cfg.Stack, stacks.OutVpcId, stacks.OutClusterName)
	}
	services, _ := outputs[stacks.OutServices].(map[string]any)
	for _, s := range cfg.Services {
		o, _ := services[s.Name].(map[string]any)
		if o == nil {
			return nil, fmt.Errorf("stack %s has no output %s.%s: deployed with another config? (vpclink up)", cfg.Stack, stacks.OutServices, s.Name)
		}
		t.Services = append(t.Services, Service{
			Name: s.Name, ServiceName: str(o["serviceName"]), SecurityGroupID: str(o["securityGroupId"]),
			LogGroupName: str(o["logGroupName"]), HealthCheckPath: s.HealthCheckPath, PathPrefix: s.PathPrefix, Port: s.Port,
		})
	}
	frontends, _ := outputs[stacks.OutFrontends].(map[string]any)
	for _, f := range cfg.Frontends {
		o, _ := frontends[f.Name].(map[string]any)
		if o == nil {
			return nil, fmt.Errorf("stack %s has no output %s.%s: deployed with another config? (vpclink up)", cfg.Stack, stacks.OutFrontends, f.Name)
		}
		fe := Frontend{Name: f.Name, Variant: f.Variant, ApiID: str(o["apiId"]), URL: str(o["url"]),
			VpceURL: str(o["vpceUrl"]), Stage: f.StageName, Authorization: string(f.Authorization), InvokeURLs: map[string]string{}}
		urls, _ := o["invokeUrls"].(map[string]any)
		for k, v := range urls {
			fe.InvokeURLs[k] = str(v)
		}
		t.Frontends = append(t.Frontends, fe)
	}
	if p != nil {
		t.Groups = expectedGroups(p)
		for _, r := range p.Resources {
			switch r.Type {
			case "aws:apigatewayv2/vpcLink:VpcLink":
				t.HttpLinkURN = r.URN
			case "aws:apigateway/vpcLink:VpcLink":
				t.RestLinkURN = r.URN
			}
		}
	}
	return t, nil
}

// knownGroups are the live group ids the outputs name: the services' groups. The others are
// learned from AWS (the link's, the load balancers', the endpoint's).
func (t *Target) knownGroups() map[string]string {
	m := map[string]string{}
	for _, s := range t.Services {
		if s.SecurityGroupID != "" {
			m[RoleService+s.Name] = s.SecurityGroupID
		}
	}
	return m
}

const (
	typeSecurityGroup = "aws:ec2/securityGroup:SecurityGroup"
	typeIngressRule   = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeEgressRule    = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
)

// expectedGroups reads the chain out of the plan: every security group a vpclink component
// creates, by role (from its parent component), and every rule resource on it.
func expectedGroups(p *plan.Plan) []ExpectedGroup {
	byURN := map[string]int{}
	for i, r := range p.Resources {
		byURN[r.URN] = i
	}
	roleOf := map[string]string{} // plan group id -> role
	for _, r := range p.Resources {
		if r.Type != typeSecurityGroup {
			continue
		}
		i, ok := byURN[r.Parent]
		if !ok {
			continue
		}
		parent := p.Resources[i]
		switch parent.Type {
		case components.HttpLinkType:
			roleOf[r.ID] = RoleHttpLink
		case components.AlbType:
			roleOf[r.ID] = RoleAlb
		case components.NlbType:
			roleOf[r.ID] = RoleNlb
		case components.PrivateEndpointType:
			roleOf[r.ID] = RoleEndpoint
		case components.FargateServiceType:
			roleOf[r.ID] = RoleService + parent.Name
		}
	}
	rules := map[string][]Rule{}
	for _, r := range p.Resources {
		if r.Type != typeIngressRule && r.Type != typeEgressRule {
			continue
		}
		role, ok := roleOf[prop(r.Inputs, "securityGroupId")]
		if !ok {
			continue
		}
		rule := Rule{
			Egress:      r.Type == typeEgressRule,
			Protocol:    normalizeProtocol(prop(r.Inputs, "ipProtocol")),
			FromPort:    num(r.Inputs, "fromPort"),
			ToPort:      num(r.Inputs, "toPort"),
			CIDR:        prop(r.Inputs, "cidrIpv4") + prop(r.Inputs, "cidrIpv6"),
			Description: prop(r.Inputs, "description"),
		}
		if ref := prop(r.Inputs, "referencedSecurityGroupId"); ref != "" {
			rule.PeerRole = roleOf[ref]
			if rule.PeerRole == "" {
				rule.PeerRole = "unknown group " + ref
			}
		}
		if rule.Protocol == "-1" {
			rule.FromPort, rule.ToPort = -1, -1
		}
		rules[role] = append(rules[role], rule)
	}
	var out []ExpectedGroup
	for _, role := range slices.Compact(slices.Sorted(maps.Values(roleOf))) {
		out = append(out, ExpectedGroup{Role: role, Rules: rules[role]})
	}
	return out
}

func prop(m resource.PropertyMap, k string) string {
	v, ok := m[resource.PropertyKey(k)]
	if !ok {
		return ""
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

func num(m resource.PropertyMap, k string) int {
	v, ok := m[resource.PropertyKey(k)]
	if ok && v.IsNumber() {
		return int(v.NumberValue())
	}
	return 0
}

func normalizeProtocol(p string) string {
	switch strings.ToLower(p) {
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "all", "":
		return "-1"
	}
	return strings.ToLower(p)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
