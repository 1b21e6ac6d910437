package components

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NatStrategy says how private subnets reach the internet.
type NatStrategy string

// NAT strategies. None is cheapest but needs VPC endpoints for everything tasks call (aws-facts E4);
// Single is one gateway for all zones (a zone outage cuts egress); OnePerAz survives a zone outage.
const (
	NatNone     NatStrategy = "none"
	NatSingle   NatStrategy = "single"
	NatOnePerAz NatStrategy = "onePerAz"
)

// NatStrategies lists the accepted NatStrategy values.
var NatStrategies = []NatStrategy{NatNone, NatSingle, NatOnePerAz}

// NetworkType is the Pulumi type token of Network.
const NetworkType = "vpclink:components:Network"

// NetworkArgs configures a Network.
type NetworkArgs struct {
	// CidrBlock of the VPC, /16 to /28. Defaults to 10.0.0.0/16. Ignored with Existing.
	CidrBlock string `pulumi:"cidrBlock,optional"`
	// AvailabilityZones is how many zones get a private and a public subnet, 2 to 6. Zones where
	// HTTP API VPC links are unsupported are skipped (aws-facts A9). Defaults to 2. Ignored with
	// Existing.
	AvailabilityZones int `pulumi:"availabilityZones,optional"`
	// NatGateways is the NAT strategy. Defaults to NatSingle. With NatNone the network adds the
	// endpoints Fargate needs to start: ecr.api, ecr.dkr, logs and the S3 gateway (aws-facts E4).
	NatGateways NatStrategy `pulumi:"natGateways,optional"`
	// FlowLogs sends VPC flow logs (all traffic) to a CloudWatch log group. Defaults to true.
	// Ignored with Existing: the VPC's owner decides its flow logs.
	FlowLogs *bool `pulumi:"flowLogs,optional"`
	// LogRetentionDays of the flow-log group. Defaults to 30.
	LogRetentionDays int `pulumi:"logRetentionDays,optional"`
	// Endpoints are extra VPC endpoint services by short name ("secretsmanager", "ssm", "sts",
	// "dynamodb", ...). s3 and dynamodb become gateway endpoints, the rest interface endpoints in
	// the private subnets with private DNS. Defaults to none beyond what NatGateways requires.
	Endpoints []string `pulumi:"endpoints,optional"`
	// Existing uses a VPC that already exists instead of creating one. Defaults to nil (create).
	Existing *ExistingVpc `pulumi:"existing,optional"`
	// RequireDnsHostnames fails construction, before any child is created, when the VPC does not
	// have DNS support and DNS hostnames on, which private DNS for interface endpoints needs
	// (aws-facts R5): set it when something outside the network (the private API's execute-api
	// endpoint) turns private DNS on. The network checks by itself whenever it creates interface
	// endpoints of its own, which always have private DNS. Only meaningful with Existing: a created
	// VPC always has both. Defaults to false.
	RequireDnsHostnames bool `pulumi:"requireDnsHostnames,optional"`
	// RequireV2LinkZones fails construction, before any child is created, when a subnet of
	// Existing is in an availability zone where HTTP API (V2) VPC links are not supported
	// (aws-facts A9, C9): set it when an HTTP API VPC link goes in the private subnets. Created
	// VPCs never use such zones. Defaults to false.
	RequireV2LinkZones bool `pulumi:"requireV2LinkZones,optional"`
	// Region to build endpoint service names for. Defaults to the provider's Region.
	Region string `pulumi:"region,optional"`
	// Protect marks the VPC (and so its subnets) protected, so no update can replace it by accident.
	// Defaults to false.
	Protect bool `pulumi:"protect,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// ExistingVpc describes a VPC vpclink uses but does not own.
type ExistingVpc struct {
	// VpcId of the VPC, vpc-... Required.
	VpcId string `pulumi:"vpcId"`
	// CidrBlock of the VPC, used for security-group rules. Required.
	CidrBlock string `pulumi:"cidrBlock"`
	// PrivateSubnetIds, at least two in different zones. Required.
	PrivateSubnetIds []string `pulumi:"privateSubnetIds"`
}

// Network is the VPC vpclink runs in.
type Network struct {
	pulumi.ResourceState

	// VpcId of the (created or existing) VPC.
	VpcId pulumi.StringOutput `pulumi:"vpcId"`
	// CidrBlock of the VPC.
	CidrBlock pulumi.StringOutput `pulumi:"cidrBlock"`
	// PrivateSubnetIds, one per availability zone.
	PrivateSubnetIds pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	// PublicSubnetIds, one per availability zone; empty with an existing VPC.
	PublicSubnetIds pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	// AvailabilityZones the subnets are in; empty with an existing VPC.
	AvailabilityZones pulumi.StringArrayOutput `pulumi:"availabilityZones"`
	// EndpointSecurityGroupId guards the interface endpoints; nil when there are none.
	EndpointSecurityGroupId pulumi.StringPtrOutput `pulumi:"endpointSecurityGroupId"`
	// FlowLogGroupName receives the flow logs; nil when flow logs are off.
	FlowLogGroupName pulumi.StringPtrOutput `pulumi:"flowLogGroupName"`

	// Cidr is CidrBlock as a plain string, for rules and validation that need it at plan time.
	Cidr string
	// Zones is how many private subnets there are.
	Zones int
	// EndpointServices are the short names of the endpoints the network created.
	EndpointServices []string
	// Endpoints are the VPC endpoints the network created, for DependsOn: without NAT, tasks
	// reach ECR, S3 and CloudWatch Logs only once these exist (aws-facts E4). A gateway endpoint
	// is created with its routes, so waiting for it waits for the S3 route too. Empty when the
	// network created none.
	Endpoints []pulumi.Resource
}

// gatewayEndpointServices are the services AWS offers as (free) gateway endpoints.
var gatewayEndpointServices = []string{"dynamodb", "s3"}

// InterfaceEndpointServices are the services vpclink can add as interface endpoints.
var InterfaceEndpointServices = []string{
	"ec2messages", "ecr.api", "ecr.dkr", "ecs", "ecs-agent", "ecs-telemetry", "elasticloadbalancing",
	"kms", "logs", "monitoring", "secretsmanager", "sns", "sqs", "ssm", "ssmmessages", "sts", "xray",
}

// noNatEndpoints are the endpoints Fargate needs to pull from ECR and ship logs without NAT
// (aws-facts E4: ecs-fargate-docker-timeout-error).
var noNatEndpoints = []string{"ecr.api", "ecr.dkr", "logs", "s3"}

// ValidateEndpointService reports whether vpclink knows how to create an endpoint for service.
func ValidateEndpointService(service string) error {
	if slices.Contains(gatewayEndpointServices, service) || slices.Contains(InterfaceEndpointServices, service) {
		return nil
	}
	if service == "execute-api" {
		return fmt.Errorf("execute-api is created by a private-rest frontend, with its own security group and policy")
	}
	return fmt.Errorf("%q is not a supported endpoint service; allowed: %s", service,
		strings.Join(append(slices.Clone(gatewayEndpointServices), InterfaceEndpointServices...), ", "))
}

// EndpointServices returns the endpoint services a network creates: extra, plus what NAT strategy
// nat requires, deduplicated and sorted so the graph does not depend on config order.
func EndpointServices(nat NatStrategy, extra []string) []string {
	out := slices.Clone(extra)
	if nat == NatNone {
		out = append(out, noNatEndpoints...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var (
	vpcIDPattern    = regexp.MustCompile(`^vpc-[0-9a-f]{8}([0-9a-f]{9})?$`)
	subnetIDPattern = regexp.MustCompile(`^subnet-[0-9a-f]{8}([0-9a-f]{9})?$`)
)

// ValidateVpcId accepts a VPC id like vpc-0a1b2c3d4e5f67890.
func ValidateVpcId(id string) error {
	if !vpcIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not a VPC id like vpc-0a1b2c3d4e5f67890", id)
	}
	return nil
}

// ValidateSubnetId accepts a subnet id like subnet-0a1b2c3d4e5f67890.
func ValidateSubnetId(id string) error {
	if !subnetIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not a subnet id like subnet-0a1b2c3d4e5f67890", id)
	}
	return nil
}

func (a *NetworkArgs) withDefaults() NetworkArgs {
	out := *a
	out.CidrBlock = orDefault(out.CidrBlock, "10.0.0.0/16")
	out.AvailabilityZones = orDefault(out.AvailabilityZones, 2)
	out.NatGateways = orDefault(out.NatGateways, NatSingle)
	out.LogRetentionDays = orDefault(out.LogRetentionDays, 30)
	return out
}

func (a *NetworkArgs) validate(name string) error {
	var c argsCheck
	if a.Existing != nil {
		e := a.Existing
		c.wrap("existing.vpcId", e.VpcId, ValidateVpcId(e.VpcId))
		if _, err := PlanSubnets(e.CidrBlock, 1); err != nil {
			c.wrap("existing.cidrBlock", e.CidrBlock, err)
		}
		if len(e.PrivateSubnetIds) < 2 {
			c.add("existing.privateSubnetIds", summary(fmt.Sprintf("%d subnets", len(e.PrivateSubnetIds))), "at least 2 in different zones are required")
		}
		if len(e.PrivateSubnetIds) > MaxVpcLinkSubnets {
			c.add("existing.privateSubnetIds", summary(fmt.Sprintf("%d subnets", len(e.PrivateSubnetIds))), "the V2 VPC link goes in these subnets and takes at most %d (aws-facts A3)", MaxVpcLinkSubnets)
		}
		for i, s := range e.PrivateSubnetIds {
			c.wrap(field("existing.privateSubnetIds", i), s, ValidateSubnetId(s))
		}
	} else {
		if a.AvailabilityZones < 2 || a.AvailabilityZones > 6 {
			c.add("availabilityZones", a.AvailabilityZones, "is out of range; allowed: 2 to 6")
		} else if _, err := PlanSubnets(a.CidrBlock, a.AvailabilityZones); err != nil {
			c.wrap("cidrBlock", a.CidrBlock, err)
		}
	}
	if !slices.Contains(NatStrategies, a.NatGateways) {
		c.add("natGateways", string(a.NatGateways), "is not one of none, single, onePerAz")
	}
	c.wrap("logRetentionDays", a.LogRetentionDays, ValidateLogRetention(a.LogRetentionDays))
	for i, e := range a.Endpoints {
		c.wrap(field("endpoints", i), e, ValidateEndpointService(e))
	}
	checkTags(&c, a.Tags)
	return c.err(NetworkType, name)
}

// NewNetwork creates the VPC (or adopts an existing one) with everything vpclink needs from it.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	if args == nil {
		args = &NetworkArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := lookupAwsEnv(ctx, a.Region)
	if err != nil {
		return nil, err
	}

	// Everything the graph's shape depends on is decided here, from plain values and lookups,
	// before the component registers: a bad zone count or an existing VPC without DNS hostnames
	// fails the run with nothing created.
	var zones []string
	var layout SubnetLayout
	var gatewayTables []string
	endpointServices := EndpointServices(a.NatGateways, a.Endpoints)
	if a.Existing == nil {
		// Only the zones every account has: opted-in Local and Wavelength Zones are returned
		// too without the filter, and neither hosts NAT gateways, VPC endpoints or VPC links
		// like a Region's own zones (aws-facts C9; DescribeAvailabilityZones, filter
		// opt-in-status).
		azs, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
			State:   pulumi.StringRef("available"),
			Filters: []aws.GetAvailabilityZonesFilter{{Name: "opt-in-status", Values: []string{"opt-in-not-required"}}},
		})
		if err != nil {
			return nil, fmt.Errorf("network: looking up availability zones: %w", err)
		}
		if zones, err = PickZones(env.Region, azs.Names, azs.ZoneIds, a.AvailabilityZones); err != nil {
			return nil, fmt.Errorf("network: %w", err)
		}
		layout, _ = PlanSubnets(a.CidrBlock, a.AvailabilityZones) // validated above
	} else {
		// NAT is not ours to decide in a VPC we do not own: only the endpoints asked for by name.
		endpointServices = EndpointServices(NatSingle, a.Endpoints)
		_, interfaces := splitEndpointServices(endpointServices)
		if err := checkExistingVpc(ctx, a, env, a.RequireDnsHostnames || len(interfaces) > 0); err != nil {
			return nil, err
		}
		if gateways, _ := splitEndpointServices(endpointServices); len(gateways) > 0 {
			if gatewayTables, err = subnetRouteTables(ctx, a.Existing); err != nil {
				return nil, err
			}
		}
	}

	n := &Network{}
	if err := ctx.RegisterComponentResource(NetworkType, name, n, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(n)

	if a.Existing != nil {
		n.Cidr = a.Existing.CidrBlock
		n.Zones = len(a.Existing.PrivateSubnetIds)
		n.VpcId = pulumi.String(a.Existing.VpcId).ToStringOutput()
		n.CidrBlock = pulumi.String(a.Existing.CidrBlock).ToStringOutput()
		n.PrivateSubnetIds = pulumi.ToStringArray(a.Existing.PrivateSubnetIds).ToStringArrayOutput()
		n.PublicSubnetIds = pulumi.StringArray{}.ToStringArrayOutput()
		n.AvailabilityZones = pulumi.StringArray{}.ToStringArrayOutput()
		n.FlowLogGroupName = noString()
	} else {
		n.Cidr = a.CidrBlock
		n.Zones = len(zones)
		vpc, err := awsxec2.NewVpc(ctx, name, &awsxec2.VpcArgs{
			CidrBlock:             pulumi.StringRef(a.CidrBlock),
			AvailabilityZoneNames: zones,
			// Explicit blocks from PlanSubnets, so the layout is known, validated and documented
			// before anything is created, instead of decided inside the awsx provider.
			SubnetStrategy: subnetStrategy(awsxec2.SubnetAllocationStrategyAuto),
			SubnetSpecs: []awsxec2.SubnetSpecArgs{
				{Type: awsxec2.SubnetTypePrivate, Name: pulumi.StringRef("private"), CidrBlocks: layout.Private},
				{Type: awsxec2.SubnetTypePublic, Name: pulumi.StringRef("public"), CidrBlocks: layout.Public},
			},
			NatGateways: &awsxec2.NatGatewayConfigurationArgs{Strategy: awsxNat(a.NatGateways)},
			// Private DNS of interface endpoints (and of the private API's execute-api endpoint)
			// needs both (aws-facts R5); awsx leaves hostnames off by default.
			EnableDnsSupport:   pulumi.Bool(true),
			EnableDnsHostnames: pulumi.Bool(true),
			Tags:               pulumi.ToStringMap(a.Tags),
		}, parent, pulumi.Protect(a.Protect))
		if err != nil {
			return nil, err
		}
		n.VpcId = vpc.VpcId
		n.CidrBlock = pulumi.String(a.CidrBlock).ToStringOutput()
		n.PrivateSubnetIds = vpc.PrivateSubnetIds
		n.PublicSubnetIds = vpc.PublicSubnetIds
		n.AvailabilityZones = pulumi.ToStringArray(zones).ToStringArrayOutput()

		// The default security group of a VPC admits all traffic between its members. Adopting it
		// with no rules empties it (CKV2_AWS_12, EC2.2), so nothing can rely on it by accident.
		if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default", &ec2.DefaultSecurityGroupArgs{
			VpcId: vpc.VpcId,
			Tags:  tagsWithName(a.Tags, name+"-default-closed"),
		}, parent); err != nil {
			return nil, err
		}

		if boolOr(a.FlowLogs, true) {
			group, err := newFlowLogs(ctx, name, vpc.VpcId, a, env, parent)
			if err != nil {
				return nil, err
			}
			n.FlowLogGroupName = group.Name.ToStringPtrOutput()
		} else {
			n.FlowLogGroupName = noString()
		}
	}

	n.EndpointServices = endpointServices
	var tables pulumi.StringArrayInput = pulumi.ToStringArray(gatewayTables)
	if gateways, _ := splitEndpointServices(endpointServices); a.Existing == nil && len(gateways) > 0 {
		// Every route table of the VPC: the outputs of the awsx VPC only resolve once all its
		// subnets, route tables and associations exist, so this lookup sees the complete set.
		tables = ec2.GetRouteTablesOutput(ctx, ec2.GetRouteTablesOutputArgs{VpcId: n.VpcId}, parent).Ids()
	}
	sgID, endpoints, err := newEndpoints(ctx, name, n, env, tables, a.Tags, parent)
	if err != nil {
		return nil, err
	}
	n.EndpointSecurityGroupId = sgID
	n.Endpoints = endpoints

	if err := ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":                   n.VpcId,
		"cidrBlock":               n.CidrBlock,
		"privateSubnetIds":        n.PrivateSubnetIds,
		"publicSubnetIds":         n.PublicSubnetIds,
		"availabilityZones":       n.AvailabilityZones,
		"endpointSecurityGroupId": n.EndpointSecurityGroupId,
		"flowLogGroupName":        n.FlowLogGroupName,
	}); err != nil {
		return nil, err
	}
	return n, nil
}

func awsxNat(s NatStrategy) awsxec2.NatGatewayStrategy {
	switch s {
	case NatNone:
		return awsxec2.NatGatewayStrategyNone
	case NatOnePerAz:
		return awsxec2.NatGatewayStrategyOnePerAz
	default:
		return awsxec2.NatGatewayStrategySingle
	}
}

// newFlowLogs sends all of the VPC's traffic records to a CloudWatch log group through a role that
// may write only to that group (AwsSolutions-VPC7, CKV2_AWS_11, EC2.6).
func newFlowLogs(ctx *pulumi.Context, name string, vpcID pulumi.StringInput, a NetworkArgs, env awsEnv,
	parent pulumi.ResourceOption,
) (*cloudwatch.LogGroup, error) {
	group, err := cloudwatch.NewLogGroup(ctx, name+"-flow-logs", &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		Tags:            tagsWithName(a.Tags, name+"-flow-logs"),
	}, parent)
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-flow-logs", &iam.RoleArgs{
		Description:      pulumi.String("VPC Flow Logs delivery to " + name + "-flow-logs"),
		AssumeRolePolicy: pulumi.String(assumeRolePolicy("vpc-flow-logs.amazonaws.com", env.AccountID)),
		Tags:             tagsWithName(a.Tags, name+"-flow-logs"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-flow-logs", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: group.Arn.ApplyT(func(arn string) string {
			return PolicyDocument{Version: "2012-10-17", Statement: []PolicyStatement{{
				Effect:   "Allow",
				Action:   []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"},
				Resource: []string{arn, arn + ":*"},
			}}}.JSON()
		}).(pulumi.StringOutput),
	}, parent); err != nil {
		return nil, err
	}
	if _, err := ec2.NewFlowLog(ctx, name, &ec2.FlowLogArgs{
		VpcId:                  vpcID,
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         group.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(60),
		Tags:                   tagsWithName(a.Tags, name+"-flow-logs"),
	}, parent); err != nil {
		return nil, err
	}
	return group, nil
}

// splitEndpointServices separates gateway endpoint services from interface ones.
func splitEndpointServices(services []string) (gateways, interfaces []string) {
	for _, s := range services {
		if slices.Contains(gatewayEndpointServices, s) {
			gateways = append(gateways, s)
		} else {
			interfaces = append(interfaces, s)
		}
	}
	return gateways, interfaces
}

// checkExistingVpc looks at a VPC and subnets vpclink does not own before anything is created: DNS
// support and hostnames when interface endpoints with private DNS go in it (aws-facts R5), and the
// subnets' zones when an HTTP API VPC link goes in them (aws-facts A9, C9).
func checkExistingVpc(ctx *pulumi.Context, a NetworkArgs, env awsEnv, needDns bool) error {
	e := a.Existing
	if needDns {
		v, err := ec2.LookupVpc(ctx, &ec2.LookupVpcArgs{Id: pulumi.StringRef(e.VpcId)})
		if err != nil {
			return fmt.Errorf("network: looking up existing VPC %s: %w", e.VpcId, err)
		}
		if !v.EnableDnsSupport || !v.EnableDnsHostnames {
			hint := "turn them on in the VPC"
			if a.RequireDnsHostnames {
				hint += ", or set the private-rest frontend's privateDns to false"
			}
			return fmt.Errorf("network: existing VPC %s has enableDnsSupport=%t and enableDnsHostnames=%t; private DNS of interface VPC endpoints (%s) needs both (aws-facts R5): %s",
				e.VpcId, v.EnableDnsSupport, v.EnableDnsHostnames, strings.Join(privateDnsEndpoints(a), ", "), hint)
		}
	}
	if !a.RequireV2LinkZones {
		return nil
	}
	supported := v2LinkZones[env.Region]
	if len(supported) == 0 {
		return nil // every zone of the Region supports V2 links
	}
	var errs []string
	for i, id := range e.PrivateSubnetIds {
		sub, err := ec2.LookupSubnet(ctx, &ec2.LookupSubnetArgs{Id: pulumi.StringRef(id)})
		if err != nil {
			return fmt.Errorf("network: looking up existing subnet %s: %w", id, err)
		}
		if !slices.Contains(supported, sub.AvailabilityZoneId) {
			errs = append(errs, fmt.Sprintf("existing.privateSubnetIds[%d]: subnet %s is in %s (zone id %s), where HTTP API VPC links are not supported (aws-facts A9); allowed zone ids in %s: %s",
				i, id, sub.AvailabilityZone, sub.AvailabilityZoneId, env.Region, strings.Join(supported, ", ")))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("network: %s", strings.Join(errs, "; "))
	}
	return nil
}

// privateDnsEndpoints names what turns private DNS on in an existing VPC, for messages.
func privateDnsEndpoints(a NetworkArgs) []string {
	_, out := splitEndpointServices(EndpointServices(NatSingle, a.Endpoints))
	if a.RequireDnsHostnames {
		out = append(out, "execute-api")
	}
	return out
}

// subnetRouteTables returns the route tables of an existing VPC's private subnets, sorted and
// deduplicated: a gateway endpoint adds its routes to exactly those, never to the other tables of
// a VPC vpclink does not own. A subnet without an explicit association uses the VPC's main route
// table, which the association.subnet-id filter does not return (DescribeRouteTables; aws-sdk-ruby
// issue 851, terraform-provider-aws issue 12099).
func subnetRouteTables(ctx *pulumi.Context, e *ExistingVpc) ([]string, error) {
	var out []string
	var main []string
	for _, id := range e.PrivateSubnetIds {
		t, err := ec2.GetRouteTables(ctx, &ec2.GetRouteTablesArgs{
			VpcId:   pulumi.StringRef(e.VpcId),
			Filters: []ec2.GetRouteTablesFilter{{Name: "association.subnet-id", Values: []string{id}}},
		})
		if err != nil {
			return nil, fmt.Errorf("network: looking up the route table of subnet %s: %w", id, err)
		}
		if len(t.Ids) > 0 {
			out = append(out, t.Ids...)
			continue
		}
		if main == nil {
			m, err := ec2.GetRouteTables(ctx, &ec2.GetRouteTablesArgs{
				VpcId:   pulumi.StringRef(e.VpcId),
				Filters: []ec2.GetRouteTablesFilter{{Name: "association.main", Values: []string{"true"}}},
			})
			if err != nil {
				return nil, fmt.Errorf("network: looking up the main route table of VPC %s: %w", e.VpcId, err)
			}
			if len(m.Ids) == 0 {
				return nil, fmt.Errorf("network: subnet %s has no route table and VPC %s has no main route table", id, e.VpcId)
			}
			main = m.Ids
		}
		out = append(out, main...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// newEndpoints creates the network's VPC endpoints: gateway endpoints on the route tables given,
// interface endpoints in the private subnets behind one security group that admits HTTPS from the
// VPC only. It returns that group's id and every endpoint.
func newEndpoints(ctx *pulumi.Context, name string, n *Network, env awsEnv, tables pulumi.StringArrayInput,
	tags map[string]string, parent pulumi.ResourceOption,
) (pulumi.StringPtrOutput, []pulumi.Resource, error) {
	sgID := noString()
	var created []pulumi.Resource
	gateways, interfaces := splitEndpointServices(n.EndpointServices)
	for _, s := range gateways {
		e, err := ec2.NewVpcEndpoint(ctx, name+"-"+s, &ec2.VpcEndpointArgs{
			VpcId:           n.VpcId,
			ServiceName:     pulumi.String(env.endpointService(s)),
			VpcEndpointType: pulumi.String("Gateway"),
			RouteTableIds:   tables,
			Tags:            tagsWithName(tags, name+"-"+s),
		}, parent)
		if err != nil {
			return sgID, nil, err
		}
		created = append(created, e)
	}
	if len(interfaces) == 0 {
		return sgID, created, nil
	}
	sg, err := newSecurityGroup(ctx, name+"-endpoints", "VPC interface endpoints of "+name+": HTTPS from the VPC", n.VpcId, tags, parent)
	if err != nil {
		return sgID, nil, err
	}
	if err := allowFrom(ctx, name+"-endpoints", sg.ID(), Peer{Name: "vpc", CidrBlock: n.Cidr, Description: "HTTPS from the VPC"}, 443, "endpoints", parent); err != nil {
		return sgID, nil, err
	}
	for _, s := range interfaces {
		res := name + "-" + strings.ReplaceAll(s, ".", "-")
		e, err := ec2.NewVpcEndpoint(ctx, res, &ec2.VpcEndpointArgs{
			VpcId:             n.VpcId,
			ServiceName:       pulumi.String(env.endpointService(s)),
			VpcEndpointType:   pulumi.String("Interface"),
			SubnetIds:         n.PrivateSubnetIds,
			SecurityGroupIds:  pulumi.StringArray{sg.ID()},
			PrivateDnsEnabled: pulumi.Bool(true),
			Tags:              tagsWithName(tags, res),
		}, parent)
		if err != nil {
			return sgID, nil, err
		}
		created = append(created, e)
	}
	return sg.ID().ToStringOutput().ToStringPtrOutput(), created, nil
}

func subnetStrategy(s awsxec2.SubnetAllocationStrategy) *awsxec2.SubnetAllocationStrategy { return &s }
