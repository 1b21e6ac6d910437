// Package components holds the Pulumi ComponentResources of vpclink: the network, the Fargate
// services and what fronts them (internal NLB and ALB, Cloud Map), the two kinds of API Gateway VPC
// link, the execute-api interface endpoint, and the HTTP and REST APIs.
//
// The layout is a map of the architecture, one file per component:
//
//	network.go          VPC (awsx), flow logs, locked default security group, VPC endpoints
//	cluster.go          the ECS cluster shared by every service
//	service.go          one Fargate service with its roles, logs, security group and autoscaling
//	nlb.go, alb.go      the internal load balancers
//	cloudmap.go         the Cloud Map namespace and SRV services (HTTP APIs without a load balancer)
//	httplink.go         the V2 VPC link and its security group, shared by HTTP and REST APIs
//	restlink.go         the legacy REST API (V1) VPC link to the NLB (vpcLink: v1)
//	privateendpoint.go  the execute-api interface endpoint for private REST APIs
//	httpapi.go          an HTTP API over the V2 link
//	restapi.go          a REST API (regional or private) imported from one OpenAPI document
//	openapi.go          that document: paths, integrations over the V2 or V1 link, validator, policy
//	apigatewayaccount.go the per-Region API Gateway CloudWatch role
//	argserror.go, rules.go what every constructor refuses, and how it says so (ArgsError)
//
// Pure helpers (subnet math, Fargate sizes, policy, OpenAPI and container-definition rendering, the
// REST resource tree) live in their own files with table tests. Every constructor has the shape
//
//	func NewXxx(ctx *pulumi.Context, name string, args *XxxArgs, opts ...pulumi.ResourceOption) (*Xxx, error)
//
// validates its arguments in full before it creates any child (a refusal is an *ArgsError naming
// the type, the instance, and per problem the field path, the value and the rule; the rules are the
// ones the stack config is checked with, and where AWS sets them, rows of package awsspec), names
// children after name, parents every
// child to the component, and ends with RegisterResourceOutputs. That is also the shape
// pulumi-go-provider's infer.ComponentF accepts, so the package can be published as a
// multi-language component provider.
package components
