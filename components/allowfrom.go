package components

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AllowFrom admits TCP port on the security group groupID from peer, the way vpclink's own
// components chain their groups: an ingress rule on groupID from the peer, and, when the peer is a
// security group, the matching egress rule on the peer's group to groupID, so the pair is complete
// and neither side is opened wider (an HTTP link's group starts with no rules at all, so without
// the egress half its traffic never leaves). Use it to put vpclink's links in front of a load
// balancer or service vpclink did not create:
//
//	err := components.AllowFrom(ctx, "orders-alb", pulumi.String("sg-0a1b2c3d4e5f60718"),
//		components.Peer{Name: "http-link", SecurityGroupId: link.SecurityGroupId}, 443)
//
// name prefixes the rules' resource names ("<name>-from-<peer>-<port>" and
// "<peer>-to-<name>-<port>"), which must be unique in the stack; it also names the target in the
// egress rule's description. A CIDR peer of 0.0.0.0/0 or ::/0 is refused, and port must be 1 to
// 65535. Pass pulumi.Parent to parent the rules to a component of yours.
func AllowFrom(ctx *pulumi.Context, name string, groupID pulumi.StringInput, peer Peer, port int, opts ...pulumi.ResourceOption) error {
	var c argsCheck
	if name == "" {
		c.missing("name")
	}
	c.missingIf(groupID == nil, "groupID")
	c.wrap("port", port, ValidatePort(port))
	c.wrap("peer", peer.Name, peer.validate())
	if err := c.err("AllowFrom", name); err != nil {
		return err
	}
	return allowFrom(ctx, name, groupID, peer, port, name, opts...)
}
