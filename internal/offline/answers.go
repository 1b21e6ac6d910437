package offline

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/awsspec"
)

// alnum maps a hash to lower-case letters and digits, the alphabet of API Gateway ids.
func alnum(seed string, n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	h := hash(seed)
	out := make([]byte, n)
	for i := range n {
		out[i] = chars[int(h[i%len(h)]+byte(i))%len(chars)]
	}
	return string(out)
}

func (c *Cloud) arn(service, rest string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", c.partition(), service, c.Region, c.AccountID, rest)
}

// partition is the id of the cloud's partition, the second field of every ARN.
func (c *Cloud) partition() string { return PartitionOf(c.Region).ID }

func str(m resource.PropertyMap, k string) string {
	if v, ok := m[resource.PropertyKey(k)]; ok {
		if v.IsSecret() {
			v = v.SecretValue().Element
		}
		if v.IsString() {
			return v.StringValue()
		}
	}
	return ""
}

// answer returns the id and outputs AWS would give r: its inputs, plus what AWS computes.
func (c *Cloud) answer(r *Resource) (string, resource.PropertyMap, error) {
	in := r.Inputs
	out := in.Copy()
	set := func(k string, v any) { out[resource.PropertyKey(k)] = resource.NewPropertyValue(v) }
	seed := r.URN
	name := str(in, "name")
	if name == "" && awsspec.IsAutonamed(r.Type) {
		// The provider's autoname (awsspec): the logical name, "-", 7 hex digits.
		name = r.Name + "-" + hash(seed)[:7]
		set("name", name)
	}
	if t, ok := in["tags"]; ok {
		out["tagsAll"] = t
	}
	var id string
	switch r.Type {
	case "awsx:ec2:Vpc":
		vpcID := "vpc-" + hash17(seed)
		zones := 0
		if z, ok := in["availabilityZoneNames"]; ok && z.IsArray() {
			zones = len(z.ArrayValue())
		}
		var private, public []string
		for i := range zones {
			private = append(private, "subnet-"+hash17(fmt.Sprintf("%s/private/%d", seed, i)))
			public = append(public, "subnet-"+hash17(fmt.Sprintf("%s/public/%d", seed, i)))
		}
		c.mu.Lock()
		c.vpcZones[vpcID] = zones
		c.mu.Unlock()
		out = resource.PropertyMap{
			"vpcId":             resource.NewProperty(vpcID),
			"privateSubnetIds":  strings2prop(private),
			"publicSubnetIds":   strings2prop(public),
			"isolatedSubnetIds": strings2prop(nil),
		}
		return "", out, nil
	case "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
		id = "sg-" + hash17(seed)
		set("arn", c.arn("ec2", "security-group/"+id))
		set("ownerId", c.AccountID)
	case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
		id = "sgr-" + hash17(seed)
		set("arn", c.arn("ec2", "security-group-rule/"+id))
		set("securityGroupRuleId", id)
	case "aws:ec2/vpcEndpoint:VpcEndpoint":
		id = "vpce-" + hash17(seed)
		set("arn", c.arn("ec2", "vpc-endpoint/"+id))
		set("state", "available")
		set("ownerId", c.AccountID)
		svc := str(in, "serviceName")
		short := svc[strings.LastIndex(svc, ".")+1:]
		if i := strings.Index(svc, c.Region+"."); i >= 0 {
			short = svc[i+len(c.Region)+1:]
		}
		if str(in, "vpcEndpointType") == "Interface" {
			dns := fmt.Sprintf("%s-%s.%s.%s.vpce.%s", id, alnum(seed+"dns", 8), short, c.Region, PartitionOf(c.Region).DnsSuffix)
			out["dnsEntries"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
				"dnsName": resource.NewProperty(dns), "hostedZoneId": resource.NewProperty("Z7HUB22UULQXV"),
			})})
		}
	case "aws:ec2/flowLog:FlowLog":
		id = "fl-" + hash17(seed)
		set("arn", c.arn("ec2", "vpc-flow-log/"+id))
	case "aws:cloudwatch/logGroup:LogGroup":
		id = name
		set("arn", c.arn("logs", "log-group:"+name))
	case "aws:iam/role:Role":
		id = name
		set("arn", fmt.Sprintf("arn:%s:iam::%s:role/%s", c.partition(), c.AccountID, name))
		set("uniqueId", "AROA"+strings.ToUpper(alnum(seed, 17)))
	case "aws:iam/rolePolicy:RolePolicy":
		id = str(in, "role") + ":" + name
	case "aws:ecs/cluster:Cluster":
		id = c.arn("ecs", "cluster/"+name)
		set("arn", id)
	case "aws:ecs/taskDefinition:TaskDefinition":
		family := str(in, "family")
		id = family
		set("arn", c.arn("ecs", "task-definition/"+family+":1"))
		set("arnWithoutRevision", c.arn("ecs", "task-definition/"+family))
		set("revision", 1)
	case "aws:ecs/service:Service":
		cluster := str(in, "cluster")
		id = c.arn("ecs", "service/"+cluster[strings.LastIndex(cluster, "/")+1:]+"/"+name)
	case "aws:lb/loadBalancer:LoadBalancer":
		kind := "app"
		if str(in, "loadBalancerType") == "network" {
			kind = "net"
		}
		suffix := fmt.Sprintf("%s/%s/%s", kind, name, hash(seed)[:16])
		id = c.arn("elasticloadbalancing", "loadbalancer/"+suffix)
		set("arn", id)
		set("arnSuffix", suffix)
		set("zoneId", "Z26RNL4JYFTOTI")
		if kind == "net" {
			set("dnsName", fmt.Sprintf("%s-%s.elb.%s.%s", name, hash(seed)[:16], c.Region, PartitionOf(c.Region).DnsSuffix))
		} else {
			set("dnsName", fmt.Sprintf("internal-%s-%d.%s.elb.%s", name, 1000000000+int(hash(seed)[0])*3907, c.Region, PartitionOf(c.Region).DnsSuffix))
		}
	case "aws:lb/targetGroup:TargetGroup":
		suffix := fmt.Sprintf("targetgroup/%s/%s", name, hash(seed)[:16])
		id = c.arn("elasticloadbalancing", suffix)
		set("arn", id)
		set("arnSuffix", suffix)
	case "aws:lb/listener:Listener":
		lb := str(in, "loadBalancerArn")
		if lb == "" {
			return "", nil, fmt.Errorf("loadBalancerArn is unknown")
		}
		id = strings.Replace(lb, ":loadbalancer/", ":listener/", 1) + "/" + hash(seed)[:16]
		set("arn", id)
	case "aws:lb/listenerRule:ListenerRule":
		l := str(in, "listenerArn")
		id = strings.Replace(l, ":listener/", ":listener-rule/", 1) + "/" + hash(seed)[:16]
		set("arn", id)
	case "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace":
		id = "ns-" + alnum(seed, 16)
		set("arn", c.arn("servicediscovery", "namespace/"+id))
		set("hostedZone", "Z"+strings.ToUpper(alnum(seed+"zone", 13)))
	case "aws:servicediscovery/service:Service":
		id = "srv-" + alnum(seed, 16)
		set("arn", c.arn("servicediscovery", "service/"+id))
	case "aws:appautoscaling/target:Target":
		id = str(in, "resourceId")
		set("arn", c.arn("application-autoscaling", "scalable-target/"+alnum(seed, 20)))
	case "aws:appautoscaling/policy:Policy":
		id = name
		set("arn", fmt.Sprintf("arn:%s:autoscaling:%s:%s:scalingPolicy:%s:resource/%s:policyName/%s", c.partition(), c.Region, c.AccountID, alnum(seed, 8), str(in, "resourceId"), name))
	case "aws:apigatewayv2/vpcLink:VpcLink":
		id = alnum(seed, 6)
		set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/vpclinks/%s", c.partition(), c.Region, id))
	case "aws:apigateway/vpcLink:VpcLink":
		id = alnum(seed, 6)
		set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/vpclinks/%s", c.partition(), c.Region, id))
	case "aws:apigatewayv2/api:Api":
		id = alnum(seed, 10)
		set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/apis/%s", c.partition(), c.Region, id))
		set("apiEndpoint", fmt.Sprintf("https://%s.execute-api.%s.%s", id, c.Region, PartitionOf(c.Region).DnsSuffix))
		set("executionArn", c.arn("execute-api", id))
	case "aws:apigatewayv2/integration:Integration", "aws:apigatewayv2/route:Route":
		id = alnum(seed, 7)
	case "aws:apigatewayv2/authorizer:Authorizer":
		id = alnum(seed, 6)
	case "aws:apigatewayv2/stage:Stage":
		api := str(in, "apiId")
		id = str(in, "name")
		path := id
		if path == "$default" {
			path = ""
		}
		set("invokeUrl", fmt.Sprintf("https://%s.execute-api.%s.%s/%s", api, c.Region, PartitionOf(c.Region).DnsSuffix, path))
		set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/apis/%s/stages/%s", c.partition(), c.Region, api, id))
		set("executionArn", c.arn("execute-api", api+"/"+id))
	case "aws:apigateway/restApi:RestApi":
		id = alnum(seed, 10)
		set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/restapis/%s", c.partition(), c.Region, id))
		set("executionArn", c.arn("execute-api", id))
		set("rootResourceId", alnum(seed+"root", 10))
		set("createdDate", "2026-01-01T00:00:00Z")
	case "aws:apigateway/restApiPolicy:RestApiPolicy":
		id = str(in, "restApiId")
	case "aws:apigateway/resource:Resource":
		id = alnum(seed, 6)
	case "aws:apigateway/requestValidator:RequestValidator":
		id = alnum(seed, 6)
	case "aws:apigateway/method:Method":
		id = "agm-" + alnum(seed, 10)
	case "aws:apigateway/integration:Integration":
		id = "agi-" + alnum(seed, 10)
	case "aws:apigateway/deployment:Deployment":
		id = alnum(seed, 6)
		set("createdDate", "2026-01-01T00:00:00Z")
		set("executionArn", c.arn("execute-api", str(in, "restApi")+"/"))
	case "aws:apigateway/stage:Stage":
		api, stage := str(in, "restApi"), str(in, "stageName")
		id = fmt.Sprintf("ags-%s-%s", api, stage)
		set("invokeUrl", fmt.Sprintf("https://%s.execute-api.%s.%s/%s", api, c.Region, PartitionOf(c.Region).DnsSuffix, stage))
		set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/restapis/%s/stages/%s", c.partition(), c.Region, api, stage))
		set("executionArn", c.arn("execute-api", api+"/"+stage))
	case "aws:apigateway/methodSettings:MethodSettings":
		id = fmt.Sprintf("%s-%s-%s", str(in, "restApi"), str(in, "stageName"), str(in, "methodPath"))
	case "aws:apigateway/account:Account":
		id = "api-gateway-account"
	case "aws:s3/bucketV2:BucketV2":
		// The provider autonames a bucket <name>-<7 random>, lower-case (bucket names are global
		// and lower-case only); a bucketPrefix gets a 26-character suffix like Terraform's.
		bucket := str(in, "bucket")
		if bucket == "" {
			if p := str(in, "bucketPrefix"); p != "" {
				bucket = p + alnum(seed, 26)
			} else {
				bucket = strings.ToLower(r.Name) + "-" + hash(seed)[:7]
			}
			set("bucket", bucket)
		}
		id = bucket
		set("arn", "arn:aws:s3:::"+bucket)
		set("bucketDomainName", bucket+".s3.amazonaws.com")
		set("bucketRegionalDomainName", fmt.Sprintf("%s.s3.%s.amazonaws.com", bucket, c.Region))
		set("hostedZoneId", "Z3AQBSTGFYJSTF")
		set("region", c.Region)
	case "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
		"aws:s3/bucketOwnershipControls:BucketOwnershipControls",
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
		"aws:s3/bucketPolicy:BucketPolicy",
		"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":
		// Each is the bucket's one configuration of its kind: AWS and the provider key it by bucket.
		id = str(in, "bucket")
		if id == "" {
			return "", nil, fmt.Errorf("bucket is unknown")
		}
	default:
		var ok bool
		if id, ok = c.answerFrontDoor(r, name, set); ok {
			break
		}
		if !strings.HasPrefix(r.Type, "pulumi:providers:") {
			return "", nil, fmt.Errorf("no offline model for type %s; add one to internal/offline/answers.go", r.Type)
		}
		id = hash(seed)[:36]
	}
	if _, ok := out["id"]; !ok {
		set("id", id)
	}
	return id, out, nil
}
