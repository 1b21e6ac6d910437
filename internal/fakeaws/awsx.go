package fakeaws

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumiprovider "github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/vpclink/vpclink/internal/offline"
)

// awsxChild is what an aws resource the awsx VPC registers stands for, so the aws provider can give
// it the id the offline cloud gives the component's matching output.
type awsxChild struct {
	parentURN, parentName string
	parentInputs          resource.PropertyMap
	// kind is "vpc", or the subnet type in lower case: "private", "public", "isolated".
	kind  string
	index int
}

// vpcComponent is the awsx:ec2:Vpc component with the outputs vpclink reads.
type vpcComponent struct {
	pulumi.ResourceState

	VpcId             pulumi.StringOutput      `pulumi:"vpcId"`
	PrivateSubnetIds  pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	PublicSubnetIds   pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	IsolatedSubnetIds pulumi.StringArrayOutput `pulumi:"isolatedSubnetIds"`
}

// Child is an aws resource the fake awsx:ec2:Vpc registers under the component.
type Child struct {
	URN, Type, Name string
	// Kind is "vpc", or the subnet's type in lower case: "private", "public" or "isolated".
	Kind string
	// Index of a subnet within its kind, in availability-zone order.
	Index int
	// Inputs the child is registered with. A subnet's vpcId, the VPC's id, is left out.
	Inputs resource.PropertyMap
}

// VpcChildren returns what the fake awsx:ec2:Vpc with the URN and inputs registers: an
// aws:ec2/vpc:Vpc named like the component, then one aws:ec2/subnet:Subnet per CIDR block of each
// subnet spec, named <component>-<spec name>-<n> (awsx's own naming). Only explicit layouts (subnet
// specs with cidrBlocks, as vpclink's Network sends) are modelled.
func VpcChildren(componentURN string, inputs resource.PropertyMap) ([]Child, error) {
	u := resource.URN(componentURN)
	if !u.IsValid() || u.Type() != "awsx:ec2:Vpc" {
		return nil, fmt.Errorf("%q is not the URN of an awsx:ec2:Vpc", componentURN)
	}
	in := resource.PropertyMap{}
	for k, v := range inputs {
		in[k] = deepPlain(v)
	}
	name, stack, project, parentType := u.Name(), string(u.Stack()), string(u.Project()), string(u.QualifiedType())
	tags := resource.PropertyMap{}
	if t := in["tags"]; t.IsObject() {
		tags = t.ObjectValue().Copy()
	}
	withName := func(n string) resource.PropertyValue {
		m := tags.Copy()
		m["Name"] = resource.NewProperty(n)
		return resource.NewProperty(m)
	}
	vpcIn := resource.PropertyMap{"cidrBlock": resource.NewProperty(str(in, "cidrBlock")), "tags": withName(name)}
	for _, k := range []resource.PropertyKey{"enableDnsSupport", "enableDnsHostnames"} {
		if v := in[k]; v.IsBool() {
			vpcIn[k] = v
		}
	}
	out := []Child{{URN: childURN(stack, project, parentType, "aws:ec2/vpc:Vpc", name), Type: "aws:ec2/vpc:Vpc", Name: name, Kind: "vpc", Inputs: vpcIn}}

	var zones []string
	if z := in["availabilityZoneNames"]; z.IsArray() {
		for _, v := range z.ArrayValue() {
			if v.IsString() {
				zones = append(zones, v.StringValue())
			}
		}
	}
	specs := in["subnetSpecs"]
	if !specs.IsArray() {
		return nil, fmt.Errorf("the fake awsx:ec2:Vpc needs subnetSpecs with explicit cidrBlocks")
	}
	for _, spec := range specs.ArrayValue() {
		if !spec.IsObject() {
			continue
		}
		m := spec.ObjectValue()
		kind := strings.ToLower(str(m, "type"))
		label := str(m, "name")
		if label == "" {
			label = kind
		}
		blocks := m["cidrBlocks"]
		if !blocks.IsArray() {
			return nil, fmt.Errorf("subnet spec %s has no cidrBlocks; the fake awsx:ec2:Vpc only models explicit layouts", label)
		}
		for i, b := range blocks.ArrayValue() {
			if !b.IsString() {
				return nil, fmt.Errorf("subnet spec %s: cidrBlocks[%d] is not a string", label, i)
			}
			sn := fmt.Sprintf("%s-%s-%d", name, label, i+1)
			snIn := resource.PropertyMap{"cidrBlock": b, "tags": withName(sn)}
			if len(zones) > 0 {
				snIn["availabilityZone"] = resource.NewProperty(zones[i%len(zones)])
			}
			if kind == "public" {
				snIn["mapPublicIpOnLaunch"] = resource.NewProperty(true)
			}
			out = append(out, Child{
				URN: childURN(stack, project, parentType, "aws:ec2/subnet:Subnet", sn), Type: "aws:ec2/subnet:Subnet",
				Name: sn, Kind: kind, Index: i, Inputs: snIn,
			})
		}
	}
	return out, nil
}

// constructVpc registers the awsx:ec2:Vpc component and its VpcChildren through the engine, and
// returns the component's outputs from its children's ids.
func (p *provider) constructVpc(ctx context.Context, req *pulumirpc.ConstructRequest) (*pulumirpc.ConstructResponse, error) {
	raw, err := unmarshal(req.GetInputs())
	if err != nil {
		return nil, err
	}
	in := resource.PropertyMap{}
	for k, v := range raw {
		in[k] = deepPlain(v)
	}
	compURN := constructURN(req)
	children, err := VpcChildren(compURN, in)
	if err != nil {
		return nil, err
	}
	known := map[string]awsxChild{}
	for _, c := range children {
		known[c.URN] = awsxChild{parentURN: compURN, parentName: req.GetName(), parentInputs: in, kind: c.Kind, index: c.Index}
	}
	p.s.setChildren(known)

	return pulumiprovider.Construct(ctx, req, p.s.engineConn("awsx"), func(pctx *pulumi.Context, typ, name string,
		_ pulumiprovider.ConstructInputs, options pulumi.ResourceOption,
	) (*pulumiprovider.ConstructResult, error) {
		comp := &vpcComponent{}
		if err := pctx.RegisterComponentResource(typ, name, comp, options); err != nil {
			return nil, err
		}
		var vpcID pulumi.IDOutput
		ids := map[string]pulumi.StringArray{"private": {}, "public": {}, "isolated": {}}
		for _, c := range children {
			props := pulumi.Map{}
			for k, v := range c.Inputs.Mappable() {
				props[k] = pulumi.ToOutput(v)
			}
			if c.Kind != "vpc" {
				props["vpcId"] = vpcID
			}
			res := &ec2Resource{}
			if err := pctx.RegisterResource(c.Type, c.Name, props, res, pulumi.Parent(comp), pulumi.Version(AwsVersion)); err != nil {
				return nil, err
			}
			if c.Kind == "vpc" {
				vpcID = res.ID()
			} else {
				ids[c.Kind] = append(ids[c.Kind], res.ID().ToStringOutput())
			}
		}
		comp.VpcId = vpcID.ToStringOutput()
		comp.PrivateSubnetIds = ids["private"].ToStringArrayOutput()
		comp.PublicSubnetIds = ids["public"].ToStringArrayOutput()
		comp.IsolatedSubnetIds = ids["isolated"].ToStringArrayOutput()
		if err := pctx.RegisterResourceOutputs(comp, pulumi.Map{
			"vpcId":             comp.VpcId,
			"privateSubnetIds":  comp.PrivateSubnetIds,
			"publicSubnetIds":   comp.PublicSubnetIds,
			"isolatedSubnetIds": comp.IsolatedSubnetIds,
		}); err != nil {
			return nil, err
		}
		return pulumiprovider.NewConstructResult(comp)
	})
}

// ec2Resource is a custom resource whose outputs the component does not read beyond its id.
type ec2Resource struct {
	pulumi.CustomResourceState
}

// answerEc2 answers for the VPC and subnets, which the offline cloud only knows as the awsx
// component's outputs: a child of an awsx VPC created for the first time gets the id the offline
// cloud gives the matching component output, so the engine's stack and `vpclink plan` agree.
func (s *Server) answerEc2(urn, typ, name string, in resource.PropertyMap, generation int) (string, resource.PropertyMap, error) {
	id := ""
	if c, ok := s.child(urn); ok {
		_, comp, err := s.cloud.Answer(seed(c.parentURN, generation), "awsx:ec2:Vpc", c.parentName, c.parentInputs)
		if err != nil {
			return "", nil, err
		}
		if c.kind == "vpc" {
			id = str(comp, "vpcId")
		} else if ids := comp[resource.PropertyKey(c.kind+"SubnetIds")]; ids.IsArray() && c.index < len(ids.ArrayValue()) {
			id = ids.ArrayValue()[c.index].StringValue()
		}
	}
	prefix := "vpc-"
	if typ == "aws:ec2/subnet:Subnet" {
		prefix = "subnet-"
	}
	if id == "" {
		sum := sha256.Sum256([]byte(seed(urn, generation)))
		id = prefix + hex.EncodeToString(sum[:])[:17]
	}
	out := in.Copy()
	set := func(k string, v any) { out[resource.PropertyKey(k)] = resource.NewPropertyValue(v) }
	account, region := offline.DefaultAccountID, s.opts.Region
	set("id", id)
	set("ownerId", account)
	if t, ok := in["tags"]; ok {
		out["tagsAll"] = t
	}
	if typ == "aws:ec2/vpc:Vpc" {
		set("arn", fmt.Sprintf("arn:%s:ec2:%s:%s:vpc/%s", offline.PartitionOf(region).ID, region, account, id))
		h := sha256.Sum256([]byte(id))
		x := hex.EncodeToString(h[:])
		set("mainRouteTableId", "rtb-"+x[:17])
		set("defaultRouteTableId", "rtb-"+x[:17])
		set("defaultSecurityGroupId", "sg-"+x[17:34])
		set("defaultNetworkAclId", "acl-"+x[34:51])
		set("instanceTenancy", "default")
		return id, out, nil
	}
	set("arn", fmt.Sprintf("arn:%s:ec2:%s:%s:subnet/%s", offline.PartitionOf(region).ID, region, account, id))
	if az := str(in, "availabilityZone"); az != "" {
		names, ids := offline.Zones(region)
		if i := slices.Index(names, az); i >= 0 {
			set("availabilityZoneId", ids[i])
		}
	}
	return id, out, nil
}
