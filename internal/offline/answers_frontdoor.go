package offline

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// regionalApiGatewayZones are the Route 53 zones of API Gateway's regional endpoints, the alias
// target zone of a regional custom domain (AWS General Reference, API Gateway endpoints).
var regionalApiGatewayZones = map[string]string{
	"us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ", "us-west-1": "Z2MOQ32AFW0I6",
	"us-west-2": "Z2OJLYMUO9EFXC", "eu-west-1": "ZLY8HYME6SFDD", "eu-central-1": "Z1U9ULNL0V5AJ3",
}

// answerFrontDoor answers the front door's types: certificates and their validation, DNS
// records, custom domain names and their mappings and access associations, usage plans, API
// keys and web ACLs. ok is false for a type it does not know.
func (c *Cloud) answerFrontDoor(r *Resource, name string, set func(string, any)) (id string, ok bool) {
	in, seed := r.Inputs, r.URN
	dns := PartitionOf(c.Region).DnsSuffix
	switch r.Type {
	case "aws:acm/certificate:Certificate":
		id = c.arn("acm", "certificate/"+uuid(seed))
		domain := str(in, "domainName")
		set("arn", id)
		set("status", "PENDING_VALIDATION")
		set("domainValidationOptions", []any{map[string]any{
			"domainName":          domain,
			"resourceRecordName":  "_" + hash(seed + "name")[:32] + "." + domain + ".",
			"resourceRecordType":  "CNAME",
			"resourceRecordValue": "_" + hash(seed + "value")[:32] + ".xlfgrmvvlj.acm-validations.aws.",
		}})
	case "aws:acm/certificateValidation:CertificateValidation":
		id = str(in, "certificateArn")
	case "aws:route53/record:Record":
		rn := strings.TrimSuffix(str(in, "name"), ".")
		id = strings.Join([]string{str(in, "zoneId"), rn, str(in, "type")}, "_")
		set("fqdn", rn)
	case "aws:apigatewayv2/domainName:DomainName":
		id = str(in, "domainName")
		set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/domainnames/%s", c.partition(), c.Region, id))
		set("apiMappingSelectionExpression", "$request.basepath")
		cfg := map[string]any{}
		if v, ok := in["domainNameConfiguration"]; ok && v.IsObject() {
			for k, e := range v.ObjectValue() {
				if e.IsString() {
					cfg[string(k)] = e.StringValue()
				}
			}
		}
		cfg["targetDomainName"] = fmt.Sprintf("d-%s.execute-api.%s.%s", alnum(seed, 10), c.Region, dns)
		cfg["hostedZoneId"] = orZone(c.Region)
		set("domainNameConfiguration", cfg)
	case "aws:apigatewayv2/apiMapping:ApiMapping":
		id = alnum(seed, 6)
	case "aws:apigateway/domainName:DomainName":
		domain := str(in, "domainName")
		private := false
		if v, ok := in["endpointConfiguration"]; ok && v.IsObject() {
			private = str(v.ObjectValue(), "types") == "PRIVATE"
		}
		if private {
			dnID := alnum(seed, 8)
			id = domain + "/" + dnID
			set("domainNameId", dnID)
			set("arn", c.arn("apigateway", "/domainnames/"+domain+"+"+dnID))
		} else {
			id = domain
			set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/domainnames/%s", c.partition(), c.Region, domain))
			set("regionalDomainName", fmt.Sprintf("d-%s.execute-api.%s.%s", alnum(seed, 10), c.Region, dns))
			set("regionalZoneId", orZone(c.Region))
		}
		set("certificateUploadDate", "2026-01-01T00:00:00Z")
	case "aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation":
		dn := str(in, "domainNameArn")
		id = c.arn("apigateway", "/domainnameaccessassociations/domainname/"+dn[strings.LastIndex(dn, "/")+1:]+"/vpcesource/"+str(in, "accessAssociationSource"))
		set("arn", id)
	case "aws:apigateway/basePathMapping:BasePathMapping":
		id = str(in, "domainName") + "/" + str(in, "basePath")
	case "aws:apigateway/usagePlan:UsagePlan":
		id = alnum(seed, 6)
		set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/usageplans/%s", c.partition(), c.Region, id))
	case "aws:apigateway/apiKey:ApiKey":
		id = alnum(seed, 10)
		set("arn", fmt.Sprintf("arn:%s:apigateway:%s::/apikeys/%s", c.partition(), c.Region, id))
		set("createdDate", "2026-01-01T00:00:00Z")
		set("lastUpdatedDate", "2026-01-01T00:00:00Z")
		// AWS generates the value; it is only ever a secret.
		set("value", resource.MakeSecret(resource.NewProperty(alnum(seed+"value", 40))))
	case "aws:apigateway/usagePlanKey:UsagePlanKey":
		id = str(in, "keyId")
		set("name", "")
	case "aws:wafv2/webAcl:WebAcl":
		id = uuid(seed)
		set("arn", c.arn("wafv2", "regional/webacl/"+name+"/"+id))
		set("capacity", 1400)
		set("lockToken", uuid(seed+"lock"))
	case "aws:wafv2/webAclAssociation:WebAclAssociation":
		id = str(in, "webAclArn") + "," + str(in, "resourceArn")
	case "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":
		id = str(in, "resourceArn")
	default:
		return "", false
	}
	return id, true
}

func orZone(region string) string {
	if z, ok := regionalApiGatewayZones[region]; ok {
		return z
	}
	return "Z" + strings.ToUpper(alnum(region, 13))
}

// uuid is a deterministic UUID-shaped id.
func uuid(seed string) string {
	h := hash(seed)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
