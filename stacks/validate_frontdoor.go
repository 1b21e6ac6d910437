package stacks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/vpclink/vpclink/components"
)

var (
	// hostedZonePattern is a Route 53 hosted zone id (route53 CreateHostedZone returns Z and up
	// to 32 upper-case letters and digits).
	hostedZonePattern = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
	planNamePattern   = regexp.MustCompile(`^[a-z][a-z0-9-]{0,29}$`)
	// originPattern is a CORS origin: scheme://host[:port], no path (Fetch standard, RFC 6454).
	originPattern  = regexp.MustCompile(`^https?://(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:\d{1,5})?$`)
	headerPattern  = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+.^_` + "`" + `|~-]+$`)
	ruleGroupNames = regexp.MustCompile(`^AWSManagedRules[A-Za-z0-9]+$`)
)

// corsMethods are the methods an HTTP API's corsConfiguration.allowMethods takes, besides *.
var corsMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// quotaPeriods are apigateway QuotaSettings.Period's values (QuotaPeriodType: "DAY", "WEEK" or
// "MONTH", AWS SDK for Go v2 service/apigateway/types).
var quotaPeriods = []string{"DAY", "WEEK", "MONTH"}

// validateFrontDoor checks customDomain, disableExecuteApiEndpoint, usagePlans, waf and cors of
// every frontend, and the domains frontends share.
func (c *Config) validateFrontDoor(ps *problems) {
	type mapping struct {
		frontend int
		private  bool
		zone     string
		cert     string
	}
	domains := map[string][]mapping{}
	paths := map[string]int{}
	publicZones := map[string]bool{}
	for _, f := range c.Frontends {
		if cd := f.CustomDomain; cd != nil && !f.Variant.IsPrivate() && cd.HostedZoneId != "" {
			publicZones[cd.HostedZoneId] = true
		}
	}
	for i, f := range c.Frontends {
		if !slices.Contains(Variants, f.Variant) {
			continue // reported already
		}
		k := func(field string) string { return key("frontends[%d].%s", i, field) }
		if cd := f.CustomDomain; cd != nil {
			c.validateCustomDomain(ps, i, f, publicZones)
			if j, dup := paths[cd.Name+"/"+cd.BasePath]; dup {
				ps.add(k("customDomain.basePath"), "%q on %s is also the mapping of frontends[%d]; frontends sharing a domain need distinct base paths", cd.BasePath, cd.Name, j)
			} else {
				paths[cd.Name+"/"+cd.BasePath] = i
			}
			domains[cd.Name] = append(domains[cd.Name], mapping{i, f.Variant.IsPrivate(), cd.HostedZoneId, cd.CertificateArn})
		} else if f.DisableExecuteApiEndpoint != nil && *f.DisableExecuteApiEndpoint {
			ps.add(k("disableExecuteApiEndpoint"), "true without a customDomain would leave the API no URL at all; set a customDomain or leave it unset")
		}
		c.validateUsagePlans(ps, i, f)
		c.validateWaf(ps, i, f)
		validateCors(ps, i, f)
	}
	// One domain name per name: the frontends on it agree on its kind, zone and certificate.
	for name, ms := range domains {
		first := ms[0]
		for _, m := range ms[1:] {
			k := key("frontends[%d].customDomain", m.frontend)
			switch {
			case m.private != first.private:
				ps.add(k+".name", "%q is also the domain of frontends[%d], which is %s: a domain name is either regional or private, so private and regional frontends cannot share one", name, first.frontend, kindOf(first.private))
			case m.zone != "" && first.zone != "" && m.zone != first.zone:
				ps.add(k+".hostedZoneId", "%q differs from %q of frontends[%d] on the same domain %s; frontends sharing a domain share its zone", m.zone, first.zone, first.frontend, name)
			case m.cert != "" && first.cert != "" && m.cert != first.cert:
				ps.add(k+".certificateArn", "differs from the certificate of frontends[%d] on the same domain %s; a domain name has one certificate", first.frontend, name)
			}
		}
	}
}

func kindOf(private bool) string {
	if private {
		return "private"
	}
	return "regional"
}

func (c *Config) validateCustomDomain(ps *problems, i int, f FrontendConfig, publicZones map[string]bool) {
	cd := f.CustomDomain
	k := func(field string) string { return key("frontends[%d].customDomain.%s", i, field) }
	if len(cd.Name) > 253 || !dnsNamePattern.MatchString(cd.Name) {
		ps.add(k("name"), "%q is not a DNS name like api.example.com (labels of letters, digits and -, at most 63 each and 253 in all; no wildcard)", cd.Name)
	}
	if err := components.ValidateBasePath(cd.BasePath); err != nil {
		ps.add(k("basePath"), "%v", err)
	} else if strings.Contains(cd.BasePath, "/") && f.Variant.IsHttp() {
		ps.add(k("basePath"), "%q has several levels, which only REST APIs can be mapped at (API Gateway rest-api-mappings: multi-level mappings on regional TLS 1.2 domains); give %s a single-level base path", cd.BasePath, f.Variant)
	}
	if cd.HostedZoneId != "" && !hostedZonePattern.MatchString(cd.HostedZoneId) {
		ps.add(k("hostedZoneId"), "%q is not a Route 53 hosted zone id (Z followed by upper-case letters and digits)", cd.HostedZoneId)
	}
	if cd.CertificateArn != "" {
		switch {
		case !certArnPattern.MatchString(cd.CertificateArn):
			ps.add(k("certificateArn"), "%q is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)", cd.CertificateArn)
		case strings.Split(cd.CertificateArn, ":")[3] != c.Region:
			ps.add(k("certificateArn"), "is in %s, but a regional or private domain name takes a certificate in the stack's own Region %s (only edge-optimized domains use us-east-1 certificates); request or import it in %s", strings.Split(cd.CertificateArn, ":")[3], c.Region, c.Region)
		}
	}
	if f.Variant.IsPrivate() {
		if cd.CertificateArn == "" {
			ps.add(k("certificateArn"), "is required for the private domain of %s: ACM validates a certificate the stack would create by DNS in a public zone, and hostedZoneId of a private domain is a private zone; request one for %s and give its ARN", f.Variant, cd.Name)
		}
		if publicZones[cd.HostedZoneId] {
			ps.add(k("hostedZoneId"), "%q is the public zone of a regional custom domain in this stack; the alias of a private domain goes in a private hosted zone associated with the VPC", cd.HostedZoneId)
		}
	} else if cd.HostedZoneId == "" && cd.CertificateArn == "" {
		ps.add(key("frontends[%d].customDomain", i), "needs hostedZoneId (the stack then creates the certificate, validates it by DNS and adds the alias records) or certificateArn (a certificate you own for %s)", cd.Name)
	}
}

func (c *Config) validateUsagePlans(ps *problems, i int, f FrontendConfig) {
	if len(f.UsagePlans) == 0 {
		return
	}
	if f.Variant.IsHttp() {
		ps.add(key("frontends[%d].usagePlans", i), "HTTP APIs have no usage plans or API keys; use a REST variant (rest-nlb, rest-alb, private-rest, private-rest-alb)")
		return
	}
	plans := map[string]int{}
	keys := map[string]string{}
	for j, p := range f.UsagePlans {
		k := func(field string) string { return key("frontends[%d].usagePlans[%d].%s", i, j, field) }
		if !planNamePattern.MatchString(p.Name) {
			ps.add(k("name"), "%q must be 1 to 30 lower-case letters, digits or -, starting with a letter", p.Name)
		} else if other, dup := plans[p.Name]; dup {
			ps.add(k("name"), "%q is also the name of usagePlans[%d]", p.Name, other)
		}
		plans[p.Name] = j
		if t := p.Throttling; t != nil {
			if t.RateLimit < 0 || t.RateLimit > 10000 {
				ps.add(k("throttling.rateLimit"), "%v is out of range; allowed: 0 to the account limit of 10000", t.RateLimit)
			}
			if t.BurstLimit < 0 || t.BurstLimit > 5000 {
				ps.add(k("throttling.burstLimit"), "%d is out of range; allowed: 0 to the account limit of 5000", t.BurstLimit)
			}
		}
		if q := p.Quota; q != nil {
			if q.Limit < 1 {
				ps.add(k("quota.limit"), "%d is out of range; allowed: 1 or more requests per period", q.Limit)
			}
			if !slices.Contains(quotaPeriods, q.Period) {
				ps.add(k("quota.period"), "%q is not one of %s", q.Period, strings.Join(quotaPeriods, ", "))
			}
		}
		for n, name := range p.ApiKeys {
			kk := fmt.Sprintf("%s[%d]", k("apiKeys"), n)
			if !planNamePattern.MatchString(name) {
				ps.add(kk, "%q must be 1 to 30 lower-case letters, digits or -, starting with a letter", name)
			} else if other, dup := keys[name]; dup {
				ps.add(kk, "%q is also an API key of usage plan %s; an API key can be in only one usage plan per stage", name, other)
			}
			keys[name] = p.Name
		}
	}
}

func (c *Config) validateWaf(ps *problems, i int, f FrontendConfig) {
	k := func(field string) string { return key("frontends[%d].waf%s", i, field) }
	if f.Variant.IsHttp() || f.Variant.IsPrivate() {
		if f.Waf != nil && (f.Waf.Enabled == nil || *f.Waf.Enabled) {
			why := "HTTP APIs cannot be associated with a WAF web ACL (WAF protects REST API stages, not HTTP APIs); put CloudFront with a web ACL in front, or use rest-nlb or rest-alb"
			if f.Variant.IsPrivate() {
				why = "a private API is reached only through the VPC's execute-api endpoint; vpclink puts web ACLs on regional REST frontends only (the endpoint's security group and the resource policy guard this one)"
			}
			ps.add(k(""), "%s: %s", f.Variant, why)
		}
		return
	}
	w := f.Waf
	if w.RateLimit < 10 || w.RateLimit > 2000000000 {
		ps.add(k(".rateLimit"), "%d is out of range; WAF rate-based rules allow 10 to 2000000000 requests per 5 minutes", w.RateLimit)
	}
	for j, g := range w.ManagedRuleGroups {
		if !ruleGroupNames.MatchString(g) {
			ps.add(k(fmt.Sprintf(".managedRuleGroups[%d]", j)), "%q is not an AWS managed rule group name like AWSManagedRulesSQLiRuleSet", g)
		}
	}
}

func validateCors(ps *problems, i int, f FrontendConfig) {
	cors := f.Cors
	if cors == nil {
		return
	}
	k := func(field string) string { return key("frontends[%d].cors.%s", i, field) }
	if !f.Variant.IsHttp() {
		ps.add(key("frontends[%d].cors", i), "only applies to HTTP frontends (the API's corsConfiguration); REST APIs answer preflights from their own OPTIONS methods")
		return
	}
	if len(cors.AllowOrigins) == 0 {
		ps.add(k("allowOrigins"), "at least one origin is required")
	}
	for j, o := range cors.AllowOrigins {
		if o != "*" && !originPattern.MatchString(o) {
			ps.add(fmt.Sprintf("%s[%d]", k("allowOrigins"), j), "%q is not * or an origin like https://app.example.com (scheme, host and optional port; no path or trailing /)", o)
		}
		if o == "*" && cors.AllowCredentials {
			ps.add(k("allowCredentials"), "true with origin * is refused: browsers reject credentialed responses to any origin, and allowing it would let every site call the API with the user's cookies; list the origins")
		}
	}
	for j, m := range cors.AllowMethods {
		if m != "*" && !slices.Contains(corsMethods, m) {
			ps.add(fmt.Sprintf("%s[%d]", k("allowMethods"), j), "%q is not * or one of %s", m, strings.Join(corsMethods, ", "))
		}
	}
	for _, h := range []struct {
		name   string
		values []string
	}{{"allowHeaders", cors.AllowHeaders}, {"exposeHeaders", cors.ExposeHeaders}} {
		for j, v := range h.values {
			if !headerPattern.MatchString(v) {
				ps.add(fmt.Sprintf("%s[%d]", k(h.name), j), "%q is not an HTTP header name or *", v)
			}
		}
	}
	if cors.MaxAgeSeconds < 0 || cors.MaxAgeSeconds > 86400 {
		ps.add(k("maxAgeSeconds"), "%d is out of range; allowed: 0 to 86400", cors.MaxAgeSeconds)
	}
}
