package plan

import (
	"fmt"
	"strings"

	"github.com/vpclink/vpclink/stacks"
)

// withFrontDoor puts the front door in a frontend's diagram: the custom domain the client calls
// (with its base path) and the web ACL that inspects requests before the API sees them.
func withFrontDoor(f stacks.FrontendConfig, diagram string) string {
	var hops []string
	if cd := f.CustomDomain; cd != nil {
		kind := "regional"
		if f.Variant.IsPrivate() {
			kind = "private"
		}
		hops = append(hops, fmt.Sprintf(`domain["%s/%s<br/>%s custom domain, TLS 1.2"]`, cd.Name, cd.BasePath, kind))
	}
	if f.WafEnabled() {
		hops = append(hops, fmt.Sprintf(`waf{{"WAF web ACL<br/>%d managed rule groups, %d req/5 min per IP"}}`, len(f.ManagedRuleGroups()), f.Waf.RateLimit))
	}
	if len(hops) == 0 {
		return diagram
	}
	chain := strings.Join(hops, " --> ") + " --> api["
	if f.Variant.IsPrivate() {
		return strings.Replace(diagram, "  vpce --> api[", "  vpce --> "+chain, 1)
	}
	return strings.Replace(diagram, "-->|HTTPS| api[", "-->|HTTPS| "+chain, 1)
}
