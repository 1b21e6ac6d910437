// Command vpclink is the Pulumi program of the vpclink project: `pulumi up` in this directory runs
// it. The same program runs embedded through the Automation API (package stacks) and offline
// (vpclink plan).
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/stacks"
)

func main() {
	pulumi.Run(stacks.Program)
}
