package stacks

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/vpclink/vpclink/awsspec"
	"github.com/vpclink/vpclink/components"
)

var (
	regionPattern   = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$`)
	frontendPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,29}$`)
	certArnPattern  = regexp.MustCompile(`^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[0-9a-f-]+$`)
	bucketPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	dnsNamePattern  = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	envNamePattern  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// maxHttpLinkSubnets is the most subnets a V2 VPC link takes (aws-facts A3).
const maxHttpLinkSubnets = components.MaxVpcLinkSubnets

func key(path string, args ...any) string { return Namespace + ":" + fmt.Sprintf(path, args...) }

// validate checks the defaulted config and returns every problem.
func (c *Config) validate() problems {
	var ps problems
	if c.Environment != Dev && c.Environment != Prod {
		ps.add(key("environment"), "%q is not one of dev, prod", c.Environment)
	}
	if err := components.ValidateLogRetention(c.LogRetentionDays); err != nil {
		ps.add(key("logRetentionDays"), "%v", err)
	}
	switch {
	case c.Region == "":
		ps.add("aws:region", "is not set; set it in the stack file (aws:region: us-east-1) or AWS_REGION")
	case !regionPattern.MatchString(c.Region):
		ps.add("aws:region", "%q is not an AWS Region name like us-east-1", c.Region)
	}
	c.validateNetwork(&ps)
	c.validateServices(&ps)
	c.validateFrontends(&ps)
	c.validateFrontDoor(&ps)
	c.validateLoadBalancers(&ps)
	for _, k := range slices.Sorted(maps.Keys(c.Tags)) {
		if err := components.ValidateTag(k, c.Tags[k]); err != nil {
			ps.add(childKey(key("tags"), k), "%v", err)
		}
	}
	c.validateAwsNames(&ps)
	return ps
}

func (c *Config) validateNetwork(ps *problems) {
	n := c.Network
	if e := n.Existing; e != nil {
		if err := components.ValidateVpcId(e.VpcId); err != nil {
			ps.add(key("network.existing.vpcId"), "%v", err)
		}
		if _, err := components.PlanSubnets(e.Cidr, 1); err != nil {
			ps.add(key("network.existing.cidr"), "%v", err)
		}
		if len(e.PrivateSubnetIds) < 2 {
			ps.add(key("network.existing.privateSubnetIds"), "has %d subnets; at least 2, in different availability zones, are required", len(e.PrivateSubnetIds))
		}
		for i, id := range e.PrivateSubnetIds {
			if err := components.ValidateSubnetId(id); err != nil {
				ps.add(key("network.existing.privateSubnetIds[%d]", i), "%v", err)
			}
		}
		if c.NeedsHttpLink() && len(e.PrivateSubnetIds) > maxHttpLinkSubnets {
			ps.add(key("network.existing.privateSubnetIds"), "has %d subnets; an HTTP API VPC link takes at most %d (aws-facts A3)", len(e.PrivateSubnetIds), maxHttpLinkSubnets)
		}
	} else {
		if n.AvailabilityZones < 2 || n.AvailabilityZones > 6 {
			ps.add(key("network.availabilityZones"), "%d is out of range; allowed: 2 to 6", n.AvailabilityZones)
		} else if _, err := components.PlanSubnets(n.Cidr, n.AvailabilityZones); err != nil {
			ps.add(key("network.cidr"), "%v", err)
		}
	}
	if !slices.Contains(components.NatStrategies, components.NatStrategy(n.NatGateways)) {
		ps.add(key("network.natGateways"), "%q is not one of %s", n.NatGateways, describeList(components.NatStrategies))
	}
	for i, e := range n.Endpoints {
		if err := components.ValidateEndpointService(e); err != nil {
			ps.add(key("network.endpoints[%d]", i), "%v", err)
		}
	}
}

func (c *Config) validateServices(ps *problems) {
	if len(c.Services) == 0 {
		ps.add(key("services"), "at least one service is required")
	}
	noNat := c.Network.Existing == nil && components.NatStrategy(c.Network.NatGateways) == components.NatNone
	prefixes := map[string]string{}
	listeners := map[int]string{}
	for _, s := range c.Services {
		k := func(field string) string { return childKey(childKey(key("services"), s.Name), field) }
		if err := components.ValidateServiceName(s.Name); err != nil {
			ps.add(childKey(key("services"), s.Name), "%v", err)
		}
		if s.Port < 1 || s.Port > 65535 {
			ps.add(k("port"), "%d is out of range; allowed: 1 to 65535", s.Port)
		}
		if s.ListenerPort < 1 || s.ListenerPort > 65535 {
			if s.ListenerPort != s.Port { // a listenerPort defaulted from a bad port is reported once
				ps.add(k("listenerPort"), "%d is out of range; allowed: 1 to 65535", s.ListenerPort)
			}
		} else if other, dup := listeners[s.ListenerPort]; dup && c.NeedsNlb() {
			ps.add(k("listenerPort"), "%d is also the NLB listener port of service %s; an NLB tells services apart by port, so give each service its own listenerPort", s.ListenerPort, other)
		}
		listeners[s.ListenerPort] = s.Name
		if err := components.ValidateFargateSize(s.Cpu, s.Memory); err != nil {
			ps.add(k("memory"), "%v (aws-facts E1)", err)
			if strings.HasPrefix(err.Error(), "cpu ") {
				(*ps)[len(*ps)-1].Key = k("cpu")
			}
		}
		if *s.DesiredCount < 0 || *s.DesiredCount > 1000 {
			ps.add(k("desiredCount"), "%d is out of range; allowed: 0 to 1000", *s.DesiredCount)
		}
		if awsspec.HealthCheckPath(s.HealthCheckPath) != nil {
			ps.add(k("healthCheckPath"), "%q must start with / and be at most 1024 characters (rule C25)", s.HealthCheckPath)
		}
		if len(s.HealthCheckCommand) > 0 && !slices.Contains([]string{"CMD", "CMD-SHELL", "NONE"}, s.HealthCheckCommand[0]) {
			ps.add(k("healthCheckCommand"), "must start with CMD, CMD-SHELL or NONE (ECS health check syntax), got %q", s.HealthCheckCommand[0])
		}
		if err := components.ValidatePathPrefix(s.PathPrefix); err != nil {
			ps.add(k("pathPrefix"), "%q %v", s.PathPrefix, err)
		} else {
			for _, other := range slices.Sorted(maps.Keys(prefixes)) {
				switch {
				case other == s.PathPrefix:
					ps.add(k("pathPrefix"), "%q is also the prefix of service %s; prefixes must be unique", s.PathPrefix, prefixes[other])
				case components.PrefixConflict(s.PathPrefix, other) != "":
					ps.add(k("pathPrefix"), "%q and %q (service %s) nest; a request under the inner one would match both", s.PathPrefix, other, prefixes[other])
				}
			}
			prefixes[s.PathPrefix] = s.Name
		}
		for _, name := range slices.Sorted(maps.Keys(s.Environment)) {
			if !envNamePattern.MatchString(name) {
				ps.add(childKey(k("environment"), name), "is not a valid environment variable name")
			}
		}
		for _, name := range slices.Sorted(maps.Keys(s.Secrets)) {
			if !envNamePattern.MatchString(name) {
				ps.add(childKey(k("secrets"), name), "is not a valid environment variable name")
			}
			if _, dup := s.Environment[name]; dup {
				ps.add(childKey(k("secrets"), name), "is also a plain environment variable; keep it in secrets only")
			}
			if err := components.ValidateSecretRef(s.Secrets[name]); err != nil {
				ps.add(childKey(k("secrets"), name), "%v", err)
			}
		}
		if a := s.Autoscaling; a != nil {
			if a.Min < 1 || a.Max < a.Min {
				ps.add(k("autoscaling"), "min %d and max %d must satisfy 1 <= min <= max", a.Min, a.Max)
			} else if *s.DesiredCount < a.Min || *s.DesiredCount > a.Max {
				ps.add(k("desiredCount"), "%d is outside autoscaling min %d to max %d", *s.DesiredCount, a.Min, a.Max)
			}
			if a.CpuTargetPercent < 10 || a.CpuTargetPercent > 90 {
				ps.add(k("autoscaling.cpuTargetPercent"), "%d is out of range; allowed: 10 to 90", a.CpuTargetPercent)
			}
		}
		if r := components.ECRImageRegion(s.Image); noNat {
			switch {
			case r == "":
				ps.add(k("image"), "%q cannot be pulled without NAT: with natGateways none only private ECR images in the stack's Region %s are reachable, through the VPC endpoints; Docker Hub, ECR Public (public.ecr.aws) and other registries are not (aws-facts E4); push it to ECR in %s or use natGateways single", s.Image, c.Region, c.Region)
			case r != c.Region:
				// The ecr.api, ecr.dkr and S3 endpoints serve their own Region only: a pull from
				// another Region's registry goes to its public endpoint, which needs NAT.
				ps.add(k("image"), "%q is in ECR in %s, which cannot be pulled without NAT: the stack's ECR and S3 endpoints serve %s only (aws-facts E4); replicate the repository to %s (ECR cross-Region replication) or use natGateways single", s.Image, r, c.Region, c.Region)
			}
		}
	}
}

func (c *Config) validateFrontends(ps *problems) {
	if len(c.Frontends) == 0 {
		ps.add(key("frontends"), "at least one frontend is required")
	}
	names := map[string]int{}
	var privateDns *bool
	for i, f := range c.Frontends {
		k := func(field string) string { return key("frontends[%d].%s", i, field) }
		if !slices.Contains(Variants, f.Variant) {
			ps.add(k("variant"), "%q is not one of %s", f.Variant, describeList(Variants))
			continue
		}
		if !frontendPattern.MatchString(f.Name) {
			ps.add(k("name"), "%q must be 1 to 30 lower-case letters, digits or -, starting with a letter", f.Name)
		} else if j, dup := names[f.Name]; dup {
			ps.add(k("name"), "%q is also the name of frontends[%d]; give frontends of the same variant distinct names", f.Name, j)
		}
		names[f.Name] = i

		if f.Variant.IsHttp() {
			if awsspec.HttpStageName(f.StageName) != nil {
				ps.add(k("stageName"), "%q must be $default or 1 to 128 letters, digits, - or _ (rule C19)", f.StageName)
			}
			if awsspec.HttpTimeout(f.TimeoutMs) != nil {
				ps.add(k("timeoutMs"), "%d is out of range; HTTP APIs allow 50 to %d ms and it cannot be raised (aws-facts A2)", f.TimeoutMs, components.MaxHttpTimeoutMs)
			}
		} else {
			if awsspec.RestStageName(f.StageName) != nil {
				ps.add(k("stageName"), "%q must be 1 to 128 letters, digits, - or _ (REST APIs have no $default stage; rule C18)", f.StageName)
			}
			switch {
			case f.Streaming && (f.TimeoutMs < 50 || f.TimeoutMs > components.MaxRestStreamTimeoutMs):
				ps.add(k("timeoutMs"), "%d is out of range; streaming REST integrations allow 50 to %d ms (aws-facts R13)", f.TimeoutMs, components.MaxRestStreamTimeoutMs)
			case !f.Streaming && (f.TimeoutMs < 50 || f.TimeoutMs > components.MaxRestTimeoutMs):
				ps.add(k("timeoutMs"), "%d is out of range; REST APIs allow 50 to %d ms without a quota increase (aws-facts A1), or up to %d with streaming: true (R13)", f.TimeoutMs, components.MaxRestTimeoutMs, components.MaxRestStreamTimeoutMs)
			}
			switch {
			case f.VpcLink != LinkV1 && f.VpcLink != LinkV2:
				ps.add(k("vpcLink"), "%q is not one of v2, v1 (v1 is legacy, aws-facts R12)", f.VpcLink)
			case f.VpcLink == LinkV1 && f.Variant.ToAlb():
				ps.add(k("vpcLink"), "v1 cannot reach the ALB of %s: a V1 link targets exactly one NLB (aws-facts A5); use v2, or rest-nlb/private-rest", f.Variant)
			}
		}
		if f.Variant.IsHttp() {
			if f.Streaming {
				ps.add(k("streaming"), "HTTP APIs cannot stream responses (aws-facts R13); only the REST variants (rest-nlb, private-rest, rest-alb, private-rest-alb) can")
			}
			if f.VpcLink != "" {
				ps.add(k("vpcLink"), "only applies to REST variants: HTTP APIs always use the V2 link")
			}
		}
		switch components.Authorization(f.Authorization) {
		case components.AuthNone, components.AuthIam:
			if f.Jwt != nil {
				ps.add(k("jwt"), "is only used with authorization jwt")
			}
		case components.AuthJwt:
			if f.Variant.IsRest() {
				ps.add(k("authorization"), "jwt is not available for %s: REST APIs validate JWTs only through a Lambda authorizer; use iam, or an http-* variant", f.Variant)
			} else if err := components.ValidateJwt(toJwt(f.Jwt)); err != nil {
				ps.add(k("jwt"), "%v", err)
			}
		default:
			ps.add(k("authorization"), "%q is not one of none, iam, jwt", f.Authorization)
		}
		if f.Throttling.RateLimit <= 0 || f.Throttling.RateLimit > components.MaxThrottleRate {
			ps.add(k("throttling.rateLimit"), "%v is out of range; allowed: more than 0 up to the account limit of %d", f.Throttling.RateLimit, components.MaxThrottleRate)
		}
		if f.Throttling.BurstLimit < 1 || f.Throttling.BurstLimit > components.MaxThrottleBurst {
			ps.add(k("throttling.burstLimit"), "%d is out of range; allowed: 1 to the account limit of %d", f.Throttling.BurstLimit, components.MaxThrottleBurst)
		}
		if err := components.ValidateLogRetention(f.AccessLogRetentionDays); err != nil {
			ps.add(k("accessLogRetentionDays"), "%v", err)
		}
		if f.Variant.IsPrivate() {
			for j, cidr := range f.ClientCidrs {
				pfx, err := netip.ParsePrefix(cidr)
				switch {
				case err != nil:
					ps.add(k(fmt.Sprintf("clientCidrs[%d]", j)), "%q is not a CIDR block like 10.0.0.0/16", cidr)
				case pfx.Bits() == 0:
					ps.add(k(fmt.Sprintf("clientCidrs[%d]", j)), "%q would let the whole internet reach the execute-api endpoint's security group (AwsSolutions-EC23, rule VPCL-SG-OPEN-INGRESS); name the client networks", cidr)
				}
			}
			for j, pr := range f.AllowedPrincipals {
				if err := components.ValidatePrincipal(pr); err != nil {
					ps.add(k(fmt.Sprintf("allowedPrincipals[%d]", j)), "%v", err)
				}
			}
			if len(f.AllowedPrincipals) > 0 && components.Authorization(f.Authorization) != components.AuthIam {
				ps.add(k("allowedPrincipals"), "needs authorization iam: with %q the resource policy already allows every caller through the endpoint (aws-facts R4, R11)", f.Authorization)
			}
			if f.PrivateDns != nil {
				if privateDns != nil && *privateDns != *f.PrivateDns {
					ps.add(k("privateDns"), "private-rest and private-rest-alb frontends share one execute-api endpoint, so they must agree on privateDns")
				}
				privateDns = f.PrivateDns
			}
		} else {
			if f.PrivateDns != nil {
				ps.add(k("privateDns"), "only applies to private-rest and private-rest-alb frontends")
			}
			if len(f.ClientCidrs) > 0 {
				ps.add(k("clientCidrs"), "only applies to private-rest and private-rest-alb frontends")
			}
			if len(f.AllowedPrincipals) > 0 {
				ps.add(k("allowedPrincipals"), "only applies to private-rest and private-rest-alb frontends (the resource policy of a private REST API)")
			}
		}
		if f.XrayTracing && f.Variant.IsHttp() {
			ps.add(k("xrayTracing"), "HTTP APIs do not support X-Ray tracing; only the REST variants do")
		}
		switch {
		case f.TlsServerName != "" && f.Variant == HttpCloudMap:
			ps.add(k("tlsServerName"), "does not apply to http-cloudmap: API Gateway connects to the tasks directly")
		case f.TlsServerName != "" && c.LoadBalancers.CertificateArn == "":
			ps.add(k("tlsServerName"), "needs vpclink:loadBalancers.certificateArn: without a certificate the listeners are plain HTTP/TCP (aws-facts A13)")
		case f.TlsServerName != "" && !dnsNamePattern.MatchString(f.TlsServerName):
			ps.add(k("tlsServerName"), "%q is not a DNS name", f.TlsServerName)
		case f.TlsServerName == "" && c.LoadBalancers.CertificateArn != "" && f.Variant != HttpCloudMap:
			ps.add(k("tlsServerName"), "is required with vpclink:loadBalancers.certificateArn: API Gateway must know the name on the listener certificate to speak TLS to it (aws-facts A13, A14)")
		}
	}
}

func (c *Config) validateLoadBalancers(ps *problems) {
	lb := c.LoadBalancers
	if lb.CertificateArn != "" && !certArnPattern.MatchString(lb.CertificateArn) {
		ps.add(key("loadBalancers.certificateArn"), "%q is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)", lb.CertificateArn)
	}
	if !strings.HasPrefix(lb.SslPolicy, "ELBSecurityPolicy-") {
		ps.add(key("loadBalancers.sslPolicy"), "%q is not an ELB security policy name (ELBSecurityPolicy-...)", lb.SslPolicy)
	}
	if in := lb.Ingress; in != nil {
		for i, cidr := range in.Cidrs {
			if err := components.ValidateClientCidr(cidr); err != nil {
				ps.add(key("loadBalancers.ingress.cidrs[%d]", i), "%v (AwsSolutions-EC23)", err)
			}
		}
		for i, id := range in.SecurityGroupIds {
			if err := components.ValidateSecurityGroupId(id); err != nil {
				ps.add(key("loadBalancers.ingress.securityGroupIds[%d]", i), "%v", err)
			}
		}
		if len(in.Cidrs)+len(in.SecurityGroupIds) > 0 && !c.NeedsNlb() && !c.NeedsAlb() {
			ps.add(key("loadBalancers.ingress"), "admits clients to the internal load balancers, but no frontend of this stack has one (http-cloudmap reaches the tasks directly)")
		}
	}
	if lb.AccessLogsBucket != "" && lb.AccessLogs != lb.AccessLogsBucket {
		ps.add(key("loadBalancers.accessLogsBucket"), "%q disagrees with loadBalancers.accessLogs %q; accessLogsBucket is the older spelling of accessLogs: <bucket>, set only accessLogs", lb.AccessLogsBucket, lb.AccessLogs)
	}
	if name := c.ExistingAccessLogsBucket(); name != "" {
		k := key("loadBalancers.accessLogs")
		if lb.AccessLogsBucket != "" {
			k = key("loadBalancers.accessLogsBucket")
		}
		switch {
		case !bucketPattern.MatchString(name) || strings.Contains(name, ".."):
			ps.add(k, "%q is not create, off or an S3 bucket name (3 to 63 lower-case letters, digits, . or -)", name)
		case !c.NeedsAlb() && c.NeedsNlb() && lb.CertificateArn == "":
			ps.add(k, "an NLB writes access logs only for TLS listeners (aws-facts E6); set certificateArn too")
		}
	}
}

func toJwt(j *JwtConfig) *components.Jwt {
	if j == nil {
		return nil
	}
	return &components.Jwt{Issuer: j.Issuer, Audiences: j.Audiences}
}
