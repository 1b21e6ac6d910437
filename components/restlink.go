package components

import (
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RestLinkType is the Pulumi type token of RestLink.
const RestLinkType = "vpclink:components:RestLink"

// RestLinkArgs configures a RestLink.
type RestLinkArgs struct {
	// NlbArn is the one Network Load Balancer the link targets (aws-facts A5: exactly one NLB in
	// the same account and Region, with a listener). Pass Nlb.Arn, which resolves only after the
	// listeners exist. Changing it replaces the link. Required.
	NlbArn pulumi.StringInput `pulumi:"nlbArn"`
	// Tags added to the link. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// RestLink is the REST API (V1) VPC link of a stack, shared by its regional and private REST APIs.
type RestLink struct {
	pulumi.ResourceState

	// VpcLinkId is what REST integrations use as their connection id.
	VpcLinkId pulumi.StringOutput `pulumi:"vpcLinkId"`
}

// NewRestLink creates the V1 VPC link to the NLB.
func NewRestLink(ctx *pulumi.Context, name string, args *RestLinkArgs, opts ...pulumi.ResourceOption) (*RestLink, error) {
	if args == nil {
		args = &RestLinkArgs{}
	}
	var c argsCheck
	if args.NlbArn == nil {
		c.missing("nlbArn")
	} else if arn, ok := knownString(args.NlbArn); ok && !isNlbArn(arn) {
		c.add("nlbArn", arn, "is not a Network Load Balancer ARN (…:loadbalancer/net/NAME/ID); a V1 link targets exactly one NLB (aws-facts A5)")
	}
	checkTags(&c, args.Tags)
	if err := c.err(RestLinkType, name); err != nil {
		return nil, err
	}
	l := &RestLink{}
	if err := ctx.RegisterComponentResource(RestLinkType, name, l, opts...); err != nil {
		return nil, err
	}
	link, err := apigateway.NewVpcLink(ctx, name, &apigateway.VpcLinkArgs{
		Description: pulumi.String("REST API private integrations to the internal NLB"),
		TargetArn:   args.NlbArn,
		Tags:        tagsWithName(args.Tags, name),
	}, pulumi.Parent(l),
		// A V1 link often needs ~10 minutes to become AVAILABLE, longer than the provider's
		// default wait (aws-facts A7).
		pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "30m", Delete: "30m"}))
	if err != nil {
		return nil, err
	}
	l.VpcLinkId = link.ID().ToStringOutput()
	if err := ctx.RegisterResourceOutputs(l, pulumi.Map{"vpcLinkId": l.VpcLinkId}); err != nil {
		return nil, err
	}
	return l, nil
}

// isNlbArn accepts a Network Load Balancer's ARN; an ALB's is refused by CreateVpcLink ("NLB ARN is
// malformed" or "is not a Network Load Balancer"), so it is refused here first.
func isNlbArn(arn string) bool {
	return loadBalancerArnPattern.MatchString(arn) && strings.Contains(arn, ":loadbalancer/net/")
}
