// Command vpclink-policy is vpclink's rules (package policy) as a Pulumi policy pack, so the engine
// checks them in `pulumi preview` and `pulumi up` too, for this program or any other:
//
//	go build -o bin/vpclink-policy ./cmd/vpclink-policy
//	pulumi preview --policy-pack bin/vpclink-policy
//
// (The Pulumi CLI accepts an executable as a policy pack since v3.255.0.) Every rule is a policy
// named by its id. Rules that judge one resource at a time run on each resource's inputs as the
// engine registers it; rules that join resources run once over the whole stack at the end.
//
// Severities follow the environment, as in `vpclink plan`: the VPCLINK_POLICY_ENVIRONMENT variable
// when set, else the stack's vpclink:environment config, else prod (a stack that does not say is
// held to the stricter rules). A rule that is mandatory here but has advisory cases (an NLB
// without a TLS listener cannot write access logs) reports those under a second, advisory policy
// named <id>-advisory, because a policy has one enforcement level.
//
// Rules never report what they cannot see. In a preview, values that come from resources not
// created yet are unknown: vpclink renders its container definitions from the log group's name, so
// VPCL-ECS-LOGGING, -PLAIN-SECRETS, -PRIVILEGED and -READONLY-ROOT judge them during `pulumi up`,
// before the task definition is created (`vpclink plan` sees them offline). The stack view of a
// component holds only its outputs, so an awsx VPC's DNS settings are read from the aws:ec2/vpc:Vpc
// inside it once its id is known.
//
// policyx builds the pack when the engine configures it for a stack (that is how it reads the
// stack's config), so commands that load a pack without a stack, such as `pulumi policy publish`,
// are not supported.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

func main() {
	if err := policyx.Main(func(ctx *pulumi.Context) (policyx.PolicyPack, error) {
		return NewPack(Environment(ctx))
	}); err != nil {
		fmt.Fprintln(os.Stderr, "vpclink-policy:", err)
		os.Exit(1)
	}
}
