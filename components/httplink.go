package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// HttpLinkType is the Pulumi type token of HttpLink.
const HttpLinkType = "vpclink:components:HttpLink"

// HttpLinkArgs configures an HttpLink.
type HttpLinkArgs struct {
	// VpcId of the VPC the link's security group belongs to. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// SubnetIds the link's ENIs go in: the private subnets, at most 10 (aws-facts A3), in zones
	// that support V2 links (A9). Changing them replaces the link (A8). Required.
	SubnetIds pulumi.StringArrayInput `pulumi:"subnetIds"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// HttpLink is the V2 VPC link of a stack, shared by every HTTP API frontend and every REST API
// frontend over V2 (aws-facts R10): a Region allows only 10 (A3), and one link serves any number of
// routes and APIs. Its name stays http-link, the state identity it had when only HTTP APIs used it.
type HttpLink struct {
	pulumi.ResourceState

	// VpcLinkId is what HTTP API integrations and REST integrations over V2 use as their
	// connection id.
	VpcLinkId pulumi.StringOutput `pulumi:"vpcLinkId"`
	// SecurityGroupId of the link's ENIs. It starts with no rules: each load balancer or service
	// the link reaches adds the one egress rule it needs (see Peer).
	SecurityGroupId pulumi.StringOutput `pulumi:"securityGroupId"`
}

func (a *HttpLinkArgs) validate(name string) error {
	var c argsCheck
	c.missingIf(a.VpcId == nil, "vpcId")
	if a.SubnetIds == nil {
		c.missing("subnetIds")
	} else if ids, ok := knownStrings(a.SubnetIds); ok {
		linkSubnets(&c, ids)
	}
	checkTags(&c, a.Tags)
	return c.err(HttpLinkType, name)
}

// linkSubnets checks a V2 link's subnet list: 1 to 10 (aws-facts A3), each a subnet id, none twice.
func linkSubnets(c *argsCheck, ids []string) {
	if len(ids) == 0 || len(ids) > MaxVpcLinkSubnets {
		c.add("subnetIds", summary(fmt.Sprintf("%d subnets", len(ids))), "a V2 VPC link takes 1 to %d subnets (aws-facts A3)", MaxVpcLinkSubnets)
	}
	seen := map[string]bool{}
	for i, id := range ids {
		if err := ValidateSubnetId(id); err != nil {
			c.add(field("subnetIds", i), id, "is not a subnet id like subnet-0a1b2c3d4e5f67890")
		} else if seen[id] {
			c.add(field("subnetIds", i), id, "is listed twice")
		}
		seen[id] = true
	}
}

// checkLinkSubnets is linkSubnets for subnet ids known only when the VPC exists.
func checkLinkSubnets(name string, ids []string) error {
	var c argsCheck
	linkSubnets(&c, ids)
	return c.err(HttpLinkType, name)
}

// NewHttpLink creates the V2 VPC link and its security group.
func NewHttpLink(ctx *pulumi.Context, name string, args *HttpLinkArgs, opts ...pulumi.ResourceOption) (*HttpLink, error) {
	if args == nil {
		args = &HttpLinkArgs{}
	}
	if err := args.validate(name); err != nil {
		return nil, err
	}
	l := &HttpLink{}
	if err := ctx.RegisterComponentResource(HttpLinkType, name, l, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(l)
	sg, err := newSecurityGroup(ctx, name, "HTTP API VPC link "+name+": egress only to what it fronts", args.VpcId, args.Tags, parent)
	if err != nil {
		return nil, err
	}
	link, err := apigatewayv2.NewVpcLink(ctx, name, &apigatewayv2.VpcLinkArgs{
		SubnetIds:        checkedStrings(args.SubnetIds, func(ids []string) error { return checkLinkSubnets(name, ids) }),
		SecurityGroupIds: pulumi.StringArray{sg.ID()},
		Tags:             tagsWithName(args.Tags, name),
	}, parent,
		// PENDING to AVAILABLE takes a minute or two (aws-facts A7); deletion waits for the ENIs.
		pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "15m", Delete: "15m"}))
	if err != nil {
		return nil, err
	}
	l.VpcLinkId = link.ID().ToStringOutput()
	l.SecurityGroupId = sg.ID().ToStringOutput()
	if err := ctx.RegisterResourceOutputs(l, pulumi.Map{"vpcLinkId": l.VpcLinkId, "securityGroupId": l.SecurityGroupId}); err != nil {
		return nil, err
	}
	return l, nil
}
