package offline_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/internal/offline"
	"github.com/vpclink/vpclink/internal/plantest"
)

// The same config gives the same plan, byte for byte: ids and ARNs derive from URNs only.
func TestPlansAreDeterministic(t *testing.T) {
	a, _ := plantest.Plan(t, "prod").JSON()
	b, _ := plantest.Plan(t, "prod").JSON()
	if !bytes.Equal(a, b) {
		t.Error("two plans of the same stack differ")
	}
}

// Ids and ARNs look like AWS's, in the stack's Region and the placeholder account.
func TestIdsAndArnsHaveAwsShapes(t *testing.T) {
	p := plantest.Plan(t, "prod", `vpclink:frontends=[{"variant":"rest-nlb"},{"variant":"private-rest"},{"variant":"http-alb"},{"variant":"http-cloudmap"}]`)
	shapes := map[string]*regexp.Regexp{
		"aws:ec2/securityGroup:SecurityGroup":                          regexp.MustCompile(`^sg-[0-9a-f]{17}$`),
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":    regexp.MustCompile(`^sgr-[0-9a-f]{17}$`),
		"aws:ec2/vpcEndpoint:VpcEndpoint":                              regexp.MustCompile(`^vpce-[0-9a-f]{17}$`),
		"aws:lb/loadBalancer:LoadBalancer":                             regexp.MustCompile(`^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/(net|app)/[a-z0-9-]+/[0-9a-f]{16}$`),
		"aws:lb/listener:Listener":                                     regexp.MustCompile(`^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/(net|app)/[a-z0-9-]+/[0-9a-f]{16}/[0-9a-f]{16}$`),
		"aws:lb/targetGroup:TargetGroup":                               regexp.MustCompile(`^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/[a-z0-9-]+/[0-9a-f]{16}$`),
		"aws:ecs/cluster:Cluster":                                      regexp.MustCompile(`^arn:aws:ecs:us-east-1:123456789012:cluster/cluster-[0-9a-f]{7}$`),
		"aws:apigateway/restApi:RestApi":                               regexp.MustCompile(`^[a-z0-9]{10}$`),
		"aws:apigatewayv2/vpcLink:VpcLink":                             regexp.MustCompile(`^[a-z0-9]{6}$`),
		"aws:servicediscovery/service:Service":                         regexp.MustCompile(`^srv-[a-z0-9]{16}$`),
		"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": regexp.MustCompile(`^ns-[a-z0-9]{16}$`),
		// A bucket is named <logical name>-<7 random>, lower-case; its configurations by its name.
		"aws:s3/bucketV2:BucketV2":         regexp.MustCompile(`^access-logs-[0-9a-f]{7}$`),
		"aws:s3/bucketPolicy:BucketPolicy": regexp.MustCompile(`^access-logs-[0-9a-f]{7}$`),
	}
	for typ, re := range shapes {
		rs := p.OfType(typ)
		if len(rs) == 0 {
			t.Errorf("no %s planned", typ)
		}
		for _, r := range rs {
			if !re.MatchString(r.ID) {
				t.Errorf("%s %s has id %q, want %s", typ, r.Name, r.ID, re)
			}
		}
	}
	vpc := p.One(t, "awsx:ec2:Vpc", "network")
	if !regexp.MustCompile(`^vpc-[0-9a-f]{17}$`).MatchString(plantest.Str(plantest.Out(vpc), "vpcId")) {
		t.Errorf("awsx VPC outputs: %v", plantest.Out(vpc))
	}
	for _, s := range plantest.Get(plantest.Out(vpc), "privateSubnetIds").([]any) {
		if !strings.HasPrefix(s.(string), "subnet-") {
			t.Errorf("private subnet id %v", s)
		}
	}
	nlb := p.One(t, "aws:lb/loadBalancer:LoadBalancer", "nlb")
	if !regexp.MustCompile(`^nlb-[0-9a-f]{7}-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$`).MatchString(plantest.Str(plantest.Out(nlb), "dnsName")) {
		t.Errorf("NLB DNS name %s", plantest.Str(plantest.Out(nlb), "dnsName"))
	}
	stage := p.One(t, "aws:apigateway/stage:Stage", "rest-nlb")
	if !regexp.MustCompile(`^https://[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com/v1$`).MatchString(plantest.Str(plantest.Out(stage), "invokeUrl")) {
		t.Errorf("REST invoke URL %s", plantest.Str(plantest.Out(stage), "invokeUrl"))
	}
}

// The Region of the stack is the Region of every ARN.
func TestRegionFollowsTheStack(t *testing.T) {
	p := plantest.Plan(t, "dev", "aws:region=eu-west-1")
	for _, r := range p.OfType("aws:lb/loadBalancer:LoadBalancer") {
		if !strings.Contains(r.ID, ":eu-west-1:") {
			t.Errorf("ARN %s is not in eu-west-1", r.ID)
		}
	}
}

func TestZonesIncludeUnsupportedV2LinkZone(t *testing.T) {
	names, ids := offline.Zones("us-east-1")
	if len(names) != 6 || !strings.Contains(strings.Join(ids, ","), "use1-az3") {
		t.Errorf("us-east-1 zones %v %v", names, ids)
	}
	if names, ids := offline.Zones("eu-central-1"); len(names) != 3 || ids[0] != "euc1-az1" {
		t.Errorf("eu-central-1 zones %v %v", names, ids)
	}
}

// A type the offline cloud cannot answer for fails the plan instead of inventing outputs.
func TestUnknownTypesFailLoudly(t *testing.T) {
	c := offline.New("p", "s", "us-east-1")
	_, _, err := c.NewResource(pulumi.MockResourceArgs{TypeToken: "aws:rds/instance:Instance", Name: "db", Custom: true, Inputs: resource.PropertyMap{}})
	if err == nil || !strings.Contains(err.Error(), "no offline model for type aws:rds/instance:Instance") {
		t.Errorf("error = %v", err)
	}
	if _, err := c.Call(pulumi.MockCallArgs{Token: "aws:rds/getEngineVersion:getEngineVersion"}); err == nil {
		t.Error("an unknown invoke was answered")
	}
}

// Answer gives fake providers exactly what the plan shows.
func TestAnswerMatchesNewResource(t *testing.T) {
	c := offline.New("vpclink", "dev", "us-east-1")
	in := resource.PropertyMap{"vpcId": resource.NewProperty("vpc-1"), "description": resource.NewProperty("x")}
	id, _, err := c.NewResource(pulumi.MockResourceArgs{TypeToken: "aws:ec2/securityGroup:SecurityGroup", Name: "sg", Custom: true, Inputs: in})
	if err != nil {
		t.Fatal(err)
	}
	urn := c.Resources()[0].URN
	id2, _, err := c.Answer(urn, "aws:ec2/securityGroup:SecurityGroup", "sg", in)
	if err != nil || id2 != id {
		t.Errorf("Answer id %s, NewResource id %s, %v", id2, id, err)
	}
}

// The partition follows the Region, in ARNs and in what getPartition answers.
func TestPartitionFollowsRegion(t *testing.T) {
	for region, want := range map[string]offline.Partition{
		"us-east-1":     {ID: "aws", DnsSuffix: "amazonaws.com", ReverseDnsPrefix: "com.amazonaws"},
		"cn-north-1":    {ID: "aws-cn", DnsSuffix: "amazonaws.com.cn", ReverseDnsPrefix: "cn.com.amazonaws"},
		"us-gov-west-1": {ID: "aws-us-gov", DnsSuffix: "amazonaws.com", ReverseDnsPrefix: "com.amazonaws"},
	} {
		c := offline.New("p", "s", region)
		got, err := c.Call(pulumi.MockCallArgs{Token: "aws:index/getPartition:getPartition"})
		if err != nil || got["partition"].StringValue() != want.ID || got["dnsSuffix"].StringValue() != want.DnsSuffix ||
			got["reverseDnsPrefix"].StringValue() != want.ReverseDnsPrefix {
			t.Errorf("%s: getPartition = %v, %v; want %+v", region, got, err, want)
		}
		id, _, err := c.NewResource(pulumi.MockResourceArgs{TypeToken: "aws:ecs/cluster:Cluster", Name: "c", Custom: true, Inputs: resource.PropertyMap{}})
		if err != nil || !strings.HasPrefix(id, "arn:"+want.ID+":ecs:"+region+":") {
			t.Errorf("%s: cluster ARN %s, %v", region, id, err)
		}
	}
}

// Opted-in Local Zones come back unless the lookup filters on opt-in-status (aws-facts C9).
func TestOptInZonesOnlyWithoutFilter(t *testing.T) {
	c := offline.New("p", "s", "eu-central-1")
	all, _ := c.Call(pulumi.MockCallArgs{Token: "aws:index/getAvailabilityZones:getAvailabilityZones"})
	if got := all["names"].ArrayValue(); len(got) != 4 || got[0].StringValue() != "eu-central-1-ham-1a" {
		t.Errorf("unfiltered zones %v, want the Local Zone first", got)
	}
	filtered, _ := c.Call(pulumi.MockCallArgs{Token: "aws:index/getAvailabilityZones:getAvailabilityZones", Args: resource.NewPropertyMapFromMap(map[string]any{
		"filters": []any{map[string]any{"name": "opt-in-status", "values": []any{"opt-in-not-required"}}},
	})})
	if got := filtered["names"].ArrayValue(); len(got) != 3 {
		t.Errorf("filtered zones %v, want the three Region zones", got)
	}
}

// A subnet that exists before the program is in one of the Region's first three zones, by its id.
func TestExistingSubnetZoneFromId(t *testing.T) {
	c := offline.New("p", "s", "us-east-1")
	for id, zone := range map[string]string{"subnet-0a1b2c3d4e5f67890": "use1-az4", "subnet-0a1b2c3d4e5f67891": "use1-az6", "subnet-0a1b2c3d4e5f67895": "use1-az1"} {
		got, err := c.Call(pulumi.MockCallArgs{Token: "aws:ec2/getSubnet:getSubnet", Args: resource.NewPropertyMapFromMap(map[string]any{"id": id})})
		if err != nil || got["availabilityZoneId"].StringValue() != zone {
			t.Errorf("%s: %v, %v; want zone id %s", id, got, err, zone)
		}
	}
}
