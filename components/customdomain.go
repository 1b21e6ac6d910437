package components

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CustomDomainType is the Pulumi type token of CustomDomain.
const CustomDomainType = "vpclink:components:CustomDomain"

// DomainSecurityPolicy is the TLS policy of every custom domain: TLS 1.2 or newer. It is also
// what multi-level API mappings need (API Gateway developer guide, rest-api-mappings: "For
// Regional custom domain names that use the TLS 1.2 security policy, API Gateway supports
// multi-level API mappings").
const DomainSecurityPolicy = "TLS_1_2"

// DomainEndpoint is where a custom domain name is reachable from.
type DomainEndpoint string

// Domain endpoint types: Regional is public in its Region and maps HTTP and REST APIs
// (apigatewayv2 DomainName and ApiMapping); Private is reached only through the VPC's
// execute-api endpoint and maps private REST APIs (apigateway DomainName of type PRIVATE,
// DomainNameAccessAssociation, BasePathMapping by domainNameId).
const (
	DomainRegional DomainEndpoint = "REGIONAL"
	DomainPrivate  DomainEndpoint = "PRIVATE"
)

// ApiKind tells a mapping which API Gateway API it maps.
type ApiKind string

// API kinds.
const (
	ApiHttp ApiKind = "http"
	ApiRest ApiKind = "rest"
)

// CustomDomainArgs configures a CustomDomain.
type CustomDomainArgs struct {
	// DomainName clients call, like api.example.com. Required.
	DomainName string `pulumi:"domainName"`
	// EndpointType of the domain. Defaults to DomainRegional.
	EndpointType DomainEndpoint `pulumi:"endpointType,optional"`
	// HostedZoneId of the Route 53 zone that gets the alias records (A and AAAA for a regional
	// domain, A to the execute-api endpoint for a private one) and, with no CertificateArn, the
	// certificate's DNS validation record. Defaults to "": no records.
	HostedZoneId string `pulumi:"hostedZoneId,optional"`
	// CertificateArn of an ACM certificate in Region. Defaults to "": a regional domain gets a
	// certificate the component requests and validates by DNS in HostedZoneId (required then);
	// a private domain requires one.
	CertificateArn string `pulumi:"certificateArn,optional"`
	// Region of the stack; a regional or private domain takes a certificate of its own Region.
	// Required with CertificateArn.
	Region string `pulumi:"region,optional"`
	// VpcEndpointId of the execute-api endpoint a private domain is reached through: its policy
	// admits only this endpoint and its access association names it. Required with
	// DomainPrivate, refused otherwise.
	VpcEndpointId pulumi.StringInput `pulumi:"vpcEndpointId,optional"`
	// VpcEndpointDnsName and VpcEndpointZoneId are the endpoint's regional DNS name and zone, the
	// target of a private domain's alias. Required with DomainPrivate and HostedZoneId.
	VpcEndpointDnsName pulumi.StringInput `pulumi:"vpcEndpointDnsName,optional"`
	VpcEndpointZoneId  pulumi.StringInput `pulumi:"vpcEndpointZoneId,optional"`
	// Mappings, one per API on the domain. At least one is required.
	Mappings []DomainMapping `pulumi:"mappings"`
	// Protect marks the domain name protected: clients' URLs carry it. Defaults to false.
	Protect bool `pulumi:"protect,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// DomainMapping maps one API's stage at a base path of the domain.
type DomainMapping struct {
	// Name of the frontend; the mapping's child name is the domain's name plus it. Required.
	Name string `pulumi:"name"`
	// BasePath like rest or v1/orders (several levels: REST on a regional domain only).
	// Defaults to "" (the root).
	BasePath string `pulumi:"basePath,optional"`
	// Kind of the API. Required.
	Kind ApiKind `pulumi:"kind"`
	// ApiId and Stage of the API. Required.
	ApiId pulumi.StringInput `pulumi:"apiId"`
	Stage pulumi.StringInput `pulumi:"stage"`
}

// CustomDomain is a custom domain name with its certificate, its mappings and its DNS records.
type CustomDomain struct {
	pulumi.ResourceState

	// DomainName of the domain.
	DomainName pulumi.StringOutput `pulumi:"domainName"`
	// Urls by mapping name: https://{domain}/{basePath}.
	Urls pulumi.StringMapOutput `pulumi:"urls"`
	// CertificateArn the domain serves.
	CertificateArn pulumi.StringOutput `pulumi:"certificateArn"`
	// DomainNameId of a private domain (its mappings and association name it); nil for a
	// regional one.
	DomainNameId pulumi.StringPtrOutput `pulumi:"domainNameId"`
}

// basePathPattern is what an API mapping key may hold: letters, digits and $-_.+!*'() in
// segments separated by / (API Gateway developer guide, rest-api-mappings and http-api-mappings:
// "API mappings must contain only letters, numbers, and the following characters: $-_.+!*'()";
// at most 300 characters).
var basePathPattern = regexp.MustCompile(`^[A-Za-z0-9$\-_.+!*'()]+(/[A-Za-z0-9$\-_.+!*'()]+)*$`)

// ValidateBasePath checks a base path as a mapping key: "" (the root) or segments of the allowed
// characters, at most 300 characters.
func ValidateBasePath(p string) error {
	if p == "" {
		return nil
	}
	if len(p) > 300 || !basePathPattern.MatchString(p) {
		return fmt.Errorf("base path %q must be at most 300 letters, digits or $-_.+!*'() in segments separated by / (API Gateway API mappings)", p)
	}
	return nil
}

func (a *CustomDomainArgs) withDefaults() CustomDomainArgs {
	out := *a
	out.EndpointType = orDefault(out.EndpointType, DomainRegional)
	return out
}

func (a *CustomDomainArgs) validate(name string) error {
	var c argsCheck
	c.missingIf(a.DomainName == "", "domainName")
	switch a.EndpointType {
	case DomainRegional:
		if a.VpcEndpointId != nil {
			c.add("vpcEndpointId", nil, "is only for PRIVATE domains")
		}
		if a.CertificateArn == "" && a.HostedZoneId == "" {
			c.add("certificateArn", nil, "a regional domain needs certificateArn or hostedZoneId (to request and validate a certificate)")
		}
	case DomainPrivate:
		if a.VpcEndpointId == nil {
			c.add("vpcEndpointId", nil, "is required for a PRIVATE domain")
		}
		if a.CertificateArn == "" {
			c.add("certificateArn", nil, "is required for a PRIVATE domain")
		}
		if a.HostedZoneId != "" && (a.VpcEndpointDnsName == nil || a.VpcEndpointZoneId == nil) {
			c.add("hostedZoneId", a.HostedZoneId, "a PRIVATE domain with hostedZoneId needs vpcEndpointDnsName and vpcEndpointZoneId for its alias")
		}
	default:
		c.add("endpointType", string(a.EndpointType), "is not one of REGIONAL, PRIVATE")
	}
	if a.CertificateArn != "" {
		if parts := strings.Split(a.CertificateArn, ":"); len(parts) < 6 || parts[2] != "acm" {
			c.add("certificateArn", a.CertificateArn, "is not an ACM certificate ARN")
		} else if a.Region != "" && parts[3] != a.Region {
			c.add("certificateArn", a.CertificateArn, "is in %s, but a %s domain takes a certificate in its own Region %s", parts[3], strings.ToLower(string(a.EndpointType)), a.Region)
		}
	}
	if len(a.Mappings) == 0 {
		c.add("mappings", nil, "at least one mapping is required")
	}
	seen := map[string]int{}
	names := map[string]int{}
	for i, m := range a.Mappings {
		f := func(k string) string { return field("mappings", i, k) }
		if j, dup := names[m.Name]; dup {
			c.add(f("name"), m.Name, "is also the name of %s", field("mappings", j))
		}
		names[m.Name] = i
		if j, dup := seen[m.BasePath]; dup {
			c.add(f("basePath"), m.BasePath, "is also the base path of %s", field("mappings", j))
		}
		seen[m.BasePath] = i
		c.wrap(f("basePath"), m.BasePath, ValidateBasePath(m.BasePath))
		multi := strings.Contains(m.BasePath, "/")
		switch {
		case m.Kind != ApiHttp && m.Kind != ApiRest:
			c.add(f("kind"), string(m.Kind), "is not one of http, rest")
		case m.Kind == ApiHttp && a.EndpointType == DomainPrivate:
			c.add(f("kind"), string(m.Kind), "a PRIVATE domain maps private REST APIs only")
		case multi && m.Kind == ApiHttp:
			c.add(f("basePath"), m.BasePath, "multi-level base paths are for REST APIs only")
		case multi && a.EndpointType == DomainPrivate:
			c.add(f("basePath"), m.BasePath, "a PRIVATE domain takes base path mappings, which have one level")
		}
		c.missingIf(m.ApiId == nil, f("apiId"))
		c.missingIf(m.Stage == nil, f("stage"))
	}
	checkTags(&c, a.Tags)
	return c.err(CustomDomainType, name)
}

// NewCustomDomain creates the domain name, its certificate when none is given (with its DNS
// validation), one mapping per API and the alias records. Mappings take the domain as an input
// and the domain the validated certificate, so a destroy deletes mappings before the domain and
// the domain before the certificate, the order AWS accepts (a certificate in use cannot be
// deleted, nor a domain name with mappings).
func NewCustomDomain(ctx *pulumi.Context, name string, args *CustomDomainArgs, opts ...pulumi.ResourceOption) (*CustomDomain, error) {
	if args == nil {
		args = &CustomDomainArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	d := &CustomDomain{}
	if err := ctx.RegisterComponentResource(CustomDomainType, name, d, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(d)

	cert, err := domainCertificate(ctx, name, a, parent)
	if err != nil {
		return nil, err
	}
	var target, targetZone pulumi.StringInput
	d.DomainNameId = noString()
	if a.EndpointType == DomainRegional {
		dn, err := apigatewayv2.NewDomainName(ctx, name, &apigatewayv2.DomainNameArgs{
			DomainName: pulumi.String(a.DomainName),
			DomainNameConfiguration: apigatewayv2.DomainNameDomainNameConfigurationArgs{
				CertificateArn: cert,
				EndpointType:   pulumi.String("REGIONAL"),
				SecurityPolicy: pulumi.String(DomainSecurityPolicy),
			},
			Tags: tagsWithName(a.Tags, name),
		}, parent, pulumi.Protect(a.Protect))
		if err != nil {
			return nil, err
		}
		cfg := dn.DomainNameConfiguration
		target = cfg.TargetDomainName().Elem()
		targetZone = cfg.HostedZoneId().Elem()
		// apigatewayv2 ApiMapping maps HTTP and REST APIs alike, at one level or several (REST);
		// the apigateway BasePathMapping of the V1 API takes single-level paths only
		// (rest-api-mappings).
		for _, m := range a.Mappings {
			ma := &apigatewayv2.ApiMappingArgs{ApiId: m.ApiId, DomainName: dn.DomainName, Stage: m.Stage}
			if m.BasePath != "" {
				ma.ApiMappingKey = pulumi.String(m.BasePath)
			}
			if _, err := apigatewayv2.NewApiMapping(ctx, name+"-"+m.Name, ma, parent); err != nil {
				return nil, err
			}
		}
		d.DomainName = dn.DomainName
	} else {
		dn, err := newPrivateDomainName(ctx, name, a, cert, parent)
		if err != nil {
			return nil, err
		}
		if _, err := apigateway.NewDomainNameAccessAssociation(ctx, name, &apigateway.DomainNameAccessAssociationArgs{
			AccessAssociationSource:     a.VpcEndpointId,
			AccessAssociationSourceType: pulumi.String("VPCE"),
			DomainNameArn:               dn.Arn,
			Tags:                        tagsWithName(a.Tags, name),
		}, parent); err != nil {
			return nil, err
		}
		for _, m := range a.Mappings {
			ma := &apigateway.BasePathMappingArgs{
				DomainName:   dn.DomainName,
				DomainNameId: dn.DomainNameId,
				RestApi:      m.ApiId,
				StageName:    m.Stage,
			}
			if m.BasePath != "" {
				ma.BasePath = pulumi.String(m.BasePath)
			}
			if _, err := apigateway.NewBasePathMapping(ctx, name+"-"+m.Name, ma, parent); err != nil {
				return nil, err
			}
		}
		target, targetZone = a.VpcEndpointDnsName, a.VpcEndpointZoneId
		d.DomainName = dn.DomainName
		d.DomainNameId = dn.DomainNameId.ToStringPtrOutput()
	}
	if a.HostedZoneId != "" {
		types := []string{"A", "AAAA"}
		if a.EndpointType == DomainPrivate {
			// The execute-api endpoint's regional name has IPv4 addresses only unless the
			// endpoint is dual-stack, which vpclink's is not.
			types = []string{"A"}
		}
		for _, t := range types {
			if _, err := route53.NewRecord(ctx, name+"-"+strings.ToLower(t), &route53.RecordArgs{
				ZoneId: pulumi.String(a.HostedZoneId),
				Name:   pulumi.String(a.DomainName),
				Type:   pulumi.String(t),
				Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
					Name: target, ZoneId: targetZone, EvaluateTargetHealth: pulumi.Bool(false),
				}},
			}, parent); err != nil {
				return nil, err
			}
		}
	}

	urls := pulumi.StringMap{}
	for _, m := range a.Mappings {
		urls[m.Name] = pulumi.String(DomainURL(a.DomainName, m.BasePath))
	}
	d.Urls = urls.ToStringMapOutput()
	d.CertificateArn = cert
	if err := ctx.RegisterResourceOutputs(d, pulumi.Map{
		"domainName":     d.DomainName,
		"urls":           d.Urls,
		"certificateArn": d.CertificateArn,
		"domainNameId":   d.DomainNameId,
	}); err != nil {
		return nil, err
	}
	return d, nil
}

// DomainURL is the URL an API mapped at basePath of domain is called at.
func DomainURL(domain, basePath string) string {
	if basePath == "" {
		return "https://" + domain + "/"
	}
	return "https://" + domain + "/" + basePath
}

// domainCertificate returns the certificate the domain serves: the given one, or one requested
// from ACM in the stack's Region and validated by a DNS record in the zone. The ARN it returns
// comes from the validation, so the domain is created only once ACM has issued it.
func domainCertificate(ctx *pulumi.Context, name string, a CustomDomainArgs, parent pulumi.ResourceOption) (pulumi.StringOutput, error) {
	if a.CertificateArn != "" {
		return pulumi.String(a.CertificateArn).ToStringOutput(), nil
	}
	cert, err := acm.NewCertificate(ctx, name+"-cert", &acm.CertificateArgs{
		DomainName:       pulumi.String(a.DomainName),
		ValidationMethod: pulumi.String("DNS"),
		Tags:             tagsWithName(a.Tags, name+"-cert"),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	// One name, one validation option.
	opt := cert.DomainValidationOptions.Index(pulumi.Int(0))
	rec, err := route53.NewRecord(ctx, name+"-cert-validation", &route53.RecordArgs{
		ZoneId:  pulumi.String(a.HostedZoneId),
		Name:    opt.ResourceRecordName().Elem(),
		Type:    opt.ResourceRecordType().Elem(),
		Records: pulumi.StringArray{opt.ResourceRecordValue().Elem()},
		Ttl:     pulumi.Int(300),
		// ACM gives every certificate for a name the same validation record.
		AllowOverwrite: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	v, err := acm.NewCertificateValidation(ctx, name+"-cert", &acm.CertificateValidationArgs{
		CertificateArn:        cert.Arn,
		ValidationRecordFqdns: pulumi.StringArray{rec.Fqdn},
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return v.CertificateArn, nil
}

// newPrivateDomainName creates the PRIVATE domain name with its policy: execute-api:Invoke only
// through the stack's execute-api endpoint (the same shape as a private API's, aws-facts R4).
func newPrivateDomainName(ctx *pulumi.Context, name string, a CustomDomainArgs, cert pulumi.StringOutput, parent pulumi.ResourceOption) (*apigateway.DomainName, error) {
	policy := a.VpcEndpointId.ToStringOutput().ApplyT(PrivateDomainPolicy).(pulumi.StringOutput)
	return apigateway.NewDomainName(ctx, name, &apigateway.DomainNameArgs{
		DomainName:     pulumi.String(a.DomainName),
		CertificateArn: cert,
		EndpointConfiguration: apigateway.DomainNameEndpointConfigurationArgs{
			Types: pulumi.String("PRIVATE"),
		},
		SecurityPolicy: pulumi.String(DomainSecurityPolicy),
		Policy:         policy,
		Tags:           tagsWithName(a.Tags, name),
	}, parent, pulumi.Protect(a.Protect))
}

// PrivateDomainPolicy is the policy of a private custom domain name: invoke through the given
// execute-api endpoint, denied through any other (API Gateway developer guide,
// apigateway-private-custom-domains: the domain's policy names the VPC endpoints allowed to
// invoke it; "execute-api:/*" is the domain itself).
func PrivateDomainPolicy(vpceID string) (string, error) {
	type statement struct {
		Effect    string                       `json:"Effect"`
		Principal string                       `json:"Principal"`
		Action    string                       `json:"Action"`
		Resource  []string                     `json:"Resource"`
		Condition map[string]map[string]string `json:"Condition,omitempty"`
	}
	doc := struct {
		Version   string      `json:"Version"`
		Statement []statement `json:"Statement"`
	}{"2012-10-17", []statement{
		{Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: []string{"execute-api:/*"}},
		{Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: []string{"execute-api:/*"},
			Condition: map[string]map[string]string{"StringNotEquals": {"aws:SourceVpce": vpceID}}},
	}}
	b, err := json.Marshal(doc)
	return string(b), err
}
