package awsspec

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// How pulumi-aws v6 names a resource whose "name" the program leaves unset (the bridge's
// tfbridge.ComputeAutoNameDefault with resource.NewUniqueName): the logical name, a "-", and
// AutonameRandomLength random lower-case hex digits. The name is never cut to fit: with a maximum
// length the bridge refuses a logical name that leaves no room for the suffix, and without one the
// Terraform provider's own validator refuses the result in Check.
//
// The maximum is 255 (provider/autonaming.go, setAutonaming) for every type except the target
// group, which pulumi-aws declares with tfbridge.AutoName("name", 32, "-") (pulumi-aws PR 1932,
// API_CreateTargetGroup). The load balancer keeps the default 255, so a long logical name yields
// a name over 32 that the Terraform provider's name validator refuses in Check ("name" cannot be
// longer than 32 characters; pulumi-cdk issue 62 shows it for "loadbalancedserviceLB1BE8EDCE").
const AutonameRandomLength = 7

// autonameMaxLen is the bridge's Maxlen per autonamed type vpclink uses.
var autonameMaxLen = map[string]int{
	"aws:lb/loadBalancer:LoadBalancer":                             255,
	"aws:lb/targetGroup:TargetGroup":                               32,
	"aws:iam/role:Role":                                            255,
	"aws:iam/rolePolicy:RolePolicy":                                255,
	"aws:cloudwatch/logGroup:LogGroup":                             255,
	"aws:ecs/cluster:Cluster":                                      255,
	"aws:ecs/service:Service":                                      255,
	"aws:ec2/securityGroup:SecurityGroup":                          255,
	"aws:apigateway/restApi:RestApi":                               255,
	"aws:apigateway/vpcLink:VpcLink":                               255,
	"aws:apigatewayv2/api:Api":                                     255,
	"aws:apigatewayv2/vpcLink:VpcLink":                             255,
	"aws:appautoscaling/policy:Policy":                             255,
	"aws:servicediscovery/service:Service":                         255,
	"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": 255,
	// wafv2 CreateWebACL Name: 1 to 128 of \w and - (AWS SDK for Go v2 service/wafv2).
	"aws:wafv2/webAcl:WebAcl": 128,
}

// IsAutonamed reports whether pulumi-aws generates the "name" of typ when the program sets none.
func IsAutonamed(typ string) bool { _, ok := autonameMaxLen[typ]; return ok }

// placeholderSuffix stands for the random part when a name is checked before it exists: hex
// digits, as the provider draws them.
const placeholderSuffix = "0a1b2c3"

// Autoname is the name pulumi-aws gives a resource of typ named logicalName, with the random
// part shown as AutonameRandomLength hex digits, or the error the provider answers when the
// logical name leaves no room for them.
func Autoname(typ, logicalName string) (string, error) {
	if msg := autonameError(typ, nil, logicalName); msg != "" {
		return "", fmt.Errorf("%s", msg)
	}
	return logicalName + "-" + placeholderSuffix, nil
}

// autonameError is the bridge's refusal for a logical name too long for typ's maximum.
func autonameError(typ string, inputs resource.PropertyMap, logicalName string) string {
	max, ok := autonameMaxLen[typ]
	if !ok || (inputs != nil && !autoSet(inputs)) {
		return ""
	}
	if len(logicalName)+1+AutonameRandomLength > max {
		return fmt.Sprintf("could not make instance of '%s': name '%s-' plus %d random chars is longer than maximum length %d",
			typ, logicalName, AutonameRandomLength, max)
	}
	return ""
}

// autoKey marks inputs whose name withAutoname filled in.
const autoKey = resource.PropertyKey("__awsspecAutoname")

// withAutoname returns inputs with the name the provider would generate, when it generates one
// and can (an over-long target group name has none: autonameError reports it).
func withAutoname(typ string, inputs resource.PropertyMap, logicalName string) resource.PropertyMap {
	if !IsAutonamed(typ) || logicalName == "" {
		return inputs
	}
	if v, ok := inputs["name"]; ok && !v.IsNull() {
		return inputs
	}
	out := inputs.Copy()
	out[autoKey] = resource.NewProperty(true)
	if autonameError(typ, out, logicalName) == "" {
		out["name"] = resource.NewProperty(logicalName + "-" + placeholderSuffix)
	}
	return out
}

func autoSet(inputs resource.PropertyMap) bool {
	_, ok := inputs[autoKey]
	return ok
}
