// Package provider is vpclink's multi-language component provider: every component of package
// components, and Vpclink, the whole stack as one component, served through pulumi-go-provider's
// infer. cmd/pulumi-resource-vpclink runs it; cmd/vpclink-gen writes the descriptions it serves
// (docs_gen.go) and the Node.js and Python SDKs from schema.json.
package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/vpclink/vpclink/components"
)

// Name is the package name: tokens are vpclink:<module>:<Type>.
const Name = "vpclink"

// Version is the provider's version, set at build time with
// -ldflags "-X github.com/vpclink/vpclink/provider.Version=1.2.3".
var Version = "0.0.0-dev"

// New returns the provider: the components, Vpclink, and a schema whose every resource, type and
// property has a description.
func New() (p.Provider, error) {
	prov, err := infer.NewProviderBuilder().
		WithNamespace(Name).
		WithDisplayName("vpclink").
		WithDescription("Private AWS backends (ECS Fargate behind an internal NLB, ALB or Cloud Map) behind API Gateway HTTP, REST and private REST APIs over VPC links.").
		WithKeywords("aws", "apigateway", "vpc-link", "ecs", "fargate", "category/network", "kind/component").
		WithHomepage("https://github.com/vpclink/vpclink").
		WithRepository("https://github.com/vpclink/vpclink").
		WithPublisher("vpclink").
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"provider": "index"}).
		WithLanguageMap(map[string]any{
			"nodejs": map[string]any{
				"packageName": "@vpclink/vpclink",
				"dependencies": map[string]string{
					"@pulumi/pulumi": "^3.142.0",
				},
				"respectSchemaVersion": true,
			},
			"python": map[string]any{
				"packageName": "pulumi_vpclink",
				"requires": map[string]string{
					"pulumi": ">=3.142.0,<4.0.0",
				},
				"respectSchemaVersion": true,
				"pyproject":            map[string]any{"enabled": true},
			},
		}).
		WithComponents(
			infer.ComponentF(NewVpclink),
			infer.ComponentF(components.NewNetwork),
			infer.ComponentF(components.NewCluster),
			infer.ComponentF(components.NewFargateService),
			infer.ComponentF(components.NewNlb),
			infer.ComponentF(components.NewAlb),
			infer.ComponentF(components.NewCloudMap),
			infer.ComponentF(components.NewAccessLogBucket),
			infer.ComponentF(components.NewHttpLink),
			infer.ComponentF(components.NewRestLink),
			infer.ComponentF(components.NewPrivateEndpoint),
			infer.ComponentF(components.NewApiGatewayAccount),
			infer.ComponentF(components.NewHttpApi),
			infer.ComponentF(components.NewRestApi),
			infer.ComponentF(components.NewCustomDomain),
			infer.ComponentF(components.NewUsagePlans),
			infer.ComponentF(components.NewWebAcl),
		).
		Build()
	if err != nil {
		return p.Provider{}, err
	}
	inner := prov.GetSchema
	prov.GetSchema = func(ctx context.Context, req p.GetSchemaRequest) (p.GetSchemaResponse, error) {
		resp, err := inner(ctx, req)
		if err != nil {
			return resp, err
		}
		resp.Schema, err = describe(resp.Schema)
		return resp, err
	}
	return prov, nil
}

// Run serves the provider on the engine's gRPC protocol.
func Run(ctx context.Context) error {
	prov, err := New()
	if err != nil {
		return err
	}
	return prov.Run(ctx, Name, Version)
}

// describe fills the descriptions of the schema's resources, types and properties from the Go doc
// comments of the types behind them (docs_gen.go), where infer left them empty.
func describe(schemaJSON string) (string, error) {
	var spec map[string]any
	if err := json.Unmarshal([]byte(schemaJSON), &spec); err != nil {
		return "", fmt.Errorf("vpclink: reading the inferred schema: %w", err)
	}
	fill := func(obj map[string]any, goType string, key string) {
		props, _ := obj[key].(map[string]any)
		for name, v := range props {
			prop, _ := v.(map[string]any)
			if prop == nil {
				continue
			}
			if d, _ := prop["description"].(string); d == "" {
				if doc := fieldDoc(goType, name); doc != "" {
					prop["description"] = doc
				}
			}
		}
	}
	setDoc := func(obj map[string]any, goType string) {
		if d, _ := obj["description"].(string); d == "" {
			if doc := typeDocs[goType]; doc != "" {
				obj["description"] = doc
			}
		}
	}
	resources, _ := spec["resources"].(map[string]any)
	for token, v := range resources {
		r, _ := v.(map[string]any)
		goType := goTypeOf(token)
		setDoc(r, goType)
		fill(r, goType, "properties")
		fill(r, goType+"Args", "inputProperties")
	}
	types, _ := spec["types"].(map[string]any)
	for token, v := range types {
		t, _ := v.(map[string]any)
		goType := goTypeOf(token)
		setDoc(t, goType)
		fill(t, goType, "properties")
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// goTypeOf is the Go type behind a token: vpclink:components:Network is components.Network,
// vpclink:index:Vpclink is provider.Vpclink.
func goTypeOf(token string) string {
	mod, name := "", token
	if t := tokens.Type(token); t.Module() != "" {
		mod, name = string(t.Module().Name()), string(t.Name())
	}
	if mod == "index" {
		mod = "provider"
	}
	return mod + "." + name
}

// fieldDoc is the doc comment of a field of goType by its property name; the provider's mirrors
// of the stack config types fall back to the same field of the stacks type of the same name.
func fieldDoc(goType, prop string) string {
	if d := fieldDocs[goType][prop]; d != "" {
		return d
	}
	if name, ok := strings.CutPrefix(goType, "provider."); ok {
		return fieldDocs["stacks."+name][prop]
	}
	return ""
}
