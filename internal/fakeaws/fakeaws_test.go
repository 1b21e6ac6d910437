package fakeaws

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/vpclink/vpclink/internal/offline"
)

func pm(kv ...any) resource.PropertyMap {
	m := resource.PropertyMap{}
	for i := 0; i < len(kv); i += 2 {
		v, ok := kv[i+1].(resource.PropertyValue)
		if !ok {
			v = resource.NewPropertyValue(kv[i+1])
		}
		m[resource.PropertyKey(kv[i].(string))] = v
	}
	return m
}

func unknown() resource.PropertyValue { return resource.MakeComputed(resource.NewProperty("")) }

func TestDiff(t *testing.T) {
	tags := map[string]any{"Name": "x", "team": "a"}
	cases := []struct {
		name        string
		typ         string
		olds, news  resource.PropertyMap
		changed     []string
		replaceKeys []string
	}{
		{"equal nested maps and lists", "aws:ecs/service:Service",
			pm("networkConfiguration", map[string]any{"subnets": []any{"a", "b"}, "assignPublicIp": false}, "tags", tags),
			pm("networkConfiguration", map[string]any{"assignPublicIp": false, "subnets": []any{"a", "b"}}, "tags", tags), nil, nil},
		{"a secret equals its plaintext", "aws:ecs/taskDefinition:TaskDefinition",
			pm("containerDefinitions", "[]"), pm("containerDefinitions", resource.MakeSecret(resource.NewProperty("[]"))), nil, nil},
		{"null is absent", "aws:lb/targetGroup:TargetGroup",
			pm("port", 80, "healthCheck", map[string]any{"path": "/h", "timeout": nil}), pm("port", 80, "healthCheck", map[string]any{"path": "/h"}), nil, nil},
		{"an unknown value changes", "aws:ecs/service:Service",
			pm("desiredCount", 1), pm("desiredCount", unknown()), []string{"desiredCount"}, nil},
		{"tags update in place", "aws:ec2/vpc:Vpc", pm("tags", tags), pm("tags", map[string]any{"Name": "y"}), []string{"tags"}, nil},
		{"A8: V2 link subnets", "aws:apigatewayv2/vpcLink:VpcLink",
			pm("subnetIds", []any{"a", "b"}, "securityGroupIds", []any{"sg"}), pm("subnetIds", []any{"a", "b", "c"}, "securityGroupIds", []any{"sg"}),
			[]string{"subnetIds"}, []string{"subnetIds"}},
		{"A8: V2 link security groups", "aws:apigatewayv2/vpcLink:VpcLink",
			pm("securityGroupIds", []any{"sg"}), pm("securityGroupIds", unknown()), []string{"securityGroupIds"}, []string{"securityGroupIds"}},
		{"A5: V1 link target", "aws:apigateway/vpcLink:VpcLink", pm("targetArn", "a"), pm("targetArn", "b"), []string{"targetArn"}, []string{"targetArn"}},
		{"E8: NLB security groups", "aws:lb/loadBalancer:LoadBalancer",
			pm("loadBalancerType", "network", "securityGroups", []any{"a"}), pm("loadBalancerType", "network", "securityGroups", []any{"b"}),
			[]string{"securityGroups"}, []string{"securityGroups"}},
		{"ALB security groups update", "aws:lb/loadBalancer:LoadBalancer",
			pm("loadBalancerType", "application", "securityGroups", []any{"a"}), pm("loadBalancerType", "application", "securityGroups", []any{"b"}),
			[]string{"securityGroups"}, nil},
		{"NLB gains a subnet in place", "aws:lb/loadBalancer:LoadBalancer",
			pm("loadBalancerType", "network", "subnets", []any{"a", "b"}), pm("loadBalancerType", "network", "subnets", []any{"a", "b", "c"}),
			[]string{"subnets"}, nil},
		{"NLB loses a subnet", "aws:lb/loadBalancer:LoadBalancer",
			pm("loadBalancerType", "network", "subnets", []any{"a", "b"}), pm("loadBalancerType", "network", "subnets", []any{"a", "c"}),
			[]string{"subnets"}, []string{"subnets"}},
		{"NLB unknown subnets wait", "aws:lb/loadBalancer:LoadBalancer",
			pm("loadBalancerType", "network", "subnets", []any{"a"}), pm("loadBalancerType", "network", "subnets", unknown()),
			[]string{"subnets"}, nil},
		{"LB internal", "aws:lb/loadBalancer:LoadBalancer", pm("internal", true), pm("internal", false), []string{"internal"}, []string{"internal"}},
		{"security group", "aws:ec2/securityGroup:SecurityGroup",
			pm("vpcId", "v1", "description", "d", "name", "n"), pm("vpcId", "v2", "description", "e", "name", "m"),
			[]string{"description", "name", "vpcId"}, []string{"description", "name", "vpcId"}},
		{"target group", "aws:lb/targetGroup:TargetGroup",
			pm("port", 80, "protocol", "TCP", "vpcId", "a", "targetType", "ip", "deregistrationDelay", 30),
			pm("port", 81, "protocol", "HTTP", "vpcId", "b", "targetType", "instance", "deregistrationDelay", 10),
			[]string{"deregistrationDelay", "port", "protocol", "targetType", "vpcId"}, []string{"port", "protocol", "targetType", "vpcId"}},
		{"VPC endpoint", "aws:ec2/vpcEndpoint:VpcEndpoint",
			pm("vpcId", "a", "serviceName", "s", "vpcEndpointType", "Interface", "subnetIds", []any{"x"}),
			pm("vpcId", "b", "serviceName", "t", "vpcEndpointType", "Gateway", "subnetIds", []any{"y"}),
			[]string{"serviceName", "subnetIds", "vpcEndpointType", "vpcId"}, []string{"serviceName", "vpcEndpointType", "vpcId"}},
		{"R1: deployment triggers", "aws:apigateway/deployment:Deployment",
			pm("restApi", "a", "triggers", map[string]any{"redeployment": "h1"}, "description", "d"),
			pm("restApi", "a", "triggers", map[string]any{"redeployment": "h2"}, "description", "e"),
			[]string{"description", "triggers"}, []string{"triggers"}},
		{"deployment API", "aws:apigateway/deployment:Deployment", pm("restApi", "a"), pm("restApi", unknown()), []string{"restApi"}, []string{"restApi"}},
		{"stage moves to a new deployment in place", "aws:apigateway/stage:Stage",
			pm("restApi", "a", "deployment", "d1", "stageName", "v1"), pm("restApi", "a", "deployment", unknown(), "stageName", "v1"),
			[]string{"deployment"}, nil},
		{"task definitions are immutable", "aws:ecs/taskDefinition:TaskDefinition",
			pm("family", "f", "cpu", "256", "memory", "512", "containerDefinitions", "[1]", "tags", tags),
			pm("family", "f", "cpu", "512", "memory", "1024", "containerDefinitions", "[2]", "tags", map[string]any{"Name": "z"}),
			[]string{"containerDefinitions", "cpu", "memory", "tags"}, []string{"containerDefinitions", "cpu", "memory"}},
		{"VPC CIDR", "aws:ec2/vpc:Vpc", pm("cidrBlock", "10.0.0.0/16", "enableDnsHostnames", false), pm("cidrBlock", "10.1.0.0/16", "enableDnsHostnames", true),
			[]string{"cidrBlock", "enableDnsHostnames"}, []string{"cidrBlock"}},
		{"subnet", "aws:ec2/subnet:Subnet",
			pm("cidrBlock", "a", "vpcId", "v", "availabilityZone", "z"), pm("cidrBlock", "b", "vpcId", "w", "availabilityZone", "y"),
			[]string{"availabilityZone", "cidrBlock", "vpcId"}, []string{"availabilityZone", "cidrBlock", "vpcId"}},
		{"HTTP API children follow their API", "aws:apigatewayv2/integration:Integration",
			pm("apiId", "a", "timeoutMilliseconds", 30000), pm("apiId", "b", "timeoutMilliseconds", 20000),
			[]string{"apiId", "timeoutMilliseconds"}, []string{"apiId"}},
		{"Cloud Map namespace of a service", "aws:servicediscovery/service:Service",
			pm("dnsConfig", map[string]any{"namespaceId": "a", "dnsRecords": []any{map[string]any{"ttl": 10}}}),
			pm("dnsConfig", map[string]any{"namespaceId": "b", "dnsRecords": []any{map[string]any{"ttl": 10}}}),
			[]string{"dnsConfig"}, []string{"dnsConfig"}},
		{"a bucket's name is its identity", "aws:s3/bucketV2:BucketV2",
			pm("bucket", "logs-a", "forceDestroy", true), pm("bucket", "logs-b", "forceDestroy", false),
			[]string{"bucket", "forceDestroy"}, []string{"bucket"}},
		{"a bucket policy follows its bucket", "aws:s3/bucketPolicy:BucketPolicy",
			pm("bucket", "logs-a", "policy", "{}"), pm("bucket", "logs-b", "policy", `{"Statement":[]}`),
			[]string{"bucket", "policy"}, []string{"bucket"}},
		{"a lifecycle rule updates in place", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
			pm("bucket", "logs", "rules", []any{map[string]any{"expiration": map[string]any{"days": 7}}}),
			pm("bucket", "logs", "rules", []any{map[string]any{"expiration": map[string]any{"days": 30}}}),
			[]string{"rules"}, nil},
		{"Cloud Map record TTL", "aws:servicediscovery/service:Service",
			pm("dnsConfig", map[string]any{"namespaceId": "a", "dnsRecords": []any{map[string]any{"ttl": 10}}}),
			pm("dnsConfig", map[string]any{"namespaceId": "a", "dnsRecords": []any{map[string]any{"ttl": 20}}}),
			[]string{"dnsConfig"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Diff(c.typ, c.olds, c.news)
			if !slices.Equal(d.Changed, c.changed) || !slices.Equal(d.ReplaceKeys, c.replaceKeys) {
				t.Errorf("Diff = changed %v, replace %v; want changed %v, replace %v", d.Changed, d.ReplaceKeys, c.changed, c.replaceKeys)
			}
		})
	}
	if d := Diff("aws:ecs/service:Service", pm("desiredCount", 1), pm("desiredCount", 2), "desiredCount"); d.HasChanges() {
		t.Errorf("an ignored key changed: %v", d)
	}
}

const vpcURN = "urn:pulumi:dev::vpclink::vpclink:components:Network$awsx:ec2:Vpc::network"

func vpcInputs(cidr string, private, public []string) resource.PropertyMap {
	return pm(
		"cidrBlock", cidr,
		"availabilityZoneNames", []any{"us-east-1a", "us-east-1b"},
		"enableDnsSupport", true, "enableDnsHostnames", true,
		"subnetSpecs", []any{
			map[string]any{"type": "Private", "name": "private", "cidrBlocks": toAny(private)},
			map[string]any{"type": "Public", "name": "public", "cidrBlocks": toAny(public)},
		},
		"tags", map[string]any{"team": "a"},
	)
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func TestVpcChildren(t *testing.T) {
	in := vpcInputs("10.0.0.0/16", []string{"10.0.0.0/18", "10.0.64.0/18"}, []string{"10.0.128.0/19", "10.0.160.0/19"})
	children, err := VpcChildren(vpcURN, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range children {
		got = append(got, fmt.Sprintf("%s %s %d %s %s", c.URN, c.Kind, c.Index, c.Inputs["cidrBlock"].StringValue(), c.Inputs["availabilityZone"]))
	}
	p := "urn:pulumi:dev::vpclink::vpclink:components:Network$awsx:ec2:Vpc$"
	want := []string{
		p + "aws:ec2/vpc:Vpc::network vpc 0 10.0.0.0/16 {<nil>}",
		p + "aws:ec2/subnet:Subnet::network-private-1 private 0 10.0.0.0/18 {us-east-1a}",
		p + "aws:ec2/subnet:Subnet::network-private-2 private 1 10.0.64.0/18 {us-east-1b}",
		p + "aws:ec2/subnet:Subnet::network-public-1 public 0 10.0.128.0/19 {us-east-1a}",
		p + "aws:ec2/subnet:Subnet::network-public-2 public 1 10.0.160.0/19 {us-east-1b}",
	}
	if !slices.Equal(got, want) {
		t.Errorf("children:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if tags := children[1].Inputs["tags"].ObjectValue(); tags["Name"].StringValue() != "network-private-1" || tags["team"].StringValue() != "a" {
		t.Errorf("subnet tags %v", tags)
	}
	if _, err := VpcChildren("urn:pulumi:dev::vpclink::aws:ec2/vpc:Vpc::x", in); err == nil {
		t.Errorf("VpcChildren accepted the URN of another type")
	}
}

// client talks to one fake provider over gRPC, as the engine does.
func client(t *testing.T, s *Server, pkg string) pulumirpc.ResourceProviderClient {
	t.Helper()
	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", s.ports[pkg]), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return pulumirpc.NewResourceProviderClient(conn)
}

func mustMarshal(t *testing.T, m resource.PropertyMap) *structpb.Struct {
	t.Helper()
	s, err := plugin.MarshalProperties(m, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustUnmarshal(t *testing.T, s *structpb.Struct) resource.PropertyMap {
	t.Helper()
	m, err := unmarshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestServer(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !regexp.MustCompile(`^aws:\d+,awsx:\d+$`).MatchString(s.Env()) {
		t.Errorf("Env() = %q", s.Env())
	}
	ctx := context.Background()
	aws := client(t, s, "aws")
	info, err := aws.GetPluginInfo(ctx, &emptypb.Empty{})
	if err != nil || info.GetVersion() != AwsVersion {
		t.Fatalf("GetPluginInfo = %v, %v", info, err)
	}
	hs, err := aws.Handshake(ctx, &pulumirpc.ProviderHandshakeRequest{})
	if err != nil || !hs.GetAcceptSecrets() {
		t.Fatalf("Handshake = %v, %v", hs, err)
	}

	// The first creation answers exactly like the offline cloud.
	urn := "urn:pulumi:dev::vpclink::vpclink:components:Alb$aws:lb/loadBalancer:LoadBalancer::alb"
	typ := "aws:lb/loadBalancer:LoadBalancer"
	in := pm("loadBalancerType", "application", "internal", true, "enableDeletionProtection", true,
		"securityGroups", []any{"sg-1"}, "subnets", []any{"subnet-1", "subnet-2"})
	wantID, wantOut, err := offline.New("vpclink", "dev", "us-east-1").Answer(urn, typ, "alb", in)
	if err != nil {
		t.Fatal(err)
	}
	preview, err := aws.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Type: typ, Properties: mustMarshal(t, in), Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	if p := mustUnmarshal(t, preview.GetProperties()); preview.GetId() != "" || !p["arn"].IsComputed() || !p["dnsName"].IsComputed() || p["internal"].IsComputed() {
		t.Errorf("a preview must leave what AWS computes unknown: id %q, %v", preview.GetId(), p)
	}
	created, err := aws.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Type: typ, Properties: mustMarshal(t, in)})
	if err != nil {
		t.Fatal(err)
	}
	if out := mustUnmarshal(t, created.GetProperties()); created.GetId() != wantID || !Equal(resource.NewProperty(out), resource.NewProperty(wantOut)) {
		t.Errorf("Create = %s %v, want the offline answer %s %v", created.GetId(), out, wantID, wantOut)
	}

	// Diff, Update, Read.
	news := in.Copy()
	news["securityGroups"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty("sg-2")})
	diff, err := aws.Diff(ctx, &pulumirpc.DiffRequest{Urn: urn, Type: typ, Id: wantID, OldInputs: mustMarshal(t, in), News: mustMarshal(t, news), Olds: created.GetProperties()})
	if err != nil || diff.GetChanges() != pulumirpc.DiffResponse_DIFF_SOME || len(diff.GetReplaces()) != 0 || !slices.Equal(diff.GetDiffs(), []string{"securityGroups"}) {
		t.Errorf("Diff = %v, %v", diff, err)
	}
	same, err := aws.Diff(ctx, &pulumirpc.DiffRequest{Urn: urn, Type: typ, Id: wantID, OldInputs: mustMarshal(t, in), News: mustMarshal(t, in)})
	if err != nil || same.GetChanges() != pulumirpc.DiffResponse_DIFF_NONE {
		t.Errorf("Diff of equal inputs = %v, %v", same, err)
	}
	upd, err := aws.Update(ctx, &pulumirpc.UpdateRequest{Urn: urn, Type: typ, Id: wantID, Olds: created.GetProperties(), News: mustMarshal(t, news), OldInputs: mustMarshal(t, in)})
	if err != nil {
		t.Fatal(err)
	}
	if out := mustUnmarshal(t, upd.GetProperties()); out["arn"].StringValue() != wantOut["arn"].StringValue() || out["securityGroups"].ArrayValue()[0].StringValue() != "sg-2" {
		t.Errorf("Update = %v", out)
	}
	read, err := aws.Read(ctx, &pulumirpc.ReadRequest{Urn: urn, Type: typ, Id: wantID})
	if err != nil || read.GetId() != wantID {
		t.Errorf("Read = %v, %v", read, err)
	}

	// E7: AWS refuses to delete a load balancer with deletion protection.
	if _, err := aws.Delete(ctx, &pulumirpc.DeleteRequest{Urn: urn, Type: typ, Id: wantID}); err == nil || !strings.Contains(err.Error(), "deletion protection") {
		t.Errorf("Delete of a protected load balancer = %v", err)
	}
	news["enableDeletionProtection"] = resource.NewProperty(false)
	if _, err := aws.Update(ctx, &pulumirpc.UpdateRequest{Urn: urn, Type: typ, Id: wantID, Olds: upd.GetProperties(), News: mustMarshal(t, news)}); err != nil {
		t.Fatal(err)
	}

	// A replacement under the same URN gets a new id while the old one is alive.
	again, err := aws.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Type: typ, Properties: mustMarshal(t, in)})
	if err != nil {
		t.Fatal(err)
	}
	if again.GetId() == wantID || len(s.Live()) != 2 {
		t.Errorf("a second creation got id %s (first %s); live %d", again.GetId(), wantID, len(s.Live()))
	}
	if _, err := aws.Delete(ctx, &pulumirpc.DeleteRequest{Urn: urn, Type: typ, Id: wantID}); err != nil {
		t.Fatal(err)
	}
	if live := s.Live(); len(live) != 1 || live[0].ID != again.GetId() {
		t.Errorf("after deleting the old one: %v", live)
	}

	// Invokes answer like the offline cloud.
	inv, err := aws.Invoke(ctx, &pulumirpc.InvokeRequest{Tok: "aws:index/getRegion:getRegion", Args: mustMarshal(t, pm())})
	if err != nil || mustUnmarshal(t, inv.GetReturn())["name"].StringValue() != "us-east-1" {
		t.Errorf("Invoke getRegion = %v, %v", inv, err)
	}

	var kinds []string
	for _, op := range s.Ops() {
		kinds = append(kinds, op.Provider+" "+op.Kind)
	}
	want := []string{"aws Create", "aws Diff", "aws Diff", "aws Update", "aws Read", "aws Update", "aws Create", "aws Delete", "aws Invoke"}
	if !slices.Equal(kinds, want) {
		t.Errorf("ops = %v, want %v", kinds, want)
	}
	if ops := s.Ops(); ops[6].ID == ops[7].ID || ops[7].ID != wantID {
		t.Errorf("the ops must tell the new and the old load balancer apart: %v", ops[6:8])
	}
	s.Reset()
	if len(s.Ops()) != 0 {
		t.Errorf("Reset kept %d ops", len(s.Ops()))
	}
}

func TestAwsxChildIDs(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	in := vpcInputs("10.0.0.0/16", []string{"10.0.0.0/18", "10.0.64.0/18"}, []string{"10.0.128.0/19", "10.0.160.0/19"})
	_, comp, err := offline.New("vpclink", "dev", "us-east-1").Answer(vpcURN, "awsx:ec2:Vpc", "network", in)
	if err != nil {
		t.Fatal(err)
	}
	children, _ := VpcChildren(vpcURN, in)
	known := map[string]awsxChild{}
	for _, c := range children {
		known[c.URN] = awsxChild{parentURN: vpcURN, parentName: "network", parentInputs: in, kind: c.Kind, index: c.Index}
	}
	s.setChildren(known)
	p := &provider{pkg: "aws", s: s}
	var ids []string
	for _, c := range children {
		id, _, err := p.answer(c.URN, c.Type, c.Inputs, 1)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	want := []string{comp["vpcId"].StringValue()}
	for _, k := range []resource.PropertyKey{"privateSubnetIds", "publicSubnetIds"} {
		for _, v := range comp[k].ArrayValue() {
			want = append(want, v.StringValue())
		}
	}
	if !slices.Equal(ids, want) {
		t.Errorf("children ids %v, want the offline component's %v", ids, want)
	}
	id2, _, _ := p.answer(children[0].URN, children[0].Type, children[0].Inputs, 2)
	if id2 == ids[0] || !strings.HasPrefix(id2, "vpc-") {
		t.Errorf("a replaced VPC got id %s (first %s)", id2, ids[0])
	}
}
