// Command pulumi-resource-vpclink is vpclink's component provider plugin. The Pulumi engine starts
// it; install it with `pulumi plugin install resource vpclink <version> --file <this binary>`.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/vpclink/vpclink/provider"
)

func main() {
	if err := provider.Run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
