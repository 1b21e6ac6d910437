// Command vpclink-gen writes what the provider module generates. Run it from provider/:
//
//	go run ./cmd/vpclink-gen docs    # docs_gen.go: the Go doc comments the schema's descriptions come from
//	go run ./cmd/vpclink-gen sdk     # ../sdk/nodejs and ../sdk/python from schema.json
//	go run ./cmd/vpclink-gen sdk SCHEMA DIR   # DIR/nodejs and DIR/python from SCHEMA (releases)
//
// The SDKs come from pkg/v3's codegen packages called directly: `pulumi package gen-sdk` goes
// through the language plugins, which cannot be had on every machine vpclink is developed on.
// schema.json itself is `pulumi package get-schema ./bin/pulumi-resource-vpclink` (see
// scripts/release-provider.sh).
package main

import (
	"fmt"
	"os"

	"github.com/vpclink/vpclink/provider/gen"
)

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "sdk" && len(os.Args) != 2) || len(os.Args) > 4 || len(os.Args) == 3 {
		fmt.Fprintln(os.Stderr, "usage: vpclink-gen docs | sdk [SCHEMA DIR]   (run in provider/)")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "docs":
		var src []byte
		if src, err = gen.Docs(".."); err == nil {
			err = os.WriteFile("docs_gen.go", src, 0o644)
		}
	case "sdk":
		schema, dir := "schema.json", "../sdk"
		if len(os.Args) == 4 {
			schema, dir = os.Args[2], os.Args[3]
		}
		err = gen.WriteSDKs(schema, dir)
	default:
		err = fmt.Errorf("unknown command %q; want docs or sdk", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vpclink-gen:", err)
		os.Exit(1)
	}
}
