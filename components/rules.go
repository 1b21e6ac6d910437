package components

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/vpclink/vpclink/awsspec"
)

// The rules several components share. stacks checks config with the same functions, so a stack
// and a program composing the components refuse the same values with the same words.

// MaxVpcLinkSubnets is how many subnets a V2 (HTTP API) VPC link takes (aws-facts A3; API
// Gateway's "VPC links" quota page: "Subnets per VPC link: 10").
const MaxVpcLinkSubnets = 10

var (
	serviceNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,19}$`)
	pathPrefixPattern  = regexp.MustCompile(`^(/[A-Za-z0-9._-]+)+$`)
	// A listener ARN: arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app|net/NAME/LBID/ID
	// (ELBv2 API reference, "Listener" ListenerArn; Elastic Load Balancing resource types in the
	// Service Authorization Reference).
	listenerArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener/(app|net)/[^/]+/[0-9a-f]+/[0-9a-f]+$`)
	// A load balancer ARN: ...:loadbalancer/app|net/NAME/ID.
	loadBalancerArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer/(app|net)/[^/]+/[0-9a-f]+$`)
	// A Cloud Map service ARN: arn:aws:servicediscovery:REGION:ACCOUNT:service/srv-ID
	// (servicediscovery types.Service Arn).
	cloudMapServiceArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:servicediscovery:[a-z0-9-]+:\d{12}:service/srv-[a-z0-9]+$`)
)

// ValidateServiceName accepts what vpclink names a backend service, route or listener: 1 to 20
// lower-case letters, digits or -, starting with a letter. The name goes into child names, from
// which the ECS service, the target group (32 characters with its autoname suffix, awsspec C8),
// the Cloud Map service (a DNS label, C28) and the container (C13) are named, and into API route
// and output keys; this one rule fits all of them.
func ValidateServiceName(name string) error {
	if serviceNamePattern.MatchString(name) {
		return nil
	}
	return fmt.Errorf("service names are 1 to 20 lower-case letters, digits or -, starting with a letter")
}

// ValidatePathPrefix accepts a path prefix like /api or /v1/orders: segments of letters, digits,
// ., _ or -, and no trailing /. API Gateway route keys (awsspec C20) and ALB path patterns (C27)
// both take it, with "/*" or "/{proxy+}" appended.
func ValidatePathPrefix(prefix string) error {
	if pathPrefixPattern.MatchString(prefix) {
		return nil
	}
	return fmt.Errorf("must look like /api or /v1/orders: segments of letters, digits, ., _ or -, no trailing /")
}

// PrefixConflict says why two path prefixes cannot both route: "" when they can, else the reason.
// Equal prefixes give the same route key twice (a duplicate URN, and API Gateway's ConflictException);
// nested ones make a request under the inner prefix match both, and which one wins then depends on
// rule priority on an ALB and on route specificity on API Gateway, so the backends disagree.
func PrefixConflict(a, b string) string {
	switch {
	case a == b:
		return "is also the prefix of another route; prefixes must be unique"
	case strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/"):
		return "nests with another route's prefix; a request under the inner one would match both"
	}
	return ""
}

// ValidatePort accepts a TCP port, 1 to 65535 (ELBv2 CreateTargetGroup and CreateListener Port:
// "Valid Range: Minimum value of 1. Maximum value of 65535").
func ValidatePort(p int) error {
	if p >= 1 && p <= 65535 {
		return nil
	}
	return fmt.Errorf("is out of range; allowed: 1 to 65535")
}

// ValidateIntegrationUri accepts what an HTTP API private integration points at: an ALB or NLB
// listener ARN, or a Cloud Map service ARN (aws-facts A11). A load balancer's own ARN is the most
// common mistake, and API Gateway accepts it at create time only to fail every request, so it gets
// its own message.
func ValidateIntegrationUri(uri string) error {
	switch {
	case listenerArnPattern.MatchString(uri), cloudMapServiceArnPattern.MatchString(uri):
		return nil
	case loadBalancerArnPattern.MatchString(uri):
		return fmt.Errorf("is a load balancer ARN; an HTTP API integration takes the listener ARN (…:listener/…), never the load balancer's (aws-facts A11)")
	}
	return fmt.Errorf("is not an ALB or NLB listener ARN or a Cloud Map service ARN (aws-facts A11)")
}

// Throttling limits: API Gateway's account-level defaults per Region are 10,000 requests per
// second with a burst of 5,000 ("Amazon API Gateway quotas"); a stage or method above them is
// capped, so vpclink refuses rather than promise what AWS will not give. Zero or negative rates
// and bursts are refused: API Gateway would then reject every request with 429.
const (
	MaxThrottleRate  = 10000
	MaxThrottleBurst = 5000
)

// check reports the problems of throttling (after defaults) under base, like "throttling".
func (t Throttling) check(c *argsCheck, base string) {
	if t.RateLimit <= 0 || t.RateLimit > MaxThrottleRate {
		c.add(field(base, "rateLimit"), t.RateLimit, "is out of range; allowed: more than 0 up to the account limit of %d", MaxThrottleRate)
	}
	if t.BurstLimit < 1 || t.BurstLimit > MaxThrottleBurst {
		c.add(field(base, "burstLimit"), t.BurstLimit, "is out of range; allowed: 1 to the account limit of %d", MaxThrottleBurst)
	}
}

// checkRoutes reports bad names and prefixes of a component's routes, and names or prefixes two
// routes share. names and prefixes are parallel; prefixes may be nil (NLB listeners have none).
// nestOK allows one prefix under another: API Gateway routes a request to the most specific
// route or resource, while an ALB's rules match in priority order, so there it is refused.
func checkRoutes(c *argsCheck, list string, names, prefixes []string, nestOK bool) {
	seenName := map[string]int{}
	for i, n := range names {
		if err := ValidateServiceName(n); err != nil {
			c.add(field(list, i, "name"), n, "%v", err)
		} else if j, dup := seenName[n]; dup {
			c.add(field(list, i, "name"), n, "is also the name of %s; child names and output keys need unique names", field(list, j))
		}
		seenName[n] = i
		if prefixes == nil {
			continue
		}
		p := prefixes[i]
		if err := ValidatePathPrefix(p); err != nil {
			c.add(field(list, i, "pathPrefix"), p, "%v", err)
			continue
		}
		for j := range i {
			if ValidatePathPrefix(prefixes[j]) != nil {
				continue
			}
			if p != prefixes[j] && nestOK {
				continue
			}
			if why := PrefixConflict(p, prefixes[j]); why != "" {
				c.add(field(list, i, "pathPrefix"), p, "%s (%s %q)", why, field(list, j), prefixes[j])
			}
		}
	}
}

// MaxTags is how many tags vpclink lets a caller set: AWS allows 50 per resource (awsspec C32),
// and vpclink adds Name to every resource.
const MaxTags = awsspec.MaxTags - 1

// ValidateTag accepts a tag a caller may set: a key AWS takes (awsspec C7, no aws: prefix) other
// than Name, which vpclink sets itself, and a value AWS takes (C31).
func ValidateTag(k, v string) error {
	switch {
	case strings.HasPrefix(strings.ToLower(k), "aws:"):
		return fmt.Errorf("tag keys starting with aws: are reserved by AWS (rule C7)")
	case awsspec.TagKey(k) != nil:
		return awsspec.TagKey(k)
	case k == "Name":
		return fmt.Errorf("the Name tag is set by vpclink on every resource")
	}
	if err := awsspec.TagValue(v); err != nil {
		return fmt.Errorf("value %w", err)
	}
	return nil
}

func checkTags(c *argsCheck, tags map[string]string) {
	if len(tags) > MaxTags {
		c.add("tags", summary(fmt.Sprintf("%d tags", len(tags))), "AWS takes at most %d on a resource (awsspec C32) and vpclink adds Name, so at most %d", awsspec.MaxTags, MaxTags)
	}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		if err := ValidateTag(k, tags[k]); err != nil {
			c.add(field("tags", k), tags[k], "%v", err)
		}
	}
}
