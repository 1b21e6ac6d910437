package components_test

// What real AWS would refuse or misroute in the wiring (issue 10, section 2, defects 4 to 9),
// planned through the real program on the offline cloud: ECS names, images without NAT, the order
// in which services start, zones and VPCs vpclink does not own, partitions, and the writable path
// of a read-only root.

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/internal/offline"
	"github.com/vpclink/vpclink/internal/plantest"
	"github.com/vpclink/vpclink/internal/testenv"
	"github.com/vpclink/vpclink/plan"
)

// ecsName is what ECS accepts as a family, service or container name (aws-facts C4;
// service/ecs/api_op_RegisterTaskDefinition.go).
var ecsName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// planStackFile plans stack from a copy of the project where Pulumi.<stack>.yaml is a copy of
// Pulumi.<from>.yaml.
func planStackFile(t *testing.T, stack, from string) *plantest.Result {
	t.Helper()
	dir := testenv.CopyProject(t)
	b, err := os.ReadFile(filepath.Join(dir, "Pulumi."+from+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Run(context.Background(), plan.Options{ProjectDir: dir, Stack: stack})
	if err != nil {
		t.Fatalf("plan %s: %v", stack, err)
	}
	return &plantest.Result{Plan: p}
}

func TestTaskFamilyOfStackWithDotIsValidEcsName(t *testing.T) {
	p := planStackFile(t, "dev.eu", "dev")
	family := plantest.Str(plantest.In(p.One(t, tyTaskDefinition, "api")), "family")
	if !ecsName.MatchString(family) {
		t.Fatalf("family %q of stack dev.eu is not an ECS name: up to 255 letters, digits, _ and - (aws-facts C4)", family)
	}
	if !strings.HasPrefix(family, "vpclink-dev-eu-api-") {
		t.Errorf("family %q, want vpclink-dev-eu-api- and a hash, so dev.eu and dev-eu keep families of their own", family)
	}
	for _, c := range containerDefinitions(t, p.One(t, tyTaskDefinition, "api")) {
		if name, _ := c["name"].(string); !ecsName.MatchString(name) {
			t.Errorf("container name %q is not an ECS name (aws-facts C4)", name)
		}
	}
	if name := outStr(p.One(t, tyEcsService, "api"), "name"); !ecsName.MatchString(name) {
		t.Errorf("ECS service name %q is not an ECS name (aws-facts C4)", name)
	}
}

func TestTaskFamilyUnchangedForValidStackNames(t *testing.T) {
	// dev and prod are deployed: their families must not move, or every task definition would be
	// replaced by a revision of a new family.
	for _, stack := range []string{"dev", "prod"} {
		p := plantest.Plan(t, stack)
		if got, want := plantest.Str(plantest.In(p.One(t, tyTaskDefinition, "api")), "family"), "vpclink-"+stack+"-api"; got != want {
			t.Errorf("%s family = %q, want %q", stack, got, want)
		}
	}
}

func TestNoNatRefusesEcrImageInAnotherRegion(t *testing.T) {
	const image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1"
	_, err := plantest.TryPlan("dev", `vpclink:network.natGateways=none`, `vpclink:services={"api":{"image":"`+image+`"}}`)
	assertProblem(t, err, "vpclink:services.api.image")
	if err == nil || !strings.Contains(err.Error(), image) || !strings.Contains(err.Error(), "us-east-1") {
		t.Errorf("error %v does not name the image and the stack's Region", err)
	}
}

func TestNoNatRefusesEcrPublicImage(t *testing.T) {
	_, err := plantest.TryPlan("dev", `vpclink:network.natGateways=none`, `vpclink:services={"api":{"image":"public.ecr.aws/nginx/nginx:1"}}`)
	assertProblem(t, err, "vpclink:services.api.image")
}

// dependsOn reports whether r depends on the resource with urn, through an input or dependsOn.
func dependsOn(r offline.Resource, urn string) bool { return slices.Contains(r.Dependencies, urn) }

func TestEcsServiceWaitsForExecutionRolePolicy(t *testing.T) {
	for _, v := range []string{"http-alb", "http-cloudmap", "rest-nlb"} {
		t.Run(v, func(t *testing.T) {
			p := plantest.Plan(t, "dev", frontendsOverride(v), threeServices)
			for _, s := range threeServiceSpecs {
				svc, policy := p.One(t, tyEcsService, s.name), p.One(t, tyRolePolicy, s.name+"-execution")
				if !dependsOn(svc, policy.URN) {
					t.Errorf("ECS service %s does not wait for its execution role policy: its first tasks may fail with AccessDenied (aws-facts E11)", s.name)
				}
			}
		})
	}
}

func TestNoNatEcsServiceWaitsForEveryEndpoint(t *testing.T) {
	// http-cloudmap has no load balancer whose creation would happen to delay the service.
	for _, v := range []string{"http-cloudmap", "http-alb"} {
		t.Run(v, func(t *testing.T) {
			p := plantest.Plan(t, "dev", frontendsOverride(v), `vpclink:network.natGateways=none`, privateEcrApi)
			endpoints := p.OfType(tyVpcEndpoint)
			if len(endpoints) != 4 {
				t.Fatalf("endpoints: %d, want ecr.api, ecr.dkr, logs and s3", len(endpoints))
			}
			svc := p.One(t, tyEcsService, "api")
			for _, e := range endpoints {
				if !dependsOn(svc, e.URN) {
					t.Errorf("ECS service does not wait for endpoint %s: without NAT its tasks cannot pull or log before it exists (aws-facts E4)", e.Name)
				}
			}
		})
	}
}

func TestZoneLookupExcludesOptInZones(t *testing.T) {
	// Offline eu-central-1 has the opted-in Local Zone eu-central-1-ham-1a, which sorts first.
	p := plantest.Plan(t, "dev", "aws:region=eu-central-1")
	got := strList(plantest.In(onlyOne(t, p, tyVpc))["availabilityZoneNames"])
	if want := []string{"eu-central-1a", "eu-central-1b"}; !slices.Equal(got, want) {
		t.Errorf("availabilityZoneNames = %v, want %v: Local and Wavelength Zones are filtered out (aws-facts C9)", got, want)
	}
}

// subnetIn answers ec2.LookupSubnet with the zone of each subnet as given, by subnet id.
func subnetIn(zones map[string][2]string) map[string]offline.InvokeFunc {
	return map[string]offline.InvokeFunc{"aws:ec2/getSubnet:getSubnet": func(args resource.PropertyMap) (resource.PropertyMap, error) {
		id := args["id"].StringValue()
		z := zones[id]
		return resource.NewPropertyMapFromMap(map[string]any{"id": id, "availabilityZone": z[0], "availabilityZoneId": z[1]}), nil
	}}
}

func TestExistingSubnetInUnsupportedZoneRefusedForHttpLink(t *testing.T) {
	invokes := subnetIn(map[string][2]string{
		existingSubnets[0]: {"us-east-1a", "use1-az4"},
		existingSubnets[1]: {"us-east-1e", "use1-az3"},
	})
	_, err := plantest.TryPlanWith(invokes, "dev", existingVpc)
	if err == nil || !strings.Contains(err.Error(), existingSubnets[1]) || !strings.Contains(err.Error(), "use1-az3") {
		t.Fatalf("err = %v, want a refusal naming subnet %s and zone id use1-az3 (aws-facts A9)", err, existingSubnets[1])
	}
	if strings.Contains(err.Error(), existingSubnets[0]) {
		t.Errorf("err = %v also names %s, which is in a supported zone", err, existingSubnets[0])
	}
	// Without a frontend on the V2 link (REST on the legacy V1 link) no V2 link goes in the subnets.
	if _, err := plantest.TryPlanWith(invokes, "dev", existingVpc, `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`); err != nil {
		t.Errorf("rest-nlb over the V1 link in the same subnets: %v, want no zone check without a V2 link", err)
	}
}

// vpcWithoutDnsHostnames answers ec2.LookupVpc for a VPC with DNS hostnames off.
var vpcWithoutDnsHostnames = map[string]offline.InvokeFunc{"aws:ec2/getVpc:getVpc": func(args resource.PropertyMap) (resource.PropertyMap, error) {
	return resource.NewPropertyMapFromMap(map[string]any{"id": args["id"].StringValue(), "cidrBlock": "10.20.0.0/16",
		"enableDnsSupport": true, "enableDnsHostnames": false}), nil
}}

func TestExistingVpcWithoutDnsHostnamesRefusedForPrivateDnsEndpoints(t *testing.T) {
	_, err := plantest.TryPlanWith(vpcWithoutDnsHostnames, "dev", existingVpc, `vpclink:network.endpoints=["sts"]`)
	if err == nil || !strings.Contains(err.Error(), "enableDnsHostnames=false") || !strings.Contains(err.Error(), "sts") {
		t.Fatalf("err = %v, want a refusal: the sts endpoint has private DNS, which needs DNS hostnames (aws-facts R5)", err)
	}
	// A gateway endpoint has no private DNS.
	if _, err := plantest.TryPlanWith(vpcWithoutDnsHostnames, "dev", existingVpc, `vpclink:network.endpoints=["s3"]`); err != nil {
		t.Errorf("s3 gateway endpoint only: %v, want no DNS check", err)
	}
}

func TestExistingVpcGatewayEndpointOnlyOnPrivateSubnetRouteTables(t *testing.T) {
	p := plantest.Plan(t, "dev", existingVpc, `vpclink:network.endpoints=["s3"]`)
	got := strList(plantest.In(p.One(t, tyVpcEndpoint, "network-s3"))["routeTableIds"])
	// What the offline cloud says each given subnet's table is.
	cloud := offline.New("vpclink", "dev", "us-east-1")
	var want []string
	for _, s := range existingSubnets {
		res, err := cloud.Call(pulumi.MockCallArgs{Token: "aws:ec2/getRouteTables:getRouteTables", Args: resource.NewPropertyMapFromMap(map[string]any{
			"vpcId":   "vpc-0a1b2c3d4e5f67890",
			"filters": []any{map[string]any{"name": "association.subnet-id", "values": []any{s}}},
		})})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, strList(res["ids"].Mappable())...)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) || len(want) != len(existingSubnets) {
		t.Errorf("routeTableIds = %v, want exactly the tables of the given subnets %v, not every table of a VPC vpclink does not own", got, want)
	}
}

func TestPartitionNamesEndpointServicesAndVpceHost(t *testing.T) {
	p := plantest.Plan(t, "prod", "aws:region=cn-north-1", `vpclink:network.natGateways=none`,
		`vpclink:services={"api":{"image":"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/api:1"}}`)
	for svc := range endpointServices(p) {
		if !strings.HasPrefix(svc, "cn.com.amazonaws.cn-north-1.") {
			t.Errorf("endpoint service %q, want cn.com.amazonaws.cn-north-1.* in the aws-cn partition", svc)
		}
	}
	if len(endpointServices(p)) < 5 {
		t.Errorf("endpoints = %v, want execute-api and the four NAT-less ones", endpointServices(p))
	}
	out := frontendOutputs(t, p)["private-rest"]
	if got := plantest.Str(out, "vpceUrl"); !strings.Contains(got, ".execute-api.cn-north-1.amazonaws.com.cn/") {
		t.Errorf("vpceUrl = %q, want the amazonaws.com.cn domain of the aws-cn partition", got)
	}
	for _, r := range p.OfType(tyRolePolicy) {
		if text := plantest.Str(plantest.In(r), "policy"); strings.Contains(text, "arn:aws:") {
			t.Errorf("role policy %s names an aws-partition ARN in aws-cn: %s", r.Name, text)
		}
	}
}

func TestReadonlyRootPlanSaysWhatNonRootImagesMustDeclare(t *testing.T) {
	// Fargate creates the /tmp bind mount owned by root, mode 0755, unless the image declares
	// VOLUME /tmp (aws-facts E12): the plan must not promise a writable /tmp it cannot give.
	p := plantest.Plan(t, "prod", `vpclink:services={"api":{"image":"ghcr.io/acme/api:1"}}`)
	in := plantest.In(p.One(t, tyTaskDefinition, "api"))
	if vols, _ := in["volumes"].([]any); len(vols) != 1 || plantest.Str(vols[0], "name") != "tmp" {
		t.Fatalf("volumes = %v, want the tmp bind mount", in["volumes"])
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "vpclink:services.api") || !strings.Contains(p.Notes[0], "VOLUME /tmp") ||
		!strings.Contains(p.Notes[0], "ghcr.io/acme/api:1") {
		t.Errorf("notes = %q, want one naming vpclink:services.api, its image and VOLUME /tmp", p.Notes)
	}
	if dev := plantest.Plan(t, "dev"); len(dev.Notes) != 0 {
		t.Errorf("dev notes = %q, want none: dev roots are writable", dev.Notes)
	}
}

func TestExistingVpcWithoutDnsHostnamesRefusedForPrivateDnsExecuteApi(t *testing.T) {
	_, err := plantest.TryPlanWith(vpcWithoutDnsHostnames, "dev", existingVpc, `vpclink:frontends=[{"variant":"private-rest","privateDns":true}]`)
	if err == nil || !strings.Contains(err.Error(), "execute-api") || !strings.Contains(err.Error(), "privateDns") {
		t.Fatalf("err = %v, want a refusal naming execute-api and privateDns (aws-facts R5)", err)
	}
	if _, err := plantest.TryPlanWith(vpcWithoutDnsHostnames, "dev", existingVpc, frontendsOverride("private-rest")); err != nil {
		t.Errorf("private-rest without private DNS: %v, want no DNS check", err)
	}
}
