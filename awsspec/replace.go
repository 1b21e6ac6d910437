// Replace-only properties: which inputs AWS cannot change in place, so that a change replaces
// the resource. The fake providers of the engine tests (internal/fakeaws) answer the engine's Diff
// with this table, and the plan diff (package plan) predicts replacements with it, so the two can
// never disagree.
//
// Sources: the ForceNew attributes of the Terraform AWS provider v5 behind pulumi-aws v6
// (internal/service/*/*.go, "ForceNew: true"), the AWS API references of the Update/Modify calls
// (what they cannot set: e.g. ModifySubnetAttribute has no CidrBlock, there is no ModifyFlowLog,
// RegisterTaskDefinition always makes a new revision), and docs/aws-facts.md A5, A8, E8, R1.

package awsspec

import (
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// DiffResult is how a resource's inputs differ: the top-level input properties that differ, and
// those of them AWS cannot change in place.
type DiffResult struct {
	// Changed are the top-level input keys whose values differ, sorted.
	Changed []string
	// ReplaceKeys are the changed keys that force a replacement, sorted.
	ReplaceKeys []string
}

// HasChanges reports whether anything differs.
func (d DiffResult) HasChanges() bool { return len(d.Changed) > 0 }

// Replace reports whether the resource must be replaced.
func (d DiffResult) Replace() bool { return len(d.ReplaceKeys) > 0 }

// parentRefs are properties that name the resource's parent in AWS (the API, the VPC, the group,
// the listener, the cluster, the role...): moving a resource to another parent means a new
// resource, whatever its type.
var parentRefs = []string{
	"restApi", "restApiId", "apiId", "vpcId", "vpc", "securityGroupId", "listenerArn", "loadBalancerArn",
	"cluster", "role", "resourceId", "httpMethod", "bucket",
}

// immutable are types whose every input but their tags forces a replacement.
var immutable = map[string]bool{
	// A task definition revision never changes; a change registers a new revision.
	"aws:ecs/taskDefinition:TaskDefinition": true,
	// ModifyFlowLog does not exist.
	"aws:ec2/flowLog:FlowLog": true,
	// Waits, joins and associations: no Update call exists (ACM validation is a wait on a
	// certificate, a usage-plan key and a domain access association are created and deleted,
	// AssociateWebACL has no update).
	"aws:acm/certificateValidation:CertificateValidation":                    true,
	"aws:apigateway/usagePlanKey:UsagePlanKey":                               true,
	"aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation": true,
	"aws:wafv2/webAclAssociation:WebAclAssociation":                          true,
}

// replaceKeys are, per type, the inputs the AWS API cannot update (the ForceNew attributes of the
// Terraform AWS provider behind pulumi-aws, plus aws-facts A5, A8, E8 and R1).
var replaceKeys = map[string][]string{
	"aws:ec2/vpc:Vpc":                                              {"cidrBlock", "instanceTenancy", "ipv4IpamPoolId", "ipv4NetmaskLength"},
	"aws:ec2/subnet:Subnet":                                        {"cidrBlock", "availabilityZone", "availabilityZoneId", "ipv6Native", "outpostArn"},
	"aws:ec2/securityGroup:SecurityGroup":                          {"name", "namePrefix", "description"},
	"aws:ec2/vpcEndpoint:VpcEndpoint":                              {"serviceName", "vpcEndpointType", "serviceRegion"},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":    nil,
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":      nil,
	"aws:cloudwatch/logGroup:LogGroup":                             {"name", "namePrefix", "logGroupClass"},
	"aws:iam/role:Role":                                            {"name", "namePrefix", "path"},
	"aws:iam/rolePolicy:RolePolicy":                                {"name", "namePrefix"},
	"aws:ecs/cluster:Cluster":                                      {"name"},
	"aws:ecs/service:Service":                                      {"name", "launchType", "schedulingStrategy", "iamRole", "deploymentController"},
	"aws:lb/loadBalancer:LoadBalancer":                             {"name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"},
	"aws:lb/targetGroup:TargetGroup":                               {"name", "namePrefix", "port", "protocol", "protocolVersion", "targetType", "ipAddressType"},
	"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {"name"},
	"aws:servicediscovery/service:Service":                         {"name", "namespaceId", "healthCheckCustomConfig", "type"},
	"aws:appautoscaling/target:Target":                             {"scalableDimension", "serviceNamespace"},
	"aws:appautoscaling/policy:Policy":                             {"name", "scalableDimension", "serviceNamespace", "policyType"},
	// aws-facts A8: a V2 link's subnets and security groups are fixed at creation.
	"aws:apigatewayv2/vpcLink:VpcLink": {"subnetIds", "securityGroupIds"},
	// aws-facts A5: a V1 link's target cannot change.
	"aws:apigateway/vpcLink:VpcLink":                   {"targetArn"},
	"aws:apigatewayv2/api:Api":                         {"protocolType"},
	"aws:apigatewayv2/integration:Integration":         {"integrationType"},
	"aws:apigatewayv2/stage:Stage":                     {"name"},
	"aws:apigatewayv2/authorizer:Authorizer":           nil,
	"aws:apigatewayv2/route:Route":                     nil,
	"aws:apigateway/restApi:RestApi":                   nil,
	"aws:apigateway/restApiPolicy:RestApiPolicy":       nil,
	"aws:apigateway/resource:Resource":                 nil,
	"aws:apigateway/requestValidator:RequestValidator": nil,
	"aws:apigateway/method:Method":                     nil,
	"aws:apigateway/integration:Integration":           nil,
	// aws-facts R1: a deployment is a snapshot; its triggers exist to force a new one.
	"aws:apigateway/deployment:Deployment":              {"triggers", "stageName", "variables", "canarySettings"},
	"aws:apigateway/stage:Stage":                        {"stageName"},
	"aws:apigateway/methodSettings:MethodSettings":      {"stageName", "methodPath"},
	"aws:apigateway/account:Account":                    nil,
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": nil,
	// A bucket's name is its identity (and global); object lock can only be chosen at creation.
	// Its configurations belong to one bucket ("bucket" is a parent reference above).
	"aws:s3/bucketV2:BucketV2": {"bucket", "bucketPrefix", "objectLockEnabled"},
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {"expectedBucketOwner"},
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     nil,
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":                                     nil,
	"aws:s3/bucketPolicy:BucketPolicy":                                                           nil,
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       {"expectedBucketOwner"},
	// The front door. A domain name is its identity: domainName forces a new one, and so does a
	// certificate of another Region (a regional or private domain takes one of its own Region,
	// see ForcesReplace) and a move between REGIONAL and PRIVATE. Mappings belong to one domain;
	// their API, stage and base path change in place (UpdateApiMapping, UpdateBasePathMapping).
	"aws:apigatewayv2/domainName:DomainName":         {"domainName"},
	"aws:apigatewayv2/apiMapping:ApiMapping":         {"domainName"},
	"aws:apigateway/domainName:DomainName":           {"domainName", "certificateBody", "certificateChain", "certificatePrivateKey"},
	"aws:apigateway/basePathMapping:BasePathMapping": {"domainName", "domainNameId"},
	"aws:acm/certificate:Certificate":                {"domainName", "subjectAlternativeNames", "keyAlgorithm", "certificateAuthorityArn", "validationMethod"},
	"aws:route53/record:Record":                      {"zoneId", "name"},
	// A usage plan's stages, throttling and quota change in place (UpdateUsagePlan); an API
	// key's value cannot (UpdateApiKey patches name, description, enabled, customerId only).
	"aws:apigateway/usagePlan:UsagePlan": nil,
	"aws:apigateway/apiKey:ApiKey":       {"value"},
	// "You cannot change the name of a web ACL after you create it" (wafv2 CreateWebACL), nor
	// its scope; rules and actions change in place (UpdateWebACL).
	"aws:wafv2/webAcl:WebAcl": {"name", "namePrefix", "scope"},
	"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {"resourceArn"},
	// The awsx VPC is a component: it is not diffed itself, but a new cidrBlock replaces the
	// aws:ec2/vpc:Vpc it creates (CreateVpc's CidrBlock cannot be modified, only associated
	// blocks added) and so every subnet, route table and NAT gateway in it; new subnet specs or
	// zones replace subnets (a subnet's CidrBlock and AvailabilityZone are fixed at CreateSubnet).
	"awsx:ec2:Vpc": {"cidrBlock", "subnetSpecs", "availabilityZoneNames", "subnetStrategy"},
}

// ReplaceKeys returns the inputs of typ that force a replacement whatever their value (not the
// parent references, see ParentRefs, nor the value-dependent rules of ForcesReplace), sorted.
func ReplaceKeys(typ string) []string {
	k := slices.Clone(replaceKeys[typ])
	slices.Sort(k)
	return k
}

// IsImmutable reports whether every input of typ but its tags forces a replacement.
func IsImmutable(typ string) bool { return immutable[typ] }

// ParentRefs returns the inputs that name a resource's parent in AWS, which replace any resource.
func ParentRefs() []string { return slices.Clone(parentRefs) }

// Known reports whether the table describes typ (an unknown type is diffed by parent references
// and tags only).
func Known(typ string) bool {
	_, ok := replaceKeys[typ]
	return ok || immutable[typ]
}

// ForcesReplace reports whether a change of the top-level input key from olds to news replaces a
// resource of type typ. A new value that is unknown (computed) forces a replacement when the key
// always does; value-dependent rules (an NLB's subnets) wait until it is known.
func ForcesReplace(typ, key string, olds, news resource.PropertyMap) bool {
	return forcesReplace(typ, key, olds, news)
}

// unchangedKeys never cause a replacement, whatever the type.
var tagKeys = []string{"tags", "tagsAll"}

// Diff compares a resource's old and new inputs: what the fake providers answer the engine, and
// what the plan diff predicts.
// Values compare structurally: secrets by their plaintext, null like absent, unknown (computed)
// values as changed. ignore lists top-level keys the program asked to ignore.
func Diff(typ string, olds, news resource.PropertyMap, ignore ...string) DiffResult {
	var res DiffResult
	keys := map[resource.PropertyKey]bool{}
	for k := range olds {
		keys[k] = true
	}
	for k := range news {
		keys[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if strings.HasPrefix(string(k), "__") || slices.Contains(ignore, string(k)) {
			continue
		}
		if Equal(olds[k], news[k]) {
			continue
		}
		res.Changed = append(res.Changed, string(k))
		if forcesReplace(typ, string(k), olds, news) {
			res.ReplaceKeys = append(res.ReplaceKeys, string(k))
		}
	}
	return res
}

// forcesReplace reports whether a change of key on typ replaces the resource.
func forcesReplace(typ, key string, olds, news resource.PropertyMap) bool {
	if slices.Contains(tagKeys, key) {
		return false
	}
	if immutable[typ] || slices.Contains(parentRefs, key) || slices.Contains(replaceKeys[typ], key) {
		return true
	}
	switch typ {
	case "aws:lb/loadBalancer:LoadBalancer":
		if repStr(news, "loadBalancerType") != "network" {
			return false
		}
		switch key {
		case "securityGroups":
			// aws-facts E8: security groups of an NLB are fixed at creation.
			return true
		case "subnets", "subnetMappings":
			// An NLB can gain subnets in place but never lose one. Like the Terraform provider,
			// only a known new list can tell: an unknown one is an update until it is known.
			n := news[resource.PropertyKey(key)]
			return !HasUnknowns(n) && !repIsSubset(olds[resource.PropertyKey(key)], n)
		}
	case "aws:apigatewayv2/domainName:DomainName":
		if key == "domainNameConfiguration" {
			return certRegionChanged(repField(olds, key, "certificateArn"), repField(news, key, "certificateArn")) ||
				!Equal(repField(olds, key, "endpointType"), repField(news, key, "endpointType"))
		}
	case "aws:apigateway/domainName:DomainName":
		switch key {
		case "certificateArn", "regionalCertificateArn":
			return certRegionChanged(olds[resource.PropertyKey(key)], news[resource.PropertyKey(key)])
		case "endpointConfiguration":
			// A PRIVATE domain name cannot become public, nor a public one private.
			return !Equal(repField(olds, key, "types"), repField(news, key, "types"))
		}
	case "aws:servicediscovery/service:Service":
		if key == "dnsConfig" {
			return !Equal(repField(olds, key, "namespaceId"), repField(news, key, "namespaceId")) ||
				!Equal(repField(olds, key, "routingPolicy"), repField(news, key, "routingPolicy"))
		}
	}
	return false
}

// Equal compares two property values structurally: secrets by their plaintext, output values by
// their element, null like absent, and an unknown value is never equal to anything.
func Equal(a, b resource.PropertyValue) bool {
	a, b = plain(a), plain(b)
	if a.IsComputed() || b.IsComputed() {
		return false
	}
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	switch {
	case a.IsString() && b.IsString():
		return a.StringValue() == b.StringValue()
	case a.IsNumber() && b.IsNumber():
		return a.NumberValue() == b.NumberValue()
	case a.IsBool() && b.IsBool():
		return a.BoolValue() == b.BoolValue()
	case a.IsArray() && b.IsArray():
		x, y := a.ArrayValue(), b.ArrayValue()
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case a.IsObject() && b.IsObject():
		x, y := a.ObjectValue(), b.ObjectValue()
		for k, v := range x {
			if !Equal(v, y[k]) {
				return false
			}
		}
		for k, v := range y {
			if _, ok := x[k]; !ok && !plain(v).IsNull() {
				return false
			}
		}
		return true
	case a.IsResourceReference() && b.IsResourceReference():
		ra, rb := a.ResourceReferenceValue(), b.ResourceReferenceValue()
		return ra.URN == rb.URN && Equal(ra.ID, rb.ID)
	case a.IsAsset() && b.IsAsset():
		return a.AssetValue().Hash == b.AssetValue().Hash
	case a.IsArchive() && b.IsArchive():
		return a.ArchiveValue().Hash == b.ArchiveValue().Hash
	}
	return false
}

// HasUnknowns reports whether a value contains an unknown anywhere, under secrets and outputs
// too.
func HasUnknowns(v resource.PropertyValue) bool {
	v = plain(v)
	switch {
	case v.IsComputed():
		return true
	case v.IsArray():
		return slices.ContainsFunc(v.ArrayValue(), HasUnknowns)
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			if HasUnknowns(e) {
				return true
			}
		}
	}
	return false
}

// repIsSubset reports whether every element of the array old is in the array new, all known.
func repIsSubset(old, new resource.PropertyValue) bool {
	old, new = plain(old), plain(new)
	if !old.IsArray() {
		return true
	}
	if !new.IsArray() {
		return false
	}
	for _, o := range old.ArrayValue() {
		if !slices.ContainsFunc(new.ArrayValue(), func(n resource.PropertyValue) bool { return Equal(o, n) }) {
			return false
		}
	}
	return true
}

func repField(m resource.PropertyMap, path ...string) resource.PropertyValue {
	v := resource.NewObjectProperty(m)
	for _, p := range path {
		v = plain(v)
		if !v.IsObject() {
			return resource.NewNullProperty()
		}
		v = v.ObjectValue()[resource.PropertyKey(p)]
	}
	return v
}

func repStr(m resource.PropertyMap, k string) string {
	v := plain(m[resource.PropertyKey(k)])
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// certRegionChanged reports whether a certificate ARN moved to another Region: a regional or
// private domain name serves a certificate of its own Region only, so such a change is a new
// domain name. An unknown new ARN is an update until it is known.
func certRegionChanged(old, new resource.PropertyValue) bool {
	old, new = plain(old), plain(new)
	if !old.IsString() || !new.IsString() {
		return false
	}
	region := func(arn string) string {
		if p := strings.Split(arn, ":"); len(p) > 3 {
			return p[3]
		}
		return ""
	}
	return region(old.StringValue()) != region(new.StringValue())
}
