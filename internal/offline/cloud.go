// Package offline is a cloud that answers like AWS without credentials or network: a
// pulumi.MockResourceMonitor that gives each resource the ids, ARNs and DNS names AWS would, answers
// the lookups the program makes, and records every registration (URN, type, parent, inputs,
// outputs, dependencies, options). The tests and `vpclink plan` stand on it.
//
// It is deterministic: every generated value is derived from the resource's URN, so the same config
// gives the same plan, byte for byte.
package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DefaultAccountID is the placeholder account offline resources live in.
const DefaultAccountID = "123456789012"

// Resource is one registration the program made.
type Resource struct {
	URN    string
	Type   string
	Name   string
	Parent string
	// Custom is false for component resources.
	Custom bool
	// Remote is true for components a provider constructs (awsx): the program sees only them,
	// not their children.
	Remote bool
	ID     string
	// Inputs as the program sent them; Outputs as the cloud answered.
	Inputs  resource.PropertyMap
	Outputs resource.PropertyMap
	// Dependencies are the URNs this resource depends on, through inputs or dependsOn.
	Dependencies []string
	// PropertyDependencies are, per input, the URNs that input's value came from.
	PropertyDependencies map[string][]string
	Protect              bool
	DeleteBeforeReplace  bool
	IgnoreChanges        []string
	ReplaceOnChanges     []string
	Aliases              []string
	CustomTimeouts       Timeouts
}

// Timeouts are a resource's custom create, update and delete timeouts.
type Timeouts struct{ Create, Update, Delete string }

// InvokeFunc answers one invoke token.
type InvokeFunc func(args resource.PropertyMap) (resource.PropertyMap, error)

// Cloud is the offline AWS. Create it with New.
type Cloud struct {
	Project, Stack, Region, AccountID string
	// Invokes overrides or adds answers by token, for tests that need AWS to say something else.
	Invokes map[string]InvokeFunc

	mu        sync.Mutex
	resources map[string]*Resource
	vpcZones  map[string]int // awsx VPC id -> number of zones, for route-table lookups
}

// New returns an empty cloud for a project, stack and Region.
func New(project, stack, region string) *Cloud {
	return &Cloud{
		Project: project, Stack: stack, Region: region, AccountID: DefaultAccountID,
		Invokes:   map[string]InvokeFunc{},
		resources: map[string]*Resource{},
		vpcZones:  map[string]int{},
	}
}

var _ pulumi.MockResourceMonitor = (*Cloud)(nil)

// Resources returns every registered resource, sorted by URN.
func (c *Cloud) Resources() []Resource {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Resource, 0, len(c.resources))
	for _, k := range slices.Sorted(maps.Keys(c.resources)) {
		out = append(out, *c.resources[k])
	}
	return out
}

// urn computes the URN the mock monitor gives a registration (pulumi's mockMonitor.newURN).
func (c *Cloud) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(c.Stack), tokens.PackageName(c.Project), parentType, tokens.Type(typ), name))
}

// NewResource answers a registration like AWS would and records it.
func (c *Cloud) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	parent := ""
	r := &Resource{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs}
	if rpc != nil {
		parent = rpc.GetParent()
		r.Remote = rpc.GetRemote()
		r.Dependencies = slices.Clone(rpc.GetDependencies())
		r.Protect = rpc.GetProtect()
		r.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		r.IgnoreChanges = rpc.GetIgnoreChanges()
		r.ReplaceOnChanges = rpc.GetReplaceOnChanges()
		r.Aliases = rpc.GetAliasURNs()
		if t := rpc.GetCustomTimeouts(); t != nil {
			r.CustomTimeouts = Timeouts{Create: t.GetCreate(), Update: t.GetUpdate(), Delete: t.GetDelete()}
		}
		r.PropertyDependencies = map[string][]string{}
		for k, v := range rpc.GetPropertyDependencies() {
			r.PropertyDependencies[k] = slices.Clone(v.GetUrns())
		}
	}
	r.Parent = parent
	r.URN = c.urn(parent, args.TypeToken, args.Name)

	id, outputs := "", resource.PropertyMap{}
	if args.Custom || r.Remote {
		var err error
		id, outputs, err = c.answer(r)
		if err != nil {
			return "", nil, fmt.Errorf("offline cloud: %s %s: %w", args.TypeToken, args.Name, err)
		}
	}
	r.ID = id
	r.Outputs = outputs

	c.mu.Lock()
	c.resources[r.URN] = r
	c.mu.Unlock()
	return id, outputs, nil
}

// Call answers an invoke.
func (c *Cloud) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if f, ok := c.Invokes[args.Token]; ok {
		return f(args.Args)
	}
	switch args.Token {
	case "aws:index/getRegion:getRegion":
		return obj("name", c.Region, "id", c.Region, "region", c.Region, "endpoint", "ec2."+c.Region+"."+PartitionOf(c.Region).DnsSuffix,
			"description", c.Region), nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return obj("accountId", c.AccountID, "id", c.AccountID, "arn", "arn:"+c.partition()+":iam::"+c.AccountID+":user/offline",
			"userId", "AIDAOFFLINEOFFLINE0000"), nil
	case "aws:index/getPartition:getPartition":
		p := PartitionOf(c.Region)
		return obj("partition", p.ID, "id", p.ID, "dnsSuffix", p.DnsSuffix, "reverseDnsPrefix", p.ReverseDnsPrefix), nil
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		names, ids := Zones(c.Region)
		// Opted-in Local Zones come back too unless the caller filters on opt-in-status, as
		// DescribeAvailabilityZones does in an account that opted in (aws-facts C9). The provider
		// sorts by name, which puts eu-central-1-ham-1a before eu-central-1a.
		if !filtered(args.Args, "opt-in-status", "opt-in-not-required") {
			names, ids = withOptInZones(c.Region, names, ids)
		}
		return resource.PropertyMap{
			"id":      resource.NewProperty(c.Region),
			"names":   strings2prop(names),
			"zoneIds": strings2prop(ids),
		}, nil
	case "aws:ec2/getSubnet:getSubnet":
		// A subnet that exists before the program runs, in one of the Region's first three zones
		// by its id's last hex digit: deterministic, and never a zone an offline plan would have
		// to refuse. Tests answer otherwise through Invokes.
		id := args.Args["id"].StringValue()
		names, ids := Zones(c.Region)
		i := 0
		if d, err := strconv.ParseUint(id[len(id)-1:], 16, 8); err == nil {
			i = int(d) % min(3, len(names))
		}
		return obj("id", id, "arn", c.arn("ec2", "subnet/"+id), "availabilityZone", names[i], "availabilityZoneId", ids[i],
			"state", "available"), nil
	case "aws:ec2/getRouteTables:getRouteTables":
		vpcID := ""
		if v, ok := args.Args["vpcId"]; ok && v.IsString() {
			vpcID = v.StringValue()
		}
		if subnets := filterValues(args.Args, "association.subnet-id"); len(subnets) > 0 {
			// Offline every subnet has an explicit association with a table of its own.
			var ids []string
			for _, s := range subnets {
				ids = append(ids, "rtb-"+hash17(vpcID+"/subnet/"+s))
			}
			return resource.PropertyMap{"id": resource.NewProperty(vpcID), "ids": strings2prop(ids)}, nil
		}
		if len(filterValues(args.Args, "association.main")) > 0 {
			return resource.PropertyMap{"id": resource.NewProperty(vpcID), "ids": strings2prop([]string{"rtb-" + hash17(vpcID+"/main")})}, nil
		}
		c.mu.Lock()
		n := c.vpcZones[vpcID]
		c.mu.Unlock()
		var ids []string
		for i := range 2*n + 1 { // a route table per subnet, plus the main one
			ids = append(ids, "rtb-"+hash17(fmt.Sprintf("%s/rtb/%d", vpcID, i)))
		}
		return resource.PropertyMap{"id": resource.NewProperty(vpcID), "ids": strings2prop(ids)}, nil
	case "aws:ec2/getVpc:getVpc":
		id := args.Args["id"].StringValue()
		return obj("id", id, "arn", c.arn("ec2", "vpc/"+id), "cidrBlock", "10.0.0.0/16", "enableDnsSupport", true,
			"enableDnsHostnames", true, "state", "available"), nil
	}
	return nil, fmt.Errorf("offline cloud: no answer for invoke %s", args.Token)
}

// Zones are the availability zones of a Region offline: names and the zone IDs they map to.
// us-east-1 includes use1-az3, where HTTP API VPC links are not supported (aws-facts A9), as it
// does in real accounts.
func Zones(region string) (names, ids []string) {
	switch region {
	case "us-east-1":
		return []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"},
			[]string{"use1-az4", "use1-az6", "use1-az1", "use1-az2", "use1-az3", "use1-az5"}
	case "us-west-2":
		return []string{"us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"},
			[]string{"usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"}
	}
	short := regionShort(region)
	return []string{region + "a", region + "b", region + "c"}, []string{short + "-az1", short + "-az2", short + "-az3"}
}

// optInZones are Local Zones an account may have opted in to, by Region: name and zone id.
var optInZones = map[string][][2]string{
	"us-west-2":    {{"us-west-2-lax-1a", "usw2-lax1-az1"}},
	"eu-central-1": {{"eu-central-1-ham-1a", "euc1-ham1-az1"}},
}

// withOptInZones adds the Region's opted-in Local Zones to its zones, sorted by name.
func withOptInZones(region string, names, ids []string) ([]string, []string) {
	type zone struct{ name, id string }
	var all []zone
	for i := range names {
		all = append(all, zone{names[i], ids[i]})
	}
	for _, z := range optInZones[region] {
		all = append(all, zone{z[0], z[1]})
	}
	slices.SortFunc(all, func(a, b zone) int { return strings.Compare(a.name, b.name) })
	names, ids = nil, nil
	for _, z := range all {
		names = append(names, z.name)
		ids = append(ids, z.id)
	}
	return names, ids
}

// filterValues returns the values of an invoke's filters block named name.
func filterValues(args resource.PropertyMap, name string) []string {
	f, ok := args["filters"]
	if !ok || !f.IsArray() {
		return nil
	}
	var out []string
	for _, e := range f.ArrayValue() {
		if !e.IsObject() || str(e.ObjectValue(), "name") != name {
			continue
		}
		if v, ok := e.ObjectValue()["values"]; ok && v.IsArray() {
			for _, x := range v.ArrayValue() {
				if x.IsString() {
					out = append(out, x.StringValue())
				}
			}
		}
	}
	return out
}

// filtered reports whether an invoke's filters keep only value for name.
func filtered(args resource.PropertyMap, name, value string) bool {
	v := filterValues(args, name)
	return len(v) > 0 && !slices.ContainsFunc(v, func(x string) bool { return x != value })
}

// Partition is an AWS partition as aws.GetPartition describes it.
type Partition struct{ ID, DnsSuffix, ReverseDnsPrefix string }

// PartitionOf returns the partition of a Region: aws-cn for cn-*, aws-us-gov for us-gov-*, aws
// otherwise (AWS General Reference, "AWS service endpoints"; pulumi-aws GetPartitionResult).
func PartitionOf(region string) Partition {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return Partition{"aws-cn", "amazonaws.com.cn", "cn.com.amazonaws"}
	case strings.HasPrefix(region, "us-gov-"):
		return Partition{"aws-us-gov", "amazonaws.com", "com.amazonaws"}
	}
	return Partition{"aws", "amazonaws.com", "com.amazonaws"}
}

// regionShort abbreviates a Region the way zone IDs do: eu-west-1 -> euw1.
func regionShort(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) < 3 {
		return region
	}
	return parts[0] + string(parts[1][0]) + parts[len(parts)-1]
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func hash17(s string) string { return hash(s)[:17] }

func obj(kv ...any) resource.PropertyMap {
	m := resource.PropertyMap{}
	for i := 0; i < len(kv); i += 2 {
		m[resource.PropertyKey(kv[i].(string))] = resource.NewPropertyValue(kv[i+1])
	}
	return m
}

func strings2prop(v []string) resource.PropertyValue {
	a := make([]resource.PropertyValue, len(v))
	for i, s := range v {
		a[i] = resource.NewProperty(s)
	}
	return resource.NewProperty(a)
}

// Answer returns the id and outputs AWS would give a resource, exactly as NewResource does, without
// recording it: for fake providers that serve the real Pulumi engine the same answers the offline
// plan shows. typ "awsx:ec2:Vpc" answers the awsx VPC component's outputs.
func (c *Cloud) Answer(urn, typ, name string, inputs resource.PropertyMap) (string, resource.PropertyMap, error) {
	return c.answer(&Resource{URN: urn, Type: typ, Name: name, Inputs: inputs, Custom: true})
}
