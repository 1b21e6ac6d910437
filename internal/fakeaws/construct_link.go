package fakeaws

import (
	"context"
	_ "unsafe" // for go:linkname

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// The SDK's Construct helper, github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider.Construct, is a
// thin wrapper over these two functions of the pulumi package, which that package publishes under
// the provider package's names with go:linkname. Importing the provider package itself does not
// build in this module: it imports go.opentelemetry.io/otel/bridge/opentracing, which go.mod and
// go.sum do not provide. These declarations reach the same functions the same way the provider
// package does, so the component is constructed by the SDK's own code.

type constructFunc func(ctx *pulumi.Context, typ, name string, inputs map[string]any,
	options pulumi.ResourceOption) (pulumi.URNInput, pulumi.Input, error)

//go:linkname sdkConstruct github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider.linkedConstruct
func sdkConstruct(ctx context.Context, req *pulumirpc.ConstructRequest, engineConn *grpc.ClientConn,
	constructF constructFunc) (*pulumirpc.ConstructResponse, error)

//go:linkname sdkNewConstructResult github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider.linkedNewConstructResult
func sdkNewConstructResult(resource pulumi.ComponentResource) (pulumi.URNInput, pulumi.Input, error)
