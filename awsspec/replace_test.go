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
