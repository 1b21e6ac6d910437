package stacks

import (
	"slices"
	"strings"

	"github.com/vpclink/vpclink/components"
)

// The front door of a frontend: the custom domain clients call it at, usage plans with API keys
// (REST), a WAF web ACL (regional REST) and CORS (HTTP). Each is off until the config asks for
// it, but WAF, which is on by default in prod.

// CustomDomainConfig is vpclink:frontends[i].customDomain.
type CustomDomainConfig struct {
	// Name of the domain, a DNS name like api.example.com. Several frontends may share one name
	// with different BasePaths: the stack creates one domain name with a mapping per frontend.
	// Required.
	Name string `json:"name"`
	// BasePath the frontend is mapped at, like rest or v1/orders (multi-level: REST only).
	// Defaults to "" (the domain's root).
	BasePath string `json:"basePath"`
	// HostedZoneId of the Route 53 zone the alias records go in (a public zone for a regional
	// domain, a private one for a private domain), and where a certificate the stack creates is
	// validated by DNS. Defaults to "": no records; then CertificateArn is required.
	HostedZoneId string `json:"hostedZoneId"`
	// CertificateArn of an ACM certificate in the stack's Region covering Name. Defaults to "":
	// the stack creates one, validated by DNS in HostedZoneId (regional domains only).
	CertificateArn string `json:"certificateArn"`
}

// UsagePlanConfig is one entry of vpclink:frontends[i].usagePlans (REST frontends).
type UsagePlanConfig struct {
	// Name of the plan, unique in the frontend: 1 to 30 lower-case letters, digits or -. Required.
	Name string `json:"name"`
	// Throttling of the plan's callers. Defaults to nil: the stage's throttling applies.
	Throttling *ThrottlingConfig `json:"throttling"`
	// Quota of requests per period. Defaults to nil: no quota.
	Quota *QuotaConfig `json:"quota"`
	// ApiKeys by name: one API key each, whose value AWS generates, bound to this plan. A key
	// name is unique in the frontend (an API key is in one plan per stage). Defaults to none.
	ApiKeys []string `json:"apiKeys"`
}

// QuotaConfig is vpclink:frontends[i].usagePlans[j].quota.
type QuotaConfig struct {
	// Limit of requests in a Period. Required, at least 1.
	Limit int `json:"limit"`
	// Period is DAY, WEEK or MONTH (apigateway QuotaSettings). Required.
	Period string `json:"period"`
}

// WafConfig is vpclink:frontends[i].waf (regional REST frontends).
type WafConfig struct {
	// Enabled associates a WAFv2 web ACL with the stage. Defaults to true in prod, false in dev.
	Enabled *bool `json:"enabled"`
	// RateLimit of the rate-based rule: requests per client IP in 5 minutes before WAF blocks
	// it, 10 to 2000000000 (WAFv2 RateBasedStatement.Limit). Defaults to DefaultWafRateLimit.
	RateLimit int `json:"rateLimit"`
	// ManagedRuleGroups are AWS managed rule groups added to the three every ACL has
	// (components.DefaultManagedRuleGroups). Defaults to none.
	ManagedRuleGroups []string `json:"managedRuleGroups"`
}

// CorsConfig is vpclink:frontends[i].cors (HTTP frontends): the API's corsConfiguration.
type CorsConfig struct {
	// AllowOrigins, each * or scheme://host[:port]. Required.
	AllowOrigins []string `json:"allowOrigins"`
	// AllowMethods, HTTP methods or *. Defaults to none.
	AllowMethods []string `json:"allowMethods"`
	// AllowHeaders the browser may send. Defaults to none.
	AllowHeaders []string `json:"allowHeaders"`
	// ExposeHeaders the browser may read. Defaults to none.
	ExposeHeaders []string `json:"exposeHeaders"`
	// MaxAgeSeconds a browser caches a preflight, 0 to 86400. Defaults to 0.
	MaxAgeSeconds int `json:"maxAgeSeconds"`
	// AllowCredentials lets browsers send cookies; refused with origin *. Defaults to false.
	AllowCredentials bool `json:"allowCredentials"`
}

// DefaultWafRateLimit is the rate-based rule's default limit: requests per client IP in 5
// minutes.
const DefaultWafRateLimit = 2000

// withFrontDoorDefaults applies the front door's defaults to a frontend.
func (f FrontendConfig) withFrontDoorDefaults(env Environment) FrontendConfig {
	if f.DisableExecuteApiEndpoint == nil {
		// Once a custom domain serves the API, the execute-api URL would be a second way in that
		// skips the domain's mapping (and its base path).
		f.DisableExecuteApiEndpoint = ptr(f.CustomDomain != nil)
	}
	if f.Variant.IsRest() && !f.Variant.IsPrivate() {
		w := WafConfig{}
		if f.Waf != nil {
			w = *f.Waf
		}
		if w.Enabled == nil {
			w.Enabled = ptr(env == Prod)
		}
		w.RateLimit = orDefault(w.RateLimit, DefaultWafRateLimit)
		f.Waf = &w
	}
	if cd := f.CustomDomain; cd != nil {
		c := *cd
		c.Name = strings.TrimSuffix(strings.ToLower(c.Name), ".")
		c.BasePath = strings.Trim(c.BasePath, "/")
		f.CustomDomain = &c
	}
	return f
}

// WafEnabled reports whether the frontend's stage gets a web ACL.
func (f FrontendConfig) WafEnabled() bool {
	return f.Waf != nil && f.Waf.Enabled != nil && *f.Waf.Enabled
}

// ManagedRuleGroups of the frontend's web ACL: the three every ACL has, then the config's.
func (f FrontendConfig) ManagedRuleGroups() []string {
	out := slices.Clone(components.DefaultManagedRuleGroups)
	if f.Waf != nil {
		for _, g := range f.Waf.ManagedRuleGroups {
			if !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out
}

// CustomDomains groups the frontends with a custom domain by domain name, in config order of
// each name's first frontend.
func (c *Config) CustomDomains() (names []string, byName map[string][]FrontendConfig) {
	byName = map[string][]FrontendConfig{}
	for _, f := range c.Frontends {
		if f.CustomDomain == nil {
			continue
		}
		n := f.CustomDomain.Name
		if _, ok := byName[n]; !ok {
			names = append(names, n)
		}
		byName[n] = append(byName[n], f)
	}
	return names, byName
}
