package plan

import (
	"fmt"

	"github.com/vpclink/vpclink/stacks"
)

// Custom domain names, public ACM certificates, alias records to API Gateway, usage plans and API
// keys cost nothing of their own (the hosted zone is the user's); AWS WAF's prices are in Prices.

// frontDoorCost adds the web ACLs and their rules to the fixed cost and WAF's per-request price
// to the usage.
func frontDoorCost(cfg *stacks.Config, c *Cost, add func(item string, qty float64, unit string, monthly float64, note string)) {
	acls, rules := 0, 0
	for _, f := range cfg.Frontends {
		if f.WafEnabled() {
			acls++
			rules += len(f.ManagedRuleGroups()) + 1 // the groups and the rate-based rule
		}
	}
	if acls == 0 {
		return
	}
	p := Prices
	add("WAF web ACL", float64(acls), "web ACL", float64(acls)*p.WafWebAclMonth, fmt.Sprintf("%.2f USD/month each (https://aws.amazon.com/waf/pricing/)", p.WafWebAclMonth))
	add("WAF rules", float64(rules), "rule", float64(rules)*p.WafRuleMonth, fmt.Sprintf("%.2f USD/month each: per ACL its managed rule groups and the rate-based rule", p.WafRuleMonth))
	c.Usage = append(c.Usage,
		CostLine{Item: "WAF requests", Quantity: 1, Unit: "million requests", Monthly: p.WafPerMillion, Note: "every request the web ACL inspects, on top of the REST API's"},
		CostLine{Item: "WAF logs (CloudWatch vended logs)", Quantity: 1, Unit: "GB", Monthly: p.VendedLogsGB})
}
