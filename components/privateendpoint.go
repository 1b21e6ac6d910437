package components

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PrivateEndpointType is the Pulumi type token of PrivateEndpoint.
const PrivateEndpointType = "vpclink:components:PrivateEndpoint"

// PrivateEndpointArgs configures a PrivateEndpoint.
type PrivateEndpointArgs struct {
	// VpcId of the VPC. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// SubnetIds the endpoint's ENIs go in: the private subnets. Required.
	SubnetIds pulumi.StringArrayInput `pulumi:"subnetIds"`
	// ClientCidrs admitted on 443 (aws-facts R6); 0.0.0.0/0 and ::/0 are refused. Required.
	ClientCidrs []string `pulumi:"clientCidrs"`
	// PrivateDns makes *.execute-api.<region>.amazonaws.com resolve to this endpoint inside the
	// VPC. Convenient for clients, but then public APIs called from the VPC fail with 403
	// (aws-facts R5). Needs VPC DNS support and hostnames. Defaults to false: clients use the
	// {api-id}-{vpce-id} host name.
	PrivateDns bool `pulumi:"privateDns,optional"`
	// Region of the execute-api service. Defaults to the provider's Region.
	Region string `pulumi:"region,optional"`
	// Protect marks the endpoint protected: its id is part of every private URL. Defaults to false.
	Protect bool `pulumi:"protect,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// PrivateEndpoint is the execute-api interface VPC endpoint private REST APIs are reached through.
type PrivateEndpoint struct {
	pulumi.ResourceState

	// VpcEndpointId goes in the private API's vpcEndpointIds and its resource policy.
	VpcEndpointId pulumi.StringOutput `pulumi:"vpcEndpointId"`
	// SecurityGroupId admits 443 from the client CIDRs.
	SecurityGroupId pulumi.StringOutput `pulumi:"securityGroupId"`
	// DnsName and DnsZoneId are the endpoint's regional DNS name and its hosted zone, the target
	// of a private custom domain's alias record.
	DnsName   pulumi.StringOutput `pulumi:"dnsName"`
	DnsZoneId pulumi.StringOutput `pulumi:"dnsZoneId"`
}

// NewPrivateEndpoint creates the endpoint and its security group.
func NewPrivateEndpoint(ctx *pulumi.Context, name string, args *PrivateEndpointArgs, opts ...pulumi.ResourceOption) (*PrivateEndpoint, error) {
	if args == nil {
		args = &PrivateEndpointArgs{}
	}
	var c argsCheck
	c.missingIf(args.VpcId == nil, "vpcId")
	c.missingIf(args.SubnetIds == nil, "subnetIds")
	if len(args.ClientCidrs) == 0 {
		c.add("clientCidrs", nil, "at least one client CIDR is required: the endpoint admits 443 from them only (aws-facts R6)")
	}
	for i, cidr := range args.ClientCidrs {
		c.wrap(field("clientCidrs", i), cidr, validateClientCidr(cidr))
	}
	checkTags(&c, args.Tags)
	if err := c.err(PrivateEndpointType, name); err != nil {
		return nil, err
	}
	// The partition names the service: com.amazonaws.<region>.execute-api, in China
	// cn.com.amazonaws.<region>.execute-api.
	env, err := lookupAwsEnv(ctx, args.Region)
	if err != nil {
		return nil, err
	}
	e := &PrivateEndpoint{}
	if err := ctx.RegisterComponentResource(PrivateEndpointType, name, e, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(e)
	sg, err := newSecurityGroup(ctx, name, "execute-api endpoint "+name+": HTTPS from the API clients only", args.VpcId, args.Tags, parent)
	if err != nil {
		return nil, err
	}
	cidrs := slices.Clone(args.ClientCidrs)
	slices.Sort(cidrs)
	for i, c := range slices.Compact(cidrs) {
		peer := Peer{Name: fmt.Sprintf("clients%d", i), CidrBlock: c, Description: "HTTPS from API clients " + c}
		if err := allowFrom(ctx, name, sg.ID(), peer, 443, name, parent); err != nil {
			return nil, err
		}
	}
	vpce, err := ec2.NewVpcEndpoint(ctx, name, &ec2.VpcEndpointArgs{
		VpcId:             args.VpcId,
		ServiceName:       pulumi.String(env.endpointService("execute-api")),
		VpcEndpointType:   pulumi.String("Interface"),
		SubnetIds:         args.SubnetIds,
		SecurityGroupIds:  pulumi.StringArray{sg.ID()},
		PrivateDnsEnabled: pulumi.Bool(args.PrivateDns),
		Tags:              tagsWithName(args.Tags, name),
	}, parent, pulumi.Protect(args.Protect),
		// Endpoint ENIs take minutes to go; the provider waits for the deletion to finish.
		pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "15m", Delete: "15m"}))
	if err != nil {
		return nil, err
	}
	e.VpcEndpointId = vpce.ID().ToStringOutput()
	e.SecurityGroupId = sg.ID().ToStringOutput()
	// The first DNS entry is the regional name; the others are per zone.
	e.DnsName = vpce.DnsEntries.Index(pulumi.Int(0)).DnsName().Elem()
	e.DnsZoneId = vpce.DnsEntries.Index(pulumi.Int(0)).HostedZoneId().Elem()
	if err := ctx.RegisterResourceOutputs(e, pulumi.Map{"vpcEndpointId": e.VpcEndpointId, "securityGroupId": e.SecurityGroupId, "dnsName": e.DnsName, "dnsZoneId": e.DnsZoneId}); err != nil {
		return nil, err
	}
	return e, nil
}
