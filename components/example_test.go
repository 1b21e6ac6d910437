package components_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/vpclinktest"
)

// An existing VPC, internal ALB and its listener, run by another team; vpclink adds the HTTP API
// and its VPC link in front of them.
const (
	theirVpc         = "vpc-0a1b2c3d4e5f60718"
	theirAlbGroup    = "sg-0f1e2d3c4b5a69788"
	theirAlbListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2"
)

var theirSubnets = pulumi.StringArray{pulumi.String("subnet-0aaa1111bbbb2222c"), pulumi.String("subnet-0ddd3333eeee4444f")}

// Put an HTTP API in front of an ALB listener that already exists: a V2 VPC link in its
// subnets, the security-group pair between the link and the ALB (both halves, since the link's
// group starts closed), and the API with one route over the link. Planned offline with
// vpclinktest.
func ExampleNewHttpApi_existingAlbListener() {
	program := func(ctx *pulumi.Context) error {
		link, err := components.NewHttpLink(ctx, "orders-link", &components.HttpLinkArgs{
			VpcId: pulumi.String(theirVpc), SubnetIds: theirSubnets,
		})
		if err != nil {
			return err
		}
		if err := components.AllowFrom(ctx, "orders-alb", pulumi.String(theirAlbGroup),
			components.Peer{Name: "orders-link", SecurityGroupId: link.SecurityGroupId}, 443); err != nil {
			return err
		}
		api, err := components.NewHttpApi(ctx, "orders", &components.HttpApiArgs{
			VpcLinkId:     link.VpcLinkId,
			Routes:        []components.HttpRoute{{Name: "orders", PathPrefix: "/orders", IntegrationUri: pulumi.String(theirAlbListener)}},
			TlsServerName: "orders.internal.example.com",
		})
		if err != nil {
			return err
		}
		ctx.Export("url", api.InvokeUrls.MapIndex(pulumi.String("orders")))
		return nil
	}
	p, err := vpclinktest.Plan(program, vpclinktest.Options{Project: "acme-edge"})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range p.OfType("aws:apigatewayv2/integration:Integration") {
		in := vpclinktest.Inputs(r)
		fmt.Println(r.Name, in["connectionType"], in["integrationUri"] == theirAlbListener)
	}
	for _, typ := range []string{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"} {
		for _, r := range p.OfType(typ) {
			in := vpclinktest.Inputs(r)
			fmt.Println(r.Name, in["securityGroupId"] == theirAlbGroup, in["referencedSecurityGroupId"] == theirAlbGroup)
		}
	}
	fmt.Println(p.Outputs["url"].Value)
	// Output:
	// orders-orders VPC_LINK true
	// orders-alb-from-orders-link-443 true false
	// orders-link-to-orders-alb-443 false true
	// https://t53tqwauvd.execute-api.us-east-1.amazonaws.com/orders
}

// Put a regional REST API in front of an internal NLB that already exists: a V1 VPC link to the
// NLB (a REST link targets exactly one NLB) and the API, whose integrations reach the NLB's
// listener port through the link with the NLB's DNS name as Host.
func ExampleNewRestApi_existingNlb() {
	const (
		nlbArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/billing/73e2d6bc24d8a067"
		nlbDns = "billing-73e2d6bc24d8a067.elb.us-east-1.amazonaws.com"
	)
	program := func(ctx *pulumi.Context) error {
		link, err := components.NewRestLink(ctx, "billing-link", &components.RestLinkArgs{NlbArn: pulumi.String(nlbArn)})
		if err != nil {
			return err
		}
		api, err := components.NewRestApi(ctx, "billing", &components.RestApiArgs{
			VpcLinkId: link.VpcLinkId, BackendHost: pulumi.String(nlbDns),
			Routes: []components.RestRoute{{Name: "billing", PathPrefix: "/billing", Port: 8080}},
		})
		if err != nil {
			return err
		}
		ctx.Export("url", api.InvokeUrl)
		return nil
	}
	p, err := vpclinktest.Plan(program, vpclinktest.Options{Project: "acme-edge"})
	if err != nil {
		log.Fatal(err)
	}
	link, err := p.Named("aws:apigateway/vpcLink:VpcLink", "billing-link")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(vpclinktest.Inputs(link)["targetArn"])
	fmt.Println(p.Count("aws:apigateway/restApi:RestApi"), "REST API:", p.Outputs["url"].Value)
	// Output:
	// arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/billing/73e2d6bc24d8a067
	// 1 REST API: https://uqt5sutbaw.execute-api.us-east-1.amazonaws.com/v1
}

// Admit traffic from vpclink's HTTP link to a service's own security group, in both directions
// of the pair: ingress on the service's group, egress on the link's.
func ExampleAllowFrom() {
	program := func(ctx *pulumi.Context) error {
		link, err := components.NewHttpLink(ctx, "link", &components.HttpLinkArgs{
			VpcId: pulumi.String(theirVpc), SubnetIds: theirSubnets,
		})
		if err != nil {
			return err
		}
		return components.AllowFrom(ctx, "reports", pulumi.String("sg-0123456789abcdef0"),
			components.Peer{Name: "link", SecurityGroupId: link.SecurityGroupId, Description: "from the HTTP API VPC link"}, 8080)
	}
	p, err := vpclinktest.Plan(program, vpclinktest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, typ := range []string{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"} {
		for _, r := range p.OfType(typ) {
			in := vpclinktest.Inputs(r)
			fmt.Printf("%s: %s, port %v\n", r.Name, in["description"], in["fromPort"])
		}
	}
	// A peer that is the whole internet is refused before anything is created.
	err = components.AllowFrom(nil, "reports", pulumi.String("sg-0123456789abcdef0"), components.Peer{Name: "anyone", CidrBlock: "0.0.0.0/0"}, 8080)
	fmt.Println(err)
	// Output:
	// reports-from-link-8080: from the HTTP API VPC link on 8080, port 8080
	// link-to-reports-8080: to reports on 8080, port 8080
	// AllowFrom "reports": peer "anyone": "0.0.0.0/0" would admit the whole internet; name the client networks instead
}

// A constructor refuses args AWS would refuse before anything is created, naming the instance and
// every field; errors.As gives the problems one by one.
func ExampleArgsError() {
	program := func(ctx *pulumi.Context) error {
		_, err := components.NewAlb(ctx, "orders-alb", &components.AlbArgs{
			VpcId: pulumi.String(theirVpc), SubnetIds: theirSubnets,
			Routes: []components.AlbRoute{
				{Name: "orders", PathPrefix: "/orders", TargetPort: 70000},
				{Name: "history", PathPrefix: "/orders/history", TargetPort: 8080},
			},
		})
		return err
	}
	_, err := vpclinktest.Plan(program, vpclinktest.Options{Project: "acme-edge"})
	var ae *components.ArgsError
	if errors.As(err, &ae) {
		fmt.Println(components.ShortType(ae.Type), ae.Name)
		for _, p := range ae.Problems {
			fmt.Printf("%s = %v: %s\n", p.Field, p.Value, p.Rule)
		}
	}
	// Output:
	// Alb orders-alb
	// routes[0].targetPort = 70000: is out of range; allowed: 1 to 65535
	// routes[1].pathPrefix = /orders/history: nests with another route's prefix; a request under the inner one would match both (routes[0] "/orders")
}
