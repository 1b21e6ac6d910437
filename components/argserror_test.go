package components_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/vpclinktest"
)

const (
	listenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2"
	albArn      = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188"
	nlbArn      = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders/50dc6c495c0c9188"
)

func subnets(n int) pulumi.StringArray {
	out := pulumi.StringArray{}
	for i := range n {
		out = append(out, pulumi.String(fmt.Sprintf("subnet-0aaa1111bbbb2%04x", i)))
	}
	return out
}

func httpRoute(name, prefix string) components.HttpRoute {
	return components.HttpRoute{Name: name, PathPrefix: prefix, IntegrationUri: pulumi.String(listenerArn)}
}

func httpApiArgs(routes ...components.HttpRoute) *components.HttpApiArgs {
	return &components.HttpApiArgs{VpcLinkId: pulumi.String("abc123"), Routes: routes}
}

func albArgs(routes ...components.AlbRoute) *components.AlbArgs {
	return &components.AlbArgs{VpcId: pulumi.String("vpc-0a1b2c3d4e5f60718"), SubnetIds: subnets(2), Routes: routes}
}

// Every constructor refuses args AWS (or its own children) would refuse, with an *ArgsError that
// names the component type, the instance, the field (with its index) and the value, and before
// anything is registered: the component itself included.
func TestArgsErrorsNameTheInstanceFieldAndValue(t *testing.T) {
	cases := []struct {
		name    string
		run     func(ctx *pulumi.Context) error
		typ     string
		field   string
		value   any
		message string
	}{
		{"http link with 11 subnets", func(ctx *pulumi.Context) error {
			_, err := components.NewHttpLink(ctx, "edge-link", &components.HttpLinkArgs{VpcId: pulumi.String("vpc-0a1b2c3d4e5f60718"), SubnetIds: subnets(11)})
			return err
		}, components.HttpLinkType, "subnetIds", "11 subnets", `HttpLink "edge-link": subnetIds 11 subnets: a V2 VPC link takes 1 to 10 subnets (aws-facts A3)`},
		{"http link without vpc", func(ctx *pulumi.Context) error {
			_, err := components.NewHttpLink(ctx, "edge-link", &components.HttpLinkArgs{SubnetIds: subnets(2)})
			return err
		}, components.HttpLinkType, "vpcId", nil, `HttpLink "edge-link": vpcId: is required`},
		{"http api duplicate route", func(ctx *pulumi.Context) error {
			_, err := components.NewHttpApi(ctx, "edge", httpApiArgs(httpRoute("orders", "/orders"), httpRoute("orders", "/orders")))
			return err
		}, components.HttpApiType, "routes[1].name", "orders", `routes[1].name "orders": is also the name of routes[0]`},
		{"http api duplicate prefix", func(ctx *pulumi.Context) error {
			_, err := components.NewHttpApi(ctx, "edge", httpApiArgs(httpRoute("orders", "/orders"), httpRoute("users", "/orders")))
			return err
		}, components.HttpApiType, "routes[1].pathPrefix", "/orders", `is also the prefix of another route`},
		{"http api bad route name", func(ctx *pulumi.Context) error {
			_, err := components.NewHttpApi(ctx, "edge", httpApiArgs(httpRoute("Orders Svc!", "/orders")))
			return err
		}, components.HttpApiType, "routes[0].name", "Orders Svc!", `service names are 1 to 20 lower-case letters`},
		{"http api negative throttling", func(ctx *pulumi.Context) error {
			a := httpApiArgs(httpRoute("orders", "/orders"))
			a.Throttling = &components.Throttling{RateLimit: -5, BurstLimit: 10}
			_, err := components.NewHttpApi(ctx, "edge", a)
			return err
		}, components.HttpApiType, "throttling.rateLimit", -5.0, `throttling.rateLimit -5: is out of range`},
		{"http api stage with a space", func(ctx *pulumi.Context) error {
			a := httpApiArgs(httpRoute("orders", "/orders"))
			a.StageName = "has space"
			_, err := components.NewHttpApi(ctx, "edge", a)
			return err
		}, components.HttpApiType, "stageName", "has space", `awsspec C19`},
		{"http api load balancer arn as integration uri", func(ctx *pulumi.Context) error {
			_, err := components.NewHttpApi(ctx, "edge", httpApiArgs(components.HttpRoute{Name: "orders", PathPrefix: "/orders", IntegrationUri: pulumi.String(albArn)}))
			return err
		}, components.HttpApiType, "routes[0].integrationUri", albArn, `takes the listener ARN`},
		{"alb target port 0", func(ctx *pulumi.Context) error {
			_, err := components.NewAlb(ctx, "edge-alb", albArgs(components.AlbRoute{Name: "orders", PathPrefix: "/orders", TargetPort: 0}))
			return err
		}, components.AlbType, "routes[0].targetPort", 0, `Alb "edge-alb": routes[0].targetPort 0: is out of range; allowed: 1 to 65535`},
		{"alb target port 70000", func(ctx *pulumi.Context) error {
			_, err := components.NewAlb(ctx, "edge-alb", albArgs(components.AlbRoute{Name: "orders", PathPrefix: "/orders", TargetPort: 70000}))
			return err
		}, components.AlbType, "routes[0].targetPort", 70000, `allowed: 1 to 65535`},
		{"alb nested prefixes", func(ctx *pulumi.Context) error {
			_, err := components.NewAlb(ctx, "edge-alb", albArgs(
				components.AlbRoute{Name: "api", PathPrefix: "/api", TargetPort: 8080},
				components.AlbRoute{Name: "orders", PathPrefix: "/api/orders", TargetPort: 8081}))
			return err
		}, components.AlbType, "routes[1].pathPrefix", "/api/orders", `nests with another route's prefix`},
		{"nlb same port twice", func(ctx *pulumi.Context) error {
			_, err := components.NewNlb(ctx, "edge-nlb", &components.NlbArgs{VpcId: pulumi.String("vpc-0a1b2c3d4e5f60718"), SubnetIds: subnets(2),
				Listeners: []components.NlbListener{{Name: "a", Port: 80, TargetPort: 8080}, {Name: "b", Port: 80, TargetPort: 8081}}})
			return err
		}, components.NlbType, "listeners[1].port", 80, `is also the port of listeners[0]`},
		{"rest api bad stage", func(ctx *pulumi.Context) error {
			_, err := components.NewRestApi(ctx, "edge-rest", &components.RestApiArgs{VpcLinkId: pulumi.String("abc123"), BackendHost: pulumi.String("nlb.internal"),
				StageName: "has space", Routes: []components.RestRoute{{Name: "orders", PathPrefix: "/orders", Port: 80}}})
			return err
		}, components.RestApiType, "stageName", "has space", `awsspec C18`},
		{"rest link to an alb", func(ctx *pulumi.Context) error {
			_, err := components.NewRestLink(ctx, "edge-v1", &components.RestLinkArgs{NlbArn: pulumi.String(albArn)})
			return err
		}, components.RestLinkType, "nlbArn", albArn, `is not a Network Load Balancer ARN`},
		{"cloud map service twice", func(ctx *pulumi.Context) error {
			_, err := components.NewCloudMap(ctx, "edge-map", &components.CloudMapArgs{VpcId: pulumi.String("vpc-0a1b2c3d4e5f60718"), Namespace: "dev.edge.internal", Services: []string{"orders", "orders"}})
			return err
		}, components.CloudMapType, "services[1]", "orders", `is also services[0]`},
		{"private endpoint open to the internet", func(ctx *pulumi.Context) error {
			_, err := components.NewPrivateEndpoint(ctx, "edge-vpce", &components.PrivateEndpointArgs{VpcId: pulumi.String("vpc-0a1b2c3d4e5f60718"), SubnetIds: subnets(2), ClientCidrs: []string{"10.0.0.0/8", "0.0.0.0/0"}})
			return err
		}, components.PrivateEndpointType, "clientCidrs[1]", "0.0.0.0/0", `whole internet`},
		{"reserved tag", func(ctx *pulumi.Context) error {
			_, err := components.NewHttpLink(ctx, "edge-link", &components.HttpLinkArgs{VpcId: pulumi.String("vpc-0a1b2c3d4e5f60718"), SubnetIds: subnets(2), Tags: map[string]string{"aws:team": "x"}})
			return err
		}, components.HttpLinkType, "tags.aws:team", "x", `reserved by AWS`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cloud := vpclinktest.NewCloud("acme-edge", "dev", "us-east-1")
			_, err := cloud.Run(map[string]string{}, nil, tc.run)
			var ae *components.ArgsError
			if !errors.As(err, &ae) {
				t.Fatalf("want an *components.ArgsError, got %T: %v", err, err)
			}
			if ae.Type != tc.typ {
				t.Errorf("Type = %q, want %q", ae.Type, tc.typ)
			}
			var got *components.FieldProblem
			for i := range ae.Problems {
				if ae.Problems[i].Field == tc.field {
					got = &ae.Problems[i]
				}
			}
			if got == nil {
				t.Fatalf("no problem for field %s in %v", tc.field, ae)
			}
			if fmt.Sprint(got.Value) != fmt.Sprint(tc.value) {
				t.Errorf("Value = %#v, want %#v", got.Value, tc.value)
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("error %q does not say %q", err, tc.message)
			}
			if rs := cloud.Resources(); len(rs) != 0 {
				t.Errorf("%d resources registered before the refusal, want 0: first %s", len(rs), rs[0].URN)
			}
		})
	}
}

// Every problem of one call is reported at once, in field order, so a caller fixes them in one
// pass.
func TestArgsErrorReportsEveryProblem(t *testing.T) {
	cloud := vpclinktest.NewCloud("acme-edge", "dev", "us-east-1")
	_, err := cloud.Run(map[string]string{}, nil, func(ctx *pulumi.Context) error {
		_, err := components.NewHttpApi(ctx, "edge", &components.HttpApiArgs{StageName: "has space",
			Routes: []components.HttpRoute{{Name: "orders", PathPrefix: "orders/"}}})
		return err
	})
	var ae *components.ArgsError
	if !errors.As(err, &ae) {
		t.Fatalf("want an ArgsError, got %v", err)
	}
	var fields []string
	for _, p := range ae.Problems {
		fields = append(fields, p.Field)
	}
	want := "vpcLinkId routes[0].integrationUri routes[0].pathPrefix stageName"
	if strings.Join(fields, " ") != want {
		t.Errorf("fields = %v, want %s", fields, want)
	}
	if ae.Name != "edge" {
		t.Errorf("Name = %q", ae.Name)
	}
}

// Subnets that are only known when the VPC exists (an output, the usual case) are checked when
// they resolve: the link itself is then never sent to AWS.
func TestHttpLinkChecksSubnetOutputs(t *testing.T) {
	cloud := vpclinktest.NewCloud("acme-edge", "dev", "us-east-1")
	_, err := cloud.Run(map[string]string{}, nil, func(ctx *pulumi.Context) error {
		ids := pulumi.ToStringArrayOutput(nil).ApplyT(func([]string) []string {
			var out []string
			for i := range 11 {
				out = append(out, fmt.Sprintf("subnet-0aaa1111bbbb2%04x", i))
			}
			return out
		}).(pulumi.StringArrayOutput)
		_, err := components.NewHttpLink(ctx, "edge-link", &components.HttpLinkArgs{VpcId: pulumi.String("vpc-0a1b2c3d4e5f60718"), SubnetIds: ids})
		return err
	})
	var ae *components.ArgsError
	if !errors.As(err, &ae) || ae.Problems[0].Field != "subnetIds" {
		t.Fatalf("want the subnet count refused with an ArgsError, got %v", err)
	}
	for _, r := range cloud.Resources() {
		if r.Type == "aws:apigatewayv2/vpcLink:VpcLink" {
			t.Errorf("the VPC link was registered with 11 subnets")
		}
	}
}
