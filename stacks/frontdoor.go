package stacks

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/components"
)

// deployFrontDoor builds, once the frontends exist, what stands in front of them: one custom
// domain per domain name with a mapping per frontend on it, the usage plans of REST frontends,
// and the web ACLs of regional REST frontends.
func deployFrontDoor(ctx *pulumi.Context, cfg *Config, d *Deployment, opts ...pulumi.ResourceOption) error {
	d.Domains = map[string]*components.CustomDomain{}
	d.UsagePlans = map[string]*components.UsagePlans{}
	d.WebAcls = map[string]*components.WebAcl{}
	names, byName := cfg.CustomDomains()
	for _, name := range names {
		fs := byName[name]
		args := &components.CustomDomainArgs{
			DomainName: name, Region: cfg.Region, Protect: cfg.Protect, Tags: cfg.Tags,
		}
		for _, f := range fs {
			// Validation made the frontends on a name agree on zone and certificate.
			args.HostedZoneId = orDefault(args.HostedZoneId, f.CustomDomain.HostedZoneId)
			args.CertificateArn = orDefault(args.CertificateArn, f.CustomDomain.CertificateArn)
			m := components.DomainMapping{Name: f.Name, BasePath: f.CustomDomain.BasePath}
			if api, ok := d.HttpApis[f.Name]; ok {
				m.Kind, m.ApiId, m.Stage = components.ApiHttp, api.ApiId, pulumi.String(f.StageName)
			} else {
				api := d.RestApis[f.Name]
				m.Kind, m.ApiId, m.Stage = components.ApiRest, api.ApiId, api.StageName
			}
			args.Mappings = append(args.Mappings, m)
		}
		if fs[0].Variant.IsPrivate() {
			args.EndpointType = components.DomainPrivate
			args.VpcEndpointId = d.PrivateEndpoint.VpcEndpointId
			args.VpcEndpointDnsName = d.PrivateEndpoint.DnsName
			args.VpcEndpointZoneId = d.PrivateEndpoint.DnsZoneId
		}
		dom, err := components.NewCustomDomain(ctx, DomainResourceName(name), args, opts...)
		if err != nil {
			return err
		}
		d.Domains[name] = dom
	}
	for _, f := range cfg.Frontends {
		api, ok := d.RestApis[f.Name]
		if !ok {
			continue
		}
		if len(f.UsagePlans) > 0 {
			args := &components.UsagePlansArgs{ApiId: api.ApiId, Stage: api.StageName, Tags: cfg.Tags}
			for _, p := range f.UsagePlans {
				up := components.UsagePlan{Name: p.Name, ApiKeys: p.ApiKeys}
				if t := p.Throttling; t != nil {
					up.Throttling = &components.Throttling{RateLimit: t.RateLimit, BurstLimit: t.BurstLimit}
				}
				if q := p.Quota; q != nil {
					up.QuotaLimit, up.QuotaPeriod = q.Limit, q.Period
				}
				args.Plans = append(args.Plans, up)
			}
			u, err := components.NewUsagePlans(ctx, f.Name, args, opts...)
			if err != nil {
				return err
			}
			d.UsagePlans[f.Name] = u
		}
		if f.WafEnabled() {
			w, err := components.NewWebAcl(ctx, f.Name, &components.WebAclArgs{
				ResourceArn: api.StageArn, RateLimit: f.Waf.RateLimit, ManagedRuleGroups: f.ManagedRuleGroups(),
				LogRetentionDays: cfg.LogRetentionDays, Tags: cfg.Tags,
			}, opts...)
			if err != nil {
				return err
			}
			d.WebAcls[f.Name] = w
		}
	}
	return nil
}

// DomainResourceName is the Pulumi name of a custom domain's component: its DNS name with dots
// as dashes (api.example.com: api-example-com), part of the state contract.
func DomainResourceName(domain string) string {
	return dnsUnsafe.ReplaceAllString(domain, "-")
}

// frontDoorApiArgs are what a frontend's front door sets on its API.
func frontDoorHttpArgs(f FrontendConfig, args *components.HttpApiArgs) {
	args.DisableExecuteApiEndpoint = *f.DisableExecuteApiEndpoint
	if c := f.Cors; c != nil {
		args.Cors = &components.Cors{
			AllowOrigins: c.AllowOrigins, AllowMethods: c.AllowMethods, AllowHeaders: c.AllowHeaders,
			ExposeHeaders: c.ExposeHeaders, MaxAgeSeconds: c.MaxAgeSeconds, AllowCredentials: c.AllowCredentials,
		}
	}
}

func frontDoorRestArgs(f FrontendConfig, args *components.RestApiArgs) {
	args.DisableExecuteApiEndpoint = *f.DisableExecuteApiEndpoint
	args.ApiKeyRequired = len(f.UsagePlans) > 0
}

// frontDoorOutputs adds a frontend's front door to its outputs: with a custom domain, url is the
// domain's URL and executeApiUrl the stage's; the API key ids (their values are in the apiKeys
// output, a secret: a secret inside frontends would make the whole output secret).
func (d *Deployment) frontDoorOutputs(f FrontendConfig, m pulumi.Map) {
	if f.CustomDomain != nil {
		if dom, ok := d.Domains[f.CustomDomain.Name]; ok {
			m["executeApiUrl"] = m["url"]
			m["executeApiInvokeUrls"] = m["invokeUrls"]
			m["url"] = dom.Urls.MapIndex(pulumi.String(f.Name))
			m["customDomain"] = pulumi.String(f.CustomDomain.Name)
			urls := pulumi.StringMap{}
			for _, svc := range d.Config.Services {
				base := components.DomainURL(f.CustomDomain.Name, f.CustomDomain.BasePath)
				urls[svc.Name] = pulumi.String(strings.TrimSuffix(base, "/") + svc.PathPrefix)
			}
			m["invokeUrls"] = urls
		}
	}
	if u, ok := d.UsagePlans[f.Name]; ok {
		m["apiKeyIds"] = u.ApiKeyIds
	}
	if w, ok := d.WebAcls[f.Name]; ok {
		m["webAclArn"] = w.WebAclArn
	}
}

// OutApiKeys is the stack output with the API key values by frontend and key name: a secret,
// present only when some frontend has usage plans.
const OutApiKeys = "apiKeys"

// frontDoorStackOutputs adds the secret apiKeys output.
func (d *Deployment) frontDoorStackOutputs(out pulumi.Map) {
	if len(d.UsagePlans) == 0 {
		return
	}
	keys := pulumi.Map{}
	for name, u := range d.UsagePlans {
		keys[name] = u.ApiKeyValues
	}
	out[OutApiKeys] = pulumi.ToSecret(keys)
}
