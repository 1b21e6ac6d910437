package awsspec

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func TestReplaceTable(t *testing.T) {
	pm := func(kv ...any) resource.PropertyMap {
		m := resource.PropertyMap{}
		for i := 0; i < len(kv); i += 2 {
			m[resource.PropertyKey(kv[i].(string))] = resource.NewPropertyValue(kv[i+1])
		}
		return m
	}
	unknown := resource.MakeComputed(resource.NewProperty(""))
	cases := []struct {
		name          string
		typ           string
		olds, news    resource.PropertyMap
		changed, repl []string
	}{
		{"a VPC's CIDR replaces it", "aws:ec2/vpc:Vpc", pm("cidrBlock", "10.0.0.0/16", "tags", map[string]any{"a": "b"}),
			pm("cidrBlock", "10.1.0.0/16", "tags", map[string]any{"a": "c"}), []string{"cidrBlock", "tags"}, []string{"cidrBlock"}},
		{"the awsx VPC's CIDR", "awsx:ec2:Vpc", pm("cidrBlock", "10.0.0.0/16", "natGateways", map[string]any{"strategy": "Single"}),
			pm("cidrBlock", "10.1.0.0/16", "natGateways", map[string]any{"strategy": "OnePerAz"}), []string{"cidrBlock", "natGateways"}, []string{"cidrBlock"}},
		{"an unknown vpcId (its VPC replaced) replaces a group", "aws:ec2/securityGroup:SecurityGroup", pm("vpcId", "vpc-1"),
			resource.PropertyMap{"vpcId": unknown}, []string{"vpcId"}, []string{"vpcId"}},
		{"an NLB losing a subnet", "aws:lb/loadBalancer:LoadBalancer", pm("loadBalancerType", "network", "subnets", []any{"a", "b"}),
			pm("loadBalancerType", "network", "subnets", []any{"a"}), []string{"subnets"}, []string{"subnets"}},
		{"an NLB's unknown subnets wait", "aws:lb/loadBalancer:LoadBalancer", pm("loadBalancerType", "network", "subnets", []any{"a", "b"}),
			resource.PropertyMap{"loadBalancerType": resource.NewProperty("network"), "subnets": unknown}, []string{"subnets"}, nil},
		{"an ALB's subnets update", "aws:lb/loadBalancer:LoadBalancer", pm("loadBalancerType", "application", "subnets", []any{"a", "b"}),
			pm("loadBalancerType", "application", "subnets", []any{"a"}), []string{"subnets"}, nil},
		{"a task definition is immutable but for tags", "aws:ecs/taskDefinition:TaskDefinition", pm("cpu", "256", "tags", map[string]any{}),
			pm("cpu", "512", "tags", map[string]any{"x": "y"}), []string{"cpu", "tags"}, []string{"cpu"}},
		{"a domain name's name replaces it", "aws:apigatewayv2/domainName:DomainName", pm("domainName", "api.example.com"),
			pm("domainName", "api.example.org"), []string{"domainName"}, []string{"domainName"}},
		{"a certificate of another Region replaces the domain", "aws:apigatewayv2/domainName:DomainName",
			pm("domainNameConfiguration", map[string]any{"certificateArn": "arn:aws:acm:us-east-1:1:certificate/a", "endpointType": "REGIONAL"}),
			pm("domainNameConfiguration", map[string]any{"certificateArn": "arn:aws:acm:eu-west-1:1:certificate/a", "endpointType": "REGIONAL"}),
			[]string{"domainNameConfiguration"}, []string{"domainNameConfiguration"}},
		{"a renewed certificate of the same Region updates the domain", "aws:apigatewayv2/domainName:DomainName",
			pm("domainNameConfiguration", map[string]any{"certificateArn": "arn:aws:acm:us-east-1:1:certificate/a", "endpointType": "REGIONAL"}),
			pm("domainNameConfiguration", map[string]any{"certificateArn": "arn:aws:acm:us-east-1:1:certificate/b", "endpointType": "REGIONAL"}),
			[]string{"domainNameConfiguration"}, nil},
		{"a private domain's certificate of another Region", "aws:apigateway/domainName:DomainName",
			pm("certificateArn", "arn:aws:acm:us-east-1:1:certificate/a"), pm("certificateArn", "arn:aws:acm:us-west-2:1:certificate/a"),
			[]string{"certificateArn"}, []string{"certificateArn"}},
		{"a private domain cannot turn regional", "aws:apigateway/domainName:DomainName",
			pm("endpointConfiguration", map[string]any{"types": "PRIVATE"}), pm("endpointConfiguration", map[string]any{"types": "REGIONAL"}),
			[]string{"endpointConfiguration"}, []string{"endpointConfiguration"}},
		{"a base path updates its API mapping", "aws:apigatewayv2/apiMapping:ApiMapping", pm("domainName", "api.example.com", "apiMappingKey", "rest"),
			pm("domainName", "api.example.com", "apiMappingKey", "v2"), []string{"apiMappingKey"}, nil},
		{"a usage-plan key is immutable", "aws:apigateway/usagePlanKey:UsagePlanKey", pm("keyId", "a", "usagePlanId", "p"),
			pm("keyId", "b", "usagePlanId", "p"), []string{"keyId"}, []string{"keyId"}},
		{"a web ACL's rules update", "aws:wafv2/webAcl:WebAcl", pm("name", "acl", "rules", []any{"a"}),
			pm("name", "acl", "rules", []any{"b"}), []string{"rules"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Diff(c.typ, c.olds, c.news)
			if !slices.Equal(d.Changed, c.changed) || !slices.Equal(d.ReplaceKeys, c.repl) {
				t.Errorf("Diff = changed %v, replace %v; want %v, %v", d.Changed, d.ReplaceKeys, c.changed, c.repl)
			}
		})
	}
	if !IsImmutable("aws:ec2/flowLog:FlowLog") || IsImmutable("aws:ec2/vpc:Vpc") {
		t.Error("IsImmutable is wrong for flow logs or VPCs")
	}
	if !slices.Contains(ReplaceKeys("aws:apigatewayv2/vpcLink:VpcLink"), "subnetIds") || !slices.Contains(ParentRefs(), "vpcId") {
		t.Error("the V2 link's subnets (aws-facts A8) or vpcId are not replace keys")
	}
	if !Known("aws:ec2/vpc:Vpc") || Known("aws:nope/nope:Nope") {
		t.Error("Known is wrong")
	}
}
