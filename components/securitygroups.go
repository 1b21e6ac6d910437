package components

import (
	"fmt"
	"net/netip"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Peer is a source of traffic a component admits. The security-group chain of vpclink is built from
// peers: the HTTP VPC link admits nothing, the load balancers admit the HTTP link (the REST link
// needs no rule: with PrivateLink enforcement off its traffic skips inbound rules, aws-facts A6, E9),
// the services admit their load balancer (or the link, for Cloud Map). Clients inside the VPC reach a
// load balancer directly only when the stack opts in (loadBalancers.ingress).
type Peer struct {
	// Name identifies the peer in child resource names ("link", "nlb", "vpc"). Required.
	Name string `pulumi:"name"`
	// SecurityGroupId of the peer. When set, the component adds both sides of the rule: ingress on
	// its own group from the peer, and egress on the peer's group to its own, so neither side is
	// ever opened wider than the pair needs. Either this or CidrBlock is required.
	SecurityGroupId pulumi.StringInput `pulumi:"securityGroupId,optional"`
	// CidrBlock admitted instead of a security group; 0.0.0.0/0 and ::/0 are refused.
	CidrBlock string `pulumi:"cidrBlock,optional"`
	// Description of the rules (AwsSolutions-EC27 requires one). Defaults to "from <name>".
	Description string `pulumi:"description,optional"`
	// External marks a SecurityGroupId the stack does not own (a client group named in config):
	// only the ingress side is added, since the group's egress is its owner's to manage, and a rule
	// added to it here would fight that owner's own code. Defaults to false.
	External bool `pulumi:"external,optional"`
}

var securityGroupIDPattern = regexp.MustCompile(`^sg-[0-9a-f]{8}([0-9a-f]{9})?$`)

// ValidateSecurityGroupId accepts a security group id like sg-0a1b2c3d4e5f67890.
func ValidateSecurityGroupId(id string) error {
	if !securityGroupIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not a security group id like sg-0a1b2c3d4e5f67890", id)
	}
	return nil
}

// ValidateClientCidr accepts an IPv4 or IPv6 CIDR block that is not the whole internet.
func ValidateClientCidr(cidr string) error { return validateClientCidr(cidr) }

func (p Peer) validate() error {
	switch {
	case p.Name == "":
		return fmt.Errorf("peer name is required")
	case (p.SecurityGroupId == nil) == (p.CidrBlock == ""):
		return fmt.Errorf("peer %q needs exactly one of securityGroupId and cidrBlock", p.Name)
	case p.CidrBlock != "":
		return validateClientCidr(p.CidrBlock)
	}
	return nil
}

// validateClientCidr accepts an IPv4 or IPv6 CIDR block that is not the whole internet.
func validateClientCidr(cidr string) error {
	pfx, err := netip.ParsePrefix(cidr)
	if err != nil {
		return fmt.Errorf("%q is not a CIDR block like 10.0.0.0/16", cidr)
	}
	if pfx.Bits() == 0 {
		return fmt.Errorf("%q would admit the whole internet; name the client networks instead", cidr)
	}
	return nil
}

// newSecurityGroup creates a group with no inline rules. The AWS provider removes the default
// allow-all egress rule of a new group, so a group starts closed in both directions and every rule
// vpclink adds is a separate, described resource (inline and separate rules must never be mixed).
func newSecurityGroup(ctx *pulumi.Context, name, description string, vpcID pulumi.StringInput,
	tags map[string]string, opts ...pulumi.ResourceOption,
) (*ec2.SecurityGroup, error) {
	return ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:       vpcID,
		Description: pulumi.String(description),
		// Rules created by other components reference this group; revoking them first lets the
		// group go even when those rules are deleted later.
		RevokeRulesOnDelete: pulumi.Bool(true),
		Tags:                tagsWithName(tags, name),
		// Link and endpoint ENIs linger for minutes after their owner is deleted and block the
		// group's deletion meanwhile (aws-facts R8); the provider retries DependencyViolation until
		// this timeout instead of failing the destroy.
	}, append(opts, pulumi.Timeouts(&pulumi.CustomTimeouts{Delete: "30m"}))...)
}

// allowFrom admits TCP port on group from peer. With a security-group peer it also opens the
// matching egress on the peer's group, so the pair is complete and nothing else is.
func allowFrom(ctx *pulumi.Context, name string, groupID pulumi.StringInput, peer Peer, port int,
	target string, opts ...pulumi.ResourceOption,
) error {
	desc := peer.Description
	if desc == "" {
		desc = "from " + peer.Name
	}
	ingress := &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: groupID,
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(port),
		ToPort:          pulumi.Int(port),
		Description:     pulumi.String(fmt.Sprintf("%s on %d", desc, port)),
	}
	if peer.SecurityGroupId != nil {
		ingress.ReferencedSecurityGroupId = peer.SecurityGroupId
	} else {
		pfx := netip.MustParsePrefix(peer.CidrBlock)
		if pfx.Addr().Is4() {
			ingress.CidrIpv4 = pulumi.String(peer.CidrBlock)
		} else {
			ingress.CidrIpv6 = pulumi.String(peer.CidrBlock)
		}
	}
	if _, err := vpc.NewSecurityGroupIngressRule(ctx, fmt.Sprintf("%s-from-%s-%d", name, peer.Name, port), ingress, opts...); err != nil {
		return err
	}
	if peer.SecurityGroupId == nil || peer.External {
		return nil
	}
	_, err := vpc.NewSecurityGroupEgressRule(ctx, fmt.Sprintf("%s-to-%s-%d", peer.Name, name, port), &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId:           peer.SecurityGroupId,
		ReferencedSecurityGroupId: groupID,
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(port),
		ToPort:                    pulumi.Int(port),
		Description:               pulumi.String(fmt.Sprintf("to %s on %d", target, port)),
	}, opts...)
	return err
}
